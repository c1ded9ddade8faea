import Foundation
import MinimaxRunner
import Testing

@testable import MinimaxExperiments

@Suite("parallel-lines")
struct ParallelLinesTests {
    let log2 = Foundation.log(2.0)

    @Test("Example 1: JSD = log 2 and KL = ∞ for every θ ≠ 0, 0 at θ = 0; W₁ = |θ|")
    func example() throws {
        let result = try ParallelLinesExperiment.run(ParallelLinesExperiment.defaults, context: ExperimentContext(seed: 1))
        let table = try #require(result.tables["disjoint"])
        #expect(table.columns == ["theta", "js", "kl", "w"])
        #expect(table.column("theta") == [-1, -0.5, -0.1, -0.01, 0, 0.01, 0.1, 0.5, 1])
        for row in table.rows {
            let (theta, js, kl, w) = (row[0], row[1], row[2], row[3])
            if theta == 0 {
                #expect(js == 0 && kl == 0 && w == 0)
            } else {
                #expect(abs(js - log2) < 1e-12, "θ = \(theta)")
                #expect(kl == .infinity)
            }
            #expect(abs(w - abs(theta)) < 1e-12, "θ = \(theta): W₁ = \(w)")
        }
        let scalars = result.scalars
        #expect(scalars["js_at_zero"] == 0 && scalars["kl_at_zero"] == 0)
        #expect(abs(scalars["js_min_off_zero"]! - log2) < 1e-12 && abs(scalars["js_max_off_zero"]! - log2) < 1e-12)
        #expect(scalars["kl_min_off_zero"] == .infinity)
        #expect(scalars["w_max_error"]! < 1e-12)
    }

    @Test("θ = 0 is added when the list lacks it, and one point per segment already gives |θ|")
    func zeroAdded() throws {
        let parameters = ParallelLinesExperiment.Parameters(theta: [2, -3], points: 1)
        let result = try ParallelLinesExperiment.run(parameters, context: ExperimentContext(seed: 1))
        #expect(result.tables["disjoint"]?.rows == [[-3, log2, .infinity, 3], [0, 0, 0, 0], [2, log2, .infinity, 2]])
    }

    @Test("However small θ is, the segments share no point: JSD = log 2, KL = ∞, while W₁ = θ")
    func tinyShift() throws {
        let result = try ParallelLinesExperiment.run(.init(theta: [1e-12], points: 2), context: ExperimentContext(seed: 1))
        let row = try #require(result.tables["disjoint"]?.rows.last)
        #expect(row[0] == 1e-12)
        #expect(abs(row[1] - log2) < 1e-15)
        #expect(row[2] == .infinity)
        #expect(abs(row[3] - 1e-12) < 1e-24)
    }

    @Test("Lists without a nonzero θ, and sizes that would take minutes, are rejected", arguments: linesRejections)
    func rejects(overrides: ParameterValue, error: ParameterError) {
        #expect(rejection(overrides, for: ParallelLinesExperiment.Parameters.self) == error)
    }
}

let linesRejections: [(ParameterValue, ParameterError)] = [
    (["theta": [0]], .invalid("theta", message: "needs a θ other than 0: at 0 the two segments are the same")),
    (["theta": [1e15]], .invalid("theta", message: "must be a list of numbers of 1 to 21 items, each from -100 to 100, got [1000000000000000]")),
    (["theta": []], .invalid("theta", message: "must be a list of numbers of 1 to 21 items, each from -100 to 100, got []")),
    (["points": 1e15], .invalid("points", message: "must be a whole number from 1 to 500, got 1000000000000000")),
]
