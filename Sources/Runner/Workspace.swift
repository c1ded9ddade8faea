import Foundation

/// A folder with `Lessons/`: where lessons are read, and where output and cache go.
public struct Workspace: Sendable {
    public var root: URL
    public var lessonsDirectory: URL

    public var defaultOutput: URL { root.appendingPathComponent("Output") }
    public var cacheDirectory: URL { root.appendingPathComponent(".minimax-cache") }

    /// The course in `root/Lessons`, or in `lessons` when given (its output and cache then go
    /// beside it, in its parent folder).
    /// Whether messages name lesson files by their full path: for a course found elsewhere than
    /// in or above the current folder, where `Lessons/name.md` would not say which.
    public var showsFullPaths = false

    public init(root: URL, lessons: URL? = nil) {
        self.root = root
        self.lessonsDirectory = lessons ?? root.appendingPathComponent("Lessons")
    }

    /// The variable that names a lessons folder, for students who work outside the checkout.
    public static let lessonsVariable = "MINIMAX_LESSONS"

    /// The checkout this program was built from: a student who runs `minimax` from their own
    /// folder still finds the course.
    static let builtFrom = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The course's folder, found in this order: the `lessons` folder given (`--lessons`), the
    /// `MINIMAX_LESSONS` variable, the nearest folder at or above `start` with a `Lessons/`
    /// folder, and the checkout this program was built from.
    public static func find(
        lessons: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment,
        from start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) throws -> Workspace {
        for (given, source) in [(lessons, "--lessons"), (environment[lessonsVariable], lessonsVariable)] {
            guard let given else { continue }
            guard !given.isEmpty else { throw RunnerError("\(source) is empty; give it the folder that holds the lessons, such as ~/minimax/Lessons") }
            let folder = URL(fileURLWithPath: given, relativeTo: URL(fileURLWithPath: start.path, isDirectory: true)).standardizedFileURL
            guard isDirectory(folder) else {
                throw RunnerError("\(source) names \(folder.path), which is not a folder; give it the folder that holds the lessons (*.md), such as ~/minimax/Lessons")
            }
            var workspace = Workspace(root: folder.deletingLastPathComponent(), lessons: folder)
            workspace.showsFullPaths = true
            return workspace
        }
        var folder = start.standardizedFileURL
        while true {
            if isDirectory(folder.appendingPathComponent("Lessons")) { return Workspace(root: folder) }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path { break }
            folder = parent
        }
        if isDirectory(builtFrom.appendingPathComponent("Lessons")) {
            var workspace = Workspace(root: builtFrom)
            workspace.showsFullPaths = true
            return workspace
        }
        throw RunnerError(
            "no Lessons/ folder in \(start.path) or above it, nor in \(builtFrom.path), where this minimax was built; "
                + "give the course's lessons with --lessons DIR or \(lessonsVariable)=DIR")
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The largest lesson file read: far more than any lesson's text.
    static let largestLesson = 4 << 20

    /// How messages name a lesson's file: `Lessons/name.md`, or its full path (`showsFullPaths`).
    func displayPath(ofLesson name: String) -> String {
        showsFullPaths ? lessonsDirectory.appendingPathComponent("\(name).md").path : "Lessons/\(name).md"
    }

    /// The lessons' names (their files without `.md`; README.md is the format's documentation).
    public func lessonNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: lessonsDirectory.path)) ?? []
        return files.filter { $0.hasSuffix(".md") && $0 != "README.md" && !$0.hasPrefix(".") }.map { String($0.dropLast(3)) }.sorted()
    }

    /// Reads and parses a lesson by name; an unknown name is an error that lists close ones.
    public func lesson(_ name: String) throws -> Lesson {
        guard LessonParser.isValidName(name) else {
            throw RunnerError(
                "'\(name)' is not a lesson name: lessons are named by their file in Lessons/ without .md "
                    + "(letters, digits, - and _), such as optimal-discriminator; `minimax list` shows them")
        }
        let path = displayPath(ofLesson: name)
        let file = lessonsDirectory.appendingPathComponent("\(name).md")
        // stat follows a symbolic link: a link to a lesson file is a lesson.
        var status = stat()
        guard stat(file.path, &status) == 0 else {
            guard errno == ENOENT || errno == ENOTDIR else { throw RunnerError("cannot read this lesson: \(systemError(errno))", at: path) }
            let names = lessonNames().filter { $0 != name }
            let close = closeMatches(name, among: names)
            throw RunnerError(
                "no lesson named '\(name)'"
                    + (close.isEmpty ? "." : "; did you mean \(close.joined(separator: " or "))?")
                    + (names.isEmpty ? "" : " The lessons are: \(names.joined(separator: ", ")) (`minimax list`)."))
        }
        // Reading a named pipe or a device could block or never end.
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw RunnerError("this is a folder, not a lesson; a lesson is a Markdown file", at: path)
        case S_IFIFO: throw RunnerError("this is a named pipe (FIFO), not a lesson; a lesson is a Markdown file", at: path)
        default: throw RunnerError("this is a device or socket, not a lesson; a lesson is a Markdown file", at: path)
        }
        guard status.st_size <= Self.largestLesson else {
            throw RunnerError("this file holds \(status.st_size >> 20) MiB; a lesson is Markdown text of at most \(Self.largestLesson >> 20) MiB", at: path)
        }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw RunnerError("cannot read this lesson: \(describe(error))", at: path)
        }
        guard let text = String(validating: data, as: UTF8.self), !data.contains(0) else {
            throw RunnerError("this is not a text file (a lesson is Markdown in UTF-8)", at: path)
        }
        return try LessonParser.parse(text, name: name, path: path)
    }

    /// Every lesson, read and planned, in chapter order (then by name); a lesson that cannot be
    /// read or planned comes with its error, after the others.
    public func plans(registry: ExperimentRegistry) -> [(name: String, plan: Result<LessonPlan, RunnerError>)] {
        let all = lessonNames().map { name in
            (name: name, plan: Result<LessonPlan, RunnerError> { () throws(RunnerError) -> LessonPlan in
                do {
                    return try LessonPlan(try lesson(name), registry: registry)
                } catch let error as RunnerError {
                    throw error
                } catch {
                    throw RunnerError(describe(error), at: displayPath(ofLesson: name))
                }
            })
        }
        func order(_ entry: (name: String, plan: Result<LessonPlan, RunnerError>)) -> Int {
            (try? entry.plan.get().lesson.chapter) ?? Int.max
        }
        return all.sorted { (order($0), $0.name) < (order($1), $1.name) }
    }

    /// Whether a lesson's output in `output` is what running it now (with `seed`, or the
    /// lesson's own) would write.
    public func status(of plan: LessonPlan, environment: RunEnvironment, output: URL, seed: UInt64? = nil) -> OutputStatus {
        let folder = output.appendingPathComponent(plan.lesson.name)
        guard let recorded = OutputCheck.readJSON(folder.appendingPathComponent("results.json")) else { return .notRun }
        let seed = seed ?? plan.lesson.seed
        if !OutputCheck.staleCells(of: plan, recorded: recorded, seed: seed, engineVersion: environment.engineVersion).isEmpty {
            return .outOfDate
        }
        return OutputCheck.textChanged(plan, recorded: recorded) ? .proseChanged : .upToDate
    }
}

/// How a lesson's output compares with the lesson.
public enum OutputStatus: Equatable, Sendable, CustomStringConvertible {
    case upToDate
    /// Only the text changed: `run` re-renders from cached results.
    case proseChanged
    /// A cell's kind or its version, parameters, input files or seed, or the engine, changed:
    /// `run` trains again.
    case outOfDate
    case notRun
    case invalid(RunnerError)

    public var description: String {
        switch self {
        case .upToDate: "up to date"
        case .proseChanged: "text changed"
        case .outOfDate: "out of date"
        case .notRun: "not run"
        case .invalid(let error): "has errors: \(error)"
        }
    }
}
