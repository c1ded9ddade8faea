import Foundation
import MinimaxEngine
import MinimaxRunner

/// `mode-collapse`: a plain GAN and two remedies, trained from the same seed on a ring of
/// Gaussians, and how many of its modes each one covers over training.
///
/// The data is Metz et al.'s (2016) ring: eight Gaussians of standard deviation 0.02 on
/// the circle of radius 2. Every variant starts from the same generator, draws the same real
/// batches and the same noise:
/// - `gan`: the cross-entropy game with the non-saturating generator loss (Goodfellow et al.
///   2014), one discriminator update per generator update;
/// - `wgan_gp`: a Wasserstein critic with gradient penalty λ·(‖∇ₓ̂ f‖ − 1)² (Gulrajani et al.
///   2017), `critic_steps` critic updates per generator update;
/// - `pacgan`: the same cross-entropy game, but the discriminator judges packs of `packing`
///   samples at once (Lin et al. 2018).
///
/// Coverage is measured on a fixed set of noise vectors as Lin et al. 2018 count it: a
/// sample within `quality_threshold` standard deviations of its nearest mode is high quality, and
/// a mode with at least one high-quality sample is covered. Snapshots of the discriminator on a
/// grid, of the samples and of the generator's gradient at some of them are returned in long
/// format (one row per step and point) for GAN Lab-style figures (Kahng et al. 2019).
public enum ModeCollapseExperiment: ExperimentKind {
    /// What each parameter means, and the values it accepts: `fields`, below.
    public struct Parameters: Sendable, Equatable {
        public var ring: GaussianRing
        public var noiseDimensions: Int
        public var generatorHidden: [Int]
        public var discriminatorHidden: [Int]
        public var generatorActivation: HiddenActivation
        public var discriminatorActivation: HiddenActivation
        public var generatorLoss: GeneratorLossChoice
        public var steps: Int
        public var batch: Int
        public var generatorLearningRate: Double
        public var discriminatorLearningRate: Double
        public var discriminatorSteps: Int
        public var criticLearningRate: Double
        public var beta1: Double
        public var beta2: Double
        public var penaltyWeight: Double
        public var criticSteps: Int
        public var packing: Int
        public var qualityThreshold: Double
        public var evaluationSamples: Int
        public var recordEvery: Int
        public var snapshotEvery: Int
        public var snapshotSamples: Int
        public var arrows: Int
        public var arrowLength: Double
        public var grid: UniformGrid
    }

    /// The function after every hidden layer of a network.
    public enum HiddenActivation: String, CaseIterable, Sendable, ParameterChoice {
        case leakyReLU = "leaky_relu"
        case relu, tanh

        var function: Activation<Float>.Function {
            switch self {
            case .leakyReLU: .leakyReLU(slope: 0.2)
            case .relu: .relu
            case .tanh: .tanh
            }
        }
    }

    /// The generator loss of the cross-entropy games (the plain GAN and PacGAN).
    public enum GeneratorLossChoice: String, CaseIterable, Sendable, ParameterChoice {
        /// −log D(G(z)), Goodfellow et al.'s heuristic.
        case nonSaturating = "non-saturating"
        /// log(1 − D(G(z))), the minimax game itself, as Metz et al. 2016 train their GANs.
        case minimax

        var loss: GeneratorLoss { self == .minimax ? .minimax : .nonSaturating }
    }

    /// The games trained side by side; the raw value names their results (`samples_wgan_gp`).
    public enum Variant: String, CaseIterable, Sendable {
        case gan
        case wganGP = "wgan_gp"
        case pacgan

        /// How results describe it.
        var title: String {
            switch self {
            case .gan: "the plain GAN"
            case .wganGP: "WGAN-GP"
            case .pacgan: "PacGAN"
            }
        }

        /// What the discriminator's output column holds.
        var output: String {
            switch self {
            case .gan: "D(x), the probability that x is real"
            case .wganGP: "The critic's score f(x) minus its mean over the grid at that step (a Wasserstein critic outputs no probability, and is defined up to a constant)"
            case .pacgan: "D of a pack holding `packing` copies of x: the probability that the pack is real"
            }
        }
    }

    public static let name = "mode-collapse"

    public static let summary =
        "Trains a plain GAN, WGAN-GP and PacGAN from one seed on a ring of Gaussians and counts the modes each covers."

    public static let version = 2

    public static let results: [ResultDeclaration] = {
        let quality = "The share of the samples within quality_threshold σ of their nearest mode"
        var declarations: [ResultDeclaration] = [
            .scalar("data_modes_covered", "Modes covered by evaluation_samples samples of the data itself: the metric's ceiling."),
            .scalar(
                "data_high_quality_fraction",
                "The share of the data's own samples within quality_threshold σ of their mode: 1 − exp(−quality_threshold²/2) in expectation."),
            .scalar("data_spread", "The spread √(mean ‖x − x̄‖²) of those data samples around their mean: about the ring's radius."),
            .table(
                "mode_centres", "The centres μₖ of the ring's modes, to mark them on the figures.",
                columns: ["x": "The centre's first coordinate.", "y": "Its second coordinate."]),
            .table(
                "modes", "Coverage over training, measured on the same evaluation_samples noise vectors at every row.",
                columns: [
                    "step": "The generator update after which the samples were drawn (0: before training).",
                    "modes_covered_gan": "Modes with at least one high-quality sample, plain GAN.",
                    "high_quality_fraction_gan": quality + ", plain GAN.",
                    "modes_covered_wgan_gp": "Modes with at least one high-quality sample, WGAN-GP.",
                    "high_quality_fraction_wgan_gp": quality + ", WGAN-GP.",
                    "modes_covered_pacgan": "Modes with at least one high-quality sample, PacGAN.",
                    "high_quality_fraction_pacgan": quality + ", PacGAN.",
                ], .chaotic)
        ]
        for variant in Variant.allCases {
            let v = variant.rawValue
            declarations += [
                .scalar("final_modes_covered_\(v)", "Modes covered by \(variant.title) after the last update.", .chaotic),
                .scalar("final_high_quality_fraction_\(v)", "The share of high-quality samples of \(variant.title) after the last update.", .chaotic),
                .scalar("final_spread_\(v)", "The spread √(mean ‖x − x̄‖²) of \(variant.title)'s samples around their mean after the last update.", .chaotic),
                .scalar("most_modes_covered_\(v)", "The most modes \(variant.title) covered at once, over the recorded steps.", .chaotic),
                .scalar(
                    "hops_\(v)",
                    "Times the mode holding more than half of \(variant.title)'s samples changed, between consecutive recorded steps at which one mode held more than half: a collapsed generator moving on.", .chaotic),
                .scalar(
                    "collapsed_fraction_\(v)",
                    "The share of the recorded steps after step 0 at which one mode held more than half of \(variant.title)'s samples.", .chaotic),
                .scalar(
                    "modes_held_\(v)",
                    "After the last update, the modes that at least 5% of \(variant.title)'s samples are nearest to (8 for a perfect generator on 8 modes).", .chaotic),
                .scalar(
                    "most_modes_held_\(v)",
                    "The most modes holding at least 5% of \(variant.title)'s samples at once, over the recorded steps after step 0.", .chaotic),
                .scalar(
                    "two_modes_quality_\(v)",
                    "After the last update, the share of \(variant.title)'s samples within quality_threshold σ of one of the two modes that have the most such samples: near 1 for a generator collapsed onto one or two modes.", .chaotic),
                .scalar(
                    "discriminator_range_\(v)",
                    "The median, over the snapshots after step 0, of the range (largest minus smallest value) of \(variant.title)'s discriminator on the grid: near 1 for a discriminator that tells the modes from the gaps between them, near 0 for a flat one (for WGAN-GP, the critic's range, in its own units).", .chaotic),
                .scalar(
                    "outside_grid_\(v)",
                    "Samples of \(variant.title) (snapshots and final samples) outside the grid's square, on the blank background of the figures over D.", .chaotic),
                .scalar(
                    "largest_share_\(v)",
                    "After the last update, the largest share of \(variant.title)'s samples nearest to one mode: 1/modes for a perfect generator, near 1 for a collapsed one.", .chaotic),
                .table(
                    "samples_\(v)", "The evaluation samples of \(variant.title) after the last update.",
                    columns: ["x": "The sample's first coordinate.", "y": "The sample's second coordinate."], .chaotic),
                .table(
                    "mode_shares_\(v)", "Where \(variant.title)'s samples are over training: one row per recorded step and mode.",
                    columns: [
                        "step": "The generator update.", "mode": "The mode k, 1 to ring.modes (at angle 2π(k − 1)/modes).",
                        "share": "The share of the evaluation samples whose nearest mode this is, high quality or not (1/modes for a perfect generator).",
                    ], .chaotic),
                .table(
                    "final_discriminator_\(v)", "The discriminator of \(variant.title) on the grid after the last update.",
                    columns: ["x": "The grid point's first coordinate.", "y": "Its second coordinate.", "d": variant.output + "."], .chaotic),
                .table(
                    "discriminator_\(v)", "The discriminator of \(variant.title) on the grid at every snapshot: one row per (step, point).",
                    columns: [
                        "step": "The generator update (0: before training).", "x": "The grid point's first coordinate.",
                        "y": "Its second coordinate.", "d": variant.output + ".",
                    ], .chaotic),
                .table(
                    "snapshots_\(v)", "The first snapshot_samples evaluation samples of \(variant.title) at every snapshot.",
                    columns: ["step": "The generator update (0: before training).", "x": "The sample's first coordinate.", "y": "Its second coordinate."], .chaotic),
                .table(
                    "arrows_\(v)",
                    "The generator's gradient at the first `arrows` samples of each snapshot: where the generator loss pushes each sample.",
                    columns: [
                        "step": "The generator update (0: before training).", "x": "The sample's first coordinate.", "y": "Its second coordinate.",
                        "dx": "−∂L_G/∂x, scaled so that the longest arrow of the snapshot is arrow_length long.",
                        "dy": "−∂L_G/∂y, with the same scale.",
                    ], .chaotic),
            ]
        }
        return declarations
    }()

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        var result = ExperimentResult()
        // The metric applied to the data itself: what a perfect generator would score.
        var streams = Streams(seed: context.seed)
        let dataSamples = parameters.ring.sample(parameters.evaluationSamples, random: &streams.dataCheck)
        let data = ModeCoverage(of: dataSamples, ring: parameters.ring, threshold: parameters.qualityThreshold)
        result.scalars["data_modes_covered"] = Double(data.modesCovered)
        result.scalars["data_high_quality_fraction"] = data.highQualityFraction
        result.scalars["data_spread"] = spread(dataSamples)
        var modes: [(String, [Double])] = []
        for (index, variant) in Variant.allCases.enumerated() {
            let run = try train(variant, parameters, seed: context.seed) { step, values in
                context.progress(index * parameters.steps + step, Variant.allCases.count * parameters.steps, values)
            }
            let v = variant.rawValue
            if modes.isEmpty { modes.append(("step", run.steps)) }
            modes += [("modes_covered_\(v)", run.modesCovered), ("high_quality_fraction_\(v)", run.highQualityFractions)]
            result.scalars["final_modes_covered_\(v)"] = run.modesCovered.last!
            result.scalars["final_high_quality_fraction_\(v)"] = run.highQualityFractions.last!
            result.scalars["hops_\(v)"] = Double(run.hops)
            result.scalars["collapsed_fraction_\(v)"] = Double(run.collapsedSteps) / Double(max(1, run.steps.count - 1))
            result.scalars["modes_held_\(v)"] = run.modesHeld.last!
            result.scalars["most_modes_held_\(v)"] = run.modesHeld.dropFirst().max() ?? run.modesHeld[0]
            result.scalars["two_modes_quality_\(v)"] = run.twoModesQuality
            result.scalars["outside_grid_\(v)"] = Double(run.outsideGrid)
            let ranges = run.discriminatorRanges.sorted()
            result.scalars["discriminator_range_\(v)"] = ranges.isEmpty ? 0 : (ranges[(ranges.count - 1) / 2] + ranges[ranges.count / 2]) / 2
            result.scalars["most_modes_covered_\(v)"] = run.modesCovered.max()!
            result.scalars["largest_share_\(v)"] = run.largestShare
            result.scalars["final_spread_\(v)"] = run.finalSpread
            result.tables["samples_\(v)"] = run.finalSamples
            result.tables["mode_shares_\(v)"] = run.shares
            result.tables["final_discriminator_\(v)"] = run.finalDiscriminator
            result.tables["discriminator_\(v)"] = run.discriminator
            result.tables["snapshots_\(v)"] = run.snapshots
            result.tables["arrows_\(v)"] = run.arrows
        }
        result.tables["modes"] = DataTable(modes)
        result.tables["mode_centres"] = DataTable(columns: ["x", "y"], rows: parameters.ring.centers.map { [$0.x, $0.y] })
        return result
    }

    /// One random stream per use, each split from the seed, so that each depends only on the
    /// seed and on its own parameters.
    struct Streams {
        var generatorInitialisation, discriminatorInitialisation, data, noise, penalty, evaluation: RandomSource
        /// The data samples that calibrate the metric (`data_modes_covered`).
        var dataCheck: RandomSource

        init(seed: UInt64) {
            var random = RandomSource(seed: seed)
            generatorInitialisation = random.split()
            discriminatorInitialisation = random.split()
            data = random.split()
            noise = random.split()
            penalty = random.split()
            evaluation = random.split()
            dataCheck = random.split()
        }
    }

    /// What one variant's training recorded.
    struct VariantRun {
        var steps: [Double] = []
        var modesCovered: [Double] = []
        var highQualityFractions: [Double] = []
        /// Changes of the mode holding more than half of the samples, between recorded steps at
        /// which one did; the last such mode; how many recorded steps after 0 had one.
        var hops = 0
        var lastCollapsedMode: Int?
        var collapsedSteps = 0
        /// Modes with at least 5% of the samples, at every recorded step.
        var modesHeld: [Double] = []
        /// At the last recorded step, the high-quality share of the two modes with the most.
        var twoModesQuality = 0.0
        /// Snapshot and final samples outside the grid.
        var outsideGrid = 0
        /// The largest share of one mode at the last recorded step.
        var largestShare = 0.0
        /// The spread of the samples at the last recorded step.
        var finalSpread = 0.0
        var shares = DataTable(columns: ["step", "mode", "share"])
        var finalSamples = DataTable(columns: ["x", "y"])
        var finalDiscriminator = DataTable(columns: ["x", "y", "d"])
        /// The range of the discriminator on the grid at each snapshot after step 0.
        var discriminatorRanges: [Double] = []
        var discriminator = DataTable(columns: ["step", "x", "y", "d"])
        var snapshots = DataTable(columns: ["step", "x", "y"])
        var arrows = DataTable(columns: ["step", "x", "y", "dx", "dy"])
    }

    /// Trains one variant, recording coverage every `record_every` updates and a snapshot every
    /// `snapshot_every`, both from step 0.
    static func train(
        _ variant: Variant, _ parameters: Parameters, seed: UInt64, progress: (Int, [(String, Double)]) -> Void
    ) throws -> VariantRun {
        // The same streams for every variant: the same initial generator (and discriminator,
        // where the shapes agree), the same real batches, the same noise.
        var streams = Streams(seed: seed)

        let ring = parameters.ring
        let generator = try Sequential<Float>(
            perceptron: [parameters.noiseDimensions] + parameters.generatorHidden + [2], activation: parameters.generatorActivation.function,
            random: &streams.generatorInitialisation)
        let discriminator = try makeDiscriminator(variant, parameters, random: &streams.discriminatorInitialisation)
        let objective: GANObjective
        switch variant {
        case .gan, .pacgan: objective = .crossEntropy(generator: parameters.generatorLoss.loss)
        case .wganGP: objective = .wassersteinGradientPenalty(weight: parameters.penaltyWeight)
        }
        func adam(_ network: any Layer<Float>, _ learningRate: Double) throws -> Adam<Float> {
            try Adam(parameters: network.parameters, learningRate: learningRate, beta1: parameters.beta1, beta2: parameters.beta2)
        }
        let trainer = try GANTrainer(
            generator: generator, discriminator: discriminator,
            generatorOptimizer: adam(generator, parameters.generatorLearningRate),
            discriminatorOptimizer: adam(discriminator, variant == .wganGP ? parameters.criticLearningRate : parameters.discriminatorLearningRate),
            objective: objective, discriminatorSteps: variant == .wganGP ? parameters.criticSteps : parameters.discriminatorSteps)

        let evaluationNoise = Tensor<Float>.normal([parameters.evaluationSamples, parameters.noiseDimensions], using: &streams.evaluation)
        let grid = parameters.grid.values
        let gridPoints = grid.flatMap { y in grid.map { x in (x, y) } }
        var run = VariantRun()
        let window = parameters.grid.from...parameters.grid.to
        func outside(_ points: [[Double]]) -> Int { points.filter { !window.contains($0[0]) || !window.contains($0[1]) }.count }

        func record(_ step: Int) {
            let samples = withoutGradients { generator(evaluationNoise) }
            let coverage = ModeCoverage(of: samples, ring: ring, threshold: parameters.qualityThreshold)
            run.steps.append(Double(step))
            run.modesCovered.append(Double(coverage.modesCovered))
            run.highQualityFractions.append(coverage.highQualityFraction)
            run.largestShare = coverage.shares.max()!
            run.modesHeld.append(Double(coverage.shares.filter { $0 >= 0.05 }.count))
            if step > 0, run.largestShare > 0.5 {
                run.collapsedSteps += 1
                if let last = run.lastCollapsedMode, last != coverage.dominantMode { run.hops += 1 }
                run.lastCollapsedMode = coverage.dominantMode
            }
            for (mode, share) in coverage.shares.enumerated() {
                run.shares.rows.append([Double(step), Double(mode + 1), share])
            }
            if step == parameters.steps {
                run.finalSpread = spread(samples)
                run.finalSamples.rows = samples.rows.map { [Double($0[0]), Double($0[1])] }
                run.outsideGrid += outside(run.finalSamples.rows)
                let best = coverage.highQuality.sorted(by: >).prefix(2).reduce(0, +)
                run.twoModesQuality = Double(best) / Double(max(coverage.total, 1))
            }
        }

        func snapshot(_ step: Int) {
            var outputs = discriminatorOutputs(variant, discriminator, at: gridPoints, packing: parameters.packing)
            // A critic is defined up to a constant: centred, its frames share one colour scale.
            if variant == .wganGP {
                let centre = mean(outputs)
                outputs = outputs.map { $0 - centre }
            }
            if step > 0, let low = outputs.min(), let high = outputs.max() { run.discriminatorRanges.append(high - low) }
            for ((x, y), d) in zip(gridPoints, outputs) {
                run.discriminator.rows.append([Double(step), x, y, d])
                if step == parameters.steps { run.finalDiscriminator.rows.append([x, y, d]) }
            }
            let shown = withoutGradients { generator(evaluationNoise.rows(0..<parameters.snapshotSamples)) }
            for row in shown.rows { run.snapshots.rows.append([Double(step), Double(row[0]), Double(row[1])]) }
            run.outsideGrid += outside(shown.rows.map { [Double($0[0]), Double($0[1])] })
            let pushed = shown.rows(0..<parameters.arrows)
            let directions = generatorDirections(
                variant, discriminator, at: pushed, length: parameters.arrowLength, loss: parameters.generatorLoss)
            for (point, direction) in zip(pushed.rows, directions) {
                run.arrows.rows.append([Double(step), Double(point[0]), Double(point[1]), direction.dx, direction.dy])
            }
        }

        record(0)
        snapshot(0)
        let progressEvery = max(1, parameters.steps / 100)
        for step in 1...parameters.steps {
            let outcome = trainer.step(
                real: { ring.sample(parameters.batch, random: &streams.data) },
                noise: { Tensor.normal([parameters.batch, parameters.noiseDimensions], using: &streams.noise) },
                random: &streams.penalty)
            guard outcome.isFinite else {
                throw ExperimentError.diverged(
                    step: step,
                    detail: "\(variant.title): discriminator loss \(outcome.discriminatorLoss), generator loss \(outcome.generatorLoss)")
            }
            if step % parameters.recordEvery == 0 { record(step) }
            if step % parameters.snapshotEvery == 0 { snapshot(step) }
            if step % progressEvery == 0 || step == parameters.steps {
                progress(step, [("modes_\(variant.rawValue)", run.modesCovered.last!), ("d_loss", outcome.discriminatorLoss)])
            }
        }
        return run
    }

    /// A multilayer perceptron with LeakyReLU(0.2) from 2-D points (or, for PacGAN, from packs
    /// of `packing` points) to one logit or score.
    static func makeDiscriminator(_ variant: Variant, _ parameters: Parameters, random: inout RandomSource) throws -> any Layer<Float> {
        let inputs = variant == .pacgan ? 2 * parameters.packing : 2
        let network = try Sequential<Float>(
            perceptron: [inputs] + parameters.discriminatorHidden + [1], activation: parameters.discriminatorActivation.function,
            random: &random)
        return variant == .pacgan ? Sequential<Float>([try Packing<Float>(parameters.packing), network]) : network
    }

    /// The discriminator at each point: σ(logit) for the cross-entropy games, the critic's raw
    /// score for WGAN-GP. PacGAN's discriminator reads packs, so it is shown on a pack holding
    /// `packing` copies of the point.
    static func discriminatorOutputs(_ variant: Variant, _ discriminator: any Layer<Float>, at points: [(Double, Double)], packing: Int) -> [Double] {
        let copies = variant == .pacgan ? packing : 1
        let input = Tensor<Float>(
            shape: [points.count * copies, 2],
            scalars: points.flatMap { point in [Float](repeating: 0, count: copies).flatMap { _ in [Float(point.0), Float(point.1)] } })
        let outputs = withoutGradients { discriminator(input) }
        return outputs.scalars.map { variant == .wganGP ? Double($0) : 1 / (1 + Foundation.exp(-Double($0))) }
    }

    /// −∇ₓ L_G at each sample x, where L_G is the generator's loss summed over the samples
    /// (−log D(x) for the cross-entropy games, −f(x) for WGAN-GP), all scaled by one factor so that
    /// the longest is `length` long (unscaled when `length` is nil): the direction in which the
    /// loss pushes each sample, as GAN Lab draws it. PacGAN's gradient at a sample depends on the
    /// other samples of its pack.
    static func generatorDirections(
        _ variant: Variant, _ discriminator: any Layer<Float>, at samples: Tensor<Float>, length: Double?,
        loss generatorLoss: GeneratorLossChoice = .nonSaturating
    ) -> [(dx: Double, dy: Double)] {
        let points = samples.detached().requiringGradient()
        let outputs = discriminator(points)
        let loss =
            variant == .wganGP
            ? wassersteinGeneratorLoss(fakeScores: outputs)
            : generatorLoss == .minimax ? minimaxGeneratorLoss(fakeLogits: outputs) : nonSaturatingGeneratorLoss(fakeLogits: outputs)
        let gradient = loss.gradients(withRespectTo: [points])[0]
        let directions = gradient.rows.map { (dx: -Double($0[0]), dy: -Double($0[1])) }
        let longest = directions.map { ($0.dx * $0.dx + $0.dy * $0.dy).squareRoot() }.max() ?? 0
        guard let length, longest > 0 else { return directions }
        let scale = length / longest
        return directions.map { (dx: $0.dx * scale, dy: $0.dy * scale) }
    }
}

extension ModeCollapseExperiment.Parameters: ParameterGroup {
    // The generator learns about seven times faster than the discriminator: the regime where
    // the plain GAN collapses and hops, while PacGAN, with the same rates, covers the ring.
    // Given WGAN-GP's budget (discriminator_steps: 5 at 3e-4), or a discriminator rate of 3e-4
    // or 5e-4, the plain GAN covered the ring on seed 1 when the lesson's settings were chosen;
    // WGAN-GP with one critic update at 1.5e-4 collapsed like the plain GAN.
    // λ = 0.1, 5 critic updates, Adam's β = (0.5, 0.9) and batches of 256 are the values of the
    // toy-data script released with Gulrajani et al. 2017. Three games of 2000 updates take
    // about 7 s on one core, WGAN-GP most of it.
    public static let defaults = Self(
        ring: .defaults, noiseDimensions: 8, generatorHidden: [64, 64], discriminatorHidden: [64, 64],
        generatorActivation: .leakyReLU, discriminatorActivation: .leakyReLU, generatorLoss: .nonSaturating,
        steps: 2000, batch: 256, generatorLearningRate: 1e-3, discriminatorLearningRate: 1.5e-4, discriminatorSteps: 1, criticLearningRate: 3e-4,
        beta1: 0.5, beta2: 0.9, penaltyWeight: 0.1, criticSteps: 5, packing: 2,
        qualityThreshold: 3, evaluationSamples: 2500, recordEvery: 50, snapshotEvery: 100, snapshotSamples: 500, arrows: 48,
        arrowLength: 0.3, grid: UniformGrid(from: -3, to: 3, points: 41))

    public static let fields: [Field<Self>] = [
        Field("ring", \.ring, help: "The data: {modes, radius, sd} of the ring of Gaussians."),
        Field("noise_dimensions", \.noiseDimensions, help: "The dimension of the generator's Gaussian noise z.", .within(1...256)),
        Field(
            "generator_hidden", \.generatorHidden, help: "The widths of the generator's hidden layers, from z to a 2-D sample.",
            .each(within: 1...512, count: 0...6)),
        Field(
            "discriminator_hidden", \.discriminatorHidden,
            help: "The widths of the discriminator's hidden layers, from a 2-D point (PacGAN: a pack of points) to one output.",
            .each(within: 1...512, count: 0...6)),
        Field(
            "generator_activation", \.generatorActivation,
            help: "The function after each of the generator's hidden layers: leaky_relu (slope 0.2), relu or tanh."),
        Field(
            "discriminator_activation", \.discriminatorActivation,
            help: "The function after each hidden layer of every variant's discriminator or critic: leaky_relu (slope 0.2), relu or tanh."),
        Field(
            "generator_loss", \.generatorLoss,
            help: "The generator loss of the plain GAN and PacGAN: non-saturating, −log D(G(z)), or minimax, log(1 − D(G(z))). WGAN-GP's is −f(G(z)) either way."),
        Field("steps", \.steps, help: "Generator updates of each variant.", .within(1...100_000)),
        Field("batch", \.batch, help: "Real samples and generated samples in each update.", .within(1...4096)),
        Field("generator_learning_rate", \.generatorLearningRate, help: "Adam's learning rate for the generator of every variant.", .positive(atMost: 1)),
        Field(
            "discriminator_learning_rate", \.discriminatorLearningRate, help: "Adam's learning rate for the discriminator of the plain GAN and of PacGAN.",
            .positive(atMost: 1)),
        Field(
            "discriminator_steps", \.discriminatorSteps, help: "Discriminator updates per generator update, for the plain GAN and PacGAN.",
            .within(1...20)),
        Field("critic_learning_rate", \.criticLearningRate, help: "Adam's learning rate for WGAN-GP's critic.", .positive(atMost: 1)),
        Field("beta1", \.beta1, help: "Adam's β₁ (the momentum of the mean gradient).", .within(0...0.999)),
        Field("beta2", \.beta2, help: "Adam's β₂ (the momentum of the squared gradient).", .within(0...0.9999)),
        Field("penalty_weight", \.penaltyWeight, help: "WGAN-GP's gradient-penalty weight λ.", .within(0...1000)),
        Field("critic_steps", \.criticSteps, help: "WGAN-GP's critic updates per generator update.", .within(1...20)),
        Field("packing", \.packing, help: "PacGAN's pack size m: samples the discriminator judges together.", .within(1...16)),
        Field(
            "quality_threshold", \.qualityThreshold, help: "A sample within this many standard deviations of its nearest mode is high quality.",
            .positive(atMost: 100)),
        Field("evaluation_samples", \.evaluationSamples, help: "Samples drawn (from fixed noise) to measure coverage.", .within(1...100_000)),
        Field("record_every", \.recordEvery, help: "Generator updates between coverage measurements (from step 0).", .within(1...100_000)),
        Field(
            "snapshot_every", \.snapshotEvery, help: "Generator updates between snapshots of the discriminator, samples and arrows (from step 0).",
            .within(1...100_000)),
        Field("snapshot_samples", \.snapshotSamples, help: "Samples kept per snapshot (the first of the evaluation samples).", .within(1...10_000)),
        Field("arrows", \.arrows, help: "Samples per snapshot, among the first snapshot samples, at which the generator's gradient is kept.", .within(1...10_000)),
        Field("arrow_length", \.arrowLength, help: "The length of each snapshot's longest arrow, in data units.", .positive(atMost: 100)),
        Field("grid", \.grid, help: "Where the discriminator is tabulated, along x and along y alike: {from, to, points}.", .init("of at most 201 points") { $0.points <= 201 }),
    ]

    public static func check(_ parameters: Self, at path: String) throws(ParameterError) {
        try checkSnapshots(
            steps: parameters.steps, recordEvery: parameters.recordEvery, snapshotEvery: parameters.snapshotEvery,
            snapshotSamples: parameters.snapshotSamples, evaluationSamples: parameters.evaluationSamples, arrows: parameters.arrows)
        for (name, count) in [("batch", parameters.batch), ("arrows", parameters.arrows)] where count % parameters.packing != 0 {
            throw .invalid(name, message: "must be a multiple of packing = \(parameters.packing), so that PacGAN's samples fill whole packs, got \(count)")
        }
        // Keep each variant's long tables within memory.
        let records = (parameters.steps / parameters.recordEvery + 1) * parameters.ring.modes
        guard records <= 1_000_000 else {
            throw .invalid(
                "record_every",
                message: "leaves \(records) rows of mode shares (records × ring.modes), more than 1000000; record less often")
        }
        let perSnapshot = parameters.grid.points * parameters.grid.points + parameters.snapshotSamples + parameters.arrows
        let rows = (parameters.steps / parameters.snapshotEvery + 1) * perSnapshot
        guard rows <= 1_000_000 else {
            throw .invalid(
                "snapshot_every",
                message: "leaves \(rows) rows of snapshots (snapshots × (grid.points² + snapshot_samples + arrows)), more than 1000000; snapshot less often, use a coarser grid or keep fewer samples")
        }
    }
}

/// The rules a training with recorded steps and snapshots follows: the last update is recorded
/// and snapshotted, and snapshots and arrows are drawn from the samples that exist.
func checkSnapshots(
    steps: Int, recordEvery: Int, snapshotEvery: Int, snapshotSamples: Int, evaluationSamples: Int, arrows: Int
) throws(ParameterError) {
    for (name, every) in [("record_every", recordEvery), ("snapshot_every", snapshotEvery)] where steps % every != 0 {
        throw .invalid(name, message: "must divide steps = \(steps), so that the last update is recorded, got \(every)")
    }
    guard snapshotSamples <= evaluationSamples else {
        throw .invalid("snapshot_samples", message: "must be at most evaluation_samples = \(evaluationSamples), got \(snapshotSamples)")
    }
    guard arrows <= snapshotSamples else {
        throw .invalid("arrows", message: "must be at most snapshot_samples = \(snapshotSamples), got \(arrows)")
    }
}
