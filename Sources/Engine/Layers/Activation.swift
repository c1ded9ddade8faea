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

    public var operation: LayerOperation {
        switch function {
        case .relu: LayerOperation("relu")
        case .tanh: LayerOperation("tanh")
        case .sigmoid: LayerOperation("sigmoid")
        case .leakyReLU(let slope): LayerOperation("leaky_relu", [.init("slope", .number(slope))])
        }
    }

    public static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> Activation? {
        switch operation.name {
        case "relu": Activation(.relu)
        case "tanh": Activation(.tanh)
        case "sigmoid": Activation(.sigmoid)
        case "leaky_relu": Activation(.leakyReLU(slope: try operation.number("slope")))
        default: nil
        }
    }
}
