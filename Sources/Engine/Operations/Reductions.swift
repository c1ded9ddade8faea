/// Sums and means, over all elements or along one axis.
extension Tensor {
    /// The sum of all elements, as a scalar tensor.
    public func sum() -> Tensor {
        let values = scalars.withUnsafeBufferPointer { x in
            Tensor.make([]) { out in Scalar.kernels.sum(x, out, AxisLayout(outer: 1, axis: count, inner: 1)) }
        }
        return Tensor.result([], values, "sum", [self]) { [shape] g, _ in [g.broadcast(to: shape)] }
    }

    /// The sum along `axis`, which is removed from the shape unless `keepingDimension`.
    public func sum(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        guard shape.indices.contains(axis) else {
            shapeFailure("sum(alongAxis:)", "axis \(axis) is out of range for shape \(describe(shape))")
        }
        var kept = shape
        kept[axis] = 1
        let layout = AxisLayout(
            outer: elementCount(Array(shape[..<axis])), axis: shape[axis], inner: elementCount(Array(shape[(axis + 1)...])))
        let values = scalars.withUnsafeBufferPointer { x in
            Tensor.make(kept) { out in Scalar.kernels.sum(x, out, layout) }
        }
        var outputShape = kept
        if !keepingDimension { outputShape.remove(at: axis) }
        return Tensor.result(outputShape, values, "sumAlongAxis", [self]) { [shape] g, _ in
            [g.reshaped(to: kept).broadcast(to: shape)]
        }
    }

    /// The mean of all elements, as a scalar tensor.
    public func mean() -> Tensor {
        sum() / Scalar(count)
    }

    /// The mean along `axis`, which is removed from the shape unless `keepingDimension`.
    public func mean(alongAxis axis: Int, keepingDimension: Bool = false) -> Tensor {
        sum(alongAxis: axis, keepingDimension: keepingDimension) / Scalar(shape[axis])
    }
}
