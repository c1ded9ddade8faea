/// Convolutions of NCHW batches, built from one adjoint pair: `unfold` (im2col) and `fold`
/// (col2im). Each one's backward rule is the other, so a convolution written as unfold, one
/// matrix product and a permute has gradients of every order without a rule of its own (WGAN-GP
/// on a convolutional critic differentiates ∇ₓD once more).

/// A height and a width: a kernel size, stride, padding or dilation. An integer literal gives
/// both, as PyTorch's `kernel_size=4`.
public struct SpatialPair: Equatable, Hashable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public var height: Int
    public var width: Int

    public init(_ height: Int, _ width: Int) {
        self.height = height
        self.width = width
    }

    public init(integerLiteral value: Int) {
        self.init(value, value)
    }

    public var description: String { height == width ? "\(height)" : "(\(height), \(width))" }
}

extension WindowGeometry {
    /// The geometry of a window over an image of `imageShape`, checked.
    init(
        _ operation: String, imageShape: [Int], kernel: SpatialPair, stride: SpatialPair, padding: SpatialPair,
        dilation: SpatialPair
    ) {
        guard imageShape.count == 4 else {
            shapeFailure(operation, "expects an NCHW batch [batch, channels, height, width], got \(describe(imageShape))")
        }
        guard kernel.height > 0, kernel.width > 0, stride.height > 0, stride.width > 0, dilation.height > 0,
            dilation.width > 0, padding.height >= 0, padding.width >= 0
        else {
            shapeFailure(operation, "kernel \(kernel), stride \(stride), dilation \(dilation) must be positive and padding \(padding) not negative")
        }
        self.init(
            batch: imageShape[0], channels: imageShape[1], height: imageShape[2], width: imageShape[3],
            kernelHeight: kernel.height, kernelWidth: kernel.width, strideY: stride.height, strideX: stride.width,
            paddingY: padding.height, paddingX: padding.width, dilationY: dilation.height, dilationX: dilation.width)
        guard outputHeight > 0, outputWidth > 0,
            height + 2 * paddingY >= dilationY * (kernelHeight - 1) + 1,
            width + 2 * paddingX >= dilationX * (kernelWidth - 1) + 1
        else {
            shapeFailure(
                operation,
                "kernel \(kernel) with dilation \(dilation) does not fit in a \(height)×\(width) image padded by \(padding)")
        }
    }
}

/// im2col: every kernel-sized window of an NCHW batch x as one column of a matrix.
///
/// The result is [C·kh·kw, N·OH·OW]: row (c, i, j) holds channel c's pixel at kernel offset
/// (i, j) under each window, examples one after the other, windows in row-major order, and zero
/// where the window hangs over the padding. OH = ⌊(H + 2p − d(kh − 1) − 1) / s⌋ + 1 (likewise OW).
/// PyTorch's `unfold` gives [N, C·kh·kw, OH·OW] instead; putting the batch in the columns makes
/// a whole batch's convolution a single matrix product, weight[O, C·kh·kw] · columns.
///
/// Gradient: `fold` of the incoming gradient (its adjoint), so every order of derivative follows.
public func unfold<Scalar>(
    _ x: Tensor<Scalar>, kernel: SpatialPair, stride: SpatialPair = 1, padding: SpatialPair = 0, dilation: SpatialPair = 1
) -> Tensor<Scalar> {
    let geometry = WindowGeometry("unfold", imageShape: x.shape, kernel: kernel, stride: stride, padding: padding, dilation: dilation)
    return unfold(x, geometry)
}

func unfold<Scalar>(_ x: Tensor<Scalar>, _ geometry: WindowGeometry) -> Tensor<Scalar> {
    let shape = geometry.columnShape
    let values = x.scalars.withUnsafeBufferPointer { image in
        Tensor<Scalar>.make(shape) { Scalar.kernels.unfold(image, $0, geometry) }
    }
    return Tensor.result(shape, values, "unfold", [x]) { g, _ in [fold(g, geometry)] }
}

/// col2im, the adjoint of `unfold`: columns [C·kh·kw, N·OH·OW] summed back into an NCHW batch
/// of `imageShape`, each entry onto the pixel `unfold` reads it from (overlapping windows add up;
/// entries over the padding are dropped). ⟨unfold(x), c⟩ = ⟨x, fold(c)⟩ for every x and c.
///
/// Gradient: `unfold` of the incoming gradient.
public func fold<Scalar>(
    _ columns: Tensor<Scalar>, imageShape: [Int], kernel: SpatialPair, stride: SpatialPair = 1, padding: SpatialPair = 0,
    dilation: SpatialPair = 1
) -> Tensor<Scalar> {
    let geometry = WindowGeometry("fold", imageShape: imageShape, kernel: kernel, stride: stride, padding: padding, dilation: dilation)
    guard columns.shape == geometry.columnShape else {
        shapeFailure(
            "fold", "columns of shape \(describe(columns.shape)) do not fit image \(describe(imageShape)): expected \(describe(geometry.columnShape))")
    }
    return fold(columns, geometry)
}

func fold<Scalar>(_ columns: Tensor<Scalar>, _ geometry: WindowGeometry) -> Tensor<Scalar> {
    let shape = geometry.imageShape
    let values = columns.scalars.withUnsafeBufferPointer { source in
        Tensor<Scalar>.make(shape) { Scalar.kernels.fold(source, $0, geometry) }
    }
    return Tensor.result(shape, values, "fold", [columns]) { g, _ in [unfold(g, geometry)] }
}

/// The 2-D cross-correlation of PyTorch's `conv2d`: x [N, C, H, W], weight [O, C, kh, kw],
/// bias [O] → [N, O, OH, OW] with OH = ⌊(H + 2p − d(kh − 1) − 1) / s⌋ + 1.
///
/// Computed as weight[O, C·kh·kw] · unfold(x) in one product over the whole batch, plus the
/// bias, then the [O, N, OH·OW] result permuted to NCHW. Its gradients come from those ops.
public func conv2d<Scalar>(
    _ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>? = nil, stride: SpatialPair = 1,
    padding: SpatialPair = 0, dilation: SpatialPair = 1
) -> Tensor<Scalar> {
    guard weight.rank == 4, x.rank == 4, x.shape[1] == weight.shape[1], bias.map({ $0.shape == [weight.shape[0]] }) ?? true else {
        shapeFailure(
            "conv2d",
            "input \(describe(x.shape)), weight \(describe(weight.shape))\(bias.map { " and bias \(describe($0.shape))" } ?? "") do not fit: expected input [N, C, H, W], weight [O, C, kh, kw], bias [O]")
    }
    let outputs = weight.shape[0]
    let geometry = WindowGeometry(
        "conv2d", imageShape: x.shape, kernel: SpatialPair(weight.shape[2], weight.shape[3]), stride: stride,
        padding: padding, dilation: dilation)
    var product = matmul(weight.reshaped(to: [outputs, geometry.patchSize]), unfold(x, geometry))
    if let bias { product = product + bias.reshaped(to: [outputs, 1]) }
    return product
        .reshaped(to: [outputs, geometry.batch, geometry.outputHeight * geometry.outputWidth])
        .permuted([1, 0, 2])
        .reshaped(to: [geometry.batch, outputs, geometry.outputHeight, geometry.outputWidth])
}

/// PyTorch's `conv_transpose2d`: x [N, C, H, W], weight [C, O, kh, kw], bias [O] →
/// [N, O, OH, OW] with OH = (H − 1)·s − 2p + d(kh − 1) + output_padding + 1.
///
/// The adjoint of `conv2d` with the same weight (read as [C, O, kh, kw] = conv2d's out × in):
/// each input pixel spreads weightᵀ · x over its window, i.e. fold(weight[C, O·kh·kw]ᵀ · x[C, N·H·W]).
/// `outputPadding` (less than the stride or the dilation) adds rows and columns at the bottom
/// and right, which pick which of the input sizes a strided conv2d maps to H this adjoint
/// returns.
public func convTranspose2d<Scalar>(
    _ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>? = nil, stride: SpatialPair = 1,
    padding: SpatialPair = 0, outputPadding: SpatialPair = 0, dilation: SpatialPair = 1
) -> Tensor<Scalar> {
    guard weight.rank == 4, x.rank == 4, x.shape[1] == weight.shape[0], bias.map({ $0.shape == [weight.shape[1]] }) ?? true else {
        shapeFailure(
            "convTranspose2d",
            "input \(describe(x.shape)), weight \(describe(weight.shape))\(bias.map { " and bias \(describe($0.shape))" } ?? "") do not fit: expected input [N, C, H, W], weight [C, O, kh, kw], bias [O]")
    }
    guard outputPadding.height >= 0, outputPadding.width >= 0,
        outputPadding.height < max(stride.height, dilation.height), outputPadding.width < max(stride.width, dilation.width)
    else {
        shapeFailure("convTranspose2d", "output padding \(outputPadding) must be smaller than the stride \(stride) or the dilation \(dilation)")
    }
    let (batch, inputs, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (outputs, kernelHeight, kernelWidth) = (weight.shape[1], weight.shape[2], weight.shape[3])
    let outputHeight = (height - 1) * stride.height - 2 * padding.height + dilation.height * (kernelHeight - 1) + outputPadding.height + 1
    let outputWidth = (width - 1) * stride.width - 2 * padding.width + dilation.width * (kernelWidth - 1) + outputPadding.width + 1
    guard outputHeight > 0, outputWidth > 0 else {
        shapeFailure("convTranspose2d", "input \(describe(x.shape)) with kernel \(kernelHeight)×\(kernelWidth), stride \(stride) and padding \(padding) gives an empty output")
    }
    // The output's geometry as conv2d's input: its window grid is exactly H × W.
    let geometry = WindowGeometry(
        "convTranspose2d", imageShape: [batch, outputs, outputHeight, outputWidth],
        kernel: SpatialPair(kernelHeight, kernelWidth), stride: stride, padding: padding, dilation: dilation)
    assert(geometry.outputHeight == height && geometry.outputWidth == width)
    let pixels = x.reshaped(to: [batch, inputs, height * width]).permuted([1, 0, 2]).reshaped(to: [inputs, batch * height * width])
    let columns = matmul(weight.reshaped(to: [inputs, geometry.patchSize]), pixels, transposingA: true)
    let image = fold(columns, geometry)
    guard let bias else { return image }
    return image + bias.reshaped(to: [outputs, 1, 1])
}
