import Foundation
import MinimaxRunner

/// A small, fast experiment kind for testing the runner: a sine wave on a grid, a noisy copy
/// whose noise depends on the seed, two tiny images, and optional divergence.
struct WaveKind: ExperimentKind {
    struct Parameters: ParameterGroup {
        struct Grid: ParameterGroup {
            var from = 0.0
            var to = 1.0
            var points = 11
            static let defaults = Grid()
            static let fields: [Field<Grid>] = [
                Field("from", \.from, help: "Start."), Field("to", \.to, help: "End."),
                Field("points", \.points, help: "Points.", .within(2...1000)),
            ]
        }
        var grid = Grid()
        var amplitude = 1.0
        var diverge_at = 0
        var omit_table = false
        static let defaults = Parameters()
        static let fields: [Field<Parameters>] = [
            Field("grid", \.grid, help: "Where the wave is sampled: from, to, points."),
            Field("amplitude", \.amplitude, help: "The wave's height."),
            Field("diverge_at", \.diverge_at, help: "Stop as if training diverged at this step (0: never).", .within(0...1_000_000)),
            Field("omit_table", \.omit_table, help: "Produce no table (a bug the runner must catch)."),
        ]
    }

    static let name = "wave"
    static let version = 1
    static let summary = "A sine wave on a grid, for testing the runner."
    static let results: [ResultDeclaration] = [
        .scalar("peak", "The largest value of the wave."), .scalar("noise_mean", "The mean of the seeded noise."),
        .table("curve", "The wave.", columns: ["x": "Position.", "y": "Value.", "noisy": "Value plus seeded noise."]),
        .imageGrid("tiles", "Two 3 × 2 images."),
        .table("field", "x·y on a 5 × 4 grid.", columns: ["x": "Column.", "y": "Row.", "z": "x·y."]),
        .table(
            "snapshots", "x·y·step on the grid, at steps 3, 1, 2 (not in order), with an arrow at each point.",
            columns: ["step": "Step.", "x": "Column.", "y": "Row.", "z": "x·y·step.", "dx": "Arrow.", "dy": "Arrow."]),
    ]

    static func run(_ p: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        if p.diverge_at > 0 { throw ExperimentError.diverged(step: p.diverge_at, detail: "the loss became NaN") }
        var state = context.seed &+ 1
        func noise() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let x = (0..<p.grid.points).map { p.grid.from + (p.grid.to - p.grid.from) * Double($0) / Double(p.grid.points - 1) }
        let y = x.map { p.amplitude * sin(2 * Double.pi * $0) }
        let noisy = y.map { $0 + 0.1 * noise() }
        for step in 1...10 { context.progress(step, 10, [("loss", 1 / Double(step))]) }
        let field = DataTable(columns: ["x", "y", "z"], rows: (0..<4).flatMap { row in (0..<5).map { [Double($0), Double(row), Double($0 * row)] } })
        let snapshots = DataTable(
            columns: ["step", "x", "y", "z", "dx", "dy"],
            rows: [3.0, 1, 2].flatMap { step in field.rows.map { [step, $0[0], $0[1], $0[2] * step, 0.3, 0.1 * step] } })
        return ExperimentResult(
            scalars: ["peak": y.max()!, "noise_mean": zip(noisy, y).map { $0 - $1 }.reduce(0, +) / Double(y.count)],
            tables: p.omit_table ? [:] : ["curve": DataTable([("x", x), ("y", y), ("noisy", noisy)]), "field": field, "snapshots": snapshots],
            images: ["tiles": ImageGrid(width: 3, height: 2, columns: 2, images: [[0, 0.5, 1, 1, 0.5, 0], [1, 1, 1, 0, 0, 0]])])
    }
}

/// The wave kind at version 2, reading a file: for tests of what makes a cached result stale.
struct ReadingWaveKind: ExperimentKind {
    typealias Parameters = WaveKind.Parameters
    static let name = WaveKind.name
    static let version = 2
    static let summary = WaveKind.summary
    static let results = WaveKind.results
    /// The file it reads, one per test process.
    static let input = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-input-\(UUID().uuidString)")

    static func inputFiles(_ parameters: Parameters) throws -> [URL] { [input] }

    static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        try WaveKind.run(parameters, context: context)
    }
}

/// A throwaway workspace with a Lessons/ folder.
struct TemporaryWorkspace {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Lessons"), withIntermediateDirectories: true)
    }

    var workspace: Workspace { Workspace(root: root) }
    var output: URL { root.appendingPathComponent("Output") }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: root.appendingPathComponent("Lessons/\(name).md"), atomically: true, encoding: .utf8)
    }

    func read(_ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent(path), encoding: .utf8)
    }

    func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: output.appendingPathComponent(path).path)
    }

    func runner() -> LessonRunner {
        LessonRunner(
            registry: ExperimentRegistry([WaveKind.self]), environment: RunEnvironment(engineVersion: "test", kernels: "none"),
            cacheDirectory: root.appendingPathComponent(".minimax-cache"), progress: SilentProgress())
    }

    func run(_ name: String, force: Bool = false, seed: UInt64? = nil) throws -> LessonRunner.Summary {
        try runner().run(try workspace.lesson(name), into: output, seed: seed, force: force)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }
}

/// A lesson with one wave cell that shows a chart, an image grid, results and a table.
func waveLesson(amplitude: Double = 2, prose: String = "The peak is {{ wave.peak | %.2f }} for {{ wave.grid.points }} points.") -> String {
    """
    ---
    title: Waves
    chapter: 3
    seed: 5
    summary: A wave, for testing.
    ---

    # Waves

    \(prose)

    ```experiment
    id: wave
    kind: wave
    parameters:
      amplitude: \(amplitude)
      grid:
        points: 21
    show:
      - chart: lines
        name: wave-curve
        data: curve
        x: x
        y: [y, noisy]
        labels: [sine, noisy sine]
        title: A wave
        caption: Amplitude {{ wave.amplitude }}.
      - images: tiles
        caption: Two tiles.
      - results: [peak, noise_mean]
      - table: curve
        columns: [x, y]
        every: 10
    ```

    Closing words.
    """
}
