import ArgumentParser
import MinimaxRunner

/// `minimax kinds`: the experiment kinds a lesson can use, with their parameters and results.
struct KindsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinds",
        abstract: "Describe the experiment kinds lessons can use: parameters, defaults, results.")

    @Argument(help: ArgumentHelp("Describe only this kind.", valueName: "kind"))
    var kind: String?

    func run() throws {
        let registry = Course.registry
        var names = registry.names
        if let kind {
            guard registry[kind] != nil else {
                let close = closeMatches(kind, among: names)
                throw RunnerError(
                    "no experiment kind '\(kind)'" + (close.isEmpty ? "." : "; did you mean \(close.joined(separator: " or "))?")
                        + " The kinds are: \(names.joined(separator: ", ")).")
            }
            names = [kind]
        }
        for name in names {
            let entry = registry[name]!
            print("\(name): \(entry.summary)\n\n  parameters (default):")
            if case .object(let defaults) = entry.defaults {
                for key in defaults.keys.sorted() {
                    print("    \(key) (\(defaults[key]!.displayText)): \(entry.parameterHelp[key] ?? "")")
                }
            }
            print("\n  results:")
            for key in entry.resultHelp.keys.sorted() {
                print("    \(key): \(entry.resultHelp[key]!)")
            }
            print("")
        }
    }
}
