/// Layers applied one after the other. Tensor names are prefixed with the layer's index,
/// counting activations, as in PyTorch's `nn.Sequential` (`0.weight`, `2.running_mean`).
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

    /// The network an exported list of steps describes, with the tensors under the steps'
    /// names: what `steps(prefix:)` and `namedState` wrote. `types` are the layer types that
    /// may appear (the engine's own by default).
    public init(
        rebuilding steps: [LayerStep], state: [String: [Scalar]],
        types: [any Layer<Scalar>.Type] = LayerCatalog<Scalar>.engineLayers
    ) throws {
        var layers: [any Layer<Scalar>] = []
        for step in steps {
            let roles = step.tensors.map(\.role)
            guard let layer = try types.lazy.compactMap({ try $0.rebuilt(from: step.operation, roles: roles) }).first else {
                throw EngineError.invalidArgument(operation: "Sequential(rebuilding:)", message: "no layer type computes \(step.operation)")
            }
            var values: [String: [Scalar]] = [:]
            for tensor in step.tensors {
                guard let value = state[tensor.name] else {
                    throw EngineError.invalidArgument(operation: "Sequential(rebuilding:)", message: "no values for \(tensor.name)")
                }
                values[tensor.role] = value
            }
            try layer.loadState(values)
            layers.append(layer)
        }
        self.init(layers)
    }

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        layers.reduce(input) { x, layer in layer(x) }
    }

    public var mixesExamples: Bool { layers.contains { $0.mixesExamples } }

    public func setMode(_ mode: LayerMode) {
        for layer in layers { layer.setMode(mode) }
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] {
        layers.enumerated().flatMap { index, layer in
            layer.namedParameters.map { ("\(index).\($0.name)", $0.tensor) }
        }
    }

    public var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] {
        layers.enumerated().flatMap { index, layer in
            layer.namedBuffers.map { ("\(index).\($0.name)", $0.tensor) }
        }
    }

    /// A container's own operation; its steps are its children's.
    public var operation: LayerOperation { LayerOperation("sequential") }

    public func steps(prefix: String) -> [LayerStep] {
        layers.enumerated().flatMap { index, layer in layer.steps(prefix: "\(prefix).\(index)") }
    }

    /// A container is rebuilt from its children's steps (`init(rebuilding:state:)`), not as one step.
    public static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> Sequential? { nil }
}

/// The layer types a network can be rebuilt from.
public enum LayerCatalog<Scalar: TensorScalar> {
    /// Every layer the engine defines.
    public static var engineLayers: [any Layer<Scalar>.Type] {
        [
            Linear<Scalar>.self, Activation<Scalar>.self, BatchNorm<Scalar>.self, Dropout<Scalar>.self, Packing<Scalar>.self,
            Conv2d<Scalar>.self, ConvTranspose2d<Scalar>.self, AvgPool2d<Scalar>.self, MaxPool2d<Scalar>.self,
            Upsample<Scalar>.self, Flatten<Scalar>.self, Reshape<Scalar>.self,
        ]
    }
}
