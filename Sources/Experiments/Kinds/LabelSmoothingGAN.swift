import Foundation
import MinimaxEngine
import MinimaxRunner

/// `label-smoothing-gan`: what one-sided label smoothing does to a GAN in training (Salimans et al.
/// 2016, §3.4): the discriminator's confidence and the generator's gradients, without smoothing
/// (real target 1) and with it (real target α < 1).
///
/// Two GANs start from the same networks and see the same batches; they differ only by the
/// real target of the discriminator's loss, BCE(D(x), α) + BCE(D(G(z)), 0). Without smoothing,
/// D is rewarded for pushing its logit on real samples the generator does not cover toward +∞;
/// with target α the best logit there is log(α/(1 − α)) (2.2 for α = 0.9), and the discriminator
/// stops growing more confident. Smoothing acts on the real side only, so that is where the
/// confidence is measured. Every `record_every` steps the experiment records the largest logit D
/// gives a fixed set of real samples, D's own gradient ∂BCE/∂ℓ = σ(ℓ) − target on that most
/// confident sample (by autodiff of the engine's loss: without smoothing it vanishes as ℓ grows,
/// with target α it tends to 1 − α), the mean norm of the generator's gradient over those steps,
/// and W₁ between the generator's samples and the data (`wassersteinDistance`), which says
/// whether the generator covers both modes: on one of two equal modes it is at half the distance
/// between them; the steps recorded with W₁ above `one_mode_w1` count how long a generator missed
/// a mode. The generator uses the non-saturating cost −log D(G(z)); at the optimum, one-sided
/// smoothing only scales D by α, which leaves that cost's gradient unchanged.
public enum LabelSmoothingGANExperiment: ExperimentKind {
    /// What each parameter means, and the values it accepts: `fields`, below.
    public struct Parameters: Sendable, Equatable {
        public var pData: GaussianMixture
        public var generatorHidden: [Int]
        public var discriminatorHidden: [Int]
        public var steps: Int
        public var batch: Int
        public var learningRate: Double
        public var realTarget: Double
        public var evaluationBatch: Int
        public var recordEvery: Int
        public var oneModeW1: Double
    }

    public static let name = "label-smoothing-gan"

    public static let summary =
        "Trains the same GAN without smoothing and with one-sided label smoothing; records D's largest logit on real samples and G's gradient norm."

    public static let version = 2

    public static let results: [ResultDeclaration] = [
        .table(
            "confidence", "The discriminator's confidence on real samples and the generator's gradient norm during training, for both GANs.",
            columns: [
                "step": "Generator updates so far (each after one discriminator update).",
                "no_smoothing_max_logit": "Without smoothing: the largest logit D gives one of the fixed real evaluation samples.",
                "one_sided_max_logit": "With real target α: the largest logit D gives one of the same samples.",
                "no_smoothing_confident_logit_grad": "Without smoothing: ∂BCE(ℓ, 1)/∂ℓ = σ(ℓ) − 1 on the real sample of largest logit ℓ, by autodiff: D's own gradient there (negative: it asks for more confidence).",
                "one_sided_confident_logit_grad": "With real target α: ∂BCE(ℓ, α)/∂ℓ = σ(ℓ) − α on the real sample of largest logit (positive once σ(ℓ) > α: it asks for less).",
                "no_smoothing_grad_norm": "Without smoothing: the mean ‖∇θ‖ of the generator's cost over the steps since the last row.",
                "one_sided_grad_norm": "With real target α: the mean ‖∇θ‖ of the generator's cost over the same steps.",
                "no_smoothing_w1": "Without smoothing: W₁ between the generator's samples (of fixed noise) and p_data.",
                "one_sided_w1": "With real target α: W₁ between the generator's samples and p_data.",
            ], .chaotic),
        .scalar("no_smoothing_peak_logit", "The largest logit on real samples recorded without smoothing.", .chaotic),
        .scalar("one_sided_peak_logit", "The largest logit on real samples recorded with one-sided smoothing.", .chaotic),
        .scalar(
            "no_smoothing_grad_at_peak_logit", "no_smoothing_confident_logit_grad where no_smoothing_peak_logit was recorded.", .chaotic),
        .scalar("one_sided_grad_at_peak_logit", "one_sided_confident_logit_grad where one_sided_peak_logit was recorded.", .chaotic),
        .scalar(
            "no_smoothing_one_mode_steps",
            "Without smoothing: the recorded steps whose W₁ is above one_mode_w1, times record_every: about how long the generator missed a mode.",
            .chaotic),
        .scalar("one_sided_one_mode_steps", "The same with one-sided smoothing.", .chaotic),
        .scalar("smoothed_real_logit", "log(α/(1 − α)): the logit one-sided smoothing asks for where there are only real samples."),
        .scalar("no_smoothing_mean_grad_norm", "The generator's gradient norm without smoothing, averaged over all steps.", .chaotic),
        .scalar("one_sided_mean_grad_norm", "The generator's gradient norm with one-sided smoothing, averaged over all steps.", .chaotic),
        .scalar("no_smoothing_peak_grad_norm", "The largest generator gradient norm of a single step without smoothing.", .chaotic),
        .scalar("one_sided_peak_grad_norm", "The largest generator gradient norm of a single step with one-sided smoothing.", .chaotic),
        .scalar("no_smoothing_w1_end", "W₁ between the generator's samples and p_data at the end, without smoothing.", .chaotic),
        .scalar("one_sided_w1_end", "W₁ between the generator's samples and p_data at the end, with one-sided smoothing.", .chaotic),
    ]

    /// The random streams one GAN draws from: its two initialisations, its real batches, its noise.
    struct Streams {
        var generator: RandomSource
        var discriminator: RandomSource
        var real: RandomSource
        var noise: RandomSource
    }

    /// What one GAN's training recorded.
    struct Run {
        var maxLogits: [Double] = []
        var confidentLogitGradients: [Double] = []
        var meanGradientNorms: [Double] = []
        var gradientNorms: [Double] = []
        var distances: [Double] = []
    }

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        var random = RandomSource(seed: context.seed)
        let generatorInitialisation = random.split()
        let discriminatorInitialisation = random.split()
        let realStream = random.split()
        let noiseStream = random.split()
        var evaluation = random.split()
        let realEvaluation = column(parameters.pData.sample(parameters.evaluationBatch, random: &evaluation))
        let noiseEvaluation = column(normalSamples(parameters.evaluationBatch, random: &evaluation))
        let quantiles = dataQuantiles(parameters.pData, count: parameters.evaluationBatch)

        var runs: [Run] = []
        for (index, realTarget) in [1.0, parameters.realTarget].enumerated() {
            // Copies of the same streams: both GANs start alike and see the same batches.
            var streams = Streams(
                generator: generatorInitialisation, discriminator: discriminatorInitialisation, real: realStream, noise: noiseStream)
            runs.append(try train(
                realTarget: realTarget, parameters, streams: &streams, realEvaluation: realEvaluation,
                noiseEvaluation: noiseEvaluation, quantiles: quantiles, context: context, progressOffset: index * parameters.steps))
        }

        let steps = Array(stride(from: parameters.recordEvery, through: parameters.steps, by: parameters.recordEvery))
            + (parameters.steps % parameters.recordEvery == 0 ? [] : [parameters.steps])
        let alpha = parameters.realTarget
        func atPeak(_ run: Run) -> Double { run.confidentLogitGradients[run.maxLogits.indices.max { run.maxLogits[$0] < run.maxLogits[$1] }!] }
        func oneModeSteps(_ run: Run) -> Double {
            Double(run.distances.count { $0 > parameters.oneModeW1 } * parameters.recordEvery)
        }
        return ExperimentResult(
            scalars: [
                "no_smoothing_peak_logit": runs[0].maxLogits.max()!, "one_sided_peak_logit": runs[1].maxLogits.max()!,
                "smoothed_real_logit": Foundation.log(alpha / (1 - alpha)),
                "no_smoothing_grad_at_peak_logit": atPeak(runs[0]), "one_sided_grad_at_peak_logit": atPeak(runs[1]),
                "no_smoothing_one_mode_steps": oneModeSteps(runs[0]), "one_sided_one_mode_steps": oneModeSteps(runs[1]),
                "no_smoothing_mean_grad_norm": mean(runs[0].gradientNorms), "one_sided_mean_grad_norm": mean(runs[1].gradientNorms),
                "no_smoothing_peak_grad_norm": runs[0].gradientNorms.max()!, "one_sided_peak_grad_norm": runs[1].gradientNorms.max()!,
                "no_smoothing_w1_end": runs[0].distances.last!, "one_sided_w1_end": runs[1].distances.last!,
            ],
            tables: [
                "confidence": DataTable([
                    ("step", steps.map(Double.init)),
                    ("no_smoothing_max_logit", runs[0].maxLogits), ("one_sided_max_logit", runs[1].maxLogits),
                    ("no_smoothing_confident_logit_grad", runs[0].confidentLogitGradients),
                    ("one_sided_confident_logit_grad", runs[1].confidentLogitGradients),
                    ("no_smoothing_grad_norm", runs[0].meanGradientNorms), ("one_sided_grad_norm", runs[1].meanGradientNorms),
                    ("no_smoothing_w1", runs[0].distances), ("one_sided_w1", runs[1].distances),
                ])
            ])
    }

    /// Trains one GAN with the non-saturating cost and real target `realTarget` (fake target 0).
    static func train(
        realTarget: Double, _ parameters: Parameters,
        streams: inout Streams,
        realEvaluation: Tensor<Float>, noiseEvaluation: Tensor<Float>, quantiles: [Double], context: ExperimentContext,
        progressOffset: Int
    ) throws -> Run {
        let generator = try Sequential<Float>(
            perceptron: [1] + parameters.generatorHidden + [1], activation: .leakyReLU(slope: 0.2), random: &streams.generator)
        let discriminator = try Sequential<Float>(
            perceptron: [1] + parameters.discriminatorHidden + [1], activation: .leakyReLU(slope: 0.2), random: &streams.discriminator)
        // β₁ = 0.5, as DCGAN (Radford et al. 2016) and most GANs since: less momentum, less oscillation.
        let trainer = try GANTrainer(
            generator: generator, discriminator: discriminator,
            generatorOptimizer: Adam(parameters: generator.parameters, learningRate: parameters.learningRate, beta1: 0.5),
            discriminatorOptimizer: Adam(parameters: discriminator.parameters, learningRate: parameters.learningRate, beta1: 0.5),
            objective: .crossEntropy(generator: .nonSaturating, realTarget: realTarget))

        /// The largest logit D gives the real evaluation samples, and D's own gradient there: the
        /// derivative of the engine's real-side loss BCE(ℓ, target) in that sample's logit.
        func mostConfident() -> (logit: Double, gradient: Double) {
            let logits = withoutGradients { discriminator(realEvaluation) }.scalars
            let largest = logits.indices.max { logits[$0] < logits[$1] }!
            let logit = Tensor<Float>(logits[largest]).requiringGradient()
            let gradient = binaryCrossEntropy(logits: logit, target: Float(realTarget)).gradients(withRespectTo: [logit])[0].scalar
            return (Double(logits[largest]), Double(gradient))
        }
        var run = Run()
        var window: [Double] = []
        var penaltyStream = RandomSource(seed: 0)  // only WGAN-GP draws from it
        for step in 1...parameters.steps {
            let record = trainer.step(
                real: { column(parameters.pData.sample(parameters.batch, random: &streams.real)) },
                noise: { column(normalSamples(parameters.batch, random: &streams.noise)) }, random: &penaltyStream)
            guard record.isFinite else {
                throw ExperimentError.diverged(
                    step: step, detail: "with real target \(formatNumber(realTarget)), the losses or gradients became infinite or NaN")
            }
            run.gradientNorms.append(record.generatorGradientNorm)
            window.append(record.generatorGradientNorm)
            if step % parameters.recordEvery == 0 || step == parameters.steps {
                let confident = mostConfident()
                run.maxLogits.append(confident.logit)
                run.confidentLogitGradients.append(confident.gradient)
                run.meanGradientNorms.append(mean(window))
                let samples = withoutGradients { generator(noiseEvaluation) }.scalars.map { Double($0) }
                run.distances.append(wassersteinDistance(samples: samples, toQuantiles: quantiles))
                window = []
                context.progress(progressOffset + step, 2 * parameters.steps, [("largest real logit", run.maxLogits.last!)])
            }
        }
        return run
    }
}

extension LabelSmoothingGANExperiment.Parameters: ParameterGroup {
    public static let defaults = Self(
        pData: OptimalDiscriminatorExperiment.Parameters.defaults.pData, generatorHidden: [16, 16], discriminatorHidden: [32, 32],
        steps: 2000, batch: 256, learningRate: 0.001, realTarget: 0.9, evaluationBatch: 1024, recordEvery: 20, oneModeW1: 1)

    // The bounds keep the largest run within a few GiB: at most 16,384 examples of 1,024 units per
    // layer in a batch.
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
        Field("steps", \.steps, help: "Generator updates of each GAN (one discriminator update before each).", .within(1...100_000)),
        Field("batch", \.batch, help: "Real samples and, separately, generated samples in each update.", .within(1...16_384)),
        Field("learning_rate", \.learningRate, help: "Adam's learning rate (β₁ = 0.5), for both networks.", .positive(atMost: 10)),
        Field(
            "real_target", \.realTarget, help: "α: the discriminator's target for real samples in the smoothed GAN (the other uses 1).",
            .init("from 0.5 and below 1") { $0 >= 0.5 && $0 < 1 }),
        Field(
            "evaluation_batch", \.evaluationBatch, help: "Fixed real samples on which D's largest logit is measured, and noise values for W₁.",
            .within(1...16_384)),
        Field("record_every", \.recordEvery, help: "Steps between two rows of the confidence table.", .within(1...100_000)),
        Field(
            "one_mode_w1", \.oneModeW1,
            help: "A recorded W₁ above this counts as a generator missing a mode (on one of two equal modes W₁ is half their distance).",
            .positive(atMost: 100)),
    ]
}
