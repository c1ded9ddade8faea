/// An n-dimensional row-major array of `Float` or `Double` that records how it was computed, so
/// that gradients can flow back through it.
///
/// Tensors are immutable values except for parameters, which optimizers update in place. An
/// operation on tensors records a node in the gradient graph when gradients are being recorded
/// (see `withoutGradients`) and one of its inputs is tracked: a parameter, or a result of a
/// tracked computation.
public final class Tensor<Scalar: TensorScalar> {
    /// The size of each dimension; `[]` for a scalar.
    public let shape: [Int]
    /// The elements in row-major order.
    public internal(set) var scalars: [Scalar]
    /// Whether this tensor is a leaf that gradients are taken with respect to (a parameter).
    public let requiresGradient: Bool
    /// How this tensor was computed, if that was recorded.
    let node: GradientNode<Scalar>?

    init(shape: [Int], scalars: [Scalar], requiresGradient: Bool = false, node: GradientNode<Scalar>? = nil) {
        self.shape = shape
        self.scalars = scalars
        self.requiresGradient = requiresGradient
        self.node = node
    }

    /// A tensor of the given shape holding `scalars` in row-major order.
    public convenience init(shape: [Int], scalars: [Scalar]) {
        guard shape.allSatisfy({ $0 >= 0 }), elementCount(shape) == scalars.count else {
            shapeFailure("Tensor(shape:scalars:)", "shape \(describe(shape)) holds \(elementCount(shape)) elements, got \(scalars.count)")
        }
        self.init(shape: shape, scalars: scalars, requiresGradient: false)
    }

    /// A one-dimensional tensor.
    public convenience init(_ scalars: [Scalar]) {
        self.init(shape: [scalars.count], scalars: scalars)
    }

    /// A scalar (zero-dimensional) tensor.
    public convenience init(_ scalar: Scalar) {
        self.init(shape: [], scalars: [scalar])
    }

    /// A matrix from its rows; all rows must have the same length.
    public convenience init(rows: [[Scalar]]) {
        let width = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == width }) else {
            shapeFailure("Tensor(rows:)", "rows have different lengths \(rows.map(\.count))")
        }
        self.init(shape: [rows.count, width], scalars: rows.flatMap { $0 })
    }

    /// A tensor with every element equal to `value`.
    public static func full(_ shape: [Int], _ value: Scalar) -> Tensor {
        Tensor(shape: shape, scalars: make(shape) { Scalar.kernels.fill($0, value) })
    }

    public static func zeros(_ shape: [Int]) -> Tensor { full(shape, 0) }

    public static func ones(_ shape: [Int]) -> Tensor { full(shape, 1) }

    /// Independent samples from the uniform distribution on [low, high).
    public static func uniform(_ shape: [Int], in range: Range<Scalar> = 0..<1, using random: inout RandomSource) -> Tensor {
        Tensor(shape: shape, scalars: make(shape) { Scalar.kernels.uniform(&random, $0, range.lowerBound, range.upperBound) })
    }

    /// Independent samples from N(mean, standardDeviation²) (Box–Muller, in pairs).
    public static func normal(
        _ shape: [Int], mean: Scalar = 0, standardDeviation: Scalar = 1, using random: inout RandomSource
    ) -> Tensor {
        Tensor(shape: shape, scalars: make(shape) { Scalar.kernels.normal(&random, $0, mean, standardDeviation) })
    }

    /// The number of elements.
    public var count: Int { scalars.count }

    /// The number of dimensions.
    public var rank: Int { shape.count }

    /// The only element of a tensor that holds exactly one.
    public var scalar: Scalar {
        guard count == 1 else { shapeFailure("Tensor.scalar", "tensor of shape \(describe(shape)) holds \(count) elements, not 1") }
        return scalars[0]
    }

    /// The rows of a matrix as arrays.
    public var rows: [[Scalar]] {
        guard rank == 2 else { shapeFailure("Tensor.rows", "needs a matrix, got shape \(describe(shape))") }
        let width = shape[1]
        return (0..<shape[0]).map { Array(scalars[$0 * width..<($0 + 1) * width]) }
    }

    /// This tensor's values as a new leaf whose gradients can be taken: a parameter.
    public func requiringGradient() -> Tensor {
        Tensor(shape: shape, scalars: scalars, requiresGradient: true)
    }

    /// Replaces a parameter's values in place (for optimizers, clipping and loading).
    public func assign(_ newScalars: [Scalar]) throws {
        guard newScalars.count == count else {
            throw EngineError.invalidArgument(
                operation: "Tensor.assign", message: "tensor of shape \(describe(shape)) holds \(count) values, got \(newScalars.count)")
        }
        scalars = newScalars
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor\(describe(shape))(\(shown)\(count > 8 ? ", …" : ""))"
    }
}

// MARK: - Running the kernels

extension Tensor {
    /// A new tensor of `shape` whose elements `fill` writes (all of them).
    @inline(__always)
    static func make(_ shape: [Int], _ fill: (UnsafeMutableBufferPointer<Scalar>) -> Void) -> [Scalar] {
        [Scalar](unsafeUninitializedCapacity: elementCount(shape)) { buffer, initialized in
            fill(buffer)
            initialized = buffer.count
        }
    }

    /// Applies an elementwise function.
    func map(_ operation: UnaryOperation) -> [Scalar] {
        scalars.withUnsafeBufferPointer { x in
            Tensor.make(shape) { y in Scalar.kernels.unary(operation, x, y) }
        }
    }

    /// Combines two tensors elementwise after broadcasting them to `shape`.
    static func combine(_ operation: BinaryOperation, _ a: Tensor, _ b: Tensor, shape: [Int]) -> [Scalar] {
        let layout = BroadcastLayout(a.shape, b.shape, output: shape)
        return a.scalars.withUnsafeBufferPointer { pa in
            b.scalars.withUnsafeBufferPointer { pb in
                make(shape) { out in Scalar.kernels.binary(operation, pa, pb, out, layout) }
            }
        }
    }
}
