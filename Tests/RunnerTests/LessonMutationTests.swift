import Foundation
import MinimaxExperiments
import PropertyBased
import Testing

@testable import MinimaxRunner

/// The shipped lessons, mutated at random (lines deleted, duplicated and swapped, numbers made
/// huge, negative or not numbers, values of the wrong type, hostile names, random bytes), read,
/// planned and run. Whatever the lesson says, the runner either refuses it with a `RunnerError`
/// that says where, or writes a report; it never crashes, and never writes outside its output
/// folder, its cache folder and the lock beside the output.
///
/// The cells run on synthetic stand-ins for the course's kinds (`Synthetic`), which declare the
/// same parameters and results but only fill them with awkward numbers: a mutated lesson may
/// validly ask for a million training steps.
@Suite("Mutated lessons", .serialized)
struct LessonMutationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The lessons in the repository, by name, as bytes.
    static let lessons: [(name: String, bytes: [UInt8])] = Workspace(root: repository).lessonNames().map { name in
        (name, Array(FileManager.default.contents(atPath: repository.appendingPathComponent("Lessons/\(name).md").path) ?? Data()))
    }

    /// Each case is one to three mutations of a shipped lesson, read, planned and run in a fresh
    /// workspace. Most are refused while parsing or planning (a millisecond); those that run
    /// draw every chart with gnuplot (0.1 to 0.5 s each), so 500 cases take 10 to 40 s.
    @Test("A mutated lesson is refused with a located RunnerError or runs; nothing is written outside its folders")
    func mutatedLessons() async throws {
        try #require(!Self.lessons.isEmpty)
        let input = zip(
            Gen.int(in: 0...(Self.lessons.count - 1)),
            mutation.array(of: 1...3),
            Gen.int(in: 0...(AwkwardNumbers.pool.count - 1)).array(of: 16),
            Gen.bool(0.1))
        let scratch = try MutationScratch()
        defer { scratch.remove() }
        var tally = Tally()
        let cases = 500
        await propertyCheck(count: cases, input: input) { lessonIndex, mutations, numbers, diverge in
            let lesson = Self.lessons[lessonIndex]
            let bytes = mutations.reduce(lesson.bytes) { $1.apply(to: $0) }
            let outcome = AwkwardNumbers.$current.withValue(AwkwardNumbers(choices: numbers, diverge: diverge)) {
                checkRun(lesson.name, bytes, in: scratch)
            }
            tally.count(outcome)
        }
        print("Mutated lessons: \(tally)")
        // The property is only worth something if mutations reach every stage (checked when
        // all cases passed: a failure stops early and the shrinker adds cases of its own).
        if tally.total == cases { #expect(tally.refusedWhenParsed > 0 && tally.refusedWhenPlanned > 0 && tally.ran > 0) }
    }

    // MARK: - Fixed hostile cases

    @Test("The shipped lesson with CRLF line ends runs and writes the same report as with LF")
    func crlf() throws {
        let lesson = try #require(Self.lessons.first { $0.name == "optimal-discriminator" })
        let scratch = try MutationScratch()
        defer { scratch.remove() }
        var readmes: [String] = []
        for bytes in [lesson.bytes, withCRLF(lesson.bytes)] {
            let outcome = checkRun(lesson.name, bytes, in: scratch) { output in
                readmes.append((try? String(contentsOf: output.appendingPathComponent("\(lesson.name)/README.md"), encoding: .utf8)) ?? "")
            }
            #expect(outcome == .ran)
        }
        #expect(readmes.count == 2 && readmes[0] == readmes[1] && readmes[0].contains("**Figure 4.**"))
    }

    @Test("Hostile lessons are refused with their line and the reason", arguments: HostileCase.all)
    func refused(_ hostile: HostileCase) throws {
        let lesson = try #require(Self.lessons.first { $0.name == "optimal-discriminator" })
        let scratch = try MutationScratch()
        defer { scratch.remove() }
        let bytes = try #require(hostile.edit.apply(to: lesson.bytes), "the edit does not apply to the shipped lesson")
        var message = ""
        let outcome = checkRun("lesson", bytes, in: scratch, error: { message = $0.description })
        #expect(outcome != .ran)
        #expect(message == hostile.error)
    }

    @Test("Results that are NaN or infinite are reported, cached and taken from the cache")
    func nonFiniteResults() throws {
        let lesson = try #require(Self.lessons.first { $0.name == "optimal-discriminator" })
        let scratch = try MutationScratch()
        defer { scratch.remove() }
        let root = scratch.root.appendingPathComponent("workspace")
        defer { try? FileManager.default.removeItem(at: root) }
        let workspace = Workspace(root: root)
        try FileManager.default.createDirectory(at: workspace.lessonsDirectory, withIntermediateDirectories: true)
        try Data(lesson.bytes).write(to: workspace.lessonsDirectory.appendingPathComponent("\(lesson.name).md"))
        let runner = LessonRunner(
            registry: syntheticRegistry, environment: RunEnvironment(engineVersion: "test", kernels: "none", machine: "test"),
            cacheDirectory: workspace.cacheDirectory, progress: SilentProgress())
        // Scalars NaN, +inf, -inf in turn; table values 0 and 1 (pool indices 0 and 2).
        let numbers = AwkwardNumbers(choices: [8, 9, 10, 0, 2], diverge: false)
        let first = try AwkwardNumbers.$current.withValue(numbers) { try runner.run(try workspace.lesson(lesson.name), into: workspace.defaultOutput) }
        let second = try AwkwardNumbers.$current.withValue(numbers) { try runner.run(try workspace.lesson(lesson.name), into: workspace.defaultOutput) }
        #expect(first.cellsRun == ["dstar", "matched", "value"] && second.cellsFromCache == ["dstar", "matched", "value"])
        #expect(!first.failedClaims.isEmpty)
        let readme = try String(contentsOf: workspace.defaultOutput.appendingPathComponent("\(lesson.name)/README.md"), encoding: .utf8)
        #expect(readme.contains("| `jsd` | nan |") && readme.contains("| `v_star` | inf |") && readme.contains("| `v_star_quadrature` | -inf |"))
    }

    @Test(
        "Titles, labels and captions are text to gnuplot and Markdown, never commands",
        arguments: [
            "x' ; system \"touch /tmp/evil-minimax-quote\" ; print '",
            "`touch /tmp/evil-minimax-backtick`",
            "\" ; system(\"touch /tmp/evil-minimax-double\") ; \"",
            "a\\\nset output '/tmp/evil-minimax-continued.png'",
            "{{ dstar.jsd | %.3f }} | % %% | ]]) [x](/tmp/evil)",
        ])
    func textStaysText(_ text: String) throws {
        let lesson = try #require(Self.lessons.first { $0.name == "optimal-discriminator" })
        let scratch = try MutationScratch()
        defer { scratch.remove() }
        // A JSON string is a YAML double-quoted scalar: the text arrives whole, line breaks included.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        let yaml = String(decoding: try encoder.encode(text), as: UTF8.self)
        var bytes = try #require(Edit.replace("    title: The trained discriminator against the optimal one\n", with: "    title: \(yaml)\n").apply(to: lesson.bytes))
        bytes = try #require(Edit.replace("    y_label: value\n", with: "    y_label: \(yaml)\n").apply(to: bytes))
        bytes = try #require(Edit.replace("labels: [\"V(G, D) on the batch\", \"V(G, D*), the ceiling of its expectation\"]", with: "labels: [\(yaml), \(yaml)]").apply(to: bytes))
        var scripts: [String] = []
        let outcome = checkRun(lesson.name, bytes, in: scratch, inspect: { output in
            for name in ["discriminator", "training"] {
                scripts.append((try? String(contentsOf: output.appendingPathComponent("\(lesson.name)/plots/\(name).gp"), encoding: .utf8)) ?? "")
            }
        })
        #expect(outcome == .ran)
        // Each reaches gnuplot as one inert single-quoted string (and gnuplot ran no command:
        // `checkRun` watches /tmp for the files the commands would create).
        let literal = Gnuplot.quoted(text)
        #expect(!literal.contains("\n") && literal.hasPrefix("'") && literal.hasSuffix("'"))
        #expect(scripts.count == 2 && scripts[0].contains("set title \(literal) noenhanced\n"))
        #expect(scripts.count == 2 && scripts[1].contains("set ylabel \(literal) noenhanced\n") && scripts[1].contains("title \(literal), \\\n"))
    }
}

// MARK: - Running one lesson and checking what it wrote

/// How one run of a lesson ended.
enum RunOutcome: Equatable {
    case refusedWhenParsed, refusedWhenPlanned, refusedWhenRun, ran, failed
}

/// Writes `bytes` as `Lessons/<name>.md` in a fresh workspace under `scratch`, reads, plans and
/// runs it on the synthetic kinds, and records an issue for anything the runner must never do:
/// throw something other than a `RunnerError`, refuse without a message, refuse the lesson
/// without pointing into it, leave a half-written or stray file, or write outside its folders.
/// `inspect` sees the output root before the workspace is removed; `error` sees a refusal.
@discardableResult
func checkRun(
    _ name: String, _ bytes: [UInt8], in scratch: MutationScratch, inspect: (URL) -> Void = { _ in }, error report: (RunnerError) -> Void = { _ in },
    sourceLocation: SourceLocation = #_sourceLocation
) -> RunOutcome {
    let manager = FileManager.default
    let root = scratch.root.appendingPathComponent("case-\(UUID().uuidString)")
    let workspace = Workspace(root: root)
    let output = workspace.defaultOutput
    let path = "Lessons/\(name).md"
    let lines = bytes.count { $0 == 0x0A } + 1
    func fail(_ message: String) { Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation) }

    defer { try? manager.removeItem(at: root) }
    do {
        try manager.createDirectory(at: workspace.lessonsDirectory, withIntermediateDirectories: true)
        try Data(bytes).write(to: workspace.lessonsDirectory.appendingPathComponent("\(name).md"))
    } catch {
        fail("could not set up the workspace: \(error)")
        return .failed
    }
    let runner = LessonRunner(
        registry: syntheticRegistry, environment: RunEnvironment(engineVersion: "test", kernels: "none", machine: "test"),
        cacheDirectory: workspace.cacheDirectory, progress: SilentProgress())

    var outcome = RunOutcome.refusedWhenParsed
    do {
        let lesson = try workspace.lesson(name)
        outcome = .refusedWhenPlanned
        let plan = try LessonPlan(lesson, registry: runner.registry)
        outcome = .refusedWhenRun
        let summary = try runner.run(plan, into: output)
        outcome = .ran
        for file in summary.files where !manager.fileExists(atPath: summary.folder.appendingPathComponent(file).path) {
            fail("the summary lists \(file), which the report folder does not have")
        }
        for file in ["results.json", "run.json"] {
            let data = manager.contents(atPath: summary.folder.appendingPathComponent(file).path) ?? Data()
            if (try? JSONSerialization.jsonObject(with: data)) == nil { fail("\(file) is not JSON: \(String(decoding: data.prefix(200), as: UTF8.self))") }
        }
    } catch let error as RunnerError {
        report(error)
        if error.message.isEmpty { fail("a refusal without a message: \(error)") }
        if outcome == .refusedWhenRun && error.location.isEmpty {
            // Only the drawing may fail without a place in the lesson: gnuplot refusing data.
            if !error.message.hasPrefix("gnuplot failed on plots/") { fail("a run failed without saying where in \(path): \(error)") }
        } else if !isLocation(error.location, in: path, lines: lines) {
            fail("a refusal that does not point into \(path) (\(lines) lines): \(error)")
        }
        if manager.fileExists(atPath: output.appendingPathComponent(name).path) {
            fail("a refused run left a report in Output/\(name)")
        }
    } catch {
        fail("not a RunnerError, but \(type(of: error)): \(error)")
        outcome = .failed
    }
    inspect(output)

    // The lesson is read, never written.
    if manager.contents(atPath: workspace.lessonsDirectory.appendingPathComponent("\(name).md").path) != Data(bytes) {
        fail("the run changed \(path)")
    }
    // Only the lesson, the output and the cache are in the workspace.
    for problem in strayFiles(in: root, name: name) { fail(problem) }
    // And nothing beside it, nor where a path that climbed out would land.
    // (Each is reported once: the scratch folder is cleared and the watch list renewed, so that
    // later cases, and the shrinker's, are judged on what they do themselves.)
    let beside = ((try? manager.contentsOfDirectory(atPath: scratch.root.path)) ?? []).filter { $0 != root.lastPathComponent }
    if !beside.isEmpty {
        fail("files appeared beside the workspace: \(beside.sorted())")
        for entry in beside { try? manager.removeItem(at: scratch.root.appendingPathComponent(entry)) }
    }
    if let appeared = scratch.newEvilFiles() { fail("files appeared outside the workspace: \(appeared)") }
    return outcome
}

/// Whether `location` is `path` or `path:line` with a line of the file.
func isLocation(_ location: String, in path: String, lines: Int) -> Bool {
    if location == path { return true }
    guard location.hasPrefix(path + ":"), let line = Int(location.dropFirst(path.count + 1)) else { return false }
    return (1...lines).contains(line)
}

/// What should not be in a workspace after running lesson `name`: anything but `Lessons/<name>.md`,
/// `Output/<name>/` (a report's files only) with its lock, and the cache's files.
func strayFiles(in root: URL, name: String) -> [String] {
    let manager = FileManager.default
    func entries(_ relative: String) -> [String] {
        (try? manager.contentsOfDirectory(atPath: root.appendingPathComponent(relative).path)) ?? []
    }
    func isDirectory(_ relative: String) -> Bool {
        var directory: ObjCBool = false
        return manager.fileExists(atPath: root.appendingPathComponent(relative).path, isDirectory: &directory) && directory.boolValue
    }
    var stray: [String] = []
    func allow(_ folder: String, _ allowed: (String) -> Bool) {
        for entry in entries(folder) where !allowed(entry) { stray.append("stray file \(folder.isEmpty ? "" : folder + "/")\(entry)") }
    }
    allow("") { ["Lessons", "Output", ".minimax-cache"].contains($0) }
    allow("Lessons") { $0 == "\(name).md" }
    allow("Output") { $0 == name || $0 == ".\(name).lock" }
    allow(".minimax-cache") { $0 == name }
    allow(".minimax-cache/\(name)") { $0.hasSuffix(".json") && LessonParser.isValidName(String($0.dropLast(5))) }
    let report = "Output/\(name)"
    allow(report) { ["README.md", "results.json", "run.json"].contains($0) || (["data", "plots", "figures"].contains($0) && isDirectory("\(report)/\($0)")) }
    for (folder, suffix) in [("data", ".tsv"), ("plots", ".gp"), ("figures", ".png")] {
        allow("\(report)/\(folder)") { $0.hasSuffix(suffix) && LessonParser.isValidName(String($0.dropLast(suffix.count))) }
    }
    return stray
}

/// A folder of our own for the workspaces, and the places a write that escaped would land.
final class MutationScratch {
    let root: URL
    /// Folders where a name that climbed out of the output (`../../evil`, `/tmp/evil`) or a
    /// command run by gnuplot would leave a file, with what they held before.
    private var watched: [(folder: String, before: Set<String>)]

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-mutations-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let folders = Set(["/tmp", FileManager.default.temporaryDirectory.path, FileManager.default.currentDirectoryPath, "/"])
        watched = folders.sorted().map { ($0, Self.evil(in: $0)) }
    }

    /// The entries of `folder` that hostile lessons name: `evil…`, or a report's file names.
    static func evil(in folder: String) -> Set<String> {
        let suspicious = ["README.md", "results.json", "run.json", "data", "plots", "figures", "Output", "discriminator.png"]
        return Set(((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix("evil") || suspicious.contains($0) })
    }

    /// Entries that appeared in a watched folder since the last call, if any.
    func newEvilFiles() -> [String]? {
        let now = watched.map { ($0.folder, Self.evil(in: $0.folder)) }
        let appeared = zip(watched, now).flatMap { old, new in new.1.subtracting(old.before).map { "\(new.0)/\($0)" } }
        watched = now
        return appeared.isEmpty ? nil : appeared.sorted()
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

/// How many cases ended how, to show that the mutations reach every stage.
struct Tally: CustomStringConvertible {
    var refusedWhenParsed = 0, refusedWhenPlanned = 0, refusedWhenRun = 0, ran = 0, failed = 0

    var total: Int { refusedWhenParsed + refusedWhenPlanned + refusedWhenRun + ran + failed }

    mutating func count(_ outcome: RunOutcome) {
        switch outcome {
        case .refusedWhenParsed: refusedWhenParsed += 1
        case .refusedWhenPlanned: refusedWhenPlanned += 1
        case .refusedWhenRun: refusedWhenRun += 1
        case .ran: ran += 1
        case .failed: failed += 1
        }
    }

    var description: String {
        "\(refusedWhenParsed) refused when parsed, \(refusedWhenPlanned) when planned, \(refusedWhenRun) when run, \(ran) ran, \(failed) failed"
    }
}

// MARK: - Mutations

/// One change to a lesson's bytes. Positions are drawn large and taken modulo what the lesson
/// has, so that they shrink toward the first line (or number) of the lesson; most of them land
/// on the front matter and the cells, where the runner reads structure.
enum Mutation: Sendable, CustomStringConvertible {
    case deleteLine(Int)
    case duplicateLine(Int)
    case swapLines(Int, Int)
    /// Replaces a number with another spelling: huge, negative, zero, NaN, infinite, fractional.
    case replaceNumber(Int, with: String)
    /// Replaces the value of a `key: value` line (or a list item) with one of another type.
    case replaceValue(line: Int, with: String)
    /// Inserts a whole line, such as a key the lessons never use.
    case insertLine(Int, String)
    /// Inserts bytes, valid UTF-8 or not, at a column of a line.
    case insertBytes(line: Int, column: Int, [UInt8])
    /// Inserts an item of `show:` (one line of YAML flow) before another: displays the shipped
    /// lessons do not use, so that their keys are reached too.
    case insertDisplay(Int, String)

    var description: String {
        switch self {
        case .deleteLine(let line): "delete line #\(line)"
        case .duplicateLine(let line): "duplicate line #\(line)"
        case .swapLines(let a, let b): "swap lines #\(a) and #\(b)"
        case .replaceNumber(let number, let text): "replace number #\(number) with \(text)"
        case .replaceValue(let line, let text): "replace the value on line #\(line) with \(text)"
        case .insertLine(let line, let text): "insert \(text.debugDescription) before line #\(line)"
        case .insertBytes(let line, let column, let bytes): "insert \(bytes) at line #\(line), column #\(column)"
        case .insertDisplay(let item, let text): "insert \(text.debugDescription) before show item #\(item)"
        }
    }

    func apply(to bytes: [UInt8]) -> [UInt8] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let structure = Self.structuralLines(lines)
        func line(_ draw: Int) -> Int { pick(draw, preferring: structure, among: Array(lines.indices)) }
        switch self {
        case .deleteLine(let draw):
            lines.remove(at: line(draw))
        case .duplicateLine(let draw):
            let index = line(draw)
            lines.insert(lines[index], at: index)
        case .swapLines(let a, let b):
            lines.swapAt(line(a), line(b))
        case .replaceNumber(let draw, let text):
            let numbers = Self.numbers(in: bytes)
            guard !numbers.isEmpty else { return bytes }
            let starts = lines.reduce(into: [0]) { $0.append($0.last! + $1.count + 1) }
            let structural = numbers.filter { range in structure.contains { (starts[$0]..<starts[$0 + 1]).contains(range.lowerBound) } }
            let range = pick(draw, preferring: structural, among: numbers)
            return Array(bytes[..<range.lowerBound]) + Array(text.utf8) + Array(bytes[range.upperBound...])
        case .replaceValue(let draw, let text):
            let index = line(draw)
            lines[index] = Self.replacingValue(of: lines[index], with: Array(text.utf8))
        case .insertLine(let draw, let text):
            lines.insert(Array(text.utf8), at: line(draw))
        case .insertBytes(let draw, let column, let inserted):
            let index = line(draw)
            lines[index].insert(contentsOf: inserted, at: column % (lines[index].count + 1))
        case .insertDisplay(let draw, let text):
            let items = lines.indices.filter { index in
                ["  - chart:", "  - results:", "  - table:", "  - images:"].contains { lines[index].starts(with: Array($0.utf8)) }
            }
            guard !items.isEmpty else { return bytes }
            lines.insert(Array(text.utf8), at: items[draw % items.count])
        }
        return Array(lines.joined(separator: [0x0A]))
    }

    /// The lines of the front matter and of experiment cells, fences included.
    static func structuralLines(_ lines: [[UInt8]]) -> [Int] {
        var result: [Int] = []
        var inFrontMatter = false, inCell = false
        for (index, line) in lines.enumerated() {
            let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if index == 0 && text == "---" { inFrontMatter = true }
            if text.hasPrefix("```experiment") { inCell = true }
            if inFrontMatter || inCell { result.append(index) }
            if index > 0 && text == "---" { inFrontMatter = false }
            if text == "```" { inCell = false }
        }
        return result
    }

    /// Every run of digits (with a sign, fraction and exponent) that is not part of a word.
    static func numbers(in bytes: [UInt8]) -> [Range<Int>] {
        func isDigit(_ i: Int) -> Bool { i < bytes.count && (0x30...0x39).contains(bytes[i]) }
        func isWord(_ i: Int) -> Bool {
            i >= 0 && i < bytes.count && ((0x41...0x5A).contains(bytes[i]) || (0x61...0x7A).contains(bytes[i]) || bytes[i] == 0x5F)
        }
        var ranges: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            guard isDigit(i), !isWord(i - 1), i == 0 || !isDigit(i - 1) else {
                i += 1
                continue
            }
            let start = i > 0 && bytes[i - 1] == 0x2D ? i - 1 : i
            while isDigit(i) { i += 1 }
            if i < bytes.count, bytes[i] == 0x2E, isDigit(i + 1) {
                i += 1
                while isDigit(i) { i += 1 }
            }
            if i < bytes.count, bytes[i] == 0x65 || bytes[i] == 0x45 {
                var j = i + 1
                if j < bytes.count, bytes[j] == 0x2D || bytes[j] == 0x2B { j += 1 }
                if isDigit(j) {
                    i = j
                    while isDigit(i) { i += 1 }
                }
            }
            ranges.append(start..<i)
        }
        return ranges
    }

    /// The line with what follows its first `: ` (or its list dash, or the whole of it)
    /// replaced by `value`.
    static func replacingValue(of line: [UInt8], with value: [UInt8]) -> [UInt8] {
        if let colon = line.indices.first(where: { line[$0] == 0x3A && $0 + 1 < line.count && line[$0 + 1] == 0x20 }) {
            return Array(line[...(colon + 1)]) + value
        }
        if line.last == 0x3A { return line + [0x20] + value }
        let indent = line.prefix { $0 == 0x20 }.count
        if line.dropFirst(indent).starts(with: [0x2D, 0x20]) { return Array(line[..<(indent + 2)]) + value }
        return Array(line[..<indent]) + value
    }
}

/// `draw`-th item of `preferred` (seven times in ten) or of `all`, wrapping around.
func pick<T>(_ draw: Int, preferring preferred: [T], among all: [T]) -> T {
    if draw % 10 < 7, !preferred.isEmpty { return preferred[(draw / 10) % preferred.count] }
    return all[(draw / 10) % all.count]
}

/// Numbers a lesson might be given, simplest first (the shrinker moves toward the front).
let numberSpellings = [
    "0", "-0", "1", "-1", "0.5", "2.5", "1e15", "1e300", "-1e300", "1e-300", "4.9e-324", "1e309", "99999999999999999999",
    "-99999999999999999999", "9223372036854775807", "9223372036854775808", "18446744073709551616", ".nan", ".NaN", ".inf",
    "-.inf", "+.inf", "0x7fffffffffffffff", "0o777", "1_000_000", "1:2:3:4:5:6:7:8:9:10:11:12", "190:20:30", "1e", "--1",
]

/// Values of other types, and strings no name or path should be.
let valueSpellings = [
    "[]", "{}", "~", "null", "true", "[1, 2]", "{a: 1}", "\"text\"", "''", "-", "[[[[[1]]]]]", "[a, [b, {c: d}]]",
    "{{ dstar.jsd }}", "\"{{ dstar.nothing | %d }}\"", "../../evil-figure", "/tmp/evil-absolute", "..", ".", "\"evil/../../x\"",
    "\"a|b%c`d\"", "'x'' ; system \"touch /tmp/evil-gnuplot\" ; '''", "\"`touch /tmp/evil-backtick`\"", "&anchor [1, *anchor]",
    "*nothing", "!!binary AAAA", "!!int 1:2:3:4:5:6:7:8:9:10:11:12", "|", ">", "\"\\u0000\"", "\"\\n\\r\"",
    String(repeating: "a", count: 300), String(repeating: "[", count: 200),
]

/// Whole lines: keys the shipped lessons never use, fences, claims, placeholders.
let lineSpellings = [
    "", "---", "```", "```experiment", "~~~", "    every: 0", "    every: -1", "    every: 99999999999999999999",
    "    every: 1:2:3:4:5:6:7:8:9:10:11:12", "    every: 1e300", "    every: .nan", "    log_y: true", "    log_y: 5",
    "    name: ../../evil-figure", "    name: /tmp/evil-absolute", "  - table: discriminator", "  - table: training",
    "  - images: samples", "  - chart: heatmap", "    y_axis: x", "  - chart: scatter", "  steps: 99999999999999999999",
    "  steps: 1000000", "  batch: -1", "  grid: {points: 2}", "  - max_error < 1e300", "  - 1 / 0 == 1 / 0",
    "  - log(-1) != log(-1)", "id: dstar", "id: matched", "kind: generator-value", "kind: fashion-mnist-samples",
    "{{ dstar.jsd | %99.99f }}", "{{ dstar.steps | %d }}", "{{ dstar.jsd | %d }}", "{{ nothing.here }}", "x: &a [*a]",
    "    caption: {{ dstar.jsd | %.2e }} {{ value.best_mean }}",
]

/// Items of `show:`, as one line of YAML flow each.
let displaySpellings = [
    "  - {table: training, every: 3}", "  - {table: training, every: 0}", "  - {table: training, every: -1}",
    "  - {table: training, every: 99999999999999999999}", "  - {table: training, every: 1:2:3:4:5:6:7:8:9:10:11:12}",
    "  - {table: training, every: 1e300}", "  - {table: training, every: [1]}", "  - {table: training, columns: [step, nothing]}",
    "  - {table: discriminator, columns: x}", "  - {chart: heatmap, data: discriminator, x: x, y: p_g, y_axis: p_data}",
    "  - {chart: scatter, data: training, x: step, y: loss, log_y: true}", "  - {chart: lines, data: training, x: step, y: [loss, loss]}",
    "  - {chart: lines, name: ../evil-figure, data: training, x: step, y: loss}", "  - {images: samples}", "  - {images: discriminator}",
    "  - {results: [jsd, nothing]}", "  - {results: []}", "  - {results: jsd, caption: '{{ dstar.jsd | %d }}'}",
]

/// Byte strings to insert: control characters, invalid UTF-8, quotes and the syntax of Markdown,
/// YAML, placeholders and gnuplot.
let byteSpellings: [[UInt8]] = [
    [0x00], [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x0D], [0x0D, 0x0A], [0x0A], [0x09],
    [0xEF, 0xBB, 0xBF], [0xE2, 0x80, 0xA8], [0xC2, 0x85],
] + ["\"", "'", "`", "```", "{{", "}}", "|", "%", ": ", "- ", "#", "&a ", "*a", "!", "[", "]", "{", "}", "\\", "é"].map { Array($0.utf8) }

/// A line's position, drawn wide so that `pick` chooses evenly.
let position = Gen.int(in: 0...99_999)

/// One mutation of any sort.
let mutation = Gen.oneOf(
    position.map { Mutation.deleteLine($0) },
    position.map { Mutation.duplicateLine($0) },
    zip(position, position).map { Mutation.swapLines($0, $1) },
    zip(position, Gen.int(in: 0...(numberSpellings.count - 1))).map { Mutation.replaceNumber($0, with: numberSpellings[$1]) },
    zip(position, Gen.int(in: 0...(valueSpellings.count - 1))).map { Mutation.replaceValue(line: $0, with: valueSpellings[$1]) },
    zip(position, Gen.int(in: 0...(lineSpellings.count - 1))).map { Mutation.insertLine($0, lineSpellings[$1]) },
    zip(
        position, Gen.int(in: 0...200),
        Gen.oneOf(Gen.int(in: 0...(byteSpellings.count - 1)).map { byteSpellings[$0] }, Gen.uint8(in: 0x20...0x7E).map { [$0] }).array(of: 1...4)
    ).map { Mutation.insertBytes(line: $0, column: $1, $2.flatMap { $0 }) },
    zip(position, Gen.int(in: 0...(displaySpellings.count - 1))).map { Mutation.insertDisplay($0, displaySpellings[$1]) })

// MARK: - Hand-written edits

/// A hand-written edit of the shipped lesson (saved as `lesson.md`) and the exact refusal.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var edit: Edit
    var error: String

    var testDescription: String { edit.testDescription }

    static let deepClaim = String(repeating: "(", count: 1_000) + "max_error" + String(repeating: ")", count: 1_000) + " < 1"

    static let all = [
        HostileCase(
            edit: .insert([0x00], before: "## The best reply"),
            error: "Lessons/lesson.md: this is not a text file (a lesson is Markdown in UTF-8)"),
        HostileCase(
            edit: .insert([0xC3, 0x28], before: "## The best reply"),
            error: "Lessons/lesson.md: this is not a text file (a lesson is Markdown in UTF-8)"),
        HostileCase(
            edit: .replace("    name: discriminator\n", with: "    name: ../../evil-figure\n"),
            error: "Lessons/lesson.md:49: 'name: ../../evil-figure' cannot name a figure's files: use letters, digits, - and _, starting with a letter"),
        HostileCase(
            edit: .replace("    name: training\n", with: "    name: discriminator\n"),
            error: "Lessons/lesson.md:44: two figures are named 'discriminator' (cells 'dstar' and 'dstar'); give one a different 'name:'"),
        HostileCase(
            edit: .replace("kind: optimal-discriminator\nshow:", with: "kind: optimal-discriminator\nparameters:\n  steps: 1e300\nshow:"),
            error: "Lessons/lesson.md:48: parameter 'steps' of cell 'dstar' must be a whole number from 1 to 1000000, got 1e+300"),
        HostileCase(
            edit: .replace("  p_g: [{weight: 0.5, mean: -2, sd: 0.5}", with: "  p_g: [{weight: .nan, mean: -2, sd: 0.5}"),
            error: "Lessons/lesson.md:129: parameter 'p_g[1].weight' of cell 'matched' must be a number above 0 and at most 1000000, got nan"),
        HostileCase(
            edit: .replace("    data: discriminator\n", with: "    data: discriminator\n    every: 1:2:3:4:5:6:7:8:9:10:11:12\n"),
            error: "Lessons/lesson.md:51: unknown key 'every' in a chart; its keys are chart, name, data, x, y, y2, labels, y_axis, dx, dy, layers, title, x_label, y_label, y2_label, caption, log_y, equal_axes, window, facet, facet_values, animate"),
        HostileCase(
            edit: .replace("  - results: [jsd, v_star, v_learned, max_error]", with: "  - table: discriminator\n    every: 1:2:3:4:5:6:7:8:9:10:11:12"),
            error: "Lessons/lesson.md:141: 'every' must be a whole number ≥ 1"),
        HostileCase(
            edit: .replace("{{ dstar.max_error | %.3f }}", with: "{{ dstar.max_error | %99999999.3f }}"),
            error: "Lessons/lesson.md:92: '%99999999.3f' is not a number format; use one like %.3f, %.2e, %.4g or %d (width and precision of at most two digits)"),
        HostileCase(
            edit: .replace("  - max_error < 0.07\n", with: "  - max_error < 1e999\n"),
            error: "Lessons/lesson.md:77: claim 'max_error < 1e999', at character 13: the number '1e999' is too large; the largest is about 1.8e308"),
        HostileCase(
            edit: .replace("  - max_error < 0.07\n", with: "  - \(deepClaim)\n"),
            error: "Lessons/lesson.md:77: claim '\(deepClaim)', at character 101: nested too deeply; a claim nests parentheses, function calls and minus signs at most 100 deep"),
        HostileCase(
            edit: .replace("kind: optimal-discriminator\nshow:", with: "kind: optimal-discriminator\nparameters:\n  steps: \(deepList)\nshow:"),
            error: "Lessons/lesson.md:48: invalid YAML in the experiment cell: lists or mappings nested too deeply"),
        HostileCase(
            edit: .replace("summary: Against", with: "x: \(deepList)\nsummary: Against"),
            error: "Lessons/lesson.md:5: invalid YAML in the front matter: lists or mappings nested too deeply"),
        HostileCase(
            edit: .replace("kind: optimal-discriminator\nshow:", with: "kind: optimal-discriminator\nparameters:\n\(laughs)\n  steps: *i\nshow:"),
            error: "Lessons/lesson.md:47: 'parameters' of cell 'dstar' hold more than 100,000 values (YAML aliases?)"),
        HostileCase(
            edit: .replace("kind: optimal-discriminator\nshow:", with: "kind: optimal-discriminator\nx:\n\(laughs)\nshow:"),
            error: "Lessons/lesson.md:47: unknown cell key 'x'; a cell has id, kind, parameters, show, expect"),
        HostileCase(
            edit: .replace("    y: [p_data, p_g, d_star, d_learned]\n    labels: [p_data(x), p_g(x), \"D*(x), closed form\", \"D(x), trained\"]",
                           with: "    labels: \(flowLaughs)\n    y: *i"),
            error: "Lessons/lesson.md:53: this chart needs 'y: <column>' or 'y: [<column>, ...]'"),
    ]

    static let deepList = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
    /// The same in one line of YAML flow: a list of the anchored lists.
    static let flowLaughs = "[&a [x, x, x, x, x, x, x, x, x, x], " + zip("abcdefgh", "bcdefghi").map { previous, next in
        "&\(next) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]"
    }.joined(separator: ", ") + "]"
    /// "Billion laughs": ten aliases deep, each ten times the one before.
    static let laughs = "  a: &a [x, x, x, x, x, x, x, x, x, x]\n" + zip("abcdefgh", "bcdefghi").map { previous, next in
        "  \(next): &\(next) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]"
    }.joined(separator: "\n")
}

/// A change to the shipped lesson, for the fixed cases.
enum Edit: Sendable {
    case prepend([UInt8])
    case insert([UInt8], before: String)
    case replace(String, with: String)

    /// The edited bytes, or nil if what the edit looks for is not in the lesson.
    func apply(to bytes: [UInt8]) -> [UInt8]? {
        func find(_ text: String) -> Range<Int>? {
            let needle = Array(text.utf8)
            guard needle.count <= bytes.count else { return nil }
            return (0...(bytes.count - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }.map { $0..<($0 + needle.count) }
        }
        switch self {
        case .prepend(let prefix): return prefix + bytes
        case .insert(let inserted, let marker):
            guard let range = find(marker) else { return nil }
            return Array(bytes[..<range.lowerBound]) + inserted + Array(bytes[range.lowerBound...])
        case .replace(let old, let new):
            guard let range = find(old) else { return nil }
            return Array(bytes[..<range.lowerBound]) + Array(new.utf8) + Array(bytes[range.upperBound...])
        }
    }

    var testDescription: String {
        switch self {
        case .prepend(let bytes): "prepend \(bytes)"
        case .insert(let bytes, let marker): "insert \(bytes) before \(marker.debugDescription)"
        case .replace(let old, let new): "replace \(old.debugDescription) with \(String(new.prefix(80)).debugDescription)"
        }
    }
}

/// LF line ends as CR LF.
func withCRLF(_ bytes: [UInt8]) -> [UInt8] {
    bytes.flatMap { $0 == 0x0A ? [0x0D, 0x0A] : [$0] }
}

// MARK: - Synthetic kinds

/// A course kind's declarations (name, version, parameters, results, input files) with a run
/// that trains nothing: it returns every declared result, shaped as declared, filled with the
/// numbers `AwkwardNumbers.current` chooses.
struct Synthetic<Kind: ExperimentKind>: ExperimentKind {
    typealias Parameters = Kind.Parameters

    static var name: String { Kind.name }
    static var version: Int { Kind.version }
    static var summary: String { Kind.summary }
    static var results: [ResultDeclaration] { Kind.results }

    static func inputFiles(_ parameters: Parameters) throws -> [URL] {
        try Kind.inputFiles(parameters)
    }

    static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        var numbers = AwkwardNumbers.current.makeIterator()
        if AwkwardNumbers.current.diverge { throw ExperimentError.diverged(step: 7, detail: "the loss became NaN") }
        var result = ExperimentResult()
        for declared in Kind.results {
            switch declared.shape {
            case .scalar:
                result.scalars[declared.name] = numbers.next(finite: false)
            case .table(let columns):
                let rows = (0..<numbers.rowCount).map { _ in columns.map { _ in numbers.next(finite: true) } }
                result.tables[declared.name] = DataTable(columns: columns.map(\.name), rows: rows)
            case .imageGrid:
                let images = (0..<2).map { _ in (0..<4).map { _ in numbers.next(finite: true) } }
                result.images[declared.name] = ImageGrid(width: 2, height: 2, columns: 2, images: images)
            }
        }
        return result
    }
}

/// The synthetic stand-in for a kind; a function so that an `any ExperimentKind.Type` opens
/// into its generic parameter.
func synthetic<Kind: ExperimentKind>(_ kind: Kind.Type) -> any ExperimentKind.Type {
    Synthetic<Kind>.self
}

/// The course's kinds, as synthetic stand-ins.
let syntheticRegistry = ExperimentRegistry(CourseExperiments.kinds.map { synthetic($0) })

/// The numbers synthetic runs produce. Without a choice (the fixed cases), plain ones that
/// gnuplot draws; with one, awkward ones, picked from `pool` in order.
struct AwkwardNumbers: Sendable {
    /// Finite numbers first, then the ones only scalars get.
    static let pool: [Double] = [0, -0.0, 1, -1, 1e300, -1e300, 1e-300, 12345.678, .nan, .infinity, -.infinity]
    static let finiteCount = 8

    @TaskLocal static var current = AwkwardNumbers(choices: [], diverge: false)

    var choices: [Int]
    var diverge: Bool

    func makeIterator() -> Iterator { Iterator(choices: choices) }

    struct Iterator {
        var choices: [Int]
        var index = 0

        /// Rows per table: 1 to 4 when awkward, 5 when plain.
        var rowCount: Int { choices.isEmpty ? 5 : 1 + choices[0] % 4 }

        mutating func next(finite: Bool) -> Double {
            defer { index += 1 }
            guard !choices.isEmpty else { return 0.25 * Double(index % 7) + 0.1 * Double(index / 7) }
            let choice = choices[index % choices.count]
            return AwkwardNumbers.pool[finite ? choice % AwkwardNumbers.finiteCount : choice]
        }
    }
}
