import Foundation
import MinimaxExperiments
import MinimaxRunner
import Synchronization
import Testing

typealias OptimalDiscriminator = OptimalDiscriminatorExperiment

/// The run with every default, done once (it trains for 2000 steps) and shared by the tests.
let defaultRun = Result { try OptimalDiscriminator.run(OptimalDiscriminator.defaults, context: ExperimentContext(seed: 1)) }

/// The defaults with a shorter training and evaluation, for the tests that run several times.
func quickParameters(_ change: (inout OptimalDiscriminator.Parameters) -> Void = { _ in }) -> OptimalDiscriminator.Parameters {
    var parameters = OptimalDiscriminator.defaults
    parameters.steps = 300
    parameters.monteCarlo = 5000
    change(&parameters)
    return parameters
}

@Suite("optimal-discriminator")
struct OptimalDiscriminatorTests {
    @Test("With defaults, the tables have exactly the documented columns and rows")
    func tables() throws {
        let result = try defaultRun.get()
        let discriminator = try #require(result.tables["discriminator"])
        #expect(discriminator.columns == ["x", "p_data", "p_g", "d_star", "d_learned"])
        #expect(discriminator.rows.count == 201)
        #expect(discriminator.column("x")?.first == -5 && discriminator.column("x")?.last == 5)
        for row in discriminator.rows {
            let (x, pData, pG, dStar, dLearned) = (row[0], row[1], row[2], row[3], row[4])
            #expect(abs(pData - twoModes.density(x)) < 1e-15)
            #expect(abs(pG - GaussianMixture.gaussian(mean: 0, sd: 1).density(x)) < 1e-15)
            #expect(abs(dStar - pData / (pData + pG)) < 1e-12)
            #expect(dLearned > 0 && dLearned < 1)
        }
        let training = try #require(result.tables["training"])
        #expect(training.columns == ["step", "loss", "value", "v_star"])
        // Step 1, then every 20 steps up to 2000.
        #expect(training.column("step") == [1] + stride(from: 20, through: 2000, by: 20).map(Double.init))
        for row in training.rows {
            #expect(row[2] == -row[1])
            #expect(row[3] == result.scalars["v_star"])
        }
        #expect(Set(result.tables.keys) == ["discriminator", "training"])
    }

    @Test("With defaults, the trained D is close to D* and its value close to, not above, V(G, D*)")
    func learnsTheOptimum() throws {
        let scalars = try defaultRun.get().scalars
        let jsd = try #require(scalars["jsd"])
        let vStar = try #require(scalars["v_star"])
        #expect(jsd > 0.3 && jsd < Foundation.log(2.0))
        #expect(abs(vStar - (2 * jsd - Foundation.log(4.0))) < 1e-15)
        #expect(abs(vStar - scalars["v_star_quadrature"]!) < 1e-9)
        // D is a 32×32 network trained on samples: a few hundredths from D* where the data live.
        #expect(scalars["max_error"]! < 0.1)
        #expect(scalars["mean_error"]! < 0.03)
        // The exact value of the trained D cannot exceed the maximum V(G, D*) (Prop. 1)...
        let learnedExact = try #require(scalars["v_learned_quadrature"])
        #expect(learnedExact <= vStar + 1e-9)
        #expect(learnedExact > vStar - 0.02)
        // ...and the Monte Carlo estimate (standard error ≈ 0.002 on 10⁵ samples) agrees with it.
        let learned = try #require(scalars["v_learned"])
        #expect(abs(learned - learnedExact) < 0.01)
        #expect(learned <= vStar + 0.01)
        // The last losses estimate −V(G, D) of a nearly optimal D.
        #expect(abs(scalars["final_loss"]! + vStar) < 0.03)
        // Batch estimates scatter around their expectation, which V(G, D*) bounds: some land above it.
        #expect(scalars["batches_above_v_star"]! > 0.05 && scalars["batches_above_v_star"]! < 0.6)
        // Training raised the value from chance (D ≡ ½ scores −log 4).
        let values = try #require(defaultRun.get().tables["training"]?.column("value"))
        #expect(values.first! < -1.2 && values.suffix(10).reduce(0, +) / 10 > vStar - 0.05)
    }

    @Test("When p_g = p_data: JSD = 0, V(G, D*) = −log 4, D* ≡ ½ and the trained D stays near ½")
    func generatorEqualsData() throws {
        let result = try OptimalDiscriminator.run(
            quickParameters { $0.pG = $0.pData }, context: ExperimentContext(seed: 5))
        #expect(abs(result.scalars["jsd"]!) < 1e-14)
        #expect(abs(result.scalars["v_star"]! + Foundation.log(4.0)) < 1e-12)
        #expect(abs(result.scalars["v_star_quadrature"]! + Foundation.log(4.0)) < 1e-12)
        let table = try #require(result.tables["discriminator"])
        #expect(table.column("d_star")!.allSatisfy { $0 == 0.5 })
        // Nothing tells real from fake, so D can only learn the noise of its batches.
        #expect(result.scalars["max_error"]! < 0.1)
        #expect(result.scalars["mean_error"]! < 0.05)
    }

    @Test("The same seed gives the same result; another seed gives another")
    func determinism() throws {
        let parameters = quickParameters { $0.steps = 100 }
        let first = try OptimalDiscriminator.run(parameters, context: ExperimentContext(seed: 42))
        let second = try OptimalDiscriminator.run(parameters, context: ExperimentContext(seed: 42))
        let other = try OptimalDiscriminator.run(parameters, context: ExperimentContext(seed: 43))
        #expect(first == second)
        #expect(first != other)
        #expect(first.tables["discriminator"]?.column("d_learned") != other.tables["discriminator"]?.column("d_learned"))
        // The exact side does not depend on the seed.
        #expect(first.scalars["jsd"] == other.scalars["jsd"])
    }

    @Test("Progress is reported during training, ending at the last step")
    func progress() throws {
        let calls = Mutex<[(Int, Int)]>([])
        let context = ExperimentContext(seed: 1) { step, total, values in
            #expect(values.first?.0 == "loss" && values.first!.1.isFinite)
            calls.withLock { $0.append((step, total)) }
        }
        _ = try OptimalDiscriminator.run(quickParameters { $0.steps = 50 }, context: context)
        let recorded = calls.withLock { $0 }
        #expect(recorded.count == 50)
        #expect(recorded.last! == (50, 50))
    }

    @Test("A learning rate so large that the logits overflow is reported as divergence")
    func divergence() throws {
        let error = #expect(throws: ExperimentError.self) {
            try OptimalDiscriminator.run(quickParameters { $0.learningRate = 1e30 }, context: ExperimentContext(seed: 1))
        }
        guard case .diverged(let step, let detail) = try #require(error) else {
            Issue.record("expected divergence, got \(String(describing: error))")
            return
        }
        // The step and the value (inf, nan or −nan) depend on the BLAS kernels' rounding.
        #expect(step > 1 && step < 300)
        let lead = "the discriminator's loss became "
        #expect(detail.hasPrefix(lead) && Double(detail.dropFirst(lead.count))?.isFinite == false, "\(detail)")
    }
}
