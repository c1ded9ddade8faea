import Foundation
import MinimaxEngine
import MinimaxRunner

/// A mixture of one-dimensional Gaussians, the distributions of the first lessons:
/// p(x) = Σₖ wₖ · N(x; μₖ, σₖ²), with the weights wₖ divided by their sum.
///
/// Lessons write it as a plain list of components,
/// `[{weight: 0.5, mean: -2, sd: 0.5}, {weight: 0.5, mean: 2, sd: 0.5}]`, and every component
/// needs all three keys. Weights are relative: `[1, 1]` means the same as `[0.5, 0.5]`. They are
/// kept as written (so that a mixture encodes back to what the lesson wrote) and normalised where
/// they are used.
public struct GaussianMixture: Codable, Sendable, Equatable {
    /// One Gaussian of the mixture with its (relative) weight.
    public struct Component: Codable, Sendable, Equatable {
        public var weight: Double
        public var mean: Double
        public var sd: Double

        public init(weight: Double, mean: Double, sd: Double) {
            self.weight = weight
            self.mean = mean
            self.sd = sd
        }
    }

    public var components: [Component]

    public init(_ components: [Component]) {
        self.components = components
    }

    /// A single Gaussian N(mean, sd²).
    public static func gaussian(mean: Double, sd: Double) -> GaussianMixture {
        GaussianMixture([Component(weight: 1, mean: mean, sd: sd)])
    }

    // A plain list in YAML and JSON: the components are all there is to say.
    public init(from decoder: any Decoder) throws {
        components = try decoder.singleValueContainer().decode([Component].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(components)
    }

    /// The weights divided by their sum, so that they add up to 1.
    public var probabilities: [Double] {
        let total = components.reduce(0) { $0 + $1.weight }
        return components.map { $0.weight / total }
    }

    /// log p(x) = log Σₖ exp(log wₖ + log N(x; μₖ, σₖ²)), by log-sum-exp.
    ///
    /// Subtracting the largest term before exponentiating keeps it finite far in the tails, where
    /// every density underflows to 0 (at x = 1000, log p ≈ −10⁶ but p = 0 in Double).
    public func logDensity(_ x: Double) -> Double {
        let terms = zip(components, probabilities).map { component, probability in
            Foundation.log(probability) + gaussianLogDensity(x, mean: component.mean, sd: component.sd)
        }
        return logSumExp(terms)
    }

    /// p(x) = Σₖ wₖ · N(x; μₖ, σₖ²).
    public func density(_ x: Double) -> Double {
        Foundation.exp(logDensity(x))
    }

    /// `count` independent samples: pick component k with probability wₖ, then draw from it.
    public func sample(_ count: Int, random: inout RandomSource) -> [Double] {
        let cumulative = probabilities.reduce(into: [Double]()) { sums, p in sums.append((sums.last ?? 0) + p) }
        return (0..<count).map { _ in
            let u = random.uniform(Double.self)
            // The last component also takes u ≥ its rounded cumulative sum (slightly below 1).
            let k = cumulative.firstIndex { u < $0 } ?? components.count - 1
            return components[k].mean + components[k].sd * random.normal(Double.self)
        }
    }

    /// Checks that this is a distribution: at least one component, positive weights, positive
    /// standard deviations, all numbers finite. Throws `invalidParameter` naming `key`.
    public func validate(key: String) throws {
        guard !components.isEmpty else {
            throw ExperimentError.invalidParameter(key: key, message: "needs at least one component {weight, mean, sd}")
        }
        for (index, component) in components.enumerated() {
            let name = "component \(index + 1)"
            guard component.weight.isFinite, component.weight > 0 else {
                throw ExperimentError.invalidParameter(
                    key: key, message: "\(name): weight must be positive and finite, got \(component.weight)")
            }
            guard component.mean.isFinite else {
                throw ExperimentError.invalidParameter(key: key, message: "\(name): mean must be finite, got \(component.mean)")
            }
            guard component.sd.isFinite, component.sd > 0 else {
                throw ExperimentError.invalidParameter(
                    key: key, message: "\(name): sd must be positive and finite, got \(component.sd)")
            }
        }
    }

    /// An interval holding all but a negligible mass: every component's μ ± 12σ.
    ///
    /// A Gaussian puts less than 10⁻³² of its mass beyond 12σ, far below Double's precision, so
    /// integrals over this span are integrals over the whole line.
    public var span: ClosedRange<Double> {
        let lower = components.map { $0.mean - 12 * $0.sd }.min() ?? 0
        let upper = components.map { $0.mean + 12 * $0.sd }.max() ?? 0
        return lower...upper
    }

    /// The narrowest component's σ: the finest detail quadrature must resolve.
    var smallestSD: Double {
        components.map(\.sd).min() ?? 1
    }
}

/// log N(x; μ, σ²) = −½((x − μ)/σ)² − log σ − ½ log 2π.
func gaussianLogDensity(_ x: Double, mean: Double, sd: Double) -> Double {
    let z = (x - mean) / sd
    return -0.5 * z * z - Foundation.log(sd) - 0.5 * Foundation.log(2 * Double.pi)
}

/// log Σ exp(tᵢ), without overflow or underflow: m + log Σ exp(tᵢ − m) with m = max tᵢ.
func logSumExp(_ terms: [Double]) -> Double {
    guard let largest = terms.max(), largest.isFinite else { return terms.max() ?? -.infinity }
    return largest + Foundation.log(terms.reduce(0) { $0 + Foundation.exp($1 - largest) })
}
