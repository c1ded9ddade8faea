import Foundation
import Testing

@testable import MinimaxRunner

@Suite("Reading lessons")
struct LessonParserTests {
    func parse(_ text: String) throws -> Lesson {
        try LessonParser.parse(text, name: "test", path: "Lessons/test.md")
    }

    /// The error a lesson text raises, as the user reads it.
    func error(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test("Front matter, prose and cells come out in order")
    func structure() throws {
        let lesson = try parse(waveLesson())
        #expect(lesson.title == "Waves")
        #expect(lesson.chapter == 3)
        #expect(lesson.seed == 5)
        #expect(lesson.cells.map(\.id) == ["wave"])
        #expect(lesson.cells[0].line == 12)
        #expect(lesson.cells[0].parameterLines["grid.points"] == 18)
        #expect(lesson.cells[0].show.count == 4)
        guard case .chart(let chart) = lesson.cells[0].show[0] else { Issue.record("not a chart"); return }
        #expect(chart.layers == [ChartLayer(style: .lines, data: "curve", x: "x", y: ["y", "noisy"], labels: ["sine", "noisy sine"])])
        #expect(chart.xLabel == "x")
        guard case .images(let images) = lesson.cells[0].show[1] else { Issue.record("not images"); return }
        #expect(images.name == "wave-2")
        if case .prose(let text, let line) = lesson.blocks.last! {
            #expect(text.contains("Closing words."))
            #expect(line == 35)
        }
    }

    @Test("A fenced block of another language is prose, even if it looks like a cell inside")
    func otherFences() throws {
        let lesson = try parse("---\ntitle: T\nchapter: 1\nseed: 1\nsummary: S\n---\n````markdown\n```experiment\nid: x\n```\n````\n")
        #expect(lesson.cells.isEmpty)
    }

    @Test("Mistakes are reported with the file, the line and what is expected")
    func errors() {
        let front = "---\ntitle: T\nchapter: 1\nseed: 1\nsummary: S\n---\n"
        #expect(error("no front matter") == "Lessons/test.md:1: a lesson starts with front matter between two '---' lines, with title, chapter, seed, summary")
        #expect(error("---\ntitle: T\nchapter: one\nseed: 1\nsummary: S\n---\n") == "Lessons/test.md:3: 'chapter' must be a whole number")
        #expect(error("---\ntitle: T\nchapter: 1\nseed: 1\n---\n").contains("the front matter needs 'summary:"))
        #expect(error(front + "text\n```experiment\nid: a\nkind: wave\ncolour: red\n```\n")
            == "Lessons/test.md:11: unknown cell key 'colour'; a cell has id, kind, parameters, show, expect")
        #expect(error(front + "```experiment\nid: a\nkind: wave\nparameters: [1, 2\n```\n")
            == "Lessons/test.md:10: invalid YAML in the experiment cell: while parsing a flow sequence, did not find expected ',' or ']'")
        #expect(error(front + "```experiment\nkind: wave\n```\n").contains("a cell needs 'id: <name>'"))
        #expect(error(front + "```experiment\nid: a\nkind: wave\n```\n```experiment\nid: a\nkind: wave\n```\n")
            == "Lessons/test.md:11: cell id 'a' is already used by the cell at line 7")
        #expect(error(front + "```experiment\nid: a\nkind: wave\nshow:\n  - chart: pie\n    data: curve\n    x: x\n    y: y\n```\n")
            .contains("unknown chart style 'pie'; the styles are lines, scatter, heatmap, vectors"))
        #expect(error(front + "```experiment\nid: a\nkind: wave\n") == "Lessons/test.md:7: this experiment cell has no closing fence")
    }

    @Test("A layered chart: layers bottom first, facet or animate, labels from the first layer")
    func layers() throws {
        let front = "---\ntitle: T\nchapter: 1\nseed: 1\nsummary: S\n---\n"
        let cell = """
            ```experiment
            id: a
            kind: wave
            show:
              - chart: layers
                facet: step
                layers:
                  - {chart: heatmap, data: snapshots, x: x, y_axis: y, y: z, labels: [D(x)]}
                  - chart: vectors
                    data: snapshots
                    x: x
                    y: y
                    dx: dx
                    dy: dy
            ```

            """
        let lesson = try parse(front + cell)
        guard case .chart(let chart) = lesson.cells[0].show[0] else { Issue.record("not a chart"); return }
        #expect(chart.layers == [
            ChartLayer(style: .heatmap, data: "snapshots", x: "x", y: ["z"], labels: ["D(x)"], yAxis: "y"),
            ChartLayer(style: .vectors, data: "snapshots", x: "x", y: ["y"], labels: ["y"], dx: "dx", dy: "dy"),
        ])
        #expect(chart.facet == "step" && chart.animate == nil && chart.splitColumn == "step")
        #expect(chart.xLabel == "x" && chart.yLabel == "y")
        #expect(chart.figureFile == "figures/a.png")
        let animated = try parse(front + cell.replacingOccurrences(of: "facet: step", with: "animate: step"))
        guard case .chart(let gif) = animated.cells[0].show[0] else { Issue.record("not a chart"); return }
        #expect(gif.figureFile == "figures/a.gif")

        #expect(error(front + cell.replacingOccurrences(of: "facet: step", with: "facet: step\n    animate: step"))
            == "Lessons/test.md:13: a chart is either small multiples ('facet:') or an animation ('animate:'), not both")
        #expect(error(front + cell.replacingOccurrences(of: "    dy: dy\n", with: "\n"))
            == "Lessons/test.md:15: vectors need one 'y' column and 'dx:', 'dy:' columns: arrows from (x, y) by (dx, dy)")
        #expect(error(front + cell.replacingOccurrences(of: "data: snapshots, x: x", with: "data: snapshots, colour: red, x: x"))
            == "Lessons/test.md:14: unknown key 'colour' in a layer; its keys are chart, data, x, y, y2, labels, y_axis, dx, dy")
        #expect(error(front + cell.replacingOccurrences(of: "    facet: step", with: "    data: snapshots"))
            == "Lessons/test.md:12: 'data' belongs to a layer: with 'chart: layers', give it in the items of 'layers:'")
        #expect(error(front + cell.replacingOccurrences(of: "{chart: heatmap", with: "{chart: pie"))
            == "Lessons/test.md:14: unknown chart style 'pie'; the styles are lines, scatter, heatmap, vectors, marks, and layers for several in one chart")
    }

    @Test("YAML errors point at the line in the lesson file")
    func yamlErrorLine() {
        let text = "---\ntitle: T\nchapter: 1\nseed: 1\nsummary: S\n---\n\n```experiment\nid: a\nkind: wave\nparameters:\n  amplitude: [1\n```\n"
        let message = error(text)
        #expect(message.hasPrefix("Lessons/test.md:12: invalid YAML in the experiment cell: "), "\(message)")
        #expect(message.contains("invalid YAML in the experiment cell"))
    }

    @Test("Placeholders are found outside code and substituted with their format")
    func placeholders() throws {
        let prose = "A {{ a.x | %.2f }} and {{b.y}}.\n```\n{{ c.z }}\n```\nEnd {{ a.steps | %d }}."
        let found = Placeholder.all(in: prose, firstLine: 10)
        #expect(found.map(\.cell) == ["a", "b", "a"])
        #expect(found.map(\.line) == [10, 10, 14])
        let text = try Placeholder.substitute(in: prose, firstLine: 10) { try $0.format($0.name == "x" ? 3.14159 : 2000, in: "Lessons/test.md") }
        #expect(text == "A 3.14 and 2000.\n```\n{{ c.z }}\n```\nEnd 2000.")
    }
}
