import ArgumentParser
import Foundation
import MinimaxRunner

/// `minimax list`: the lessons, and whether each one's output is up to date.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the lessons, with chapter, title, summary and the state of their output.",
        discussion: """
            States: "up to date" (Output/ holds what a run would write), "text changed" (only the \
            prose changed: `minimax run` re-renders without training), "out of date" (parameters, \
            seed or engine changed: `minimax run` trains again), "not run", "has errors" (run it \
            to see them).
            """)

    @Option(help: ArgumentHelp("The output folder to compare with.", valueName: "folder"))
    var output: String?

    func run() throws {
        let workspace = try Workspace.find()
        let outputFolder = output.map { URL(fileURLWithPath: $0) } ?? workspace.defaultOutput
        let names = workspace.lessonNames()
        guard !names.isEmpty else {
            print("No lessons in \(workspace.lessonsDirectory.path).")
            return
        }
        var rows: [[String]] = [["chapter", "lesson", "title", "output"]]
        var summaries: [String] = []
        for name in names {
            do {
                let lesson = try workspace.lesson(name)
                let status = workspace.status(of: lesson, registry: Course.registry, environment: Course.environment, output: outputFolder)
                rows.append(["\(lesson.chapter)", name, lesson.title, status.description])
                summaries.append("\(name): \(lesson.summary)")
            } catch {
                rows.append(["?", name, "(cannot be read)", "has errors"])
                summaries.append("\(name): \(error)")
            }
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max()! }
        for row in rows {
            print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
        }
        print("")
        summaries.forEach { print($0) }
    }
}
