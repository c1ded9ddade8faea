import ArgumentParser
import Foundation
import MinimaxEngine
import MinimaxExperiments

/// `minimax demo`: trains a small GAN on the eight-Gaussian ring and prints what it learns.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train a small GAN on eight Gaussians in a ring and print its progress.",
        discussion: """
            The generator (2 → 64 → 64 → 2) learns to place its samples on the eight modes of the \
            ring; the discriminator (2 → 64 → 64 → 1) learns to tell them from the data. Every \
            report line shows both losses, the mean D(x) on real data and D(G(z)) on generated \
            data, and how many of the eight modes the generator covers.
            """)

    @Option(help: "Generator updates.")
    var steps = 3000

    @Option(help: "The random seed: the same seed gives the same run.")
    var seed: UInt64 = 1

    @Option(help: "Generator loss: \(GeneratorLoss.allCases.map(\.rawValue).joined(separator: ", ")).")
    var generatorLoss: GeneratorLoss = .nonSaturating

    func validate() throws {
        guard steps > 0 else { throw ValidationError("--steps must be positive, got \(steps)") }
    }

    func run() throws {
        let ring = GaussianRing()
        var random = RandomSource(seed: seed)
        let generator = try Sequential<Float>(perceptron: [2, 64, 64, 2], activation: .leakyReLU(slope: 0.2), random: &random)
        let discriminator = try Sequential<Float>(perceptron: [2, 64, 64, 1], activation: .leakyReLU(slope: 0.2), random: &random)
        let trainer = try GANTrainer(
            generator: generator, discriminator: discriminator,
            generatorOptimizer: Adam(parameters: generator.parameters, learningRate: 1e-3, beta1: 0.5),
            discriminatorOptimizer: Adam(parameters: discriminator.parameters, learningRate: 1e-3, beta1: 0.5),
            objective: .crossEntropy(generator: generatorLoss))
        var data = random.split()
        var noise = random.split()
        var evaluation = random.split()

        print("Training a GAN on \(ring.modes) Gaussians in a ring (\(KernelSelection.summary)).")
        print("   step   D loss   G loss    D(x)  D(G(z))  modes  near a mode")
        let start = Date()
        for _ in 0..<steps {
            let record = trainer.step(
                real: { ring.sample(256, random: &data) }, noise: { Tensor.normal([256, 2], using: &noise) },
                random: &random)
            guard record.isFinite else {
                throw ValidationError("training diverged at step \(record.step): a loss became NaN or infinite")
            }
            if record.step % (steps / 10 == 0 ? 1 : steps / 10) == 0 || record.step == steps {
                let samples = withoutGradients { generator(Tensor.normal([2000, 2], using: &evaluation)) }
                print(
                    String(
                        format: "%7d  %7.3f  %7.3f  %6.3f  %7.3f  %3d/%d  %10.1f%%", record.step, record.discriminatorLoss,
                        record.generatorLoss, record.meanRealScore, record.meanFakeScore, ring.modesCovered(samples), ring.modes,
                        100 * ring.shareNearModes(samples)))
            }
        }
        let seconds = Date().timeIntervalSince(start)
        print(String(format: "%d steps in %.1f s (%.0f steps/s).", steps, seconds, Double(steps) / seconds))
    }
}

extension GeneratorLoss: ExpressibleByArgument {}
