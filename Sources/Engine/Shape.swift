/// Shapes: broadcasting, element counts, and the messages for shapes that do not fit.

/// Stops with a message that names the operation and the shapes involved.
///
/// Shape errors in tensor code are programming errors, like an index out of range: they stop the
/// program here, before any BLAS call can read the wrong memory. Code that builds networks from
/// user input (a lesson's parameters) validates them first and throws `EngineError` instead.
func shapeFailure(_ operation: String, _ message: String) -> Never {
    fatalError("\(operation): \(message)")
}

func describe(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}

func elementCount(_ shape: [Int]) -> Int {
    shape.reduce(1, *)
}

/// The shape two operands broadcast to (NumPy rules: align on the right; a dimension of 1
/// stretches to match the other).
func broadcastShape(_ a: [Int], _ b: [Int], operation: String) -> [Int] {
    if a == b { return a }
    let rank = max(a.count, b.count)
    var result = [Int](repeating: 1, count: rank)
    for i in 0..<rank {
        let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
        let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
        guard da == db || da == 1 || db == 1 else {
            shapeFailure(
                operation,
                "shapes \(describe(a)) and \(describe(b)) do not broadcast: dimension \(i) is \(da) against \(db)")
        }
        result[i] = da == 1 ? db : da
    }
    return result
}

/// Row-major element strides of `shape` seen as `outputShape` after broadcasting: 0 along
/// every dimension that is stretched.
func broadcastStrides(_ shape: [Int], to outputShape: [Int]) -> [Int] {
    let offset = outputShape.count - shape.count
    var strides = [Int](repeating: 0, count: outputShape.count)
    var step = 1
    for i in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[i + offset] = shape[i] == 1 && outputShape[i + offset] != 1 ? 0 : step
        step *= shape[i]
    }
    return strides
}

extension BroadcastLayout {
    /// The walk for operands of shapes `a` and `b` filling `output`, with dimensions of size 1
    /// dropped and neighbours merged wherever both operands allow.
    init(_ a: [Int], _ b: [Int], output: [Int]) {
        // The common cases, without building stride arrays: equal shapes, or a scalar operand.
        let count = elementCount(output)
        if a == output && (b == output || elementCount(b) == 1) {
            self.init(dimensions: [count], stridesA: [1], stridesB: [b == output ? 1 : 0])
            return
        }
        if b == output && elementCount(a) == 1 {
            self.init(dimensions: [count], stridesA: [0], stridesB: [1])
            return
        }
        let sa = broadcastStrides(a, to: output)
        let sb = broadcastStrides(b, to: output)
        var dimensions: [Int] = []
        var stridesA: [Int] = []
        var stridesB: [Int] = []
        for i in output.indices where output[i] != 1 {
            if let last = dimensions.last,
                stridesA.last! == sa[i] * output[i], stridesB.last! == sb[i] * output[i]
            {
                // The previous dimension steps exactly over this one in both operands: merge.
                dimensions[dimensions.count - 1] = last * output[i]
                stridesA[stridesA.count - 1] = sa[i]
                stridesB[stridesB.count - 1] = sb[i]
            } else {
                dimensions.append(output[i])
                stridesA.append(sa[i])
                stridesB.append(sb[i])
            }
        }
        if dimensions.isEmpty {
            (dimensions, stridesA, stridesB) = ([1], [0], [0])
        }
        self.init(dimensions: dimensions, stridesA: stridesA, stridesB: stridesB)
    }
}

/// Errors from building networks and optimizers out of user-given sizes and hyper-parameters.
public enum EngineError: Error, CustomStringConvertible, Equatable {
    case invalidArgument(operation: String, message: String)

    public var description: String {
        switch self {
        case .invalidArgument(let operation, let message): "\(operation): \(message)"
        }
    }
}
