import ArgumentParser
import MinimaxRunner

/// Where the course is: every command that reads lessons takes `--lessons`.
struct CourseOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The folder of the course's lessons. Default: $\(Workspace.lessonsVariable), else the Lessons/ folder in or above the current one, else the checkout minimax was built from. Reports and the cache go beside it.",
            valueName: "folder"))
    var lessons: String?

    /// The course these options name.
    func workspace() throws -> Workspace {
        try Workspace.find(lessons: lessons)
    }
}
