import MinimaxEngine
import Testing

/// The one-network training loop, on a loss whose every step is known exactly: SGD with
/// learning rate ¼ on L(w) = Σ w² moves w ← w − ¼·2w = w/2, so after t updates w = w₀/2ᵗ and
/// step t's loss (before its update) is Σ w₀² / 4ᵗ⁻¹.
@Suite("Fit")
struct FitTests {
    static let start: [Double] = [1, -2]

    func halving() throws -> (parameter: Tensor<Double>, optimizer: SGD<Double>) {
        let parameter = Tensor<Double>(Self.start).requiringGradient()
        return (parameter, try SGD(parameters: [parameter], learningRate: 0.25))
    }

    func after(_ updates: Int) -> [Double] {
        Self.start.map { $0 * Double(sign: .plus, exponent: -updates, significand: 1) }
    }

    @Test("A loss that becomes NaN at step 7 stops training there, before any update from it")
    func divergenceAtItsStep() throws {
        let (w, optimizer) = try halving()
        var asked: [Int] = []
        var recorded: [(step: Int, w: [Double])] = []
        var shown: [Int] = []
        let error = #expect(throws: Divergence.self) {
            try fit(
                steps: 20, optimizer: optimizer, recordEvery: 1, record: { step, _ in recorded.append((step, w.scalars)) },
                progress: { step, _ in shown.append(step) }
            ) { step in
                asked.append(step)
                let loss = (w * w).sum()
                return step == 7 ? loss * .nan : loss
            }
        }
        #expect(error?.step == 7)
        #expect(error?.loss.isNaN == true)
        #expect(asked == Array(1...7))
        // Six updates, none from step 7's loss: w is where step 6 left it.
        #expect(w.scalars == after(6))
        #expect(recorded.map(\.step) == Array(1...6))
        #expect(recorded.last?.w == after(6))
        #expect(shown == Array(1...6))
    }

    @Test("Records come every k steps and at the last, after that step's update; progress every hundredth")
    func recordsEveryK() throws {
        let (w, optimizer) = try halving()
        var recorded: [(step: Int, loss: Double, w: [Double])] = []
        var shown: [Int] = []
        let losses = try fit(
            steps: 250, optimizer: optimizer, recordEvery: 60, record: { recorded.append(($0, $1, w.scalars)) },
            progress: { step, _ in shown.append(step) }
        ) { _ in (w * w).sum() }
        #expect(recorded.map(\.step) == [60, 120, 180, 240, 250])
        for (step, loss, parameters) in recorded {
            #expect(loss == losses[step - 1])
            #expect(parameters == after(step), "step \(step)")
        }
        #expect(losses.count == 250)
        #expect(Array(losses.prefix(3)) == [5, 1.25, 0.3125])
        #expect(shown == Array(stride(from: 2, through: 250, by: 2)))
    }

    @Test("No steps: no loss asked for, nothing recorded")
    func noSteps() throws {
        let (w, optimizer) = try halving()
        var called = false
        let losses = try fit(steps: 0, optimizer: optimizer, record: { _, _ in called = true }) { _ in
            called = true
            return (w * w).sum()
        }
        #expect(losses.isEmpty && !called && w.scalars == Self.start)
    }

    @Test("Weight clipping holds every parameter to [−c, c] after the wrapped optimizer's update")
    func weightClipping() throws {
        let parameter = Tensor<Double>([0.0625, -0.3, 2]).requiringGradient()
        let optimizer = WeightClipping(try SGD(parameters: [parameter], learningRate: 1), limit: 0.1)
        optimizer.update(gradients: [Tensor([0.03125, 0, -1])])
        #expect(parameter.scalars == [0.03125, -0.1, 0.1])
    }
}
