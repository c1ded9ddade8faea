import Foundation

/// The exact quantities of the GAN game for one-dimensional mixtures: the optimal
/// discriminator, the Jensen–Shannon divergence and the value V(G, D), all by quadrature.

/// The composite Simpson rule on evenly spaced nodes:
/// ∫ₐᵇ f ≈ h/3 · (f₀ + 4f₁ + 2f₂ + 4f₃ + … + 4fₙ₋₁ + fₙ), h = (b − a)/n, n even.
///
/// Its nodes are public so that a function known only at points (a network evaluated on one
/// batch) can be integrated as well as a closure.
public struct SimpsonRule: Sendable {
    /// Where the integrand is evaluated: n + 1 evenly spaced points from a to b.
    public let nodes: [Double]
    /// The weight of each node: h/3 · (1, 4, 2, 4, …, 2, 4, 1).
    public let weights: [Double]

    /// A rule on `interval` with `intervals` subintervals (rounded up to an even number ≥ 2).
    public init(over interval: ClosedRange<Double>, intervals: Int) {
        let n = max(2, intervals + intervals % 2)
        let a = interval.lowerBound
        let h = (interval.upperBound - a) / Double(n)
        nodes = (0...n).map { a + Double($0) * h }
        weights = (0...n).map { i in
            let factor: Double = i == 0 || i == n ? 1 : (i % 2 == 1 ? 4 : 2)
            return factor * h / 3
        }
    }

    /// A rule fine enough for integrands built from these mixtures' densities: it covers the
    /// union of their spans with a step of a fortieth of the narrowest standard deviation.
    ///
    /// For integrands that vanish smoothly at both ends, Simpson's rule converges much faster
    /// than its h⁴ bound (Euler–Maclaurin: the boundary terms vanish), so σ/40 gives ~1e-12
    /// accuracy. The number of subintervals is capped at 2²¹ so that a very narrow component far
    /// from the others cannot stall a run; spans wider than ~50 000 narrowest σ therefore lose
    /// accuracy.
    public static func covering(_ mixtures: GaussianMixture...) -> SimpsonRule {
        let lower = mixtures.map(\.span.lowerBound).min() ?? -1
        let upper = mixtures.map(\.span.upperBound).max() ?? 1
        let step = (mixtures.map(\.smallestSD).min() ?? 1) / 40
        // Capped in Double first: the ratio can exceed Int's range for absurd spans.
        let intervals = min(Double(1 << 21), max(1000, ((upper - lower) / step).rounded(.up)))
        return SimpsonRule(over: lower...upper, intervals: Int(intervals))
    }

    /// ∫ f ≈ Σ weightᵢ · f(nodeᵢ).
    public func integrate(_ integrand: (Double) -> Double) -> Double {
        integrate(values: nodes.map(integrand))
    }

    /// ∫ f ≈ Σ weightᵢ · valueᵢ, for the integrand's values at `nodes`.
    public func integrate(values: [Double]) -> Double {
        precondition(values.count == nodes.count, "SimpsonRule: \(values.count) values for \(nodes.count) nodes")
        return zip(weights, values).reduce(0) { $0 + $1.0 * $1.1 }
    }
}

/// σ(t) = 1 / (1 + e⁻ᵗ), written so that neither branch overflows.
func sigmoid(_ t: Double) -> Double {
    t >= 0 ? 1 / (1 + Foundation.exp(-t)) : Foundation.exp(t) / (1 + Foundation.exp(t))
}

/// log σ(t) = −softplus(−t) = −(max(−t, 0) + log(1 + e^−|t|)): finite where σ(t) rounds to 0.
func logSigmoid(_ t: Double) -> Double {
    -(max(-t, 0) + Foundation.log1p(Foundation.exp(-abs(t))))
}

/// The logit of the optimal discriminator: log p_data(x) − log p_g(x), the log density ratio.
///
/// A discriminator that outputs logits ℓ(x) is optimal when ℓ(x) equals this
/// (Goodfellow et al. 2014, Prop. 1, rewritten with D = σ(ℓ)).
public func optimalDiscriminatorLogit(data: GaussianMixture, generator: GaussianMixture, at x: Double) -> Double {
    data.logDensity(x) - generator.logDensity(x)
}

/// The optimal discriminator for a fixed generator (Goodfellow et al. 2014, Prop. 1):
/// D*(x) = p_data(x) / (p_data(x) + p_g(x)) = σ(log p_data(x) − log p_g(x)).
///
/// The sigmoid of the log ratio stays exact where both densities underflow to 0, where the
/// quotient would be 0/0.
public func optimalDiscriminator(data: GaussianMixture, generator: GaussianMixture, at x: Double) -> Double {
    sigmoid(optimalDiscriminatorLogit(data: data, generator: generator, at: x))
}

/// The Jensen–Shannon divergence in nats, by quadrature over both spans:
/// JSD(P‖Q) = ½ KL(P‖M) + ½ KL(Q‖M), M = (P + Q)/2; it lies in [0, log 2].
///
/// The integrand ½ p (log p − log m) + ½ q (log q − log m) is computed from log densities, with
/// log m = logsumexp(log p, log q) − log 2, so it stays finite where the densities underflow.
public func jensenShannonDivergence(_ p: GaussianMixture, _ q: GaussianMixture) -> Double {
    jensenShannonDivergence(p, q, rule: .covering(p, q))
}

/// The Jensen–Shannon divergence in nats with a given quadrature rule (to check its accuracy).
public func jensenShannonDivergence(_ p: GaussianMixture, _ q: GaussianMixture, rule: SimpsonRule) -> Double {
    rule.integrate { x in
        let logP = p.logDensity(x)
        let logQ = q.logDensity(x)
        let logM = logSumExp([logP, logQ]) - Foundation.log(2.0)
        return 0.5 * Foundation.exp(logP) * (logP - logM) + 0.5 * Foundation.exp(logQ) * (logQ - logM)
    }
}

/// The value of the game for a discriminator given by its logits ℓ(x), D = σ(ℓ), by quadrature:
/// V(G, D) = ∫ p_data(x) log D(x) + p_g(x) log(1 − D(x)) dx (Goodfellow et al. 2014, eq. 1).
///
/// `logits` are the values of ℓ at `rule.nodes`; log D = log σ(ℓ) and log(1 − D) = log σ(−ℓ).
public func gameValue(
    data: GaussianMixture, generator: GaussianMixture, logits: [Double], rule: SimpsonRule
) -> Double {
    let integrand = zip(rule.nodes, logits).map { x, logit in
        data.density(x) * logSigmoid(logit) + generator.density(x) * logSigmoid(-logit)
    }
    return rule.integrate(values: integrand)
}

/// The value of the game at the optimal discriminator, V(G, D*), integrated directly:
/// ∫ p_data log D* + p_g log(1 − D*) dx.
///
/// Goodfellow et al. 2014, Thm. 1 shows it equals 2·JSD(p_data‖p_g) − log 4; this function does
/// not use that, so comparing it with `jensenShannonDivergence` checks the theorem.
public func valueAtOptimalDiscriminator(data: GaussianMixture, generator: GaussianMixture) -> Double {
    valueAtOptimalDiscriminator(data: data, generator: generator, rule: .covering(data, generator))
}

/// V(G, D*) integrated directly with a given quadrature rule (to check its accuracy).
public func valueAtOptimalDiscriminator(data: GaussianMixture, generator: GaussianMixture, rule: SimpsonRule) -> Double {
    let logits = rule.nodes.map { optimalDiscriminatorLogit(data: data, generator: generator, at: $0) }
    return gameValue(data: data, generator: generator, logits: logits, rule: rule)
}

/// softplus(t) = log(1 + eᵗ) = max(t, 0) + log(1 + e^−|t|): finite for every finite t.
func softplus(_ t: Double) -> Double {
    max(t, 0) + Foundation.log1p(Foundation.exp(-abs(t)))
}

/// log 2 − JSD(P‖Q) in nats, by quadrature, keeping its relative precision when it is tiny.
///
/// From m = (p + q)/2, p·log(p/m) = p·log 2 − p·softplus(log q − log p), so
/// log 2 − JSD = ½ ∫ p·softplus(log q − log p) + q·softplus(log p − log q) dx,
/// an integral of positive terms that lives where the densities overlap. For N(0, 1) against
/// N(30, 1) it is about 10⁻⁵⁰: `log(2) - jensenShannonDivergence(p, q)` would round it to 0.
public func jensenShannonGap(_ p: GaussianMixture, _ q: GaussianMixture, rule: SimpsonRule) -> Double {
    rule.integrate { x in
        let logP = p.logDensity(x)
        let logQ = q.logDensity(x)
        return 0.5 * Foundation.exp(logP) * softplus(logQ - logP) + 0.5 * Foundation.exp(logQ) * softplus(logP - logQ)
    }
}

/// d/dμ JSD(P‖Q_μ) at μ = 0, where Q_μ is Q moved by μ (its samples are x + μ): the gradient a
/// generator G(z) = z + μ would follow if it could descend the JSD itself.
///
/// Differentiating under the integral, the terms from ∂m/∂μ cancel and
/// dJSD/dμ = ½ ∫ ∂q_μ/∂μ · log(2q/(p + q)) dx = −½ ∫ ∂q_μ/∂μ · softplus(log p − log q) dx,
/// the log 2 dropping out because ∫ ∂q_μ/∂μ dx = 0 (leaving it in would add rounding noise far
/// above the answer when the distributions are apart). For a mixture,
/// ∂q_μ/∂μ = Σₖ wₖ N(x; μₖ, σₖ²) (x − μₖ)/σₖ². This is independent of `jensenShannonGap`: the
/// tests compare it with central differences of that gap.
public func jensenShannonShiftDerivative(_ p: GaussianMixture, _ q: GaussianMixture, rule: SimpsonRule) -> Double {
    rule.integrate { x in
        let logP = p.logDensity(x)
        let logQ = q.logDensity(x)
        let shiftDerivative = zip(q.components, q.probabilities).reduce(0.0) { sum, term in
            let (component, probability) = term
            let density = probability * Foundation.exp(gaussianLogDensity(x, mean: component.mean, sd: component.sd))
            return sum + density * (x - component.mean) / (component.sd * component.sd)
        }
        return -0.5 * shiftDerivative * softplus(logP - logQ)
    }
}
