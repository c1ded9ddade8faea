import Foundation
import MinimaxEngine
import MinimaxExperiments
import MinimaxRunner
import Testing

/// The course's default data: two modes at ±2 with σ = 0.5.
let twoModes = GaussianMixture([.init(weight: 0.5, mean: -2, sd: 0.5), .init(weight: 0.5, mean: 2, sd: 0.5)])

@Suite("Gaussian mixtures")
struct MixtureTests {
    @Test("The density integrates to 1, with relative weights normalised")
    func densityIntegratesToOne() {
        let uneven = GaussianMixture([.init(weight: 3, mean: -1, sd: 0.2), .init(weight: 1, mean: 4, sd: 2)])
        for mixture in [twoModes, uneven, .gaussian(mean: 7, sd: 0.01)] {
            let rule = SimpsonRule.covering(mixture)
            #expect(abs(rule.integrate(mixture.density) - 1) < 1e-12, "\(mixture)")
        }
        #expect(uneven.probabilities == [0.75, 0.25])
        // Weights [3, 1] mean p = 0.75·N(−1, 0.2²) + 0.25·N(4, 2²), written out here by hand.
        func normal(_ x: Double, _ mean: Double, _ sd: Double) -> Double {
            Foundation.exp(-0.5 * (x - mean) * (x - mean) / (sd * sd)) / (sd * (2 * Double.pi).squareRoot())
        }
        for x in [-1.3, -1, 0, 2, 4, 9] {
            let expected = 0.75 * normal(x, -1, 0.2) + 0.25 * normal(x, 4, 2)
            #expect(abs(uneven.density(x) / expected - 1) < 1e-12, "x = \(x)")
        }
    }

    @Test("The log density matches the density and stays finite far in the tails")
    func logDensityInTails() {
        for x in [-3.0, -2, 0, 0.5, 2.7] {
            #expect(abs(Foundation.exp(twoModes.logDensity(x)) - twoModes.density(x)) < 1e-15)
        }
        // N(0, 1) has log density −½x² − ½ log 2π exactly.
        let standard = GaussianMixture.gaussian(mean: 0, sd: 1)
        #expect(abs(standard.logDensity(3) - (-4.5 - 0.5 * Foundation.log(2 * Double.pi))) < 1e-12)
        for x in [-1000.0, 1000] {
            let logP = twoModes.logDensity(x)
            #expect(logP.isFinite)
            // Only the nearer mode counts: log ½ + log N(x; ±2, ½²) = log ½ − ½(998/0.5)² − log(½√2π)
            // = −½·1996² − ½ log 2π ≈ −1.99·10⁶, where exp underflows to 0. Double's spacing there
            // is 2.3·10⁻¹⁰; a lost weight or normalising constant would be off by ≥ 0.69.
            #expect(abs(logP - (-0.5 * 1996.0 * 1996.0 - 0.5 * Foundation.log(2 * Double.pi))) < 1e-8)
            #expect(twoModes.density(x) == 0)
        }
    }

    @Test("Samples have the mixture's mean and variance")
    func sampleMoments() {
        let uneven = GaussianMixture([.init(weight: 3, mean: -1, sd: 0.5), .init(weight: 1, mean: 3, sd: 1)])
        // Mean Σ wμ = −0.75 + 0.75 = 0; variance Σ w(σ² + μ²) − mean² = 0.75·1.25 + 0.25·10 = 3.4375.
        var random = RandomSource(seed: 11)
        let samples = uneven.sample(200_000, random: &random)
        let mean = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(samples.count)
        // Standard errors: √(3.44/2·10⁵) ≈ 0.004 for the mean, ≈ 0.015 for the variance.
        #expect(abs(mean - 0) < 0.02)
        #expect(abs(variance - 3.4375) < 0.06)
        // And the share of samples near each mode follows the weights 3 : 1.
        let left = Double(samples.filter { $0 < 1 }.count) / Double(samples.count)
        #expect(abs(left - 0.75) < 0.01)
    }

    @Test("A mixture is written as a plain list of {weight, mean, sd}, and reads back from it")
    func writing() throws {
        let written: ParameterValue = [["weight": 0.5, "mean": -2, "sd": 0.5], ["weight": 0.5, "mean": 2, "sd": 0.5]]
        #expect(twoModes.parameterValue == written)
        #expect(try GaussianMixture.read(written, over: nil, at: "p_g") == twoModes)
    }
}
