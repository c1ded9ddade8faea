import Foundation
import MinimaxEngine
import Testing

/// Labelled games: the conditional GAN and AC-GAN put each class's samples where that class's
/// data is.
@Suite("Labelled GAN training")
struct LabelledGANTests {
    @Test("joiningLabels appends one-hot columns to vectors and constant one-hot planes to images")
    func joining() {
        let vectors = joiningLabels(Tensor<Double>(rows: [[5, 6], [7, 8]]), [2, 0], classes: 3)
        #expect(vectors.shape == [2, 5] && vectors.scalars == [5, 6, 0, 0, 1, 7, 8, 1, 0, 0])
        let images = joiningLabels(Tensor<Double>.full([2, 1, 2, 2], 9), [1, 0], classes: 2)
        #expect(images.shape == [2, 3, 2, 2])
        #expect(images.scalars == [9, 9, 9, 9, 0, 0, 0, 0, 1, 1, 1, 1, 9, 9, 9, 9, 1, 1, 1, 1, 0, 0, 0, 0])
    }

    /// Two classes on the line: class 0 at −2, class 1 at +2 (standard deviation 0.1).
    static func train(_ labels: LabelConditioning, steps: Int) throws -> (Tensor<Float>, Tensor<Float>) {
        var random = RandomSource(seed: 21)
        let classes = 2
        let discriminatorOutputs = if case .auxiliaryClassifier = labels { 1 + classes } else { 1 }
        let discriminatorInputs = if case .conditional = labels { 1 + classes } else { 1 }
        let generator = try Sequential<Float>(perceptron: [2 + classes, 32, 32, 1], activation: .leakyReLU(slope: 0.2), random: &random)
        let discriminator = try Sequential<Float>(
            perceptron: [discriminatorInputs, 32, 32, discriminatorOutputs], activation: .leakyReLU(slope: 0.2), random: &random)
        let trainer = try GANTrainer(
            generator: generator, discriminator: discriminator,
            generatorOptimizer: try Adam(parameters: generator.parameters, learningRate: 2e-3, beta1: 0.5),
            discriminatorOptimizer: try Adam(parameters: discriminator.parameters, learningRate: 2e-3, beta1: 0.5),
            objective: .crossEntropy(generator: .nonSaturating), labels: labels)
        var data = random.split()
        var noise = random.split()
        for _ in 0..<steps {
            _ = trainer.step(
                labelledReal: {
                    let classes = (0..<64).map { _ in data.index(below: 2) }
                    let x = classes.map { Float($0 == 0 ? -2 : 2) + 0.1 * data.normal(Float.self) }
                    return (Tensor(shape: [64, 1], scalars: x), classes)
                },
                noise: { Tensor.normal([64, 2], using: &noise) }, random: &random)
        }
        let z = Tensor<Float>.normal([500, 2], using: &noise)
        return withoutGradients {
            (generator(joiningLabels(z, Array(repeating: 0, count: 500), classes: 2)),
             generator(joiningLabels(z, Array(repeating: 1, count: 500), classes: 2)))
        }
    }

    @Test("Asked for a class, the trained generator puts at least 90% of its samples within 0.5 of that class's mode",
        arguments: [LabelConditioning.conditional(classes: 2), .auxiliaryClassifier(classes: 2)])
    func eachClassOnItsMode(labels: LabelConditioning) throws {
        let (zeros, ones) = try Self.train(labels, steps: 1500)
        let nearMinus = Double(zeros.scalars.filter { abs($0 + 2) < 0.5 }.count) / 500
        let nearPlus = Double(ones.scalars.filter { abs($0 - 2) < 0.5 }.count) / 500
        #expect(nearMinus >= 0.9 && nearPlus >= 0.9, "\(labels): \(nearMinus), \(nearPlus)")
    }

    @Test("A labelled trainer refuses one class")
    func needsTwoClasses() throws {
        var random = RandomSource(seed: 1)
        let network = try Sequential<Float>(perceptron: [1, 1], activation: .relu, random: &random)
        #expect(throws: EngineError.invalidArgument(operation: "GANTrainer", message: "labelled data needs at least 2 classes, got 1")) {
            _ = try GANTrainer(
                generator: network, discriminator: network,
                generatorOptimizer: try Adam(parameters: network.parameters, learningRate: 1e-3),
                discriminatorOptimizer: try Adam(parameters: network.parameters, learningRate: 1e-3),
                objective: .crossEntropy(generator: .nonSaturating), labels: .conditional(classes: 1))
        }
    }
}
