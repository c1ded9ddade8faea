import Foundation
import MinimaxRunner

/// `parallel-lines`: the divergences between two distributions with disjoint supports
/// (Arjovsky, Chintala & Bottou 2017, Example 1).
///
/// P₀ is uniform on the segment {0} × [0, 1] of the plane and P_θ is the same segment moved to
/// x = θ: the distribution of (θ, Z), Z ∼ U[0, 1], a generator with one parameter θ. For θ ≠ 0
/// the two share no point, so JSD(P₀‖P_θ) = log 2 and KL(P₀‖P_θ) = +∞ however close the lines
/// are, while W₁(P₀, P_θ) = |θ|: only the Wasserstein distance tells the generator which way to
/// move θ, and it is continuous in θ where the others jump at 0.
///
/// Each segment is represented by n equally weighted points at the heights (i + ½)/n, the same
/// on both lines. The JSD and the KL are then sums over points from their definitions, and W₁
/// is the cost of the optimal transport between the two sets of points, found by the Hungarian
/// method (`optimalAssignment`): nothing assumes the answers above.
public enum ParallelLinesExperiment: ExperimentKind {
    /// What each parameter means, and the values it accepts: `fields`, below.
    public struct Parameters: Sendable, Equatable {
        public var theta: [Double]
        /// Points per segment.
        public var points: Int
    }

    public static let name = "parallel-lines"

    public static let summary =
        "JSD, KL and Wasserstein-1 between a uniform segment and its copy moved by θ: disjoint supports (WGAN, Example 1)."

    public static let version = 1

    public static let results: [ResultDeclaration] = [
        .scalar("js_at_zero", "JSD(P₀‖P_θ) at θ = 0, where the lines coincide: 0."),
        .scalar("kl_at_zero", "KL(P₀‖P_θ) at θ = 0: 0."),
        .scalar("js_min_off_zero", "The smallest JSD over the θ ≠ 0 of the list."),
        .scalar("js_max_off_zero", "The largest JSD over the θ ≠ 0 of the list."),
        .scalar("kl_min_off_zero", "The smallest KL over the θ ≠ 0 of the list: inf when every one is infinite."),
        .scalar("w_max_error", "The largest |W₁ − |θ|| over the list, W₁ from the optimal transport of the points."),
        .table(
            "disjoint", "The divergences for each θ of the list, and at θ = 0 if the list lacks it.",
            columns: [
                "theta": "How far the second segment is moved: P_θ is uniform on {θ} × [0, 1].",
                "js": "JSD(P₀‖P_θ) in nats: log 2 ≈ 0.693 as soon as θ ≠ 0.",
                "kl": "KL(P₀‖P_θ) in nats: inf (written so) as soon as θ ≠ 0.",
                "w": "W₁(P₀, P_θ), the optimal transport cost between the points of the two segments.",
            ]),
    ]

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        let thetas = Array(Set(parameters.theta + [0])).sorted()
        var rows: [[Double]] = []
        for (index, theta) in thetas.enumerated() {
            let divergences = Divergences(theta: theta, points: parameters.points)
            rows.append([theta, divergences.js, divergences.kl, divergences.w])
            context.progress(index + 1, thetas.count, [("w", divergences.w)])
        }
        let atZero = rows.first { $0[0] == 0 }!
        let offZero = rows.filter { $0[0] != 0 }
        return ExperimentResult(
            scalars: [
                "js_at_zero": atZero[1], "kl_at_zero": atZero[2],
                "js_min_off_zero": offZero.map { $0[1] }.min()!, "js_max_off_zero": offZero.map { $0[1] }.max()!,
                "kl_min_off_zero": offZero.map { $0[2] }.min()!,
                "w_max_error": rows.map { abs($0[3] - abs($0[0])) }.max()!,
            ],
            tables: ["disjoint": DataTable(columns: ["theta", "js", "kl", "w"], rows: rows)])
    }

    /// JSD, KL and W₁ between the points of the segment at x = 0 and those of the segment at x = θ.
    struct Divergences {
        var js: Double
        var kl: Double
        var w: Double

        init(theta: Double, points n: Int) {
            let heights = (0..<n).map { (Double($0) + 0.5) / Double(n) }
            // The mass each distribution puts on each point of either segment, the points kept in
            // the order first met so that the sums below round the same way on every run.
            struct Point: Hashable { var x, z: Double }
            var order: [Point] = []
            var masses: [Point: (p: Double, q: Double)] = [:]
            func add(_ point: Point, p: Double, q: Double) {
                if masses[point] == nil { order.append(point) }
                masses[point, default: (0, 0)].p += p
                masses[point, default: (0, 0)].q += q
            }
            for z in heights {
                add(Point(x: 0, z: z), p: 1 / Double(n), q: 0)
                add(Point(x: theta, z: z), p: 0, q: 1 / Double(n))
            }
            // JSD = ½ Σ p log(p/m) + ½ Σ q log(q/m), m = (p + q)/2; KL = Σ p log(p/q), which is
            // +∞ as soon as P₀ puts mass where P_θ puts none. Terms with no mass are 0.
            func term(_ a: Double, _ b: Double) -> Double { a > 0 ? a * Foundation.log(a / b) : 0 }
            js = 0
            kl = 0
            for point in order {
                let (p, q) = masses[point]!
                let m = (p + q) / 2
                js += 0.5 * term(p, m) + 0.5 * term(q, m)
                kl += term(p, q)
            }
            let cost = heights.map { z in heights.map { zMoved in ((theta * theta) + (z - zMoved) * (z - zMoved)).squareRoot() } }
            let pairs = optimalAssignment(cost)
            w = pairs.indices.reduce(0) { $0 + cost[$1][pairs[$1]] } / Double(n)
        }
    }
}

extension ParallelLinesExperiment.Parameters: ParameterGroup {
    public static let defaults = Self(theta: [-1, -0.5, -0.1, -0.01, 0, 0.01, 0.1, 0.5, 1], points: 100)

    // The Hungarian method takes O(n³) time and n² memory: 500 points take about a second per θ.
    public static let fields: [Field<Self>] = [
        Field(
            "theta", \.theta, help: "How far the second segment is moved, for each row of the table (θ = 0 is always added).",
            .init("of 1 to 21 items, each from -100 to 100") { (1...21).contains($0.count) && $0.allSatisfy { abs($0) <= 100 } }),
        Field("points", \.points, help: "Points representing each segment, at heights (i + ½)/points.", .within(1...500)),
    ]

    public static func check(_ parameters: Self, at path: String) throws(ParameterError) {
        guard parameters.theta.contains(where: { $0 != 0 }) else {
            throw .invalid(parameterPath(path, "theta"), message: "needs a θ other than 0: at 0 the two segments are the same")
        }
    }
}
