/// Pooling and nearest-neighbour upsampling of NCHW batches, each written with ops that have
/// their own adjoints (unfold, gather, broadcast), so their gradients have gradients too.

/// The mean of every kernel-sized window, per channel, as PyTorch's `avg_pool2d` (stride
/// defaults to the kernel; padding counts as zeros in the mean, PyTorch's `count_include_pad`).
///
/// Each channel is unfolded on its own, [kh·kw, N·C·OH·OW], whose columns are already the output
/// in NCHW order: the pool is the mean down the columns, and its gradient spreads g/(kh·kw) back
/// through `fold`.
public func avgPool2d<Scalar>(
    _ x: Tensor<Scalar>, kernel: SpatialPair, stride: SpatialPair? = nil, padding: SpatialPair = 0
) -> Tensor<Scalar> {
    let geometry = poolGeometry("avgPool2d", x.shape, kernel, stride ?? kernel, padding)
    let channels = WindowGeometry(
        "avgPool2d", imageShape: [geometry.batch * geometry.channels, 1, geometry.height, geometry.width],
        kernel: kernel, stride: stride ?? kernel, padding: padding, dilation: 1)
    return unfold(x.reshaped(to: channels.imageShape), channels)
        .mean(alongAxis: 0)
        .reshaped(to: [geometry.batch, geometry.channels, geometry.outputHeight, geometry.outputWidth])
}

/// The largest element of every kernel-sized window, per channel, as PyTorch's `max_pool2d`
/// (stride defaults to the kernel; padding never wins).
///
/// The gradient goes to each window's argmax (the first on ties). The argmax is found once, and
/// the pool is a gather at those indices, whose adjoint scatter is again differentiable: the
/// pool is piecewise linear, so its second derivative is zero but flows through in the gradient.
public func maxPool2d<Scalar>(
    _ x: Tensor<Scalar>, kernel: SpatialPair, stride: SpatialPair? = nil, padding: SpatialPair = 0
) -> Tensor<Scalar> {
    let geometry = poolGeometry("maxPool2d", x.shape, kernel, stride ?? kernel, padding)
    let count = geometry.batch * geometry.channels * geometry.outputHeight * geometry.outputWidth
    let indices = x.scalars.withUnsafeBufferPointer { image in
        [Int](unsafeUninitializedCapacity: count) { buffer, initialized in
            Scalar.kernels.maxPoolIndices(image, buffer, geometry)
            initialized = count
        }
    }
    return x.gathered(indices, shape: [geometry.batch, geometry.channels, geometry.outputHeight, geometry.outputWidth])
}

/// A pool's window, checked; PyTorch also limits padding to half the kernel, so that every
/// window holds at least one real pixel.
private func poolGeometry(_ operation: String, _ shape: [Int], _ kernel: SpatialPair, _ stride: SpatialPair, _ padding: SpatialPair) -> WindowGeometry {
    guard 2 * padding.height <= kernel.height, 2 * padding.width <= kernel.width else {
        shapeFailure(operation, "padding \(padding) must be at most half the kernel \(kernel)")
    }
    return WindowGeometry(operation, imageShape: shape, kernel: kernel, stride: stride, padding: padding, dilation: 1)
}

extension Tensor {
    /// Nearest-neighbour upsampling of an NCHW batch: every pixel repeated into a
    /// scale.height × scale.width block, as PyTorch's `Upsample(scale_factor:, mode: "nearest")`.
    ///
    /// A broadcast of [N, C, H, 1, W, 1] to [N, C, H, sh, W, sw]: the gradient sums each block
    /// (the adjoint of repeating), and is again a broadcast's gradient.
    public func upsampled(scale: SpatialPair) -> Tensor {
        guard rank == 4, scale.height > 0, scale.width > 0 else {
            shapeFailure("upsampled(scale:)", "expects an NCHW batch and a positive scale, got \(describe(shape)) and \(scale)")
        }
        let (n, c, h, w) = (shape[0], shape[1], shape[2], shape[3])
        return reshaped(to: [n, c, h, 1, w, 1])
            .broadcast(to: [n, c, h, scale.height, w, scale.width])
            .reshaped(to: [n, c, h * scale.height, w * scale.width])
    }
}
