import Foundation
import MinimaxExperiments
import MinimaxRunner
import Testing

/// The defaults with one change.
func generatorParameters(_ change: (inout GeneratorValueExperiment.Parameters) -> Void) -> GeneratorValueExperiment.Parameters {
    var parameters = GeneratorValueExperiment.defaults
    change(&parameters)
    return parameters
}

@Suite("generator-value")
struct GeneratorValueTests {
    let logFour = Foundation.log(4.0)

    @Test("No Gaussian reaches −log 4 against two modes; the best one sits on a mode")
    func bestGaussian() throws {
        let result = try GeneratorValueExperiment.run(GeneratorValueExperiment.defaults, context: ExperimentContext(seed: 1))
        let scalars = result.scalars
        #expect(scalars["lowest_v_star"]! > -logFour + 0.1)
        #expect(abs(scalars["gap_to_minimum"]! - (scalars["lowest_v_star"]! + logFour)) < 1e-15)
        #expect(abs(abs(scalars["best_mean"]!) - 2) <= 0.2, "best mean \(scalars["best_mean"]!)")
        // Centred between the modes, the generator is worse than on one of them.
        #expect(scalars["v_star_at_zero"]! > scalars["lowest_v_star"]! + 0.1)
        // At μ = 0 it faces exactly what optimal-discriminator computes with its defaults.
        let atZero = 2 * jensenShannonDivergence(twoModes, .gaussian(mean: 0, sd: 1)) - logFour
        #expect(abs(scalars["v_star_at_zero"]! - atZero) < 1e-15)

        let table = try #require(result.tables["value"])
        #expect(table.columns == ["mean", "jsd", "v_star", "minimum"])
        #expect(table.rows.count == 101)
        for row in table.rows {
            #expect(row[1] >= 0 && row[1] <= Foundation.log(2.0))
            #expect(abs(row[2] - (2 * row[1] - logFour)) < 1e-15)
            #expect(row[3] == -logFour)
            #expect(row[2] >= scalars["lowest_v_star"]!)
        }
        // The data are symmetric, so the curve is too.
        let values = table.column("v_star")!
        #expect(zip(values, values.reversed()).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test("When a Gaussian can match the data, the best mean is the data's and the gap closes")
    func reachableMinimum() throws {
        var parameters = GeneratorValueExperiment.defaults
        parameters.pData = .gaussian(mean: 1, sd: 1)
        let scalars = try GeneratorValueExperiment.run(parameters, context: ExperimentContext(seed: 1)).scalars
        #expect(abs(scalars["best_mean"]! - 1) < 1e-9)
        #expect(abs(scalars["gap_to_minimum"]!) < 1e-12)
    }

    @Test("Values it cannot run with are rejected, naming the key and what is wrong", arguments: [
        ("generator_sd", "must be positive and finite, got 0.0", generatorParameters { $0.generatorSD = 0 }),
        ("generator_sd", "must be positive and finite, got -inf", generatorParameters { $0.generatorSD = -.infinity }),
        ("means.points", "needs at least 2 points, got 0", generatorParameters { $0.means.points = 0 }),
        ("means.from", "must be finite, got nan", generatorParameters { $0.means.from = .nan }),
        ("p_data", "component 2: weight must be positive and finite, got 0.0", generatorParameters { $0.pData.components[1].weight = 0 }),
    ])
    func invalidParameters(key: String, message: String, parameters: GeneratorValueExperiment.Parameters) {
        #expect(throws: ExperimentError.invalidParameter(key: key, message: message)) {
            try GeneratorValueExperiment.run(parameters, context: ExperimentContext(seed: 1))
        }
    }
}
