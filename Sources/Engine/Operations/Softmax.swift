/// Softmax over the last axis, in its logarithmic form, and one-hot class labels.
extension Tensor {
    /// log softmax(x) = x − log Σⱼ exp xⱼ along the last axis, with the log-sum-exp taken
    /// stably: m + log Σ exp(x − m), where m is the row's maximum.
    ///
    /// m is a constant (no gradient flows through it): the value does not depend on it, so the
    /// gradient is exact, and the rest is differentiable ops to every order.
    public func logSoftmax() -> Tensor {
        guard rank >= 1, shape[rank - 1] > 0 else {
            shapeFailure("logSoftmax", "needs a last axis to normalise over, got \(describe(shape))")
        }
        let axis = rank - 1
        var kept = shape
        kept[axis] = 1
        let layout = AxisLayout(outer: count / shape[axis], axis: shape[axis], inner: 1)
        let maxima = scalars.withUnsafeBufferPointer { x in
            Tensor.make(kept) { Scalar.kernels.maximum(x, $0, layout) }
        }
        let shifted = self - Tensor(shape: kept, scalars: maxima)
        return shifted - shifted.exp().sum(alongAxis: axis, keepingDimension: true).log()
    }

    /// Rows e_{label}: [labels.count, classes], 1 at each label's column and 0 elsewhere.
    public static func oneHot(_ labels: [Int], classes: Int) -> Tensor {
        guard labels.allSatisfy({ (0..<classes).contains($0) }) else {
            shapeFailure("oneHot", "labels must lie in 0..<\(classes), got \(labels.filter { !(0..<classes).contains($0) }.prefix(5))")
        }
        var values = [Scalar](repeating: 0, count: labels.count * classes)
        for (row, label) in labels.enumerated() { values[row * classes + label] = 1 }
        return Tensor(shape: [labels.count, classes], scalars: values)
    }
}
