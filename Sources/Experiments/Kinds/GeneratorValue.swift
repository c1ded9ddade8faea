import Foundation
import MinimaxRunner

/// `generator-value`: what the value of the game, once D is optimal, says about the generator.
///
/// Against the optimal discriminator the generator faces C(G) = V(G, D*) = 2·JSD(p_data‖p_g) − log 4
/// (Goodfellow et al. 2014, Thm. 1), whose minimum −log 4 is reached only at p_g = p_data. The
/// experiment moves a Gaussian generator N(μ, generator_sd²) across a grid of means and computes
/// C(G) exactly by quadrature: a curve the generator descends, and how far its best point stays
/// above −log 4 when p_g cannot equal p_data.
public enum GeneratorValueExperiment: ExperimentKind {
    /// What each parameter means, and the values it accepts: `fields`, below.
    public struct Parameters: Sendable, Equatable {
        public var pData: GaussianMixture
        /// p_g = N(μ, generatorSD²).
        public var generatorSD: Double
        public var means: UniformGrid
    }

    public static let name = "generator-value"

    public static let summary =
        "Computes V(G, D*) = 2·JSD − log 4 for a Gaussian generator N(μ, σ²) as its mean μ moves."

    public static let version = 1

    public static let results: [ResultDeclaration] = [
        .scalar("best_mean", "The mean μ on the grid with the lowest v_star: where the generator is best placed."),
        .scalar("lowest_v_star", "The lowest V(G, D*) on the grid."),
        .scalar("v_star_at_zero", "V(G, D*) for the generator centred at μ = 0."),
        .scalar(
            "gap_to_minimum",
            "lowest_v_star + log 4: how far the best Gaussian stays above the global minimum −log 4 (0 only if p_g can equal p_data)."),
        .table(
            "value", "V(G, D*) and the JSD for each generator mean.",
            columns: [
                "mean": "The generator's mean μ.",
                "jsd": "JSD(p_data‖N(μ, σ²)) in nats, by quadrature.",
                "v_star": "V(G, D*) = 2·jsd − log 4: the generator's cost against the optimal discriminator.",
                "minimum": "−log 4, the value at p_g = p_data (constant): the floor no generator goes below.",
            ]),
    ]

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        let logFour = Foundation.log(4.0)
        func vStar(mean: Double) -> (jsd: Double, vStar: Double) {
            let jsd = jensenShannonDivergence(parameters.pData, .gaussian(mean: mean, sd: parameters.generatorSD))
            return (jsd, 2 * jsd - logFour)
        }

        let means = parameters.means.values
        var jsds: [Double] = []
        var values: [Double] = []
        for (index, mean) in means.enumerated() {
            let point = vStar(mean: mean)
            jsds.append(point.jsd)
            values.append(point.vStar)
            context.progress(index + 1, means.count, [("v_star", point.vStar)])
        }

        // With symmetric data, mirror means differ only by rounding: either one is a best mean.
        let best = values.indices.min { values[$0] < values[$1] }!
        return ExperimentResult(
            scalars: [
                "best_mean": means[best], "lowest_v_star": values[best], "v_star_at_zero": vStar(mean: 0).vStar,
                "gap_to_minimum": values[best] + logFour,
            ],
            tables: [
                "value": DataTable([
                    ("mean", means), ("jsd", jsds), ("v_star", values),
                    ("minimum", [Double](repeating: -logFour, count: means.count)),
                ])
            ])
    }
}

extension GeneratorValueExperiment.Parameters: ParameterGroup {
    public static let defaults = Self(
        pData: OptimalDiscriminatorExperiment.Parameters.defaults.pData, generatorSD: 1,
        means: UniformGrid(from: -5, to: 5, points: 101))

    // Each mean costs one quadrature (up to 2²¹ nodes): 10,001 of them take about a minute.
    public static let fields: [Field<Self>] = [
        Field("p_data", \.pData, help: "The data distribution: a list of Gaussian components {weight, mean, sd}."),
        Field("generator_sd", \.generatorSD, help: "The generator's standard deviation σ: p_g = N(μ, σ²).", .within(1e-3...1e4)),
        Field("means", \.means, help: "The generator means μ to try: {from, to, points}.", .init("of at most 10001 points") { $0.points <= 10_001 }),
    ]
}
