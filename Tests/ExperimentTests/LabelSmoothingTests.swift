import Foundation
import MinimaxEngine
import MinimaxRunner
import Synchronization
import Testing

@testable import MinimaxExperiments

typealias LabelSmoothing = LabelSmoothingExperiment

/// The run with every default (two discriminators of 2000 updates), shared.
let labelSmoothingDefaultRun = Result { try LabelSmoothing.run(LabelSmoothing.defaults, context: ExperimentContext(seed: 1)) }

/// The maximiser of y ↦ a·log y + b·log(1 − y) on (0, 1), found by golden-section search without
/// using the closed form a/(a + b): the function is concave, so the search converges to it.
func maximiseBinaryObjective(a: Double, b: Double) -> Double {
    func f(_ y: Double) -> Double { a * Foundation.log(y) + b * Foundation.log1p(-y) }
    let ratio = (5.0.squareRoot() - 1) / 2
    var (low, high) = (1e-15, 1 - 1e-15)
    for _ in 0..<200 {
        let left = high - ratio * (high - low)
        let right = low + ratio * (high - low)
        if f(left) < f(right) { low = left } else { high = right }
    }
    return (low + high) / 2
}

@Suite("label-smoothing")
struct LabelSmoothingTests {
    let pG = GaussianMixture.gaussian(mean: 0, sd: 1)

    @Test("The closed form (α·p + β·q)/(p + q) is the maximiser of the pointwise objective, found numerically")
    func closedFormMaximises() {
        for (alpha, beta) in [(1.0, 0.0), (0.9, 0.0), (0.9, 0.1), (0.7, 0.3)] {
            for x in [-4.0, -2, -1, 0, 0.5, 1.3, 3] {
                let (p, q) = (twoModes.density(x), pG.density(x))
                // α·p log D + (1 − α)·p log(1 − D) + β·q log D + (1 − β)·q log(1 − D), grouped.
                let numerical = maximiseBinaryObjective(a: alpha * p + beta * q, b: (1 - alpha) * p + (1 - beta) * q)
                let closed = (alpha * p + beta * q) / (p + q)
                #expect(abs(numerical - closed) < 1e-7, "α = \(alpha), β = \(beta), x = \(x)")
                let logit = smoothedOptimumLogit(data: twoModes, generator: pG, realTarget: alpha, fakeTarget: beta, at: x)
                #expect(abs(1 / (1 + Foundation.exp(-logit)) - closed) < 1e-12, "α = \(alpha), β = \(beta), x = \(x)")
            }
        }
    }

    @Test("Integrated over x, the closed form beats every perturbation of it; with α = 1, β = 0 the objective is V(G, D)")
    func closedFormMaximisesTheIntegral() {
        let rule = SimpsonRule.covering(twoModes, pG)
        for (alpha, beta) in [(0.9, 0.0), (0.9, 0.1)] {
            let logits = rule.nodes.map { smoothedOptimumLogit(data: twoModes, generator: pG, realTarget: alpha, fakeTarget: beta, at: $0) }
            let best = smoothedValue(data: twoModes, generator: pG, realTarget: alpha, fakeTarget: beta, logits: logits, rule: rule)
            let perturbations: [(Double) -> Double] = [{ _ in 1 }, { Foundation.sin($0) }, { $0 }]
            for perturbation in perturbations {
                for epsilon in [-0.1, -0.01, 0.01, 0.1] {
                    let moved = zip(rule.nodes, logits).map { $1 + epsilon * perturbation($0) }
                    #expect(smoothedValue(data: twoModes, generator: pG, realTarget: alpha, fakeTarget: beta, logits: moved, rule: rule) < best)
                }
            }
        }
        let logits = rule.nodes.map { smoothedOptimumLogit(data: twoModes, generator: pG, realTarget: 1, fakeTarget: 0, at: $0) }
        let unsmoothed = smoothedValue(data: twoModes, generator: pG, realTarget: 1, fakeTarget: 0, logits: logits, rule: rule)
        #expect(abs(unsmoothed - valueAtOptimalDiscriminator(data: twoModes, generator: pG)) < 1e-12)
    }

    @Test("Where p_data is 0 and p_g is not, the two-sided optimum is exactly β and the one-sided one exactly 0")
    func whereThereIsNoData() {
        // A data distribution so narrow that its density at x = 1 underflows to 0 in Double.
        let narrow = GaussianMixture.gaussian(mean: 0, sd: 0.001)
        #expect(narrow.density(1) == 0 && pG.density(1) > 0)
        let dStar = optimalDiscriminator(data: narrow, generator: pG, at: 1)
        #expect(LabelSmoothing.Targets(real: 0.9, fake: 0.1).optimum(dStar: dStar) == 0.1)
        #expect(LabelSmoothing.Targets(real: 0.9, fake: 0).optimum(dStar: dStar) == 0)
        // And where only the data has mass, both are α.
        let far = GaussianMixture.gaussian(mean: 50, sd: 1)
        #expect(LabelSmoothing.Targets(real: 0.9, fake: 0.1).optimum(dStar: optimalDiscriminator(data: far, generator: pG, at: 50)) == 0.9)
    }

    @Test("The push ∂ₓ log D of each closed form matches central differences of log((α·p + β·q)/(p + q))")
    func pushClosedForm() {
        for (alpha, beta) in [(0.9, 0.0), (0.9, 0.1), (1.0, 0.0)] {
            let targets = LabelSmoothing.Targets(real: alpha, fake: beta)
            func logD(_ x: Double) -> Double {
                Foundation.log((alpha * twoModes.density(x) + beta * pG.density(x)) / (twoModes.density(x) + pG.density(x)))
            }
            for x in [-3.0, -1.7, -0.4, 0.5, 1, 2.2] {
                let push = targets.push(
                    dStar: optimalDiscriminator(data: twoModes, generator: pG, at: x), scoreDifference: twoModes.score(x) - pG.score(x))
                let h = 1e-5
                #expect(abs(push - (logD(x + h) - logD(x - h)) / (2 * h)) < 1e-6 * max(1, abs(push)), "α = \(alpha), β = \(beta), x = \(x)")
            }
        }
        // The score itself, against differences of the log density.
        for x in [-5.0, -2, 0, 0.3, 4] {
            let h = 1e-5
            #expect(abs(twoModes.score(x) - (twoModes.logDensity(x + h) - twoModes.logDensity(x - h)) / (2 * h)) < 1e-5)
        }
    }

    @Test("The push of a network, by autodiff through its input, matches central differences")
    func pushByAutodiff() throws {
        var random = RandomSource(seed: 11)
        // tanh, so that the network is smooth and central differences converge.
        let network = try Sequential<Float>(perceptron: [1, 8, 8, 1], activation: .tanh, random: &random)
        let xs = [-2.0, -0.5, 0.7, 1.9]
        let pushes = LabelSmoothing.inputGradientOfLogD(network, at: xs)
        for (x, push) in zip(xs, pushes) {
            let h = 1e-2
            let values = logits(of: network, at: [x - h, x + h]).map(logSigmoid)
            #expect(abs(push - (values[1] - values[0]) / (2 * h)) < 1e-3, "x = \(x)")
        }
    }

    @Test("With defaults, the tables have the documented columns and the closed forms their formulas")
    func tables() throws {
        let result = try labelSmoothingDefaultRun.get()
        let table = try #require(result.tables["smoothing"])
        #expect(table.columns == ["x", "d_star", "d_one_sided", "d_one_sided_closed", "d_two_sided", "d_two_sided_closed"])
        #expect(table.rows.count == 201)
        for row in table.rows {
            let (p, q) = (twoModes.density(row[0]), pG.density(row[0]))
            #expect(abs(row[1] - p / (p + q)) < 1e-12)
            #expect(abs(row[3] - 0.9 * p / (p + q)) < 1e-12)
            #expect(abs(row[5] - (0.9 * p + 0.1 * q) / (p + q)) < 1e-12)
            #expect(row[2] > 0 && row[2] < 1 && row[4] > 0 && row[4] < 1)
        }
        let push = try #require(result.tables["push"])
        #expect(push.columns == ["x", "push_one_sided", "push_two_sided", "push_one_sided_trained", "push_two_sided_trained"])
        #expect(Set(result.tables.keys) == ["smoothing", "push"])
    }

    @Test("With defaults, each trained discriminator is close to its closed form and never beats it")
    func trainedMatchesClosedForm() throws {
        let scalars = try labelSmoothingDefaultRun.get().scalars
        #expect(scalars["one_sided_max_error"]! < 0.1)
        #expect(scalars["two_sided_max_error"]! < 0.1)
        for side in ["one_sided", "two_sided"] {
            let closed = scalars["v_\(side)_closed"]!
            let trained = scalars["v_\(side)_trained"]!
            #expect(trained <= closed && trained > closed - 0.02, "\(side)")
        }
    }

    @Test("Between the modes the two-sided optimum stays near β and weakens the pull toward the data; one-sided leaves it unchanged")
    func probe() throws {
        let scalars = try labelSmoothingDefaultRun.get().scalars
        let dStar = try #require(scalars["d_star_at_probe"])
        #expect(dStar < 0.02)
        #expect(abs(scalars["one_sided_closed_at_probe"]! - 0.9 * dStar) < 1e-15)
        #expect(abs(scalars["two_sided_closed_at_probe"]! - (0.1 + 0.8 * dStar)) < 1e-15)
        #expect(abs(scalars["two_sided_at_probe"]! - scalars["two_sided_closed_at_probe"]!) < 0.03)
        #expect(scalars["push_two_sided_at_probe"]! < 0.2 * scalars["push_one_sided_at_probe"]!)
        #expect(scalars["push_one_sided_at_probe"]! > 1)
        #expect(scalars["one_sided_push_change"]! < 1e-12)
    }

    @Test("The trained pushes at the two probes are the push table's, and the one-sided D's largest value is the smoothing table's")
    func trainedPushes() throws {
        let result = try labelSmoothingDefaultRun.get()
        let scalars = result.scalars
        let push = try #require(result.tables["push"])
        // Both probes (0.5 and 1) are grid points: the same autodiff, the same numbers.
        for (x, suffix) in [(0.5, "probe"), (1.0, "near_probe")] {
            let row = try #require(push.rows.first { abs($0[0] - x) < 1e-12 })
            #expect(abs(scalars["push_one_sided_trained_at_\(suffix)"]! - row[3]) < 1e-5 * max(1, abs(row[3])), "\(suffix)")
            #expect(abs(scalars["push_two_sided_trained_at_\(suffix)"]! - row[4]) < 1e-5 * max(1, abs(row[4])), "\(suffix)")
        }
        let nearRow = try #require(push.rows.first { abs($0[0] - 1) < 1e-12 })
        #expect(abs(scalars["push_one_sided_at_near_probe"]! - nearRow[1]) < 1e-12)
        #expect(abs(scalars["push_two_sided_at_near_probe"]! - nearRow[2]) < 1e-12)
        let smoothing = try #require(result.tables["smoothing"])
        #expect(scalars["one_sided_max_d"] == smoothing.column("d_one_sided")!.max())
        #expect(smoothing.rows.first { $0[0] == scalars["x_at_one_sided_max_d"] }?[2] == scalars["one_sided_max_d"])
    }

    @Test("The same seed gives the same result; another seed gives another")
    func determinism() throws {
        var parameters = LabelSmoothing.defaults
        parameters.steps = 50
        let first = try LabelSmoothing.run(parameters, context: ExperimentContext(seed: 4))
        #expect(first == (try LabelSmoothing.run(parameters, context: ExperimentContext(seed: 4))))
        let other = try LabelSmoothing.run(parameters, context: ExperimentContext(seed: 5))
        #expect(first.tables["smoothing"]?.column("d_one_sided") != other.tables["smoothing"]?.column("d_one_sided"))
        #expect(first.tables["smoothing"]?.column("d_two_sided_closed") == other.tables["smoothing"]?.column("d_two_sided_closed"))
    }

    @Test("Progress covers both trainings, ending at the last step")
    func progress() throws {
        var parameters = LabelSmoothing.defaults
        parameters.steps = 30
        let calls = Mutex<[(Int, Int)]>([])
        _ = try LabelSmoothing.run(parameters, context: ExperimentContext(seed: 1) { step, total, _ in calls.withLock { $0.append((step, total)) } })
        let recorded = calls.withLock { $0 }
        #expect(recorded.count == 60 && recorded.last! == (60, 60))
    }

    @Test("Targets that are not smoothing, and sizes that do not fit, are refused at plan time")
    func rejections() {
        typealias Parameters = LabelSmoothing.Parameters
        #expect(
            rejection(["real_target": 0.5, "fake_target": 0.5], for: Parameters.self)
                == .invalid("fake_target", message: "must be below real_target = 0.5, got 0.5"))
        #expect(rejection(["real_target": 1.5], for: Parameters.self) == .invalid("real_target", message: "must be a number from 0.5 to 1, got 1.5"))
        #expect(rejection(["fake_target": -0.1], for: Parameters.self) == .invalid("fake_target", message: "must be a number from 0 to 0.5, got -0.1"))
        #expect(
            rejection(["grid": ["points": 50_000]], for: Parameters.self)
                == .invalid("grid", message: "must be a mapping of from, to, points of at most 20001 points, got {points: 50000}"))
        #expect(rejection(["steps": 1e15], for: Parameters.self) == .invalid("steps", message: "must be a whole number from 1 to 1000000, got 1000000000000000"))
    }
}

@Suite("label-smoothing-gan")
struct LabelSmoothingGANTests {
    static let run = Result {
        try LabelSmoothingGANExperiment.run(LabelSmoothingGANExperiment.defaults, context: ExperimentContext(seed: 1))
    }

    @Test("With defaults, the table has the documented columns and a row every 20 steps")
    func table() throws {
        let result = try Self.run.get()
        let table = try #require(result.tables["confidence"])
        #expect(table.columns == [
            "step", "no_smoothing_max_logit", "one_sided_max_logit", "no_smoothing_confident_logit_grad", "one_sided_confident_logit_grad",
            "no_smoothing_grad_norm", "one_sided_grad_norm", "no_smoothing_w1", "one_sided_w1",
        ])
        #expect(table.column("step") == stride(from: 20, through: 2000, by: 20).map(Double.init))
        #expect(table.rows.allSatisfy { $0.allSatisfy(\.isFinite) && $0[5] > 0 && $0[6] > 0 })
        #expect(result.scalars["no_smoothing_peak_logit"] == table.column("no_smoothing_max_logit")!.max())
        #expect(abs(result.scalars["smoothed_real_logit"]! - Foundation.log(9)) < 1e-15)
        #expect(result.scalars["one_sided_w1_end"] == table.rows.last?[8])
        // D's own gradient on its most confident real sample is σ(ℓ) − target (Float rounding).
        for row in table.rows {
            #expect(abs(row[3] - (sigmoid(row[1]) - 1)) < 1e-6)
            #expect(abs(row[4] - (sigmoid(row[2]) - 0.9)) < 1e-6)
        }
        let w1 = table.column("one_sided_w1")!
        #expect(result.scalars["one_sided_one_mode_steps"] == Double(w1.count { $0 > 1 } * 20))
    }

    @Test("Smoothing keeps D less confident on real samples, and both GANs still reach the data")
    func confidence() throws {
        let scalars = try Self.run.get().scalars
        #expect(scalars["no_smoothing_peak_logit"]! > 1.2 * scalars["one_sided_peak_logit"]!)
        // At its most confident, the unsmoothed D still asks for more confidence, with a gradient
        // that has all but vanished; the smoothed one asks for less, by up to 1 − α.
        #expect(scalars["no_smoothing_grad_at_peak_logit"]! <= 0 && scalars["no_smoothing_grad_at_peak_logit"]! > -1e-3)
        #expect(scalars["one_sided_grad_at_peak_logit"]! > 0.05 && scalars["one_sided_grad_at_peak_logit"]! < 0.1)
        #expect(scalars["no_smoothing_w1_end"]! < 0.6 && scalars["one_sided_w1_end"]! < 0.6)
    }

    @Test("The same seed gives the same result; another seed gives another")
    func determinism() throws {
        var parameters = LabelSmoothingGANExperiment.defaults
        parameters.steps = 40
        let first = try LabelSmoothingGANExperiment.run(parameters, context: ExperimentContext(seed: 3))
        #expect(first == (try LabelSmoothingGANExperiment.run(parameters, context: ExperimentContext(seed: 3))))
        #expect(first != (try LabelSmoothingGANExperiment.run(parameters, context: ExperimentContext(seed: 4))))
    }

    @Test("A real target of 1 is no smoothing, and is refused")
    func rejections() {
        typealias Parameters = LabelSmoothingGANExperiment.Parameters
        #expect(rejection(["real_target": 1], for: Parameters.self) == .invalid("real_target", message: "must be a number from 0.5 and below 1, got 1"))
        #expect(rejection(["evaluation_batch": 0], for: Parameters.self) == .invalid("evaluation_batch", message: "must be a whole number from 1 to 16384, got 0"))
    }
}
