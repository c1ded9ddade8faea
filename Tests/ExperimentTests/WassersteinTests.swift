import Foundation
import MinimaxEngine
import Testing

@testable import MinimaxExperiments

/// N(μ, 1), the generator of chapter 2.
func shifted(_ mu: Double) -> GaussianMixture { .gaussian(mean: mu, sd: 1) }

@Suite("JSD gap, its derivative, the Wasserstein distance and optimal assignment")
struct WassersteinTests {
    let standard = GaussianMixture.gaussian(mean: 0, sd: 1)

    @Test("log 2 − gap is the JSD of chapter 1, computed from the other form of the integrand")
    func gapIsJensenShannon() {
        for (p, q) in distributionPairs {
            let rule = SimpsonRule.covering(p, q)
            let fromGap = Foundation.log(2.0) - jensenShannonGap(p, q, rule: rule)
            #expect(abs(fromGap - jensenShannonDivergence(p, q)) < 1e-12, "\(fromGap)")
        }
    }

    @Test("Far apart, the gap keeps its digits where log 2 − JSD rounds to nothing")
    func gapKeepsItsDigits() {
        let q = shifted(30)
        // The step the kind uses, 1/(40μ), resolves the width 1/μ over which the log ratio turns.
        let fine = SimpsonRule(over: -12...42, intervals: 54 * 40 * 30)
        let gap = jensenShannonGap(standard, q, rule: fine)
        // Independently: for equal variances the two halves are equal and log q − log p = μx − μ²/2,
        // so gap = ∫ p(x) softplus(30x − 450) dx. Its mass sits within 10 of the midpoint x = 15,
        // where a plain trapezoid sum with a fine step converges spectrally.
        let h = 1e-3
        var independent = 0.0
        for i in 0...20_000 {
            let x = 5 + Double(i) * h
            let t = 30 * x - 450
            let density = Foundation.exp(-x * x / 2) / (2 * Double.pi).squareRoot()
            independent += (i == 0 || i == 20_000 ? 0.5 : 1) * h * density * (max(t, 0) + Foundation.log1p(Foundation.exp(-abs(t))))
        }
        #expect(abs(gap / independent - 1) < 1e-10, "gap \(gap), independent \(independent)")
        // The coarser rule of chapter 1 (step 1/40) is still within 10⁻⁷ of it.
        let coarse = jensenShannonGap(standard, q, rule: .covering(standard, q))
        #expect(abs(coarse / independent - 1) < 1e-7)
        #expect(gap > 1e-51 && gap < 1e-49)
        // The subtraction the gap avoids: JSD is log 2 to every digit a Double has.
        #expect(Foundation.log(2.0) - jensenShannonDivergence(standard, q) < 1e-15)
    }

    @Test("dJSD/dμ under the integral equals central differences of the gap", arguments: [0.1, 0.7, 2, 5, -3, 12, 30])
    func shiftDerivative(mu: Double) {
        // One rule for μ and μ ± h, with the step the kind uses.
        let h = 1e-4
        let rule = SimpsonRule(over: min(0, mu) - 13...max(0, mu) + 13, intervals: Int((26 + abs(mu)) * 40 * max(1, abs(mu))))
        let derivative = jensenShannonShiftDerivative(standard, shifted(mu), rule: rule)
        let difference = -(jensenShannonGap(standard, shifted(mu + h), rule: rule) - jensenShannonGap(standard, shifted(mu - h), rule: rule)) / (2 * h)
        #expect(abs(derivative / difference - 1) < 1e-6, "μ = \(mu): \(derivative) against \(difference)")
        // Moving q away from p raises the JSD: the derivative has the sign of μ.
        #expect(derivative.sign == mu.sign)
    }

    @Test("dJSD/dμ for mixtures: moving two modes against one Gaussian, and a mixture generator")
    func shiftDerivativeOfMixtures() {
        let h = 1e-4
        let cases: [(GaussianMixture, (Double) -> GaussianMixture)] = [
            (twoModes, { .gaussian(mean: 0.5 + $0, sd: 1) }),
            (.gaussian(mean: 1, sd: 0.7), { GaussianMixture([.init(weight: 1, mean: -1 + $0, sd: 0.5), .init(weight: 3, mean: 2 + $0, sd: 1.5)]) }),
        ]
        for (p, q) in cases {
            let rule = SimpsonRule(over: -20...20, intervals: 40_000)
            let derivative = jensenShannonShiftDerivative(p, q(0), rule: rule)
            let difference = -(jensenShannonGap(p, q(h), rule: rule) - jensenShannonGap(p, q(-h), rule: rule)) / (2 * h)
            #expect(abs(derivative - difference) < 1e-8 * max(1, abs(difference)), "\(derivative) against \(difference)")
            #expect(abs(derivative) > 1e-3, "a case whose derivative is 0 would test nothing")
        }
    }

    @Test("The distribution function is ½ at the mean, rises, and integrates the density")
    func cumulativeDistribution() {
        #expect(standard.cumulativeDistribution(0) == 0.5)
        #expect(abs(standard.cumulativeDistribution(1.959963984540054) - 0.975) < 1e-15)
        let values = stride(from: -8.0, through: 8, by: 0.5).map { twoModes.cumulativeDistribution($0) }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 })
        let integral = SimpsonRule(over: -10...0.7, intervals: 4000).integrate(twoModes.density)
        #expect(abs(twoModes.cumulativeDistribution(0.7) - integral) < 1e-12)
    }

    @Test("W₁ by quadrature: |μ| for a shift, |1 − σ|·√(2/π) for a change of scale")
    func wassersteinClosedForms() {
        for mu in [-7.5, -1, 0, 0.25, 3, 30] {
            #expect(abs(wassersteinDistance(standard, shifted(mu)) - abs(mu)) < 1e-10, "μ = \(mu)")
        }
        // The quantile coupling x ↦ σx moves each point by |1 − σ||x|, and E|x| = √(2/π). Here the
        // distribution functions cross at 0, a kink Simpson's rule resolves more slowly.
        let wider = GaussianMixture.gaussian(mean: 0, sd: 2.5)
        #expect(abs(wassersteinDistance(standard, wider) - 1.5 * (2 / Double.pi).squareRoot()) < 1e-6)
    }

    @Test("W₁ by quadrature agrees with the optimal transport between many samples")
    func wassersteinAgainstSamples() {
        var random = RandomSource(seed: 7)
        let q = GaussianMixture.gaussian(mean: 1, sd: 0.6)
        // In one dimension the optimal pairing of two equal-size samples matches them in sorted order.
        let count = 100_000
        let a = twoModes.sample(count, random: &random).sorted()
        let b = q.sample(count, random: &random).sorted()
        let empirical = zip(a, b).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(count)
        let exact = wassersteinDistance(twoModes, q)
        // The empirical distance fluctuates by about 1/√count around the exact one.
        #expect(abs(empirical - exact) < 0.02, "empirical \(empirical), quadrature \(exact)")
        #expect(exact > 1)
    }

    @Test("optimalAssignment finds the cheapest permutation, as brute force does", arguments: 1...6)
    func assignmentAgainstBruteForce(size: Int) {
        var random = RandomSource(seed: UInt64(size))
        for _ in 0..<20 {
            let cost = (0..<size).map { _ in (0..<size).map { _ in random.uniform(Double.self) * 10 - 3 } }
            let assignment = optimalAssignment(cost)
            #expect(assignment.sorted() == Array(0..<size), "not a permutation: \(assignment)")
            let found = assignment.indices.reduce(0) { $0 + cost[$1][assignment[$1]] }
            #expect(abs(found - cheapestByBruteForce(cost)) < 1e-12)
        }
    }

    @Test("optimalAssignment of points on a line pairs them in sorted order")
    func assignmentOnALine() {
        var random = RandomSource(seed: 3)
        let a = (0..<60).map { _ in random.normal(Double.self) }
        let b = (0..<60).map { _ in random.normal(Double.self) * 2 + 1 }
        let assignment = optimalAssignment(a.map { x in b.map { abs(x - $0) } })
        let transport = a.indices.reduce(0) { $0 + abs(a[$1] - b[assignment[$1]]) }
        let sorted = zip(a.sorted(), b.sorted()).reduce(0) { $0 + abs($1.0 - $1.1) }
        #expect(abs(transport - sorted) < 1e-12)
        #expect(optimalAssignment([]) == [])
    }
}

/// The cheapest total cost over all n! permutations.
func cheapestByBruteForce(_ cost: [[Double]]) -> Double {
    func search(_ row: Int, _ free: [Int]) -> Double {
        guard row < cost.count else { return 0 }
        return free.map { column in cost[row][column] + search(row + 1, free.filter { $0 != column }) }.min()!
    }
    return search(0, Array(cost.indices))
}
