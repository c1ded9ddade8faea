/// Layers: differentiable functions with named parameters and buffers, composed in sequence.

/// Whether a network is being trained or evaluated: batch normalisation normalises by the
/// batch's statistics in training and by its running ones in evaluation; dropout drops only in
/// training.
public enum LayerMode: Sendable {
    case training, evaluation
}

/// A differentiable function of a batch, with parameters (trained) and buffers (state that is
/// saved but not trained, such as batch normalisation's running statistics), each in a fixed
/// order under a name relative to the layer (`weight`, `running_mean`).
///
/// A layer describes itself (`operation`): what it computes and with which arguments. That
/// description is what an exported network lists, and, with the layer's tensors, what
/// `LayerCatalog` builds the layer again from.
public protocol Layer<Scalar> {
    associatedtype Scalar: TensorScalar
    func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar>
    /// The parameters, named relative to this layer (`weight`, `bias`), in a fixed order.
    var namedParameters: [(name: String, tensor: Tensor<Scalar>)] { get }
    /// The buffers, named relative to this layer; none for most layers.
    var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] { get }
    /// Whether an example's output depends on the other examples of its batch (batch
    /// normalisation in training does). When it does not, two batches can be scored as one.
    var mixesExamples: Bool { get }
    /// Puts this layer, and every layer inside it, in training or evaluation mode.
    func setMode(_ mode: LayerMode)
    /// What this layer computes, for an exported network's list of steps.
    var operation: LayerOperation { get }
    /// This layer as an exported network's steps, its tensors named under `prefix`; a
    /// container lists its children's steps.
    func steps(prefix: String) -> [LayerStep]
    /// The layer `operation` describes, with tensors of the right shapes (their values are
    /// loaded next), when the operation is this type's; nil when it is another type's. `roles`
    /// are the step's tensors (`weight`, `bias`): a missing bias means a layer without one.
    static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> Self?
}

extension Layer {
    public var namedBuffers: [(name: String, tensor: Tensor<Scalar>)] { [] }

    public var mixesExamples: Bool { false }

    public func setMode(_ mode: LayerMode) {}

    public func steps(prefix: String) -> [LayerStep] {
        [LayerStep(operation: operation, tensors: (namedParameters + namedBuffers).map { ($0.name, "\(prefix).\($0.name)") })]
    }

    /// The parameters named under a network's name, as exported: `generator.0.weight`.
    public func namedParameters(prefix: String) -> [(name: String, tensor: Tensor<Scalar>)] {
        namedParameters.map { ("\(prefix).\($0.name)", $0.tensor) }
    }

    /// The parameters in their fixed order: what an optimizer updates.
    public var parameters: [Tensor<Scalar>] { namedParameters.map(\.tensor) }

    /// The number of trainable numbers.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Every tensor that determines the layer's outputs, parameters then buffers, as PyTorch's
    /// `state_dict()` names them: what saving and loading a network go through.
    public var namedState: [(name: String, tensor: Tensor<Scalar>)] { namedParameters + namedBuffers }

    /// Parameters then buffers, named under a network's name: `generator.1.running_mean`.
    public func namedState(prefix: String) -> [(name: String, tensor: Tensor<Scalar>)] {
        namedState.map { ("\(prefix).\($0.name)", $0.tensor) }
    }

    /// Replaces every parameter's and buffer's values with those given under its name. Nothing
    /// is assigned unless every name and size fits.
    public func loadState(_ values: [String: [Scalar]]) throws {
        try load(values, into: namedState, operation: "loadState")
    }

    /// Replaces every parameter's values with those given under its name (buffers are left
    /// alone). Nothing is assigned unless every name and size fits.
    public func loadParameters(_ values: [String: [Scalar]]) throws {
        try load(values, into: namedParameters, operation: "loadParameters")
    }

    private func load(_ values: [String: [Scalar]], into named: [(name: String, tensor: Tensor<Scalar>)], operation: String) throws {
        let unknown = Set(values.keys).subtracting(named.map(\.name))
        guard unknown.isEmpty else {
            throw EngineError.invalidArgument(
                operation: operation, message: "unknown tensors \(unknown.sorted()); this network has \(named.map(\.name))")
        }
        for (name, tensor) in named {
            guard let new = values[name] else {
                throw EngineError.invalidArgument(operation: operation, message: "no values for \(name)")
            }
            guard new.count == tensor.count else {
                throw EngineError.invalidArgument(
                    operation: operation, message: "\(name) of shape \(describe(tensor.shape)) holds \(tensor.count) values, got \(new.count)")
            }
        }
        for (name, tensor) in named { try tensor.assign(values[name]!) }
    }
}

/// What a layer computes, in the words an exported network uses: an operation's name as
/// `snake_case` (`linear`, `conv2d`, `leaky_relu`) and its arguments (`stride`, `slope`), in order.
public struct LayerOperation: Sendable, Equatable, CustomStringConvertible {
    /// An argument's value.
    public enum Value: Sendable, Equatable, CustomStringConvertible {
        case integer(Int)
        case integers([Int])
        case number(Double)

        public var description: String {
            switch self {
            case .integer(let value): "\(value)"
            case .integers(let values): "[" + values.map(String.init).joined(separator: ", ") + "]"
            case .number(let value): "\(value)"
            }
        }
    }

    public var name: String
    public var arguments: [Argument]

    public struct Argument: Sendable, Equatable {
        public var name: String
        public var value: Value
        public init(_ name: String, _ value: Value) {
            self.name = name
            self.value = value
        }
    }

    public init(_ name: String, _ arguments: [Argument] = []) {
        self.name = name
        self.arguments = arguments
    }

    /// The argument named `name`, if given.
    public subscript(name: String) -> Value? {
        arguments.first { $0.name == name }?.value
    }

    /// The whole-number argument `name`; an error names the operation when it is missing.
    public func integer(_ name: String) throws -> Int {
        guard case .integer(let value) = self[name] else { throw missing(name, "a whole number") }
        return value
    }

    /// The list-of-whole-numbers argument `name` (a kernel size, a stride).
    public func integers(_ name: String) throws -> [Int] {
        guard case .integers(let values) = self[name] else { throw missing(name, "a list of whole numbers") }
        return values
    }

    /// The number argument `name` (a slope, a probability).
    public func number(_ name: String) throws -> Double {
        switch self[name] {
        case .number(let value): return value
        case .integer(let value): return Double(value)
        default: throw missing(name, "a number")
        }
    }

    private func missing(_ name: String, _ what: String) -> EngineError {
        .invalidArgument(operation: self.name, message: "needs argument \(name), \(what); got \(description)")
    }

    public var description: String {
        arguments.isEmpty ? name : "\(name)(" + arguments.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + ")"
    }
}

/// One step of an exported network: its operation, and the full name of each of its tensors by
/// its role (`weight` ↦ `generator.0.weight`).
public struct LayerStep: Sendable, Equatable {
    public var operation: LayerOperation
    public var tensors: [NamedTensor]

    public struct NamedTensor: Sendable, Equatable {
        /// The tensor's name in its layer: `weight`, `running_var`.
        public var role: String
        /// Its name in the whole network: `generator.0.weight`.
        public var name: String
    }

    public init(operation: LayerOperation, tensors: [(role: String, name: String)]) {
        self.operation = operation
        self.tensors = tensors.map { NamedTensor(role: $0.role, name: $0.name) }
    }
}
