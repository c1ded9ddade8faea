import Foundation

/// Runs a lesson: runs each cell of its plan (or takes its cached result), checks the cells'
/// claims, renders the report and replaces the lesson's output folder in one step. A run that
/// fails leaves the previous output as it was.
public struct LessonRunner: Sendable {
    public var registry: ExperimentRegistry
    public var environment: RunEnvironment
    /// Where cells' results are kept between runs.
    public var cacheDirectory: URL
    public var progress: any ProgressReporter

    public init(registry: ExperimentRegistry, environment: RunEnvironment, cacheDirectory: URL, progress: any ProgressReporter) {
        self.registry = registry
        self.environment = environment
        self.cacheDirectory = cacheDirectory
        self.progress = progress
    }

    /// What one lesson's run did.
    public struct Summary: Sendable {
        public var lesson: String
        public var folder: URL
        public var cellsRun: [String] = []
        public var cellsFromCache: [String] = []
        /// Cells that stopped, with the reason; their figures are missing from the report.
        public var failures: [(cell: String, reason: String)] = []
        /// Claims that do not hold (or could not be checked), as `file:line: claim (values)`.
        public var failedClaims: [String] = []
        /// What the user was told on the way (a corrupt cache entry recomputed, say).
        public var notes: [String] = []
        /// Claims checked in all.
        public var claimsChecked = 0
        public var files: [String] = []
        public var seconds: Double = 0
    }

    /// Plans and runs `lesson`; see `run(_:into:seed:force:)`.
    public func run(_ lesson: Lesson, into outputRoot: URL, seed: UInt64? = nil, force: Bool = false) throws -> Summary {
        try run(try LessonPlan(lesson, registry: registry), into: outputRoot, seed: seed, force: force)
    }

    /// Runs a planned lesson and writes `<outputRoot>/<lesson name>/`. With `force`, every cell
    /// runs again; otherwise cells whose key (`LessonPlan.key`) is unchanged are reused.
    public func run(_ plan: LessonPlan, into outputRoot: URL, seed overrideSeed: UInt64? = nil, force: Bool = false) throws -> Summary {
        let start = Date()
        let lesson = plan.lesson
        let needsGnuplot = lesson.cells.contains { $0.show.contains { $0.fileName != nil } }
        let gnuplot = needsGnuplot ? try Gnuplot.executable() : nil
        try checkFolders(output: outputRoot)
        let seed = overrideSeed ?? lesson.seed
        let cache = CellCache(directory: cacheDirectory)
        var summary = Summary(lesson: lesson.name, folder: outputRoot.appendingPathComponent(lesson.name))
        try OutputFolder.checkReplaceable(summary.folder)  // now, not after training; again under the lock

        progress.lessonStarted(lesson, cells: plan.cells.count)
        var outcomes: [String: CellOutcome] = [:]
        for (index, planned) in plan.cells.enumerated() {
            let cell = planned.cell
            let key = plan.key(of: planned, seed: seed, engineVersion: environment.engineVersion)
            progress.cellStarted(cell, index: index, count: plan.cells.count)
            if !force {
                switch cache.load(lesson: lesson.name, cell: cell.id, key: key) {
                case .hit(let cached):
                    // A cached result must still be what the kind declares, or charting it could
                    // trap: a damaged or hand-edited entry is recomputed.
                    guard let mismatch = planned.entry.mismatch(cached.result) else {
                        outcomes[cell.id] = .finished(cached.result, key: key, provenance: cached.provenance, cached: true)
                        summary.cellsFromCache.append(cell.id)
                        progress.cellFinished(cell, seconds: cached.provenance.seconds, cached: true)
                        continue
                    }
                    note("the cached result of cell '\(cell.id)' \(mismatch), so it is corrupt; running the cell again", in: &summary)
                case .corrupt(let reason):
                    note("\(reason); running cell '\(cell.id)' again", in: &summary)
                case .miss:
                    break
                }
            }
            let cellStart = Date()
            let reporter = progress
            let context = ExperimentContext(seed: seed) { step, total, values in reporter.cellStep(step, of: total, values: values) }
            do {
                let result = try planned.prepared.run(context)
                if let mismatch = planned.entry.mismatch(result) {
                    throw RunnerError("the experiment kind '\(cell.kind)' \(mismatch); this is a bug in Minimax, please report it")
                }
                let provenance = Provenance(
                    seconds: Date().timeIntervalSince(cellStart), kernels: environment.kernels, machine: environment.machine)
                try cache.store(CellCache.Entry(key: key, result: result, provenance: provenance), lesson: lesson.name, cell: cell.id)
                outcomes[cell.id] = .finished(result, key: key, provenance: provenance, cached: false)
                summary.cellsRun.append(cell.id)
                progress.cellFinished(cell, seconds: provenance.seconds, cached: false)
            } catch let error as ExperimentError {
                if case .diverged = error {
                    outcomes[cell.id] = .failed(error.description, key: key)
                    summary.failures.append((cell.id, error.description))
                    progress.cellFailed(cell, reason: error.description)
                    continue
                }
                let line = error.key.map { LessonPlan.line(of: $0, in: cell) } ?? cell.line
                throw RunnerError("cell '\(cell.id)': \(error)", at: "\(lesson.path):\(line)")
            }
        }

        let claims = Self.checkClaims(plan, outcomes: outcomes)
        for (id, checked) in claims {
            summary.claimsChecked += checked.count
            for outcome in checked where !outcome.holds {
                summary.failedClaims.append("\(lesson.path):\(outcome.line): a claim of cell '\(id)' \(outcome.verdict)")
            }
        }
        summary.failedClaims.sort()

        let report = try Report(plan: plan, outcomes: outcomes, claims: claims, seed: seed, environment: environment)
        try write(report, to: summary.folder, gnuplot: gnuplot)
        summary.files = report.files.keys.sorted() + report.figures
        summary.seconds = Date().timeIntervalSince(start)
        progress.lessonFinished(summary)
        return summary
    }

    /// Tells the user something they should know about the run, and keeps it in the summary.
    func note(_ text: String, in summary: inout Summary) {
        summary.notes.append(text)
        progress.note(text)
    }

    /// Checks, before any training, that reports can be written under `output` and results in
    /// the cache: an unusable folder is reported now, not after minutes of work.
    public func checkFolders(output: URL) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: output.path, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw RunnerError("the output folder \(output.path) is a file; give --output a folder (it is created if missing)")
        }
        let probe = output.appendingPathComponent(".write-test-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try manager.createDirectory(at: output, withIntermediateDirectories: true)
            try Data().write(to: probe)
            try manager.removeItem(at: probe)
        } catch {
            throw RunnerError("cannot write reports in \(output.path): \(describe(error)); give --output a folder you can write")
        }
        try CellCache(directory: cacheDirectory).checkWritable()
    }

    /// Evaluates every cell's claims on the outcomes, by cell id.
    static func checkClaims(_ plan: LessonPlan, outcomes: [String: CellOutcome]) -> [String: [ClaimOutcome]] {
        var checked: [String: [ClaimOutcome]] = [:]
        for planned in plan.cells where !planned.claims.isEmpty {
            checked[planned.cell.id] = planned.claims.map { planned in
                // Every cell a claim reads must have finished.
                let unfinished = Set(planned.references.values.map(\.cell)).sorted().filter { outcomes[$0]?.result == nil }
                guard unfinished.isEmpty else {
                    return ClaimOutcome(
                        text: planned.claim.text, line: planned.line, evaluation: nil,
                        unchecked: "cell \(unfinished.map { "'\($0)'" }.joined(separator: ", ")) did not finish")
                }
                let evaluation = planned.claim.evaluate { name in
                    guard let reference = planned.references[name] else { return nil }
                    if let number = outcomes[reference.cell]?.result?.scalars[reference.name] { return number }
                    if case .number(let number) = plan.cell(reference.cell)?.parameters.value(at: reference.name) { return number }
                    return nil
                }
                return ClaimOutcome(text: planned.claim.text, line: planned.line, evaluation: evaluation, unchecked: nil)
            }
        }
        return checked
    }

    /// Writes the report to a staging folder beside `folder`, draws its figures there, and only
    /// then swaps it in (`OutputFolder.write`), so a failure or an interrupt at any point leaves
    /// the old folder untouched, and two runs writing the same folder take turns.
    func write(_ report: Report, to folder: URL, gnuplot: URL?) throws {
        let progress = progress
        try OutputFolder.write(folder, waiting: { progress.waitingForOutput(folder) }) { staging in
            try OutputFolder.checkReplaceable(folder)  // again, now that we hold the lock
            let manager = FileManager.default
            do {
                for directory in ["data", "plots", "figures"] {
                    try manager.createDirectory(at: staging.appendingPathComponent(directory), withIntermediateDirectories: true)
                }
                for (path, contents) in report.files {
                    try Data(contents.utf8).write(to: try inside(staging, path))
                }
            } catch let error as RunnerError {
                throw error
            } catch {
                throw RunnerError("could not write the report in \(staging.path): \(describe(error))")
            }
            if let gnuplot {
                for script in report.plotScripts { try Gnuplot.run(script, in: staging, gnuplot: gnuplot) }
            }
            for directory in ["data", "plots", "figures"] {
                let url = staging.appendingPathComponent(directory)
                if (try? manager.contentsOfDirectory(atPath: url.path))?.isEmpty ?? true { try? manager.removeItem(at: url) }
            }
        }
    }
}

/// `folder/relative`, checked to lie inside `folder`: the last guard against a name that would
/// write elsewhere (names are checked when the lesson is read, too).
func inside(_ folder: URL, _ relative: String) throws -> URL {
    let base = folder.standardizedFileURL.path
    let url = folder.appendingPathComponent(relative).standardizedFileURL
    guard url.path.hasPrefix(base + "/"), !relative.split(separator: "/").contains("..") else {
        throw RunnerError("refusing to write '\(relative)' outside \(base)")
    }
    return url
}

/// How a cell ended in this run.
enum CellOutcome {
    case finished(ExperimentResult, key: String, provenance: Provenance, cached: Bool)
    /// It stopped (training diverged); the rest of the report is still written.
    case failed(String, key: String)

    var result: ExperimentResult? {
        if case .finished(let result, _, _, _) = self { result } else { nil }
    }

    var key: String {
        switch self {
        case .finished(_, let key, _, _), .failed(_, let key): key
        }
    }
}

/// A claim after the run: whether it holds, and the numbers that decided it.
struct ClaimOutcome: Equatable {
    var text: String
    var line: Int
    /// Nil when the claim could not be evaluated.
    var evaluation: Claim.Evaluation?
    /// Why the claim could not be checked, if it could not.
    var unchecked: String?

    var holds: Bool { evaluation?.holds ?? false }

    /// "does not hold: max_error < 0.1 (0.2 < 0.1)", or why it was not checked.
    var verdict: String {
        if let unchecked { return "could not be checked: \(text) (\(unchecked))" }
        guard let evaluation else { return "could not be checked: \(text) (a value it names is missing)" }
        return "\(evaluation.holds ? "holds" : "does not hold"): \(text) (\(evaluation.description))"
    }
}

extension ExperimentError {
    /// The parameter an invalid-parameter error is about.
    var key: String? {
        if case .invalidParameter(let key, _) = self { key } else { nil }
    }
}
