import ArgumentParser
import Foundation
import MinimaxRunner

/// `minimax survey`: a lesson run over several seeds, and each claim's deciding numbers, so that
/// thresholds are set from data and the next change can measure them again.
struct SurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: "Run a lesson with several seeds and show, per claim, the numbers that decided it on each.",
        discussion: """
            Each seed's run goes to a temporary folder with its own cache (never Output/ or the \
            workspace's cache), without figures. Then, for every claim (`expect:`) of the lesson, \
            or of one cell with --cell: its threshold, the smallest, median and largest value of \
            the measured side over the seeds, on how many seeds it held, and the margin of the \
            worst seed (how far it was from failing, in the claim's own units: right − left for \
            < and <=, left − right for > and >=, −|left − right| for ==). A side that is the same \
            on every seed is the threshold; when both sides vary, both are shown.

            Set a threshold near what the method guarantees, with a margin on the worst seed you \
            could defend, so that the claim can fail; say in the commit which survey set it.

            Examples:
              minimax survey mode-collapse --seeds 1-10
              minimax survey mode-collapse --seeds 1-10 --cell game
              minimax survey saturation --seeds 1,4,7-9 --keep /tmp/runs
            """)

    @OptionGroup var course: CourseOptions
    @OptionGroup var compute: ThreadOptions

    @Argument(help: ArgumentHelp("The lesson to survey, by name (see `minimax list`).", valueName: "lesson"))
    var lesson: String

    @Option(help: ArgumentHelp("The seeds: numbers and ranges, such as 1-10 or 1,4,7-9.", valueName: "seeds"))
    var seeds: SeedList = SeedList(values: Array(1...10))

    @Option(help: ArgumentHelp("Only this cell's claims (and only the cells they read run).", valueName: "id"))
    var cell: String?

    @Option(help: ArgumentHelp("Keep each seed's report in <folder>/seed-<n>/ instead of deleting it.", valueName: "folder"))
    var keep: String?

    func run() throws {
        compute.apply()
        let workspace = try course.workspace()
        let plan = try Survey.plan(try workspace.lesson(lesson), cell: cell, registry: Course.registry)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-survey-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let runs = keep.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? scratch.appendingPathComponent("runs")
        // A cache of its own: every seed computes its numbers, and the workspace's cache is left alone.
        let runner = LessonRunner(
            registry: Course.registry, environment: Course.environment, cacheDirectory: scratch.appendingPathComponent("cache"),
            progress: ConsoleProgress())
        let survey = try Survey.run(plan, seeds: seeds.values, runner: runner, into: runs, cell: cell) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        print(survey.text, terminator: "")
    }
}

/// Seeds given as numbers and ranges: `1-10`, `1,4,7-9`.
struct SeedList: ExpressibleByArgument, Equatable {
    var values: [UInt64]

    init(values: [UInt64]) {
        self.values = values
    }

    init?(argument: String) {
        var values: [UInt64] = []
        for part in argument.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { UInt64($0.trimmingCharacters(in: .whitespaces)) }
            guard (1...2).contains(bounds.count), let first = bounds.first!, let last = bounds.last!, first <= last, last - first < 10_000 else {
                return nil
            }
            values += Array(first...last)
        }
        guard !values.isEmpty, Set(values).count == values.count else { return nil }
        self.values = values
    }

    var defaultValueDescription: String { Survey.describe(values) }
}

/// A survey: the lesson run once per seed, and what every claim measured on each.
struct Survey {
    /// One claim over the seeds; the arrays follow `seeds`, nil where the claim could not be checked.
    struct ClaimSeries: Equatable {
        var cell: String
        var line: Int
        var text: String
        var comparison: Claim.Comparison
        var left: [Double?]
        var right: [Double?]
        var holds: [Bool]

        /// How far each seed was from failing, in the claim's units; nil where it was not checked.
        var margins: [Double?] {
            zip(left, right).map { left, right in
                guard let left, let right else { return nil }
                return switch comparison {
                case .less, .lessOrEqual: right - left
                case .greater, .greaterOrEqual: left - right
                case .equal: -abs(left - right)
                case .notEqual: abs(left - right)
                }
            }
        }
    }

    var lesson: String
    var seeds: [UInt64]
    var claims: [ClaimSeries]
    var seconds: Double

    /// The lesson reduced to what a survey needs: the cells whose claims are surveyed (all, or
    /// `cell`) and the cells those claims read, without prose or figures.
    static func plan(_ lesson: Lesson, cell: String?, registry: ExperimentRegistry) throws -> LessonPlan {
        var lesson = lesson
        let ids = lesson.cells.map(\.id)
        var wanted = Set(ids)
        if let cell {
            guard ids.contains(cell) else {
                throw RunnerError("\(lesson.path) has no cell '\(cell)'; its cells are \(ids.joined(separator: ", "))")
            }
            // The cells the wanted cells' claims read, and theirs in turn.
            wanted = [cell]
            var added = true
            while added {
                added = false
                for reader in lesson.cells where wanted.contains(reader.id) {
                    for claim in reader.claims {
                        for name in (try? Claim(parsing: claim.text))?.names ?? [] {
                            if let dot = name.firstIndex(of: "."), ids.contains(String(name[..<dot])), wanted.insert(String(name[..<dot])).inserted {
                                added = true
                            }
                        }
                    }
                }
            }
        }
        lesson.blocks = lesson.cells.filter { wanted.contains($0.id) }.map { kept in
            var kept = kept
            kept.show = []
            if let cell, kept.id != cell { kept.claims = [] }
            return .cell(kept)
        }
        return try LessonPlan(lesson, registry: registry)
    }

    /// Runs `plan` once per seed into `folder/seed-<n>/` and reads every claim's numbers back
    /// from each run's results.json; `report` receives a line per seed.
    static func run(
        _ plan: LessonPlan, seeds: [UInt64], runner: LessonRunner, into folder: URL, cell: String? = nil, report: (String) -> Void = { _ in }
    ) throws -> Survey {
        let start = Date()
        var claims: [ClaimSeries] = try plan.lesson.cells.filter { cell == nil || $0.id == cell }.flatMap { cell in
            try cell.claims.map { claim in
                ClaimSeries(cell: cell.id, line: claim.line, text: claim.text, comparison: try Claim(parsing: claim.text).comparison, left: [], right: [], holds: [])
            }
        }
        for (index, seed) in seeds.enumerated() {
            let summary = try runner.run(plan, into: folder.appendingPathComponent("seed-\(seed)"), seed: seed, force: true)
            let recorded = try readResults(summary.folder.appendingPathComponent("results.json"))
            for index in claims.indices {
                let entry = recorded[claims[index].cell]?.first { $0.claim == claims[index].text }
                claims[index].left.append(entry?.left)
                claims[index].right.append(entry?.right)
                claims[index].holds.append(entry?.holds ?? false)
            }
            var line = "seed \(seed) (\(index + 1) of \(seeds.count)): \(String(format: "%.1f", summary.seconds)) s"
            line += ", \(summary.claimsChecked - summary.failedClaims.count) of \(summary.claimsChecked) claims hold"
            if !summary.failures.isEmpty { line += "; stopped: " + summary.failures.map { "\($0.cell) (\($0.reason))" }.joined(separator: ", ") }
            report(line)
        }
        return Survey(lesson: plan.lesson.name, seeds: seeds, claims: claims, seconds: Date().timeIntervalSince(start))
    }

    /// Each cell's claims as results.json records them.
    static func readResults(_ url: URL) throws -> [String: [(claim: String, holds: Bool, left: Double?, right: Double?)]] {
        guard let data = FileManager.default.contents(atPath: url.path), let json = try? JSONDecoder().decode(ParameterValue.self, from: data),
            case .object(let cells) = json.value(at: "cells") ?? .null
        else { throw RunnerError("the survey's run wrote no readable \(url.path)") }
        func number(_ value: ParameterValue?) -> Double? {
            switch value {
            case .number(let number): number
            case .string("nan"): .nan
            case .string("inf"): .infinity
            case .string("-inf"): -.infinity
            default: nil
            }
        }
        return cells.compactMapValues { cell in
            guard case .array(let claims) = cell.value(at: "claims") ?? .null else { return nil }
            return claims.compactMap { claim in
                guard case .string(let text) = claim.value(at: "claim") ?? .null else { return nil }
                return (text, claim.value(at: "holds") == .bool(true), number(claim.value(at: "left")), number(claim.value(at: "right")))
            }
        }
    }

    /// The report: per claim, its threshold, the range of what was measured, how often it held
    /// and the worst seed's margin.
    var text: String {
        var text = "\(lesson): \(claims.count) claim\(claims.count == 1 ? "" : "s") over seeds \(Self.describe(seeds)) "
        text += "(\(seeds.count) run\(seeds.count == 1 ? "" : "s"), \(String(format: "%.0f", seconds)) s)\n"
        for claim in claims {
            text += "\n\(claim.cell), line \(claim.line): \(claim.text)\n"
            let left = claim.left.compactMap { $0 }, right = claim.right.compactMap { $0 }
            let leftFixed = Set(left).count <= 1, rightFixed = Set(right).count <= 1
            if rightFixed, let threshold = right.first {
                text += "  threshold \(Self.format(threshold)); measured \(Self.range(left))\n"
            } else if leftFixed, let threshold = left.first {
                text += "  threshold \(Self.format(threshold)); measured \(Self.range(right))\n"
            } else {
                text += "  left \(Self.range(left)); right \(Self.range(right))\n"
            }
            let held = claim.holds.filter { $0 }.count
            text += "  holds on \(held) of \(seeds.count) seeds"
            let margins = zip(seeds, claim.margins).compactMap { seed, margin in margin.map { (seed, $0) } }
            if let worst = margins.filter({ !$0.1.isNaN }).min(by: { $0.1 < $1.1 }) {
                text += "; worst margin \(Self.format(worst.1)) (seed \(worst.0))"
            }
            let unchecked = zip(seeds, claim.left).filter { $0.1 == nil }.map(\.0)
            if !unchecked.isEmpty { text += "; not checked on seed\(unchecked.count == 1 ? "" : "s") \(Self.describe(unchecked))" }
            text += "\n"
        }
        return text
    }

    /// "min 1, median 1.5, max 3" of the values.
    static func range(_ values: [Double]) -> String {
        guard !values.isEmpty else { return "nothing (not checked)" }
        return "min \(format(values.min()!)), median \(format(median(values))), max \(format(values.max()!))"
    }

    /// The middle value, or the mean of the two middle ones.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Four significant digits: enough to set a threshold, few enough to read.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        return formatNumber(Double(String(format: "%.4g", value)) ?? value)
    }

    /// Seeds as they were given: runs of consecutive ones as ranges.
    static func describe(_ seeds: [UInt64]) -> String {
        var parts: [String] = []
        var index = 0
        while index < seeds.count {
            var end = index
            while end + 1 < seeds.count, seeds[end + 1] == seeds[end] + 1 { end += 1 }
            parts.append(end == index ? "\(seeds[index])" : "\(seeds[index])-\(seeds[end])")
            index = end + 1
        }
        return parts.joined(separator: ",")
    }
}
