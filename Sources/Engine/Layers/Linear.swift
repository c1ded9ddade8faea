/// y = x·Wᵀ + b, with W stored out × in and both W and b initialised from
/// U(−1/√in, 1/√in), as PyTorch's `nn.Linear` does (Kaiming-uniform with a = √5).
public struct Linear<Scalar: TensorScalar>: Layer {
    public let weight: Tensor<Scalar>
    /// nil for a layer without bias (one followed by batch normalisation, whose shift replaces it).
    public let bias: Tensor<Scalar>?

    public var inputSize: Int { weight.shape[1] }
    public var outputSize: Int { weight.shape[0] }

    public init(inputSize: Int, outputSize: Int, bias: Bool = true, random: inout RandomSource) throws {
        guard inputSize > 0, outputSize > 0 else {
            throw EngineError.invalidArgument(
                operation: "Linear", message: "sizes must be positive, got \(inputSize) → \(outputSize)")
        }
        let bound = 1 / Scalar(inputSize).squareRoot()
        weight = Tensor.uniform([outputSize, inputSize], in: -bound..<bound, using: &random).requiringGradient()
        self.bias = bias ? Tensor.uniform([outputSize], in: -bound..<bound, using: &random).requiringGradient() : nil
    }

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        guard input.rank == 2, input.shape[1] == inputSize else {
            shapeFailure("Linear(\(inputSize) → \(outputSize))", "expects input [batch, \(inputSize)], got \(describe(input.shape))")
        }
        guard let bias else { return matmul(input, weight, transposingB: true) }
        return affine(input, weight: weight, bias: bias)
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public var operation: LayerOperation {
        LayerOperation("linear", [.init("in_features", .integer(inputSize)), .init("out_features", .integer(outputSize))])
    }

    public static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> Linear? {
        guard operation.name == "linear" else { return nil }
        let (inputs, outputs) = try (operation.integer("in_features"), operation.integer("out_features"))
        var unused = RandomSource(seed: 0)  // the values are loaded next
        return try Linear(inputSize: inputs, outputSize: outputs, bias: roles.contains("bias"), random: &unused)
    }
}
