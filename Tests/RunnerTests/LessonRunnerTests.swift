import Foundation
import Testing

@testable import MinimaxRunner

@Suite("Running lessons")
struct LessonRunnerTests {
    @Test("A run writes the report, its figures, data, plot scripts and results")
    func writesReport() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", waveLesson())
        let summary = try space.run("waves")
        #expect(summary.cellsRun == ["wave"])
        for file in ["README.md", "results.json", "data/wave-curve.tsv", "plots/wave-curve.gp", "figures/wave-curve.png", "data/wave-2.tsv", "figures/wave-2.png"] {
            #expect(space.exists("waves/\(file)"), "\(file) missing")
        }
        let readme = try space.read("waves/README.md")
        #expect(readme.hasPrefix("# Chapter 3 · Waves\n\n> A wave, for testing."))
        #expect(readme.contains("The peak is 2.00 for 21 points."))
        #expect(readme.contains("![A wave](figures/wave-curve.png)"))
        #expect(readme.contains("**Figure 1.** Amplitude 2."))
        #expect(readme.contains("**Figure 2.** Two tiles."))
        #expect(readme.contains("| `peak` | 2 | The largest value of the wave. |"))
        #expect(readme.contains("<summary>Experiment <code>wave</code>: <code>wave</code>"))
        #expect(readme.contains("| `amplitude` | `2` | The wave's height. (set by the lesson) |"))
        #expect(!readme.contains("{{"))
        #expect(!FileManager.default.fileExists(atPath: space.root.appendingPathComponent("Output/.staging-waves-\(ProcessInfo.processInfo.processIdentifier)").path))
    }

    @Test("The report agrees with its data: every figure exists and every number is in results.json")
    func reportAgreesWithData() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", waveLesson())
        _ = try space.run("waves")
        let readme = try space.read("waves/README.md")
        let links = try NSRegularExpression(pattern: #"\]\((figures/[^)]+\.png)\)"#)
            .matches(in: readme, range: NSRange(readme.startIndex..., in: readme))
            .map { String(readme[Range($0.range(at: 1), in: readme)!]) }
        #expect(links == ["figures/wave-curve.png", "figures/wave-2.png"])
        for link in links { #expect(space.exists("waves/\(link)")) }

        let results = try JSONDecoder().decode(ParameterValue.self, from: Data(try space.read("waves/results.json").utf8))
        guard case .number(let peak) = results.value(at: "cells.wave.results.peak") else { Issue.record("no peak"); return }
        #expect(peak == 2)
        #expect(results.value(at: "seed") == .number(5))
        #expect(results.value(at: "cells.wave.parameters.grid.points") == .number(21))
        #expect(results.value(at: "cells.wave.parameters.grid.from") == .number(0))

        let tsv = try space.read("waves/data/wave-curve.tsv").split(separator: "\n")
        #expect(tsv.first == "x\ty\tnoisy")
        #expect(tsv.count == 22)
        let maximum = tsv.dropFirst().map { Double($0.split(separator: "\t")[1])! }.max()
        #expect(maximum == peak)
        let script = try space.read("waves/plots/wave-curve.gp")
        #expect(script.contains("'data/wave-curve.tsv' using 'x':'y' with lines ls 1 title 'sine'"))
    }

    @Test("A second run reuses the cache; prose edits too; parameter changes and --force run again")
    func caching() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", waveLesson())
        let status = {
            space.workspace.status(
                of: try LessonPlan(try space.workspace.lesson("waves"), registry: ExperimentRegistry([WaveKind.self])),
                environment: RunEnvironment(engineVersion: "test", kernels: ""), output: space.output)
        }
        #expect(try status() == .notRun)
        #expect(try space.run("waves").cellsRun == ["wave"])
        #expect(try status() == .upToDate)
        #expect(try space.run("waves").cellsFromCache == ["wave"])

        try space.write("waves", waveLesson(prose: "New words, peak {{ wave.peak }}."))
        #expect(try status() == .proseChanged)
        #expect(try space.run("waves").cellsFromCache == ["wave"])
        #expect(try space.read("waves/README.md").contains("New words, peak 2."))

        try space.write("waves", waveLesson(amplitude: 3))
        #expect(try status() == .outOfDate)
        #expect(try space.run("waves").cellsRun == ["wave"])
        #expect(try space.run("waves", force: true).cellsRun == ["wave"])
        #expect(try space.run("waves", seed: 99).cellsRun == ["wave"])
        #expect(try status() == .outOfDate, "the output was written with another seed")
    }

    @Test("The same seed writes byte-identical data; another seed different data")
    func determinism() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", waveLesson())
        _ = try space.run("waves")
        let first = try space.read("waves/data/wave-curve.tsv")
        _ = try space.run("waves", force: true)
        #expect(try space.read("waves/data/wave-curve.tsv") == first)
        _ = try space.run("waves", force: true, seed: 6)
        #expect(try space.read("waves/data/wave-curve.tsv") != first)
    }

    @Test("Unknown kinds, parameters and names are errors with the line and the valid choices")
    func planErrors() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        func message(_ lesson: String) -> String {
            do {
                try space.write("bad", lesson)
                _ = try space.run("bad")
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        let good = waveLesson()
        #expect(message(good.replacingOccurrences(of: "kind: wave", with: "kind: wav"))
            == "Lessons/bad.md:12: unknown experiment kind 'wav'; did you mean wave? The kinds are: wave (`minimax kinds` describes them).")
        #expect(message(good.replacingOccurrences(of: "amplitude: 2", with: "amplitud: 2"))
            == "Lessons/bad.md:16: 'wave' has no parameter 'amplitud'; its parameters are amplitude, diverge_at, grid, omit_table")
        #expect(message(good.replacingOccurrences(of: "points: 21", with: "poinst: 21"))
            == "Lessons/bad.md:18: 'wave' has no parameter 'grid.poinst'; its parameters are grid.from, grid.points, grid.to")
        #expect(message(good.replacingOccurrences(of: "points: 21", with: "points: many"))
            == "Lessons/bad.md:18: parameter 'grid.points' of cell 'wave' must be a whole number from 2 to 1000, got many")
        #expect(message(good.replacingOccurrences(of: "points: 21", with: "points: 1"))
            == "Lessons/bad.md:18: parameter 'grid.points' of cell 'wave' must be a whole number from 2 to 1000, got 1")
        #expect(message(good.replacingOccurrences(of: "wave.peak |", with: "wave.peek |"))
            == "Lessons/bad.md:10: cell 'wave' has no result or parameter 'peek'; its results are peak, noise_mean")
        #expect(message(good.replacingOccurrences(of: "{{ wave.peak", with: "{{ wav.peak"))
            == "Lessons/bad.md:10: '{{ wav.peak }}' names no cell; the cells are wave")
        #expect(message(good.replacingOccurrences(of: "%.2f", with: "%s")).contains("'%s' is not a number format"))
        #expect(message(good.replacingOccurrences(of: "y: [y, noisy]", with: "y: [y, noise]"))
            == "Lessons/bad.md:12: table 'curve' of 'wave' has no column 'noise'; its columns are x, y, noisy")
        #expect(message(good.replacingOccurrences(of: "data: curve", with: "data: peak"))
            == "Lessons/bad.md:12: 'peak' of 'wave' is a number, and a chart draws columns of a table; its tables are curve, field, snapshots")
        #expect(message(good.replacingOccurrences(of: "images: tiles", with: "images: curve"))
            == "Lessons/bad.md:12: 'curve' of 'wave' is a table, and 'images:' shows an image grid; its image grids are tiles")
        #expect(message(good.replacingOccurrences(of: "results: [peak, noise_mean]", with: "results: [peak, tiles]"))
            == "Lessons/bad.md:12: 'tiles' of 'wave' is an image grid, and 'results:' lists numbers; its scalar results are peak, noise_mean")
        #expect(message(good.replacingOccurrences(of: "table: curve", with: "table: curves"))
            == "Lessons/bad.md:12: 'wave' has no table 'curves'; its tables are curve, field, snapshots")
        #expect(!space.exists("bad"), "a failed run must write nothing")
        #expect(throws: RunnerError.self) { try space.workspace.lesson("wavez") }
    }

    @Test("A failed run leaves the previous output in place")
    func atomicOutput() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", waveLesson())
        _ = try space.run("waves")
        let before = try space.read("waves/README.md")
        // The kind declares the table but this run does not produce it: the run's check fails.
        try space.write("waves", waveLesson().replacingOccurrences(of: "  amplitude: 2", with: "  amplitude: 2\n  omit_table: true"))
        #expect(throws: RunnerError.self) { try space.run("waves") }
        #expect(try space.read("waves/README.md") == before)
        // Only the lock file stays beside the report: no staging or old folder.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: space.output.path).filter { $0.hasPrefix(".") }
        #expect(leftovers == [".waves.lock"])
    }

    @Test("A diverged cell is reported in place; the rest of the report is written")
    func divergence() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        let lesson = waveLesson(prose: "Peak {{ wave.peak }}.") + """

            ```experiment
            id: broken
            kind: wave
            parameters:
              diverge_at: 37
            ```

            Broken peak: {{ broken.peak }}.
            """
        try space.write("waves", lesson)
        let summary = try space.run("waves")
        #expect(summary.failures.map(\.cell) == ["broken"])
        let readme = try space.read("waves/README.md")
        #expect(readme.contains("Cell `broken` (`wave`) did not finish: training diverged at step 37: the loss became NaN."))
        #expect(readme.contains("Peak 2."))
        #expect(readme.contains("Broken peak: n/a."))
        #expect(space.exists("waves/figures/wave-curve.png"))
    }

    @Test("Scatter charts, heatmaps and marks are drawn too; the table named like a layered chart keeps data/NAME.tsv")
    func otherChartStyles() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("styles", """
            ---
            title: Styles
            chapter: 9
            seed: 1
            summary: Every chart style.
            ---

            ```experiment
            id: s
            kind: wave
            show:
              - chart: scatter
                data: curve
                x: x
                y: noisy
                log_y: false
              - chart: heatmap
                data: field
                x: x
                y_axis: y
                y: z
                labels: [x times y]
              - chart: layers
                name: field
                equal_axes: true
                layers:
                  - {chart: scatter, data: field, x: x, y: y}
                  - {chart: marks, data: curve, x: x, y: y, labels: [centres]}
            ```
            """)
        _ = try space.run("styles")
        #expect(space.exists("styles/data/field.tsv") && space.exists("styles/data/field-curve.tsv") && !space.exists("styles/data/field-field.tsv"))
        #expect(try space.read("styles/plots/field.gp").contains(
            "'data/field-curve.tsv' using 'x':'y' with points pt 6 ps 1.6 lw 2 lc rgb \"#ff1493\" title 'centres'"))
        #expect(space.exists("styles/figures/field.png"))
        #expect(space.exists("styles/figures/s.png"))
        #expect(space.exists("styles/figures/s-2.png"))
        let heatmap = try space.read("styles/plots/s-2.gp")
        #expect(heatmap.contains("using 'x':'y':'z' with image"))
        #expect(try space.read("styles/plots/s.gp").contains("with points"))
    }

    @Test("Equal axes draw a square window with a margin around points; window: heatmap keeps only the heatmap's grid in view")
    func equalAxesWindows() throws {
        let points = DataTable(columns: ["x", "y"], rows: [[-2, -1], [3, 1], [0, 0.5]])
        let grid = DataTable(columns: ["x", "y", "d"], rows: [[-1, -1, 0], [1, -1, 1], [-1, 1, 2], [1, 1, 3]])
        let scatter = ChartLayer(style: .scatter, data: "points", x: "x", y: ["y"], labels: ["samples"])
        let heatmap = ChartLayer(style: .heatmap, data: "grid", x: "x", y: ["d"], labels: ["D"], yAxis: "y")
        func ranges(_ script: String) -> [Double] {
            script.split(separator: "\n").filter { $0.hasPrefix("set xrange") || $0.hasPrefix("set yrange") }.flatMap { line in
                line.split(whereSeparator: { "[:]".contains($0) }).dropFirst().prefix(2).map { Double($0)! }
            }
        }
        func close(_ a: [Double], _ b: [Double]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) < 1e-9 } }
        // Points alone: x spans [-2, 3] and y [-1, 1]; each is widened by 5%, then both axes get the
        // longer span (5.5) plus 5% on each side, around their own centres.
        #expect(close(ranges(Gnuplot.fixedRanges([scatter], ["points": points], square: true)), [-2.525, 3.525, -3.025, 3.025]))
        // Over a heatmap (cells reach ±2) with a point outside: x is widened by 5%, then y gets x's span.
        let both = Gnuplot.fixedRanges([heatmap, scatter], ["grid": grid, "points": points], square: true)
        #expect(close(ranges(both), [-2.25, 3.25, -2.75, 2.75]) && both.contains("set cbrange [0.0:3.0]"))
        // window: heatmap: the grid's cells alone, whatever lies outside.
        let window = Gnuplot.fixedRanges([heatmap, scatter], ["grid": grid, "points": points], square: true, heatmapOnly: true)
        #expect(close(ranges(window), [-2, 2, -2, 2]))
        let parse = { (text: String) in try LessonParser.parse(text, name: "w", path: "Lessons/w.md") }
        let lesson = waveLesson().replacingOccurrences(of: "name: wave-curve\n", with: "name: wave-curve\n    window: heatmap\n")
        #expect(lesson != waveLesson())
        let error = #expect(throws: RunnerError.self) { try parse(lesson) }
        #expect(error?.description.hasSuffix("'window: heatmap' needs a heatmap layer, whose grid sets the axes") == true)
        let wrong = #expect(throws: RunnerError.self) { try parse(lesson.replacingOccurrences(of: "window: heatmap", with: "window: all")) }
        #expect(wrong?.description.hasSuffix("'window' is 'data' (every point in view, the default) or 'heatmap' (the heatmap's grid only), got 'all'") == true)
    }

    @Test("Layered charts as small multiples and as an animation: one file per table, sorted by the split column, same axes everywhere")
    func layeredCharts() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("layers", """
            ---
            title: Layers
            chart: 9
            seed: 1
            summary: Layered, faceted, animated.
            ---

            ```experiment
            id: s
            kind: wave
            show:
              - chart: layers
                name: panels
                title: Three steps
                facet: step
                layers:
                  - {chart: heatmap, data: snapshots, x: x, y_axis: y, y: z}
                  - {chart: vectors, data: snapshots, x: x, y: y, dx: dx, dy: dy, labels: [moves]}
                  - {chart: scatter, data: field, x: x, y: y}
              - chart: layers
                name: movie
                animate: step
                layers:
                  - {chart: heatmap, data: snapshots, x: x, y_axis: y, y: z}
            ```
            """.replacingOccurrences(of: "chart: 9", with: "chapter: 9"))
        let lesson = try String(contentsOf: space.root.appendingPathComponent("Lessons/layers.md"), encoding: .utf8)
        try space.write("wrong", lesson.replacingOccurrences(of: "animate: step", with: "animate: mode"))
        let wrong = #expect(throws: RunnerError.self) { try space.run("wrong") }
        #expect(wrong?.description.hasSuffix(
            "no table of this chart has the column 'mode' to split it by; 'facet:' and 'animate:' name a column of at least one of its tables") == true)
        let summary = try space.run("layers")
        #expect(summary.files.contains("figures/panels.png") && summary.files.contains("figures/movie.gif"))
        #expect(space.exists("layers/figures/panels.png") && space.exists("layers/figures/movie.gif"))
        let readme = try space.read("layers/README.md")
        #expect(readme.contains("![Three steps](figures/panels.png)") && readme.contains("](figures/movie.gif)"))
        // One data file per table of a layered chart, its rows sorted by step (stably).
        let data = try space.read("layers/data/panels-snapshots.tsv").split(separator: "\n")
        #expect(data.first == "step\tx\ty\tz\tdx\tdy")
        let steps = data.dropFirst().map { Double($0.split(separator: "\t")[0])! }
        #expect(steps == [Double](repeating: 1, count: 20) + [Double](repeating: 2, count: 20) + [Double](repeating: 3, count: 20))
        #expect(data[1] == "1\t0\t0\t0\t0.3\t0.1")
        let script = try space.read("layers/plots/panels.gp")
        #expect(script.contains("set multiplot layout 1,3 title 'Three steps' noenhanced"))
        #expect(script.contains("set title 'step = 2' noenhanced\nplot 'data/panels-snapshots.tsv' every ::20::39 using 'x':'y':'z' with image notitle"))
        // A table without the step column (field) is drawn whole in every panel.
        #expect(script.components(separatedBy: "'data/panels-field.tsv' using 'x':'y' with points").count - 1 == 3)
        // The same axes and colours in every panel: half a cell beyond the grid, the arrows' tips included.
        #expect(script.contains("set xrange [-0.5:4.5]\nset yrange [-0.5:3.5]\nset cbrange [0.0:36.0]\n"))
        let movie = try space.read("layers/plots/movie.gp")
        #expect(movie.contains("set terminal gif animate"))
        #expect(movie.components(separatedBy: "\nplot ").count - 1 == 3, "one frame per step")
        let gif = try Data(contentsOf: space.output.appendingPathComponent("layers/figures/movie.gif"))
        #expect(gif.prefix(6) == Data("GIF89a".utf8))
    }

    @Test("facet_values draws only the listed panels, and the figure's data files hold only their rows; a value without rows is named")
    func chosenPanels() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        let lesson = """
            ---
            title: Panels
            chapter: 9
            seed: 1
            summary: Two of three steps.
            ---

            ```experiment
            id: s
            kind: wave
            show:
              - chart: layers
                name: panels
                title: Two steps
                facet: step
                facet_values: [1, 3]
                layers:
                  - {chart: heatmap, data: snapshots, x: x, y_axis: y, y: z}
                  - {chart: scatter, data: field, x: x, y: y}
            ```
            """
        try space.write("panels", lesson)
        _ = try space.run("panels")
        let data = try space.read("panels/data/panels-snapshots.tsv").split(separator: "\n")
        let steps = data.dropFirst().map { Double($0.split(separator: "\t")[0])! }
        #expect(steps == [Double](repeating: 1, count: 20) + [Double](repeating: 3, count: 20))
        let script = try space.read("panels/plots/panels.gp")
        #expect(script.contains("set multiplot layout 1,2 title 'Two steps' noenhanced"))
        #expect(script.contains("set title 'step = 3' noenhanced\nplot 'data/panels-snapshots.tsv' every ::20::39 using"))
        #expect(!script.contains("step = 2"))
        #expect(script.contains("set cbrange [0.0:36.0]"), "the colour scale of the panels drawn")

        try space.write("missing", lesson.replacingOccurrences(of: "[1, 3]", with: "[1, 4]"))
        let missing = #expect(throws: RunnerError.self) { try space.run("missing") }
        #expect(missing?.description == "Lessons/missing.md:8: chart 'panels' has no rows with step = 4 for 'facet_values'; its values are 1, 2, 3")
        for (values, key) in [("[3, 1]", "facet_values"), ("[1, x]", "facet_values"), ("[]", "facet_values")] {
            try space.write("bad", lesson.replacingOccurrences(of: "[1, 3]", with: values))
            let bad = #expect(throws: RunnerError.self) { try space.workspace.lesson("bad") }
            #expect(bad?.description.contains("'\(key)' goes with 'facet:' and lists the panels to draw, 1 to 24 increasing numbers") == true, "\(values)")
        }
    }

    @Test("Close names are suggested for a lesson typo")
    func closeNames() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("optimal-discriminator", waveLesson())
        let error = #expect(throws: RunnerError.self) { try space.workspace.lesson("optimal-discrimnator") }
        #expect(error?.description == "no lesson named 'optimal-discrimnator'; did you mean optimal-discriminator? The lessons are: optimal-discriminator (`minimax list`).")
    }
}
