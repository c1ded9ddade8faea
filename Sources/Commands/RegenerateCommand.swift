import ArgumentParser
import Foundation
import MinimaxEngine
import MinimaxRunner

/// `minimax regenerate`: every lesson's report, and the course's index, written again.
struct RegenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regenerate",
        abstract: "Run every lesson into Output/ and rewrite the course's index, Output/README.md.",
        discussion: """
            Every lesson is read and checked first; then the lessons run (cached cells are reused \
            unless --force), several at a time with --jobs, and Output/README.md links every \
            chapter with its first figure and how many of its claims hold.

            Examples:
              minimax regenerate
              minimax regenerate --jobs 2 --force
            """)

    @OptionGroup var course: CourseOptions
    @OptionGroup var compute: ThreadOptions

    @Option(help: ArgumentHelp("Lessons to run at the same time, each in its own process.", valueName: "n"))
    var jobs = 1

    @Flag(help: "Run every cell again, ignoring cached results.")
    var force = false

    func validate() throws {
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs takes a number from 1 to 64") }
    }

    func run() throws {
        // Several lessons at once share the cores: one thread each unless --threads says more.
        compute.apply(default: jobs == 1 ? ProcessInfo.processInfo.activeProcessorCount : max(1, ProcessInfo.processInfo.activeProcessorCount / jobs))
        let workspace = try course.workspace()
        let plans = try workspace.plans(registry: Course.registry).map { try $0.plan.get() }
        var failed: [String] = []
        if jobs == 1 {
            let runner = LessonRunner(
                registry: Course.registry, environment: Course.environment, cacheDirectory: workspace.cacheDirectory,
                progress: ConsoleProgress())
            try runner.checkFolders(output: workspace.defaultOutput)
            for plan in plans {
                let summary = try runner.run(plan, into: workspace.defaultOutput, force: force)
                summary.failures.forEach { print("\(plan.lesson.name): cell '\($0.cell)' stopped: \($0.reason)") }
                summary.failedClaims.forEach { print($0) }
                if !summary.failures.isEmpty || !summary.failedClaims.isEmpty { failed.append(plan.lesson.name) }
                print("\(plan.lesson.name): written")
            }
        } else {
            failed = try runInProcesses(plans.map(\.lesson.name), workspace: workspace)
        }
        let index = CourseIndex.markdown(plans: plans, output: workspace.defaultOutput)
        try Data(index.utf8).write(to: workspace.defaultOutput.appendingPathComponent("README.md"), options: .atomic)
        print("wrote Output/README.md")
        if !failed.isEmpty { throw RunnerError("not everything held in: \(failed.joined(separator: ", ")) (see above)") }
    }

    /// Runs `minimax run <lesson>` for each lesson, `jobs` at a time; returns those that failed.
    func runInProcesses(_ names: [String], workspace: Workspace) throws -> [String] {
        // This very program, wherever it was found: `CommandLine.arguments[0]` is only a name
        // when minimax was found on PATH.
        let executable = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        let queue = DispatchQueue(label: "regenerate", attributes: .concurrent)
        let slots = DispatchSemaphore(value: jobs)
        let group = DispatchGroup()
        let failed = LockedNames()
        for name in names {
            slots.wait()
            group.enter()
            queue.async {
                defer { slots.signal(); group.leave() }
                let process = Process()
                process.executableURL = executable
                process.arguments = ["run", name, "--lessons", workspace.lessonsDirectory.path, "--threads", "\(BLAS.threadCount)"] + (force ? ["--force"] : [])
                process.currentDirectoryURL = workspace.root
                let output = Pipe()
                process.standardOutput = output
                process.standardError = output
                do {
                    try process.run()
                    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    process.waitUntilExit()
                    print(text, terminator: "")
                    if process.terminationStatus != 0 { failed.append(name) }
                } catch {
                    print("\(name): could not start \(executable.path): \(fileErrorReason(error))")
                    failed.append(name)
                }
            }
        }
        group.wait()
        return failed.values.sorted()
    }
}

/// Names collected from several threads.
final class LockedNames: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func append(_ item: String) { lock.withLock { items.append(item) } }
    var values: [String] { lock.withLock { items } }
}
