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
        return files.filter { $0.hasSuffix(".md") && $0 != "README.md" }.map { String($0.dropLast(3)) }.sorted()
    }

    /// Reads and parses a lesson by name; an unknown name is an error that lists close ones.
    public func lesson(_ name: String) throws -> Lesson {
        let file = lessonsDirectory.appendingPathComponent("\(name).md")
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            let names = lessonNames()
            let close = closeMatches(name, among: names)
            throw RunnerError(
                "no lesson named '\(name)'"
                    + (close.isEmpty ? "." : "; did you mean \(close.joined(separator: " or "))?")
                    + (names.isEmpty ? "" : " The lessons are: \(names.joined(separator: ", ")) (`minimax list`)."))
        }
        return try LessonParser.parse(text, name: name, path: "Lessons/\(name).md")
    }

    /// Whether a lesson's output in `output` is what running it now would write.
    public func status(of lesson: Lesson, registry: ExperimentRegistry, environment: RunEnvironment, output: URL) -> OutputStatus {
        let resultsFile = output.appendingPathComponent(lesson.name).appendingPathComponent("results.json")
        guard let data = try? Data(contentsOf: resultsFile),
            let recorded = try? JSONDecoder().decode(ParameterValue.self, from: data)
        else { return .notRun }
        let plan: LessonPlan
        do { plan = try LessonPlan(lesson, registry: registry) } catch { return .invalid("\(error)") }
        for planned in plan.cells {
            let key = CellCache.key(kind: planned.cell.kind, parameters: planned.parameters, seed: lesson.seed, engineVersion: environment.engineVersion)
            guard case .string(let stored) = recorded.value(at: "cells.\(planned.cell.id).key"), stored == key,
                case .string("finished") = recorded.value(at: "cells.\(planned.cell.id).status")
            else { return .outOfDate }
        }
        guard case .string(let storedDigest) = recorded.value(at: "lesson_digest"), storedDigest == digest(lesson.text) else {
            return .proseChanged
        }
        return .upToDate
    }
}

/// How a lesson's output compares with the lesson.
public enum OutputStatus: Equatable, Sendable, CustomStringConvertible {
    case upToDate
    /// Only the text changed: `run` re-renders from cached results.
    case proseChanged
    /// A cell's kind, parameters or seed, or the engine, changed: `run` trains again.
    case outOfDate
    case notRun
    case invalid(String)

    public var description: String {
        switch self {
        case .upToDate: "up to date"
        case .proseChanged: "text changed"
        case .outOfDate: "out of date"
        case .notRun: "not run"
        case .invalid: "has errors"
        }
    }
}
