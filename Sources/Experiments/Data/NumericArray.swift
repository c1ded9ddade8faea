import MinimaxEngine

/// An n-dimensional array of Doubles in row-major (C) order, as NumPy holds one: the parameters,
/// inputs and gradients of an exercise, and the arrays a student sends back to compare.
public struct NumericArray: Sendable, Equatable {
    /// The size of each dimension; `[]` for a single number.
    public let shape: [Int]
    /// The elements, the last index varying fastest.
    public let scalars: [Double]

    public init(shape: [Int], scalars: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 } && shape.reduce(1, *) == scalars.count,
            "NumericArray: shape \(shape) does not hold \(scalars.count) elements")
        self.shape = shape
        self.scalars = scalars
    }

    /// A single number, of shape `[]`.
    public init(_ scalar: Double) {
        self.init(shape: [], scalars: [scalar])
    }

    /// A tensor's values with its shape.
    public init(_ tensor: Tensor<Double>) {
        self.init(shape: tensor.shape, scalars: tensor.scalars)
    }

    /// The index of the element at `offset` in row-major order: `[3, 0]` is row 3, column 0.
    public func index(ofElement offset: Int) -> [Int] {
        var rest = offset
        var index = [Int](repeating: 0, count: shape.count)
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            index[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return index
    }

    /// The shape as NumPy prints it: `(16, 1)`, `(16,)`, `()`.
    public var shapeText: String { Self.shapeText(shape) }

    /// A shape as NumPy prints it.
    public static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
}
