import MinimaxEngine
import Testing

@Suite("Gradients of gradients")
struct SecondDerivativeTests {
    @Test("d²/dx² of x³ is 6x")
    func cube() {
        let x = Tensor<Double>([0.5, -2, 3]).requiringGradient()
        let firstDerivative = (x * x * x).sum().gradients(withRespectTo: [x], creatingGraph: true)[0]
        #expect(firstDerivative.scalars == [0.75, 12, 27])
        let secondDerivative = firstDerivative.sum().gradients(withRespectTo: [x])[0]
        #expect(secondDerivative.scalars == [3, -12, 18])
    }

    /// For every operation of the table, the gradients ∇ᵢ Σ w·f(x) with respect to each input,
    /// computed with their graph, are checked against central differences of those gradients
    /// over every input (mixed derivatives ∂²/∂xᵢ∂xⱼ included): the backward rules are
    /// differentiable in the inputs.
    @Test(arguments: operationCases)
    func backwardRuleIsDifferentiable(_ operation: OperationCase) {
        let error = gradientCheckError(inputs: operation.inputs(), outputs: { inputs in
            let output = operation.function(inputs)
            var random = RandomSource(seed: 7)
            let weights = Tensor<Double>.uniform(output.shape, in: 0.5..<1.5, using: &random)
            return (output * weights).sum().gradients(withRespectTo: inputs, creatingGraph: true)
        })
        #expect(error < 1e-5, "\(operation.testDescription): error \(error)")
    }

    /// Above, the gradient reaching the operation is the constant w, so a rule that cut its
    /// result from the incoming gradient (a linear op returning an untracked tensor) would pass.
    /// Here it is w·f(x), itself a function of the inputs: the gradients are those of ½Σ w·f(x)²,
    /// and the rules must also be differentiable in the gradient they receive, as they are when
    /// the operation sits inside a network whose ∇ₓD is penalised.
    @Test(arguments: operationCases)
    func backwardRuleIsDifferentiableInItsGradient(_ operation: OperationCase) {
        let error = gradientCheckError(inputs: operation.inputs(), outputs: { inputs in
            let output = operation.function(inputs)
            var random = RandomSource(seed: 7)
            let weights = Tensor<Double>.uniform(output.shape, in: 0.5..<1.5, using: &random)
            return output.gradients(withRespectTo: inputs, seed: output * weights, creatingGraph: true)
        })
        #expect(error < 1e-5, "\(operation.testDescription): error \(error)")
    }

    @Test("WGAN-GP's penalty is differentiated through ∇ₓD with respect to D's parameters")
    func gradientPenaltyParameters() {
        var random = RandomSource(seed: 5)
        let real = Tensor<Double>.normal([4, 2], using: &random)
        let fake = Tensor<Double>.normal([4, 2], using: &random)
        let parameters = [
            Tensor<Double>.normal([3, 2], using: &random), Tensor<Double>.normal([3], using: &random),
            Tensor<Double>.normal([1, 3], using: &random), Tensor<Double>.normal([1], using: &random),
        ]
        let error = gradientCheckError(inputs: parameters) { p in
            var interpolation = RandomSource(seed: 11)  // the same x̂ for every evaluation
            return gradientPenalty(
                critic: { affine(affine($0, weight: p[0], bias: p[1]).tanh(), weight: p[2], bias: p[3]) },
                real: real, fake: fake, random: &interpolation)
        }
        #expect(error < 1e-6)
    }
}
