import Foundation
import MinimaxExperiments
import MinimaxRunner
import Testing

typealias ShiftedGaussians = ShiftedGaussianDivergencesExperiment

/// The run with every default (μ from 0 to 30), shared by the tests.
let shiftedGaussiansRun = Result { try ShiftedGaussians.run(ShiftedGaussians.defaults, context: ExperimentContext(seed: 1)) }

@Suite("shifted-gaussian-divergences")
struct ShiftedGaussianDivergencesTests {
    let log2 = Foundation.log(2.0)

    @Test("The table has the contract's columns and every μ of the grid, the marked ones exactly")
    func table() throws {
        let result = try shiftedGaussiansRun.get()
        let table = try #require(result.tables["divergences"])
        #expect(table.columns == ["mu", "js", "js_grad", "w", "w_grad"])
        #expect(table.column("mu") == (0...120).map { Double($0) * 0.25 })
        let marked = try #require(result.tables["marked"])
        #expect(marked.columns == table.columns)
        #expect(marked.column("mu") == [0.5, 1, 2, 3, 5, 10, 30])
        #expect(marked.rows.allSatisfy { table.rows.contains($0) })
    }

    @Test("JSD rises from 0 to log 2 and agrees with chapter 1's quadrature; W₁ = |μ| with slope 1")
    func values() throws {
        let result = try shiftedGaussiansRun.get()
        let table = try #require(result.tables["divergences"])
        let standard = GaussianMixture.gaussian(mean: 0, sd: 1)
        for row in table.rows {
            let (mu, js, w, wGrad) = (row[0], row[1], row[3], row[4])
            #expect(abs(js - jensenShannonDivergence(standard, .gaussian(mean: mu, sd: 1))) < 1e-12, "μ = \(mu)")
            #expect(js >= 0 && js <= log2)
            #expect(w == abs(mu))
            #expect(wGrad == (mu > 0 ? 1 : 0))
        }
        let js = table.column("js")!
        #expect(js.first == 0 && table.column("js_grad")!.first == 0)
        // Rising: strictly up to μ = 10; beyond, the steps fall below Double's resolution of log 2.
        #expect(zip(js, js.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(zip(js, js.dropFirst()).prefix(40).allSatisfy { $0 < $1 })
        // For small μ, JSD ≈ μ²/8 (the Fisher information of a shift is 1, and JSD ≈ I·μ²/8).
        #expect(abs(js[1] / (0.25 * 0.25 / 8) - 1) < 0.02)
    }

    @Test("The scalars: log 2 reached, the gradient's peak and its collapse, the checks' errors")
    func scalars() throws {
        let result = try shiftedGaussiansRun.get()
        let scalars = result.scalars
        let table = try #require(result.tables["divergences"])
        #expect(scalars["largest_mu"] == 30)
        #expect(scalars["js_at_largest_mu"] == log2)
        let gap = try #require(scalars["js_gap_at_largest_mu"])
        #expect(gap > 1e-51 && gap < 1e-49)
        let grads = table.column("js_grad")!
        #expect(scalars["js_grad_peak"] == grads.max())
        #expect(scalars["mu_at_js_grad_peak"] == 1.75)
        #expect(scalars["js_grad_at_largest_mu"] == grads.last)
        #expect(scalars["js_grad_ratio"] == grads.last! / grads.max()!)
        #expect(scalars["js_grad_ratio"]! < 1e-48 && scalars["js_grad_ratio"]! > 0)
        #expect(scalars["w_at_largest_mu"] == 30 && scalars["w_grad_at_largest_mu"] == 1)
        #expect(scalars["js_grad_max_relative_error"]! < 1e-6)
        #expect(scalars["w_max_error"]! < 1e-10)
        #expect(scalars["w_grad_max_error"]! < 1e-8)
        // The derivative keeps falling: each value to the right of the peak is below the last.
        let right = grads.drop { $0 < grads.max()! }
        #expect(zip(right, right.dropFirst()).allSatisfy { $0 > $1 })
    }

    @Test("Negative shifts mirror positive ones: the JSD is even, its slope and W₁'s odd")
    func negativeShifts() throws {
        var parameters = ShiftedGaussians.defaults
        parameters.mu = UniformGrid(from: -6, to: 6, points: 25)
        parameters.markedMu = [-2]
        let result = try ShiftedGaussians.run(parameters, context: ExperimentContext(seed: 1))
        let rows = try #require(result.tables["divergences"]).rows
        #expect(rows.count == 25)
        for (row, mirror) in zip(rows, rows.reversed()) {
            #expect(row[0] == -mirror[0])
            #expect(abs(row[1] - mirror[1]) < 1e-12)
            #expect(abs(row[2] + mirror[2]) < 1e-12)
            #expect(row[3] == mirror[3] && row[4] == -mirror[4])
        }
        #expect(result.scalars["largest_mu"] == -6, "the first of the two farthest")
        #expect(result.scalars["js_grad_at_largest_mu"]! < 0)
        #expect(result.scalars["js_grad_ratio"]! > 0)
        #expect(result.tables["marked"]?.column("mu") == [-2])
    }

    @Test("Marked means off the grid are added to it", arguments: [[0.1, 7.3], [Double]()])
    func markedMeans(marked: [Double]) throws {
        var parameters = ShiftedGaussians.defaults
        parameters.mu = UniformGrid(from: 0, to: 8, points: 5)
        parameters.markedMu = marked
        let result = try ShiftedGaussians.run(parameters, context: ExperimentContext(seed: 1))
        #expect(result.tables["divergences"]?.column("mu") == ([0, 2, 4, 6, 8] + marked).sorted())
        #expect(result.tables["marked"]?.column("mu") == marked)
    }

    @Test("Bounds keep every quadrature small", arguments: shiftedRejections)
    func rejects(overrides: ParameterValue, error: ParameterError) {
        #expect(rejection(overrides, for: ShiftedGaussians.Parameters.self) == error)
    }
}

let shiftedRejections: [(ParameterValue, ParameterError)] = [
    (["mu": ["to": 1e6]], .invalid("mu", message: "must be a mapping of from, to, points within -50 to 50, of at most 2001 points, got {to: 1000000}")),
    (["mu": ["points": 1e15]], .invalid("mu.points", message: "must be a whole number from 2 to 100001, got 1000000000000000")),
    (["mu": ["points": 5000]], .invalid("mu", message: "must be a mapping of from, to, points within -50 to 50, of at most 2001 points, got {points: 5000}")),
    (["marked_mu": [1, 1e15]], .invalid("marked_mu", message: "must be a list of numbers of 0 to 20 items, each from -50 to 50, got [1, 1000000000000000]")),
    (["marked_mu": .array(Array(repeating: 1, count: 21))], .invalid("marked_mu", message: "must be a list of numbers of 0 to 20 items, each from -50 to 50, got [\(Array(repeating: "1", count: 21).joined(separator: ", "))]")),
]
