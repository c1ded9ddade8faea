import ArgumentParser
import MinimaxRunner

/// `minimax kinds`: the experiment kinds a lesson can use, with their parameters and results.
struct KindsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kinds",
        abstract: "Describe the experiment kinds lessons can use: parameters, defaults, results.",
        discussion: """
            Each parameter is listed with its default, what it accepts and what it means; nested \
            ones as grid.points (a lesson sets them under their parent). Results are numbers a \
            lesson quotes ({{ cell.name }}) and claims (expect:), tables its charts draw, and image \
            grids.
            """)

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
        print(names.map { describe(registry[$0]!) }.joined(separator: "\n"))
    }

    func describe(_ entry: ExperimentRegistry.Entry) -> String {
        var text = "\(entry.name) (version \(entry.version)): \(entry.summary)\n\n  parameters:\n"
        func add(_ fields: [FieldDescription], under parent: String, defaults: ParameterValue?) {
            for field in fields {
                let path = parent.isEmpty ? field.name : "\(parent).\(field.name)"
                let value = defaults?.value(at: field.name)
                let shown = field.nested.isEmpty || value.map { if case .object = $0 { false } else { true } } ?? false
                text += "    \(path)" + (shown && value != nil ? " = \(value!.displayText)" : "") + "\n"
                text += "        \(field.help)\n        (\(field.expected))\n"
                if case .object = value {
                    add(field.nested, under: path, defaults: value)
                } else if !field.nested.isEmpty {
                    add(field.nested, under: "\(path)[]", defaults: nil)  // the keys of each list item
                }
            }
        }
        add(entry.parameters, under: "", defaults: entry.defaults)
        let shapes: [(String, (ResultDeclaration.Shape) -> Bool)] = [
            ("numbers", { $0 == .scalar }), ("tables", { $0.columns != nil }), ("image grids", { $0 == .imageGrid }),
        ]
        for (title, matches) in shapes {
            let results = entry.results.filter { matches($0.shape) }
            guard !results.isEmpty else { continue }
            text += "\n  results, \(title):\n"
            for result in results {
                text += "    \(result.name): \(result.meaning) (\(result.reproduction.description))\n"
                for column in result.columns ?? [] { text += "        \(column.name): \(column.meaning)\n" }
            }
        }
        return text
    }
}
