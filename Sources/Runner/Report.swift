import Foundation

/// A lesson's output folder, built in memory: README.md, data/, plots/, results.json and run.json.
/// The figures are drawn afterwards by running the plot scripts.
struct Report {
    /// File contents by path relative to the folder.
    var files: [String: String] = [:]
    /// The plot scripts to run, relative to the folder.
    var plotScripts: [String] = []
    /// The figures the scripts draw.
    var figures: [String] = []

    init(
        plan: LessonPlan, outcomes: [String: CellOutcome], claims: [String: [ClaimOutcome]], seed: UInt64, environment: RunEnvironment
    ) throws {
        let lesson = plan.lesson
        var markdown = "# Chapter \(lesson.chapter) · \(lesson.title)\n\n> \(lesson.summary)\n\n"
        var figureNumber = 0

        func value(of placeholder: Placeholder) throws -> String {
            let planned = try plan.resolve(placeholder)
            if let number = outcomes[planned.cell.id]?.result?.scalars[placeholder.name] {
                return try placeholder.format(number, in: lesson.path)
            }
            if !planned.entry.scalarNames.contains(placeholder.name), let parameter = planned.parameters.value(at: placeholder.name) {
                if case .number(let number) = parameter, placeholder.format != nil { return try placeholder.format(number, in: lesson.path) }
                return parameter.displayText
            }
            return "n/a"  // the cell did not finish; its note in the report says why
        }

        for block in lesson.blocks {
            switch block {
            case .prose(let text, let line):
                markdown += try Placeholder.substitute(in: text, firstLine: line, value) + "\n\n"
            case .cell(let cell):
                let planned = plan.cell(cell.id)!
                guard let outcome = outcomes[cell.id], let result = outcome.result else {
                    if case .failed(let reason, _) = outcomes[cell.id] {
                        markdown += "> [!WARNING]\n> Cell `\(cell.id)` (`\(cell.kind)`) did not finish: \(reason). "
                        markdown += "Its figures are missing from this report; the rest is complete.\n\n"
                    }
                    markdown += Self.checklist(claims[cell.id] ?? [])
                    continue
                }
                for display in cell.show {
                    let caption = try Placeholder.substitute(in: display.caption, firstLine: cell.line, value)
                    switch display {
                    case .chart(let chart):
                        try Gnuplot.checkSplit(chart, tables: result.tables, at: "\(lesson.path):\(cell.line)")
                        let drawn = Gnuplot.chart(chart, tables: result.tables)
                        files.merge(drawn.files) { new, _ in new }
                        files["plots/\(chart.name).gp"] = drawn.script
                        plotScripts.append("plots/\(chart.name).gp")
                        figures.append(chart.figureFile)
                        figureNumber += 1
                        markdown += Self.figure(
                            chart.figureFile, alt: chart.title.isEmpty ? caption : chart.title, number: figureNumber, caption: caption)
                    case .images(let view):
                        let grid = result.images[view.data]!
                        let (data, script) = Gnuplot.imageGrid(view, grid)
                        files["data/\(view.name).tsv"] = data
                        files["plots/\(view.name).gp"] = script
                        plotScripts.append("plots/\(view.name).gp")
                        figures.append("figures/\(view.name).png")
                        figureNumber += 1
                        markdown += Self.figure("figures/\(view.name).png", alt: caption, number: figureNumber, caption: caption)
                    case .table(let view):
                        let table = result.tables[view.data]!
                        markdown += Self.markdownTable(table, columns: view.columns, every: view.every)
                        markdown += caption.isEmpty ? "\n" : "\n\(caption)\n\n"
                    case .results(let view):
                        markdown += "| result | value | meaning |\n|---|---:|---|\n"
                        for name in view.names {
                            let number = result.scalars[name].map { formatNumber($0, significantDigits: 6) } ?? "n/a"
                            markdown += "| `\(name)` | \(number) | \(Self.cell(planned.entry.result(name)?.meaning ?? "")) |\n"
                        }
                        markdown += caption.isEmpty ? "\n" : "\n\(caption)\n\n"
                    }
                }
                markdown += Self.checklist(claims[cell.id] ?? [])
                markdown += Self.details(planned, result: result)
            }
        }
        markdown += """
            ---

            <sub>Written by `minimax run \(lesson.name)` with seed \(seed), engine \(environment.engineVersion). \
            Every number above was measured by that run: `results.json` holds them all with what determines \
            them, `data/` the series behind each figure, `plots/` the gnuplot script that draws it \
            (`gnuplot plots/NAME.gp` in this folder), and `run.json` how long each cell took and on which \
            machine.</sub>

            """
        files["README.md"] = markdown
        files["results.json"] = Self.resultsJSON(
            plan: plan, outcomes: outcomes, claims: claims, seed: seed, environment: environment, files: files)
        files["run.json"] = Self.runJSON(plan: plan, outcomes: outcomes, environment: environment)
    }

    /// A cell's claims as a task list (GitHub draws the boxes), with the numbers that decided each.
    static func checklist(_ claims: [ClaimOutcome]) -> String {
        guard !claims.isEmpty else { return "" }
        let held = claims.filter(\.holds).count
        var text = "**Checked by this run** (\(held) of \(claims.count) claim\(claims.count == 1 ? "" : "s") hold\(claims.count == 1 && held == 1 ? "s" : "")):\n\n"
        for claim in claims {
            let code = "`" + claim.text.replacingOccurrences(of: "`", with: "'") + "`"
            if let evaluation = claim.evaluation, claim.unchecked == nil {
                text += evaluation.holds ? "- [x] \(code): \(evaluation.description)\n" : "- [ ] **does not hold:** \(code): \(evaluation.description)\n"
            } else {
                text += "- [ ] **not checked:** \(code): \(claim.unchecked ?? "a value it names is missing")\n"
            }
        }
        return text + "\n"
    }

    static func figure(_ file: String, alt: String, number: Int, caption: String) -> String {
        let alternative = alt.replacingOccurrences(of: "]", with: ")").replacingOccurrences(of: "[", with: "(")
            .replacingOccurrences(of: "\n", with: " ")
        return "![\(alternative)](\(file))\n\n**Figure \(number).**\(caption.isEmpty ? "" : " " + caption)\n\n"
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
                let help = planned.entry.parameters.first { $0.name == key }?.help ?? ""
                text += "| `\(key)` | `\(cell(values[key]!.displayText))` | \(cell(help))\(set) |\n"
            }
        }
        if !result.scalars.isEmpty {
            text += "\n| result | value | meaning |\n|---|---:|---|\n"
            for name in result.scalars.keys.sorted() {
                text += "| `\(name)` | \(formatNumber(result.scalars[name]!)) | \(cell(planned.entry.result(name)?.meaning ?? "")) |\n"
            }
        }
        return text + "\n</details>\n\n"
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

    /// Every named result with what determines it (kind and version, complete parameters, seed,
    /// engine, cache key) and the claims' verdicts: nothing that varies between runs computing the
    /// same numbers, so that running again writes the same bytes.
    static func resultsJSON(
        plan: LessonPlan, outcomes: [String: CellOutcome], claims: [String: [ClaimOutcome]], seed: UInt64, environment: RunEnvironment,
        files: [String: String]
    ) -> String {
        // A fingerprint of every file the run wrote, so that `minimax check` sees a hand edit.
        let fileDigests = files.filter { $0.key != "results.json" && $0.key != "run.json" }.mapValues { ParameterValue.string(digest($0)) }
        var cells: [String: ParameterValue] = [:]
        for planned in plan.cells {
            var cell: [String: ParameterValue] = [
                "kind": .string(planned.cell.kind), "kind_version": .number(Double(planned.entry.version)),
                "parameters": planned.parameters,
            ]
            switch outcomes[planned.cell.id] {
            case .finished(let result, let key, _, _):
                cell["key"] = .string(key)
                cell["results"] = .object(result.scalars.mapValues { .number($0) })
                cell["status"] = .string("finished")
            case .failed(let reason, let key):
                cell["key"] = .string(key)
                cell["status"] = .string("failed: \(reason)")
            case nil:
                cell["status"] = .string("not run")
            }
            if let checked = claims[planned.cell.id] {
                cell["claims"] = .array(checked.map { claim in
                    var entry: [String: ParameterValue] = ["claim": .string(claim.text), "holds": .bool(claim.holds)]
                    if let evaluation = claim.evaluation {
                        entry["left"] = .number(evaluation.left)
                        entry["right"] = .number(evaluation.right)
                    }
                    if let unchecked = claim.unchecked { entry["not_checked"] = .string(unchecked) }
                    return .object(entry)
                })
            }
            cells[planned.cell.id] = .object(cell)
        }
        return prettyJSON(.object([
            "lesson": .string(plan.lesson.name), "title": .string(plan.lesson.title), "chapter": .number(Double(plan.lesson.chapter)),
            // A seed a Double cannot hold exactly (above 2⁵³, most of them) as its digits.
            "seed": Double(exactly: seed).map { .number($0) } ?? .string("\(seed)"), "engine": .string(environment.engineVersion),
            "lesson_digest": .string(digest(plan.lesson.text)), "cells": .object(cells),
            "files": .object(fileDigests),
        ]))
    }

    /// How this run went: per cell, whether it came from the cache, how long it took, and the
    /// kernels and machine that computed it (for a cached cell, those of the run that did).
    static func runJSON(plan: LessonPlan, outcomes: [String: CellOutcome], environment: RunEnvironment) -> String {
        var cells: [String: ParameterValue] = [:]
        for planned in plan.cells {
            guard case .finished(_, _, let provenance, let cached) = outcomes[planned.cell.id] else { continue }
            cells[planned.cell.id] = .object([
                "from_cache": .bool(cached), "seconds": .number((provenance.seconds * 1000).rounded() / 1000),
                "kernels": .string(provenance.kernels), "machine": .string(provenance.machine),
            ])
        }
        return prettyJSON(.object([
            "lesson": .string(plan.lesson.name), "kernels_now": .string(environment.kernels),
            "machine_now": .string(environment.machine), "cells": .object(cells),
        ]))
    }

    static func prettyJSON(_ value: ParameterValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        // Cannot fail: every case of ParameterValue is encodable and non-finite numbers become strings.
        return String(decoding: (try? encoder.encode(value)) ?? Data(), as: UTF8.self) + "\n"
    }
}

/// Facts about the machine and engine a run records next to its results.
public struct RunEnvironment: Sendable {
    public var engineVersion: String
    /// The BLAS kernels in use, for reading timings.
    public var kernels: String
    /// The processor, for reading timings.
    public var machine: String

    public init(engineVersion: String, kernels: String, machine: String = RunEnvironment.processorName) {
        self.engineVersion = engineVersion
        self.kernels = kernels
        self.machine = machine
    }

    /// The processor's model name from /proc/cpuinfo, or "unknown processor".
    public static var processorName: String {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = info.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line?.split(separator: ":", maxSplits: 1).last?.trimmingCharacters(in: .whitespaces) ?? "unknown processor"
    }
}
