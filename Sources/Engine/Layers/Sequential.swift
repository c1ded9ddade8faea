/// Layers: differentiable functions with named parameters, composed in sequence.

/// A differentiable function of a batch, with parameters in a fixed order.
public protocol Layer<Scalar> {
    associatedtype Scalar: TensorScalar
    func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar>
    /// The parameters, named relative to this layer (`weight`, `bias`), in a fixed order.
    var namedParameters: [(name: String, tensor: Tensor<Scalar>)] { get }
    /// Whether an example's output depends on the other examples of its batch (batch
    /// normalisation does). When it does not, two batches can be scored as one.
    var mixesExamples: Bool { get }
}

extension Layer {
    public var mixesExamples: Bool { false }

    /// The parameters named under a network's name, as exported: `generator.0.weight`.
    public func namedParameters(prefix: String) -> [(name: String, tensor: Tensor<Scalar>)] {
        namedParameters.map { ("\(prefix).\($0.name)", $0.tensor) }
    }

    /// The parameters in their fixed order.
    public var parameters: [Tensor<Scalar>] { namedParameters.map(\.tensor) }

    /// The number of trainable numbers.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Replaces every parameter's values with those given under its name.
    public func loadParameters(_ values: [String: [Scalar]]) throws {
        let named = namedParameters
        let unknown = Set(values.keys).subtracting(named.map(\.name))
        guard unknown.isEmpty else {
            throw EngineError.invalidArgument(
                operation: "loadParameters",
                message: "unknown parameters \(unknown.sorted()); this network has \(named.map(\.name))")
        }
        for (name, tensor) in named {
            guard let new = values[name] else {
                throw EngineError.invalidArgument(operation: "loadParameters", message: "no values for parameter \(name)")
            }
            do { try tensor.assign(new) } catch {
                throw EngineError.invalidArgument(
                    operation: "loadParameters",
                    message: "parameter \(name) of shape \(describe(tensor.shape)) holds \(tensor.count) values, got \(new.count)")
            }
        }
    }
}

/// y = x·Wᵀ + b, with W stored out × in and both W and b initialised from
/// U(−1/√in, 1/√in), as PyTorch's `nn.Linear` does (Kaiming-uniform with a = √5).
public struct Linear<Scalar: TensorScalar>: Layer {
    public let weight: Tensor<Scalar>
    public let bias: Tensor<Scalar>

    public var inputSize: Int { weight.shape[1] }
    public var outputSize: Int { weight.shape[0] }

    public init(inputSize: Int, outputSize: Int, random: inout RandomSource) throws {
        guard inputSize > 0, outputSize > 0 else {
            throw EngineError.invalidArgument(
                operation: "Linear", message: "sizes must be positive, got \(inputSize) → \(outputSize)")
        }
        let bound = 1 / Scalar(inputSize).squareRoot()
        weight = Tensor.uniform([outputSize, inputSize], in: -bound..<bound, using: &random).requiringGradient()
        bias = Tensor.uniform([outputSize], in: -bound..<bound, using: &random).requiringGradient()
    }

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        guard input.rank == 2, input.shape[1] == inputSize else {
            shapeFailure("Linear(\(inputSize) → \(outputSize))", "expects input [batch, \(inputSize)], got \(describe(input.shape))")
        }
        return affine(input, weight: weight, bias: bias)
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] {
        [("weight", weight), ("bias", bias)]
    }
}

/// An activation function, as a layer without parameters.
public struct Activation<Scalar: TensorScalar>: Layer {
    public enum Function: Equatable, Sendable {
        case relu, tanh, sigmoid
        case leakyReLU(slope: Double)
    }

    public let function: Function

    public init(_ function: Function) {
        self.function = function
    }

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        switch function {
        case .relu: input.relu()
        case .tanh: input.tanh()
        case .sigmoid: input.sigmoid()
        case .leakyReLU(let slope): input.leakyReLU(slope: Scalar(slope))
        }
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] { [] }
}

/// Layers applied one after the other. Parameter names are prefixed with the layer's index,
/// counting activations, as in PyTorch's `nn.Sequential` (`0.weight`, `2.bias`).
public struct Sequential<Scalar: TensorScalar>: Layer {
    public let layers: [any Layer<Scalar>]

    public init(_ layers: [any Layer<Scalar>]) {
        self.layers = layers
    }

    /// A multilayer perceptron: Linear layers of the given sizes (input first, output last),
    /// `activation` after every hidden layer, and `output` (if any) after the last.
    public init(
        perceptron sizes: [Int], activation: Activation<Scalar>.Function,
        output: Activation<Scalar>.Function? = nil, random: inout RandomSource
    ) throws {
        guard sizes.count >= 2 else {
            throw EngineError.invalidArgument(
                operation: "Sequential(perceptron:)", message: "needs an input and an output size, got \(sizes)")
        }
        var layers: [any Layer<Scalar>] = []
        for (index, (inputSize, outputSize)) in zip(sizes, sizes.dropFirst()).enumerated() {
            layers.append(try Linear<Scalar>(inputSize: inputSize, outputSize: outputSize, random: &random))
            let isLast = index == sizes.count - 2
            if !isLast {
                layers.append(Activation<Scalar>(activation))
            } else if let output {
                layers.append(Activation<Scalar>(output))
            }
        }
        self.init(layers)
    }

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        layers.reduce(input) { x, layer in layer(x) }
    }

    public var mixesExamples: Bool { layers.contains { $0.mixesExamples } }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] {
        layers.enumerated().flatMap { index, layer in
            layer.namedParameters.map { ("\(index).\($0.name)", $0.tensor) }
        }
    }
}
