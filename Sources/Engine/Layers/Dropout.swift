/// Dropout (Srivastava et al. 2014), as PyTorch computes it: in training each element is zeroed
/// with probability p and the rest scaled by 1/(1 − p), so that the expected output is the input;
/// in evaluation it is the identity. The masks come from the layer's own seeded source.
public final class Dropout<Scalar: TensorScalar>: Layer {
    public let probability: Double
    public private(set) var mode = LayerMode.training
    private var random: RandomSource

    public init(probability: Double, random: inout RandomSource) throws {
        guard (0..<1).contains(probability) else {
            throw EngineError.invalidArgument(operation: "Dropout", message: "probability must lie in [0, 1), got \(probability)")
        }
        self.probability = probability
        self.random = random.split()
    }

    public func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
        guard mode == .training, probability > 0 else { return x }
        let kept = Tensor<Scalar>.uniform(x.shape, using: &random).scalars
        let scale = 1 / (1 - Scalar(probability))
        let mask = Tensor(shape: x.shape, scalars: kept.map { $0 >= Scalar(probability) ? scale : 0 })
        return x * mask
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] { [] }

    public func setMode(_ mode: LayerMode) { self.mode = mode }

    public var operation: LayerOperation { LayerOperation("dropout", [.init("p", .number(probability))]) }

    /// A rebuilt dropout draws its masks from seed 0: rebuilt networks are for evaluation.
    public static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> Dropout? {
        guard operation.name == "dropout" else { return nil }
        var random = RandomSource(seed: 0)
        return try Dropout(probability: try operation.number("p"), random: &random)
    }
}
