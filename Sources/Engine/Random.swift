import Foundation

/// The engine's only source of randomness: SplitMix64 (Steele, Lea & Flood 2014).
///
/// A seed fixes every number drawn from it, on every machine: there is no system randomness
/// anywhere in the engine. Normal samples use the Box–Muller transform in Double, so they also
/// depend on the C library's `log`, `cos` and `sin`, which are the same on every machine with the
/// same C library.
public struct RandomSource: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A source whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An independent source for one part of an experiment (a network's initialisation, the
    /// data, the noise), so that changing how much one part draws leaves the others unchanged.
    public mutating func split() -> RandomSource {
        RandomSource(seed: next())
    }

    /// A uniform sample from [0, 1), with every representable multiple of 2^−(p+1) equally
    /// likely for a type with p fraction bits.
    public mutating func uniform<T: TensorScalar>(_: T.Type = T.self) -> T {
        let bits = T.significandBitCount + 1
        return T(next() >> UInt64(64 - bits)) * (T.ulpOfOne / 2)
    }

    /// A uniform integer in 0..<bound (Lemire's multiply-shift with rejection, so unbiased).
    public mutating func index(below bound: Int) -> Int {
        precondition(bound > 0, "RandomSource.index(below:): bound must be positive, got \(bound)")
        let b = UInt64(bound)
        let threshold = (0 &- b) % b
        while true {
            let product = next().multipliedFullWidth(by: b)
            if product.low >= threshold { return Int(product.high) }
        }
    }

    /// A standard normal sample.
    public mutating func normal<T: TensorScalar>(_: T.Type = T.self) -> T {
        T(normalPair().0)
    }

    /// Two independent standard normal samples (Box–Muller).
    public mutating func normalPair() -> (Double, Double) {
        let u1 = 1 - uniform(Double.self)  // in (0, 1], so the logarithm is finite
        let u2 = uniform(Double.self)
        let radius = (-2 * Foundation.log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        return (radius * Foundation.cos(angle), radius * Foundation.sin(angle))
    }

    /// A random permutation of 0..<count (Fisher–Yates).
    public mutating func permutation(_ count: Int) -> [Int] {
        var result = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) {
            result.swapAt(i, index(below: i + 1))
        }
        return result
    }
}
