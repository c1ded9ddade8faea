import Foundation
import MinimaxEngine
@testable import MinimaxExperiments
import MinimaxRunner
import Synchronization
import Testing

typealias ModeCollapse = ModeCollapseExperiment

/// The run with every default (three games of 2000 updates, several seconds), shared by the tests.
let defaultModeCollapseRun = Result { try ModeCollapse.run(ModeCollapse.defaults, context: ExperimentContext(seed: 1)) }

/// A short run: 100 updates, small tables.
func quickModeCollapse(_ change: (inout ModeCollapse.Parameters) -> Void = { _ in }) -> ModeCollapse.Parameters {
    var parameters = ModeCollapse.defaults
    parameters.steps = 100
    parameters.recordEvery = 25
    parameters.snapshotEvery = 50
    parameters.evaluationSamples = 400
    parameters.snapshotSamples = 60
    parameters.arrows = 20
    parameters.grid = UniformGrid(from: -3, to: 3, points: 7)
    change(&parameters)
    return parameters
}

/// A discriminator whose logit is the line ℓ(x) = w·x + b (on a pack, w·(x₁, …, x_m) + b).
func linearDiscriminator(weights: [Float], bias: Float, packing: Int = 1) throws -> any Layer<Float> {
    var random = RandomSource(seed: 1)
    let line = try Linear<Float>(inputSize: weights.count, outputSize: 1, random: &random)
    try line.loadParameters(["weight": weights, "bias": [bias]])
    return packing == 1 ? line : Sequential<Float>([try Packing<Float>(packing), line])
}

@Suite("mode-collapse")
struct ModeCollapseTests {
    @Test("Every table has its documented columns and one row per recorded step, snapshot, point or mode")
    func tables() throws {
        let parameters = quickModeCollapse()
        let result = try ModeCollapse.run(parameters, context: ExperimentContext(seed: 2))
        let modes = try #require(result.tables["modes"])
        #expect(modes.columns == [
            "step", "modes_covered_gan", "high_quality_fraction_gan", "modes_covered_wgan_gp", "high_quality_fraction_wgan_gp",
            "modes_covered_pacgan", "high_quality_fraction_pacgan",
        ])
        #expect(modes.column("step") == [0, 25, 50, 75, 100])
        for variant in ModeCollapse.Variant.allCases {
            let v = variant.rawValue
            let samples = try #require(result.tables["samples_\(v)"])
            #expect(samples.columns == ["x", "y"] && samples.rows.count == 400)
            let shares = try #require(result.tables["mode_shares_\(v)"])
            #expect(shares.columns == ["step", "mode", "share"] && shares.rows.count == 5 * 8)
            #expect(shares.column("mode")!.prefix(8) == [1, 2, 3, 4, 5, 6, 7, 8])
            // Every sample has a nearest mode: the shares of one step add up to 1.
            for step in stride(from: 0, to: 40, by: 8) {
                #expect(abs(shares.rows[step..<step + 8].map { $0[2] }.reduce(0, +) - 1) < 1e-12)
            }
            let finalD = try #require(result.tables["final_discriminator_\(v)"])
            #expect(finalD.columns == ["x", "y", "d"] && finalD.rows.count == 49)
            let discriminator = try #require(result.tables["discriminator_\(v)"])
            #expect(discriminator.columns == ["step", "x", "y", "d"] && discriminator.rows.count == 3 * 49)
            #expect(Set(discriminator.column("step")!) == [0, 50, 100])
            // The last snapshot of the long table is the final discriminator.
            #expect(discriminator.rows.suffix(49).map { Array($0.dropFirst()) } == finalD.rows)
            let snapshots = try #require(result.tables["snapshots_\(v)"])
            #expect(snapshots.columns == ["step", "x", "y"] && snapshots.rows.count == 3 * 60)
            // The last snapshot holds the first samples of the final evaluation (a smaller batch
            // through the same network: equal up to the BLAS kernels' rounding).
            for (snapshot, sample) in zip(snapshots.rows.suffix(60), samples.rows.prefix(60)) {
                #expect(abs(snapshot[1] - sample[0]) < 1e-5 && abs(snapshot[2] - sample[1]) < 1e-5)
            }
            let arrows = try #require(result.tables["arrows_\(v)"])
            #expect(arrows.columns == ["step", "x", "y", "dx", "dy"] && arrows.rows.count == 3 * 20)
            if variant != .wganGP {
                #expect(discriminator.column("d")!.allSatisfy { $0 > 0 && $0 < 1 }, "\(v): D is a probability")
            }
        }
    }

    @Test("The final numbers are those of the final samples, counted again")
    func finalNumbersMatchSamples() throws {
        let parameters = quickModeCollapse()
        let result = try ModeCollapse.run(parameters, context: ExperimentContext(seed: 3))
        for variant in ModeCollapse.Variant.allCases {
            let v = variant.rawValue
            let rows = try #require(result.tables["samples_\(v)"]).rows
            let samples = batch(rows.map { ($0[0], $0[1]) })
            let coverage = ModeCoverage(of: samples, ring: parameters.ring, threshold: parameters.qualityThreshold)
            #expect(result.scalars["final_modes_covered_\(v)"] == Double(coverage.modesCovered))
            #expect(result.scalars["final_high_quality_fraction_\(v)"] == coverage.highQualityFraction)
            #expect(result.scalars["largest_share_\(v)"] == coverage.shares.max())
            #expect(abs(result.scalars["final_spread_\(v)"]! - spread(samples)) < 1e-12)
            let modes = try #require(result.tables["modes"])
            #expect(modes.column("modes_covered_\(v)")!.last == Double(coverage.modesCovered))
            #expect(result.scalars["most_modes_covered_\(v)"] == modes.column("modes_covered_\(v)")!.max())
            #expect(result.scalars["modes_held_\(v)"] == Double(coverage.shares.filter { $0 >= 0.05 }.count))
            let best = coverage.highQuality.sorted(by: >).prefix(2).reduce(0, +)
            #expect(result.scalars["two_modes_quality_\(v)"] == Double(best) / Double(coverage.total))
            let outside = rows.filter { abs($0[0]) > 3 || abs($0[1]) > 3 }.count
            #expect(result.scalars["outside_grid_\(v)"]! >= Double(outside))
            // The discriminator's range: the median over the snapshots after step 0 of max − min on the grid.
            let discriminator = try #require(result.tables["discriminator_\(v)"]).rows.filter { $0[0] > 0 }
            let ranges = Dictionary(grouping: discriminator, by: { $0[0] }).values.map { rows in
                rows.map { $0[3] }.max()! - rows.map { $0[3] }.min()!
            }.sorted()
            let median = (ranges[(ranges.count - 1) / 2] + ranges[ranges.count / 2]) / 2
            #expect(abs(result.scalars["discriminator_range_\(v)"]! - median) < 1e-12)
        }
        #expect(try #require(result.tables["mode_centres"]).rows.count == 8)
    }

    @Test("Hops count changes of the mode holding more than half of the samples, from the mode shares")
    func hopsFromShares() throws {
        let result = try ModeCollapse.run(quickModeCollapse { $0.recordEvery = 10 }, context: ExperimentContext(seed: 2))
        for variant in ModeCollapse.Variant.allCases {
            let v = variant.rawValue
            let shares = try #require(result.tables["mode_shares_\(v)"]).rows.filter { $0[0] > 0 }
            let steps = Dictionary(grouping: shares, by: { $0[0] }).sorted { $0.key < $1.key }
            var hops = 0, collapsed = 0
            var last: Double?
            var held: [Double] = []
            for (_, rows) in steps {
                held.append(Double(rows.filter { $0[2] >= 0.05 }.count))
                guard let top = rows.max(by: { $0[2] < $1[2] }), top[2] > 0.5 else { continue }
                collapsed += 1
                if let last, last != top[1] { hops += 1 }
                last = top[1]
            }
            #expect(result.scalars["hops_\(v)"] == Double(hops))
            #expect(result.scalars["collapsed_fraction_\(v)"] == Double(collapsed) / Double(steps.count))
            #expect(result.scalars["most_modes_held_\(v)"] == held.max())
        }
    }

    @Test("WGAN-GP's critic on the grid is centred at every snapshot")
    func centredCritic() throws {
        let result = try ModeCollapse.run(quickModeCollapse(), context: ExperimentContext(seed: 5))
        let rows = try #require(result.tables["discriminator_wgan_gp"]).rows
        for (_, frame) in Dictionary(grouping: rows, by: { $0[0] }) {
            #expect(abs(frame.map { $0[3] }.reduce(0, +) / Double(frame.count)) < 1e-9)
        }
    }

    @Test("All three games start from the same generator: identical samples at step 0")
    func sameStart() throws {
        let result = try ModeCollapse.run(quickModeCollapse(), context: ExperimentContext(seed: 4))
        let first = try #require(result.tables["snapshots_gan"]).rows.filter { $0[0] == 0 }
        #expect(first.count == 60)
        for variant in [ModeCollapse.Variant.wganGP, .pacgan] {
            #expect(try #require(result.tables["snapshots_\(variant.rawValue)"]).rows.filter { $0[0] == 0 } == first)
            // ...and they part ways once they train.
            #expect(result.tables["samples_\(variant.rawValue)"] != result.tables["samples_gan"])
        }
        let modes = try #require(result.tables["modes"]).rows[0]
        #expect(modes[1] == modes[3] && modes[1] == modes[5] && modes[2] == modes[4] && modes[2] == modes[6])
    }

    @Test("The same seed gives the same result; another seed gives another")
    func determinism() throws {
        let parameters = quickModeCollapse { $0.steps = 50; $0.snapshotEvery = 50 }
        let first = try ModeCollapse.run(parameters, context: ExperimentContext(seed: 42))
        let second = try ModeCollapse.run(parameters, context: ExperimentContext(seed: 42))
        let other = try ModeCollapse.run(parameters, context: ExperimentContext(seed: 43))
        #expect(first == second)
        #expect(first.tables["samples_gan"] != other.tables["samples_gan"])
    }

    @Test("Arrows are −∇ₓ of the generator loss, scaled so that each snapshot's longest is arrow_length")
    func arrowsFollowTheLossGradient() throws {
        let points = batch([(0, 0), (1, -1), (-2, 0.5), (3, 2)])
        let w: [Float] = [0.8, -0.6]
        // Cross-entropy: −∇ₓ(−log σ(w·x + b)) = σ(−(w·x + b))·w, parallel to w, longest where D is lowest.
        let gan = ModeCollapse.generatorDirections(.gan, try linearDiscriminator(weights: w, bias: 0.3), at: points, length: 0.5)
        let logits = points.rows.map { 0.8 * Double($0[0]) - 0.6 * Double($0[1]) + 0.3 }
        let factors = logits.map { 1 / (1 + Foundation.exp($0)) }
        let scale = 0.5 / factors.max()!
        for (direction, factor) in zip(gan, factors) {
            #expect(abs(direction.dx - scale * factor * 0.8) < 1e-6 && abs(direction.dy + scale * factor * 0.6) < 1e-6)
        }
        // Wasserstein: −∇ₓ(−f(x)) = w at every point: all arrows alike, arrow_length long.
        for direction in ModeCollapse.generatorDirections(.wganGP, try linearDiscriminator(weights: w, bias: 0.3), at: points, length: 0.5) {
            #expect(abs(direction.dx - 0.4) < 1e-6 && abs(direction.dy + 0.3) < 1e-6)
        }
        // PacGAN: a pack (x₁, x₂) scores w₁·x₁ + w₂·x₂ + b, so x₁ is pushed along w₁, x₂ along w₂,
        // both by σ(−ℓ) of their pack.
        let packed = try linearDiscriminator(weights: [1, 0, 0, 2], bias: 0, packing: 2)
        let pac = ModeCollapse.generatorDirections(.pacgan, packed, at: points, length: 1)
        let packLogits = [0 + 2 * -1.0, -2 + 2 * 2.0]
        let packFactors = packLogits.map { 1 / (1 + Foundation.exp($0)) }
        let longest = max(packFactors[0], 2 * packFactors[0], packFactors[1], 2 * packFactors[1])
        let expected = [(packFactors[0], 0.0), (0, 2 * packFactors[0]), (packFactors[1], 0), (0, 2 * packFactors[1])]
        for (direction, (dx, dy)) in zip(pac, expected) {
            #expect(abs(direction.dx - dx / longest) < 1e-6 && abs(direction.dy - dy / longest) < 1e-6, "\(direction)")
        }
    }

    @Test("D on the grid: σ(ℓ) for the cross-entropy games, the raw score for WGAN-GP, a pack of copies for PacGAN")
    func discriminatorOnTheGrid() throws {
        let points: [(Double, Double)] = [(0, 0), (1, 2), (-1.5, 0.5)]
        let line = try linearDiscriminator(weights: [0.5, -1], bias: 0.25)
        let logits = points.map { 0.5 * $0.0 - $0.1 + 0.25 }
        let probabilities = ModeCollapse.discriminatorOutputs(.gan, line, at: points, packing: 2)
        let scores = ModeCollapse.discriminatorOutputs(.wganGP, line, at: points, packing: 2)
        for (index, logit) in logits.enumerated() {
            #expect(abs(probabilities[index] - 1 / (1 + Foundation.exp(-logit))) < 1e-6)
            #expect(abs(scores[index] - logit) < 1e-6)
        }
        // A pack of two copies of x scores (w₁ + w₂)·x + b.
        let packed = try linearDiscriminator(weights: [0.5, -1, 1, 0.25], bias: -0.5, packing: 2)
        let packs = ModeCollapse.discriminatorOutputs(.pacgan, packed, at: points, packing: 2)
        for (index, point) in points.enumerated() {
            let logit = 1.5 * point.0 - 0.75 * point.1 - 0.5
            #expect(abs(packs[index] - 1 / (1 + Foundation.exp(-logit))) < 1e-6)
        }
    }

    @Test("With the defaults the plain GAN collapses onto one clump that hops; WGAN-GP and PacGAN cover the ring")
    func collapseAndRemedies() throws {
        let scalars = try defaultModeCollapseRun.get().scalars
        #expect(scalars["final_modes_covered_gan"]! <= 2)
        #expect(scalars["largest_share_gan"]! > 0.5)
        #expect(scalars["hops_gan"]! >= 1)
        #expect(scalars["final_modes_covered_wgan_gp"]! >= 6 && scalars["final_modes_covered_pacgan"]! >= 6)
        #expect(scalars["largest_share_wgan_gp"]! < 0.25 && scalars["largest_share_pacgan"]! < 0.25)
        // The metric's ceiling, on the data.
        #expect(scalars["data_modes_covered"] == 8)
        #expect(abs(scalars["data_high_quality_fraction"]! - (1 - Foundation.exp(-4.5))) < 0.01)
        #expect(abs(scalars["data_spread"]! - 2) < 0.02)
    }

    @Test("Progress covers the three games in turn, ending at the last step of the last")
    func progress() throws {
        let calls = Mutex<[(Int, Int)]>([])
        let context = ExperimentContext(seed: 1) { step, total, _ in calls.withLock { $0.append((step, total)) } }
        _ = try ModeCollapse.run(quickModeCollapse(), context: context)
        let recorded = calls.withLock { $0 }
        #expect(recorded.allSatisfy { $0.1 == 300 })
        #expect(recorded.map(\.0) == (1...300).map { $0 })
    }

    @Test("Values the kind cannot run with are errors at plan time", arguments: modeCollapseRejections)
    func rejects(overrides: ParameterValue, error: ParameterError) {
        #expect(rejection(overrides, for: ModeCollapse.Parameters.self) == error)
    }
}

/// Overrides of mode-collapse's defaults, and the error each must raise.
let modeCollapseRejections: [(ParameterValue, ParameterError)] = [
    (["steps": 1e15], ParameterError.invalid("steps", message: "must be a whole number from 1 to 100000, got 1000000000000000")),
    (["batch": 1e15], .invalid("batch", message: "must be a whole number from 1 to 4096, got 1000000000000000")),
    (["generator_hidden": [64, 1e15]], .invalid("generator_hidden", message: "must be a list of whole numbers of 0 to 6 items, each from 1 to 512, got [64, 1000000000000000]")),
    (["evaluation_samples": 1e15], .invalid("evaluation_samples", message: "must be a whole number from 1 to 100000, got 1000000000000000")),
    (["grid": ["points": 1001]], .invalid("grid", message: "must be a mapping of from, to, points of at most 201 points, got {points: 1001}")),
    (["ring": ["sd": 0]], .invalid("ring.sd", message: "must be a number from 0.001 to 10, got 0")),
    (["ring": ["modes": 1e15]], .invalid("ring.modes", message: "must be a whole number from 1 to 64, got 1000000000000000")),
    (["generator_activation": "sigmoid"], .invalid("generator_activation", message: "must be one of leaky_relu, relu, tanh, got sigmoid")),
    (["generator_loss": "maximum-likelihood"], .invalid("generator_loss", message: "must be one of non-saturating, minimax, got maximum-likelihood")),
    (["discriminator_learning_rate": 0], .invalid("discriminator_learning_rate", message: "must be a number above 0 and at most 1, got 0")),
    (["record_every": 30], .invalid("record_every", message: "must divide steps = 2000, so that the last update is recorded, got 30")),
    (["snapshot_every": 300], .invalid("snapshot_every", message: "must divide steps = 2000, so that the last update is recorded, got 300")),
    (["snapshot_samples": 3000], .invalid("snapshot_samples", message: "must be at most evaluation_samples = 2500, got 3000")),
    (["arrows": 600], .invalid("arrows", message: "must be at most snapshot_samples = 500, got 600")),
    (["batch": 255], .invalid("batch", message: "must be a multiple of packing = 2, so that PacGAN's samples fill whole packs, got 255")),
    (["packing": 5], .invalid("batch", message: "must be a multiple of packing = 5, so that PacGAN's samples fill whole packs, got 256")),
    (["snapshot_every": 1, "grid": ["points": 201]], .invalid("snapshot_every", message: "leaves 81938949 rows of snapshots (snapshots × (grid.points² + snapshot_samples + arrows)), more than 1000000; snapshot less often, use a coarser grid or keep fewer samples")),
    (["steps": 100_000, "record_every": 1, "snapshot_every": 1000, "ring": ["modes": 64]], .invalid("record_every", message: "leaves 6400064 rows of mode shares (records × ring.modes), more than 1000000; record less often")),
]
