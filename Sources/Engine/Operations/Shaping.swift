/// Reshaping, transposing, slicing and concatenating.
extension Tensor {
    /// The same elements in a new shape with the same count.
    public func reshaped(to newShape: [Int]) -> Tensor {
        if newShape == shape { return self }
        guard newShape.allSatisfy({ $0 >= 0 }), elementCount(newShape) == count else {
            shapeFailure("reshaped(to:)", "cannot view \(count) elements of shape \(describe(shape)) as \(describe(newShape))")
        }
        return Tensor.result(newShape, scalars, "reshape", [self]) { [shape] g, _ in [g.reshaped(to: shape)] }
    }

    /// The transpose of a matrix.
    public func transposed() -> Tensor {
        guard rank == 2 else { shapeFailure("transposed()", "needs a matrix, got shape \(describe(shape))") }
        let (rows, columns) = (shape[0], shape[1])
        let values = scalars.withUnsafeBufferPointer { x in
            Tensor.make([columns, rows]) { out in
                guard !x.isEmpty else { return }
                Scalar.kernels.transpose(rows, columns, x.baseAddress!, out.baseAddress!)
            }
        }
        return Tensor.result([columns, rows], values, "transpose", [self]) { g, _ in [g.transposed()] }
    }

    /// The part of this tensor whose index along `axis` lies in `range`.
    public func slice(alongAxis axis: Int, _ range: Range<Int>) -> Tensor {
        guard shape.indices.contains(axis), range.lowerBound >= 0, range.upperBound <= shape[axis] else {
            shapeFailure("slice(alongAxis:)", "range \(range) along axis \(axis) is outside shape \(describe(shape))")
        }
        let outer = elementCount(Array(shape[..<axis]))
        let inner = elementCount(Array(shape[(axis + 1)...]))
        var newShape = shape
        newShape[axis] = range.count
        var values: [Scalar] = []
        values.reserveCapacity(elementCount(newShape))
        for o in 0..<outer {
            let base = (o * shape[axis] + range.lowerBound) * inner
            values.append(contentsOf: scalars[base..<base + range.count * inner])
        }
        return Tensor.result(newShape, values, "slice", [self]) { [shape] g, _ in
            // Put the gradient back in its place between zeros.
            var before = shape
            before[axis] = range.lowerBound
            var after = shape
            after[axis] = shape[axis] - range.upperBound
            return [Tensor.concatenate([Tensor.zeros(before), g, Tensor.zeros(after)], alongAxis: axis)]
        }
    }

    /// Rows `range` of the first dimension: a batch.
    public func rows(_ range: Range<Int>) -> Tensor {
        slice(alongAxis: 0, range)
    }

    /// The tensors joined along `axis`; all other dimensions must agree.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int = 0) -> Tensor {
        guard let first = tensors.first else { shapeFailure("concatenate", "needs at least one tensor") }
        guard first.shape.indices.contains(axis),
            tensors.allSatisfy({ $0.rank == first.rank && zip($0.shape, first.shape).enumerated().allSatisfy { $0.offset == axis || $0.element.0 == $0.element.1 } })
        else {
            shapeFailure("concatenate", "shapes \(tensors.map { describe($0.shape) }.joined(separator: ", ")) do not agree outside axis \(axis)")
        }
        let outer = elementCount(Array(first.shape[..<axis]))
        let inner = elementCount(Array(first.shape[(axis + 1)...]))
        var newShape = first.shape
        newShape[axis] = tensors.reduce(0) { $0 + $1.shape[axis] }
        var values: [Scalar] = []
        values.reserveCapacity(elementCount(newShape))
        for o in 0..<outer {
            for tensor in tensors {
                let block = tensor.shape[axis] * inner
                values.append(contentsOf: tensor.scalars[o * block..<(o + 1) * block])
            }
        }
        return result(newShape, values, "concatenate", tensors) { g, _ in
            var start = 0
            return tensors.map { tensor in
                defer { start += tensor.shape[axis] }
                return g.slice(alongAxis: axis, start..<start + tensor.shape[axis])
            }
        }
    }
}

extension Tensor {
    /// The dimensions reordered: dimension i of the result is dimension `axes[i]` of this tensor,
    /// as PyTorch's `permute` (a copy, not a view).
    ///
    /// Gradient: the inverse permutation of the incoming gradient, itself a permute, so every
    /// order of derivative follows.
    public func permuted(_ axes: [Int]) -> Tensor {
        guard axes.count == rank, Set(axes) == Set(0..<rank) else {
            shapeFailure("permuted", "axes \(axes) are not a permutation of the \(rank) dimensions of \(describe(shape))")
        }
        if axes == Array(0..<rank) { return self }
        let newShape = axes.map { shape[$0] }
        let layout = BroadcastLayout(permuting: shape, axes)
        let values = scalars.withUnsafeBufferPointer { x in
            Tensor.make(newShape) { out in
                guard !out.isEmpty else { return }
                Scalar.kernels.expand(x, out, layout)
            }
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (position, axis) in axes.enumerated() { inverse[axis] = position }
        return Tensor.result(newShape, values, "permute", [self]) { g, _ in [g.permuted(inverse)] }
    }

    /// out[k] = self[indices[k]] over the flat row-major elements, in a tensor of `shape`.
    ///
    /// With `scattered`, its adjoint, it is the pair max-pooling's gradient is written with: each
    /// one's backward is the other, so the routing to the argmax is differentiable again.
    func gathered(_ indices: [Int], shape newShape: [Int]) -> Tensor {
        precondition(indices.count == elementCount(newShape))
        let values = scalars.withUnsafeBufferPointer { x in
            indices.withUnsafeBufferPointer { i in
                Tensor.make(newShape) { out in Scalar.kernels.gather(x, i, out) }
            }
        }
        return Tensor.result(newShape, values, "gather", [self]) { [shape] g, _ in [g.scattered(indices, shape: shape)] }
    }

    /// The adjoint of `gathered`: a tensor of `shape`, zero but for self[k] added at indices[k].
    func scattered(_ indices: [Int], shape newShape: [Int]) -> Tensor {
        precondition(indices.count == count)
        let values = scalars.withUnsafeBufferPointer { x in
            indices.withUnsafeBufferPointer { i in
                Tensor.make(newShape) { out in Scalar.kernels.scatter(x, i, out) }
            }
        }
        return Tensor.result(newShape, values, "scatter", [self]) { [shape] g, _ in [g.gathered(indices, shape: shape)] }
    }
}

extension BroadcastLayout {
    /// The walk that fills a permuted copy in row-major order, reading the source at its strides
    /// (both operands are the source): size-1 dimensions dropped, and neighbours that stay
    /// adjacent in the source merged, so a permute that keeps the last axes moves whole runs.
    init(permuting shape: [Int], _ axes: [Int]) {
        var sourceStrides = [Int](repeating: 1, count: shape.count)
        for i in stride(from: shape.count - 2, through: 0, by: -1) {
            sourceStrides[i] = sourceStrides[i + 1] * shape[i + 1]
        }
        var dimensions: [Int] = []
        var strides: [Int] = []
        for axis in axes where shape[axis] != 1 {
            if let last = dimensions.last, strides.last! == sourceStrides[axis] * shape[axis] {
                dimensions[dimensions.count - 1] = last * shape[axis]
                strides[strides.count - 1] = sourceStrides[axis]
            } else {
                dimensions.append(shape[axis])
                strides.append(sourceStrides[axis])
            }
        }
        if dimensions.isEmpty { (dimensions, strides) = ([1], [0]) }
        self.init(dimensions: dimensions, stridesA: strides, stridesB: strides)
    }
}
