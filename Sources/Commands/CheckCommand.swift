import ArgumentParser
import Foundation
import MinimaxRunner

/// `minimax check`: whether the committed reports are what the code produces today.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Tell whether each lesson's report in Output/ is current, without writing Output/.",
        discussion: """
            Without --rerun, nothing trains: each report's results.json records what determined \
            it (every cell's kind and version, parameters, seed, input files and engine) and a \
            fingerprint of every file the run wrote; check compares them with what a run would \
            use now and with the files as they are, and names what differs.

            With --rerun, the lessons also run again into a temporary folder (never Output/), and \
            every number is compared with the committed one: results computed in closed form or \
            by quadrature must agree to rounding; trained ones, which another CPU rounds \
            differently, within the tolerance their kind declares (`minimax kinds`), and the \
            lessons' claims must hold. Each drift is named: file, column, worst row, obtained, \
            expected and the rule.

            The status is 0 only when every lesson checked is current.

            Examples:
              minimax check
              minimax check --rerun optimal-discriminator saturation
            """)

    @OptionGroup var course: CourseOptions
    @OptionGroup var compute: ThreadOptions

    @Argument(help: ArgumentHelp("Lessons to check (default: all).", valueName: "lesson"))
    var lessons: [String] = []

    @Flag(help: "Also run the lessons again in a temporary folder and compare every number.")
    var rerun = false

    @Option(help: ArgumentHelp("The output folder to check instead of Output/.", valueName: "folder"))
    var output: String?

    func run() throws {
        compute.apply()
        let workspace = try course.workspace()
        let outputFolder = try outputFolder(output, workspace: workspace)
        let plans: [LessonPlan] =
            lessons.isEmpty
            ? try workspace.plans(registry: Course.registry).map { try $0.plan.get() }
            : try lessons.map { try LessonPlan(try workspace.lesson($0), registry: Course.registry) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-check-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        // A cache of its own, so that the rerun computes every number again.
        let runner = LessonRunner(
            registry: Course.registry, environment: Course.environment, cacheDirectory: scratch.appendingPathComponent("cache"),
            progress: ConsoleProgress())
        var stale: [String] = []
        for plan in plans {
            let name = plan.lesson.name
            let folder = outputFolder.appendingPathComponent(name)
            var problems = OutputCheck.staleness(of: plan, in: folder, environment: Course.environment)
            if rerun {
                let summary = try runner.run(plan, into: scratch.appendingPathComponent("Output"), force: true)
                problems += summary.failures.map { "cell '\($0.cell)' did not finish in the new run: \($0.reason)" }
                problems += summary.failedClaims.map { "in the new run, \($0)" }
                problems += OutputCheck.drift(of: plan, committed: folder, fresh: summary.folder)
            }
            if problems.isEmpty {
                print("\(name): current" + (rerun ? " (a new run reproduces it)" : ""))
            } else {
                print("\(name): not current")
                for problem in problems { print("  \(problem)") }
                print("  (`minimax run \(name)` writes it again)")
                stale.append(name)
            }
        }
        if !stale.isEmpty {
            throw RunnerError("\(stale.count) of \(plans.count) lessons not current: \(stale.joined(separator: ", "))")
        }
    }
}
