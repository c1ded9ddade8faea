/// The GAN training step: k discriminator updates, then one generator update
/// (Goodfellow et al. 2014, Algorithm 1).

/// The generator's loss in the standard (cross-entropy) game.
public enum GeneratorLoss: String, CaseIterable, Sendable {
    /// mean log(1 − D(G(z))): the original minimax game; saturates.
    case minimax
    /// −mean log D(G(z)): the non-saturating heuristic.
    case nonSaturating = "non-saturating"
    /// −mean exp(σ⁻¹(D(G(z)))): maximum likelihood in expectation.
    case maximumLikelihood = "maximum-likelihood"
}

/// The game the two networks play.
public enum GANObjective: Equatable, Sendable {
    /// Cross-entropy D with real/fake targets α and β (α < 1: one-sided label smoothing).
    case crossEntropy(generator: GeneratorLoss, realTarget: Double = 1, fakeTarget: Double = 0)
    /// Least-squares GAN (Mao et al. 2017).
    case leastSquares
    /// WGAN with the critic's weights clipped to [−c, c] after each update (Arjovsky et al. 2017).
    case wassersteinClipped(limit: Double)
    /// WGAN-GP with penalty weight λ (Gulrajani et al. 2017).
    case wassersteinGradientPenalty(weight: Double)

    var isWasserstein: Bool {
        switch self {
        case .wassersteinClipped, .wassersteinGradientPenalty: true
        default: false
        }
    }
}

/// How class labels enter the game, for data that comes with them.
public enum LabelConditioning: Equatable, Sendable {
    /// The conditional GAN (Mirza & Osindero 2014): G(z, y) and D(x, y), the one-hot label
    /// joined to each network's input (as extra columns of a vector, or as constant planes
    /// behind an image's channels).
    case conditional(classes: Int)
    /// AC-GAN (Odena et al. 2017): G(z, y) as above; D sees x alone and returns 1 + classes
    /// logits, the first for real against fake, the others for the class. Both networks also
    /// minimise the class cross-entropy: D on real and fake examples, G on its own.
    case auxiliaryClassifier(classes: Int)

    public var classes: Int {
        switch self {
        case .conditional(let classes), .auxiliaryClassifier(let classes): classes
        }
    }
}

/// `x` with the one-hot codes of `labels` joined behind its features: [n, d] becomes [n, d + k],
/// and an image batch [n, c, h, w] becomes [n, c + k, h, w], each code a constant plane.
public func joiningLabels<Scalar>(_ x: Tensor<Scalar>, _ labels: [Int], classes: Int) -> Tensor<Scalar> {
    guard x.rank == 2 || x.rank == 4, x.shape[0] == labels.count else {
        shapeFailure("joiningLabels", "expects [batch, features] or [batch, channels, h, w] with one label per example, got \(describe(x.shape)) and \(labels.count) labels")
    }
    let codes = Tensor<Scalar>.oneHot(labels, classes: classes)
    guard x.rank == 4 else { return Tensor.concatenate([x, codes], alongAxis: 1) }
    let planes = codes.reshaped(to: [labels.count, classes, 1, 1]).broadcast(to: [labels.count, classes, x.shape[2], x.shape[3]])
    return Tensor.concatenate([x, planes], alongAxis: 1)
}

/// What one training step measured.
public struct GANStepRecord: Sendable, Equatable {
    /// 1-based index of the generator update.
    public var step: Int
    /// The discriminator's (critic's) loss in its last update.
    public var discriminatorLoss: Double
    /// The generator's loss in its update.
    public var generatorLoss: Double
    /// Mean D(x) on the last real batch: a probability, or the critic's mean score for WGAN.
    public var meanRealScore: Double
    /// Mean D(G(z)) on the last fake batch before D's update, on the same scale.
    public var meanFakeScore: Double
    /// ‖∇φ‖ of the discriminator's last update.
    public var discriminatorGradientNorm: Double
    /// ‖∇θ‖ of the generator's update.
    public var generatorGradientNorm: Double

    /// Whether every number is finite: false once training has diverged.
    public var isFinite: Bool {
        [discriminatorLoss, generatorLoss, meanRealScore, meanFakeScore, discriminatorGradientNorm, generatorGradientNorm]
            .allSatisfy(\.isFinite)
    }
}

/// A generator, a discriminator, their optimizers and the game: `step` plays one round.
public final class GANTrainer<Scalar: TensorScalar> {
    public let generator: any Layer<Scalar>
    public let discriminator: any Layer<Scalar>
    public let generatorOptimizer: any Optimizer<Scalar>
    public let discriminatorOptimizer: any Optimizer<Scalar>
    public let objective: GANObjective
    /// How class labels enter the game; nil for unlabelled data.
    public let labels: LabelConditioning?
    /// Discriminator updates per generator update (k in Algorithm 1).
    public let discriminatorSteps: Int
    public private(set) var stepCount = 0
    private let generatorParameters: [Tensor<Scalar>]
    private let discriminatorParameters: [Tensor<Scalar>]

    public init(
        generator: any Layer<Scalar>, discriminator: any Layer<Scalar>,
        generatorOptimizer: any Optimizer<Scalar>, discriminatorOptimizer: any Optimizer<Scalar>,
        objective: GANObjective, labels: LabelConditioning? = nil, discriminatorSteps: Int = 1
    ) throws {
        guard discriminatorSteps >= 1 else {
            throw EngineError.invalidArgument(operation: "GANTrainer", message: "discriminator steps must be ≥ 1, got \(discriminatorSteps)")
        }
        switch objective {
        case .crossEntropy(_, let real, let fake) where !(0...1).contains(real) || !(0...1).contains(fake):
            throw EngineError.invalidArgument(operation: "GANTrainer", message: "targets must lie in [0, 1], got real \(real), fake \(fake)")
        case .wassersteinClipped(let limit) where !(limit > 0):
            throw EngineError.invalidArgument(operation: "GANTrainer", message: "clipping limit must be > 0, got \(limit)")
        case .wassersteinGradientPenalty(let weight) where !(weight >= 0):
            throw EngineError.invalidArgument(operation: "GANTrainer", message: "penalty weight must be ≥ 0, got \(weight)")
        default: break
        }
        if let labels, labels.classes < 2 {
            throw EngineError.invalidArgument(operation: "GANTrainer", message: "labelled data needs at least 2 classes, got \(labels.classes)")
        }
        self.labels = labels
        self.generator = generator
        self.discriminator = discriminator
        generatorParameters = generator.parameters
        discriminatorParameters = discriminator.parameters
        self.generatorOptimizer = generatorOptimizer
        self.discriminatorOptimizer = discriminatorOptimizer
        self.objective = objective
        self.discriminatorSteps = discriminatorSteps
    }

    /// One round: k discriminator updates, each on a fresh real batch and fresh noise, then one
    /// generator update on the last fake batch scored by the updated discriminator (as the DCGAN
    /// reference implementation does: one generator forward pass per batch of noise).
    public func step(real sampleReal: () -> Tensor<Scalar>, noise sampleNoise: () -> Tensor<Scalar>, random: inout RandomSource) -> GANStepRecord {
        precondition(labels == nil, "GANTrainer.step(real:): a trainer with labels takes labelled batches (step(labelledReal:))")
        return play(real: { (sampleReal(), []) }, noise: sampleNoise, random: &random)
    }

    /// One round on labelled data: as `step(real:noise:)`, each real batch with its labels. The
    /// generator is asked for the real batch's labels, so fake and real batches have the same
    /// classes (and the penalty's interpolates one label each).
    public func step(
        labelledReal sampleReal: () -> (examples: Tensor<Scalar>, labels: [Int]), noise sampleNoise: () -> Tensor<Scalar>,
        random: inout RandomSource
    ) -> GANStepRecord {
        precondition(labels != nil, "GANTrainer.step(labelledReal:): this trainer was made without labels")
        return play(real: sampleReal, noise: sampleNoise, random: &random)
    }

    private func play(
        real sampleReal: () -> (examples: Tensor<Scalar>, labels: [Int]), noise sampleNoise: () -> Tensor<Scalar>,
        random: inout RandomSource
    ) -> GANStepRecord {
        var fake = Tensor<Scalar>.zeros([0])
        var classes: [Int] = []
        var criticLoss = 0.0
        var meanReal = 0.0
        var meanFake = 0.0
        var discriminatorNorm = 0.0
        for _ in 0..<discriminatorSteps {
            let (real, realClasses) = sampleReal()
            classes = realClasses
            fake = generator(generatorInput(sampleNoise(), classes))
            let (realOutputs, fakeOutputs) = score(discriminatorInput(real, classes), discriminatorInput(fake.detached(), classes))
            let (realLogits, fakeLogits) = (sourceLogits(realOutputs), sourceLogits(fakeOutputs))
            var loss = discriminatorLoss(realLogits: realLogits, fakeLogits: fakeLogits)
            if case .auxiliaryClassifier = labels {
                loss = loss + classLoss(realOutputs, classes) + classLoss(fakeOutputs, classes)
            }
            if case .wassersteinGradientPenalty(let weight) = objective {
                let penalty = gradientPenalty(
                    critic: { self.sourceLogits(self.discriminator(self.discriminatorInput($0, classes))) }, real: real, fake: fake,
                    random: &random)
                loss = loss + penalty * Scalar(weight)
            }
            let gradients = loss.gradients(withRespectTo: discriminatorParameters)
            discriminatorOptimizer.update(gradients: gradients)
            if case .wassersteinClipped(let limit) = objective {
                clipWeights(discriminatorParameters, limit: Scalar(limit))
            }
            criticLoss = Double(loss.scalar)
            meanReal = meanScore(realLogits)
            meanFake = meanScore(fakeLogits)
            discriminatorNorm = MinimaxEngine.gradientNorm(gradients)
        }

        let fakeOutputs = discriminator(discriminatorInput(fake, classes))
        var loss = generatorLoss(fakeLogits: sourceLogits(fakeOutputs))
        if case .auxiliaryClassifier = labels {
            loss = loss + classLoss(fakeOutputs, classes)
        }
        let gradients = loss.gradients(withRespectTo: generatorParameters)
        generatorOptimizer.update(gradients: gradients)
        stepCount += 1
        let generatorNorm = gradientNorm(gradients)
        return GANStepRecord(
            step: stepCount, discriminatorLoss: criticLoss, generatorLoss: Double(loss.scalar),
            meanRealScore: meanReal, meanFakeScore: meanFake,
            discriminatorGradientNorm: discriminatorNorm, generatorGradientNorm: generatorNorm)
    }

    /// The generator's input: the noise, with the label codes joined for a labelled game.
    func generatorInput(_ noise: Tensor<Scalar>, _ classes: [Int]) -> Tensor<Scalar> {
        guard let labels else { return noise }
        return joiningLabels(noise, classes, classes: labels.classes)
    }

    /// The discriminator's input: the conditional GAN's D also sees the label.
    func discriminatorInput(_ x: Tensor<Scalar>, _ classes: [Int]) -> Tensor<Scalar> {
        guard case .conditional(let count) = labels else { return x }
        return joiningLabels(x, classes, classes: count)
    }

    /// Real-against-fake logits: D's only output, or AC-GAN's first column.
    func sourceLogits(_ outputs: Tensor<Scalar>) -> Tensor<Scalar> {
        guard case .auxiliaryClassifier = labels else { return outputs }
        return outputs.slice(alongAxis: 1, 0..<1)
    }

    /// AC-GAN's class cross-entropy on D's class logits.
    func classLoss(_ outputs: Tensor<Scalar>, _ classes: [Int]) -> Tensor<Scalar> {
        softmaxCrossEntropy(logits: outputs.slice(alongAxis: 1, 1..<outputs.shape[1]), labels: classes)
    }

    /// D's outputs on a real and a fake batch. When D treats examples independently, both are
    /// scored in one pass over their concatenation: the same numbers, half the operations.
    func score(_ real: Tensor<Scalar>, _ fake: Tensor<Scalar>) -> (real: Tensor<Scalar>, fake: Tensor<Scalar>) {
        guard !discriminator.mixesExamples else { return (discriminator(real), discriminator(fake)) }
        let count = real.shape[0]
        let outputs = discriminator(Tensor.concatenate([real, fake]))
        return (outputs.rows(0..<count), outputs.rows(count..<outputs.shape[0]))
    }

    func discriminatorLoss(realLogits: Tensor<Scalar>, fakeLogits: Tensor<Scalar>) -> Tensor<Scalar> {
        switch objective {
        case .crossEntropy(_, let realTarget, let fakeTarget):
            MinimaxEngine.discriminatorLoss(
                realLogits: realLogits, fakeLogits: fakeLogits, realTarget: Scalar(realTarget), fakeTarget: Scalar(fakeTarget))
        case .leastSquares:
            leastSquaresDiscriminatorLoss(realOutputs: realLogits, fakeOutputs: fakeLogits)
        case .wassersteinClipped, .wassersteinGradientPenalty:
            wassersteinCriticLoss(realScores: realLogits, fakeScores: fakeLogits)
        }
    }

    func generatorLoss(fakeLogits: Tensor<Scalar>) -> Tensor<Scalar> {
        switch objective {
        case .crossEntropy(.minimax, _, _): minimaxGeneratorLoss(fakeLogits: fakeLogits)
        case .crossEntropy(.nonSaturating, _, _): nonSaturatingGeneratorLoss(fakeLogits: fakeLogits)
        case .crossEntropy(.maximumLikelihood, _, _): maximumLikelihoodGeneratorLoss(fakeLogits: fakeLogits)
        case .leastSquares: leastSquaresGeneratorLoss(fakeOutputs: fakeLogits)
        case .wassersteinClipped, .wassersteinGradientPenalty: wassersteinGeneratorLoss(fakeScores: fakeLogits)
        }
    }

    /// Mean D(x) as a probability (σ of the logit) for cross-entropy games, the raw mean output
    /// for the least-squares and Wasserstein ones.
    func meanScore(_ outputs: Tensor<Scalar>) -> Double {
        withoutGradients {
            if case .crossEntropy = objective {
                return Double(outputs.sigmoid().mean().scalar)
            }
            return Double(outputs.mean().scalar)
        }
    }
}
