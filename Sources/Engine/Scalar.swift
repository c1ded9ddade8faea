import RealModule

/// An element type a tensor can hold: `Float` for training, `Double` for references and
/// gradient checks.
///
/// Every loop over a tensor's elements runs through `kernels`, a table built once per type from
/// the generic loops in `Kernels.swift`. The compiler specializes those loops for the concrete
/// type there, so tensor code stays fast even when it is called generically from another module:
/// the generic code above the table only handles shapes and the graph, a constant cost per op.
public protocol TensorScalar: BinaryFloatingPoint, Real, Sendable, CustomStringConvertible
where RawSignificand: FixedWidthInteger {
    /// The element loops and BLAS calls for this type.
    static var kernels: KernelTable<Self> { get }
}

// The two tables are spelled out rather than built by one generic function: each closure must
// sit in a context where the element type is concrete, or the loops would not be specialized.
extension Float: TensorScalar {
    public static let kernels = KernelTable<Float>(
        gemm: BLAS.gemm, transpose: BLAS.transpose, norm: BLAS.norm,
        unary: { Kernels.unary($0, $1, $2) },
        binary: { Kernels.binary($0, $1, $2, $3, $4) },
        expand: { Kernels.expand($0, $1, $2) },
        sum: { Kernels.sum($0, $1, $2) },
        fill: { Kernels.fill($0, $1) },
        uniform: { Kernels.uniform(&$0, $1, $2, $3) },
        normal: { Kernels.normal(&$0, $1, $2, $3) },
        adam: { Kernels.adam($0, $1, $2, $3, $4) },
        sgd: { Kernels.sgd($0, $1, $2, $3) },
        unfold: { Kernels.unfold($0, $1, $2) },
        fold: { Kernels.fold($0, $1, $2) },
        maxPoolIndices: { Kernels.maxPoolIndices($0, $1, $2) },
        gather: { Kernels.gather($0, $1, $2) },
        scatter: { Kernels.scatter($0, $1, $2) },
        maximum: { Kernels.maximum($0, $1, $2) }
    )
}

extension Double: TensorScalar {
    public static let kernels = KernelTable<Double>(
        gemm: BLAS.gemm, transpose: BLAS.transpose, norm: BLAS.norm,
        unary: { Kernels.unary($0, $1, $2) },
        binary: { Kernels.binary($0, $1, $2, $3, $4) },
        expand: { Kernels.expand($0, $1, $2) },
        sum: { Kernels.sum($0, $1, $2) },
        fill: { Kernels.fill($0, $1) },
        uniform: { Kernels.uniform(&$0, $1, $2, $3) },
        normal: { Kernels.normal(&$0, $1, $2, $3) },
        adam: { Kernels.adam($0, $1, $2, $3, $4) },
        sgd: { Kernels.sgd($0, $1, $2, $3) },
        unfold: { Kernels.unfold($0, $1, $2) },
        fold: { Kernels.fold($0, $1, $2) },
        maxPoolIndices: { Kernels.maxPoolIndices($0, $1, $2) },
        gather: { Kernels.gather($0, $1, $2) },
        scatter: { Kernels.scatter($0, $1, $2) },
        maximum: { Kernels.maximum($0, $1, $2) }
    )
}

/// The engine's loops for one element type, specialized for that type (see `TensorScalar`).
public struct KernelTable<Scalar>: Sendable {
    typealias Input = UnsafeBufferPointer<Scalar>
    typealias Output = UnsafeMutableBufferPointer<Scalar>
    typealias Gemm = @Sendable (
        _ transposeA: Bool, _ transposeB: Bool, _ m: Int, _ n: Int, _ k: Int,
        _ alpha: Scalar, _ a: UnsafePointer<Scalar>, _ lda: Int, _ b: UnsafePointer<Scalar>, _ ldb: Int,
        _ beta: Scalar, _ c: UnsafeMutablePointer<Scalar>, _ ldc: Int
    ) -> Void

    let gemm: Gemm
    let transpose: @Sendable (_ rows: Int, _ columns: Int, UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>) -> Void
    let norm: @Sendable (Input) -> Double
    let unary: @Sendable (UnaryOperation, Input, Output) -> Void
    let binary: @Sendable (BinaryOperation, Input, Input, Output, BroadcastLayout) -> Void
    let expand: @Sendable (Input, Output, BroadcastLayout) -> Void
    let sum: @Sendable (Input, Output, AxisLayout) -> Void
    let fill: @Sendable (Output, Scalar) -> Void
    let uniform: @Sendable (inout RandomSource, Output, _ low: Scalar, _ high: Scalar) -> Void
    let normal: @Sendable (inout RandomSource, Output, _ mean: Scalar, _ standardDeviation: Scalar) -> Void
    let adam: @Sendable (Output, Input, Output, Output, AdamCoefficients) -> Void
    let sgd: @Sendable (Output, Input, Output, SGDCoefficients) -> Void
    let unfold: @Sendable (_ image: Input, _ columns: Output, WindowGeometry) -> Void
    let fold: @Sendable (_ columns: Input, _ image: Output, WindowGeometry) -> Void
    let maxPoolIndices: @Sendable (_ image: Input, UnsafeMutableBufferPointer<Int>, WindowGeometry) -> Void
    let gather: @Sendable (Input, UnsafeBufferPointer<Int>, Output) -> Void
    let scatter: @Sendable (Input, UnsafeBufferPointer<Int>, Output) -> Void
    let maximum: @Sendable (Input, Output, AxisLayout) -> Void
}
