import Foundation
import MinimaxEngine
import MinimaxRunner

/// `gan-gradients`: the four losses of the GAN and WGAN games on one batch, with their gradients
/// with respect to every parameter of both networks, by the engine's autodiff in Double. It is
/// also the exercise students solve in their own language (`minimax export`), so its numbers
/// are our reference answers.
///
/// A generator G (noise z ↦ one sample) and a discriminator D (a sample ↦ one logit ℓ), both
/// perceptrons initialised from the seed; D is trained by Adam against the fixed G for
/// `discriminator_steps` updates, so that it can be made to reject G's samples. Then, on one
/// batch of data x and noise z, with σ the logistic function:
/// - discriminator_bce = −mean log σ(D(x)) − mean log(1 − σ(D(G(z)))) (Goodfellow et al. 2014, eq. 1);
/// - generator_minimax = mean log(1 − σ(D(G(z)))), the generator's part of the same game;
/// - generator_nonsaturating = −mean log σ(D(G(z))) (Goodfellow et al. 2014, §3);
/// - critic_wasserstein = mean D(G(z)) − mean D(x), D's logit read as a critic (Arjovsky et al. 2017).
///
/// Since log(1 − σ(ℓ)) − log σ(ℓ) = −ℓ, the two generator costs add up to −mean D(G(z)): their
/// gradients with respect to G split the critic's, −∇θ mean ℓ, between them in the proportions
/// σ(ℓ) and 1 − σ(ℓ) of each sample. Where D rejects the samples, σ(ℓ) ≈ 0 and the minimax cost
/// gets almost nothing.
public enum GANGradientsExperiment: ExerciseKind {
    /// What each parameter means, and the values it accepts: `fields`, below.
    public struct Parameters: Sendable, Equatable {
        public var pData: GaussianMixture
        public var noise: Noise
        public var noiseSize: Int
        public var generatorHidden: [Int]
        public var discriminatorHidden: [Int]
        public var activation: HiddenActivation
        public var leakySlope: Double
        public var batch: Int
        public var discriminatorSteps: Int
        public var learningRate: Double
    }

    /// The distribution of each component of the generator's noise z.
    public enum Noise: String, CaseIterable, Sendable, ParameterChoice {
        /// N(0, 1).
        case normal
        /// U(−1, 1).
        case uniform
    }

    /// The activation after every hidden layer of both networks.
    public enum HiddenActivation: String, CaseIterable, Sendable, ParameterChoice {
        case leaky_relu, relu, tanh, sigmoid
    }

    public static let name = "gan-gradients"

    public static let summary =
        "The discriminator's, the generators' and the critic's losses on one batch, with their gradients for every parameter: an exercise to export."

    public static let version = 1

    /// The four quantities: name, formula, and how the engine computes it from D's logits.
    static let quantities: [(name: String, formula: String, loss: @Sendable (_ real: Tensor<Double>, _ fake: Tensor<Double>) -> Tensor<Double>)] = [
        ("discriminator_bce",
         "The discriminator's binary cross-entropy, real samples labelled 1 and generated ones 0: −mean log σ(D(x)) − mean log(1 − σ(D(G(z))))",
         { discriminatorLoss(realLogits: $0, fakeLogits: $1) }),
        ("generator_minimax",
         "The generator's cost in the minimax game (Goodfellow et al. 2014): mean log(1 − σ(D(G(z))))",
         { minimaxGeneratorLoss(fakeLogits: $1) }),
        ("generator_nonsaturating",
         "The non-saturating generator cost (Goodfellow et al. 2014, §3): −mean log σ(D(G(z)))",
         { nonSaturatingGeneratorLoss(fakeLogits: $1) }),
        ("critic_wasserstein",
         "The critic's loss, D's logit read as the critic (Arjovsky et al. 2017): mean D(G(z)) − mean D(x)",
         { wassersteinCriticLoss(realScores: $0, fakeScores: $1) }),
    ]

    public static let results: [ResultDeclaration] = [
        .scalar("discriminator_bce", "−mean log σ(D(x)) − mean log(1 − σ(D(G(z)))) on the batch."),
        .scalar("generator_minimax", "mean log(1 − σ(D(G(z)))): the minimax generator cost."),
        .scalar("generator_nonsaturating", "−mean log σ(D(G(z))): the non-saturating generator cost."),
        .scalar("critic_wasserstein", "mean D(G(z)) − mean D(x): the critic's loss, with D's logit as the critic."),
        .scalar("discriminator_bce_grad_g", "‖∇ discriminator_bce‖ over the generator's parameters."),
        .scalar("discriminator_bce_grad_d", "‖∇ discriminator_bce‖ over the discriminator's parameters."),
        .scalar("generator_minimax_grad_g", "‖∇ generator_minimax‖ over the generator's parameters: what the minimax generator learns from."),
        .scalar("generator_minimax_grad_d", "‖∇ generator_minimax‖ over the discriminator's parameters."),
        .scalar("generator_nonsaturating_grad_g", "‖∇ generator_nonsaturating‖ over the generator's parameters."),
        .scalar("generator_nonsaturating_grad_d", "‖∇ generator_nonsaturating‖ over the discriminator's parameters."),
        .scalar("critic_wasserstein_grad_g", "‖∇ critic_wasserstein‖ over the generator's parameters."),
        .scalar("critic_wasserstein_grad_d", "‖∇ critic_wasserstein‖ over the discriminator's parameters."),
        .scalar(
            "cost_sum_grad_g",
            "‖∇(generator_minimax + generator_nonsaturating + critic_wasserstein)‖ over the generator's parameters: 0 up to rounding, since log(1 − σ(ℓ)) − log σ(ℓ) = −ℓ."),
        .scalar("mean_real_d", "mean σ(D(x)): how real D finds the data."),
        .scalar("mean_fake_d", "mean σ(D(G(z))): how real D finds the generated samples; near 0 when it rejects them."),
        .scalar("generator_parameters", "The number of the generator's parameters (weights and biases)."),
        .scalar("discriminator_parameters", "The number of the discriminator's parameters."),
    ]

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        let (exercise, realLogits, fakeLogits) = try build(parameters, seed: context.seed, progress: context.progress)
        var scalars: [String: Double] = [:]
        let generatorCount = exercise.parameters.filter { $0.name.hasPrefix("generator.") }.count
        func norm(_ arrays: ArraySlice<NumericArray>) -> Double {
            arrays.reduce(0) { $0 + $1.scalars.reduce(0) { $0 + $1 * $1 } }.squareRoot()
        }
        for quantity in exercise.quantities {
            scalars[quantity.name] = quantity.value
            scalars["\(quantity.name)_grad_g"] = norm(quantity.gradients.prefix(generatorCount))
            scalars["\(quantity.name)_grad_d"] = norm(quantity.gradients.dropFirst(generatorCount))
        }
        // The three costs' gradients for G, added element by element.
        let costs = exercise.quantities.filter { ["generator_minimax", "generator_nonsaturating", "critic_wasserstein"].contains($0.name) }
        let sums = (0..<generatorCount).map { index in
            NumericArray(
                shape: costs[0].gradients[index].shape,
                scalars: costs.dropFirst().reduce(costs[0].gradients[index].scalars) { sum, cost in
                    zip(sum, cost.gradients[index].scalars).map(+)
                })
        }
        scalars["cost_sum_grad_g"] = norm(sums[...])

        scalars["mean_real_d"] = mean(realLogits.map(sigmoid))
        scalars["mean_fake_d"] = mean(fakeLogits.map(sigmoid))
        scalars["generator_parameters"] = Double(
            exercise.parameters.prefix(generatorCount).reduce(0) { $0 + $1.array.scalars.count })
        scalars["discriminator_parameters"] = Double(
            exercise.parameters.dropFirst(generatorCount).reduce(0) { $0 + $1.array.scalars.count })
        return ExperimentResult(scalars: scalars)
    }

    public static func exercise(_ parameters: Parameters, seed: UInt64) throws -> Exercise {
        try build(parameters, seed: seed, progress: { _, _, _ in }).exercise
    }

    /// The exercise: both networks (D trained against G), one batch, the four quantities with
    /// their gradients; and D's logits on the batch's x and G(z). Depends only on the parameters
    /// and the seed.
    static func build(
        _ parameters: Parameters, seed: UInt64, progress: (Int, Int, [(String, Double)]) -> Void
    ) throws -> (exercise: Exercise, realLogits: [Double], fakeLogits: [Double]) {
        // One stream per use (see OptimalDiscriminatorExperiment).
        var random = RandomSource(seed: seed)
        var generatorInitialisation = random.split()
        var discriminatorInitialisation = random.split()
        var training = random.split()
        var batchStream = random.split()
        let (generator, discriminator) = try makeNetworks(
            parameters, generatorRandom: &generatorInitialisation, discriminatorRandom: &discriminatorInitialisation)
        try trainDiscriminator(discriminator, against: generator, parameters, random: &training, progress: progress)

        let x = Tensor<Double>(shape: [parameters.batch, 1], scalars: parameters.pData.sample(parameters.batch, random: &batchStream))
        let z = noise(parameters, random: &batchStream)
        let realLogits = discriminator(x)
        let fakeLogits = discriminator(generator(z))
        let named = generator.namedParameters(prefix: "generator") + discriminator.namedParameters(prefix: "discriminator")
        let quantities = try Self.quantities.map { name, formula, loss in
            let value = loss(realLogits, fakeLogits)
            guard value.scalar.isFinite else {
                throw ExperimentError.diverged(step: parameters.discriminatorSteps, detail: "\(name) is \(value.scalar)")
            }
            return Exercise.Quantity(
                name: name, formula: formula, value: value.scalar,
                gradients: value.gradients(withRespectTo: named.map(\.tensor)).map(NumericArray.init))
        }
        let exercise = Exercise(
            seed: seed,
            networks: [
                Exercise.Network(name: "generator", generator),
                Exercise.Network(name: "discriminator", discriminator),
            ],
            inputs: [
                Exercise.NamedArray(
                    name: "z", meaning: "The generator's noise, one row per example: \(parameters.batch) × \(parameters.noiseSize), each from \(parameters.noise.description).",
                    array: NumericArray(z)),
                Exercise.NamedArray(
                    name: "x", meaning: "Data samples, one row per example: \(parameters.batch) × 1.", array: NumericArray(x)),
            ],
            parameters: named.map { name, tensor in
                Exercise.NamedArray(
                    name: name, meaning: tensor.rank == 2 ? "A weight matrix, out × in." : "A bias vector.",
                    array: NumericArray(tensor))
            },
            quantities: quantities)
        return (exercise, realLogits.scalars, fakeLogits.scalars)
    }

    static func makeNetworks(
        _ parameters: Parameters, generatorRandom: inout RandomSource, discriminatorRandom: inout RandomSource
    ) throws -> (generator: Sequential<Double>, discriminator: Sequential<Double>) {
        let activation = parameters.activation.function(slope: parameters.leakySlope)
        let generator = try Sequential<Double>(
            perceptron: [parameters.noiseSize] + parameters.generatorHidden + [1], activation: activation, random: &generatorRandom)
        let discriminator = try Sequential<Double>(
            perceptron: [1] + parameters.discriminatorHidden + [1], activation: activation, random: &discriminatorRandom)
        return (generator, discriminator)
    }

    /// A batch of noise, `batch` × `noise_size`.
    static func noise(_ parameters: Parameters, random: inout RandomSource) -> Tensor<Double> {
        let count = parameters.batch * parameters.noiseSize
        let values: [Double] = switch parameters.noise {
        case .normal: normalSamples(count, random: &random)
        case .uniform: (0..<count).map { _ in 2 * random.uniform(Double.self) - 1 }
        }
        return Tensor(shape: [parameters.batch, parameters.noiseSize], scalars: values)
    }

    /// Trains D by Adam on fresh batches against the fixed G (binary cross-entropy).
    static func trainDiscriminator(
        _ discriminator: Sequential<Double>, against generator: Sequential<Double>, _ parameters: Parameters,
        random: inout RandomSource, progress: (Int, Int, [(String, Double)]) -> Void
    ) throws {
        let steps = parameters.discriminatorSteps
        let optimizer = try Adam(parameters: discriminator.parameters, learningRate: parameters.learningRate)
        try reportingDivergence({ "the discriminator's loss became \($0)" }) { () throws(Divergence) in
            try fit(steps: steps, optimizer: optimizer, progress: { progress($0, steps, [("loss", $1)]) }) { _ in
                let real = Tensor<Double>(shape: [parameters.batch, 1], scalars: parameters.pData.sample(parameters.batch, random: &random))
                let fake = withoutGradients { generator(noise(parameters, random: &random)) }
                return discriminatorLoss(realLogits: discriminator(real), fakeLogits: discriminator(fake))
            }
        }
    }
}

extension GANGradientsExperiment.Noise: CustomStringConvertible {
    public var description: String {
        switch self {
        case .normal: "N(0, 1)"
        case .uniform: "U(−1, 1)"
        }
    }
}

extension GANGradientsExperiment.HiddenActivation {
    func function(slope: Double) -> Activation<Double>.Function {
        switch self {
        case .leaky_relu: .leakyReLU(slope: slope)
        case .relu: .relu
        case .tanh: .tanh
        case .sigmoid: .sigmoid
        }
    }
}

extension GANGradientsExperiment.Parameters: ParameterGroup {
    // The bounds keep every array small enough to export and to read in a student's script: at
    // most 4,096 examples and layers of 256 units, so no array exceeds 8 MiB.
    public static let defaults = Self(
        pData: .gaussian(mean: 4, sd: 0.5), noise: .normal, noiseSize: 1, generatorHidden: [16, 16], discriminatorHidden: [32, 32],
        activation: .leaky_relu, leakySlope: 0.2, batch: 64, discriminatorSteps: 200, learningRate: 0.005)

    public static let fields: [Field<Self>] = [
        Field("p_data", \.pData, help: "The data distribution: a list of Gaussian components {weight, mean, sd}."),
        Field("noise", \.noise, help: "The distribution of each noise component: normal, N(0, 1), or uniform, U(−1, 1)."),
        Field("noise_size", \.noiseSize, help: "The number of noise components the generator takes.", .within(1...64)),
        Field(
            "generator_hidden", \.generatorHidden, help: "The widths of the generator's hidden layers; it outputs one number.",
            .each(within: 1...256, count: 0...4)),
        Field(
            "discriminator_hidden", \.discriminatorHidden, help: "The widths of the discriminator's hidden layers; it outputs one logit.",
            .each(within: 1...256, count: 0...4)),
        Field("activation", \.activation, help: "The activation after every hidden layer of both networks."),
        Field("leaky_slope", \.leakySlope, help: "The slope of leaky_relu below 0.", .within(0...1)),
        Field("batch", \.batch, help: "Examples of x and of z in the exercise's batch and in each training update.", .within(1...4096)),
        Field(
            "discriminator_steps", \.discriminatorSteps,
            help: "Adam updates of D against the fixed generator before the exercise's batch (0: D as initialised).",
            .within(0...10_000)),
        Field("learning_rate", \.learningRate, help: "D's Adam learning rate.", .positive(atMost: 1)),
    ]
}
