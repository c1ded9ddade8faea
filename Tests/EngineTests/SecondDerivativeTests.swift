import Testing

@testable import MinimaxEngine

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

    /// The gradients ∇ᵢ Σ w·f(x) with respect to every input, computed with their graph, checked
    /// against central differences of those gradients over every input (mixed derivatives
    /// ∂²/∂xᵢ∂xⱼ included): whether the backward rules are differentiable in the inputs.
    static func secondOrderError(_ operation: OperationCase) -> Double {
        gradientCheckError(inputs: operation.inputs(), outputs: { inputs in
            let output = operation.function(inputs)
            var random = RandomSource(seed: 7)
            let weights = Tensor<Double>.uniform(output.shape, in: 0.5..<1.5, using: &random)
            return (output * weights).sum().gradients(withRespectTo: inputs, creatingGraph: true)
        })
    }

    /// Above, the gradient reaching the operation is the constant w, so a rule that cuts its
    /// result from the incoming gradient (a linear op returning an untracked tensor) passes.
    /// Here it is w·f(x), itself a function of the inputs: the gradients are those of ½Σ w·f(x)²,
    /// and the rules must also be differentiable in the gradient they receive, as they are when
    /// the operation sits inside a network whose ∇ₓD is penalised.
    static func secondOrderErrorThroughGradient(_ operation: OperationCase) -> Double {
        gradientCheckError(inputs: operation.inputs(), outputs: { inputs in
            let output = operation.function(inputs)
            var random = RandomSource(seed: 7)
            let weights = Tensor<Double>.uniform(output.shape, in: 0.5..<1.5, using: &random)
            return output.gradients(withRespectTo: inputs, seed: output * weights, creatingGraph: true)
        })
    }

    @Test(arguments: operationCases)
    func backwardRuleIsDifferentiable(_ operation: OperationCase) {
        let error = Self.secondOrderError(operation)
        #expect(error < 1e-5, "\(operation.testDescription): error \(error)")
    }

    @Test(arguments: operationCases)
    func backwardRuleIsDifferentiableInItsGradient(_ operation: OperationCase) {
        let error = Self.secondOrderErrorThroughGradient(operation)
        #expect(error < 1e-5, "\(operation.testDescription): error \(error)")
    }

    @Test("A rule right at first order but cut from the graph is caught by the second-order checks")
    func checksDetectRulesCutFromTheGraph() {
        // x³ whose rule computes 3x² outside the graph: right gradient, second derivative 0.
        let cube = OperationCase(name: "cube", shapes: [[4]]) { inputs in
            let x = inputs[0]
            return Tensor.result(x.shape, x.scalars.map { $0 * $0 * $0 }, "cube", [x]) { g, _ in [g * (x * x * 3).detached()] }
        }
        #expect(gradientCheckError(inputs: cube.inputs(), cube.function) < 1e-6)
        #expect(Self.secondOrderError(cube) > 0.1)
        #expect(Self.secondOrderErrorThroughGradient(cube) > 0.1)
        // The identity whose rule returns the incoming gradient untracked: only the check that
        // seeds the backward pass with a function of the inputs can see it.
        let identity = OperationCase(name: "identity", shapes: [[4]]) { inputs in
            Tensor.result(inputs[0].shape, inputs[0].scalars, "identity", [inputs[0]]) { g, _ in [g.detached()] }
        }
        #expect(gradientCheckError(inputs: identity.inputs(), identity.function) < 1e-6)
        #expect(Self.secondOrderError(identity) < 1e-6)
        #expect(Self.secondOrderErrorThroughGradient(identity) > 0.1)
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
