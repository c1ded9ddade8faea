import ArgumentParser
import Foundation
import MinimaxRunner

/// `minimax run`: runs lessons and writes their reports.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run lessons and write their reports to Output/<lesson>/.",
        discussion: """
            Each experiment cell runs on Minimax's engine, unless the same kind ran with the same \
            parameters, seed and engine before: then its cached result is reused, so editing a \
            lesson's prose re-renders in a moment. The report is README.md (open it on the code \
            host), with figures/ (PNG), data/ (the series behind each figure, TSV), plots/ (the \
            gnuplot scripts) and results.json (every number, with the parameters and timings).

            Examples:
              minimax run optimal-discriminator
              minimax run --all --force        regenerate every figure of the course
              minimax run optimal-discriminator --seed 7 --output /tmp/mine
            """)

    @Argument(help: ArgumentHelp("Lessons to run, by name (see `minimax list`).", valueName: "lesson"))
    var lessons: [String] = []

    @Flag(help: "Run every lesson.")
    var all = false

    @Option(help: ArgumentHelp("Use this seed instead of each lesson's own.", valueName: "n"))
    var seed: UInt64?

    @Flag(help: "Run every cell again, ignoring cached results.")
    var force = false

    @Option(help: ArgumentHelp("Write reports under this folder instead of Output/.", valueName: "folder"))
    var output: String?

    func validate() throws {
        if all && !lessons.isEmpty { throw ValidationError("give lesson names or --all, not both") }
        if !all && lessons.isEmpty { throw ValidationError("name a lesson to run (see `minimax list`), or use --all") }
    }

    func run() throws {
        let workspace = try Workspace.find()
        let outputFolder = output.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? workspace.defaultOutput
        let names = all ? workspace.lessonNames() : lessons
        // Read every lesson first: a typo in the second name should not wait for the first to train.
        let parsed = try names.map { try workspace.lesson($0) }
        let runner = LessonRunner(
            registry: Course.registry, environment: Course.environment, cacheDirectory: workspace.cacheDirectory,
            progress: ConsoleProgress())
        var failed: [String] = []
        for lesson in parsed {
            let summary = try runner.run(lesson, into: outputFolder, seed: seed, force: force)
            let folder = summary.folder.path.replacingOccurrences(of: FileManager.default.currentDirectoryPath + "/", with: "")
            var line = "\(lesson.name): wrote \(folder)/ (\(summary.files.count) files) in \(String(format: "%.1f", summary.seconds)) s"
            line += "; cells run: \(summary.cellsRun.count), from cache: \(summary.cellsFromCache.count)"
            print(line)
            for failure in summary.failures {
                print("\(lesson.name): cell '\(failure.cell)' stopped: \(failure.reason); the rest of the report was written")
                failed.append("\(lesson.name)/\(failure.cell)")
            }
        }
        if !failed.isEmpty {
            throw RunnerError("\(failed.count) cell\(failed.count == 1 ? "" : "s") did not finish: \(failed.joined(separator: ", "))")
        }
    }
}
