/// + − × ÷ with broadcasting, and the two shape moves their gradients need: stretching a tensor
/// to a broadcast shape and summing a gradient back to an operand's shape.
extension Tensor {
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let shape = broadcastShape(a.shape, b.shape, operation: "+")
        return result(shape, combine(.add, a, b, shape: shape), "add", [a, b]) { g, _ in
            [g.sum(toShape: a.shape), g.sum(toShape: b.shape)]
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let shape = broadcastShape(a.shape, b.shape, operation: "-")
        return result(shape, combine(.subtract, a, b, shape: shape), "subtract", [a, b]) { g, _ in
            [g.sum(toShape: a.shape), (-g).sum(toShape: b.shape)]
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let shape = broadcastShape(a.shape, b.shape, operation: "*")
        return result(shape, combine(.multiply, a, b, shape: shape), "multiply", [a, b]) { g, _ in
            [(g * b).sum(toShape: a.shape), (g * a).sum(toShape: b.shape)]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let shape = broadcastShape(a.shape, b.shape, operation: "/")
        return result(shape, combine(.divide, a, b, shape: shape), "divide", [a, b]) { g, _ in
            [(g / b).sum(toShape: a.shape), (-g * a / (b * b)).sum(toShape: b.shape)]
        }
    }

    public static prefix func - (x: Tensor) -> Tensor {
        result(x.shape, x.map(.negate), "negate", [x]) { g, _ in [-g] }
    }

    public static func + (a: Tensor, b: Scalar) -> Tensor { a + Tensor(b) }
    public static func + (a: Scalar, b: Tensor) -> Tensor { Tensor(a) + b }
    public static func - (a: Tensor, b: Scalar) -> Tensor { a - Tensor(b) }
    public static func - (a: Scalar, b: Tensor) -> Tensor { Tensor(a) - b }
    public static func * (a: Tensor, b: Scalar) -> Tensor { a * Tensor(b) }
    public static func * (a: Scalar, b: Tensor) -> Tensor { Tensor(a) * b }
    public static func / (a: Tensor, b: Scalar) -> Tensor { a / Tensor(b) }
    public static func / (a: Scalar, b: Tensor) -> Tensor { Tensor(a) / b }

    /// This tensor stretched along its dimensions of size 1 (and new leading ones) to `shape`.
    public func broadcast(to shape: [Int]) -> Tensor {
        if shape == self.shape { return self }
        let checked = broadcastShape(self.shape, shape, operation: "broadcast(to:)")
        guard checked == shape else {
            shapeFailure("broadcast(to:)", "shape \(describe(self.shape)) cannot be stretched to \(describe(shape))")
        }
        let layout = BroadcastLayout(self.shape, self.shape, output: shape)
        let values = scalars.withUnsafeBufferPointer { x in
            Tensor.make(shape) { Scalar.kernels.expand(x, $0, layout) }
        }
        return Tensor.result(shape, values, "broadcast", [self]) { [originalShape = self.shape] g, _ in
            [g.sum(toShape: originalShape)]
        }
    }

    /// The sum of this tensor over the dimensions along which `shape` was broadcast to it: the
    /// gradient of an operand of that shape.
    public func sum(toShape target: [Int]) -> Tensor {
        if target == shape { return self }
        guard broadcastShape(target, shape, operation: "sum(toShape:)") == shape else {
            shapeFailure("sum(toShape:)", "shape \(describe(shape)) is not a broadcast of \(describe(target))")
        }
        // Sum away the leading dimensions the target lacks, then each stretched dimension.
        let offset = rank - target.count
        var reduced = self
        for _ in 0..<offset {
            reduced = reduced.sum(alongAxis: 0)
        }
        for axis in target.indices where target[axis] == 1 && reduced.shape[axis] != 1 {
            reduced = reduced.sum(alongAxis: axis, keepingDimension: true)
        }
        return reduced.reshaped(to: target)
    }
}
