import Foundation
import MinimaxEngine
import MinimaxRunner

/// `saturating-gradients`: what a confident discriminator does to the generator's gradient under
/// the minimax and the non-saturating costs (Goodfellow et al. 2014, §3; Arjovsky & Bottou 2017).
///
/// A generator that produces poor samples (an untrained network, whose samples sit near 0) is held
/// fixed while a discriminator is trained against it on data far away. Every `record_every` steps
/// the experiment measures ‖∇θ‖ of the generator's cost on one fixed batch of noise, for the
/// minimax cost log(1 − D(G(z))) and the non-saturating cost −log D(G(z)). By the chain rule
/// ∇θ = mean over z of ∂cost/∂ℓ · ∇θ ℓ(G(z)), with ∂cost/∂ℓ = −D(G(z)) for the minimax cost
/// and −(1 − D(G(z))) for the non-saturating one: as D learns to reject the samples,
/// D(G(z)) → 0 and the minimax gradient vanishes while the non-saturating one does not.
///
/// Then two GANs start from that same generator and discriminator and train with the two
/// costs, on the same batches; the Wasserstein-1 distance of each generator's samples to the data
/// says which one learns, and the generator's gradient norm at every step says why.
public enum SaturatingGradientsExperiment: ExperimentKind {
    /// What each parameter means, and the values it accepts: `fields`, below.
    public struct Parameters: Sendable, Equatable {
        public var pData: GaussianMixture
        public var generatorHidden: [Int]
        public var discriminatorHidden: [Int]
        public var dSteps: Int
        public var recordEvery: Int
        public var batch: Int
        public var learningRate: Double
        public var generatorOptimizer: GeneratorOptimizer
        public var generatorLearningRate: Double
        public var evaluationBatch: Int
        public var ganSteps: Int
        public var ganRecordEvery: Int
        /// The last `finalWindow` GAN steps are averaged for the `_w1_final` results.
        public var finalWindow: Int
        public var monteCarlo: Int
        public var histogram: UniformGrid
    }

    /// How the GANs update their generator.
    public enum GeneratorOptimizer: String, CaseIterable, Sendable, ParameterChoice {
        /// Plain gradient descent, θ ← θ − lr·∇θ, as in Goodfellow et al. (2014): the step is as
        /// small as the gradient, so a vanishing gradient stops the generator.
        case sgd
        /// Adam, whose step divides the gradient by a running root mean square of its past values:
        /// a gradient that shrinks steadily still gives steps of about lr.
        case adam
    }

    public static let name = "saturating-gradients"

    public static let summary =
        "Trains D against a poor fixed G and records G's gradient norm under the minimax and non-saturating costs, then trains a GAN with each."

    public static let version = 2

    public static let results: [ResultDeclaration] = [
        .table(
            "gradient_norms", "The generator's gradient norm under each cost as the discriminator trains against the fixed generator.",
            columns: [
                "d_steps": "Discriminator updates so far (0: the untrained discriminator).",
                "minimax_grad_norm": "‖∇θ mean log(1 − D(G(z)))‖ on the evaluation noise.",
                "nonsaturating_grad_norm": "‖∇θ −mean log D(G(z))‖ on the same noise.",
            ], .trained(relative: 1, absolute: 1)),
        .table(
            "gan_training", "How far each GAN's generator is from the data as both train from the same start.",
            columns: [
                "step": "Generator updates so far (each after one discriminator update).",
                "minimax_w1": "W₁ between the minimax GAN's samples and p_data.",
                "nonsaturating_w1": "W₁ between the non-saturating GAN's samples and p_data.",
                "minimax_gan_grad_norm": "The minimax GAN's generator gradient norm ‖∇θ cost‖ on its batch, averaged over the steps since the previous row (at step 0: the first step's).",
                "nonsaturating_gan_grad_norm": "The non-saturating GAN's generator gradient norm, averaged over the same steps.",
            ], .chaotic),
        .table(
            "samples", "Where each generator's samples are at the end, as histograms, with the data density.",
            columns: [
                "x": "The centre of a histogram bin.",
                "p_data": "The data density p_data(x).",
                "start_density": "The density of the untrained generator's samples (histogram).",
                "minimax_density": "The density of the minimax GAN's samples after training (histogram).",
                "nonsaturating_density": "The density of the non-saturating GAN's samples after training (histogram).",
            ], .chaotic),
        .scalar("minimax_norm_start", "The minimax gradient norm against the untrained discriminator.", .trained(relative: 1, absolute: 1)),
        .scalar("minimax_norm_peak", "The largest minimax gradient norm measured while the discriminator trained.", .trained(relative: 1, absolute: 1)),
        .scalar("minimax_norm_end", "The minimax gradient norm after d_steps discriminator updates.", .trained(relative: 1, absolute: 1)),
        .scalar("nonsaturating_norm_start", "The non-saturating gradient norm against the untrained discriminator.", .trained(relative: 1, absolute: 1)),
        .scalar("nonsaturating_norm_end", "The non-saturating gradient norm after d_steps discriminator updates.", .trained(relative: 1, absolute: 1)),
        .scalar("fake_d_end", "The mean D(G(z)) on the evaluation noise after d_steps updates: how confidently D rejects the samples.", .trained(relative: 1, absolute: 1)),
        .scalar("w1_start", "W₁ between the untrained generator's samples and p_data, where both GANs start.", .trained(relative: 1, absolute: 1)),
        .scalar("minimax_w1_end", "W₁ of the minimax GAN's samples after gan_steps updates.", .chaotic),
        .scalar("nonsaturating_w1_end", "W₁ of the non-saturating GAN's samples after gan_steps updates.", .chaotic),
        .scalar(
            "minimax_w1_final", "The mean W₁ of the minimax GAN's samples over the recorded steps of the last final_window steps.", .chaotic),
        .scalar(
            "nonsaturating_w1_final", "The mean W₁ of the non-saturating GAN's samples over the recorded steps of the last final_window steps.",
            .chaotic),
        .scalar("minimax_gan_grad_norm_peak", "The largest generator gradient norm of a single step of the minimax GAN.", .chaotic),
        .scalar("minimax_gan_grad_norm_mean", "The minimax GAN's generator gradient norm, averaged over all its steps.", .chaotic),
        .scalar("nonsaturating_gan_grad_norm_mean", "The non-saturating GAN's generator gradient norm, averaged over all its steps.", .chaotic),
    ]

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        // One stream per use (see OptimalDiscriminatorExperiment): the two GANs below replay the
        // same copies of the real and noise streams, so that they differ only by their cost.
        var random = RandomSource(seed: context.seed)
        var generatorInitialisation = random.split()
        var discriminatorInitialisation = random.split()
        var realStream = random.split()
        var noiseStream = random.split()
        var evaluation = random.split()
        let ganReal = random.split()
        let ganNoise = random.split()

        let generator = try makeGenerator(parameters, random: &generatorInitialisation)
        let discriminator = try makeDiscriminator(parameters, random: &discriminatorInitialisation)
        let evaluationNoise = column(normalSamples(parameters.evaluationBatch, random: &evaluation))
        let sampleNoise = column(normalSamples(parameters.monteCarlo, random: &evaluation))
        let quantiles = dataQuantiles(parameters.pData, count: parameters.monteCarlo)
        let startSamples = samples(of: generator, noise: sampleNoise)

        let norms = try trainDiscriminator(
            discriminator, against: generator, parameters, evaluationNoise: evaluationNoise,
            real: &realStream, noise: &noiseStream, context: context)
        let fakeD = withoutGradients { discriminator(generator(evaluationNoise)).sigmoid().mean().scalar }

        // Both GANs start from the generator above and the discriminator it trained.
        let start = Snapshot(generator: generator, discriminator: discriminator)
        var gans: [GANRun] = []
        for (index, loss) in [GeneratorLoss.minimax, .nonSaturating].enumerated() {
            gans.append(try trainGAN(
                loss, from: start, parameters, real: ganReal, noise: ganNoise, sampleNoise: sampleNoise, quantiles: quantiles,
                context: context, progressOffset: parameters.dSteps + index * parameters.ganSteps))
        }

        let ganSteps = [0] + Array(stride(from: parameters.ganRecordEvery, through: parameters.ganSteps, by: parameters.ganRecordEvery))
            + (parameters.ganSteps % parameters.ganRecordEvery == 0 ? [] : [parameters.ganSteps])
        let centres = parameters.histogram.values
        let finalRows = ganSteps.indices.filter { ganSteps[$0] > parameters.ganSteps - parameters.finalWindow }
        return ExperimentResult(
            scalars: [
                "minimax_norm_start": norms.minimax[0], "minimax_norm_peak": norms.minimax.max()!,
                "minimax_norm_end": norms.minimax.last!,
                "nonsaturating_norm_start": norms.nonSaturating[0], "nonsaturating_norm_end": norms.nonSaturating.last!,
                "fake_d_end": Double(fakeD),
                "w1_start": wassersteinDistance(samples: startSamples, toQuantiles: quantiles),
                "minimax_w1_end": gans[0].w1.last!, "nonsaturating_w1_end": gans[1].w1.last!,
                "minimax_w1_final": mean(finalRows.map { gans[0].w1[$0] }), "nonsaturating_w1_final": mean(finalRows.map { gans[1].w1[$0] }),
                "minimax_gan_grad_norm_peak": gans[0].gradientNorms.max()!,
                "minimax_gan_grad_norm_mean": mean(gans[0].gradientNorms), "nonsaturating_gan_grad_norm_mean": mean(gans[1].gradientNorms),
            ],
            tables: [
                "gradient_norms": DataTable([
                    ("d_steps", norms.steps.map(Double.init)),
                    ("minimax_grad_norm", norms.minimax), ("nonsaturating_grad_norm", norms.nonSaturating),
                ]),
                "gan_training": DataTable([
                    ("step", ganSteps.map(Double.init)), ("minimax_w1", gans[0].w1), ("nonsaturating_w1", gans[1].w1),
                    ("minimax_gan_grad_norm", gans[0].meanGradientNorms), ("nonsaturating_gan_grad_norm", gans[1].meanGradientNorms),
                ]),
                "samples": DataTable([
                    ("x", centres), ("p_data", centres.map(parameters.pData.density)),
                    ("start_density", histogramDensity(startSamples, centres: centres)),
                    ("minimax_density", histogramDensity(gans[0].samples, centres: centres)),
                    ("nonsaturating_density", histogramDensity(gans[1].samples, centres: centres)),
                ]),
            ])
    }

    static func makeGenerator(_ parameters: Parameters, random: inout RandomSource) throws -> Sequential<Float> {
        try Sequential(perceptron: [1] + parameters.generatorHidden + [1], activation: .leakyReLU(slope: 0.2), random: &random)
    }

    static func makeDiscriminator(_ parameters: Parameters, random: inout RandomSource) throws -> Sequential<Float> {
        try Sequential(perceptron: [1] + parameters.discriminatorHidden + [1], activation: .leakyReLU(slope: 0.2), random: &random)
    }

    /// Trains D by Adam against the fixed generator, measuring the generator's gradient norms
    /// under both costs before the first update and every `record_every` updates.
    static func trainDiscriminator(
        _ discriminator: Sequential<Float>, against generator: Sequential<Float>, _ parameters: Parameters,
        evaluationNoise: Tensor<Float>, real: inout RandomSource, noise: inout RandomSource, context: ExperimentContext
    ) throws -> (steps: [Int], minimax: [Double], nonSaturating: [Double]) {
        let optimizer = try Adam(parameters: discriminator.parameters, learningRate: parameters.learningRate)
        var record: (steps: [Int], minimax: [Double], nonSaturating: [Double]) = ([], [], [])
        func measure(_ step: Int) {
            record.steps.append(step)
            record.minimax.append(generatorGradientNorm(generator, discriminator, evaluationNoise, minimaxGeneratorLoss))
            record.nonSaturating.append(generatorGradientNorm(generator, discriminator, evaluationNoise, nonSaturatingGeneratorLoss))
        }
        measure(0)
        let total = parameters.dSteps + 2 * parameters.ganSteps
        try reportingDivergence({ "the discriminator's loss became \($0)" }) { () throws(Divergence) in
            try fit(
                steps: parameters.dSteps, optimizer: optimizer, recordEvery: parameters.recordEvery,
                record: { step, loss in
                    measure(step)
                    context.progress(step, total, [("loss", loss), ("minimax ‖∇θ‖", record.minimax.last!)])
                }
            ) { _ in
                let realBatch = column(parameters.pData.sample(parameters.batch, random: &real))
                let fakeBatch = withoutGradients { generator(column(normalSamples(parameters.batch, random: &noise))) }
                return discriminatorLoss(realLogits: discriminator(realBatch), fakeLogits: discriminator(fakeBatch))
            }
        }
        return record
    }

    /// ‖∇θ cost(D(G(z)))‖ over the generator's parameters θ, on one batch of noise.
    static func generatorGradientNorm(
        _ generator: Sequential<Float>, _ discriminator: Sequential<Float>, _ noise: Tensor<Float>,
        _ cost: (Tensor<Float>) -> Tensor<Float>
    ) -> Double {
        let loss = cost(discriminator(generator(noise)))
        return gradientNorm(loss.gradients(withRespectTo: generator.parameters))
    }

    /// The parameters of both networks at one moment, to start several trainings from it.
    struct Snapshot {
        let generator: [String: [Float]]
        let discriminator: [String: [Float]]

        init(generator: Sequential<Float>, discriminator: Sequential<Float>) {
            self.generator = Dictionary(uniqueKeysWithValues: generator.namedParameters.map { ($0.name, $0.tensor.scalars) })
            self.discriminator = Dictionary(uniqueKeysWithValues: discriminator.namedParameters.map { ($0.name, $0.tensor.scalars) })
        }
    }

    /// What one GAN's training recorded: W₁ to the data at step 0 and every `gan_record_every`
    /// steps, the generator's gradient norm at every step and averaged between two records (the
    /// first step's at step 0), and the final samples.
    struct GANRun {
        var w1: [Double] = []
        var gradientNorms: [Double] = []
        var meanGradientNorms: [Double] = []
        var samples: [Double] = []
    }

    /// Trains a GAN with the given generator cost from `start`, the discriminator by Adam and the
    /// generator by `generator_optimizer`, one update each per step (Algorithm 1 with k = 1).
    static func trainGAN(
        _ loss: GeneratorLoss, from start: Snapshot, _ parameters: Parameters, real: RandomSource, noise: RandomSource,
        sampleNoise: Tensor<Float>, quantiles: [Double], context: ExperimentContext, progressOffset: Int
    ) throws -> GANRun {
        // The initialisation is overwritten by the snapshot: any stream will do.
        var unused = RandomSource(seed: 0)
        let generator = try makeGenerator(parameters, random: &unused)
        let discriminator = try makeDiscriminator(parameters, random: &unused)
        try generator.loadParameters(start.generator)
        try discriminator.loadParameters(start.discriminator)
        let trainer = try GANTrainer(
            generator: generator, discriminator: discriminator,
            generatorOptimizer: makeGeneratorOptimizer(generator, parameters),
            discriminatorOptimizer: Adam(parameters: discriminator.parameters, learningRate: parameters.learningRate),
            objective: .crossEntropy(generator: loss))

        var real = real
        var noise = noise
        var penaltyStream = RandomSource(seed: 0)  // only WGAN-GP draws from it
        var run = GANRun(w1: [wassersteinDistance(samples: samples(of: generator, noise: sampleNoise), toQuantiles: quantiles)])
        var window: [Double] = []
        let total = parameters.dSteps + 2 * parameters.ganSteps
        for step in 1...parameters.ganSteps {
            let record = trainer.step(
                real: { column(parameters.pData.sample(parameters.batch, random: &real)) },
                noise: { column(normalSamples(parameters.batch, random: &noise)) }, random: &penaltyStream)
            guard record.isFinite else {
                throw ExperimentError.diverged(step: step, detail: "the \(loss.rawValue) GAN's losses or gradients became infinite or NaN")
            }
            run.gradientNorms.append(record.generatorGradientNorm)
            if step == 1 { run.meanGradientNorms.append(record.generatorGradientNorm) }
            window.append(record.generatorGradientNorm)
            if step % parameters.ganRecordEvery == 0 || step == parameters.ganSteps {
                let distance = wassersteinDistance(samples: samples(of: generator, noise: sampleNoise), toQuantiles: quantiles)
                run.w1.append(distance)
                run.meanGradientNorms.append(mean(window))
                window = []
                context.progress(progressOffset + step, total, [("\(loss.rawValue) W₁", distance)])
            }
        }
        run.samples = samples(of: generator, noise: sampleNoise)
        return run
    }

    static func makeGeneratorOptimizer(_ generator: Sequential<Float>, _ parameters: Parameters) throws -> any Optimizer<Float> {
        switch parameters.generatorOptimizer {
        case .sgd: try SGD(parameters: generator.parameters, learningRate: parameters.generatorLearningRate)
        case .adam: try Adam(parameters: generator.parameters, learningRate: parameters.generatorLearningRate)
        }
    }

    /// The generator's outputs for a batch of noise, as numbers.
    static func samples(of generator: Sequential<Float>, noise: Tensor<Float>) -> [Double] {
        withoutGradients { generator(noise) }.scalars.map { Double($0) }
    }
}
extension SaturatingGradientsExperiment.Parameters: ParameterGroup {
    // The bounds keep the largest run within a few GiB: at most 16,384 examples of 1,024 units
    // per layer in a batch, and 10⁵ generated samples for the distances.
    public static let defaults = Self(
        pData: .gaussian(mean: 4, sd: 0.5), generatorHidden: [16, 16], discriminatorHidden: [32, 32],
        dSteps: 4000, recordEvery: 40, batch: 256, learningRate: 0.001, generatorOptimizer: .sgd, generatorLearningRate: 0.001,
        evaluationBatch: 1024, ganSteps: 2000, ganRecordEvery: 20, finalWindow: 500, monteCarlo: 10_000,
        histogram: UniformGrid(from: -2, to: 7, points: 91))

    public static let fields: [Field<Self>] = [
        Field("p_data", \.pData, help: "The data distribution: a list of Gaussian components {weight, mean, sd}."),
        Field(
            "generator_hidden", \.generatorHidden,
            help: "The widths of the generator's hidden layers (LeakyReLU 0.2); it maps one noise value z ~ N(0, 1) to one sample.",
            .each(within: 1...1024, count: 0...8)),
        Field(
            "discriminator_hidden", \.discriminatorHidden,
            help: "The widths of the discriminator's hidden layers (LeakyReLU 0.2); it has one input and one logit.",
            .each(within: 1...1024, count: 0...8)),
        Field("d_steps", \.dSteps, help: "Adam updates of the discriminator against the fixed generator.", .within(1...100_000)),
        Field(
            "record_every", \.recordEvery, help: "Discriminator updates between two measurements of the generator's gradient norms.",
            .within(1...100_000)),
        Field("batch", \.batch, help: "Real samples and, separately, generated samples in each update.", .within(1...16_384)),
        Field("learning_rate", \.learningRate, help: "The discriminator's Adam learning rate.", .positive(atMost: 10)),
        Field("generator_optimizer", \.generatorOptimizer, help: "How the GANs update their generator: sgd (plain gradient descent) or adam."),
        Field("generator_learning_rate", \.generatorLearningRate, help: "The generator's learning rate in the GANs.", .positive(atMost: 10)),
        Field(
            "evaluation_batch", \.evaluationBatch, help: "Noise values z, fixed, on which the generator's gradient norms are measured.",
            .within(1...16_384)),
        Field("gan_steps", \.ganSteps, help: "Generator updates of each GAN (one discriminator update before each).", .within(1...100_000)),
        Field("gan_record_every", \.ganRecordEvery, help: "Generator updates between two measurements of W₁.", .within(1...100_000)),
        Field(
            "final_window", \.finalWindow,
            help: "The last steps of each GAN over which W₁ is averaged for minimax_w1_final and nonsaturating_w1_final (at least one record falls in it).",
            .within(1...100_000)),
        Field(
            "monte_carlo", \.monteCarlo, help: "Generated samples (from fixed noise) used for W₁ and the histograms.",
            .within(1...100_000)),
        Field(
            "histogram", \.histogram, help: "The centres of the histogram bins of the samples table: {from, to, points}.",
            .init("of at most 10001 points") { $0.points <= 10_001 }),
    ]
}
