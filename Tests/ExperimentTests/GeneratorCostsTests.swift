import Foundation
import MinimaxExperiments
import MinimaxRunner
import Testing

@Suite("generator-costs")
struct GeneratorCostsTests {
    /// σ⁻¹(d), and the three costs as functions of the logit, written out here from their
    /// definitions: log(1 − σ(ℓ)), −log σ(ℓ), −σ(ℓ)/(1 − σ(ℓ)).
    static func logit(_ d: Double) -> Double { Foundation.log(d / (1 - d)) }
    static func sigmoid(_ t: Double) -> Double { 1 / (1 + Foundation.exp(-t)) }
    static let costsOfLogit: [@Sendable (Double) -> Double] = [
        { Foundation.log(1 - sigmoid($0)) }, { -Foundation.log(sigmoid($0)) }, { -sigmoid($0) / (1 - sigmoid($0)) },
    ]

    @Test("With defaults, the table has the documented columns and each cost its closed form")
    func costs() throws {
        let result = try GeneratorCostsExperiment.run(GeneratorCostsExperiment.defaults, context: ExperimentContext(seed: 1))
        let table = try #require(result.tables["costs"])
        #expect(table.columns == [
            "d", "minimax_loss", "nonsaturating_loss", "maxlikelihood_loss", "minimax_grad", "nonsaturating_grad", "maxlikelihood_grad",
        ])
        #expect(table.rows.count == 400)
        #expect(table.rows.first?[0] == 0.001 && table.rows.last?[0] == 0.95)
        for row in table.rows {
            let d = row[0]
            #expect(abs(row[1] / Foundation.log(1 - d) - 1) < 1e-12, "log(1 − d) at d = \(d)")
            #expect(abs(row[2] / -Foundation.log(d) - 1) < 1e-12, "−log d at d = \(d)")
            #expect(abs(row[3] / (-d / (1 - d)) - 1) < 1e-12, "−d/(1 − d) at d = \(d)")
        }
        #expect(result.scalars["max_loss_error"]! < 1e-13)
    }

    @Test("The autodiff gradients equal −d, −(1 − d), −d/(1 − d), and central differences of the costs in ℓ")
    func gradients() throws {
        let table = try #require(
            try GeneratorCostsExperiment.run(GeneratorCostsExperiment.defaults, context: ExperimentContext(seed: 1)).tables["costs"])
        for row in table.rows {
            let d = row[0]
            let closedForms = [-d, -(1 - d), -d / (1 - d)]
            for k in 0..<3 {
                #expect(abs(row[4 + k] / closedForms[k] - 1) < 1e-12, "gradient \(k) at d = \(d)")
                // A central difference of the cost in ℓ: independent of autodiff and of the
                // closed forms. Its error is O(h²) plus rounding, here ≲ 1e-8 relative.
                let h = 1e-5
                let l = Self.logit(d)
                let difference = (Self.costsOfLogit[k](l + h) - Self.costsOfLogit[k](l - h)) / (2 * h)
                #expect(abs(row[4 + k] - difference) < 1e-7 * max(1, abs(difference)), "gradient \(k) at d = \(d)")
            }
        }
    }

    @Test("Near d = 0 the minimax and maximum-likelihood gradients vanish and the non-saturating one does not")
    func saturation() throws {
        var parameters = GeneratorCostsExperiment.defaults
        parameters.d = UniformGrid(from: 1e-12, to: 1 - 1e-9, points: 11)
        let result = try GeneratorCostsExperiment.run(parameters, context: ExperimentContext(seed: 1))
        let scalars = result.scalars
        #expect(scalars["smallest_d"] == 1e-12)
        #expect(abs(scalars["minimax_grad_at_smallest_d"]! / -1e-12 - 1) < 1e-9)
        #expect(abs(scalars["maxlikelihood_grad_at_smallest_d"]! / -1e-12 - 1) < 1e-9)
        #expect(abs(scalars["nonsaturating_grad_at_smallest_d"]! + 1) < 1e-11)
        // The logit is taken from log d and log(1 − d), so both ends keep their digits: at
        // d = 1 − 10⁻⁹ the maximum-likelihood gradient is −(1 − 10⁻⁹)/10⁻⁹.
        #expect(scalars["max_grad_error"]! < 1e-12)
        let last = try #require(result.tables["costs"]?.rows.last)
        #expect(abs(last[6] / (-(1 - 1e-9) / 1e-9) - 1) < 1e-6)
    }

    @Test("A grid that reaches 0 or 1, or is too large, is refused at plan time")
    func rejections() {
        typealias Parameters = GeneratorCostsExperiment.Parameters
        let expected = "must be a mapping of from, to, points with 0 < from and to < 1"
        #expect(rejection(["d": ["from": 0]], for: Parameters.self) == .invalid("d", message: "\(expected), got {from: 0}"))
        #expect(rejection(["d": ["to": 1]], for: Parameters.self) == .invalid("d", message: "\(expected), got {to: 1}"))
        #expect(
            rejection(["d": ["points": 1e15]], for: Parameters.self)
                == .invalid("d.points", message: "must be a whole number from 2 to 100001, got 1000000000000000"))
    }
}
