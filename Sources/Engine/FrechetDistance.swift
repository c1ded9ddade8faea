/// The Fréchet distance between two Gaussians, as FID computes it (Heusel et al. 2017), and the
/// feature statistics it needs.

/// Why a Fréchet distance could not be computed.
public enum FrechetDistanceError: Error, CustomStringConvertible, Equatable {
    /// n samples in d dimensions with n ≤ d: the covariance is singular.
    case tooFewSamples(samples: Int, dimensions: Int)
    /// Means and covariances whose sizes do not agree.
    case shapeMismatch(String)
    /// A mean or covariance entry is NaN or infinite.
    case notFinite(String)
    /// LAPACK's eigensolver reported a failure.
    case eigensolverFailed

    public var description: String {
        switch self {
        case .tooFewSamples(let samples, let dimensions):
            "\(samples) samples of \(dimensions) features: the covariance of n samples has rank at most n − 1, "
                + "so with \(samples) ≤ \(dimensions) it is singular and its Fréchet distance is meaningless "
                + "(pytorch-fid reports this case as NaN or an \"imaginary component\"); "
                + "use at least \(dimensions + 1) samples, or fewer features"
        case .shapeMismatch(let message): "Fréchet distance: \(message)"
        case .notFinite(let what): "Fréchet distance: \(what) has an entry that is NaN or infinite"
        case .eigensolverFailed: "Fréchet distance: LAPACK's dsyevd did not converge"
        }
    }
}

/// The mean and covariance of n feature vectors: the Gaussian a Fréchet distance compares.
public struct GaussianStatistics: Sendable, Equatable {
    /// μ: the mean of the d features.
    public var mean: [Double]
    /// Σ, d × d row-major: the unbiased (n − 1) sample covariance, as `numpy.cov` computes it.
    public var covariance: [Double]
    public var dimension: Int { mean.count }

    public init(mean: [Double], covariance: [Double]) {
        self.mean = mean
        self.covariance = covariance
    }

    /// The statistics of the rows of a row-major n × d feature matrix, in Double.
    ///
    /// μ = (1/n) Σᵢ xᵢ, Σ = (1/(n − 1)) Σᵢ (xᵢ − μ)(xᵢ − μ)ᵀ (one `dgemm` over the centred rows).
    /// Throws `tooFewSamples` when n ≤ d: Σ would be singular.
    public init(features: [Double], samples n: Int, dimensions d: Int) throws {
        guard n >= 0, d >= 1, features.count == n * d else {
            throw FrechetDistanceError.shapeMismatch("\(features.count) values are not \(n) samples of \(d) features")
        }
        guard n > d else { throw FrechetDistanceError.tooFewSamples(samples: n, dimensions: d) }
        guard features.allSatisfy(\.isFinite) else { throw FrechetDistanceError.notFinite("the features") }
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d { mean[j] += features[i * d + j] }
        }
        for j in 0..<d { mean[j] /= Double(n) }
        var centred = features
        for i in 0..<n {
            for j in 0..<d { centred[i * d + j] -= mean[j] }
        }
        var covariance = [Double](repeating: 0, count: d * d)
        centred.withUnsafeBufferPointer { x in
            covariance.withUnsafeMutableBufferPointer { c in
                BLAS.gemm(
                    transposeA: true, transposeB: false, m: d, n: d, k: n, alpha: 1 / Double(n - 1),
                    a: x.baseAddress!, lda: d, b: x.baseAddress!, ldb: d, beta: 0, c: c.baseAddress!, ldc: d)
            }
        }
        self.init(mean: mean, covariance: symmetrized(covariance, d))
    }

    /// The statistics of the rows of a rank-2 tensor [n, d] (samples × features), in Double.
    public init<Scalar: TensorScalar>(features: Tensor<Scalar>) throws {
        guard features.rank == 2 else {
            throw FrechetDistanceError.shapeMismatch("features must be [samples, features], got \(describe(features.shape))")
        }
        try self.init(
            features: features.scalars.map { Double($0) }, samples: features.shape[0], dimensions: features.shape[1])
    }
}

/// The Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂) (Fréchet 1957; Dowson & Landau 1982),
/// which FID evaluates on Inception features (Heusel et al. 2017):
///
///     d² = ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr (Σ₁^½ Σ₂ Σ₁^½)^½
///
/// In the symmetric form: Σ₁^½ = V diag(√λ) Vᵀ from LAPACK's `dsyevd`, then the eigenvalues of the
/// symmetric Σ₁^½ Σ₂ Σ₁^½, so no complex square root arises (scipy's `sqrtm(Σ₁Σ₂)`, which
/// pytorch-fid uses, works on a non-symmetric product and can return one). Eigenvalues that
/// rounding makes slightly negative are clamped at 0, and so is the result.
///
/// See also: `GaussianStatistics(features:)`.
public func frechetDistance(_ first: GaussianStatistics, _ second: GaussianStatistics) throws -> Double {
    let d = first.dimension
    guard second.dimension == d else {
        throw FrechetDistanceError.shapeMismatch("means of \(d) and \(second.dimension) features")
    }
    for (name, statistics) in [("the first", first), ("the second", second)] {
        guard statistics.covariance.count == d * d else {
            throw FrechetDistanceError.shapeMismatch(
                "\(name) covariance has \(statistics.covariance.count) entries, not \(d) × \(d)")
        }
        guard statistics.mean.allSatisfy(\.isFinite) else { throw FrechetDistanceError.notFinite("\(name) mean") }
        guard statistics.covariance.allSatisfy(\.isFinite) else {
            throw FrechetDistanceError.notFinite("\(name) covariance")
        }
    }
    let sigma1 = symmetrized(first.covariance, d), sigma2 = symmetrized(second.covariance, d)

    // Σ₁^½ = V diag(√max(λ, 0)) Vᵀ.
    guard let (values, vectors) = BLAS.symmetricEigen(sigma1, n: d, vectors: true) else {
        throw FrechetDistanceError.eigensolverFailed
    }
    var scaled = vectors  // V diag(√λ): column j times √λⱼ
    for i in 0..<d {
        for j in 0..<d { scaled[i * d + j] *= max(values[j], 0).squareRoot() }
    }
    let root = product(scaled, vectors, d, transposeB: true)
    // Σ₁^½ Σ₂ Σ₁^½, symmetric up to rounding; tr of its square root is the sum of √eigenvalues.
    let middle = symmetrized(product(product(root, sigma2, d), root, d), d)
    guard let (middleValues, _) = BLAS.symmetricEigen(middle, n: d, vectors: false) else {
        throw FrechetDistanceError.eigensolverFailed
    }
    let traceOfRoot = middleValues.reduce(0) { $0 + max($1, 0).squareRoot() }

    var meanDistance = 0.0
    for j in 0..<d { meanDistance += (first.mean[j] - second.mean[j]) * (first.mean[j] - second.mean[j]) }
    let trace1 = (0..<d).reduce(0) { $0 + sigma1[$1 * d + $1] }
    let trace2 = (0..<d).reduce(0) { $0 + sigma2[$1 * d + $1] }
    return max(meanDistance + trace1 + trace2 - 2 * traceOfRoot, 0)
}

/// The Fréchet distance between the Gaussians fitted to two feature matrices [n, d].
public func frechetDistance<Scalar: TensorScalar>(features first: Tensor<Scalar>, _ second: Tensor<Scalar>) throws
    -> Double
{
    try frechetDistance(GaussianStatistics(features: first), GaussianStatistics(features: second))
}

/// A · B (or A · Bᵀ) for row-major d × d matrices (`dgemm`).
private func product(_ a: [Double], _ b: [Double], _ d: Int, transposeB: Bool = false) -> [Double] {
    var c = [Double](repeating: 0, count: d * d)
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                BLAS.gemm(
                    transposeA: false, transposeB: transposeB, m: d, n: d, k: d, alpha: 1, a: a.baseAddress!, lda: d,
                    b: b.baseAddress!, ldb: d, beta: 0, c: c.baseAddress!, ldc: d)
            }
        }
    }
    return c
}

/// (M + Mᵀ) / 2: removes the rounding asymmetry of a product that is symmetric in exact arithmetic.
private func symmetrized(_ m: [Double], _ d: Int) -> [Double] {
    var s = m
    for i in 0..<d {
        for j in 0..<i {
            let average = (m[i * d + j] + m[j * d + i]) / 2
            s[i * d + j] = average
            s[j * d + i] = average
        }
    }
    return s
}
