import Foundation

/// The Wasserstein-1 (earth mover's) distance between one-dimensional mixtures.
///
/// W₁(P, Q) = inf over couplings γ of E_(x,y)∼γ |x − y| (Arjovsky, Chintala & Bottou 2017, eq. 1).
/// On the real line the best coupling matches quantiles, which gives the area between the two
/// cumulative distribution functions: W₁(P, Q) = ∫ |F_P(x) − F_Q(x)| dx (Vallender 1974).

extension GaussianMixture {
    /// F(x) = Σₖ wₖ Φ((x − μₖ)/σₖ), with Φ(z) = ½ erfc(−z/√2).
    public func cumulativeDistribution(_ x: Double) -> Double {
        zip(components, probabilities).reduce(0) { sum, term in
            let (component, probability) = term
            return sum + probability * 0.5 * Foundation.erfc(-(x - component.mean) / (component.sd * 2.squareRoot()))
        }
    }
}

/// W₁(P, Q) = ∫ |F_P(x) − F_Q(x)| dx, by quadrature over both spans.
///
/// Beyond the spans (every component's μ ± 12σ) both functions are 0 or 1 to Double's precision,
/// so nothing is lost outside. The integrand is continuous; where F_P − F_Q changes sign it has a
/// kink, which costs Simpson's rule accuracy (for two Gaussians of equal σ it never changes sign).
public func wassersteinDistance(_ p: GaussianMixture, _ q: GaussianMixture) -> Double {
    wassersteinDistance(p, q, rule: .covering(p, q))
}

/// W₁(P, Q) by quadrature with a given rule.
public func wassersteinDistance(_ p: GaussianMixture, _ q: GaussianMixture, rule: SimpsonRule) -> Double {
    rule.integrate { x in abs(p.cumulativeDistribution(x) - q.cumulativeDistribution(x)) }
}
