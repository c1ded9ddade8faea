import Foundation
import MinimaxEngine
import MinimaxRunner

/// `optimal-discriminator`: trains a discriminator against a fixed generator and compares it with
/// the optimal one, D*(x) = p_data(x) / (p_data(x) + p_g(x)) (Goodfellow et al. 2014, Prop. 1).
///
/// With G fixed, maximising V(G, D) = E_data[log D(x)] + E_g[log(1 − D(x))] over D is a
/// classification problem whose solution is D*, and the maximum is
/// V(G, D*) = 2·JSD(p_data‖p_g) − log 4 (Thm. 1). The experiment computes D*, the JSD and
/// V(G, D*) exactly by quadrature, trains a small network by Adam on samples, and measures how far
/// the trained D is from D* and how close its value comes to V(G, D*).
public enum OptimalDiscriminatorExperiment: ExperimentKind {
    /// What each parameter means, and the values it accepts: `fields`, below.
    public struct Parameters: Sendable, Equatable {
        public var pData: GaussianMixture
        public var pG: GaussianMixture
        public var grid: UniformGrid
        public var hidden: [Int]
        public var steps: Int
        public var batch: Int
        public var learningRate: Double
        public var monteCarlo: Int
        /// Only grid points where p_data + p_g exceeds this count in the errors: elsewhere D is
        /// barely trained and D* is a ratio of vanishing densities.
        public var supportThreshold: Double
        public var recordEvery: Int
    }

    public static let name = "optimal-discriminator"

    public static let summary =
        "Trains a discriminator against a fixed generator and compares it with the optimal D* = p_data/(p_data + p_g)."

    public static let version = 2

    public static let results: [ResultDeclaration] = [
        .scalar("jsd", "JSD(p_data‖p_g) in nats, by quadrature: between 0 (equal distributions) and log 2."),
        .scalar("v_star", "V(G, D*) = 2·jsd − log 4: the most any discriminator can reach against this generator (Thm. 1)."),
        .scalar("v_star_quadrature", "V(G, D*) integrated directly from D*; equals v_star, which checks the theorem."),
        .scalar("v_learned", "V(G, D) of the trained discriminator, estimated on monte_carlo samples of each distribution.", .trained(relative: 0.2, absolute: 0.02)),
        .scalar(
            "v_learned_quadrature",
            "V(G, D) of the trained discriminator by quadrature: the same value without sampling noise; never above v_star.", .trained(relative: 0.2, absolute: 0.02)),
        .scalar("max_error", "The largest |D(x) − D*(x)| over grid points where p_data + p_g > support_threshold.", .trained(relative: 0.2, absolute: 0.02)),
        .scalar("mean_error", "The mean |D(x) − D*(x)| over the same grid points.", .trained(relative: 0.2, absolute: 0.02)),
        .scalar("final_loss", "The mean discriminator loss over the last 10% of the updates (−V on a batch).", .trained(relative: 0.2, absolute: 0.02)),
        .scalar(
            "batches_above_v_star",
            "The share of the last half of the updates whose batch value −loss exceeds V(G, D*): a batch estimate scatters around its expectation, which alone is bounded by V(G, D*).",
            .trained(relative: 1, absolute: 0.2)),
        .table(
            "discriminator", "The densities, the optimal and the trained discriminator on the grid.",
            columns: [
                "x": "The grid point.",
                "p_data": "The data density p_data(x).",
                "p_g": "The generator's density p_g(x).",
                "d_star": "The optimal discriminator D*(x) = p_data(x) / (p_data(x) + p_g(x)).",
                "d_learned": "The trained discriminator's output D(x).",
            ], .trained(relative: 0.2, absolute: 0.02)),
        .table(
            "training", "The discriminator's loss during training, with V(G, D*) for reference.",
            columns: [
                "step": "The update (1-based).",
                "loss": "The discriminator's loss on that update's batches: −(mean log D(x) + mean log(1 − D(G(z)))).",
                "value": "−loss: the batch estimate of V(G, D), which training pushes up toward v_star.",
                "v_star": "V(G, D*), the ceiling of the value (constant).",
            ], .trained(relative: 0.2, absolute: 0.02)),
    ]

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        let pData = parameters.pData
        let pG = parameters.pG
        let xs = parameters.grid.values
        let dataDensity = xs.map(pData.density)
        let generatorDensity = xs.map(pG.density)
        // Not empty: the plan checked that some grid point is in the support.
        let support = zip(dataDensity, generatorDensity).map { $0 + $1 > parameters.supportThreshold }

        // The exact side: D*, the JSD and V(G, D*) by quadrature.
        let dStar = xs.map { optimalDiscriminator(data: pData, generator: pG, at: $0) }
        let jsd = jensenShannonDivergence(pData, pG)
        let vStar = 2 * jsd - Foundation.log(4.0)
        let vStarQuadrature = valueAtOptimalDiscriminator(data: pData, generator: pG)

        // The learned side: one stream per use, so that each depends only on the seed and on its
        // own parameters (changing p_g leaves the real batches and the initialisation unchanged).
        var random = RandomSource(seed: context.seed)
        var initialisation = random.split()
        var realStream = random.split()
        var fakeStream = random.split()
        var evaluation = random.split()
        let discriminator = try Sequential<Float>(
            perceptron: [1] + parameters.hidden + [1], activation: .leakyReLU(slope: 0.2), random: &initialisation)
        let losses = try train(
            discriminator, parameters, vStar: vStar, real: &realStream, fake: &fakeStream, context: context)

        let dLearned = logits(of: discriminator, at: xs).map(sigmoid)
        let errors = zip(dLearned, dStar).map { abs($0 - $1) }
        let supportErrors = zip(errors, support).filter(\.1).map(\.0)

        // V(G, D) of the trained D, by sampling (what training sees) and by quadrature (exact).
        let realLogits = logits(of: discriminator, at: pData.sample(parameters.monteCarlo, random: &evaluation))
        let fakeLogits = logits(of: discriminator, at: pG.sample(parameters.monteCarlo, random: &evaluation))
        let vLearned = mean(realLogits.map(logSigmoid)) + mean(fakeLogits.map { logSigmoid(-$0) })
        let rule = SimpsonRule.covering(pData, pG)
        let vLearnedQuadrature = gameValue(
            data: pData, generator: pG, logits: logits(of: discriminator, at: rule.nodes), rule: rule)

        let lastTenth = losses.training.suffix(max(1, losses.training.count / 10))
        let lastHalf = losses.training.suffix(max(1, losses.training.count / 2))
        return ExperimentResult(
            scalars: [
                "jsd": jsd, "v_star": vStar, "v_star_quadrature": vStarQuadrature,
                "v_learned": vLearned, "v_learned_quadrature": vLearnedQuadrature,
                "max_error": supportErrors.max() ?? 0, "mean_error": mean(supportErrors),
                "final_loss": mean(Array(lastTenth)),
                "batches_above_v_star": Double(lastHalf.count { -$0 > vStar }) / Double(lastHalf.count),
            ],
            tables: [
                "discriminator": DataTable([
                    ("x", xs), ("p_data", dataDensity), ("p_g", generatorDensity), ("d_star", dStar), ("d_learned", dLearned),
                ]),
                "training": losses.table,
            ])
    }

    /// Trains D by Adam on fresh real and fake batches; returns every loss and the recorded rows.
    static func train(
        _ discriminator: Sequential<Float>, _ parameters: Parameters, vStar: Double,
        real: inout RandomSource, fake: inout RandomSource, context: ExperimentContext
    ) throws -> (training: [Double], table: DataTable) {
        let optimizer = try Adam(parameters: discriminator.parameters, learningRate: parameters.learningRate)
        let steps = parameters.steps
        let losses = try reportingDivergence({ "the discriminator's loss became \($0)" }) { () throws(Divergence) in
            try fit(steps: steps, optimizer: optimizer, progress: { context.progress($0, steps, [("loss", $1)]) }) { _ in
                let realBatch = column(parameters.pData.sample(parameters.batch, random: &real))
                let fakeBatch = column(parameters.pG.sample(parameters.batch, random: &fake))
                return discriminatorLoss(realLogits: discriminator(realBatch), fakeLogits: discriminator(fakeBatch))
            }
        }
        let rows = (1...steps).filter { $0 == 1 || $0 % parameters.recordEvery == 0 || $0 == steps }.map { step in
            [Double(step), losses[step - 1], -losses[step - 1], vStar]
        }
        return (losses, DataTable(columns: ["step", "loss", "value", "v_star"], rows: rows))
    }
}

extension OptimalDiscriminatorExperiment.Parameters: ParameterGroup {
    // The bounds keep the largest run within a few GiB of memory: at most 16,384 examples of
    // 1,024 units per layer in training, and evaluation in chunks (`logits(of:at:)`).
    public static let defaults = Self(
        pData: GaussianMixture([.init(weight: 0.5, mean: -2, sd: 0.5), .init(weight: 0.5, mean: 2, sd: 0.5)]),
        pG: .gaussian(mean: 0, sd: 1),
        grid: UniformGrid(from: -5, to: 5, points: 201),
        hidden: [32, 32], steps: 2000, batch: 256, learningRate: 0.001, monteCarlo: 100_000,
        supportThreshold: 0.05, recordEvery: 20)

    public static let fields: [Field<Self>] = [
        Field("p_data", \.pData, help: "The data distribution: a list of Gaussian components {weight, mean, sd}."),
        Field("p_g", \.pG, help: "The generator's distribution, held fixed: a list of Gaussian components {weight, mean, sd}."),
        Field("grid", \.grid, help: "Where D* and the trained D are tabulated: {from, to, points}."),
        Field(
            "hidden", \.hidden, help: "The widths of the discriminator's hidden layers (LeakyReLU 0.2); it has one input and one logit.",
            .each(within: 1...1024, count: 0...8)),
        Field("steps", \.steps, help: "Adam updates of the discriminator.", .within(1...1_000_000)),
        Field("batch", \.batch, help: "Samples from p_data and, separately, from p_g in each update.", .within(1...16_384)),
        Field("learning_rate", \.learningRate, help: "Adam's learning rate.", .positive(atMost: 10)),
        Field(
            "monte_carlo", \.monteCarlo, help: "Samples of each distribution used to estimate V(G, D) of the trained discriminator.",
            .within(1...10_000_000)),
        Field(
            "support_threshold", \.supportThreshold,
            help: "Only grid points where p_data + p_g exceeds this count in max_error and mean_error.", .within(0...100)),
        Field(
            "record_every", \.recordEvery, help: "Steps between rows of the training table (the first and last steps are always recorded).",
            .within(1...1_000_000)),
    ]

    public static func check(_ parameters: Self, at path: String) throws(ParameterError) {
        guard parameters.grid.values.contains(where: { parameters.pData.density($0) + parameters.pG.density($0) > parameters.supportThreshold })
        else {
            throw .invalid(
                "support_threshold",
                message: "leaves no grid point where p_data + p_g is above it (\(formatNumber(parameters.supportThreshold))), so there is no error to measure; lower it or move the grid")
        }
    }
}
