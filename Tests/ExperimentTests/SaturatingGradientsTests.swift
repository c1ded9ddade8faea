import Foundation
import MinimaxEngine
import MinimaxRunner
import Testing

@testable import MinimaxExperiments

typealias SaturatingGradients = SaturatingGradientsExperiment

/// The run with every default (4000 discriminator updates, two GANs of 2000 steps), shared.
let saturatingDefaultRun = Result {
    try SaturatingGradients.run(SaturatingGradients.defaults, context: ExperimentContext(seed: 1))
}

/// The defaults with short trainings, for the tests that run several times.
func quickSaturating(_ change: (inout SaturatingGradients.Parameters) -> Void = { _ in }) -> SaturatingGradients.Parameters {
    var parameters = SaturatingGradients.defaults
    parameters.dSteps = 60
    parameters.ganSteps = 30
    parameters.ganRecordEvery = 10
    parameters.monteCarlo = 500
    change(&parameters)
    return parameters
}

@Suite("saturating-gradients")
struct SaturatingGradientsTests {
    @Test("With defaults, the tables have the documented columns and rows")
    func tables() throws {
        let result = try saturatingDefaultRun.get()
        let norms = try #require(result.tables["gradient_norms"])
        #expect(norms.columns == ["d_steps", "minimax_grad_norm", "nonsaturating_grad_norm"])
        #expect(norms.column("d_steps") == stride(from: 0, through: 4000, by: 40).map(Double.init))
        #expect(norms.rows.allSatisfy { $0[1] > 0 && $0[2] > 0 && $0[1].isFinite && $0[2].isFinite })
        let training = try #require(result.tables["gan_training"])
        #expect(training.columns == ["step", "minimax_w1", "nonsaturating_w1", "minimax_gan_grad_norm", "nonsaturating_gan_grad_norm"])
        #expect(training.column("step") == stride(from: 0, through: 2000, by: 20).map(Double.init))
        // Both GANs start from the same generator.
        #expect(training.rows[0][1] == training.rows[0][2] && training.rows[0][1] == result.scalars["w1_start"])
        let samples = try #require(result.tables["samples"])
        #expect(samples.columns == ["x", "p_data", "start_density", "minimax_density", "nonsaturating_density"])
        #expect(samples.rows.count == 91)
        #expect(Set(result.tables.keys) == ["gradient_norms", "gan_training", "samples"])
        #expect(result.scalars["minimax_norm_end"] == norms.rows.last?[1])
        #expect(result.scalars["nonsaturating_norm_start"] == norms.rows.first?[2])
    }

    @Test("As D learns to reject the samples, the minimax gradient falls by orders of magnitude and the non-saturating one grows")
    func saturation() throws {
        let scalars = try saturatingDefaultRun.get().scalars
        #expect(scalars["fake_d_end"]! < 1e-3)
        #expect(scalars["minimax_norm_end"]! < 1e-2 * scalars["minimax_norm_start"]!)
        #expect(scalars["nonsaturating_norm_end"]! > 10 * scalars["nonsaturating_norm_start"]!)
        #expect(scalars["nonsaturating_norm_end"]! > 1e3 * scalars["minimax_norm_end"]!)
    }

    @Test("From that discriminator, the minimax GAN stays where it started and the non-saturating one reaches the data")
    func ganTraining() throws {
        let result = try saturatingDefaultRun.get()
        let scalars = result.scalars
        // The generator starts near 0, the data at 4 ± 0.5: W₁ ≈ 4.
        #expect(scalars["w1_start"]! > 3)
        #expect(abs(scalars["minimax_w1_end"]! - scalars["w1_start"]!) < 0.01)
        #expect(scalars["nonsaturating_w1_end"]! < 0.5)
        // The final means average the records of the last 500 steps: steps 1520 to 2000.
        let training = try #require(result.tables["gan_training"])
        let last = training.rows.filter { $0[0] > 1500 }
        #expect(last.count == 25)
        #expect(abs(scalars["minimax_w1_final"]! - last.map { $0[1] }.reduce(0, +) / 25) < 1e-12)
        #expect(abs(scalars["nonsaturating_w1_final"]! - last.map { $0[2] }.reduce(0, +) / 25) < 1e-12)
        // The minimax generator's gradient during training stays far below the non-saturating one's.
        #expect(scalars["minimax_gan_grad_norm_peak"]! < 0.01 * scalars["nonsaturating_gan_grad_norm_mean"]!)
        #expect(scalars["minimax_gan_grad_norm_mean"]! <= scalars["minimax_gan_grad_norm_peak"]!)
        #expect(training.column("minimax_gan_grad_norm")!.allSatisfy { $0 > 0 && $0 <= scalars["minimax_gan_grad_norm_peak"]! })
        // The histograms say the same: the non-saturating generator's mass lies on the data.
        let samples = try #require(result.tables["samples"])
        let x = samples.column("x")!
        let width = x[1] - x[0]
        let onData = zip(x, samples.column("nonsaturating_density")!).filter { abs($0.0 - 4) < 1.5 }.map(\.1).reduce(0, +) * width
        let minimaxOnData = zip(x, samples.column("minimax_density")!).filter { abs($0.0 - 4) < 1.5 }.map(\.1).reduce(0, +) * width
        #expect(onData > 0.95 && minimaxOnData == 0)
    }

    @Test("On one sample the two gradients are one vector scaled by D(G(z)) and 1 − D(G(z)): the chain rule through ∂cost/∂ℓ")
    func chainRule() throws {
        var random = RandomSource(seed: 3)
        let parameters = SaturatingGradients.defaults
        let generator = try SaturatingGradients.makeGenerator(parameters, random: &random)
        let discriminator = try SaturatingGradients.makeDiscriminator(parameters, random: &random)
        for z in [-1.5, 0.3, 2] {
            let noise = column([z])
            let d = Double(withoutGradients { discriminator(generator(noise)).sigmoid().scalar })
            let minimax = SaturatingGradients.generatorGradientNorm(generator, discriminator, noise, minimaxGeneratorLoss)
            let nonSaturating = SaturatingGradients.generatorGradientNorm(generator, discriminator, noise, nonSaturatingGeneratorLoss)
            // ∇θ log(1 − σ(ℓ)) = −d·∇θℓ and ∇θ −log σ(ℓ) = −(1 − d)·∇θℓ (Float: 1e-5).
            #expect(abs(minimax / nonSaturating / (d / (1 - d)) - 1) < 1e-5, "z = \(z), d = \(d)")
        }
    }

    @Test("The same seed gives the same result; another seed gives another")
    func determinism() throws {
        let parameters = quickSaturating()
        let first = try SaturatingGradients.run(parameters, context: ExperimentContext(seed: 42))
        let second = try SaturatingGradients.run(parameters, context: ExperimentContext(seed: 42))
        let other = try SaturatingGradients.run(parameters, context: ExperimentContext(seed: 43))
        #expect(first == second)
        #expect(first.tables["gradient_norms"] != other.tables["gradient_norms"])
        #expect(first.scalars["w1_start"] != other.scalars["w1_start"])
    }

    @Test("With Adam, whose steps do not shrink with the gradient, the generator moves even under the minimax cost")
    func adamMoves() throws {
        let sgd = try SaturatingGradients.run(quickSaturating { $0.dSteps = 1000; $0.ganSteps = 200 }, context: ExperimentContext(seed: 2))
        let adam = try SaturatingGradients.run(
            quickSaturating { $0.dSteps = 1000; $0.ganSteps = 200; $0.generatorOptimizer = .adam }, context: ExperimentContext(seed: 2))
        let sgdMove = abs(sgd.scalars["minimax_w1_end"]! - sgd.scalars["w1_start"]!)
        let adamMove = abs(adam.scalars["minimax_w1_end"]! - adam.scalars["w1_start"]!)
        #expect(sgdMove < 0.01 && adamMove > 0.1, "SGD moved \(sgdMove), Adam \(adamMove)")
    }

    @Test("A generator learning rate that makes the samples overflow is reported as divergence")
    func divergence() throws {
        let error = #expect(throws: ExperimentError.self) {
            try SaturatingGradients.run(quickSaturating { $0.generatorLearningRate = 1e30 }, context: ExperimentContext(seed: 1))
        }
        guard case .diverged(let step, let detail) = try #require(error) else {
            Issue.record("expected divergence, got \(String(describing: error))")
            return
        }
        #expect(step >= 1 && step <= 30)
        #expect(detail == "the minimax GAN's losses or gradients became infinite or NaN")
    }

    @Test("Values the kind cannot run with are refused at plan time")
    func rejections() {
        typealias Parameters = SaturatingGradients.Parameters
        #expect(
            rejection(["monte_carlo": 1e15], for: Parameters.self)
                == .invalid("monte_carlo", message: "must be a whole number from 1 to 100000, got 1000000000000000"))
        #expect(
            rejection(["d_steps": 0], for: Parameters.self) == .invalid("d_steps", message: "must be a whole number from 1 to 100000, got 0"))
        #expect(
            rejection(["generator_optimizer": "rmsprop"], for: Parameters.self)
                == .invalid("generator_optimizer", message: "must be one of sgd, adam, got rmsprop"))
        #expect(
            rejection(["discriminator_hidden": [1e15]], for: Parameters.self)
                == .invalid(
                    "discriminator_hidden",
                    message: "must be a list of whole numbers of 0 to 8 items, each from 1 to 1024, got [1000000000000000]"))
        #expect(
            rejection(["histogram": ["points": 20_000]], for: Parameters.self)
                == .invalid("histogram", message: "must be a mapping of from, to, points of at most 10001 points, got {points: 20000}"))
    }
}
