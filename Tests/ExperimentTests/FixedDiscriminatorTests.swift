import Foundation
import MinimaxEngine
@testable import MinimaxExperiments
import MinimaxRunner
import Testing

typealias FixedDiscriminator = FixedDiscriminatorExperiment

/// The run with every default (about a second), shared by the tests.
let defaultFixedRun = Result { try FixedDiscriminator.run(FixedDiscriminator.defaults, context: ExperimentContext(seed: 1)) }

@Suite("fixed-discriminator")
struct FixedDiscriminatorTests {
    @Test("Trained alone against the fixed D, the generator collapses onto a maximum of D and its gradient fades")
    func collapses() throws {
        let scalars = try defaultFixedRun.get().scalars
        // The fixed D rates the modes real and the rest of the square fake.
        #expect(scalars["lowest_d_at_modes"]! > 0.7 && scalars["mean_d_on_grid"]! < 0.25)
        // The generator starts spread like N(0, 2²·I), whose spread is 2√2...
        #expect(abs(scalars["initial_spread"]! - 2 * 2.squareRoot()) < 0.3)
        // ...and ends within a hundredth of one point, next to a mode, where the slope of log D vanishes.
        #expect(scalars["spread_ratio"]! < 0.01)
        #expect(scalars["gradient_ratio"]! < 0.05)
        #expect(scalars["collapse_distance"]! < 0.3)
        #expect(scalars["slope_at_collapse"]! < 0.01 * scalars["slope_typical"]!)
        #expect(abs(scalars["final_mean_d"]! - scalars["d_at_collapse"]!) < 0.01)
        #expect(scalars["d_at_collapse"]! <= scalars["max_d"]! + 0.01)
    }

    @Test("Tables have their columns and rows; the scalars are read from them")
    func tables() throws {
        let result = try defaultFixedRun.get()
        let parameters = FixedDiscriminator.defaults
        let collapse = try #require(result.tables["collapse"])
        #expect(collapse.columns == ["step", "spread", "gradient_norm", "mean_d"])
        #expect(collapse.column("step") == stride(from: 0, through: 2000, by: 10).map(Double.init))
        let spreads = collapse.column("spread")!
        #expect(result.scalars["initial_spread"] == spreads.first && result.scalars["final_spread"] == spreads.last)
        #expect(result.scalars["spread_ratio"] == spreads.last! / spreads.first!)
        #expect(result.scalars["final_mean_d"] == collapse.column("mean_d")!.last)
        let discriminator = try #require(result.tables["discriminator"])
        #expect(discriminator.columns == ["x", "y", "d"] && discriminator.rows.count == 61 * 61)
        #expect(result.scalars["max_d"] == discriminator.column("d")!.max())
        let initial = try #require(result.tables["initial_samples"])
        let final = try #require(result.tables["final_samples"])
        #expect(initial.columns == ["x", "y"] && initial.rows.count == parameters.evaluationSamples)
        #expect(final.columns == ["x", "y"] && final.rows.count == parameters.evaluationSamples)
        let finalSpread = spread(batch(final.rows.map { ($0[0], $0[1]) }))
        #expect(abs(finalSpread - result.scalars["final_spread"]!) < 1e-12)
        // The samples' mean is the collapse point.
        let x = final.column("x")!.reduce(0, +) / Double(final.rows.count)
        #expect(abs(x - result.scalars["collapse_x"]!) < 1e-5)
        let snapshots = try #require(result.tables["snapshots"])
        #expect(snapshots.columns == ["step", "x", "y"] && snapshots.rows.count == 21 * 200)
        let arrows = try #require(result.tables["arrows"])
        #expect(arrows.columns == ["step", "x", "y", "dx", "dy"] && arrows.rows.count == 21 * 48)
        // One scale for all snapshots: the longest arrow of the whole training is arrow_length
        // long, and the last snapshot's arrows, where the gradient has died, are far shorter.
        let lengths = arrows.rows.map { (step: $0[0], length: ($0[3] * $0[3] + $0[4] * $0[4]).squareRoot()) }
        #expect(abs(lengths.map(\.length).max()! - 0.3) < 1e-9)
        #expect(lengths.filter { $0.step == 2000 }.map(\.length).max()! < 0.03)
        #expect(try #require(result.tables["mode_centres"]).rows.count == 8)
        #expect(result.scalars["outside_grid"]! >= 0)
    }

    @Test("Before the game, the generator is fitted to N(0, initial_sd²·I)")
    func generatorStartsSpread() throws {
        var parameters = FixedDiscriminator.defaults
        parameters.initialSD = 1.5
        var random = RandomSource(seed: 6)
        var initialisation = random.split()
        var noise = random.split()
        let generator = try Sequential<Float>(
            perceptron: [parameters.noiseDimensions] + parameters.generatorHidden + [2], activation: .leakyReLU(slope: 0.2),
            random: &initialisation)
        try FixedDiscriminator.fitGenerator(generator, parameters, noise: &noise) { _, _ in }
        let samples = withoutGradients { generator(Tensor.normal([20_000, parameters.noiseDimensions], using: &noise)) }
        for axis in 0..<2 {
            let values = samples.rows.map { Double($0[axis]) }
            let mean = values.reduce(0, +) / Double(values.count)
            let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)).squareRoot()
            #expect(abs(mean) < 0.1 && abs(sd - 1.5) < 0.1, "axis \(axis): mean \(mean), sd \(sd)")
        }
    }

    @Test("The slope of log D agrees with central differences")
    func slopes() throws {
        var random = RandomSource(seed: 2)
        let network = try Sequential<Float>(perceptron: [2, 8, 1], activation: .tanh, random: &random)
        let points: [(x: Double, y: Double)] = [(0.3, -0.2), (1.5, 1), (-2, 0.7)]
        let slopes = FixedDiscriminator.logDiscriminatorSlopes(network, at: points)
        func logD(_ x: Float, _ y: Float) -> Double {
            Double(withoutGradients { network(Tensor(rows: [[x, y]])).logSigmoid().scalar })
        }
        let h: Float = 1e-2
        for (point, slope) in zip(points.map { (Float($0.x), Float($0.y)) }, slopes) {
            let dx = (logD(point.0 + h, point.1) - logD(point.0 - h, point.1)) / Double(2 * h)
            let dy = (logD(point.0, point.1 + h) - logD(point.0, point.1 - h)) / Double(2 * h)
            #expect(abs(slope - (dx * dx + dy * dy).squareRoot()) < 1e-3 * max(1, slope), "\(point)")
        }
    }

    @Test("The same seed gives the same result; another seed gives another")
    func determinism() throws {
        var parameters = FixedDiscriminator.defaults
        parameters.fitSteps = 50
        parameters.discriminatorSteps = 50
        parameters.steps = 100
        let first = try FixedDiscriminator.run(parameters, context: ExperimentContext(seed: 42))
        let second = try FixedDiscriminator.run(parameters, context: ExperimentContext(seed: 42))
        let other = try FixedDiscriminator.run(parameters, context: ExperimentContext(seed: 43))
        #expect(first == second)
        #expect(first.tables["final_samples"] != other.tables["final_samples"])
    }

    @Test("Values the kind cannot run with are errors at plan time", arguments: fixedDiscriminatorRejections)
    func rejects(overrides: ParameterValue, error: ParameterError) {
        #expect(rejection(overrides, for: FixedDiscriminator.Parameters.self) == error)
    }
}

/// Overrides of fixed-discriminator's defaults, and the error each must raise.
let fixedDiscriminatorRejections: [(ParameterValue, ParameterError)] = [
    (["steps": 1e15], ParameterError.invalid("steps", message: "must be a whole number from 1 to 100000, got 1000000000000000")),
    (["noise_dimensions": 1], .invalid("noise_dimensions", message: "must be a whole number from 2 to 256, got 1")),
    (["discriminator_hidden": []], .invalid("discriminator_hidden", message: "must be a list of whole numbers of 1 to 6 items, each from 1 to 512, got []")),
    (["initial_sd": 0], .invalid("initial_sd", message: "must be a number from 0.01 to 100, got 0")),
    (["record_every": 7], .invalid("record_every", message: "must divide steps = 2000, so that the last update is recorded, got 7")),
    (["arrows": 500], .invalid("arrows", message: "must be at most snapshot_samples = 200, got 500")),
    (["grid": ["points": 1e15]], .invalid("grid.points", message: "must be a whole number from 2 to 100001, got 1000000000000000")),
    (["grid": ["points": 401]], .invalid("grid", message: "must be a mapping of from, to, points of at most 201 points, got {points: 401}")),
    (["snapshot_every": 1, "snapshot_samples": 1000], .invalid("snapshot_every", message: "leaves 2097048 rows of snapshots (snapshots × (snapshot_samples + arrows)), more than 1000000; snapshot less often or keep fewer samples")),
]
