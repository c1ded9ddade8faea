import Foundation

/// Runs a lesson: checks it, runs each cell (or takes its cached result), renders the report and
/// replaces the lesson's output folder in one step. A run that fails leaves the previous output
/// as it was.
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
        public var files: [String] = []
        public var seconds: Double = 0
    }

    /// Runs `lesson` and writes `<outputRoot>/<lesson name>/`. With `force`, every cell runs
    /// again; otherwise cells whose kind, parameters, seed and engine are unchanged are reused.
    public func run(_ lesson: Lesson, into outputRoot: URL, seed overrideSeed: UInt64? = nil, force: Bool = false) throws -> Summary {
        let start = Date()
        let plan = try LessonPlan(lesson, registry: registry)
        let needsGnuplot = lesson.cells.contains { $0.show.contains { $0.fileName != nil } }
        let gnuplot = needsGnuplot ? try Gnuplot.executable() : nil
        let seed = overrideSeed ?? lesson.seed
        let cache = CellCache(directory: cacheDirectory)
        var summary = Summary(lesson: lesson.name, folder: outputRoot.appendingPathComponent(lesson.name))

        progress.lessonStarted(lesson, cells: plan.cells.count)
        var outcomes: [String: CellOutcome] = [:]
        var keys: [String: String] = [:]
        for (index, planned) in plan.cells.enumerated() {
            let cell = planned.cell
            let key = CellCache.key(kind: cell.kind, parameters: planned.parameters, seed: seed, engineVersion: environment.engineVersion)
            keys[cell.id] = key
            progress.cellStarted(cell, index: index, count: plan.cells.count)
            if !force, let cached = cache.load(lesson: lesson.name, cell: cell.id, key: key) {
                outcomes[cell.id] = .finished(cached.result, seconds: cached.seconds, cached: true)
                summary.cellsFromCache.append(cell.id)
                progress.cellFinished(cell, seconds: cached.seconds, cached: true)
                continue
            }
            let cellStart = Date()
            let reporter = progress
            let context = ExperimentContext(seed: seed) { step, total, values in reporter.cellStep(step, of: total, values: values) }
            do {
                let result = try planned.entry.run(planned.parameters, context)
                let seconds = Date().timeIntervalSince(cellStart)
                try cache.store(CellCache.Entry(key: key, result: result, seconds: seconds), lesson: lesson.name, cell: cell.id)
                outcomes[cell.id] = .finished(result, seconds: seconds, cached: false)
                summary.cellsRun.append(cell.id)
                progress.cellFinished(cell, seconds: seconds, cached: false)
            } catch let error as ExperimentError {
                if case .diverged = error {
                    outcomes[cell.id] = .failed(error.description)
                    summary.failures.append((cell.id, error.description))
                    progress.cellFailed(cell, reason: error.description)
                    continue
                }
                let line = error.key.flatMap { cell.parameterLines[$0] } ?? cell.line
                throw RunnerError("cell '\(cell.id)': \(error)", at: "\(lesson.path):\(line)")
            }
        }

        let report = try Report(plan: plan, outcomes: outcomes, keys: keys, seed: seed, environment: environment)
        try write(report, to: summary.folder, gnuplot: gnuplot)
        summary.files = report.files.keys.sorted() + report.plotScripts.map {
            "figures/" + ($0 as NSString).lastPathComponent.replacingOccurrences(of: ".gp", with: ".png")
        }
        summary.seconds = Date().timeIntervalSince(start)
        progress.lessonFinished(summary)
        return summary
    }

    /// Writes the report to a staging folder beside `folder`, draws its figures there, and only
    /// then swaps it in, so a failure at any point leaves the old folder untouched.
    func write(_ report: Report, to folder: URL, gnuplot: URL?) throws {
        let manager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        let suffix = "\(folder.lastPathComponent)-\(ProcessInfo.processInfo.processIdentifier)"
        let staging = parent.appendingPathComponent(".staging-\(suffix)")
        let old = parent.appendingPathComponent(".old-\(suffix)")
        try? manager.removeItem(at: staging)
        defer { try? manager.removeItem(at: staging) }
        do {
            for directory in ["data", "plots", "figures"] {
                try manager.createDirectory(at: staging.appendingPathComponent(directory), withIntermediateDirectories: true)
            }
            for (path, contents) in report.files {
                try Data(contents.utf8).write(to: staging.appendingPathComponent(path))
            }
            for script in report.plotScripts {
                guard let gnuplot else { break }
                try Gnuplot.run(script, in: staging, gnuplot: gnuplot)
            }
            for directory in ["data", "plots", "figures"] {
                let url = staging.appendingPathComponent(directory)
                if (try? manager.contentsOfDirectory(atPath: url.path))?.isEmpty ?? true { try manager.removeItem(at: url) }
            }
        } catch let error as RunnerError {
            throw error
        } catch {
            throw RunnerError("could not write the report in \(parent.path): \(error.localizedDescription)")
        }
        try? manager.removeItem(at: old)
        let hadOutput = manager.fileExists(atPath: folder.path)
        if hadOutput { try manager.moveItem(at: folder, to: old) }
        do {
            try manager.moveItem(at: staging, to: folder)
        } catch {
            if hadOutput { try? manager.moveItem(at: old, to: folder) }
            throw RunnerError("could not replace \(folder.path): \(error.localizedDescription)")
        }
        try? manager.removeItem(at: old)
    }
}

extension ExperimentError {
    /// The parameter an invalid-parameter error is about.
    var key: String? {
        if case .invalidParameter(let key, _) = self { key } else { nil }
    }
}
