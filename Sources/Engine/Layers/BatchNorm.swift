/// Batch normalisation (Ioffe & Szegedy 2015), as PyTorch's `BatchNorm1d` (input [batch,
/// features]) and `BatchNorm2d` (input [batch, channels, height, width]) compute it.
///
/// In training, each feature (channel) is normalised by the batch's mean and biased variance
/// over the batch (and the image's positions), then scaled and shifted by the trained `weight`
/// γ and `bias` β; the running statistics move towards the batch's by `momentum`, the running
/// variance using the unbiased batch variance (n/(n − 1) times the biased one), as PyTorch does.
/// In evaluation the running statistics normalise and nothing is updated. The normalisation is
/// written with differentiable operations, so its gradients of every order follow.
public final class BatchNorm<Scalar: TensorScalar>: Layer {
    /// What the layer normalises: vectors ([batch, features]) or images ([batch, channels, h, w]).
    public enum Input: Sendable {
        case vectors, images
    }

    public let input: Input
    public let weight: Tensor<Scalar>
    public let bias: Tensor<Scalar>
    public let runningMean: Tensor<Scalar>
    public let runningVariance: Tensor<Scalar>
    /// Added to the variance before its square root: PyTorch's default 1e-5.
    public let epsilon: Double
    /// How far the running statistics move towards each batch's: PyTorch's default 0.1.
    public let momentum: Double
    public private(set) var mode = LayerMode.training

    public var features: Int { weight.count }

    /// γ = 1, β = 0, running mean 0 and running variance 1, as PyTorch starts them.
    public init(features: Int, input: Input, epsilon: Double = 1e-5, momentum: Double = 0.1) throws {
        guard features > 0 else {
            throw EngineError.invalidArgument(operation: "BatchNorm", message: "needs at least one feature, got \(features)")
        }
        guard epsilon > 0, (0...1).contains(momentum) else {
            throw EngineError.invalidArgument(
                operation: "BatchNorm", message: "epsilon must be > 0 and momentum in [0, 1], got \(epsilon) and \(momentum)")
        }
        self.input = input
        self.epsilon = epsilon
        self.momentum = momentum
        weight = Tensor.ones([features]).requiringGradient()
        bias = Tensor.zeros([features]).requiringGradient()
        runningMean = Tensor.zeros([features])
        runningVariance = Tensor.ones([features])
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        let expectedRank = input == .vectors ? 2 : 4
        guard x.rank == expectedRank, x.shape[1] == features else {
            let expected = input == .vectors ? "[batch, \(features)]" : "[batch, \(features), height, width]"
            shapeFailure("\(operation)", "expects input \(expected), got \(describe(x.shape))")
        }
        // Every feature's values as the middle axis of [batch, features, positions].
        let (batch, positions) = (x.shape[0], x.count / max(x.shape[0] * features, 1))
        let values = x.reshaped(to: [batch, features, positions])
        let perFeature = [1, features, 1]
        let normalized: Tensor<Scalar>
        switch mode {
        case .training:
            let n = batch * positions
            guard n > 1 else {
                shapeFailure("\(operation)", "in training needs more than one value per feature, got input \(describe(x.shape))")
            }
            let mean = values.sum(alongAxis: 2, keepingDimension: true).sum(alongAxis: 0, keepingDimension: true) / Scalar(n)
            let centered = values - mean
            let variance = centered.square().sum(alongAxis: 2, keepingDimension: true).sum(alongAxis: 0, keepingDimension: true) / Scalar(n)
            normalized = centered / (variance + Scalar(epsilon)).sqrt()
            withoutGradients {
                let m = Scalar(momentum)
                let unbiased = variance.reshaped(to: [features]) * (Scalar(n) / Scalar(n - 1))
                try? runningMean.assign((runningMean * (1 - m) + mean.reshaped(to: [features]) * m).scalars)
                try? runningVariance.assign((runningVariance * (1 - m) + unbiased * m).scalars)
            }
        case .evaluation:
            let mean = runningMean.reshaped(to: perFeature)
            let scale = (runningVariance + Scalar(epsilon)).sqrt().reshaped(to: perFeature)
            normalized = (values - mean) / scale
        }
        let y = normalized * weight.reshaped(to: perFeature) + bias.reshaped(to: perFeature)
        return y.reshaped(to: x.shape)
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] { [("weight", weight), ("bias", bias)] }

    public var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] {
        [("running_mean", runningMean), ("running_var", runningVariance)]
    }

    /// In training an example's output depends on its batch; in evaluation it does not.
    public var mixesExamples: Bool { mode == .training }

    public func setMode(_ mode: LayerMode) { self.mode = mode }

    public var operation: LayerOperation {
        LayerOperation(
            input == .vectors ? "batch_norm1d" : "batch_norm2d",
            [.init("num_features", .integer(features)), .init("eps", .number(epsilon)), .init("momentum", .number(momentum))])
    }

    public static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> BatchNorm? {
        let input: Input
        switch operation.name {
        case "batch_norm1d": input = .vectors
        case "batch_norm2d": input = .images
        default: return nil
        }
        return try BatchNorm(
            features: try operation.integer("num_features"), input: input, epsilon: try operation.number("eps"),
            momentum: try operation.number("momentum"))
    }
}
