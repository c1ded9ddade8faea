/// Layers for NCHW image batches: convolutions, pooling, upsampling, and the reshapes between
/// images and rows.

/// PyTorch's default initialisation of a convolution: weight and bias both from
/// U(−1/√fan_in, 1/√fan_in) (Kaiming-uniform with a = √5), weight drawn first.
private func kaimingUniform<Scalar>(
    weightShape: [Int], biasSize: Int?, fanIn: Int, random: inout RandomSource
) -> (weight: Tensor<Scalar>, bias: Tensor<Scalar>?) {
    let bound = 1 / Scalar(fanIn).squareRoot()
    let weight = Tensor<Scalar>.uniform(weightShape, in: -bound..<bound, using: &random).requiringGradient()
    let bias = biasSize.map { Tensor<Scalar>.uniform([$0], in: -bound..<bound, using: &random).requiringGradient() }
    return (weight, bias)
}

extension SpatialPair {
    /// As an exported argument: [height, width], PyTorch's pair.
    var argument: LayerOperation.Value { .integers([height, width]) }

    /// The pair an exported argument gives: [height, width], or one number for both.
    init(_ operation: LayerOperation, _ name: String) throws {
        if case .integer(let value) = operation[name] {
            self.init(value, value)
            return
        }
        let values = try operation.integers(name)
        guard values.count == 2 else {
            throw EngineError.invalidArgument(operation: operation.name, message: "\(name) needs [height, width], got \(values)")
        }
        self.init(values[0], values[1])
    }
}

private func checkConvolution(
    _ operation: String, _ inputChannels: Int, _ outputChannels: Int, _ kernel: SpatialPair, _ stride: SpatialPair,
    _ padding: SpatialPair
) throws {
    guard inputChannels > 0, outputChannels > 0, kernel.height > 0, kernel.width > 0, stride.height > 0, stride.width > 0,
        padding.height >= 0, padding.width >= 0
    else {
        throw EngineError.invalidArgument(
            operation: operation,
            message: "channels \(inputChannels) → \(outputChannels), kernel \(kernel) and stride \(stride) must be positive, padding \(padding) not negative")
    }
}

/// A 2-D convolution, PyTorch's `nn.Conv2d`: weight [out, in, kh, kw], optional bias [out],
/// both initialised from U(−1/√fan_in, 1/√fan_in) with fan_in = in·kh·kw.
public struct Conv2d<Scalar: TensorScalar>: Layer {
    public let weight: Tensor<Scalar>
    public let bias: Tensor<Scalar>?
    public let stride: SpatialPair
    public let padding: SpatialPair

    public var inputChannels: Int { weight.shape[1] }
    public var outputChannels: Int { weight.shape[0] }
    public var kernelSize: SpatialPair { SpatialPair(weight.shape[2], weight.shape[3]) }

    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: SpatialPair, stride: SpatialPair = 1, padding: SpatialPair = 0,
        bias: Bool = true, random: inout RandomSource
    ) throws {
        try checkConvolution("Conv2d", inputChannels, outputChannels, kernelSize, stride, padding)
        (weight, self.bias) = kaimingUniform(
            weightShape: [outputChannels, inputChannels, kernelSize.height, kernelSize.width],
            biasSize: bias ? outputChannels : nil, fanIn: inputChannels * kernelSize.height * kernelSize.width,
            random: &random)
        self.stride = stride
        self.padding = padding
    }

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        conv2d(input, weight: weight, bias: bias, stride: stride, padding: padding)
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public var operation: LayerOperation {
        LayerOperation("conv2d", [
            .init("in_channels", .integer(inputChannels)), .init("out_channels", .integer(outputChannels)),
            .init("kernel_size", kernelSize.argument), .init("stride", stride.argument), .init("padding", padding.argument),
        ])
    }

    public static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> Conv2d? {
        guard operation.name == "conv2d" else { return nil }
        var unused = RandomSource(seed: 0)  // the values are loaded next
        return try Conv2d(
            inputChannels: operation.integer("in_channels"), outputChannels: operation.integer("out_channels"),
            kernelSize: SpatialPair(operation, "kernel_size"), stride: SpatialPair(operation, "stride"),
            padding: SpatialPair(operation, "padding"), bias: roles.contains("bias"), random: &unused)
    }
}

/// A transposed 2-D convolution, PyTorch's `nn.ConvTranspose2d`: weight [in, out, kh, kw],
/// optional bias [out]. PyTorch computes fan_in from the weight's second dimension, so here
/// fan_in = out·kh·kw for both weight and bias bounds (its `_ConvNd.reset_parameters`).
public struct ConvTranspose2d<Scalar: TensorScalar>: Layer {
    public let weight: Tensor<Scalar>
    public let bias: Tensor<Scalar>?
    public let stride: SpatialPair
    public let padding: SpatialPair
    public let outputPadding: SpatialPair

    public var inputChannels: Int { weight.shape[0] }
    public var outputChannels: Int { weight.shape[1] }
    public var kernelSize: SpatialPair { SpatialPair(weight.shape[2], weight.shape[3]) }

    public init(
        inputChannels: Int, outputChannels: Int, kernelSize: SpatialPair, stride: SpatialPair = 1, padding: SpatialPair = 0,
        outputPadding: SpatialPair = 0, bias: Bool = true, random: inout RandomSource
    ) throws {
        try checkConvolution("ConvTranspose2d", inputChannels, outputChannels, kernelSize, stride, padding)
        guard outputPadding.height >= 0, outputPadding.width >= 0, outputPadding.height < stride.height,
            outputPadding.width < stride.width
        else {
            throw EngineError.invalidArgument(
                operation: "ConvTranspose2d", message: "output padding \(outputPadding) must be smaller than the stride \(stride)")
        }
        (weight, self.bias) = kaimingUniform(
            weightShape: [inputChannels, outputChannels, kernelSize.height, kernelSize.width],
            biasSize: bias ? outputChannels : nil, fanIn: outputChannels * kernelSize.height * kernelSize.width,
            random: &random)
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
    }

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        convTranspose2d(input, weight: weight, bias: bias, stride: stride, padding: padding, outputPadding: outputPadding)
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] {
        [("weight", weight)] + (bias.map { [("bias", $0)] } ?? [])
    }

    public var operation: LayerOperation {
        LayerOperation("conv_transpose2d", [
            .init("in_channels", .integer(inputChannels)), .init("out_channels", .integer(outputChannels)),
            .init("kernel_size", kernelSize.argument), .init("stride", stride.argument), .init("padding", padding.argument),
            .init("output_padding", outputPadding.argument),
        ])
    }

    public static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> ConvTranspose2d? {
        guard operation.name == "conv_transpose2d" else { return nil }
        var unused = RandomSource(seed: 0)  // the values are loaded next
        return try ConvTranspose2d(
            inputChannels: operation.integer("in_channels"), outputChannels: operation.integer("out_channels"),
            kernelSize: SpatialPair(operation, "kernel_size"), stride: SpatialPair(operation, "stride"),
            padding: SpatialPair(operation, "padding"), outputPadding: SpatialPair(operation, "output_padding"),
            bias: roles.contains("bias"), random: &unused)
    }
}

/// Average pooling, PyTorch's `nn.AvgPool2d` (stride defaults to the kernel size).
public struct AvgPool2d<Scalar: TensorScalar>: Layer {
    public let kernelSize: SpatialPair
    public let stride: SpatialPair
    public let padding: SpatialPair

    public init(kernelSize: SpatialPair, stride: SpatialPair? = nil, padding: SpatialPair = 0) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        avgPool2d(input, kernel: kernelSize, stride: stride, padding: padding)
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] { [] }

    public var operation: LayerOperation {
        LayerOperation("avg_pool2d", [
            .init("kernel_size", kernelSize.argument), .init("stride", stride.argument), .init("padding", padding.argument),
        ])
    }

    public static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> AvgPool2d? {
        guard operation.name == "avg_pool2d" else { return nil }
        return AvgPool2d(
            kernelSize: try SpatialPair(operation, "kernel_size"), stride: try SpatialPair(operation, "stride"),
            padding: try SpatialPair(operation, "padding"))
    }
}

/// Max pooling, PyTorch's `nn.MaxPool2d` (stride defaults to the kernel size).
public struct MaxPool2d<Scalar: TensorScalar>: Layer {
    public let kernelSize: SpatialPair
    public let stride: SpatialPair
    public let padding: SpatialPair

    public init(kernelSize: SpatialPair, stride: SpatialPair? = nil, padding: SpatialPair = 0) {
        self.kernelSize = kernelSize
        self.stride = stride ?? kernelSize
        self.padding = padding
    }

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        maxPool2d(input, kernel: kernelSize, stride: stride, padding: padding)
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] { [] }

    public var operation: LayerOperation {
        LayerOperation("max_pool2d", [
            .init("kernel_size", kernelSize.argument), .init("stride", stride.argument), .init("padding", padding.argument),
        ])
    }

    public static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> MaxPool2d? {
        guard operation.name == "max_pool2d" else { return nil }
        return MaxPool2d(
            kernelSize: try SpatialPair(operation, "kernel_size"), stride: try SpatialPair(operation, "stride"),
            padding: try SpatialPair(operation, "padding"))
    }
}

/// Nearest-neighbour upsampling, PyTorch's `nn.Upsample(scale_factor:, mode="nearest")`: the
/// resize-convolution alternative to a transposed convolution (Odena et al. 2016).
public struct Upsample<Scalar: TensorScalar>: Layer {
    public let scale: SpatialPair

    public init(scale: SpatialPair) {
        self.scale = scale
    }

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        input.upsampled(scale: scale)
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] { [] }

    public var operation: LayerOperation { LayerOperation("upsample_nearest2d", [.init("scale_factor", scale.argument)]) }

    public static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> Upsample? {
        operation.name == "upsample_nearest2d" ? Upsample(scale: try SpatialPair(operation, "scale_factor")) : nil
    }
}

/// Every example flattened to one row: [N, d₁, d₂, …] → [N, d₁·d₂·…], PyTorch's `nn.Flatten`.
/// Row-major storage already holds the rows, so only the shape changes.
public struct Flatten<Scalar: TensorScalar>: Layer {
    public init() {}

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        guard input.rank >= 1 else { shapeFailure("Flatten", "needs a batch dimension, got a scalar") }
        return input.reshaped(to: [input.shape[0], input.count / max(input.shape[0], 1)])
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] { [] }

    /// PyTorch's `flatten(start_dim=1)`.
    public var operation: LayerOperation { LayerOperation("flatten") }

    public static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> Flatten? {
        operation.name == "flatten" ? Flatten() : nil
    }
}

/// Every example reshaped to `shape`, the batch dimension kept: [N, 6272] → [N, 128, 7, 7] for
/// `Reshape([128, 7, 7])` (PyTorch's `nn.Unflatten(1, (128, 7, 7))`).
public struct Reshape<Scalar: TensorScalar>: Layer {
    /// The shape of one example.
    public let shape: [Int]

    public init(_ shape: [Int]) throws {
        guard shape.allSatisfy({ $0 > 0 }) else {
            throw EngineError.invalidArgument(operation: "Reshape", message: "dimensions must be positive, got \(shape)")
        }
        self.shape = shape
    }

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        guard input.rank >= 1, input.count == input.shape[0] * elementCount(shape) else {
            shapeFailure("Reshape(\(shape))", "cannot view examples of input \(describe(input.shape)) as \(describe(shape))")
        }
        return input.reshaped(to: [input.shape[0]] + shape)
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] { [] }

    /// `shape` is one example's: the batch dimension is kept.
    public var operation: LayerOperation { LayerOperation("reshape", [.init("shape", .integers(shape))]) }

    public static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> Reshape? {
        operation.name == "reshape" ? try Reshape(try operation.integers("shape")) : nil
    }
}
