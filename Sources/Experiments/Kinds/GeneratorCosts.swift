import Foundation
import MinimaxEngine
import MinimaxRunner

/// `generator-costs`: the three generator costs of the cross-entropy game as functions of
/// D(G(z)), and their gradients with respect to the discriminator's logit (Goodfellow et al.
/// 2014, §3; Goodfellow 2016, Fig. 16).
///
/// With d = D(G(z)) = σ(ℓ), the costs and their derivatives in ℓ are
/// - minimax, log(1 − d):           ∂/∂ℓ = −d,
/// - non-saturating, −log d:        ∂/∂ℓ = −(1 − d),
/// - maximum likelihood, −d/(1 − d) = −exp ℓ:  ∂/∂ℓ = −d/(1 − d).
///
/// Every number in the table comes from the engine: the loss functions the GAN trainer uses,
/// evaluated on one logit at a time and differentiated by reverse-mode autodiff, in Double. The
/// closed forms above are computed separately and only to measure how far the engine is from
/// them. Where d is small (G's samples are rejected), the minimax and maximum-likelihood
/// gradients vanish with d while the non-saturating one stays near −1: that is saturation.
public enum GeneratorCostsExperiment: ExperimentKind {
    /// What each parameter means, and the values it accepts: `fields`, below.
    public struct Parameters: Sendable, Equatable {
        /// The values of D(G(z)) to tabulate, inside (0, 1).
        public var d: UniformGrid
    }

    public static let name = "generator-costs"

    public static let summary =
        "Tabulates the minimax, non-saturating and maximum-likelihood generator costs against D(G(z)), with their gradients by autodiff."

    public static let version = 1

    public static let results: [ResultDeclaration] = [
        .table(
            "costs", "Each generator cost and its gradient with respect to D's logit ℓ = log(d/(1 − d)), by the engine.",
            columns: [
                "d": "D(G(z)): the probability D gives a generated sample of being real.",
                "minimax_loss": "log(1 − d), the minimax cost (Goodfellow et al. 2014, eq. 1).",
                "nonsaturating_loss": "−log d, the non-saturating cost (Goodfellow et al. 2014, §3).",
                "maxlikelihood_loss": "−d/(1 − d) = −exp ℓ, the maximum-likelihood cost (Goodfellow 2016, §3.2.6).",
                "minimax_grad": "∂ log(1 − d)/∂ℓ by autodiff; equals −d.",
                "nonsaturating_grad": "∂(−log d)/∂ℓ by autodiff; equals −(1 − d).",
                "maxlikelihood_grad": "∂(−exp ℓ)/∂ℓ by autodiff; equals −d/(1 − d).",
            ]),
        .scalar("max_loss_error", "The largest relative difference between a cost the engine computed and its closed form."),
        .scalar("max_grad_error", "The largest relative difference between an autodiff gradient and its closed form."),
        .scalar("smallest_d", "The smallest d in the table, where G's samples are rejected most confidently."),
        .scalar("minimax_grad_at_smallest_d", "The minimax gradient at smallest_d: −smallest_d, nearly 0."),
        .scalar("nonsaturating_grad_at_smallest_d", "The non-saturating gradient at smallest_d: −(1 − smallest_d), nearly −1."),
        .scalar("maxlikelihood_grad_at_smallest_d", "The maximum-likelihood gradient at smallest_d: −smallest_d/(1 − smallest_d), nearly 0."),
    ]

    /// One generator cost: the engine's loss on a batch of fake logits, and its closed forms in d.
    struct Cost: Sendable {
        let loss: @Sendable (Tensor<Double>) -> Tensor<Double>
        let closedLoss: @Sendable (Double) -> Double
        let closedGradient: @Sendable (Double) -> Double
    }

    static let costs: [Cost] = [
        Cost(
            loss: { minimaxGeneratorLoss(fakeLogits: $0) }, closedLoss: { Foundation.log1p(-$0) },
            closedGradient: { -$0 }),
        Cost(
            loss: { nonSaturatingGeneratorLoss(fakeLogits: $0) }, closedLoss: { -Foundation.log($0) },
            closedGradient: { -(1 - $0) }),
        Cost(
            loss: { maximumLikelihoodGeneratorLoss(fakeLogits: $0) }, closedLoss: { -$0 / (1 - $0) },
            closedGradient: { -$0 / (1 - $0) }),
    ]

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        let ds = parameters.d.values
        var losses = [[Double]](repeating: [], count: costs.count)
        var gradients = losses
        var lossError = 0.0
        var gradientError = 0.0
        for (index, d) in ds.enumerated() {
            // ℓ = σ⁻¹(d), from log d and log(1 − d) so that it stays exact near both ends.
            let logit = Foundation.log(d) - Foundation.log1p(-d)
            for (k, cost) in costs.enumerated() {
                let (loss, gradient) = lossAndGradient(cost.loss, at: logit)
                losses[k].append(loss)
                gradients[k].append(gradient)
                lossError = max(lossError, relativeDifference(loss, cost.closedLoss(d)))
                gradientError = max(gradientError, relativeDifference(gradient, cost.closedGradient(d)))
            }
            context.progress(index + 1, ds.count, [("d", d)])
        }
        // The grid is increasing (from < to), so its first point is the smallest.
        return ExperimentResult(
            scalars: [
                "max_loss_error": lossError, "max_grad_error": gradientError, "smallest_d": ds[0],
                "minimax_grad_at_smallest_d": gradients[0][0], "nonsaturating_grad_at_smallest_d": gradients[1][0],
                "maxlikelihood_grad_at_smallest_d": gradients[2][0],
            ],
            tables: [
                "costs": DataTable([
                    ("d", ds),
                    ("minimax_loss", losses[0]), ("nonsaturating_loss", losses[1]), ("maxlikelihood_loss", losses[2]),
                    ("minimax_grad", gradients[0]), ("nonsaturating_grad", gradients[1]), ("maxlikelihood_grad", gradients[2]),
                ])
            ])
    }

    /// A loss of one logit and its derivative, by the engine's reverse-mode autodiff.
    static func lossAndGradient(_ loss: (Tensor<Double>) -> Tensor<Double>, at logit: Double) -> (Double, Double) {
        let input = Tensor<Double>(shape: [1, 1], scalars: [logit]).requiringGradient()
        let value = loss(input)
        return (value.scalar, value.gradients(withRespectTo: [input])[0].scalar)
    }
}
extension GeneratorCostsExperiment.Parameters: ParameterGroup {
    public static let defaults = Self(d: UniformGrid(from: 0.001, to: 0.95, points: 400))

    // Each point costs three small autodiff passes: 100,001 points take a few seconds.
    public static let fields: [Field<Self>] = [
        Field(
            "d", \.d, help: "The values of D(G(z)) to tabulate: {from, to, points}, inside the open interval (0, 1).",
            .init("with 0 < from and to < 1") { $0.from > 0 && $0.to < 1 }),
    ]
}
