import Foundation
import MinimaxRunner

/// `shifted-gaussian-divergences`: the Jensen–Shannon divergence and the Wasserstein distance
/// between p = N(0, 1) and q_μ = N(μ, 1) as μ moves away, with their derivatives in μ.
///
/// Against the optimal discriminator the generator descends 2·JSD(p‖q_μ) − log 4 (Goodfellow et
/// al. 2014, Thm. 1). Once p and q_μ barely overlap, the JSD sits at log 2 and its derivative
/// vanishes (Arjovsky & Bottou 2017): the generator gets no signal. W₁(p, q_μ) = |μ| keeps
/// growing with slope 1 however far apart they are (Arjovsky, Chintala & Bottou 2017, §2).
///
/// Every closed form here is measured against a computation that does not use it: dJSD/dμ
/// (differentiated under the integral) against central differences of the JSD, W₁ = |μ| against
/// the area between the distribution functions, dW₁/dμ against central differences of that area.
public enum ShiftedGaussianDivergencesExperiment: ExperimentKind {
    /// What each parameter means, and the values it accepts: `fields`, below.
    public struct Parameters: Sendable, Equatable {
        public var mu: UniformGrid
        /// Means added to the grid and listed in the `marked` table.
        public var markedMu: [Double]
    }

    public static let name = "shifted-gaussian-divergences"

    public static let summary =
        "JSD and Wasserstein-1 between N(0, 1) and N(μ, 1) and their derivatives in μ, as μ moves away."

    public static let version = 1

    /// Columns of `divergences` and `marked`.
    static let columns: KeyValuePairs<String, String> = [
        "mu": "The mean μ of q_μ = N(μ, 1); p = N(0, 1).",
        "js": "JSD(p‖q_μ) in nats, by quadrature: from 0 at μ = 0 up to log 2 ≈ 0.693.",
        "js_grad": "dJSD/dμ, differentiated under the integral (what a generator descending the JSD follows).",
        "w": "W₁(p, q_μ) = |μ|, the closed form for equal variances.",
        "w_grad": "dW₁/dμ = sign(μ): 1 for every μ > 0 (0 at μ = 0, where |μ| has no derivative).",
    ]

    public static let results: [ResultDeclaration] = [
        .scalar("largest_mu", "The μ farthest from 0 in the table."),
        .scalar("js_at_largest_mu", "JSD(p‖q_μ) at largest_mu, in nats."),
        .scalar(
            "js_gap_at_largest_mu",
            "log 2 − JSD at largest_mu, integrated directly (½∫ p·softplus(log q − log p) + q·softplus(log p − log q)), so tiny values keep their digits."),
        .scalar("js_grad_peak", "The largest |dJSD/dμ| in the table: where the JSD gives the generator the most signal."),
        .scalar("mu_at_js_grad_peak", "The μ where |dJSD/dμ| peaks."),
        .scalar("js_grad_at_largest_mu", "dJSD/dμ at largest_mu."),
        .scalar("js_grad_ratio", "|js_grad_at_largest_mu| / js_grad_peak: how much of its peak the JSD's gradient keeps far away."),
        .scalar("w_at_largest_mu", "W₁ at largest_mu."),
        .scalar("w_grad_at_largest_mu", "dW₁/dμ at largest_mu."),
        .scalar(
            "js_grad_max_relative_error",
            "The largest |js_grad − central difference of the JSD| / |central difference| over μ ≠ 0 (step 10⁻⁴, on log 2 − JSD so that it keeps its digits)."),
        .scalar("w_max_error", "The largest |W₁ closed form − ∫|F_p − F_q| dx by quadrature| in the table."),
        .scalar("w_grad_max_error", "The largest |w_grad − central difference of the quadrature W₁| (step 10⁻⁴) in the table."),
        .table("divergences", "The divergence and the distance with their derivatives, at every μ of the grid and of marked_mu.", columns: columns),
        .table("marked", "The same columns at the marked means only: a short table to read.", columns: columns),
    ]

    /// The finite-difference step for the checks: small enough that the truncation error
    /// (h·d log(gap)/dμ)²/6 stays below 10⁻⁶ for |μ| ≤ 50, large enough that rounding does not show.
    static let differenceStep = 1e-4

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        // Each marked mean is listed once, even if the grid has it too.
        let mus = Array(Set(parameters.mu.values + parameters.markedMu)).sorted()
        let p = GaussianMixture.gaussian(mean: 0, sd: 1)
        var rows: [Row] = []
        for (index, mu) in mus.enumerated() {
            rows.append(Row(mu: mu, data: p))
            context.progress(index + 1, mus.count, [("js", rows.last!.js)])
        }

        let farthest = rows.max { abs($0.mu) < abs($1.mu) }!
        let peak = rows.max { abs($0.jsGrad) < abs($1.jsGrad) }!
        let shifted = rows.filter { $0.mu != 0 }
        let table = { (rows: [Row]) in
            DataTable(columns: columns.map(\.key), rows: rows.map { [$0.mu, $0.js, $0.jsGrad, $0.w, $0.wGrad] })
        }
        return ExperimentResult(
            scalars: [
                "largest_mu": farthest.mu,
                "js_at_largest_mu": farthest.js,
                "js_gap_at_largest_mu": farthest.jsGap,
                "js_grad_peak": abs(peak.jsGrad),
                "mu_at_js_grad_peak": peak.mu,
                "js_grad_at_largest_mu": farthest.jsGrad,
                "js_grad_ratio": abs(farthest.jsGrad) / abs(peak.jsGrad),
                "w_at_largest_mu": farthest.w,
                "w_grad_at_largest_mu": farthest.wGrad,
                "js_grad_max_relative_error": shifted.map { abs($0.jsGrad - $0.jsGradDifference) / abs($0.jsGradDifference) }.max() ?? 0,
                "w_max_error": rows.map { abs($0.w - $0.wQuadrature) }.max()!,
                "w_grad_max_error": rows.map { abs($0.wGrad - $0.wGradDifference) }.max()!,
            ],
            tables: [
                "divergences": table(rows),
                "marked": table(rows.filter { parameters.markedMu.contains($0.mu) }),
            ])
    }

    /// Everything computed at one μ: the table's values and the independent checks.
    struct Row {
        var mu, js, jsGap, jsGrad, jsGradDifference, w, wGrad, wQuadrature, wGradDifference: Double

        init(mu: Double, data p: GaussianMixture) {
            let h = ShiftedGaussianDivergencesExperiment.differenceStep
            let q = { (mean: Double) in GaussianMixture.gaussian(mean: mean, sd: 1) }
            // One rule for μ and μ ± h, so that the differences compare like with like. The log
            // ratio log p − log q = μ(μ/2 − x) turns over a width 1/|μ| around x = μ/2, where
            // the JSD's remaining overlap lives: the step resolves that width.
            let span = min(0, mu - h) - 12...max(0, mu + h) + 12
            let step = min(1, 1 / abs(mu)) / 40
            let rule = SimpsonRule(over: span, intervals: Int(((span.upperBound - span.lowerBound) / step).rounded(.up)))
            self.mu = mu
            jsGap = jensenShannonGap(p, q(mu), rule: rule)
            // At μ = 0, p = q and JSD(μ) = JSD(−μ): the divergence and its derivative are exactly
            // 0, where quadrature returns rounding noise of 10⁻¹⁶, negative as often as not.
            js = mu == 0 ? 0 : Foundation.log(2.0) - jsGap
            jsGrad = mu == 0 ? 0 : jensenShannonShiftDerivative(p, q(mu), rule: rule)
            // JSD = log 2 − gap, so dJSD/dμ = −dgap/dμ.
            jsGradDifference = -(jensenShannonGap(p, q(mu + h), rule: rule) - jensenShannonGap(p, q(mu - h), rule: rule)) / (2 * h)

            w = abs(mu)
            wGrad = mu > 0 ? 1 : (mu < 0 ? -1 : 0)
            let cdfRule = SimpsonRule.covering(p, q(mu - h), q(mu + h))
            wQuadrature = wassersteinDistance(p, q(mu), rule: cdfRule)
            wGradDifference = (wassersteinDistance(p, q(mu + h), rule: cdfRule) - wassersteinDistance(p, q(mu - h), rule: cdfRule)) / (2 * h)
        }
    }
}

extension ShiftedGaussianDivergencesExperiment.Parameters: ParameterGroup {
    public static let defaults = Self(
        mu: UniformGrid(from: 0, to: 30, points: 121), markedMu: [0.5, 1, 2, 3, 5, 10, 30])

    // |μ| ≤ 50 keeps every quadrature under 2·10⁵ nodes (step 1/(40|μ|) over |μ| + 24), and
    // 2001 means take a few seconds.
    public static let fields: [Field<Self>] = [
        Field(
            "mu", \.mu,
            help: "The means μ of q_μ = N(μ, 1): {from, to, points}. The default step 0.25 hits 0.5, 1, 2, 3, 5, 10 and 30 exactly.",
            .init("within -50 to 50, of at most 2001 points") { $0.from >= -50 && $0.to <= 50 && $0.points <= 2001 }),
        Field(
            "marked_mu", \.markedMu, help: "Means added to the grid and listed in the short `marked` table.",
            .init("of 0 to 20 items, each from -50 to 50") { $0.count <= 20 && $0.allSatisfy { abs($0) <= 50 } }),
    ]
}
