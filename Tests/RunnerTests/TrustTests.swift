import Foundation
import Testing

@testable import MinimaxRunner

/// The error a lesson raises when it is run in `space`, as the user reads it ("no error" if none).
func runError(_ space: TemporaryWorkspace, _ lesson: String, name: String = "bad") -> String {
    do {
        try space.write(name, lesson)
        _ = try space.run(name)
        return "no error"
    } catch {
        return "\(error)"
    }
}

/// The 1-based number of the first line of `text` that is exactly `line`.
func lineNumber(of line: String, in text: String) -> Int {
    (text.components(separatedBy: "\n").firstIndex(of: line) ?? -1) + 1
}

/// A lesson with one wave cell whose chart has the given extra lines.
func chartLesson(chart: String, prose: String = "", cell: String = "") -> String {
    """
    ---
    title: Hostile
    chapter: 1
    seed: 1
    summary: Strings that must stay strings.
    ---

    \(prose)

    ```experiment
    id: wave
    kind: wave
    \(cell)
    show:
      - chart: lines
        data: curve
        x: x
        y: [y, noisy]
    \(chart)
    ```
    """
}

@Suite("Lesson text is data, never code")
struct SecurityTests {
    /// Strings gnuplot (or a shell) would run if it expanded them: each tries to create `marker`.
    static func payloads(_ marker: String) -> [String] {
        [
            "`touch \(marker)`", "$(touch \(marker))", "system(\"touch \(marker)\")", "'; system('touch \(marker)'); '",
            "\"; system(\"touch \(marker)\"); \"", "a\nsystem('touch \(marker)')", "a\r\n! touch \(marker)", "\\' `touch \(marker)` \\",
        ]
    }

    @Test("Hostile strings in every text field of a chart stay text: gnuplot runs nothing, in the run or when a reader redraws")
    func inertStrings() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-pwned-\(UUID().uuidString)").path
        for (index, payload) in Self.payloads(marker).enumerated() {
            // As a YAML double-quoted string, so that quotes and newlines reach the lesson's value.
            let yaml = "\"" + payload.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r") + "\""
            let chart = ["title", "x_label", "y_label", "caption"].map { "    \($0): \(yaml)" }.joined(separator: "\n")
                + "\n    labels: [\(yaml), \(yaml)]"
            let name = "case\(index)"
            try space.write(name, chartLesson(chart: chart))
            _ = try space.run(name)
            #expect(space.exists("\(name)/figures/wave.png"), "\(payload)")
            // A reader redraws the figure as the report says: `gnuplot plots/NAME.gp` in the folder.
            let outcome = try ChildProcess.run(
                try Gnuplot.executable(), arguments: ["plots/wave.gp"], in: space.output.appendingPathComponent(name), timeLimit: 30)
            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(!FileManager.default.fileExists(atPath: marker), "gnuplot ran a command from \(payload.debugDescription)")
            let script = try space.read("\(name)/plots/wave.gp")
            #expect(!script.contains("\"\(payload)"), "the payload reached the script unquoted")
        }
        try? FileManager.default.removeItem(atPath: marker)
    }

    @Test("A string is single-quoted, a ' joined in as \"'\", line breaks removed")
    func quoting() {
        #expect(Gnuplot.quoted("it's `x`") == #"'it'."'".'s `x`'"#)
        #expect(Gnuplot.quoted("''") == #"''."'".''."'".''"#)
        #expect(Gnuplot.quoted("a\nb\r\nc\u{2028}d\u{0}e") == "'a b  c d e'")
        #expect(Gnuplot.quoted("\\\"$(x)") == "'\\\"$(x)'")
    }

    @Test("Names that would climb out of their folder are refused: figures, cells, lessons", arguments: [
        "../../../../tmp/evil", "..", "a/b", "/etc/passwd", "a b", "a\"b", "-rf", "ok\nname", String(repeating: "a", count: 101),
    ])
    func traversal(name: String) throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        let yaml = "\"" + name.replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n") + "\""
        let figure = runError(space, chartLesson(chart: "    name: \(yaml)"))
        #expect(figure.hasPrefix("Lessons/bad.md:19: 'name: "), "\(figure)")
        #expect(figure.hasSuffix("cannot name a figure's files: use letters, digits, - and _, starting with a letter"))
        let images = runError(space, chartLesson(chart: "  - images: tiles\n    name: \(yaml)"))
        #expect(images.hasPrefix("Lessons/bad.md:20: 'name: ") && images.hasSuffix("cannot name a figure's files: use letters, digits, - and _, starting with a letter"), "\(images)")
        let cell = runError(space, chartLesson(chart: "").replacingOccurrences(of: "id: wave", with: "id: \(yaml)"))
        #expect(cell == "Lessons/bad.md:11: a cell needs 'id: <name>' (letters, digits, - and _, starting with a letter)")
        let lesson = #expect(throws: RunnerError.self) { try space.workspace.lesson(name) }
        #expect(lesson?.message.hasPrefix("'\(name)' is not a lesson name") == true)
        let entries = try FileManager.default.contentsOfDirectory(atPath: space.root.path).sorted()
        #expect(entries == ["Lessons"], "nothing may be written for a refused lesson: \(entries)")
    }

    @Test("Every path the runner writes is checked to lie inside its folder")
    func insideFolder() throws {
        let folder = URL(fileURLWithPath: "/tmp/report")
        #expect(try inside(folder, "data/x.tsv").path == "/tmp/report/data/x.tsv")
        for escape in ["../x", "data/../../x", "..", "", "data/.."] {
            #expect(throws: RunnerError.self, "\(escape)") { try inside(folder, escape) }
        }
    }
}

@Suite("Bad input ends with a message, never a crash")
struct BadInputTests {
    @Test("%d of a number beyond a whole number's range, or of NaN, names the placeholder and a format that works")
    func wholeNumberFormat() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        let message = runError(space, waveLesson(amplitude: 1e300, prose: "Peak {{ wave.peak | %d }}."))
        #expect(message == "Lessons/bad.md:10: '{{ wave.peak | %d }}' is 1e+300, which is not a whole number %d can write; use a format like %.3g")
        #expect(!space.exists("bad"))
        let placeholder = Placeholder(cell: "a", name: "b", format: "%d", line: 3)
        for number in [Double.nan, -.infinity, -1e19] {
            #expect(throws: RunnerError.self) { try placeholder.format(number, in: "Lessons/x.md") }
        }
        #expect(try placeholder.format(-9e18, in: "Lessons/x.md") == "-9000000000000000000")
        #expect(try placeholder.format(5e9, in: "Lessons/x.md") == "5000000000", "not truncated to 32 bits")
    }

    @Test("Formats with absurd widths or precisions are refused before anything runs", arguments: ["%99999999999f", "%.999f", "%100d", "%s", "%n", "%1$f", "%lf"])
    func absurdFormats(format: String) throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        #expect(runError(space, waveLesson(prose: "Peak {{ wave.peak | \(format) }}."))
            == "Lessons/bad.md:10: '\(format)' is not a number format; use one like %.3f, %.2e, %.4g or %d (width and precision of at most two digits)")
    }

    @Test("Widths and precisions up to two digits work")
    func reasonableFormats() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("ok", waveLesson(prose: "Peak {{ wave.peak | %+08.3f }}, {{ wave.peak | %.17g }}, {{ wave.peak | %-5d }}|"))
        _ = try space.run("ok")
        #expect(try space.read("ok/README.md").contains("Peak +002.000, 2, 2    |"))
    }

    @Test("Parameter values that are not numbers, fractions for whole numbers and unknown nested keys name the line and the fix")
    func parameterValues() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        let lesson = waveLesson()
        #expect(runError(space, lesson.replacingOccurrences(of: "amplitude: 2.0", with: "amplitude: .nan"))
            == "Lessons/bad.md:16: parameter 'amplitude' of cell 'wave' must be a finite number, got nan")
        #expect(runError(space, lesson.replacingOccurrences(of: "amplitude: 2.0", with: "amplitude: -.inf"))
            == "Lessons/bad.md:16: parameter 'amplitude' of cell 'wave' must be a finite number, got -inf")
        #expect(runError(space, lesson.replacingOccurrences(of: "points: 21", with: "points: 21.5"))
            == "Lessons/bad.md:18: parameter 'grid.points' of cell 'wave' must be a whole number from 2 to 1000, got 21.5")
        #expect(runError(space, lesson.replacingOccurrences(of: "points: 21", with: "points: 99999999999999999999999"))
            == "Lessons/bad.md:18: parameter 'grid.points' of cell 'wave' must be a whole number from 2 to 1000, got 1e+23")
        #expect(runError(space, lesson.replacingOccurrences(of: "points: 21", with: "points: 21\n    skew: 2"))
            == "Lessons/bad.md:19: 'wave' has no parameter 'grid.skew'; its parameters are grid.from, grid.points, grid.to")
        #expect(runError(space, lesson.replacingOccurrences(of: "points: 21", with: "points: [21]"))
            == "Lessons/bad.md:18: parameter 'grid.points' of cell 'wave' must be a whole number from 2 to 1000, got [21]")
        #expect(!space.exists("bad"))
    }

    @Test("YAML aliases that expand to billions of values are refused")
    func billionLaughs() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        var anchors = "    a0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
        for level in 1...9 {
            anchors += "    a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let lesson = waveLesson().replacingOccurrences(of: "  amplitude: 2.0", with: "  amplitude: 2.0\n  bomb:\n" + anchors)
        #expect(runError(space, lesson) == "Lessons/bad.md:15: 'parameters' of cell 'wave' hold more than 100,000 values (YAML aliases?)")
    }

    @Test("A lesson with CR LF line ends, or a byte order mark, reads exactly as without")
    func crlf() throws {
        let unix = try LessonParser.parse(waveLesson(), name: "w", path: "Lessons/w.md")
        let windows = try LessonParser.parse(waveLesson().replacingOccurrences(of: "\n", with: "\r\n"), name: "w", path: "Lessons/w.md")
        #expect(windows.text == unix.text)
        #expect(windows.cells.map(\.id) == unix.cells.map(\.id))
        #expect(windows.cells[0].parameterLines == unix.cells[0].parameterLines)
        #expect(windows.cells[0].show == unix.cells[0].show)
        let marked = try LessonParser.parse("\u{FEFF}" + waveLesson(), name: "w", path: "Lessons/w.md")
        #expect(marked.text == unix.text, "a byte order mark is not part of the lesson")
    }

    @Test("log_y is true or false, nothing else")
    func logScale() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        #expect(runError(space, chartLesson(chart: "    log_y: 5")) == "Lessons/bad.md:19: 'log_y' is true or false")
    }

    @Test("A binary file in Lessons/ is named as not a lesson, and is not read as one")
    func binaryLesson() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        for (name, bytes) in [("random", Data((0..<512).map { UInt8(($0 * 37 + 11) % 256) })), ("nul", Data("---\ntitle: a\0b\n---\n".utf8))] {
            try bytes.write(to: space.root.appendingPathComponent("Lessons/\(name).md"))
            let error = #expect(throws: RunnerError.self) { try space.workspace.lesson(name) }
            #expect(error?.description == "Lessons/\(name).md: this is not a text file (a lesson is Markdown in UTF-8)")
        }
    }

    @Test("An output folder that is a file, and a cache that cannot be written, are refused before anything trains")
    func unusableFolders() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", waveLesson())
        let file = space.root.appendingPathComponent("report.txt")
        try Data("x".utf8).write(to: file)
        let plan = try LessonPlan(try space.workspace.lesson("waves"), registry: ExperimentRegistry([WaveKind.self]))
        let output = #expect(throws: RunnerError.self) { try space.runner().run(plan, into: file) }
        #expect(output?.description == "the output folder \(file.path) is a file; give --output a folder (it is created if missing)")

        let cacheFile = space.root.appendingPathComponent(".minimax-cache")
        try Data().write(to: cacheFile)
        let cache = #expect(throws: RunnerError.self) { try space.run("waves") }
        #expect(cache?.description == "cannot write the cache folder \(cacheFile.path): a file is in the way; make it writable, or delete it")
        #expect(!space.exists("waves"), "nothing is written when the cache cannot be")
    }
}

@Suite("Claims")
struct ClaimRunTests {
    static func lesson(_ claims: [String], extraCell: String = "") -> String {
        waveLesson() + "\n" + extraCell + """

            ```experiment
            id: check
            kind: wave
            parameters:
              amplitude: 3
              grid:
                points: 21
            expect:
            \(claims.map { "  - \($0)" }.joined(separator: "\n"))
            ```
            """
    }

    @Test("Claims that hold are ticked with the numbers that decided them, and recorded in results.json")
    func holding() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("claims", Self.lesson(["peak == 3", "peak > wave.peak", "abs(noise_mean) < 0.1", "amplitude * 2 == 6", "min(peak, wave.grid.points) >= 3"]))
        let summary = try space.run("claims")
        #expect(summary.claimsChecked == 5)
        #expect(summary.failedClaims.isEmpty)
        let readme = try space.read("claims/README.md")
        #expect(readme.contains("**Checked by this run** (5 of 5 claims hold):"))
        #expect(readme.contains("- [x] `peak > wave.peak`: 3 > 2\n"))
        #expect(readme.contains("- [x] `amplitude * 2 == 6`: 6 == 6\n"))
        let results = try JSONDecoder().decode(ParameterValue.self, from: Data(try space.read("claims/results.json").utf8))
        #expect(results.value(at: "cells.check.claims") == .array([
            ["claim": "peak == 3", "holds": true, "left": 3, "right": 3],
            ["claim": "peak > wave.peak", "holds": true, "left": 3, "right": 2],
            ["claim": "abs(noise_mean) < 0.1", "holds": true, "left": results.value(at: "cells.check.claims")!.itemLeft(2), "right": 0.1],
            ["claim": "amplitude * 2 == 6", "holds": true, "left": 6, "right": 6],
            ["claim": "min(peak, wave.grid.points) >= 3", "holds": true, "left": 3, "right": 3],
        ]))
    }

    @Test("A claim that does not hold is marked in the report, named with its values, and the rest is written")
    func failing() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        let lesson = Self.lesson(["peak < 2.5", "peak == 3"])
        try space.write("claims", lesson)
        let summary = try space.run("claims")
        #expect(summary.claimsChecked == 2)
        #expect(summary.failedClaims == ["Lessons/claims.md:\(lineNumber(of: "  - peak < 2.5", in: lesson)): a claim of cell 'check' does not hold: peak < 2.5 (3 < 2.5)"])
        let readme = try space.read("claims/README.md")
        #expect(readme.contains("**Checked by this run** (1 of 2 claims hold):"))
        #expect(readme.contains("- [ ] **does not hold:** `peak < 2.5`: 3 < 2.5\n"))
        #expect(space.exists("claims/figures/wave-curve.png"))
    }

    @Test("A claim about a cell that did not finish is not checked, and counts as failed")
    func unfinished() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        let broken = "\n```experiment\nid: broken\nkind: wave\nparameters:\n  diverge_at: 3\n```\n"
        let lesson = Self.lesson(["peak > broken.peak"], extraCell: broken)
        try space.write("claims", lesson)
        let summary = try space.run("claims")
        #expect(summary.failedClaims == ["Lessons/claims.md:\(lineNumber(of: "  - peak > broken.peak", in: lesson)): a claim of cell 'check' could not be checked: peak > broken.peak (cell 'broken' did not finish)"])
        #expect(try space.read("claims/README.md").contains("- [ ] **not checked:** `peak > broken.peak`: cell 'broken' did not finish\n"))
    }

    @Test("Claims are checked at plan time: syntax, and names that are not results or numeric parameters", arguments: [
        ("peak <", "claim 'peak <', at character 7: "),
        ("peak < 1 < 2", "claim 'peak < 1 < 2', at character 10: one comparison per claim; write two claims"),
        ("peek > 1", "claim 'peek > 1' uses 'peek', which is neither a result or numeric parameter of cell 'check' nor 'cell.result' of another cell; the results of 'check' are peak, noise_mean"),
        ("curve > 1", "claim 'curve > 1' uses 'curve', which is neither"),
        ("omit_table > 0", "claim 'omit_table > 0' uses 'omit_table', which is neither"),
        ("nowhere.peak > 1", "claim 'nowhere.peak > 1' uses 'nowhere.peak', which is neither"),
    ])
    func planErrors(claim: String, message: String) throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        let lesson = Self.lesson([claim])
        let error = runError(space, lesson)
        #expect(error.hasPrefix("Lessons/bad.md:\(lineNumber(of: "  - \(claim)", in: lesson)): " + message), "\(error)")
        #expect(!space.exists("bad"))
        #expect(!FileManager.default.fileExists(atPath: space.root.appendingPathComponent(".minimax-cache").path), "nothing may train")
    }
}

@Suite("Caching and provenance")
struct ProvenanceTests {
    @Test("results.json is byte-identical whether cells ran or came from the cache; timings and kernels go to run.json")
    func stableResults() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", waveLesson())
        _ = try space.run("waves")
        let first = try space.read("waves/results.json")
        #expect(!first.contains("seconds") && !first.contains("kernels") && !first.contains("from_cache"))
        _ = try space.run("waves")
        #expect(try space.read("waves/results.json") == first)
        _ = try space.run("waves", force: true)
        #expect(try space.read("waves/results.json") == first)
        let run = try JSONDecoder().decode(ParameterValue.self, from: Data(try space.read("waves/run.json").utf8))
        #expect(run.value(at: "cells.wave.from_cache") == false)
        #expect(run.value(at: "cells.wave.kernels") == "none")
    }

    @Test("A cached result keeps the kernels and machine that computed it")
    func cachedKernels() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", waveLesson())
        _ = try space.run("waves")
        var runner = space.runner()
        runner.environment = RunEnvironment(engineVersion: "test", kernels: "other kernels", machine: "other machine")
        _ = try runner.run(try space.workspace.lesson("waves"), into: space.output)
        let run = try JSONDecoder().decode(ParameterValue.self, from: Data(try space.read("waves/run.json").utf8))
        #expect(run.value(at: "cells.wave.from_cache") == true)
        #expect(run.value(at: "cells.wave.kernels") == "none")
        #expect(run.value(at: "kernels_now") == "other kernels")
        #expect(run.value(at: "machine_now") == "other machine")
    }

    @Test("A new version of a kind, or a change in a file it reads, is out of date and runs again")
    func versionsAndInputs() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try Data("first".utf8).write(to: ReadingWaveKind.input)
        defer { try? FileManager.default.removeItem(at: ReadingWaveKind.input) }
        try space.write("waves", waveLesson())
        func runner(_ kinds: [any ExperimentKind.Type]) -> LessonRunner {
            var runner = space.runner()
            runner.registry = ExperimentRegistry(kinds)
            return runner
        }
        func status(_ kinds: [any ExperimentKind.Type]) throws -> OutputStatus {
            space.workspace.status(
                of: try LessonPlan(try space.workspace.lesson("waves"), registry: ExperimentRegistry(kinds)),
                environment: space.runner().environment, output: space.output)
        }
        #expect(try runner([WaveKind.self]).run(try space.workspace.lesson("waves"), into: space.output).cellsRun == ["wave"])
        #expect(try status([WaveKind.self]) == .upToDate)
        #expect(try status([ReadingWaveKind.self]) == .outOfDate, "version 2 of the kind")
        #expect(try runner([ReadingWaveKind.self]).run(try space.workspace.lesson("waves"), into: space.output).cellsRun == ["wave"])
        #expect(try status([ReadingWaveKind.self]) == .upToDate)
        try Data("second".utf8).write(to: ReadingWaveKind.input)
        #expect(try status([ReadingWaveKind.self]) == .outOfDate, "the file it reads changed")
        #expect(try runner([ReadingWaveKind.self]).run(try space.workspace.lesson("waves"), into: space.output).cellsRun == ["wave"])
        try FileManager.default.removeItem(at: ReadingWaveKind.input)
        let missing = #expect(throws: RunnerError.self) { try LessonPlan(try space.workspace.lesson("waves"), registry: ExperimentRegistry([ReadingWaveKind.self])) }
        #expect(missing?.description.hasPrefix("Lessons/waves.md:12: cell 'wave' cannot read its input: ") == true)
    }

    @Test("list: lessons in chapter order, and the first error of a lesson that does not plan")
    func chapterOrder() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("b-second", waveLesson().replacingOccurrences(of: "chapter: 3", with: "chapter: 2"))
        try space.write("a-third", waveLesson())
        try space.write("c-first", waveLesson().replacingOccurrences(of: "chapter: 3", with: "chapter: 1"))
        try space.write("broken", waveLesson().replacingOccurrences(of: "points: 21", with: "points: 0"))
        let plans = space.workspace.plans(registry: ExperimentRegistry([WaveKind.self]))
        #expect(plans.map(\.name) == ["c-first", "b-second", "a-third", "broken"])
        guard case .failure(let error) = plans[3].plan else { Issue.record("broken must not plan"); return }
        #expect(OutputStatus.invalid(error).description
            == "has errors: Lessons/broken.md:18: parameter 'grid.points' of cell 'wave' must be a whole number from 2 to 1000, got 0")
    }
}

extension ParameterValue {
    /// The `left` number of item `index` of an array of claims, for comparing with what was computed.
    func itemLeft(_ index: Int) -> ParameterValue {
        guard case .array(let items) = self, index < items.count else { return .null }
        return items[index].value(at: "left") ?? .null
    }
}
