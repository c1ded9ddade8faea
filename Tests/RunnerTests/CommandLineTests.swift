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
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = arguments
        process.currentDirectoryURL = space.root
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

    @Test("A claim that does not hold is named on the terminal, marked in the report, and the status is 1")
    func failingClaim() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.writeCourseLesson("first") { $0.replacingOccurrences(of: "  - max_error < 0.1\n", with: "  - max_error < 0.001\n") }
        let outcome = try cli.run("run", "first")
        #expect(outcome.status == 1)
        let claimLine = outcome.output.split(separator: "\n").first { $0.contains("does not hold") }
        #expect(claimLine?.hasPrefix("Lessons/first.md:") == true)
        #expect(claimLine?.contains("a claim of cell 'dstar' does not hold: max_error < 0.001 (0.05") == true, "\(outcome.output)")
        #expect(outcome.output.contains("claims: 12 of 13 hold"))
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
