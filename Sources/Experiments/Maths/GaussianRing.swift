import Foundation
import MinimaxEngine
import MinimaxRunner

/// The ring of Gaussians that mode-collapse experiments use since Metz et al. 2016:
/// `modes` equally weighted components N(μₖ, σ²·I) in the plane, their means on the circle of
/// radius r at the angles 2πk/modes, μₖ = r·(cos 2πk/modes, sin 2πk/modes).
///
/// With σ much smaller than the distance between neighbours (2r·sin(π/modes) ≈ 1.53 for eight
/// modes of radius 2), the modes are separate islands: a generator that covers some of them and
/// not others is easy to see and to count.
public struct GaussianRing: Sendable, Equatable {
    public var modes: Int
    public var radius: Double
    public var sd: Double

    public init(modes: Int, radius: Double, sd: Double) {
        self.modes = modes
        self.radius = radius
        self.sd = sd
    }

    /// The means μₖ, k = 0 … modes − 1.
    public var centers: [(x: Double, y: Double)] {
        (0..<modes).map { k in
            let angle = 2 * Double.pi * Double(k) / Double(modes)
            return (radius * Foundation.cos(angle), radius * Foundation.sin(angle))
        }
    }

    /// `count` samples as a [count, 2] batch: a mode chosen uniformly, then its Gaussian.
    public func sample(_ count: Int, random: inout RandomSource) -> Tensor<Float> {
        let centers = self.centers
        var values: [Float] = []
        values.reserveCapacity(2 * count)
        for _ in 0..<count {
            let center = centers[random.index(below: modes)]
            let (dx, dy) = random.normalPair()
            values.append(Float(center.x + sd * dx))
            values.append(Float(center.y + sd * dy))
        }
        return Tensor(shape: [count, 2], scalars: values)
    }
}

extension GaussianRing: ParameterGroup {
    public static let defaults = GaussianRing(modes: 8, radius: 2, sd: 0.02)

    public static let fields: [Field<GaussianRing>] = [
        Field("modes", \.modes, help: "How many Gaussians, equally spaced on the circle.", .within(1...64)),
        Field("radius", \.radius, help: "The circle's radius r.", .within(0.1...100)),
        Field("sd", \.sd, help: "Each Gaussian's standard deviation σ (the same along x and y).", .within(1e-3...10)),
    ]
}

/// How well samples cover the ring's modes, as Srivastava et al. 2017 and Lin et al.
/// 2018 count it: a sample is high quality when it lies within `threshold` standard
/// deviations (3 in both papers) of its nearest mode, and a mode is covered when at least one
/// high-quality sample is its. Where the samples are, high quality or not, is counted too: each
/// sample belongs to its nearest mode.
public struct ModeCoverage: Sendable, Equatable {
    /// Samples whose nearest mode is each mode, high quality or not.
    public var nearest: [Int]
    /// High-quality samples of each mode.
    public var highQuality: [Int]
    /// All samples.
    public var total: Int

    /// Counts the samples of a [n, 2] batch.
    public init(of samples: Tensor<Float>, ring: GaussianRing, threshold: Double) {
        let centers = ring.centers
        let radius = threshold * ring.sd
        nearest = [Int](repeating: 0, count: ring.modes)
        highQuality = nearest
        total = samples.shape[0]
        for row in 0..<total {
            let x = Double(samples.scalars[2 * row]), y = Double(samples.scalars[2 * row + 1])
            let distances = centers.map { (($0.x - x) * ($0.x - x) + ($0.y - y) * ($0.y - y)).squareRoot() }
            let mode = distances.indices.min { distances[$0] < distances[$1] }!
            nearest[mode] += 1
            if distances[mode] <= radius { highQuality[mode] += 1 }
        }
    }

    /// Modes with at least one high-quality sample.
    public var modesCovered: Int { highQuality.filter { $0 > 0 }.count }

    /// The share of samples that are high quality.
    public var highQualityFraction: Double { Double(highQuality.reduce(0, +)) / Double(max(total, 1)) }

    /// The share of samples nearest to each mode: they add up to 1, and a generator that matches
    /// the data puts 1/modes on each; a collapsed one puts nearly everything on one.
    public var shares: [Double] { nearest.map { Double($0) / Double(max(total, 1)) } }

    /// The mode nearest to the most samples (the lowest-numbered among ties).
    public var dominantMode: Int { nearest.indices.max { (nearest[$0], $1) < (nearest[$1], $0) }! }
}

/// √(mean ‖x − x̄‖²) over the rows of a [n, 2] batch: how far samples lie from their mean.
func spread(_ samples: Tensor<Float>) -> Double {
    let rows = samples.rows.map { $0.map(Double.init) }
    let center = [0, 1].map { axis in mean(rows.map { $0[axis] }) }
    return mean(rows.map { ($0[0] - center[0]) * ($0[0] - center[0]) + ($0[1] - center[1]) * ($0[1] - center[1]) }).squareRoot()
}
