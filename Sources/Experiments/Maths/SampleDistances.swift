import Foundation

/// How far a generator's samples are from a one-dimensional data distribution, for lessons that
/// train a generator and must say, with a number, whether it reached the data.

extension GaussianMixture {
    /// The cumulative distribution F(x) = Σₖ wₖ · Φ((x − μₖ)/σₖ), with Φ(z) = ½·erfc(−z/√2)
    /// (erfc rather than 1 + erf, so that the left tail keeps its digits).
    public func cumulativeProbability(_ x: Double) -> Double {
        zip(components, probabilities).reduce(0) { total, pair in
            let (component, probability) = pair
            let z = (x - component.mean) / component.sd
            return total + probability * 0.5 * Foundation.erfc(-z / 2.0.squareRoot())
        }
    }

    /// The quantile F⁻¹(u) for u in (0, 1), by bisection on `span` (F is increasing; 100 halvings
    /// of a span at most 2.6·10⁵ wide reach Double's resolution).
    public func quantile(_ u: Double) -> Double {
        var (low, high) = (span.lowerBound, span.upperBound)
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if cumulativeProbability(middle) < u { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }
}

/// The Wasserstein-1 (earth mover's) distance between the empirical distribution of `samples`
/// and `data`: W₁ = ∫₀¹ |F̂⁻¹(u) − F⁻¹(u)| du, in one dimension the mean distance each unit of
/// mass must travel (Villani 2009, Rem. 2.19).
///
/// The quantile function of n samples is the i-th smallest sample on ((i − 1)/n, i/n]; the
/// data's is evaluated at the midpoint (i − ½)/n. The result is the distance of a generator
/// stuck far away (about the distance between the means) or 0 for a perfect one, up to the
/// sampling noise of n samples (≈ σ/√n).
public func wassersteinDistance(samples: [Double], to data: GaussianMixture) -> Double {
    wassersteinDistance(samples: samples, toQuantiles: dataQuantiles(data, count: samples.count))
}

/// The data's quantiles F⁻¹((i − ½)/n), i = 1 … n: computed once when many sample sets of the
/// same size are compared with the same data.
func dataQuantiles(_ data: GaussianMixture, count: Int) -> [Double] {
    (0..<count).map { data.quantile((Double($0) + 0.5) / Double(count)) }
}

/// W₁ between `samples` and a distribution given by its quantiles at (i − ½)/n.
func wassersteinDistance(samples: [Double], toQuantiles quantiles: [Double]) -> Double {
    precondition(samples.count == quantiles.count, "wassersteinDistance: \(samples.count) samples for \(quantiles.count) quantiles")
    return mean(zip(samples.sorted(), quantiles).map { abs($0 - $1) })
}

/// A histogram normalised to a density: the fraction of `samples` in each bin of width h
/// centred on `centres` (evenly spaced), divided by h. Samples outside every bin are counted
/// nowhere, so the densities integrate to the fraction inside.
func histogramDensity(_ samples: [Double], centres: [Double]) -> [Double] {
    guard centres.count >= 2 else { return centres.map { _ in 0 } }
    let width = (centres[centres.count - 1] - centres[0]) / Double(centres.count - 1)
    let start = centres[0] - width / 2
    var counts = [Double](repeating: 0, count: centres.count)
    for sample in samples {
        let bin = ((sample - start) / width).rounded(.down)
        if bin >= 0 && bin < Double(centres.count) { counts[Int(bin)] += 1 }
    }
    return counts.map { $0 / (Double(samples.count) * width) }
}
