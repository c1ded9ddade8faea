/// Elementwise functions and their derivatives.
extension Tensor {
    /// An elementwise function whose backward rule `(g, x) ↦ ∂L/∂x` uses its input x.
    private func elementwise(
        _ operation: UnaryOperation, _ name: StaticString, usingInput backward: @escaping (_ g: Tensor, _ x: Tensor) -> Tensor
    ) -> Tensor {
        Tensor.result(shape, map(operation), name, [self]) { [self] g, _ in [backward(g, self)] }
    }

    /// An elementwise function whose backward rule `(g, y) ↦ ∂L/∂x` uses its output y.
    ///
    /// The rule reuses the output's values when the backward pass is not recorded. When it is
    /// (a gradient to be differentiated again), y is recomputed from x so that it is itself
    /// differentiable.
    private func elementwise(
        _ operation: UnaryOperation, _ name: StaticString, usingOutput backward: @escaping (_ g: Tensor, _ y: Tensor) -> Tensor
    ) -> Tensor {
        let values = map(operation)
        return Tensor.result(shape, values, name, [self]) { [self] g, _ in
            let y = GradientRecording.isEnabled
                ? elementwise(operation, name, usingOutput: backward)
                : Tensor(shape: shape, scalars: values)
            return [backward(g, y)]
        }
    }

    /// A constant tensor (no gradient flows through it) computed from this one's values.
    private func constant(_ operation: UnaryOperation) -> Tensor {
        Tensor(shape: shape, scalars: map(operation))
    }

    public func exp() -> Tensor { elementwise(.exp, "exp", usingOutput: { g, y in g * y }) }

    public func log() -> Tensor { elementwise(.log, "log", usingInput: { g, x in g / x }) }

    /// log(1 + x), accurate for small x.
    public func log1p() -> Tensor { elementwise(.log1p, "log1p", usingInput: { g, x in g / (x + 1) }) }

    public func sqrt() -> Tensor { elementwise(.sqrt, "sqrt", usingOutput: { g, y in g / (y * 2) }) }

    public func square() -> Tensor { elementwise(.square, "square", usingInput: { g, x in g * x * 2 }) }

    /// xᵖ for a constant exponent p.
    public func pow(_ exponent: Scalar) -> Tensor {
        elementwise(.power(Double(exponent)), "pow", usingInput: { g, x in g * x.pow(exponent - 1) * exponent })
    }

    public func abs() -> Tensor { elementwise(.abs, "abs", usingInput: { g, x in g * x.constant(.sign) }) }

    /// Each element limited to [low, high]; the gradient passes where low ≤ x ≤ high.
    public func clamped(to range: ClosedRange<Scalar>) -> Tensor {
        let (low, high) = (Double(range.lowerBound), Double(range.upperBound))
        return elementwise(.clamp(low, high), "clamp", usingInput: { g, x in g * x.constant(.insideMask(low, high)) })
    }

    /// σ(x) = 1 / (1 + e⁻ˣ), computed without overflow for any x.
    public func sigmoid() -> Tensor { elementwise(.sigmoid, "sigmoid", usingOutput: { g, y in g * y * (1 - y) }) }

    /// log σ(x) = −softplus(−x), finite for any finite x.
    public func logSigmoid() -> Tensor { elementwise(.logSigmoid, "logSigmoid", usingInput: { g, x in g * (-x).sigmoid() }) }

    /// softplus(x) = log(1 + eˣ), finite for any finite x.
    public func softplus() -> Tensor { elementwise(.softplus, "softplus", usingInput: { g, x in g * x.sigmoid() }) }

    public func tanh() -> Tensor { elementwise(.tanh, "tanh", usingOutput: { g, y in g * (1 - y * y) }) }

    public func relu() -> Tensor { elementwise(.relu, "relu", usingInput: { g, x in g.throughSlope(of: x, below: 0) }) }

    /// x for x > 0, slope·x otherwise (Maas et al. 2013).
    public func leakyReLU(slope: Scalar) -> Tensor {
        let s = Double(slope)
        return elementwise(.leakyReLU(slope: s), "leakyReLU", usingInput: { g, x in g.throughSlope(of: x, below: s) })
    }

    /// This gradient passed back through a (leaky) ReLU at x: itself where x > 0, times `below`
    /// elsewhere, in one pass. Linear in the gradient, so its own backward rule is itself; x gets
    /// no gradient, the slope being piecewise constant.
    private func throughSlope(of x: Tensor, below slope: Double) -> Tensor {
        Tensor.result(shape, Tensor.combine(.slopeOf(below: slope), self, x, shape: shape), "throughSlope", [self, x]) { g, _ in
            [g.throughSlope(of: x, below: slope), nil]
        }
    }
}
