import Foundation
import MinimaxEngine
import Testing

/// The Fréchet distance against closed forms that need no eigensolver.
@Suite("Fréchet distance")
struct FrechetDistanceTests {
    /// A random d × d orthogonal matrix (row-major): Gram–Schmidt on Gaussian columns.
    static func rotation(_ d: Int, _ random: inout RandomSource) -> [Double] {
        var columns: [[Double]] = []
        while columns.count < d {
            var v = (0..<d).map { _ in random.normal(Double.self) }
            for _ in 0..<2 {  // twice: classical Gram–Schmidt loses orthogonality once
                for u in columns {
                    let dot = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                    for i in 0..<d { v[i] -= dot * u[i] }
                }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            columns.append(v.map { $0 / norm })
        }
        return (0..<d * d).map { columns[$0 % d][$0 / d] }
    }

    /// Q diag(λ) Qᵀ, written as a plain loop.
    static func conjugate(_ q: [Double], _ lambda: [Double]) -> [Double] {
        let d = lambda.count
        return (0..<d * d).map { index in
            let (i, j) = (index / d, index % d)
            return (0..<d).reduce(0) { $0 + q[i * d + $1] * lambda[$1] * q[j * d + $1] }
        }
    }

    /// A random symmetric positive definite matrix: A Aᵀ / d + ½ I.
    static func randomCovariance(_ d: Int, _ random: inout RandomSource) -> [Double] {
        let a = (0..<d * d).map { _ in random.normal(Double.self) }
        return (0..<d * d).map { index in
            let (i, j) = (index / d, index % d)
            return (0..<d).reduce(0) { $0 + a[i * d + $1] * a[j * d + $1] } / Double(d) + (i == j ? 0.5 : 0)
        }
    }

    static func diagonal(_ values: [Double]) -> [Double] {
        let d = values.count
        return (0..<d * d).map { $0 % (d + 1) == 0 ? values[$0 / d] : 0 }
    }

    @Test("Identical Gaussians are at distance 0")
    func identical() throws {
        var random = RandomSource(seed: 3)
        for d in [1, 2, 7, 40] {
            let sigma = Self.randomCovariance(d, &random)
            let mu = (0..<d).map { _ in random.normal(Double.self) }
            let g = GaussianStatistics(mean: mu, covariance: sigma)
            let trace = (0..<d).reduce(0) { $0 + sigma[$1 * d + $1] }
            let distance = try frechetDistance(g, g)
            #expect(distance >= 0 && distance <= 1e-12 * trace, "d = \(d): \(distance)")
        }
    }

    @Test("A shift of the mean alone gives ‖Δμ‖²")
    func meanShift() throws {
        var random = RandomSource(seed: 4)
        let d = 12
        let sigma = Self.randomCovariance(d, &random)
        let mu1 = (0..<d).map { _ in random.normal(Double.self) }
        let mu2 = mu1.map { $0 + random.normal(Double.self) }
        let expected = zip(mu1, mu2).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        let distance = try frechetDistance(
            GaussianStatistics(mean: mu1, covariance: sigma), GaussianStatistics(mean: mu2, covariance: sigma))
        #expect(abs(distance - expected) <= 1e-12 * Double(d) * 10, "\(distance) against \(expected)")
    }

    @Test("Diagonal covariances give Σ(√a − √b)², a zero variance included")
    func diagonalCovariances() throws {
        let a: [Double] = [4, 1, 0.25, 9, 2, 0]
        let b: [Double] = [1, 1, 1, 0.01, 3, 5]
        let mu = [Double](repeating: 0.5, count: a.count)
        let expected = zip(a, b).reduce(0) { $0 + ($1.0.squareRoot() - $1.1.squareRoot()) * ($1.0.squareRoot() - $1.1.squareRoot()) }
        let distance = try frechetDistance(
            GaussianStatistics(mean: mu, covariance: Self.diagonal(a)),
            GaussianStatistics(mean: mu, covariance: Self.diagonal(b)))
        #expect(abs(distance - expected) <= 1e-12 * expected, "\(distance) against \(expected)")
    }

    @Test("In one dimension: (μ₁ − μ₂)² + (σ₁ − σ₂)²")
    func oneDimension() throws {
        for (mu1, sigma1, mu2, sigma2) in [(0.0, 1.0, 0.0, 1.0), (1.5, 2.0, -0.5, 0.5), (3, 1e-3, 3, 10)] {
            let distance = try frechetDistance(
                GaussianStatistics(mean: [mu1], covariance: [sigma1 * sigma1]),
                GaussianStatistics(mean: [mu2], covariance: [sigma2 * sigma2]))
            let expected = (mu1 - mu2) * (mu1 - mu2) + (sigma1 - sigma2) * (sigma1 - sigma2)
            #expect(abs(distance - expected) <= 1e-13 * max(expected, 1), "\(distance) against \(expected)")
        }
    }

    @Test("Covariances that share eigenvectors: ‖Δμ‖² + Σ(√a − √b)² in any rotated basis")
    func commutingCovariances() throws {
        var random = RandomSource(seed: 5)
        let d = 16
        let q = Self.rotation(d, &random)
        let a = (0..<d).map { _ in random.uniform(Double.self) * 4 }
        let b = (0..<d).map { _ in random.uniform(Double.self) * 4 }
        let mu1 = (0..<d).map { _ in random.normal(Double.self) }
        let mu2 = (0..<d).map { _ in random.normal(Double.self) }
        let expected = zip(mu1, mu2).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
            + zip(a, b).reduce(0) { $0 + ($1.0.squareRoot() - $1.1.squareRoot()) * ($1.0.squareRoot() - $1.1.squareRoot()) }
        let distance = try frechetDistance(
            GaussianStatistics(mean: mu1, covariance: Self.conjugate(q, a)),
            GaussianStatistics(mean: mu2, covariance: Self.conjugate(q, b)))
        #expect(abs(distance - expected) <= 1e-10 * expected, "\(distance) against \(expected)")
    }

    @Test("2 × 2 covariances that do not commute: tr √M = √(tr M + 2√det M)")
    func twoByTwo() throws {
        // M = Σ₁^½ Σ₂ Σ₁^½ has tr M = tr Σ₁Σ₂ and det M = det Σ₁ det Σ₂, and a 2 × 2 PSD matrix with
        // eigenvalues p, q has (√p + √q)² = tr M + 2√det M.
        var random = RandomSource(seed: 6)
        for _ in 0..<20 {
            let s1 = Self.randomCovariance(2, &random), s2 = Self.randomCovariance(2, &random)
            let traceProduct = s1[0] * s2[0] + s1[1] * s2[2] + s1[2] * s2[1] + s1[3] * s2[3]
            let determinant = (s1[0] * s1[3] - s1[1] * s1[2]) * (s2[0] * s2[3] - s2[1] * s2[2])
            let expected = 0.25 + s1[0] + s1[3] + s2[0] + s2[3] - 2 * (traceProduct + 2 * determinant.squareRoot()).squareRoot()
            let distance = try frechetDistance(
                GaussianStatistics(mean: [0, 0.5], covariance: s1), GaussianStatistics(mean: [0, 0], covariance: s2))
            #expect(abs(distance - expected) <= 1e-12 * max(expected, 1), "\(distance) against \(expected)")
        }
    }

    @Test("Symmetric in its arguments, and positive for different random full covariances")
    func symmetry() throws {
        var random = RandomSource(seed: 7)
        let d = 30
        let g1 = GaussianStatistics(mean: (0..<d).map { _ in random.normal(Double.self) }, covariance: Self.randomCovariance(d, &random))
        let g2 = GaussianStatistics(mean: (0..<d).map { _ in random.normal(Double.self) }, covariance: Self.randomCovariance(d, &random))
        let forward = try frechetDistance(g1, g2), backward = try frechetDistance(g2, g1)
        #expect(forward > 1)
        #expect(abs(forward - backward) <= 1e-10 * forward, "\(forward) against \(backward)")
    }

    @Test("Mean and covariance of a feature matrix match numpy.cov's (n − 1) definition")
    func statistics() throws {
        var random = RandomSource(seed: 8)
        let (n, d) = (50, 6)
        let x = (0..<n * d).map { index in random.normal(Double.self) * Double(index % d + 1) + Double(index % d) }
        let statistics = try GaussianStatistics(features: Tensor(shape: [n, d], scalars: x))
        for j in 0..<d {
            let mean = (0..<n).reduce(0) { $0 + x[$1 * d + j] } / Double(n)
            #expect(abs(statistics.mean[j] - mean) <= 1e-13 * max(abs(mean), 1))
        }
        for j in 0..<d {
            for k in 0..<d {
                let (mj, mk) = (statistics.mean[j], statistics.mean[k])
                let c = (0..<n).reduce(0) { $0 + (x[$1 * d + j] - mj) * (x[$1 * d + k] - mk) } / Double(n - 1)
                #expect(abs(statistics.covariance[j * d + k] - c) <= 1e-12 * max(abs(c), 1), "Σ[\(j), \(k)]")
            }
        }
    }

    @Test("Samples of one Gaussian: the distance shrinks as n grows")
    func samplesConverge() throws {
        var random = RandomSource(seed: 9)
        let d = 4
        func sample(_ n: Int) -> Tensor<Double> {
            Tensor(shape: [n, d], scalars: (0..<n * d).map { _ in random.normal(Double.self) })
        }
        let small = try frechetDistance(features: sample(100), sample(100))
        let large = try frechetDistance(features: sample(10_000), sample(10_000))
        // The bias is about 2·d²/n for unit covariances, far above rounding, and shrinks with n.
        #expect(large < small / 10, "\(large) against \(small)")
        #expect(large > 0)
    }

    @Test("Fewer samples than features: a thrown error that says why, not NaN")
    func tooFewSamples() throws {
        var random = RandomSource(seed: 10)
        let features = Tensor<Float>.normal([8, 8], using: &random)
        #expect(throws: FrechetDistanceError.tooFewSamples(samples: 8, dimensions: 8)) {
            try GaussianStatistics(features: features)
        }
        let error = FrechetDistanceError.tooFewSamples(samples: 8, dimensions: 8)
        #expect(error.description.contains("singular"))
        #expect(error.description.contains("at least 9 samples"))
        // One more sample than features is enough.
        #expect(try GaussianStatistics(features: Tensor<Float>.normal([9, 8], using: &random)).dimension == 8)
    }

    @Test("Sizes that disagree and non-finite entries are refused")
    func invalidInputs() {
        let g1 = GaussianStatistics(mean: [0, 0], covariance: [1, 0, 0, 1])
        #expect(throws: FrechetDistanceError.self) { try frechetDistance(g1, GaussianStatistics(mean: [0], covariance: [1])) }
        #expect(throws: FrechetDistanceError.self) { try frechetDistance(g1, GaussianStatistics(mean: [0, 0], covariance: [1, 0, 0])) }
        #expect(throws: FrechetDistanceError.notFinite("the second covariance")) {
            try frechetDistance(g1, GaussianStatistics(mean: [0, 0], covariance: [1, .nan, .nan, 1]))
        }
    }
}
