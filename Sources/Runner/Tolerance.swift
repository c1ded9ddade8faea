import Foundation

/// How close an obtained number a must be to the expected e: |a − e| ≤ atol + rtol·|e|, as
/// numpy's `allclose` puts it. The one rule behind `minimax check --rerun` and `minimax compare`.
public struct Tolerance: Equatable, Sendable {
    public var rtol: Double
    public var atol: Double

    public init(rtol: Double, atol: Double) {
        self.rtol = rtol
        self.atol = atol
    }

    /// Whether a meets the rule. The same outcome is no difference: NaN against NaN, an
    /// infinity against itself; any other pair with a NaN or an infinity differs (∞ ≤ ∞ would
    /// let any number match an infinity).
    public func allows(_ obtained: Double, _ expected: Double) -> Bool {
        if obtained == expected || obtained.isNaN && expected.isNaN { return true }
        return obtained.isFinite && expected.isFinite && abs(obtained - expected) <= atol + rtol * abs(expected)
    }

    /// |a − e| over its bound: at most 1 where the rule holds; infinite where a number meets
    /// NaN, or where the bound is 0 and a ≠ e.
    public func ratio(_ obtained: Double, _ expected: Double) -> Double {
        if obtained == expected || obtained.isNaN && expected.isNaN { return 0 }
        guard obtained.isFinite && expected.isFinite else { return .infinity }
        let error = abs(obtained - expected), bound = atol + rtol * abs(expected)
        return bound > 0 ? error / bound : .infinity
    }

    /// The element nearest to failing, or failing the most (the first of equals), and whether
    /// every element meets the rule; nil for empty series.
    public func worst(_ obtained: [Double], _ expected: [Double]) -> (index: Int, allPass: Bool)? {
        precondition(obtained.count == expected.count, "Tolerance.worst: \(obtained.count) numbers against \(expected.count)")
        guard !obtained.isEmpty else { return nil }
        var worst = (index: 0, ratio: -1.0)
        var allPass = true
        for (index, (a, e)) in zip(obtained, expected).enumerated() {
            let ratio = ratio(a, e)
            if ratio > worst.ratio { worst = (index, ratio) }
            // Decided by the rule itself, not the rounded ratio, so that a bound met exactly passes.
            if !allows(a, e) { allPass = false }
        }
        return (worst.index, allPass)
    }
}
