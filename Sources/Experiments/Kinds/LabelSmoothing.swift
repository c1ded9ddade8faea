import Foundation
import MinimaxEngine
import MinimaxRunner

/// `label-smoothing`: the discriminator trained with smoothed targets, against its closed form
/// (Salimans et al. 2016, §3.4; Goodfellow 2016, §4.2).
///
/// With target α on real samples and β on generated ones, D maximises pointwise
/// p_data·(α log D + (1 − α) log(1 − D)) + p_g·(β log D + (1 − β) log(1 − D)), a concave
/// function of D maximised at
///
///     D_{α,β}(x) = (α·p_data(x) + β·p_g(x)) / (p_data(x) + p_g(x)) = β + (α − β)·D*(x).
///
/// One-sided smoothing (β = 0) only scales D* by α. Two-sided smoothing (β > 0) lifts D to β
/// where p_data ≈ 0 < p_g: there D is flat, and a generator ascending log D feels no pull toward
/// the data. The experiment trains one discriminator of each kind against a fixed generator, as
/// `optimal-discriminator` does, and measures that pull, ∂ₓ log D(x), from the closed forms and
/// from the trained networks by autodiff through their input.
public enum LabelSmoothingExperiment: ExperimentKind {
    /// What each parameter means, and the values it accepts: `fields`, below.
    public struct Parameters: Sendable, Equatable {
        public var pData: GaussianMixture
        public var pG: GaussianMixture
        public var grid: UniformGrid
        public var hidden: [Int]
        public var steps: Int
        public var batch: Int
        public var learningRate: Double
        /// α: the target for real samples, in both smoothed discriminators.
        public var realTarget: Double
        /// β: the target for generated samples in the two-sided one (the one-sided one uses 0).
        public var fakeTarget: Double
        public var probe: Double
        /// A point nearer the data, where both distributions have mass.
        public var nearProbe: Double
        public var supportThreshold: Double
    }

    public static let name = "label-smoothing"

    public static let summary =
        "Trains discriminators with one-sided (α, 0) and two-sided (α, β) smoothed targets and compares them with (α·p_data + β·p_g)/(p_data + p_g)."

    public static let version = 2

    public static let results: [ResultDeclaration] = [
        .table(
            "smoothing", "The optimal, the smoothed closed-form and the trained smoothed discriminators on the grid.",
            columns: [
                "x": "The grid point.",
                "d_star": "D*(x) = p_data/(p_data + p_g): the optimum without smoothing.",
                "d_one_sided": "D(x) trained with targets α on real samples and 0 on generated ones.",
                "d_one_sided_closed": "Its optimum α·p_data/(p_data + p_g) = α·D*(x).",
                "d_two_sided": "D(x) trained with targets α on real samples and β on generated ones.",
                "d_two_sided_closed": "Its optimum (α·p_data + β·p_g)/(p_data + p_g) = β + (α − β)·D*(x).",
            ], .trained(relative: 0.2, absolute: 0.05)),
        .table(
            "push", "∂ₓ log D(x): how a generator sample at x that ascends log D is pushed (toward larger x if positive).",
            columns: [
                "x": "The grid point.",
                "push_one_sided": "∂ₓ log D(x) of the one-sided closed form (the same as without smoothing).",
                "push_two_sided": "∂ₓ log D(x) of the two-sided closed form.",
                "push_one_sided_trained": "∂ₓ log D(x) of the trained one-sided discriminator, by autodiff through its input.",
                "push_two_sided_trained": "∂ₓ log D(x) of the trained two-sided discriminator, by autodiff through its input.",
            ], .trained(relative: 1, absolute: 2)),
        .scalar("one_sided_max_error", "The largest |D(x) − α·D*(x)| of the one-sided discriminator where p_data + p_g > support_threshold.", .trained(relative: 0.2, absolute: 0.05)),
        .scalar(
            "two_sided_max_error",
            "The largest |D(x) − (β + (α − β)·D*(x))| of the two-sided discriminator where p_data + p_g > support_threshold.", .trained(relative: 0.2, absolute: 0.05)),
        .scalar("v_one_sided_closed", "The one-sided objective at its closed-form optimum, by quadrature: the most any D can reach."),
        .scalar("v_one_sided_trained", "The one-sided objective of the trained discriminator, by quadrature.", .trained(relative: 0.2, absolute: 0.05)),
        .scalar("v_two_sided_closed", "The two-sided objective at its closed-form optimum, by quadrature."),
        .scalar("v_two_sided_trained", "The two-sided objective of the trained discriminator, by quadrature.", .trained(relative: 0.2, absolute: 0.05)),
        .scalar("p_data_at_probe", "p_data at x = probe, where the generator has mass and the data almost none."),
        .scalar("p_g_at_probe", "p_g at x = probe."),
        .scalar("d_star_at_probe", "D*(probe), without smoothing."),
        .scalar("one_sided_closed_at_probe", "The one-sided optimum at the probe, α·D*: near 0."),
        .scalar("two_sided_closed_at_probe", "The two-sided optimum at the probe, β + (α − β)·D*: near β."),
        .scalar("one_sided_at_probe", "The trained one-sided D at the probe.", .trained(relative: 0.2, absolute: 0.05)),
        .scalar("two_sided_at_probe", "The trained two-sided D at the probe.", .trained(relative: 0.2, absolute: 0.05)),
        .scalar("push_one_sided_at_probe", "∂ₓ log D of the one-sided optimum at the probe: the pull toward the data there."),
        .scalar("push_two_sided_at_probe", "∂ₓ log D of the two-sided optimum at the probe."),
        .scalar(
            "push_one_sided_trained_at_probe", "∂ₓ log D of the trained one-sided discriminator at the probe, by autodiff through its input.",
            .trained(relative: 1, absolute: 2)),
        .scalar("push_two_sided_trained_at_probe", "∂ₓ log D of the trained two-sided discriminator at the probe.", .trained(relative: 1, absolute: 2)),
        .scalar("push_one_sided_at_near_probe", "∂ₓ log D of the one-sided optimum at near_probe, where the data have mass too."),
        .scalar("push_two_sided_at_near_probe", "∂ₓ log D of the two-sided optimum at near_probe."),
        .scalar(
            "push_one_sided_trained_at_near_probe", "∂ₓ log D of the trained one-sided discriminator at near_probe.",
            .trained(relative: 1, absolute: 2)),
        .scalar(
            "push_two_sided_trained_at_near_probe", "∂ₓ log D of the trained two-sided discriminator at near_probe.",
            .trained(relative: 1, absolute: 2)),
        .scalar(
            "one_sided_max_d", "The largest value of the trained one-sided D on the grid: how confident it grows, wherever that is.",
            .trained(relative: 0.2, absolute: 0.05)),
        .scalar("x_at_one_sided_max_d", "The grid point where the trained one-sided D is largest.", .trained(relative: 1, absolute: 10)),
        .scalar(
            "one_sided_push_change",
            "The largest |∂ₓ log(α·D*) − ∂ₓ log D*| on the grid: 0 up to rounding, since log α is a constant."),
    ]

    /// A discriminator's targets: α on real samples, β on generated ones.
    struct Targets {
        let real: Double
        let fake: Double

        /// The pointwise optimum β + (α − β)·D*, written from D* so that it stays exact where
        /// both densities underflow.
        func optimum(dStar: Double) -> Double {
            fake + (real - fake) * dStar
        }

        /// ∂ₓ log D of the optimum: (α − β)·D*′/D with D*′ = D*(1 − D*)·(∂ₓ log p_data − ∂ₓ log p_g).
        func push(dStar: Double, scoreDifference: Double) -> Double {
            (real - fake) * dStar * (1 - dStar) * scoreDifference / optimum(dStar: dStar)
        }
    }

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        let pData = parameters.pData
        let pG = parameters.pG
        let xs = parameters.grid.values
        let oneSided = Targets(real: parameters.realTarget, fake: 0)
        let twoSided = Targets(real: parameters.realTarget, fake: parameters.fakeTarget)
        let unsmoothed = Targets(real: 1, fake: 0)

        // The exact side.
        func dStar(_ x: Double) -> Double { optimalDiscriminator(data: pData, generator: pG, at: x) }
        func scoreDifference(_ x: Double) -> Double { pData.score(x) - pG.score(x) }
        let dStars = xs.map(dStar)
        let scores = xs.map(scoreDifference)
        let pushes = [oneSided, twoSided, unsmoothed].map { targets in
            zip(dStars, scores).map { targets.push(dStar: $0, scoreDifference: $1) }
        }

        // The learned side: both discriminators start from the same weights and see the same
        // batches (copies of the same streams), so that they differ only by their targets.
        var random = RandomSource(seed: context.seed)
        let initialisation = random.split()
        let realStream = random.split()
        let fakeStream = random.split()
        var trained: [Sequential<Float>] = []
        for (index, targets) in [oneSided, twoSided].enumerated() {
            var (initialise, real, fake) = (initialisation, realStream, fakeStream)
            let discriminator = try Sequential<Float>(
                perceptron: [1] + parameters.hidden + [1], activation: .leakyReLU(slope: 0.2), random: &initialise)
            try train(
                discriminator, targets: targets, parameters, real: &real, fake: &fake,
                context: context, progressOffset: index * parameters.steps)
            trained.append(discriminator)
        }
        let learned = trained.map { logits(of: $0, at: xs).map(sigmoid) }
        let learnedPush = trained.map { inputGradientOfLogD($0, at: xs) }

        // Not empty: the plan checked that some grid point is in the support.
        let support = xs.indices.filter { pData.density(xs[$0]) + pG.density(xs[$0]) > parameters.supportThreshold }
        func maxError(_ learned: [Double], _ targets: Targets) -> Double {
            support.map { abs(learned[$0] - targets.optimum(dStar: dStars[$0])) }.max() ?? 0
        }

        // The smoothed objective by quadrature, at the closed form and at the trained networks.
        let rule = SimpsonRule.covering(pData, pG)
        func value(_ targets: Targets, logits: [Double]) -> Double {
            smoothedValue(data: pData, generator: pG, realTarget: targets.real, fakeTarget: targets.fake, logits: logits, rule: rule)
        }
        func closedLogits(_ targets: Targets) -> [Double] {
            rule.nodes.map { x in
                smoothedOptimumLogit(data: pData, generator: pG, realTarget: targets.real, fakeTarget: targets.fake, at: x)
            }
        }

        let probe = parameters.probe
        let dStarProbe = dStar(probe)
        let probeLogits = trained.map { logits(of: $0, at: [probe])[0] }
        let probePushes = trained.map { inputGradientOfLogD($0, at: [probe, parameters.nearProbe]) }
        let near = parameters.nearProbe
        let mostConfident = learned[0].indices.max { learned[0][$0] < learned[0][$1] }!
        return ExperimentResult(
            scalars: [
                "one_sided_max_error": maxError(learned[0], oneSided), "two_sided_max_error": maxError(learned[1], twoSided),
                "v_one_sided_closed": value(oneSided, logits: closedLogits(oneSided)),
                "v_one_sided_trained": value(oneSided, logits: logits(of: trained[0], at: rule.nodes)),
                "v_two_sided_closed": value(twoSided, logits: closedLogits(twoSided)),
                "v_two_sided_trained": value(twoSided, logits: logits(of: trained[1], at: rule.nodes)),
                "p_data_at_probe": pData.density(probe), "p_g_at_probe": pG.density(probe), "d_star_at_probe": dStarProbe,
                "one_sided_closed_at_probe": oneSided.optimum(dStar: dStarProbe),
                "two_sided_closed_at_probe": twoSided.optimum(dStar: dStarProbe),
                "one_sided_at_probe": sigmoid(probeLogits[0]), "two_sided_at_probe": sigmoid(probeLogits[1]),
                "push_one_sided_at_probe": oneSided.push(dStar: dStarProbe, scoreDifference: scoreDifference(probe)),
                "push_two_sided_at_probe": twoSided.push(dStar: dStarProbe, scoreDifference: scoreDifference(probe)),
                "one_sided_push_change": zip(pushes[0], pushes[2]).map { abs($0 - $1) }.max() ?? 0,
                "push_one_sided_trained_at_probe": probePushes[0][0], "push_two_sided_trained_at_probe": probePushes[1][0],
                "push_one_sided_at_near_probe": oneSided.push(dStar: dStar(near), scoreDifference: scoreDifference(near)),
                "push_two_sided_at_near_probe": twoSided.push(dStar: dStar(near), scoreDifference: scoreDifference(near)),
                "push_one_sided_trained_at_near_probe": probePushes[0][1], "push_two_sided_trained_at_near_probe": probePushes[1][1],
                "one_sided_max_d": learned[0][mostConfident], "x_at_one_sided_max_d": xs[mostConfident],
            ],
            tables: [
                "smoothing": DataTable([
                    ("x", xs), ("d_star", dStars),
                    ("d_one_sided", learned[0]), ("d_one_sided_closed", dStars.map { oneSided.optimum(dStar: $0) }),
                    ("d_two_sided", learned[1]), ("d_two_sided_closed", dStars.map { twoSided.optimum(dStar: $0) }),
                ]),
                "push": DataTable([
                    ("x", xs), ("push_one_sided", pushes[0]), ("push_two_sided", pushes[1]),
                    ("push_one_sided_trained", learnedPush[0]), ("push_two_sided_trained", learnedPush[1]),
                ]),
            ])
    }

    /// Trains D by Adam on fresh batches with the given targets: the loss is
    /// BCE(D(x), α) + BCE(D(x̃), β), the engine's `discriminatorLoss`.
    static func train(
        _ discriminator: Sequential<Float>, targets: Targets, _ parameters: Parameters,
        real: inout RandomSource, fake: inout RandomSource, context: ExperimentContext, progressOffset: Int
    ) throws {
        let optimizer = try Adam(parameters: discriminator.parameters, learningRate: parameters.learningRate)
        let total = 2 * parameters.steps
        try reportingDivergence({ "the discriminator's loss became \($0)" }) { () throws(Divergence) in
            try fit(
                steps: parameters.steps, optimizer: optimizer, progress: { context.progress(progressOffset + $0, total, [("loss", $1)]) }
            ) { _ in
                let realBatch = column(parameters.pData.sample(parameters.batch, random: &real))
                let fakeBatch = column(parameters.pG.sample(parameters.batch, random: &fake))
                return discriminatorLoss(
                    realLogits: discriminator(realBatch), fakeLogits: discriminator(fakeBatch),
                    realTarget: Float(targets.real), fakeTarget: Float(targets.fake))
            }
        }
    }

    /// ∂ₓ log σ(ℓ(x)) at each point, by reverse-mode autodiff through the network's input. The
    /// network treats examples independently, so the gradient of the sum is each point's own.
    static func inputGradientOfLogD(_ discriminator: Sequential<Float>, at points: [Double]) -> [Double] {
        let input = column(points).requiringGradient()
        let logD = discriminator(input).logSigmoid().sum()
        return logD.gradients(withRespectTo: [input])[0].scalars.map { Double($0) }
    }
}

/// The logit of the smoothed optimum, log(α·p_data + β·p_g) − log((1 − α)·p_data + (1 − β)·p_g),
/// from log densities so that it stays finite where the densities underflow.
func smoothedOptimumLogit(
    data: GaussianMixture, generator: GaussianMixture, realTarget: Double, fakeTarget: Double, at x: Double
) -> Double {
    let (logP, logQ) = (data.logDensity(x), generator.logDensity(x))
    // log 0 = −∞ drops a term (β = 0, or α = 1) from its log-sum-exp.
    let real = logSumExp([Foundation.log(realTarget) + logP, Foundation.log(fakeTarget) + logQ])
    let fake = logSumExp([Foundation.log(1 - realTarget) + logP, Foundation.log(1 - fakeTarget) + logQ])
    return real - fake
}

/// The discriminator's smoothed objective for a D given by its logits at `rule.nodes`, by
/// quadrature: ∫ p_data (α log D + (1 − α) log(1 − D)) + p_g (β log D + (1 − β) log(1 − D)) dx.
/// With α = 1 and β = 0 it is V(G, D) (`gameValue`).
func smoothedValue(
    data: GaussianMixture, generator: GaussianMixture, realTarget: Double, fakeTarget: Double, logits: [Double], rule: SimpsonRule
) -> Double {
    let integrand = zip(rule.nodes, logits).map { x, logit in
        let (p, q) = (data.density(x), generator.density(x))
        let logD = logSigmoid(logit)
        let logNotD = logSigmoid(-logit)
        return p * (realTarget * logD + (1 - realTarget) * logNotD) + q * (fakeTarget * logD + (1 - fakeTarget) * logNotD)
    }
    return rule.integrate(values: integrand)
}

extension GaussianMixture {
    /// The score ∂ₓ log p(x) = Σₖ πₖ(x)·(μₖ − x)/σₖ², with πₖ(x) = wₖ N(x; μₖ, σₖ²)/p(x) the
    /// probability that x came from component k (computed from log densities, so finite
    /// everywhere).
    public func score(_ x: Double) -> Double {
        let logP = logDensity(x)
        return zip(components, probabilities).reduce(0) { total, pair in
            let (component, probability) = pair
            let responsibility = Foundation.exp(
                Foundation.log(probability) + gaussianLogDensity(x, mean: component.mean, sd: component.sd) - logP)
            return total + responsibility * (component.mean - x) / (component.sd * component.sd)
        }
    }
}

extension LabelSmoothingExperiment.Parameters: ParameterGroup {
    // The bounds keep the largest run within a few GiB, as for optimal-discriminator.
    public static let defaults = Self(
        pData: OptimalDiscriminatorExperiment.Parameters.defaults.pData, pG: .gaussian(mean: 0, sd: 1),
        grid: UniformGrid(from: -5, to: 5, points: 201), hidden: [32, 32], steps: 2000, batch: 256, learningRate: 0.001,
        realTarget: 0.9, fakeTarget: 0.1, probe: 0.5, nearProbe: 1, supportThreshold: 0.05)

    public static let fields: [Field<Self>] = [
        Field("p_data", \.pData, help: "The data distribution: a list of Gaussian components {weight, mean, sd}."),
        Field("p_g", \.pG, help: "The generator's distribution, held fixed: a list of Gaussian components {weight, mean, sd}."),
        Field(
            "grid", \.grid, help: "Where the discriminators and the push are tabulated: {from, to, points}.",
            .init("of at most 20001 points") { $0.points <= 20_001 }),
        Field(
            "hidden", \.hidden, help: "The widths of each discriminator's hidden layers (LeakyReLU 0.2); it has one input and one logit.",
            .each(within: 1...1024, count: 0...8)),
        Field("steps", \.steps, help: "Adam updates of each discriminator.", .within(1...1_000_000)),
        Field("batch", \.batch, help: "Samples from p_data and, separately, from p_g in each update.", .within(1...16_384)),
        Field("learning_rate", \.learningRate, help: "Adam's learning rate.", .positive(atMost: 10)),
        Field("real_target", \.realTarget, help: "α: the target for real samples in both smoothed discriminators.", .within(0.5...1)),
        Field(
            "fake_target", \.fakeTarget, help: "β: the target for generated samples in the two-sided discriminator (the one-sided one uses 0).",
            .within(0...0.5)),
        Field("probe", \.probe, help: "A point where the generator has mass and the data almost none, where the optima are reported.", .within(-1e4...1e4)),
        Field(
            "near_probe", \.nearProbe, help: "A point nearer the data, where both distributions have mass, where the pushes are reported too.",
            .within(-1e4...1e4)),
        Field(
            "support_threshold", \.supportThreshold,
            help: "Only grid points where p_data + p_g exceeds this count in the max errors.", .within(0...100)),
    ]

    public static func check(_ parameters: Self, at path: String) throws(ParameterError) {
        guard parameters.fakeTarget < parameters.realTarget else {
            throw .invalid("fake_target", message: "must be below real_target = \(formatNumber(parameters.realTarget)), got \(formatNumber(parameters.fakeTarget))")
        }
        guard parameters.grid.values.contains(where: { parameters.pData.density($0) + parameters.pG.density($0) > parameters.supportThreshold })
        else {
            throw .invalid(
                "support_threshold",
                message: "leaves no grid point where p_data + p_g is above it (\(formatNumber(parameters.supportThreshold))), so there is no error to measure; lower it or move the grid")
        }
    }
}
