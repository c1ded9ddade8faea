import ArgumentParser
import Foundation
import MinimaxRunner

/// `minimax list`: the lessons in chapter order, and whether each one's output is up to date.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the lessons in chapter order, with title, summary and the state of their output.",
        discussion: """
            States: "up to date" (Output/ holds what a run would write), "text changed" (only the \
            prose changed: `minimax run` re-renders without training), "out of date" (a cell's \
            parameters, seed or input files, or the code of its experiment or the engine changed: \
            `minimax run` trains again), "not run", and "has errors" with the first error.
            """)

    @OptionGroup var course: CourseOptions

    @Option(help: ArgumentHelp("The output folder to compare with.", valueName: "folder"))
    var output: String?

    func run() throws {
        let workspace = try course.workspace()
        let outputFolder = try outputFolder(output, workspace: workspace)
        let lessons = workspace.plans(registry: Course.registry)
        guard !lessons.isEmpty else {
            print("No lessons in \(workspace.lessonsDirectory.path).")
            return
        }
        var rows: [[String]] = [["chapter", "lesson", "title", "output"]]
        var summaries: [String] = []
        for (name, plan) in lessons {
            switch plan {
            case .success(let plan):
                let status = workspace.status(of: plan, environment: Course.environment, output: outputFolder)
                rows.append(["\(plan.lesson.chapter)", name, plan.lesson.title, status.description])
                summaries.append("\(name): \(plan.lesson.summary)")
            case .failure(let error):
                rows.append(["?", name, "", OutputStatus.invalid(error).description])
            }
        }
        let widths = (0..<3).map { column in rows.map { $0[column].count }.max()! }
        for row in rows {
            print((zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) } + [row[3]]).joined(separator: "  "))
        }
        print("")
        summaries.forEach { print($0) }
    }
}

/// The folder `--output` names, or the workspace's Output/; an empty name is an error.
func outputFolder(_ option: String?, workspace: Workspace) throws -> URL {
    guard let option else { return workspace.defaultOutput }
    guard !option.trimmingCharacters(in: .whitespaces).isEmpty else {
        throw RunnerError("--output needs a folder name, such as --output /tmp/minimax")
    }
    return URL(fileURLWithPath: option, isDirectory: true)
}
