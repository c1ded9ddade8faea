import ArgumentParser
import Foundation
import MinimaxRunner

/// `minimax run`: runs lessons and writes their reports.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run lessons and write their reports to Output/<lesson>/.",
        discussion: """
            Every lesson named is read and checked first (parameters, names, claims), so a mistake \
            in the last one is reported before the first one trains. Each experiment cell then runs \
            on Minimax's engine, unless the same kind ran with the same parameters, seed, inputs \
            and code before: its cached result is reused, so editing a lesson's prose re-renders in \
            a moment. The claims of each cell (`expect:`) are checked; a claim that does not hold \
            is marked in the report and makes the command exit with status 1.

            The report is README.md (open it on the code host), with figures/ (PNG), data/ (the \
            series behind each figure, TSV), plots/ (the gnuplot scripts), results.json (every \
            number, with what determines it) and run.json (timings and machine).

            Examples:
              minimax run optimal-discriminator
              minimax run --all --force        regenerate every figure of the course
              minimax run optimal-discriminator --seed 7 --output /tmp/mine
            """)

    @OptionGroup var course: CourseOptions
    @OptionGroup var compute: ThreadOptions

    @Argument(help: ArgumentHelp("Lessons to run, by name (see `minimax list`).", valueName: "lesson"))
    var lessons: [String] = []

    @Flag(help: "Run every lesson, in chapter order.")
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
        compute.apply()
        let workspace = try course.workspace()
        let outputFolder = try outputFolder(output, workspace: workspace)
        // Plan every lesson before any trains: a mistake anywhere is found in a moment.
        let plans: [LessonPlan]
        if all {
            plans = try workspace.plans(registry: Course.registry).map { try $0.plan.get() }
        } else {
            plans = try lessons.map { try LessonPlan(try workspace.lesson($0), registry: Course.registry) }
        }
        let runner = LessonRunner(
            registry: Course.registry, environment: Course.environment, cacheDirectory: workspace.cacheDirectory,
            progress: ConsoleProgress())
        try runner.checkFolders(output: outputFolder)
        var failed: [String] = []
        var failedClaims: [String] = []
        for plan in plans {
            let summary = try runner.run(plan, into: outputFolder, seed: seed, force: force)
            let folder = summary.folder.path.replacingOccurrences(of: FileManager.default.currentDirectoryPath + "/", with: "")
            var line = "\(plan.lesson.name): wrote \(folder)/ (\(summary.files.count) files) in \(String(format: "%.1f", summary.seconds)) s"
            line += "; cells run: \(summary.cellsRun.count), from cache: \(summary.cellsFromCache.count)"
            if summary.claimsChecked > 0 {
                line += "; claims: \(summary.claimsChecked - summary.failedClaims.count) of \(summary.claimsChecked) hold"
            }
            print(line)
            for failure in summary.failures {
                print("\(plan.lesson.name): cell '\(failure.cell)' stopped: \(failure.reason); the rest of the report was written")
                failed.append("\(plan.lesson.name)/\(failure.cell)")
            }
            for claim in summary.failedClaims { print(claim) }
            failedClaims += summary.failedClaims
        }
        var problems: [String] = []
        if !failed.isEmpty {
            problems.append("\(failed.count) cell\(failed.count == 1 ? "" : "s") did not finish: \(failed.joined(separator: ", "))")
        }
        if !failedClaims.isEmpty {
            problems.append("\(failedClaims.count) claim\(failedClaims.count == 1 ? "" : "s") did not hold (listed above; marked in the report)")
        }
        if !problems.isEmpty { throw RunnerError(problems.joined(separator: "; ")) }
    }
}
