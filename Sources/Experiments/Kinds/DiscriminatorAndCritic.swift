import Foundation
import MinimaxEngine
import MinimaxRunner

/// `discriminator-and-critic`: what a generator learns through a trained discriminator and
/// through a trained Wasserstein critic, as its distribution moves away from the data
/// (Arjovsky, Chintala & Bottou 2017).
///
/// The data are p = N(0, 1) and the generator is G(z) = z + μ with z ∼ N(0, 1), so q_μ = N(μ, 1).
/// For each μ the experiment trains, against that fixed generator:
/// - a discriminator D = σ(ℓ) by binary cross-entropy (Goodfellow et al. 2014), and
/// - a critic f by the Wasserstein loss mean f(G(z)) − mean f(x), its weights clipped to
///   [−c, c] after every update (Arjovsky et al. 2017, Algorithm 1),
/// then measures on samples, through the engine's autodiff, the gradient the generator receives:
/// d/dμ E_z[log(1 − D(z + μ))] for the minimax GAN loss and d/dμ (−E_z[f(z + μ)]) for WGAN's.
/// Both are gradients of a loss the generator descends: positive values move q_μ toward p.
///
/// Where the distributions overlap, the first gradient is close to the one through the optimal
/// discriminator D*, 2·dJSD/dμ (the envelope theorem), which the experiment computes by
/// quadrature. When they are far apart D separates them perfectly and saturates on the
/// generator's samples, so log(1 − D) is flat there and the first gradient vanishes (Arjovsky &
/// Bottou 2017, in the limit of supports that do not meet). The clipped critic is close
/// to linear between the two, and its slope, hence the second gradient, does not depend on how far
/// apart they are; the experiment also counts the critic's weights that clipping holds at ±c.
public enum DiscriminatorAndCriticExperiment: ExperimentKind {
    /// What each parameter means, and the values it accepts: `fields`, below.
    public struct Parameters: Sendable, Equatable {
        public var mu: [Double]
        public var hidden: [Int]
        public var steps: Int
        public var batch: Int
        public var discriminatorLearningRate: Double
        public var criticLearningRate: Double
        public var clip: Double
        public var monteCarlo: Int
        /// The functions are tabulated from min(0, μ) − margin to max(0, μ) + margin.
        public var margin: Double
        public var points: Int
        /// The shifts |μ| ≤ overlapMu are compared with the optimal discriminator's gradient.
        public var overlapMu: Double
    }

    public static let name = "discriminator-and-critic"

    public static let summary =
        "Trains a discriminator and a clipped Wasserstein critic against G(z) = z + μ and measures the gradient each gives the generator."

    public static let version = 2

    public static let results: [ResultDeclaration] = [
        .scalar("nearest_mu", "The μ closest to 0 in the list."),
        .scalar("farthest_mu", "The μ farthest from 0 in the list."),
        .scalar("gan_generator_grad_nearest", "gan_generator_grad at nearest_mu.", .trained(relative: 1, absolute: 0.05)),
        .scalar("gan_generator_grad_farthest", "gan_generator_grad at farthest_mu.", .trained(relative: 1, absolute: 0.05)),
        .scalar(
            "gan_generator_grad_ratio",
            "|gan_generator_grad_farthest| / |gan_generator_grad_nearest|: what is left of the GAN generator's gradient far away.", .trained(relative: 1, absolute: 0.05)),
        .scalar("optimal_generator_grad_nearest", "optimal_generator_grad at nearest_mu: 2·dJSD/dμ, by quadrature."),
        .scalar("wgan_generator_grad_nearest", "wgan_generator_grad at nearest_mu.", .trained(relative: 1, absolute: 0.05)),
        .scalar("wgan_generator_grad_farthest", "wgan_generator_grad at farthest_mu.", .trained(relative: 1, absolute: 0.05)),
        .scalar(
            "wgan_generator_grad_ratio",
            "|wgan_generator_grad_farthest| / |wgan_generator_grad_nearest|: what is left of the WGAN generator's gradient far away.", .trained(relative: 1, absolute: 0.05)),
        .scalar(
            "envelope_max_relative_error",
            "The largest |gan_generator_grad / optimal_generator_grad − 1| over the shifts |μ| ≤ overlap_mu: how far the trained discriminator's gradient is from the optimal one's where the Gaussians overlap (0 if no μ is that close).",
            .trained(relative: 1, absolute: 0.05)),
        .scalar(
            "critic_weights_at_clip_farthest",
            "The share of the critic's parameters (weights and biases) at ±clip after training, at farthest_mu.", .trained(relative: 1, absolute: 0.1)),
        .scalar(
            "critic_weights_at_clip_least",
            "The smallest share of the critic's parameters at ±clip after training, over every μ.", .trained(relative: 1, absolute: 0.1)),
        .scalar(
            "discriminator_loss_farthest",
            "The discriminator's mean loss over its last 10% of updates at farthest_mu: near 0 when it separates the two perfectly.", .trained(relative: 1, absolute: 0.05)),
        .table(
            "learned_functions", "The densities, the trained discriminator and the trained critic over x, for each μ (long format: one row per μ and x).",
            columns: [
                "mu": "The generator's shift μ: q_μ = N(μ, 1).",
                "x": "The point where the functions are evaluated.",
                "p": "The data density p(x) = N(x; 0, 1).",
                "q": "The generator's density q_μ(x) = N(x; μ, 1).",
                "discriminator": "The trained discriminator D(x) = σ(ℓ(x)): its probability that x is real.",
                "critic": "The trained critic f(x), rescaled to [0, 1] over this μ's points: (f − min f)/(max f − min f). A critic means the same up to scale and offset.",
            ], .trained(relative: 1, absolute: 0.05)),
        .table(
            "learned_gradients", "The gradient the generator receives for each μ, estimated on monte_carlo samples of z.",
            columns: [
                "mu": "The generator's shift μ.",
                "gan_generator_grad": "d/dμ of the minimax generator loss mean log(1 − D(z + μ)) through the trained discriminator.",
                "wgan_generator_grad": "d/dμ of the WGAN generator loss −mean f(z + μ) through the trained critic.",
                "optimal_generator_grad": "2·dJSD(p‖q_μ)/dμ by quadrature: the gradient through the optimal discriminator D*, held fixed (envelope theorem).",
                "critic_weights_at_clip": "The share of the critic's parameters at ±clip after training: 1 when clipping pins every one of them.",
            ], .trained(relative: 1, absolute: 0.05)),
    ]

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        var progress = Progress(total: 2 * parameters.mu.count * parameters.steps, context: context)
        var functionRows: [[Double]] = []
        var gradientRows: [[Double]] = []
        var discriminatorLosses: [Double] = []
        for mu in parameters.mu {
            // One set of streams per μ, drawn from the seed and μ alone: its networks, batches and
            // evaluation samples are the same whatever else the list holds, so a cell with only
            // μ = 30 trains exactly the networks that μ = 30 gets in a longer list.
            var streams = RandomSource(seed: context.seed ^ mu.bitPattern)
            var discriminatorInitialisation = streams.split()
            var criticInitialisation = streams.split()
            var discriminatorBatches = streams.split()
            var criticBatches = streams.split()
            var evaluation = streams.split()
            let discriminator = try Sequential<Double>(
                perceptron: [1] + parameters.hidden + [1], activation: .leakyReLU(slope: 0.2), random: &discriminatorInitialisation)
            let critic = try Sequential<Double>(
                perceptron: [1] + parameters.hidden + [1], activation: .leakyReLU(slope: 0.2), random: &criticInitialisation)
            let losses = try trainDiscriminator(discriminator, mu: mu, parameters, random: &discriminatorBatches, progress: &progress)
            discriminatorLosses.append(mean(Array(losses.suffix(max(1, losses.count / 10)))))
            try trainCritic(critic, mu: mu, parameters, random: &criticBatches, progress: &progress)

            let noise = (0..<parameters.monteCarlo).map { _ in evaluation.normal(Double.self) }
            let ganGradient = generatorGradient(noise: noise, mu: mu) { shifted in
                minimaxGeneratorLoss(fakeLogits: discriminator(shifted))
            }
            let wganGradient = generatorGradient(noise: noise, mu: mu) { shifted in
                wassersteinGeneratorLoss(fakeScores: critic(shifted))
            }
            let optimalGradient = 2 * ShiftedGaussianDivergencesExperiment.Row(mu: mu, data: .gaussian(mean: 0, sd: 1)).jsGrad
            gradientRows.append([mu, ganGradient, wganGradient, optimalGradient, shareAtClip(critic.parameters, limit: parameters.clip)])
            functionRows += functions(discriminator: discriminator, critic: critic, mu: mu, parameters)
        }

        let nearest = gradientRows.indices.min { abs(gradientRows[$0][0]) < abs(gradientRows[$1][0]) }!
        let farthest = gradientRows.indices.max { abs(gradientRows[$0][0]) < abs(gradientRows[$1][0]) }!
        let (near, far) = (gradientRows[nearest], gradientRows[farthest])
        let overlapping = gradientRows.filter { abs($0[0]) <= parameters.overlapMu && $0[0] != 0 }
        return ExperimentResult(
            scalars: [
                "nearest_mu": near[0], "farthest_mu": far[0],
                "gan_generator_grad_nearest": near[1], "gan_generator_grad_farthest": far[1],
                "gan_generator_grad_ratio": abs(far[1]) / abs(near[1]),
                "wgan_generator_grad_nearest": near[2], "wgan_generator_grad_farthest": far[2],
                "optimal_generator_grad_nearest": near[3],
                "wgan_generator_grad_ratio": abs(far[2]) / abs(near[2]),
                "discriminator_loss_farthest": discriminatorLosses[farthest],
                "envelope_max_relative_error": overlapping.map { abs($0[1] / $0[3] - 1) }.max() ?? 0,
                "critic_weights_at_clip_farthest": far[4], "critic_weights_at_clip_least": gradientRows.map { $0[4] }.min()!,
            ],
            tables: [
                "learned_functions": DataTable(columns: ["mu", "x", "p", "q", "discriminator", "critic"], rows: functionRows),
                "learned_gradients": DataTable(
                    columns: ["mu", "gan_generator_grad", "wgan_generator_grad", "optimal_generator_grad", "critic_weights_at_clip"],
                    rows: gradientRows),
            ])
    }

    /// Counts updates across every μ and both networks, and reports about a hundred times.
    struct Progress {
        let total: Int
        let context: ExperimentContext
        var done = 0

        mutating func update(_ name: String, _ loss: Double) {
            done += 1
            if done % max(1, total / 100) == 0 || done == total { context.progress(done, total, [(name, loss)]) }
        }
    }

    /// Trains D by Adam on binary cross-entropy: real batches from N(0, 1), fake ones z + μ.
    /// Returns every loss.
    static func trainDiscriminator(
        _ discriminator: Sequential<Double>, mu: Double, _ parameters: Parameters, random: inout RandomSource, progress: inout Progress
    ) throws -> [Double] {
        let optimizer = try Adam(parameters: discriminator.parameters, learningRate: parameters.discriminatorLearningRate)
        return try reportingDivergence({ "the discriminator's loss became \($0) at μ = \(formatNumber(mu))" }) { () throws(Divergence) in
            // `Progress` counts every update of every training, so it sees each one.
            try fit(steps: parameters.steps, optimizer: optimizer, recordEvery: 1, record: { progress.update("discriminator loss", $1) }) { _ in
                let (real, fake) = batches(mu: mu, size: parameters.batch, random: &random)
                return discriminatorLoss(realLogits: discriminator(real), fakeLogits: discriminator(fake))
            }
        }
    }

    /// Trains the critic by Adam on mean f(fake) − mean f(real), clipping every weight to
    /// [−clip, clip] after each update (Arjovsky et al. 2017, Algorithm 1). The paper uses
    /// RMSProp because momentum-based optimisers made the critic's training unstable, its loss
    /// being non-stationary while the generator moves; here the generator is held fixed.
    static func trainCritic(
        _ critic: Sequential<Double>, mu: Double, _ parameters: Parameters, random: inout RandomSource, progress: inout Progress
    ) throws {
        // The clipped network starts inside the constraint, as the paper's does after its first update.
        clipWeights(critic.parameters, limit: parameters.clip)
        let optimizer = try WeightClipping(
            Adam(parameters: critic.parameters, learningRate: parameters.criticLearningRate), limit: parameters.clip)
        try reportingDivergence({ "the critic's loss became \($0) at μ = \(formatNumber(mu))" }) { () throws(Divergence) in
            try fit(steps: parameters.steps, optimizer: optimizer, recordEvery: 1, record: { progress.update("critic loss", $1) }) { _ in
                let (real, fake) = batches(mu: mu, size: parameters.batch, random: &random)
                return wassersteinCriticLoss(realScores: critic(real), fakeScores: critic(fake))
            }
        }
    }

    /// The share of the parameters' entries that clipping holds at ±limit.
    static func shareAtClip(_ parameters: [Tensor<Double>], limit: Double) -> Double {
        let entries = parameters.flatMap(\.scalars)
        return Double(entries.count(where: { abs($0) == limit })) / Double(entries.count)
    }

    /// A real batch from p = N(0, 1) and a fake one G(z) = z + μ, each `size` × 1.
    static func batches(mu: Double, size: Int, random: inout RandomSource) -> (real: Tensor<Double>, fake: Tensor<Double>) {
        let real = (0..<size).map { _ in random.normal(Double.self) }
        let fake = (0..<size).map { _ in random.normal(Double.self) + mu }
        return (Tensor(shape: [size, 1], scalars: real), Tensor(shape: [size, 1], scalars: fake))
    }

    /// d loss/dμ for the generator G(z) = z + μ, where `loss` maps a batch of G(z) to the mean
    /// loss over it; by autodiff through the network, in chunks of 16,384 samples so that memory
    /// stays bounded (the mean's gradient is the count-weighted mean of the chunks' gradients).
    static func generatorGradient(noise: [Double], mu: Double, loss: (Tensor<Double>) -> Tensor<Double>) -> Double {
        stride(from: 0, to: noise.count, by: 16_384).reduce(0.0) { total, start in
            let chunk = Array(noise[start..<min(start + 16_384, noise.count)])
            let shift = Tensor<Double>(mu).requiringGradient()
            let generated = Tensor(shape: [chunk.count, 1], scalars: chunk) + shift
            let gradient = loss(generated).gradients(withRespectTo: [shift])[0].scalar
            return total + gradient * Double(chunk.count) / Double(noise.count)
        }
    }

    /// The rows of `learned_functions` for one μ.
    static func functions(discriminator: Sequential<Double>, critic: Sequential<Double>, mu: Double, _ parameters: Parameters) -> [[Double]] {
        let xs = UniformGrid(from: min(0, mu) - parameters.margin, to: max(0, mu) + parameters.margin, points: parameters.points).values
        let input = Tensor(shape: [xs.count, 1], scalars: xs)
        let probabilities = withoutGradients { discriminator(input) }.scalars.map(sigmoid)
        let scores = withoutGradients { critic(input) }.scalars
        let (low, high) = (scores.min()!, scores.max()!)
        // A constant critic has no scale to remove: drawn at ½.
        let rescaled = scores.map { high > low ? ($0 - low) / (high - low) : 0.5 }
        let data = GaussianMixture.gaussian(mean: 0, sd: 1)
        let generator = GaussianMixture.gaussian(mean: mu, sd: 1)
        return xs.indices.map { i in
            [mu, xs[i], data.density(xs[i]), generator.density(xs[i]), probabilities[i], rescaled[i]]
        }
    }
}

extension DiscriminatorAndCriticExperiment.Parameters: ParameterGroup {
    public static let defaults = Self(
        mu: [1, 3, 10, 30], hidden: [32, 32], steps: 2000, batch: 256,
        discriminatorLearningRate: 0.001, criticLearningRate: 0.001, clip: 0.01,
        monteCarlo: 10_000, margin: 4, points: 201, overlapMu: 3)

    // The bounds keep memory to a few hundred MiB: training batches of at most 4,096 examples
    // through at most 4 layers of 256 units, evaluation in chunks (`generatorGradient`).
    public static let fields: [Field<Self>] = [
        Field(
            "mu", \.mu, help: "The generator shifts μ to try (G(z) = z + μ, so q_μ = N(μ, 1)); a discriminator and a critic are trained for each.",
            .init("of 1 to 8 items, each from -50 to 50") { (1...8).contains($0.count) && $0.allSatisfy { abs($0) <= 50 } }),
        Field(
            "hidden", \.hidden, help: "The widths of the hidden layers of both networks (LeakyReLU 0.2); one input, one output.",
            .each(within: 1...256, count: 0...4)),
        Field("steps", \.steps, help: "Adam updates of each network, for each μ.", .within(1...100_000)),
        Field("batch", \.batch, help: "Real and, separately, generated samples in each update.", .within(1...4096)),
        Field("discriminator_learning_rate", \.discriminatorLearningRate, help: "Adam's learning rate for the discriminator.", .positive(atMost: 10)),
        Field("critic_learning_rate", \.criticLearningRate, help: "Adam's learning rate for the critic.", .positive(atMost: 10)),
        Field("clip", \.clip, help: "The critic's weights are clipped to [−clip, clip] after every update.", .positive(atMost: 10)),
        Field("monte_carlo", \.monteCarlo, help: "Samples of z for each generator gradient.", .within(1...1_000_000)),
        Field("margin", \.margin, help: "The functions are tabulated from min(0, μ) − margin to max(0, μ) + margin.", .positive(atMost: 100)),
        Field("points", \.points, help: "Points of x for each μ in learned_functions.", .within(2...10_001)),
        Field(
            "overlap_mu", \.overlapMu,
            help: "The shifts |μ| up to this one, where the Gaussians overlap, are compared with the optimal discriminator's gradient (envelope_max_relative_error).",
            .within(0...50)),
    ]
}
