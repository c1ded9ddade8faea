import Foundation

/// Whether a lesson's output folder is what the code produces today: `minimax check`.
///
/// Without training, the fingerprints recorded in `results.json` (each cell's key, the lesson's
/// text, every file the run wrote) are compared with what a run would use and with the files as
/// they are. With a fresh run beside it, every number is compared within the tolerance its kind
/// declares (`ResultDeclaration.Reproduction`): results computed in closed form must agree to
/// rounding, trained ones only as closely as another CPU can reproduce them.
public enum OutputCheck {
    /// What is not current in `folder` (the lesson's output folder), one sentence each; empty
    /// when it is current.
    public static func staleness(of plan: LessonPlan, in folder: URL, environment: RunEnvironment) -> [String] {
        let lesson = plan.lesson.name
        guard let recorded = readJSON(folder.appendingPathComponent("results.json")) else {
            return ["no results.json: run `minimax run \(lesson)`"]
        }
        var problems: [String] = []
        let seed: UInt64 =
            switch recorded.value(at: "seed") {
            case .number(let number): UInt64(exactly: number) ?? plan.lesson.seed
            case .string(let digits): UInt64(digits) ?? plan.lesson.seed  // Report writes a seed above 2⁵³ so
            default: plan.lesson.seed
            }
        if seed != plan.lesson.seed {
            problems.append("it was written with seed \(seed), the lesson's seed is \(plan.lesson.seed)")
        }
        problems += staleCells(of: plan, recorded: recorded, seed: plan.lesson.seed, engineVersion: environment.engineVersion)
        if textChanged(plan, recorded: recorded) { problems.append("the lesson's text changed since the report was written") }
        guard case .object(let files) = recorded.value(at: "files") ?? .null else {
            return problems + ["results.json records no file fingerprints (written by an older minimax)"]
        }
        for (path, expected) in files.sorted(by: { $0.key < $1.key }) {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) else {
                problems.append("\(path) is missing")
                continue
            }
            if expected != .string(digest(data)) { problems.append("\(path) was changed after the run wrote it") }
            if path.hasPrefix("plots/"), let figure = figureFile(ofScript: path, in: folder), figure.missing {
                problems.append("\(figure.path) is missing (drawn by \(path))")
            }
        }
        return problems
    }

    /// The cells whose recorded result is not what a run would compute now, one sentence each:
    /// the one comparison of cache keys behind `check` and `list`.
    static func staleCells(of plan: LessonPlan, recorded: ParameterValue, seed: UInt64, engineVersion: String) -> [String] {
        plan.cells.compactMap { planned in
            let id = planned.cell.id
            guard recorded.value(at: "cells.\(id).key") == .string(plan.key(of: planned, seed: seed, engineVersion: engineVersion)) else {
                return "cell '\(id)' would compute something else now (its kind or the kind's version, parameters, input files or the engine changed)"
            }
            return recorded.value(at: "cells.\(id).status") == .string("finished") ? nil : "cell '\(id)' did not finish in that run"
        }
    }

    /// Whether the lesson's text differs from the one the report was written from.
    static func textChanged(_ plan: LessonPlan, recorded: ParameterValue) -> Bool {
        recorded.value(at: "lesson_digest") != .string(digest(plan.lesson.text))
    }

    /// The figure a plot script draws (its `set output`), and whether it is missing.
    static func figureFile(ofScript script: String, in folder: URL) -> (path: String, missing: Bool)? {
        guard let text = try? String(contentsOf: folder.appendingPathComponent(script), encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("set output '") }),
            let path = line.split(separator: "'").dropFirst().first.map(String.init)
        else { return nil }
        return (path, !FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path))
    }

    /// Every number of `committed` (a lesson's output folder) that a fresh run in `fresh` does
    /// not reproduce within the tolerance its kind declares, as one line each: the file, the
    /// column, the worst row, obtained, expected and the rule.
    public static func drift(of plan: LessonPlan, committed: URL, fresh: URL) -> [String] {
        var lines: [String] = []
        let old = readJSON(committed.appendingPathComponent("results.json"))
        let new = readJSON(fresh.appendingPathComponent("results.json"))
        for planned in plan.cells {
            for declared in planned.entry.results where declared.shape == .scalar && declared.reproduction != .chaotic {
                let path = "cells.\(planned.cell.id).results.\(declared.name)"
                guard case .number(let expected) = old?.value(at: path) ?? .null else { continue }
                guard case .number(let obtained) = new?.value(at: path) ?? .null else {
                    lines.append("results.json \(planned.cell.id).\(declared.name): missing from the new run")
                    continue
                }
                if let problem = compare([obtained], [expected], declared.reproduction) {
                    lines.append("results.json \(planned.cell.id).\(declared.name): \(problem.text(rowLabel: nil))")
                }
            }
            for display in planned.cell.show {
                for (file, table) in dataFiles(of: display) {
                    guard let declared = planned.entry.result(table), declared.reproduction != .chaotic else { continue }
                    lines += compareTables(file, committed: committed, fresh: fresh, reproduction: declared.reproduction)
                }
            }
        }
        return lines
    }

    /// The data files a display writes, with the result each holds.
    static func dataFiles(of display: Display) -> [(file: String, result: String)] {
        switch display {
        case .chart(let chart): Array(Set(chart.layers.map(\.data))).sorted().map { (chart.dataFile($0), $0) }
        case .images(let view): [("data/\(view.name).tsv", view.data)]
        case .table, .results: []
        }
    }

    static func compareTables(_ file: String, committed: URL, fresh: URL, reproduction: ResultDeclaration.Reproduction) -> [String] {
        guard let expected = readTSV(committed.appendingPathComponent(file)) else { return ["\(file): missing or not a table"] }
        guard let obtained = readTSV(fresh.appendingPathComponent(file)) else { return ["\(file): the new run wrote no such table"] }
        guard expected.columns == obtained.columns, expected.rows.count == obtained.rows.count else {
            return [
                "\(file): the new run has \(obtained.rows.count) rows of \(obtained.columns.joined(separator: ", ")), "
                    + "the committed one \(expected.rows.count) rows of \(expected.columns.joined(separator: ", "))"
            ]
        }
        return expected.columns.indices.compactMap { column in
            let problem = compare(obtained.rows.map { $0[column] }, expected.rows.map { $0[column] }, reproduction)
            return problem.map { "\(file) column \(expected.columns[column]): \($0.text(rowLabel: "row"))" }
        }
    }

    /// The worst difference between two series beyond the tolerance, if any.
    struct Difference {
        var index: Int
        var obtained: Double
        var expected: Double
        var reproduction: ResultDeclaration.Reproduction

        func text(rowLabel: String?) -> String {
            let (relative, absolute) = reproduction.bounds
            let error = abs(obtained - expected)
            let where_ = rowLabel.map { "worst \($0) \(index + 1): " } ?? ""
            return "\(where_)obtained \(formatNumber(obtained)), expected \(formatNumber(expected)), |a − e| = "
                + "\(formatNumber(error, significantDigits: 3)) > \(formatNumber(absolute)) + \(formatNumber(relative))·|e|"
        }
    }

    static func compare(_ obtained: [Double], _ expected: [Double], _ reproduction: ResultDeclaration.Reproduction) -> Difference? {
        let (relative, absolute) = reproduction.bounds
        guard let worst = Tolerance(rtol: relative, atol: absolute).worst(obtained, expected), !worst.allPass else { return nil }
        return Difference(index: worst.index, obtained: obtained[worst.index], expected: expected[worst.index], reproduction: reproduction)
    }

    static func readJSON(_ url: URL) -> ParameterValue? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? CellCache.decoder.decode(ParameterValue.self, from: data)
    }

    /// A table a report wrote, or nil when it is missing or not a table.
    static func readTSV(_ url: URL) -> DataTable? {
        try? TableText.read(url.path, separator: "\t")
    }
}
