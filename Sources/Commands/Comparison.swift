import Foundation
import MinimaxExperiments
import MinimaxRunner

/// The precision a student's numbers were computed in: it sets how closely they must agree.
enum Precision: String {
    case float64, float32

    /// The precision of numbers read from text (JSON), which does not say: float32 when every
    /// one is a float32 value, as PyTorch's `tolist()` of a float32 tensor writes them, else
    /// float64. A float64 computation gives such numbers only by chance.
    static func of(_ array: NumericArray) -> Precision {
        array.scalars.allSatisfy { Double(Float($0)) == $0 } ? .float32 : .float64
    }
}

/// compare's default tolerances, each with its reason.
extension Tolerance {
    /// A value of an exercise, computed from the given arrays by a closed form: float64 code
    /// agrees to about 1e-14, float32 code to about 1e-7.
    static func value(_ precision: Precision) -> Tolerance {
        precision == .float64 ? Tolerance(rtol: 1e-9, atol: 1e-12) : Tolerance(rtol: 1e-6, atol: 1e-9)
    }

    /// A gradient: its rounding errors are relative to the largest terms summed, so the absolute
    /// part scales with the array's largest element, |e|max, down to a floor for arrays of
    /// (nearly) zeros. Float32 code (PyTorch's default) meets 1e-5·|e|max + 1e-4·|e|; float64
    /// code a millionth of that.
    static func gradient(_ expected: NumericArray, _ precision: Precision) -> Tolerance {
        let largest = expected.scalars.map(abs).max() ?? 0
        let rule = gradientRule(precision)
        return Tolerance(rtol: rule.rtol, atol: max(rule.scale * largest, rule.floor))
    }

    /// The parts of the gradient rule: atol = max(scale·|e|max, floor).
    static func gradientRule(_ precision: Precision) -> (rtol: Double, scale: Double, floor: Double) {
        precision == .float64 ? (1e-8, 1e-10, 1e-12) : (1e-4, 1e-5, 1e-9)
    }

    /// A point of a lesson's curve, written with six significant digits or more.
    static let curve = Tolerance(rtol: 1e-6, atol: 1e-9)

    /// `self` with the parts given on the command line in place of the defaults.
    func overridden(rtol: Double?, atol: Double?) -> Tolerance {
        Tolerance(rtol: rtol ?? self.rtol, atol: atol ?? self.atol)
    }

    /// The bound on |a − e| as printed: `1e-09 + 1e-06·|e|`.
    var bound: String {
        "\(short(atol)) + \(short(rtol))·|e|"
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
    /// The precision of the student's array, which chose the tolerance; nil for a table's column.
    var precision: Precision? = nil

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
        let (worst, passes) = tolerance.worst(obtained.scalars, expected.scalars) ?? (0, true)
        let (a, e) = (obtained.scalars[worst], expected.scalars[worst])
        let error = abs(a - e)
        return Outcome(
            worst: worst, obtained: a, expected: e, absoluteError: error,
            relativeError: e != 0 ? error / abs(e) : (error == 0 ? 0 : .infinity), passes: passes)
    }
}

/// What one `compare` found: the arrays compared, the files that could not be, and the
/// exercise's arrays that were asked for but not given.
struct ComparisonReport {
    var comparisons: [Comparison] = []
    /// One per file that could not be compared, naming it and why.
    var problems: [RunnerError] = []
    var notGiven: [String] = []

    var allPass: Bool { problems.isEmpty && notGiven.isEmpty && comparisons.allSatisfy(\.outcome.passes) }

    /// A table with one line per array, the files not compared, then the count.
    var text: String {
        let outcomes = comparisons.map(\.outcome)
        var text = ""
        if !comparisons.isEmpty {
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
            text = rows.map { row in
                zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                    .trimmingCharacters(in: .whitespaces)
            }.joined(separator: "\n") + "\n"
        }
        if !problems.isEmpty {
            text += "Not compared:\n" + problems.map { "\($0)\n" }.joined()
        }
        var parts: [String] = []
        if !comparisons.isEmpty {
            let failing = zip(comparisons, outcomes).filter { !$0.1.passes }.map(\.0.name)
            var part = "\(outcomes.count - failing.count)/\(comparisons.count) quantities agree"
            if !failing.isEmpty {
                part += "; \(failing.count) do\(failing.count == 1 ? "es" : "") not: \(listed(failing, 5))"
            }
            parts.append(part)
        }
        if !problems.isEmpty {
            parts.append("\(problems.count) file\(problems.count == 1 ? "" : "s") could not be compared (listed above)")
        }
        if !notGiven.isEmpty {
            parts.append("\(notGiven.count) of the exercise's arrays \(notGiven.count == 1 ? "was" : "were") not given: \(listed(notGiven, 3))")
        }
        return text + parts.joined(separator: "; ") + "\n"
    }
}

/// Up to `count` names, then "…".
func listed(_ names: [String], _ count: Int) -> String {
    names.prefix(count).joined(separator: ", ") + (names.count > count ? ", …" : "")
}
