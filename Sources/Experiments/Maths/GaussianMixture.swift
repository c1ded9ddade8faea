import Foundation
import MinimaxEngine
import MinimaxRunner

/// A mixture of one-dimensional Gaussians, the distributions of the first lessons:
/// p(x) = Σₖ wₖ · N(x; μₖ, σₖ²), with the weights wₖ divided by their sum.
///
/// Lessons write it as a plain list of components,
/// `[{weight: 0.5, mean: -2, sd: 0.5}, {weight: 0.5, mean: 2, sd: 0.5}]`, and every component
/// needs all three keys. Weights are relative: `[1, 1]` means the same as `[0.5, 0.5]`. They are
/// kept as written (so that a mixture writes back to what the lesson wrote) and normalised where
/// they are used.
public struct GaussianMixture: Sendable, Equatable {
    /// One Gaussian of the mixture with its (relative) weight.
    public struct Component: Sendable, Equatable {
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
        // One component: the same number without building arrays (log 1 = 0 and a one-term
        // log-sum-exp return it unchanged), several times faster inside quadratures.
        if components.count == 1 { return gaussianLogDensity(x, mean: components[0].mean, sd: components[0].sd) }
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

// A lesson writes a mixture as its list of components; the bounds keep every density and
// quadrature finite (a σ of 1e-300 would need more grid points than memory holds).
extension GaussianMixture: ParameterType {
    public static let expected = "a list of 1 to 16 components {weight, mean, sd}"
    public static var nestedFields: [FieldDescription] { Component.nestedFields }

    public static func read(_ value: ParameterValue, over current: GaussianMixture?, at path: String) throws(ParameterError) -> GaussianMixture {
        let components = try [Component].read(value, over: current?.components, at: path)
        guard (1...16).contains(components.count) else {
            throw .invalid(path, message: "must be \(expected), got \(components.count) components")
        }
        return GaussianMixture(components)
    }

    public var parameterValue: ParameterValue { components.parameterValue }
}

extension GaussianMixture.Component: ParameterGroup {
    public static let defaults = GaussianMixture.Component(weight: 1, mean: 0, sd: 1)

    public static let fields: [Field<GaussianMixture.Component>] = [
        Field("weight", \.weight, help: "The component's relative weight; weights are divided by their sum.", .positive(atMost: 1e6)),
        Field("mean", \.mean, help: "The component's mean μ.", .within(-1e4...1e4)),
        Field("sd", \.sd, help: "The component's standard deviation σ.", .within(1e-3...1e4)),
    ]
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
