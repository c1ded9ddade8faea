import Foundation
import MinimaxEngine
@testable import MinimaxExperiments
import MinimaxRunner
import Testing

/// Points as a [n, 2] batch.
func batch(_ points: [(Double, Double)]) -> Tensor<Float> {
    Tensor(shape: [points.count, 2], scalars: points.flatMap { [Float($0.0), Float($0.1)] })
}

@Suite("Ring of Gaussians and mode coverage")
struct RingTests {
    let ring = GaussianRing.defaults

    @Test("The eight means lie on the circle of radius 2 at angles 2πk/8, 2r·sin(π/8) apart")
    func centers() {
        let centers = ring.centers
        #expect(centers.count == 8)
        let expected: [(Double, Double)] = [
            (2, 0), (2.squareRoot(), 2.squareRoot()), (0, 2), (-(2.squareRoot()), 2.squareRoot()),
            (-2, 0), (-(2.squareRoot()), -(2.squareRoot())), (0, -2), (2.squareRoot(), -(2.squareRoot())),
        ]
        for (center, point) in zip(centers, expected) {
            #expect(abs(center.x - point.0) < 1e-12 && abs(center.y - point.1) < 1e-12, "\(center)")
        }
        let gap = ((centers[1].x - centers[0].x) * (centers[1].x - centers[0].x) + centers[1].y * centers[1].y).squareRoot()
        #expect(abs(gap - 4 * Foundation.sin(Double.pi / 8)) < 1e-12)
    }

    @Test("Samples pick each mode with probability 1/8 and scatter around it with σ along each axis")
    func samples() {
        var random = RandomSource(seed: 3)
        let samples = ring.sample(80_000, random: &random)
        #expect(samples.shape == [80_000, 2])
        let centers = ring.centers
        var counts = [Int](repeating: 0, count: 8)
        var squares = 0.0
        for row in samples.rows {
            let (x, y) = (Double(row[0]), Double(row[1]))
            let k = centers.indices.min { hypot(centers[$0].x - x, centers[$0].y - y) < hypot(centers[$1].x - x, centers[$1].y - y) }!
            counts[k] += 1
            squares += (x - centers[k].x) * (x - centers[k].x) + (y - centers[k].y) * (y - centers[k].y)
        }
        // Each count is Binomial(80000, 1/8): standard deviation ≈ 94.
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 }, "\(counts)")
        // E‖x − μ‖² = 2σ²; the estimate's relative standard error is 1/√80000 ≈ 0.004.
        let sd = (squares / 80_000 / 2).squareRoot()
        #expect(abs(sd / 0.02 - 1) < 0.02, "σ estimated as \(sd)")
        var again = RandomSource(seed: 3)
        #expect(ring.sample(80_000, random: &again).scalars == samples.scalars)
    }

    @Test("A sample is high quality within 3σ of its nearest mode; a mode is covered by one such sample")
    func coverageCounts() {
        let centers = ring.centers
        let points: [(Double, Double)] = [
            (centers[0].x, centers[0].y),  // on mode 1
            (centers[0].x + 0.059, centers[0].y),  // 2.95σ from mode 1: high quality
            (centers[2].x, centers[2].y - 0.061),  // 3.05σ from mode 3: not
            (centers[5].x + 0.03, centers[5].y + 0.03),  // 2.1σ from mode 6
            (0.1, 0),  // near the centre: nearest to mode 1, far from it
        ]
        let coverage = ModeCoverage(of: batch(points), ring: ring, threshold: 3)
        #expect(coverage.total == 5)
        #expect(coverage.highQuality == [2, 0, 0, 0, 0, 1, 0, 0])
        #expect(coverage.nearest == [3, 0, 1, 0, 0, 1, 0, 0])
        #expect(coverage.modesCovered == 2)
        #expect(coverage.highQualityFraction == 3.0 / 5)
        #expect(coverage.shares == [0.6, 0, 0.2, 0, 0, 0.2, 0, 0])
        #expect(coverage.dominantMode == 0)
        // A wider threshold takes in the sample 3.05σ out.
        #expect(ModeCoverage(of: batch(points), ring: ring, threshold: 3.1).highQuality == [2, 0, 1, 0, 0, 1, 0, 0])
        // Among tied modes the first is dominant.
        #expect(ModeCoverage(of: batch([centers[4], centers[2]].map { ($0.x, $0.y) }), ring: ring, threshold: 3).dominantMode == 2)
    }

    @Test("On the data itself, every mode is covered and 1 − e^(−9/2) of the samples are high quality")
    func dataCoverage() {
        var random = RandomSource(seed: 5)
        let coverage = ModeCoverage(of: ring.sample(100_000, random: &random), ring: ring, threshold: 3)
        #expect(coverage.modesCovered == 8)
        // ‖x − μ‖²/σ² is χ² with 2 degrees of freedom: P(‖x − μ‖ ≤ 3σ) = 1 − e^(−9/2) ≈ 0.98889;
        // the standard error on 10⁵ samples is 0.0003.
        #expect(abs(coverage.highQualityFraction - (1 - Foundation.exp(-4.5))) < 0.0015, "\(coverage.highQualityFraction)")
        #expect(coverage.shares.allSatisfy { abs($0 - 0.125) < 0.005 })
    }

    @Test("The spread is √(mean ‖x − x̄‖²): √2 for the corners of a square, 0 for one repeated point")
    func spreadOfPoints() {
        #expect(abs(spread(batch([(1, 1), (3, 1), (1, 3), (3, 3)])) - 2.squareRoot()) < 1e-12)
        #expect(spread(batch([(0.5, -2), (0.5, -2), (0.5, -2)])) == 0)
        var random = RandomSource(seed: 8)
        // The ring's spread is √(r² + 2σ²) = 2.0002 up to sampling error.
        #expect(abs(spread(ring.sample(50_000, random: &random)) - (4 + 2 * 0.0004).squareRoot()) < 0.002)
    }
}
