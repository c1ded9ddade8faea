import MinimaxRunner

/// Evenly spaced points from `from` to `to`, both included: where tables are computed.
///
/// Lessons write it as `{from: -5, to: 5, points: 201}`.
public struct UniformGrid: Sendable, Equatable {
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

}

extension UniformGrid: ParameterGroup {
    public static let defaults = UniformGrid(from: -5, to: 5, points: 201)

    public static let fields: [Field<UniformGrid>] = [
        Field("from", \.from, help: "The first point.", .within(-1e6...1e6)),
        Field("to", \.to, help: "The last point, above from.", .within(-1e6...1e6)),
        Field("points", \.points, help: "How many evenly spaced points, both ends included.", .within(2...100_001)),
    ]

    public static func check(_ grid: UniformGrid, at path: String) throws(ParameterError) {
        guard grid.to > grid.from else {
            throw .invalid(parameterPath(path, "to"), message: "must be above from = \(formatNumber(grid.from)), got \(formatNumber(grid.to))")
        }
    }
}
