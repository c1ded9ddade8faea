import MinimaxEngine
import Testing

/// Compares the gradient the engine computes with central differences, in Double.
///
/// The function's output is reduced to a scalar as Σ wᵢ·f(x)ᵢ with fixed, distinct weights wᵢ,
/// so every output element contributes differently and a wrong gradient cannot cancel out.
/// Returns the worst mismatch |analytic − numeric| / (1 + |numeric|).
func gradientCheckError(
    inputs: [Tensor<Double>], step: Double = 1e-6, _ function: ([Tensor<Double>]) -> Tensor<Double>
) -> Double {
    gradientCheckError(inputs: inputs, step: step, outputs: { [function($0)] })
}

/// The same check for a function with several outputs (the gradients with respect to several
/// inputs, say): they are reduced to one scalar Σⱼ Σᵢ wⱼᵢ·fⱼ(x)ᵢ, each output with its own
/// weights, and the gradient of that scalar is checked with respect to every input.
///
/// An analytic gradient whose shape is not its input's is an issue, and an infinite error.
func gradientCheckError(
    inputs: [Tensor<Double>], step: Double = 1e-6, outputs function: ([Tensor<Double>]) -> [Tensor<Double>]
) -> Double {
    let parameters = inputs.map { $0.requiringGradient() }
    let outputs = function(parameters)
    var random = RandomSource(seed: 99)
    let weights = outputs.map { Tensor<Double>.uniform($0.shape, in: 0.5..<1.5, using: &random) }
    func weightedSum(_ outputs: [Tensor<Double>]) -> Tensor<Double> {
        zip(outputs, weights).map { ($0 * $1).sum() }.reduce(Tensor(0), +)
    }
    // Evaluated with recording on and leaves that take gradients, so that a function which
    // itself takes a gradient (a second-derivative check) computes it the same way.
    func objective(_ values: [Tensor<Double>]) -> Double {
        weightedSum(function(values.map { $0.requiringGradient() })).scalar
    }
    let analytic = weightedSum(outputs).gradients(withRespectTo: parameters)

    var worst = 0.0
    for (index, input) in inputs.enumerated() {
        guard analytic[index].shape == input.shape else {
            Issue.record("gradient of shape \(analytic[index].shape) for input \(index) of shape \(input.shape)")
            return .infinity
        }
        for element in 0..<input.count {
            func shifted(_ delta: Double) -> Double {
                var values = input.scalars
                values[element] += delta
                var changed = inputs
                changed[index] = Tensor(shape: input.shape, scalars: values)
                return objective(changed)
            }
            let numeric = (shifted(step) - shifted(-step)) / (2 * step)
            let error = abs(analytic[index].scalars[element] - numeric) / (1 + abs(numeric))
            worst = max(worst, error)
        }
    }
    return worst
}

/// Values in ±[0.2, 1.2], away from the kinks of abs, ReLU and clamp at 0.
func awayFromZero(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
    var random = RandomSource(seed: seed)
    let magnitudes = Tensor<Double>.uniform(shape, in: 0.2..<1.2, using: &random)
    let signs = (0..<magnitudes.count).map { _ in random.index(below: 2) == 0 ? -1.0 : 1.0 }
    return Tensor(shape: shape, scalars: zip(magnitudes.scalars, signs).map(*))
}

/// Values in [0.5, 2]: the domain of log, sqrt and fractional powers.
func positive(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
    var random = RandomSource(seed: seed)
    return Tensor.uniform(shape, in: 0.5..<2, using: &random)
}
