import Foundation
import MinimaxEngine
import MinimaxRunner
import Testing

@testable import MinimaxExperiments

@Suite("Distances between samples and a distribution")
struct SampleDistanceTests {
    @Test("The cumulative probability is the integral of the density, and the quantile inverts it")
    func cumulativeAndQuantile() {
        let uneven = GaussianMixture([.init(weight: 3, mean: -1, sd: 0.2), .init(weight: 1, mean: 4, sd: 2)])
        for mixture in [twoModes, uneven, .gaussian(mean: 4, sd: 0.5)] {
            // Below −30 every mixture here has less than 10⁻³⁰ of its mass.
            for x in [-3.0, -1.1, 0, 0.7, 2, 4, 6.5] {
                let integral = SimpsonRule(over: -30...x, intervals: 100_000).integrate(mixture.density)
                #expect(abs(mixture.cumulativeProbability(x) - integral) < 1e-10, "\(mixture) at \(x)")
            }
            for u in [1e-9, 0.01, 0.3, 0.5, 0.77, 0.999] {
                #expect(abs(mixture.cumulativeProbability(mixture.quantile(u)) / u - 1) < 1e-9, "u = \(u)")
            }
        }
        // The left tail keeps its digits: Φ(−10) ≈ 7.62·10⁻²⁴, which 1 + erf would round to 0.
        #expect(abs(GaussianMixture.gaussian(mean: 0, sd: 1).cumulativeProbability(-10) / 7.619853024160527e-24 - 1) < 1e-12)
    }

    @Test("W₁ of shifted and scaled quantiles has its closed form; samples of the data are close to 0")
    func wasserstein() {
        let data = GaussianMixture.gaussian(mean: 4, sd: 0.5)
        let n = 20_000
        let quantiles = dataQuantiles(data, count: n)
        // Translating a distribution by c moves every unit of mass by |c|.
        #expect(abs(wassersteinDistance(samples: quantiles.map { $0 - 3.5 }, to: data) - 3.5) < 1e-9)
        // N(μ, σ₁²) against N(μ, σ₂²): the quantiles differ by (σ₁ − σ₂)·z, so W₁ = |σ₁ − σ₂|·E|Z| = |σ₁ − σ₂|·√(2/π).
        let wide = quantiles.map { 4 + 3 * ($0 - 4) }
        #expect(abs(wassersteinDistance(samples: wide, to: data) - 1.0 * (2 / Double.pi).squareRoot()) < 1e-3)
        // Independent samples of the data itself: W₁ shrinks like σ/√n.
        var random = RandomSource(seed: 7)
        let own = data.sample(n, random: &random)
        #expect(wassersteinDistance(samples: own, to: data) < 0.01)
        // Order does not matter.
        #expect(wassersteinDistance(samples: own.reversed(), to: data) == wassersteinDistance(samples: own, to: data))
    }

    @Test("A histogram density integrates to the fraction of samples inside its bins")
    func histogram() {
        let centres = stride(from: -1.0, through: 1.0, by: 0.5).map { $0 }
        // Bins of width 0.5 from −1.25 to 1.25.
        let density = histogramDensity([-1.2, -1.0, 0.1, 0.2, 1.24, 1.3, -2], centres: centres)
        let expected: [Double] = [2, 0, 2, 0, 1].map { $0 / (7 * 0.5) }
        #expect(density == expected)
        let mass: Double = density.reduce(0, +) * 0.5
        #expect(abs(mass - 5.0 / 7) < 1e-15)
    }
}
