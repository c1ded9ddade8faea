/// Matrix products through BLAS, and the affine map of a linear layer.

/// The matrix product op(a)·op(b), where op transposes when asked (without copying).
///
/// Gradients: for C = A·B, ∂A = ∂C·Bᵀ and ∂B = Aᵀ·∂C; the transposed forms follow by swapping
/// roles, so every backward product is again one BLAS call.
public func matmul<Scalar>(
    _ a: Tensor<Scalar>, _ b: Tensor<Scalar>, transposingA: Bool = false, transposingB: Bool = false
) -> Tensor<Scalar> {
    guard a.rank == 2, b.rank == 2 else {
        shapeFailure("matmul", "needs two matrices, got shapes \(describe(a.shape)) and \(describe(b.shape))")
    }
    let (m, k) = transposingA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
    let (k2, n) = transposingB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
    guard k == k2 else {
        shapeFailure(
            "matmul",
            "shapes \(describe(a.shape))\(transposingA ? "ᵀ" : "") and \(describe(b.shape))\(transposingB ? "ᵀ" : "") do not chain: inner dimensions \(k) and \(k2)")
    }
    let values = a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
            Tensor<Scalar>.make([m, n]) { out in
                if k == 0 {
                    out.initialize(repeating: 0)
                    return
                }
                Scalar.kernels.gemm(
                    transposingA, transposingB, m, n, k, 1, pa.baseAddress!, a.shape[1], pb.baseAddress!, b.shape[1],
                    0, out.baseAddress!, n)
            }
        }
    }
    return Tensor.result([m, n], values, "matmul", [a, b]) { g, needed in
        switch (transposingA, transposingB) {
        case (false, false):
            [needed[0] ? matmul(g, b, transposingB: true) : nil, needed[1] ? matmul(a, g, transposingA: true) : nil]
        case (false, true):
            [needed[0] ? matmul(g, b) : nil, needed[1] ? matmul(g, a, transposingA: true) : nil]
        case (true, false):
            [needed[0] ? matmul(b, g, transposingB: true) : nil, needed[1] ? matmul(a, g) : nil]
        case (true, true):
            [
                needed[0] ? matmul(b, g, transposingA: true, transposingB: true) : nil,
                needed[1] ? matmul(g, a, transposingA: true, transposingB: true) : nil,
            ]
        }
    }
}

/// x·Wᵀ + b for a batch x (rows are examples), W stored out × in as in PyTorch.
///
/// One BLAS call onto rows prefilled with the bias, instead of a product and a broadcast sum.
public func affine<Scalar>(_ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>) -> Tensor<Scalar> {
    guard x.rank == 2, weight.rank == 2, bias.shape == [weight.shape[0]], x.shape[1] == weight.shape[1] else {
        shapeFailure(
            "affine",
            "input \(describe(x.shape)), weight \(describe(weight.shape)) and bias \(describe(bias.shape)) do not fit: expected input [batch, in], weight [out, in], bias [out]")
    }
    let (batch, inputs, outputs) = (x.shape[0], x.shape[1], weight.shape[0])
    let values = x.scalars.withUnsafeBufferPointer { px in
        weight.scalars.withUnsafeBufferPointer { pw in
            bias.scalars.withUnsafeBufferPointer { pb in
                Tensor<Scalar>.make([batch, outputs]) { out in
                    Scalar.kernels.expand(pb, out, BroadcastLayout([outputs], [outputs], output: [batch, outputs]))
                    guard inputs > 0, batch > 0 else { return }
                    Scalar.kernels.gemm(
                        false, true, batch, outputs, inputs, 1, px.baseAddress!, inputs, pw.baseAddress!, inputs,
                        1, out.baseAddress!, outputs)
                }
            }
        }
    }
    return Tensor.result([batch, outputs], values, "affine", [x, weight, bias]) { g, needed in
        [
            needed[0] ? matmul(g, weight) : nil,
            needed[1] ? matmul(g, x, transposingA: true) : nil,
            needed[2] ? g.sum(alongAxis: 0) : nil,
        ]
    }
}
