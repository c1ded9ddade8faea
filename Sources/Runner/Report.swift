import Foundation

/// How a cell ended in this run.
enum CellOutcome {
    case finished(ExperimentResult, seconds: Double, cached: Bool)
    /// It stopped (training diverged); the rest of the report is still written.
    case failed(String)

    var result: ExperimentResult? {
        if case .finished(let result, _, _) = self { result } else { nil }
    }
}

/// A lesson's output folder, built in memory: README.md, data/, plots/ and results.json.
/// The figures are drawn afterwards by running the plot scripts.
struct Report {
    /// File contents by path relative to the folder.
    var files: [String: String] = [:]
    /// The plot scripts to run, relative to the folder.
    var plotScripts: [String] = []

    init(plan: LessonPlan, outcomes: [String: CellOutcome], keys: [String: String], seed: UInt64, environment: RunEnvironment) throws {
        let lesson = plan.lesson
        var markdown = "# Chapter \(lesson.chapter) · \(lesson.title)\n\n> \(lesson.summary)\n\n"
        var figureNumber = 0

        func value(of placeholder: Placeholder) throws -> String {
            let planned = try plan.resolve(placeholder)
            if let number = outcomes[planned.cell.id]?.result?.scalars[placeholder.name] {
                return placeholder.format(number)
            }
            if !planned.entry.resultNames.contains(placeholder.name), let parameter = planned.parameters.value(at: placeholder.name) {
                if case .number(let number) = parameter, placeholder.format != nil { return placeholder.format(number) }
                return parameter.displayText
            }
            return "n/a"  // the cell did not finish; its note in the report says why
        }

        for block in lesson.blocks {
            switch block {
            case .prose(let text, let line):
                markdown += try Placeholder.substitute(in: text, firstLine: line, value) + "\n\n"
            case .cell(let cell):
                let planned = plan.cells.first { $0.cell.id == cell.id }!
                guard let outcome = outcomes[cell.id], let result = outcome.result else {
                    if case .failed(let reason) = outcomes[cell.id] {
                        markdown += "> [!WARNING]\n> Cell `\(cell.id)` (`\(cell.kind)`) did not finish: \(reason). "
                        markdown += "Its figures are missing from this report; the rest is complete.\n\n"
                    }
                    continue
                }
                for display in cell.show {
                    let caption = try Placeholder.substitute(in: display.caption, firstLine: cell.line, value)
                    switch display {
                    case .chart(let chart):
                        guard let table = result.tables[chart.data] else { throw Self.missing("table", chart.data, cell, lesson) }
                        for column in [chart.x] + chart.y + (chart.yAxis.map { [$0] } ?? []) where !table.columns.contains(column) {
                            throw Self.missing("column", "\(chart.data).\(column)", cell, lesson)
                        }
                        files["data/\(chart.name).tsv"] = Self.tsv(table)
                        files["plots/\(chart.name).gp"] = Gnuplot.chartScript(chart)
                        plotScripts.append("plots/\(chart.name).gp")
                        figureNumber += 1
                        markdown += Self.figure(chart.name, alt: chart.title.isEmpty ? caption : chart.title, number: figureNumber, caption: caption)
                    case .images(let view):
                        guard let grid = result.images[view.data] else { throw Self.missing("image grid", view.data, cell, lesson) }
                        let (data, script) = Gnuplot.imageGrid(view, grid)
                        files["data/\(view.name).tsv"] = data
                        files["plots/\(view.name).gp"] = script
                        plotScripts.append("plots/\(view.name).gp")
                        figureNumber += 1
                        markdown += Self.figure(view.name, alt: caption, number: figureNumber, caption: caption)
                    case .table(let view):
                        guard let table = result.tables[view.data] else { throw Self.missing("table", view.data, cell, lesson) }
                        markdown += Self.markdownTable(table, columns: view.columns, every: view.every)
                        markdown += caption.isEmpty ? "\n" : "\n\(caption)\n\n"
                    case .results(let view):
                        markdown += "| result | value | meaning |\n|---|---:|---|\n"
                        for name in view.names {
                            let number = result.scalars[name].map { formatNumber($0, significantDigits: 6) } ?? "n/a"
                            markdown += "| `\(name)` | \(number) | \(Self.cell(planned.entry.resultHelp[name] ?? "")) |\n"
                        }
                        markdown += caption.isEmpty ? "\n" : "\n\(caption)\n\n"
                    }
                }
                markdown += Self.details(planned, result: result)
            }
        }
        markdown += """
            ---

            <sub>Written by `minimax run \(lesson.name)` with seed \(seed), engine \(environment.engineVersion). \
            Every number above was measured by that run: `results.json` holds them all, `data/` the series \
            behind each figure, and `plots/` the gnuplot script that draws it (`gnuplot plots/NAME.gp` in \
            this folder).</sub>

            """
        files["README.md"] = markdown
        files["results.json"] = try Self.resultsJSON(plan: plan, outcomes: outcomes, keys: keys, seed: seed, environment: environment)
    }

    static func missing(_ what: String, _ name: String, _ cell: Cell, _ lesson: Lesson) -> RunnerError {
        RunnerError("the experiment '\(cell.kind)' of cell '\(cell.id)' produced no \(what) '\(name)'", at: "\(lesson.path):\(cell.line)")
    }

    static func figure(_ name: String, alt: String, number: Int, caption: String) -> String {
        let alternative = alt.replacingOccurrences(of: "]", with: ")").replacingOccurrences(of: "[", with: "(")
        return "![\(alternative)](figures/\(name).png)\n\n**Figure \(number).**\(caption.isEmpty ? "" : " " + caption)\n\n"
    }

    /// Text for a Markdown table cell: a `|` would end the cell.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|")
    }

    /// The cell's complete parameters (with what each means) and its files, folded away.
    static func details(_ planned: LessonPlan.PlannedCell, result: ExperimentResult) -> String {
        var text = "<details>\n<summary>Experiment <code>\(planned.cell.id)</code>: <code>\(planned.cell.kind)</code>, its parameters and results</summary>\n\n"
        text += "\(planned.entry.summary)\n\n| parameter | value | meaning |\n|---|---|---|\n"
        if case .object(let values) = planned.parameters {
            for key in values.keys.sorted() {
                let set = planned.cell.parameterLines[key] != nil ? " (set by the lesson)" : ""
                text += "| `\(key)` | `\(cell(values[key]!.displayText))` | \(cell(planned.entry.parameterHelp[key] ?? ""))\(set) |\n"
            }
        }
        if !result.scalars.isEmpty {
            text += "\n| result | value | meaning |\n|---|---:|---|\n"
            for name in result.scalars.keys.sorted() {
                text += "| `\(name)` | \(formatNumber(result.scalars[name]!)) | \(cell(planned.entry.resultHelp[name] ?? "")) |\n"
            }
        }
        return text + "\n</details>\n\n"
    }

    /// Tab-separated values with one header row; numbers in their shortest exact form.
    static func tsv(_ table: DataTable) -> String {
        ([table.columns.joined(separator: "\t")] + table.rows.map { $0.map(formatNumber).joined(separator: "\t") })
            .joined(separator: "\n") + "\n"
    }

    static func markdownTable(_ table: DataTable, columns: [String], every: Int) -> String {
        let shown = columns.isEmpty ? table.columns : columns
        let indices = shown.compactMap { table.columns.firstIndex(of: $0) }
        var text = "| " + shown.joined(separator: " | ") + " |\n|" + String(repeating: "---:|", count: shown.count) + "\n"
        for row in stride(from: 0, to: table.rows.count, by: every) {
            text += "| " + indices.map { formatNumber(table.rows[row][$0], significantDigits: 4) }.joined(separator: " | ") + " |\n"
        }
        return text
    }

    /// Every named result, with what produced it: seed, complete parameters, engine, timings.
    static func resultsJSON(
        plan: LessonPlan, outcomes: [String: CellOutcome], keys: [String: String], seed: UInt64, environment: RunEnvironment
    ) throws -> String {
        var cells: [String: ParameterValue] = [:]
        for planned in plan.cells {
            var cell: [String: ParameterValue] = [
                "kind": .string(planned.cell.kind), "parameters": planned.parameters, "key": .string(keys[planned.cell.id] ?? ""),
            ]
            switch outcomes[planned.cell.id] {
            case .finished(let result, let seconds, let cached):
                cell["results"] = .object(result.scalars.mapValues { .number($0) })
                cell["seconds"] = .number((seconds * 1000).rounded() / 1000)
                cell["from_cache"] = .bool(cached)
                cell["status"] = .string("finished")
            case .failed(let reason):
                cell["status"] = .string("failed: \(reason)")
            case nil:
                cell["status"] = .string("not run")
            }
            cells[planned.cell.id] = .object(cell)
        }
        let document: ParameterValue = .object([
            "lesson": .string(plan.lesson.name), "title": .string(plan.lesson.title), "chapter": .number(Double(plan.lesson.chapter)),
            "seed": .number(Double(seed)), "engine": .string(environment.engineVersion), "kernels": .string(environment.kernels),
            "lesson_digest": .string(digest(plan.lesson.text)), "cells": .object(cells),
        ])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}

/// Facts about the machine and engine a run records next to its results.
public struct RunEnvironment: Sendable {
    public var engineVersion: String
    /// The BLAS kernels in use, for reading timings.
    public var kernels: String

    public init(engineVersion: String, kernels: String) {
        self.engineVersion = engineVersion
        self.kernels = kernels
    }
}
