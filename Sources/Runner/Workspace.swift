import Foundation

/// A folder with `Lessons/`: where lessons are read, and where output and cache go.
public struct Workspace: Sendable {
    public var root: URL

    public var lessonsDirectory: URL { root.appendingPathComponent("Lessons") }
    public var defaultOutput: URL { root.appendingPathComponent("Output") }
    public var cacheDirectory: URL { root.appendingPathComponent(".minimax-cache") }

    public init(root: URL) {
        self.root = root
    }

    /// The nearest folder at or above `start` that has a `Lessons/` folder.
    public static func find(from start: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws -> Workspace {
        var folder = start.standardizedFileURL
        while true {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Lessons").path, isDirectory: &isDirectory), isDirectory.boolValue {
                return Workspace(root: folder)
            }
            let parent = folder.deletingLastPathComponent()
            if parent.path == folder.path {
                throw RunnerError("no Lessons/ folder in \(start.path) or above it; run minimax from the Minimax checkout")
            }
            folder = parent
        }
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
        let path = "Lessons/\(name).md"
        guard let data = FileManager.default.contents(atPath: lessonsDirectory.appendingPathComponent("\(name).md").path) else {
            let names = lessonNames()
            let close = closeMatches(name, among: names)
            throw RunnerError(
                "no lesson named '\(name)'"
                    + (close.isEmpty ? "." : "; did you mean \(close.joined(separator: " or "))?")
                    + (names.isEmpty ? "" : " The lessons are: \(names.joined(separator: ", ")) (`minimax list`)."))
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
                    throw RunnerError("\(error)", at: "Lessons/\(name).md")
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
