import Foundation
import MinimaxEngine
import MinimaxRunner
import Synchronization
import Testing

@testable import MinimaxExperiments

typealias DiscriminatorAndCritic = DiscriminatorAndCriticExperiment

/// Shorter runs than the lesson's, for tests: one μ where the Gaussians overlap, one far away.
func quickLearned(_ change: (inout DiscriminatorAndCritic.Parameters) -> Void = { _ in }) -> DiscriminatorAndCritic.Parameters {
    var parameters = DiscriminatorAndCritic.defaults
    parameters.mu = [1, 30]
    parameters.steps = 600
    parameters.monteCarlo = 4000
    change(&parameters)
    return parameters
}

/// Shared by the tests that only read it.
let quickLearnedRun = Result { try DiscriminatorAndCritic.run(quickLearned(), context: ExperimentContext(seed: 3)) }

@Suite("discriminator-and-critic")
struct DiscriminatorAndCriticTests {
    @Test("The tables: one block of functions per μ with the densities, D in (0, 1), the critic rescaled to [0, 1]")
    func tables() throws {
        let result = try quickLearnedRun.get()
        let functions = try #require(result.tables["learned_functions"])
        #expect(functions.columns == ["mu", "x", "p", "q", "discriminator", "critic"])
        #expect(functions.rows.count == 2 * 201)
        for mu in [1.0, 30] {
            let block = functions.rows.filter { $0[0] == mu }
            #expect(block.count == 201)
            #expect(block.first?[1] == min(0, mu) - 4 && block.last?[1] == max(0, mu) + 4)
            for row in block {
                #expect(abs(row[2] - GaussianMixture.gaussian(mean: 0, sd: 1).density(row[1])) < 1e-15)
                #expect(abs(row[3] - GaussianMixture.gaussian(mean: mu, sd: 1).density(row[1])) < 1e-15)
                #expect(row[4] > 0 && row[4] < 1)
            }
            let critic = block.map { $0[5] }
            #expect(critic.min() == 0 && critic.max() == 1)
            // Both networks rank the data's side above the generator's.
            #expect(block.first![4] > 0.9 && block.last![4] < 0.1)
            #expect(block.first![5] > block.last![5])
        }
        let gradients = try #require(result.tables["learned_gradients"])
        #expect(gradients.columns == ["mu", "gan_generator_grad", "wgan_generator_grad", "optimal_generator_grad", "critic_weights_at_clip"])
        #expect(gradients.column("mu") == [1, 30])
        // The gradient through D* is 2·dJSD/dμ of the divergences kind, and clipping shares are shares.
        for row in gradients.rows {
            let jsGrad = ShiftedGaussianDivergencesExperiment.Row(mu: row[0], data: .gaussian(mean: 0, sd: 1)).jsGrad
            #expect(row[3] == 2 * jsGrad)
            #expect(row[4] >= 0 && row[4] <= 1)
        }
    }

    @Test("Where the Gaussians overlap the trained discriminator passes on the gradient through D*, and clipping pins the critic")
    func envelopeAndClipping() throws {
        let result = try quickLearnedRun.get()
        let scalars = result.scalars
        let gradients = try #require(result.tables["learned_gradients"])
        // Only μ = 1 is within overlap_mu = 3: its relative distance to 2·dJSD/dμ.
        let near = gradients.rows[0]
        #expect(scalars["envelope_max_relative_error"] == abs(near[1] / near[3] - 1))
        #expect(scalars["envelope_max_relative_error"]! < 0.15)
        #expect(scalars["optimal_generator_grad_nearest"] == near[3])
        // 600 Adam steps at 10⁻³ carry most weights of size ~0.1 past c = 0.01.
        #expect(scalars["critic_weights_at_clip_least"]! > 0.9)
        #expect(scalars["critic_weights_at_clip_farthest"] == gradients.rows[1][4])
        #expect(scalars["critic_weights_at_clip_least"] == gradients.column("critic_weights_at_clip")!.min())
        // No μ within reach of the comparison: nothing to measure.
        let far = try DiscriminatorAndCritic.run(quickLearned { $0.mu = [30]; $0.steps = 20 }, context: ExperimentContext(seed: 3))
        #expect(far.scalars["envelope_max_relative_error"] == 0)
    }

    @Test("The share of parameters at ±clip counts exactly those")
    func shareAtClip() {
        let parameters = [Tensor<Double>(shape: [2, 2], scalars: [0.01, -0.01, 0.005, 0]), Tensor<Double>(shape: [2], scalars: [0.01, 0.0099])]
        #expect(DiscriminatorAndCritic.shareAtClip(parameters, limit: 0.01) == 0.5)
    }

    @Test("Far away the discriminator's gradient vanishes and the critic's does not")
    func vanishingGradient() throws {
        let scalars = try quickLearnedRun.get().scalars
        #expect(scalars["nearest_mu"] == 1 && scalars["farthest_mu"] == 30)
        // Both push q toward p where they are close.
        #expect(scalars["gan_generator_grad_nearest"]! > 0.1)
        #expect(scalars["wgan_generator_grad_nearest"]! > 0)
        #expect(scalars["discriminator_loss_farthest"]! < 0.01)
        #expect(scalars["gan_generator_grad_ratio"]! < 1e-2)
        #expect(scalars["wgan_generator_grad_ratio"]! > 0.1)
        #expect(scalars["gan_generator_grad_ratio"] == abs(scalars["gan_generator_grad_farthest"]! / scalars["gan_generator_grad_nearest"]!))
        #expect(scalars["wgan_generator_grad_ratio"] == abs(scalars["wgan_generator_grad_farthest"]! / scalars["wgan_generator_grad_nearest"]!))
    }

    @Test("The generator's gradient by autodiff equals central differences of its loss, across chunks")
    func generatorGradientByDifferences() throws {
        var random = RandomSource(seed: 11)
        // Smooth (tanh), so that central differences are accurate to h²: with LeakyReLU, the
        // samples within h of a kink would add an error of order h.
        let network = try Sequential<Double>(perceptron: [1, 16, 16, 1], activation: .tanh, random: &random)
        // 20,000 samples: more than one chunk of 16,384.
        let noise = (0..<20_000).map { _ in random.normal(Double.self) }
        let losses: [(Tensor<Double>) -> Tensor<Double>] = [
            { minimaxGeneratorLoss(fakeLogits: network($0)) }, { wassersteinGeneratorLoss(fakeScores: network($0)) },
        ]
        for loss in losses {
            for mu in [0.5, 4] {
                let gradient = DiscriminatorAndCritic.generatorGradient(noise: noise, mu: mu, loss: loss)
                let h = 1e-5
                let value = { (shift: Double) in
                    withoutGradients { loss(Tensor(shape: [noise.count, 1], scalars: noise.map { $0 + shift })).scalar }
                }
                let difference = (value(mu + h) - value(mu - h)) / (2 * h)
                // Rounding in the differences: about 10⁻¹⁶ of the loss over h, summed over samples.
                #expect(abs(gradient - difference) < 1e-9 + 1e-6 * abs(difference), "\(gradient) against \(difference)")
                #expect(abs(gradient) > 1e-5, "a vanishing gradient would test nothing")
            }
        }
    }

    @Test("Each μ's networks depend on the seed and μ alone, not on the rest of the list")
    func streamsPerShift() throws {
        let alone = try DiscriminatorAndCritic.run(quickLearned { $0.mu = [30] }, context: ExperimentContext(seed: 3))
        let listed = try quickLearnedRun.get()
        #expect(alone.tables["learned_gradients"]?.rows == listed.tables["learned_gradients"]?.rows.filter { $0[0] == 30 })
        #expect(alone.tables["learned_functions"]?.rows == listed.tables["learned_functions"]?.rows.filter { $0[0] == 30 })
    }

    @Test("The same seed gives the same result; another seed gives another")
    func determinism() throws {
        let parameters = quickLearned { $0.mu = [2]; $0.steps = 50 }
        let first = try DiscriminatorAndCritic.run(parameters, context: ExperimentContext(seed: 42))
        let second = try DiscriminatorAndCritic.run(parameters, context: ExperimentContext(seed: 42))
        let other = try DiscriminatorAndCritic.run(parameters, context: ExperimentContext(seed: 43))
        #expect(first == second)
        #expect(first.tables["learned_gradients"] != other.tables["learned_gradients"])
    }

    @Test("Progress counts every update of both networks for every μ, ending at the total")
    func progress() throws {
        let calls = Mutex<[(Int, Int)]>([])
        let context = ExperimentContext(seed: 1) { step, total, values in
            #expect(values.first.map { $0.1.isFinite } == true)
            calls.withLock { $0.append((step, total)) }
        }
        _ = try DiscriminatorAndCritic.run(quickLearned { $0.steps = 100 }, context: context)
        let recorded = calls.withLock { $0 }
        #expect(recorded.count == 100)
        #expect(recorded.last! == (400, 400))
        #expect(zip(recorded, recorded.dropFirst()).allSatisfy { $0.0 < $1.0 })
    }

    @Test("A discriminator whose loss overflows is reported as divergence, with its μ")
    func divergence() throws {
        let error = #expect(throws: ExperimentError.self) {
            try DiscriminatorAndCritic.run(quickLearned { $0.discriminatorLearningRate = 1e300 }, context: ExperimentContext(seed: 1))
        }
        guard case .diverged(let step, let detail) = try #require(error) else {
            Issue.record("expected divergence, got \(String(describing: error))")
            return
        }
        #expect(step > 1 && step < 600)
        let lead = "the discriminator's loss became "
        #expect(detail.hasPrefix(lead) && detail.hasSuffix(" at μ = 1"), "\(detail)")
    }

    @Test("Bounds keep memory and time bounded", arguments: learnedRejections)
    func rejects(overrides: ParameterValue, error: ParameterError) {
        #expect(rejection(overrides, for: DiscriminatorAndCritic.Parameters.self) == error)
    }
}

let learnedRejections: [(ParameterValue, ParameterError)] = [
    (["mu": []], .invalid("mu", message: "must be a list of numbers of 1 to 8 items, each from -50 to 50, got []")),
    (["mu": [1, 1e15]], .invalid("mu", message: "must be a list of numbers of 1 to 8 items, each from -50 to 50, got [1, 1000000000000000]")),
    (["hidden": [32, 1e15]], .invalid("hidden", message: "must be a list of whole numbers of 0 to 4 items, each from 1 to 256, got [32, 1000000000000000]")),
    (["steps": 1e15], .invalid("steps", message: "must be a whole number from 1 to 100000, got 1000000000000000")),
    (["batch": 1e15], .invalid("batch", message: "must be a whole number from 1 to 4096, got 1000000000000000")),
    (["clip": 0], .invalid("clip", message: "must be a number above 0 and at most 10, got 0")),
    (["critic_learning_rate": .number(.nan)], .invalid("critic_learning_rate", message: "must be a number above 0 and at most 10, got nan")),
    (["monte_carlo": 1e15], .invalid("monte_carlo", message: "must be a whole number from 1 to 1000000, got 1000000000000000")),
    (["margin": -1], .invalid("margin", message: "must be a number above 0 and at most 100, got -1")),
    (["points": 1e15], .invalid("points", message: "must be a whole number from 2 to 10001, got 1000000000000000")),
]
