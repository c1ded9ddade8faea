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
    public struct Parameters: Codable, Sendable, Equatable {
        /// The data distribution.
        public var pData: GaussianMixture
        /// The generator's standard deviation σ: p_g = N(μ, σ²).
        public var generatorSD: Double
        /// The generator means μ to try.
        public var means: UniformGrid

        enum CodingKeys: String, CodingKey {
            case pData = "p_data", generatorSD = "generator_sd", means
        }

        /// Checks every value before anything runs; throws `invalidParameter` naming the key.
        func validate() throws {
            try pData.validate(key: "p_data")
            guard generatorSD.isFinite, generatorSD > 0 else {
                throw ExperimentError.invalidParameter(key: "generator_sd", message: "must be positive and finite, got \(generatorSD)")
            }
            try means.validate(key: "means")
        }
    }

    public static let name = "generator-value"

    public static let summary =
        "Computes V(G, D*) = 2·JSD − log 4 for a Gaussian generator N(μ, σ²) as its mean μ moves."

    public static let defaults = Parameters(
        pData: OptimalDiscriminatorExperiment.defaults.pData, generatorSD: 1,
        means: UniformGrid(from: -5, to: 5, points: 101))

    public static let parameterHelp: [String: String] = [
        "p_data": "The data distribution: a list of Gaussian components {weight, mean, sd}; weights are relative.",
        "generator_sd": "The generator's standard deviation σ: p_g = N(μ, σ²).",
        "means": "The generator means μ to try: {from, to, points}.",
        "means.from": "The first mean.",
        "means.to": "The last mean.",
        "means.points": "How many evenly spaced means (at least 2).",
    ]

    public static let resultHelp: [String: String] = [
        "best_mean": "The mean μ on the grid with the lowest v_star: where the generator is best placed.",
        "lowest_v_star": "The lowest V(G, D*) on the grid.",
        "v_star_at_zero": "V(G, D*) for the generator centred at μ = 0.",
        "gap_to_minimum": "lowest_v_star + log 4: how far the best Gaussian stays above the global minimum −log 4 (0 only if p_g can equal p_data).",
        "value": "V(G, D*) and the JSD for each generator mean.",
        "value.mean": "The generator's mean μ.",
        "value.jsd": "JSD(p_data‖N(μ, σ²)) in nats, by quadrature.",
        "value.v_star": "V(G, D*) = 2·jsd − log 4: the generator's cost against the optimal discriminator.",
        "value.minimum": "−log 4, the value at p_g = p_data (constant): the floor no generator goes below.",
    ]

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        try parameters.validate()
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
