import MinimaxEngine
import Testing

/// One row of the gradient-check table: an operation on inputs of given shapes.
struct OperationCase: CustomTestStringConvertible, Sendable {
    let name: String
    let shapes: [[Int]]
    /// Inputs in [0.5, 2] instead of ±[0.2, 1.2].
    var positiveInputs = false
    let function: @Sendable ([Tensor<Double>]) -> Tensor<Double>

    var testDescription: String { "\(name) \(shapes.map { "\($0)" }.joined(separator: " "))" }

    func inputs() -> [Tensor<Double>] {
        shapes.enumerated().map { index, shape in
            positiveInputs ? positive(shape, seed: UInt64(index + 1)) : awayFromZero(shape, seed: UInt64(index + 1))
        }
    }
}

/// Every differentiable operation of the engine, over several shapes including broadcast ones.
/// Each row is checked at first order here and at second order in `SecondDerivativeTests`, with
/// respect to every input: a new operation needs one row, and no list of exceptions.
let operationCases: [OperationCase] = {
    var cases: [OperationCase] = []
    let binaryShapes: [[[Int]]] = [[[3, 4], [3, 4]], [[3, 4], [4]], [[3, 1], [1, 4]], [[2, 3, 4], [3, 1]], [[5], []], [[], [2, 2]]]
    for shapes in binaryShapes {
        cases.append(OperationCase(name: "add", shapes: shapes) { $0[0] + $0[1] })
        cases.append(OperationCase(name: "subtract", shapes: shapes) { $0[0] - $0[1] })
        cases.append(OperationCase(name: "multiply", shapes: shapes) { $0[0] * $0[1] })
        cases.append(OperationCase(name: "divide", shapes: shapes) { $0[0] / $0[1] })
    }
    for shape in [[], [7], [3, 4], [2, 3, 2]] {
        cases += [
            OperationCase(name: "negate", shapes: [shape]) { -$0[0] },
            OperationCase(name: "scalar arithmetic", shapes: [shape]) { (2 - $0[0] * 3) / 4 + 1 / ($0[0] + 5) },
            OperationCase(name: "exp", shapes: [shape]) { $0[0].exp() },
            OperationCase(name: "log", shapes: [shape], positiveInputs: true) { $0[0].log() },
            OperationCase(name: "log1p", shapes: [shape], positiveInputs: true) { $0[0].log1p() },
            OperationCase(name: "sqrt", shapes: [shape], positiveInputs: true) { $0[0].sqrt() },
            OperationCase(name: "square", shapes: [shape]) { $0[0].square() },
            OperationCase(name: "pow", shapes: [shape], positiveInputs: true) { $0[0].pow(2.5) },
            OperationCase(name: "abs", shapes: [shape]) { $0[0].abs() },
            OperationCase(name: "clamp", shapes: [shape]) { $0[0].clamped(to: -0.7...0.6) },
            OperationCase(name: "sigmoid", shapes: [shape]) { $0[0].sigmoid() },
            OperationCase(name: "logSigmoid", shapes: [shape]) { ($0[0] * 8).logSigmoid() },
            OperationCase(name: "softplus", shapes: [shape]) { ($0[0] * 8).softplus() },
            OperationCase(name: "tanh", shapes: [shape]) { $0[0].tanh() },
            OperationCase(name: "relu", shapes: [shape]) { $0[0].relu() },
            OperationCase(name: "leakyReLU", shapes: [shape]) { $0[0].leakyReLU(slope: 0.2) },
            OperationCase(name: "sum", shapes: [shape]) { $0[0].sum() },
            OperationCase(name: "mean", shapes: [shape]) { $0[0].mean() },
        ]
    }
    for shape in [[5], [3, 4], [2, 3, 2]] {
        for axis in shape.indices {
            cases.append(OperationCase(name: "sum axis \(axis)", shapes: [shape]) { $0[0].sum(alongAxis: axis) })
            cases.append(OperationCase(name: "mean axis \(axis) kept", shapes: [shape]) { $0[0].mean(alongAxis: axis, keepingDimension: true) })
            cases.append(OperationCase(name: "slice axis \(axis)", shapes: [shape]) { $0[0].slice(alongAxis: axis, 1..<shape[axis]) })
            cases.append(OperationCase(name: "concatenate axis \(axis)", shapes: [shape, shape]) { Tensor.concatenate([$0[0], $0[1], $0[0]], alongAxis: axis) })
        }
    }
    for (a, b) in [([3, 4], [4, 2]), ([1, 5], [5, 1]), ([4, 1], [1, 3])] {
        cases.append(OperationCase(name: "matmul", shapes: [a, b]) { matmul($0[0], $0[1]) })
        cases.append(OperationCase(name: "matmul Aᵀ", shapes: [[a[1], a[0]], b]) { matmul($0[0], $0[1], transposingA: true) })
        cases.append(OperationCase(name: "matmul Bᵀ", shapes: [a, [b[1], b[0]]]) { matmul($0[0], $0[1], transposingB: true) })
        cases.append(OperationCase(name: "matmul AᵀBᵀ", shapes: [[a[1], a[0]], [b[1], b[0]]]) { matmul($0[0], $0[1], transposingA: true, transposingB: true) })
    }
    cases += [
        OperationCase(name: "affine", shapes: [[4, 3], [2, 3], [2]]) { affine($0[0], weight: $0[1], bias: $0[2]) },
        OperationCase(name: "affine batch 1", shapes: [[1, 5], [3, 5], [3]]) { affine($0[0], weight: $0[1], bias: $0[2]) },
        OperationCase(name: "reshape", shapes: [[2, 6]]) { $0[0].reshaped(to: [3, 2, 2]) },
        OperationCase(name: "transpose", shapes: [[2, 5]]) { $0[0].transposed() },
        OperationCase(name: "rows", shapes: [[6, 2]]) { $0[0].rows(2..<5) },
        OperationCase(name: "broadcast", shapes: [[3, 1]]) { $0[0].broadcast(to: [2, 3, 4]) },
        OperationCase(name: "sum to shape", shapes: [[2, 3, 4]]) { $0[0].sum(toShape: [3, 1]) },
        OperationCase(name: "chain", shapes: [[3, 2], [2, 2]]) { matmul($0[0], $0[1]).tanh().softplus() * $0[0].sigmoid() },
    ]
    return cases + imageOperationCases
}()

@Suite("Gradients of every operation against central differences")
struct OperationGradientTests {
    @Test(arguments: operationCases)
    func gradientMatchesFiniteDifferences(_ operation: OperationCase) {
        let error = gradientCheckError(inputs: operation.inputs(), operation.function)
        #expect(error < 1e-6, "\(operation.testDescription): error \(error)")
    }

    @Test("A wrong gradient is caught by the check")
    func checkDetectsWrongGradient() {
        // x·x computed through detach on one side has gradient x, not 2x: the check must notice.
        let error = gradientCheckError(inputs: [awayFromZero([4], seed: 3)]) { $0[0] * $0[0].detached() }
        #expect(error > 0.1)
    }

    @Test("A tensor used twice receives both gradients (diamond graph)")
    func diamond() {
        // b = 2x; y = b·b + b = 4x² + 2x, so dy/dx = 8x + 2.
        let x = Tensor<Double>([0.5, -1.5, 2]).requiringGradient()
        let b = x * 2
        let y = (b * b + b).sum()
        let gradient = y.gradients(withRespectTo: [x])[0]
        #expect(gradient.scalars == [6, -10, 18])
        #expect(gradientCheckError(inputs: [x]) { let b = $0[0] * 2; return b * b + b } < 1e-7)
    }

    @Test("Gradients with respect to an unrelated tensor are zeros")
    func unrelatedTarget() {
        let x = Tensor<Double>([1, 2]).requiringGradient()
        let unrelated = Tensor<Double>([3]).requiringGradient()
        let gradients = (x * x).sum().gradients(withRespectTo: [x, unrelated])
        #expect(gradients[0].scalars == [2, 4])
        #expect(gradients[1].scalars == [0])
    }

    @Test("Nothing is recorded without gradients, or through detach")
    func noGradientScopes() {
        let x = Tensor<Double>([1, 2]).requiringGradient()
        #expect(withoutGradients { (x * x).isTracked } == false)
        #expect((x.detached() * 3).isTracked == false)
        #expect((x * 3).isTracked)
    }
}
