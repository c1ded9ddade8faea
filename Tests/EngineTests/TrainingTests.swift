import MinimaxEngine
import Testing

/// Samples from N(mean, standardDeviation²) as a batch column.
func gaussianBatch(_ count: Int, mean: Float, standardDeviation: Float, _ random: inout RandomSource) -> Tensor<Float> {
    Tensor.normal([count, 1], mean: mean, standardDeviation: standardDeviation, using: &random)
}

@Suite("Training")
struct TrainingTests {
    /// Trains D to tell N(2, 0.5²) (real) from N(−2, 0.5²) (fake); returns its last loss and parameters.
    func trainDiscriminator(seed: UInt64) throws -> (loss: Float, parameters: [[Float]]) {
        var random = RandomSource(seed: seed)
        let discriminator = try Sequential<Float>(perceptron: [1, 16, 16, 1], activation: .leakyReLU(slope: 0.2), random: &random)
        let optimizer = try Adam(parameters: discriminator.parameters, learningRate: 1e-2)
        var loss = Tensor<Float>(0)
        for _ in 0..<200 {
            let real = gaussianBatch(64, mean: 2, standardDeviation: 0.5, &random)
            let fake = gaussianBatch(64, mean: -2, standardDeviation: 0.5, &random)
            loss = discriminatorLoss(realLogits: discriminator(real), fakeLogits: discriminator(fake))
            optimizer.update(gradients: loss.gradients(withRespectTo: discriminator.parameters))
        }
        return (loss.scalar, discriminator.parameters.map(\.scalars))
    }

    @Test("A discriminator learns to separate two Gaussians")
    func discriminatorSeparatesGaussians() throws {
        let (loss, _) = try trainDiscriminator(seed: 3)
        // log 4 ≈ 1.386 at chance; the two Gaussians barely overlap, so the loss can go to ~0.
        #expect(loss < 0.01)
    }

    @Test("The same seed gives byte-identical parameters")
    func determinism() throws {
        let first = try trainDiscriminator(seed: 9)
        let second = try trainDiscriminator(seed: 9)
        #expect(first.parameters.map { $0.map(\.bitPattern) } == second.parameters.map { $0.map(\.bitPattern) })
        let other = try trainDiscriminator(seed: 10)
        #expect(other.parameters != first.parameters)
    }

    @Test("A GAN step records finite numbers and moves the generator toward the data", arguments: [
        GANObjective.crossEntropy(generator: .nonSaturating), .crossEntropy(generator: .minimax, realTarget: 0.9),
        .crossEntropy(generator: .maximumLikelihood), .leastSquares, .wassersteinClipped(limit: 0.1),
        .wassersteinGradientPenalty(weight: 10),
    ])
    func ganLearnsShift(_ objective: GANObjective) throws {
        var random = RandomSource(seed: 4)
        let generator = try Sequential<Float>(perceptron: [1, 1], activation: .relu, random: &random)
        let discriminator = try Sequential<Float>(perceptron: [1, 32, 1], activation: .leakyReLU(slope: 0.2), random: &random)
        let rate = objective.isWassersteinObjective ? 5e-3 : 2e-2
        let trainer = try GANTrainer(
            generator: generator, discriminator: discriminator,
            generatorOptimizer: Adam(parameters: generator.parameters, learningRate: rate, beta1: 0.5),
            discriminatorOptimizer: Adam(parameters: discriminator.parameters, learningRate: rate, beta1: 0.5),
            objective: objective, discriminatorSteps: objective.isWassersteinObjective ? 5 : 1)
        var data = random.split()
        var noise = random.split()
        func meanOfGenerated() -> Float {
            withoutGradients { generator(Tensor.normal([2000, 1], using: &noise)).mean().scalar }
        }
        let before = meanOfGenerated()
        var record: GANStepRecord?
        for _ in 0..<400 {
            record = trainer.step(
                real: { gaussianBatch(64, mean: 3, standardDeviation: 1, &data) },
                noise: { Tensor.normal([64, 1], using: &noise) }, random: &random)
            #expect(record!.isFinite)
        }
        let after = meanOfGenerated()
        #expect(record?.step == 400)
        #expect(abs(after - 3) < abs(before - 3) / 2, "generated mean \(before) → \(after), data mean 3")
    }

    @Test("Invalid training settings are rejected, with a message naming them")
    func invalidSettings() throws {
        var random = RandomSource(seed: 1)
        let network = try Sequential<Float>(perceptron: [1, 1], activation: .relu, random: &random)
        let optimizer = try SGD(parameters: network.parameters, learningRate: 0.1)
        let rejections: [(message: String, objective: GANObjective, discriminatorSteps: Int)] = [
            ("targets must lie in [0, 1], got real 1.5, fake 0.0", .crossEntropy(generator: .minimax, realTarget: 1.5), 1),
            ("targets must lie in [0, 1], got real 1.0, fake -0.1", .crossEntropy(generator: .minimax, fakeTarget: -0.1), 1),
            ("discriminator steps must be ≥ 1, got 0", .leastSquares, 0),
            ("clipping limit must be > 0, got 0.0", .wassersteinClipped(limit: 0), 5),
            ("penalty weight must be ≥ 0, got nan", .wassersteinGradientPenalty(weight: .nan), 5),
        ]
        for (message, objective, discriminatorSteps) in rejections {
            #expect(throws: EngineError.invalidArgument(operation: "GANTrainer", message: message)) {
                try GANTrainer(
                    generator: network, discriminator: network, generatorOptimizer: optimizer, discriminatorOptimizer: optimizer,
                    objective: objective, discriminatorSteps: discriminatorSteps)
            }
        }
    }
}

extension GANObjective {
    var isWassersteinObjective: Bool {
        switch self {
        case .wassersteinClipped, .wassersteinGradientPenalty: true
        default: false
        }
    }
}
