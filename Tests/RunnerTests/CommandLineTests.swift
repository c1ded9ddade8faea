import Foundation
import MinimaxExperiments
import Testing

@testable import MinimaxRunner

/// `minimax` as a user runs it: the binary built beside the tests, in a throwaway workspace.
struct CLI {
    /// The `minimax` built with the tests (the same folder as the test binary).
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("minimax")
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    let space: TemporaryWorkspace

    init() throws {
        space = try TemporaryWorkspace()
    }

    /// The shipped lesson, with `edit` applied, written as `Lessons/<name>.md`; returns the text.
    @discardableResult
    func writeCourseLesson(_ name: String, _ edit: (String) -> String = { $0 }) throws -> String {
        let text = edit(try String(contentsOf: Self.repository.appendingPathComponent("Lessons/optimal-discriminator.md"), encoding: .utf8))
        try space.write(name, text)
        return text
    }

    func run(_ arguments: String...) throws -> Outcome {
        try run(arguments)
    }

    func run(_ arguments: [String]) throws -> Outcome {
        try Self.launch(Self.binary, arguments, in: space.root)
    }

    /// Runs `executable` in `folder` (with `environment`, or ours) and collects what it printed.
    static func launch(_ executable: URL, _ arguments: [String], in folder: URL, environment: [String: String]? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        if let environment { process.environment = environment }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both before waiting: a full pipe would block the child.
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
    }
}

@Suite("The command line", .serialized)
struct CommandLineTests {
    @Test("The binary is built beside the tests")
    func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: CLI.binary.path), "\(CLI.binary.path)")
    }

    @Test("run --all plans every lesson first: a bad value in the last cell of the last chapter stops it before anything trains")
    func plansEverythingFirst() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.writeCourseLesson("first")
        let second = try cli.writeCourseLesson("second") {
            $0.replacingOccurrences(of: "chapter: 1", with: "chapter: 2")
                .replacingOccurrences(of: "kind: generator-value\n", with: "kind: generator-value\nparameters:\n  generator_sd: -1\n")
        }
        let outcome = try cli.run("run", "--all")
        #expect(outcome.status == 1)
        let line = lineNumber(of: "  generator_sd: -1", in: second)
        #expect(outcome.errors == "Error: Lessons/second.md:\(line): parameter 'generator_sd' of cell 'value' must be a number from 0.001 to 10000, got -1\n")
        #expect(!cli.space.exists("first"), "the first lesson must not have run")
        #expect(!FileManager.default.fileExists(atPath: cli.space.root.appendingPathComponent(".minimax-cache").path))
    }

    @Test("Bad folders and names end with one line naming the fix, and a non-zero status", arguments: [
        (["run", "first", "--output", ""], "Error: --output needs a folder name, such as --output /tmp/minimax\n"),
        (["run", "first", "--output", "file.txt"], "Error: the output folder {root}/file.txt is a file; give --output a folder (it is created if missing)\n"),
        (["run", "../Lessons/first"], "Error: '../Lessons/first' is not a lesson name: lessons are named by their file in Lessons/ without .md (letters, digits, - and _), such as optimal-discriminator; `minimax list` shows them\n"),
        (["run", "firts"], "Error: no lesson named 'firts'; did you mean first? The lessons are: first (`minimax list`).\n"),
        (["kinds", "optimal-discriminatr"], "Error: no experiment kind 'optimal-discriminatr'; did you mean optimal-discriminator? The kinds are: \(CourseExperiments.kinds.map { $0.name }.joined(separator: ", ")).\n"),
    ])
    func badArguments(arguments: [String], expected: String) throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.writeCourseLesson("first")
        try Data("x".utf8).write(to: cli.space.root.appendingPathComponent("file.txt"))
        let outcome = try cli.run(arguments)
        #expect(outcome.status != 0)
        // The workspace path as the binary sees it (resolved, without /private or symlinks).
        let root = cli.space.root.resolvingSymlinksInPath().path
        #expect(outcome.errors == expected.replacingOccurrences(of: "{root}", with: root))
        #expect(!cli.space.exists("first"))
    }

    @Test("--threads sets the threads a run trains with, as run.json records; 0 is refused with what is accepted")
    func threads() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.writeCourseLesson("first")
        for count in [1, 2] {
            let outcome = try cli.run("run", "first", "--force", "--threads", "\(count)")
            #expect(outcome.status == 0, "\(outcome.errors)")
            let record = try cli.space.read("first/run.json")
            #expect(record.contains("\(count) thread\(count == 1 ? "\"" : "s\"")"), "\(record)")
        }
        let refused = try cli.run("run", "first", "--threads", "0")
        #expect(refused.status != 0)
        #expect(refused.errors.hasPrefix("Error: --threads takes a number from 1 to 256\n"))
    }

    @Test("A claim that does not hold is named on the terminal, marked in the report, and the status is 1")
    func failingClaim() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.writeCourseLesson("first") { $0.replacingOccurrences(of: "  - max_error < 0.07\n", with: "  - max_error < 0.001\n") }
        let outcome = try cli.run("run", "first")
        #expect(outcome.status == 1)
        let claimLine = outcome.output.split(separator: "\n").first { $0.contains("does not hold") }
        #expect(claimLine?.hasPrefix("Lessons/first.md:") == true)
        #expect(claimLine?.contains("a claim of cell 'dstar' does not hold: max_error < 0.001 (0.05") == true, "\(outcome.output)")
        #expect(outcome.output.contains("claims: 15 of 16 hold"))
        #expect(outcome.errors.hasSuffix("Error: 1 claim did not hold (listed above; marked in the report)\n"))
        #expect(try cli.space.read("first/README.md").contains("- [ ] **does not hold:** `max_error < 0.001`"))
    }

    @Test("list shows lessons in chapter order and why one has errors; kinds describes nested parameters")
    func listAndKinds() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.writeCourseLesson("b-later") { $0.replacingOccurrences(of: "chapter: 1", with: "chapter: 2") }
        try cli.writeCourseLesson("c-earlier")
        try cli.writeCourseLesson("a-broken") { $0.replacingOccurrences(of: "kind: generator-value", with: "kind: generator-valu") }
        let list = try cli.run("list")
        #expect(list.status == 0)
        let rows = list.output.split(separator: "\n").map { $0.split(separator: " ").first.map(String.init) ?? "" }
        #expect(Array(rows.prefix(4)) == ["chapter", "1", "2", "?"])
        #expect(list.output.contains("c-earlier"))
        #expect(list.output.split(separator: "\n")[1].contains("c-earlier") && list.output.split(separator: "\n")[2].contains("b-later"))
        #expect(list.output.contains("has errors: Lessons/a-broken.md:"), "\(list.output)")
        #expect(list.output.contains("unknown experiment kind 'generator-valu'; did you mean generator-value?"))

        let kinds = try cli.run("kinds", "optimal-discriminator")
        #expect(kinds.status == 0)
        #expect(kinds.output.contains("    grid.points = 201\n        How many evenly spaced points, both ends included.\n        (a whole number from 2 to 100001)\n"))
        #expect(kinds.output.contains("    p_g[].sd\n        The component's standard deviation σ.\n"))
        #expect(kinds.output.contains("  results, tables:\n    discriminator: "))
    }
}

@Suite("Regenerate and check", .serialized)
struct CheckCommandTests {
    /// The repository's lesson 1 and its committed report, copied into a fresh workspace.
    func workspaceWithCommittedOutput() throws -> CLI {
        let cli = try CLI()
        try cli.writeCourseLesson("optimal-discriminator")
        try FileManager.default.createDirectory(at: cli.space.output, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: CLI.repository.appendingPathComponent("Output/optimal-discriminator"),
            to: cli.space.output.appendingPathComponent("optimal-discriminator"))
        return cli
    }

    @Test("The committed report of lesson 1 is current, and a new run reproduces it")
    func committedIsCurrent() throws {
        let cli = try workspaceWithCommittedOutput()
        defer { cli.space.remove() }
        let quick = try cli.run("check")
        #expect(quick.status == 0, "\(quick.output)")
        #expect(quick.output == "optimal-discriminator: current\n")
        let rerun = try cli.run("check", "--rerun")
        #expect(rerun.status == 0, "\(rerun.output)")
        #expect(rerun.output == "optimal-discriminator: current (a new run reproduces it)\n")
        #expect(!FileManager.default.fileExists(atPath: cli.space.root.appendingPathComponent(".minimax-cache").path), "check keeps no cache")
    }

    @Test("A value edited by 1% in a copy of Output/ is named: the file, and with --rerun the column, row and rule")
    func editedValue() throws {
        let cli = try workspaceWithCommittedOutput()
        defer { cli.space.remove() }
        let file = cli.space.output.appendingPathComponent("optimal-discriminator/data/value-by-mean.tsv")
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        var fields = lines[31].components(separatedBy: "\t")  // data row 31 (after the header); v_star, by quadrature
        let expected = try #require(Double(fields[2]))
        fields[2] = "\(expected * 1.01)"
        lines[31] = fields.joined(separator: "\t")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)

        let quick = try cli.run("check")
        #expect(quick.status == 1)
        #expect(quick.output.contains("  data/value-by-mean.tsv was changed after the run wrote it\n"))
        let rerun = try cli.run("check", "--rerun")
        #expect(rerun.status == 1)
        #expect(rerun.output.contains(
            "  data/value-by-mean.tsv column v_star: worst row 31: obtained \(formatNumber(expected)), expected \(formatNumber(expected * 1.01)), "))
        #expect(rerun.output.contains(" > 1e-09 + 1e-09·|e|\n"), "\(rerun.output)")
        #expect(rerun.errors.hasSuffix("\nError: 1 of 1 lessons not current: optimal-discriminator\n"))
    }

    @Test("A changed parameter or prose makes the report not current, without training")
    func changedLesson() throws {
        let cli = try workspaceWithCommittedOutput()
        defer { cli.space.remove() }
        try cli.writeCourseLesson("optimal-discriminator") {
            $0.replacingOccurrences(of: "id: matched\nkind: optimal-discriminator\nparameters:\n", with: "id: matched\nkind: optimal-discriminator\nparameters:\n  steps: 100\n")
                .replacingOccurrences(of: "## References", with: "## Further reading")
        }
        let outcome = try cli.run("check")
        #expect(outcome.status == 1)
        #expect(outcome.output == """
            optimal-discriminator: not current
              cell 'matched' would compute something else now (its kind or the kind's version, parameters, input files or the engine changed)
              the lesson's text changed since the report was written
              (`minimax run optimal-discriminator` writes it again)

            """)
    }

    @Test("regenerate writes every report and an index linking each chapter with its first figure and its claims")
    func regenerate() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.writeCourseLesson("first")
        try cli.writeCourseLesson("second") { $0.replacingOccurrences(of: "chapter: 1", with: "chapter: 2") }
        let outcome = try cli.run("regenerate", "--jobs", "2")
        #expect(outcome.status == 0, "\(outcome.errors)")
        let index = try cli.space.read("README.md")
        #expect(index.contains("| 1 | [The optimal discriminator](first/README.md)<br>"))
        #expect(index.contains("| 2 | [The optimal discriminator](second/README.md)<br>"))
        #expect(index.contains("<img src=\"second/figures/discriminator.png\" width=\"320\" alt=\"second\"> | 16 of 16 hold |"))
        #expect(cli.space.exists("first/figures/discriminator.png") && cli.space.exists("second/figures/value-by-mean.png"))
        #expect(try cli.run("check").status == 0)
    }
}
