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
