import Foundation
import MinimaxExperiments

/// How close an obtained number a must be to the expected e: |a − e| ≤ atol + rtol·|e|, as
/// numpy's `allclose` puts it.
struct Tolerance: Equatable {
    var rtol: Double
    var atol: Double

    func allows(_ obtained: Double, _ expected: Double) -> Bool {
        abs(obtained - expected) <= atol + rtol * abs(expected)
    }

    /// The bound on |a − e| as printed: `1e-09 + 1e-06·|e|`.
    var bound: String {
        "\(short(atol)) + \(short(rtol))·|e|"
    }

    /// A value of an exercise, computed from the given arrays by a closed form: float64 code
    /// agrees to about 1e-14, float32 code to about 1e-7.
    static let value = Tolerance(rtol: 1e-6, atol: 1e-9)

    /// A point of a lesson's curve: six significant digits.
    static let curve = Tolerance(rtol: 1e-6, atol: 1e-9)

    /// A gradient, which a student may well compute in float32 (PyTorch's default): its rounding
    /// errors are relative to the largest terms summed, so the absolute part scales with the
    /// array's largest element.
    static func gradient(_ expected: NumericArray) -> Tolerance {
        let largest = expected.scalars.map(abs).max() ?? 0
        return Tolerance(rtol: 1e-4, atol: max(1e-5 * largest, 1e-9))
    }

    /// `self` with the parts given on the command line in place of the defaults.
    func overridden(rtol: Double?, atol: Double?) -> Tolerance {
        Tolerance(rtol: rtol ?? self.rtol, atol: atol ?? self.atol)
    }
}

/// A number in two significant digits, for errors and tolerances: `1.3e-16`, `1e-04`, `0`.
func short(_ value: Double) -> String {
    value == 0 ? "0" : abs(value) < 0.01 ? String(format: "%.1e", value).replacingOccurrences(of: ".0e", with: "e") : String(format: "%.2g", value)
}

/// One array a student computed, against ours.
struct Comparison {
    /// What is compared: `generator_minimax`, `grad.generator_minimax.generator.0.weight`,
    /// `costs.minimax_loss`.
    var name: String
    var obtained: NumericArray
    var expected: NumericArray
    var tolerance: Tolerance
    /// Names element `i` in the output: `[3, 0]`, `d = 0.001`.
    var location: (Int) -> String

    /// The element nearest to failing (or failing the most), with its numbers.
    struct Outcome {
        var worst: Int
        var obtained: Double
        var expected: Double
        var absoluteError: Double
        /// |a − e|/|e|; infinite where e = 0 and a ≠ 0.
        var relativeError: Double
        var passes: Bool
    }

    var outcome: Outcome {
        var worst = 0
        var worstRatio = -1.0
        var passes = true
        for (index, (a, e)) in zip(obtained.scalars, expected.scalars).enumerated() {
            let error = abs(a - e)
            let bound = tolerance.atol + tolerance.rtol * abs(e)
            let ratio = bound > 0 ? error / bound : (error > 0 ? .infinity : 0)
            if ratio > worstRatio {
                worst = index
                worstRatio = ratio
            }
            if !tolerance.allows(a, e) { passes = false }
        }
        let (a, e) = (obtained.scalars[worst], expected.scalars[worst])
        let error = abs(a - e)
        return Outcome(
            worst: worst, obtained: a, expected: e, absoluteError: error,
            relativeError: e != 0 ? error / abs(e) : (error == 0 ? 0 : .infinity), passes: passes)
    }
}

/// The comparisons as a table with one line per array, then the count.
func comparisonReport(_ comparisons: [Comparison], notGiven: [String]) -> (text: String, allPass: Bool) {
    let outcomes = comparisons.map(\.outcome)
    var rows = [["quantity", "worst at", "obtained a", "expected e", "|a − e|", "relative", "tolerance: |a − e| ≤", ""]]
    for (comparison, outcome) in zip(comparisons, outcomes) {
        rows.append([
            comparison.name, comparison.location(outcome.worst),
            String(format: "%.10g", outcome.obtained), String(format: "%.10g", outcome.expected),
            short(outcome.absoluteError), outcome.relativeError.isInfinite ? "inf" : short(outcome.relativeError),
            comparison.tolerance.bound, outcome.passes ? "pass" : "FAIL",
        ])
    }
    let widths = (0..<rows[0].count).map { column in rows.map { $0[column].count }.max()! }
    var text = rows.map { row in
        zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
            .trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n") + "\n"
    let agreeing = outcomes.filter(\.passes).count
    let failing = zip(comparisons, outcomes).filter { !$0.1.passes }.map(\.0.name)
    text += "\(agreeing)/\(comparisons.count) quantities agree"
    if !failing.isEmpty {
        text += "; \(failing.count) do\(failing.count == 1 ? "es" : "") not: \(failing.prefix(5).joined(separator: ", "))"
            + (failing.count > 5 ? ", …" : "")
    }
    if !notGiven.isEmpty {
        text += "; \(notGiven.count) of the exercise's were not given (\(notGiven.prefix(3).joined(separator: ", "))"
            + (notGiven.count > 3 ? ", …" : "") + ")"
    }
    return (text + "\n", failing.isEmpty)
}
