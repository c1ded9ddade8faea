import Foundation
import MinimaxEngine

/// Eight Gaussians on a circle: the standard toy data for mode collapse (Metz et al. 2017).
public struct GaussianRing: Sendable {
    public var modes: Int
    public var radius: Double
    public var standardDeviation: Double

    public init(modes: Int = 8, radius: Double = 2, standardDeviation: Double = 0.02) {
        self.modes = modes
        self.radius = radius
        self.standardDeviation = standardDeviation
    }

    /// The centre of mode k.
    public func center(_ k: Int) -> (x: Double, y: Double) {
        let angle = 2 * Double.pi * Double(k) / Double(modes)
        return (radius * cos(angle), radius * sin(angle))
    }

    /// `count` points, each from a uniformly chosen mode, as a [count, 2] batch.
    public func sample(_ count: Int, random: inout RandomSource) -> Tensor<Float> {
        var values: [Float] = []
        values.reserveCapacity(2 * count)
        for _ in 0..<count {
            let (x, y) = center(random.index(below: modes))
            let (dx, dy) = random.normalPair()
            values.append(Float(x + standardDeviation * dx))
            values.append(Float(y + standardDeviation * dy))
        }
        return Tensor(shape: [count, 2], scalars: values)
    }

    /// How many modes the samples cover: a mode counts when at least `minimumShare` of a
    /// uniform share of the samples lie within three standard deviations of its centre.
    public func modesCovered(_ samples: Tensor<Float>, minimumShare: Double = 0.25) -> Int {
        nearbyCounts(samples).filter { Double($0) >= minimumShare * Double(samples.shape[0]) / Double(modes) }.count
    }

    /// The share of samples within three standard deviations of some mode: sample quality.
    public func shareNearModes(_ samples: Tensor<Float>) -> Double {
        Double(nearbyCounts(samples).reduce(0, +)) / Double(max(samples.shape[0], 1))
    }

    func nearbyCounts(_ samples: Tensor<Float>) -> [Int] {
        var counts = [Int](repeating: 0, count: modes)
        let limit = 3 * standardDeviation
        for point in samples.rows {
            for k in 0..<modes {
                let (x, y) = center(k)
                if hypot(Double(point[0]) - x, Double(point[1]) - y) <= limit {
                    counts[k] += 1
                    break
                }
            }
        }
        return counts
    }
}
