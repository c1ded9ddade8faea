import MinimaxRunner

/// Evenly spaced points from `from` to `to`, both included: where tables are computed.
///
/// Lessons write it as `{from: -5, to: 5, points: 201}`.
public struct UniformGrid: Codable, Sendable, Equatable {
    public var from: Double
    public var to: Double
    public var points: Int

    public init(from: Double, to: Double, points: Int) {
        self.from = from
        self.to = to
        self.points = points
    }

    /// The points: xᵢ = from + i·(to − from)/(points − 1), i = 0 … points − 1.
    public var values: [Double] {
        let step = (to - from) / Double(points - 1)
        // The last point is set exactly, so that rounding in the step cannot move it.
        return (0..<points).map { $0 == points - 1 ? to : from + Double($0) * step }
    }

    /// Checks that the grid can be drawn: finite ends with from < to, and at least two points.
    /// Throws `invalidParameter` naming `key.from`, `key.to` or `key.points`.
    public func validate(key: String) throws {
        guard from.isFinite else {
            throw ExperimentError.invalidParameter(key: "\(key).from", message: "must be finite, got \(from)")
        }
        guard to.isFinite, to > from else {
            throw ExperimentError.invalidParameter(key: "\(key).to", message: "must be finite and above from = \(from), got \(to)")
        }
        guard points >= 2 else {
            throw ExperimentError.invalidParameter(key: "\(key).points", message: "needs at least 2 points, got \(points)")
        }
    }
}
