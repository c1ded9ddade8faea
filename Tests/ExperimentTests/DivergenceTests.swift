import Foundation
import MinimaxExperiments
import Testing

/// Pairs (p_data, p_g) of different shapes: overlapping, shifted, narrow against wide, far apart.
let distributionPairs: [(GaussianMixture, GaussianMixture)] = [
    (twoModes, .gaussian(mean: 0, sd: 1)),
    (.gaussian(mean: 0, sd: 1), .gaussian(mean: 3, sd: 0.5)),
    (GaussianMixture([.init(weight: 3, mean: -1, sd: 0.2), .init(weight: 1, mean: 4, sd: 2)]), .gaussian(mean: 1, sd: 2)),
    (.gaussian(mean: 0, sd: 1), .gaussian(mean: 0.1, sd: 1)),
    (twoModes, twoModes),
    (.gaussian(mean: 0, sd: 1), .gaussian(mean: 100, sd: 1)),
]

@Suite("Optimal discriminator and divergences")
struct DivergenceTests {
    @Test("Simpson's rule is exact for cubics and converges on a Gaussian")
    func simpson() {
        let cubic = SimpsonRule(over: -1...2, intervals: 2).integrate { x in x * x * x - 2 * x + 1 }
        // ∫₋₁² x³ − 2x + 1 = [x⁴/4 − x² + x] = (4 − 4 + 2) − (1/4 − 1 − 1) = 15/4.
        #expect(abs(cubic - 3.75) < 1e-14)
        let gaussian = SimpsonRule(over: -10...10, intervals: 200).integrate { Foundation.exp(-$0 * $0 / 2) }
        #expect(abs(gaussian - (2 * Double.pi).squareRoot()) < 1e-12)
        // An odd number of intervals is rounded up: Simpson needs pairs.
        #expect(SimpsonRule(over: 0...1, intervals: 5).nodes.count == 7)
        // A span of 10³⁰⁰ σ is capped instead of overflowing Int.
        #expect(SimpsonRule.covering(.gaussian(mean: 0, sd: 1), .gaussian(mean: 1e300, sd: 1)).nodes.count == (1 << 21) + 1)
    }

    @Test("D* of two equal-variance Gaussians is a sigmoid of a line, even where both densities underflow")
    func optimalDiscriminatorClosedForm() {
        let (dataMean, generatorMean, sd) = (1.5, -0.5, 0.8)
        let data = GaussianMixture.gaussian(mean: dataMean, sd: sd)
        let generator = GaussianMixture.gaussian(mean: generatorMean, sd: sd)
        for x in [-40.0, -3, -0.5, 0, 0.5, 1, 2.5, 40] {
            // log p_data − log p_g = (μ₁ − μ₀)x/σ² + (μ₀² − μ₁²)/(2σ²), μ₁ the data mean, μ₀ the generator's.
            let logit = (dataMean - generatorMean) * x / (sd * sd)
                + (generatorMean * generatorMean - dataMean * dataMean) / (2 * sd * sd)
            let expected = 1 / (1 + Foundation.exp(-logit))
            let dStar = optimalDiscriminator(data: data, generator: generator, at: x)
            #expect(abs(dStar / expected - 1) < 1e-10, "x = \(x): D* = \(dStar), expected \(expected)")
        }
        // At x = −40 both densities are 0 in Double, yet D* is the exact tiny positive number.
        #expect(data.density(-40) == 0 && generator.density(-40) == 0)
        #expect(optimalDiscriminator(data: data, generator: generator, at: -40) > 0)
    }

    @Test("D* is ½ where the densities are equal, and p_data/(p_data + p_g) where they are not")
    func optimalDiscriminatorDefinition() {
        let generator = GaussianMixture.gaussian(mean: 0, sd: 1)
        for x in [-2.5, -1, 0, 0.7, 2] {
            let expected = twoModes.density(x) / (twoModes.density(x) + generator.density(x))
            #expect(abs(optimalDiscriminator(data: twoModes, generator: generator, at: x) - expected) < 1e-14)
            #expect(optimalDiscriminator(data: twoModes, generator: twoModes, at: x) == 0.5)
        }
    }

    @Test("JSD(P, P) = 0, JSD is symmetric and lies in [0, log 2]")
    func jensenShannonProperties() {
        for (p, q) in distributionPairs {
            #expect(abs(jensenShannonDivergence(p, p)) < 1e-14)
            let jsd = jensenShannonDivergence(p, q)
            #expect(abs(jsd - jensenShannonDivergence(q, p)) < 1e-12)
            #expect(jsd >= -1e-14 && jsd <= Foundation.log(2.0) + 1e-12, "JSD = \(jsd)")
        }
    }

    @Test("Gaussians 100 sd apart have JSD log 2: they share no mass")
    func jensenShannonOfDisjointGaussians() {
        let jsd = jensenShannonDivergence(.gaussian(mean: 0, sd: 1), .gaussian(mean: 100, sd: 1))
        #expect(abs(jsd - Foundation.log(2.0)) < 1e-12)
        // And at a few sd apart it is well below log 2, so the test above can fail.
        #expect(jensenShannonDivergence(.gaussian(mean: 0, sd: 1), .gaussian(mean: 3, sd: 1)) < 0.6)
    }

    @Test("JSD agrees with the entropy form H(M) − ½H(P) − ½H(Q), integrated independently")
    func jensenShannonFromEntropies() {
        // For Gaussians H = ½ log(2πeσ²) exactly; only H(M) = −∫ m log m needs a (plain trapezoid) sum.
        let (p, q) = (GaussianMixture.gaussian(mean: 0, sd: 1), GaussianMixture.gaussian(mean: 1.5, sd: 0.7))
        func entropy(_ sd: Double) -> Double { 0.5 * Foundation.log(2 * Double.pi * Foundation.exp(1) * sd * sd) }
        let h = 0.001
        var mixtureEntropy = 0.0
        for i in 0...30_000 {
            let m = 0.5 * p.density(-15 + Double(i) * h) + 0.5 * q.density(-15 + Double(i) * h)
            if m > 0 { mixtureEntropy -= h * m * Foundation.log(m) }
        }
        let expected = mixtureEntropy - 0.5 * entropy(1) - 0.5 * entropy(0.7)
        #expect(abs(jensenShannonDivergence(p, q) - expected) < 1e-9)
    }

    @Test("The quadrature has converged: four times the nodes change JSD and V(G, D*) by < 1e-12")
    func quadratureAccuracy() {
        for (p, q) in distributionPairs {
            let finer = SimpsonRule(
                over: min(p.span.lowerBound, q.span.lowerBound) - 5...max(p.span.upperBound, q.span.upperBound) + 5,
                intervals: 4 * SimpsonRule.covering(p, q).nodes.count)
            #expect(abs(jensenShannonDivergence(p, q) - jensenShannonDivergence(p, q, rule: finer)) < 1e-12)
            #expect(
                abs(valueAtOptimalDiscriminator(data: p, generator: q)
                    - valueAtOptimalDiscriminator(data: p, generator: q, rule: finer)) < 1e-12)
        }
    }

    @Test("Theorem 1: V(G, D*) = 2·JSD − log 4, by two independent quadratures")
    func valueAtOptimumIsJensenShannon() {
        for (p, q) in distributionPairs {
            let fromDivergence = 2 * jensenShannonDivergence(p, q) - Foundation.log(4.0)
            let direct = valueAtOptimalDiscriminator(data: p, generator: q)
            #expect(abs(fromDivergence - direct) < 1e-9, "2·JSD − log 4 = \(fromDivergence), ∫… = \(direct)")
        }
        #expect(abs(valueAtOptimalDiscriminator(data: twoModes, generator: twoModes) + Foundation.log(4.0)) < 1e-12)
    }

    @Test("No discriminator beats D*: V(G, D) < V(G, D*) for perturbed logits")
    func optimumIsAMaximum() {
        let generator = GaussianMixture.gaussian(mean: 0, sd: 1)
        let rule = SimpsonRule.covering(twoModes, generator)
        let optimal = rule.nodes.map { optimalDiscriminatorLogit(data: twoModes, generator: generator, at: $0) }
        let vStar = gameValue(data: twoModes, generator: generator, logits: optimal, rule: rule)
        for shift in [-0.5, -0.01, 0.01, 0.5] {
            let shifted = gameValue(data: twoModes, generator: generator, logits: optimal.map { $0 + shift }, rule: rule)
            #expect(shifted < vStar)
        }
        let flat = gameValue(data: twoModes, generator: generator, logits: optimal.map { _ in 0 }, rule: rule)
        #expect(abs(flat + Foundation.log(4.0)) < 1e-12)  // D ≡ ½ scores −log 4 against any generator
    }
}
