import MinimaxEngine
import Testing

/// Reference values from a float64 transcription of torch.optim's single-tensor Adam and SGD
/// (lerp form of the first moment included), three steps on fixed gradients.
@Suite("Optimizers")
struct OptimizerTests {
    static let start: [Double] = [1, -2, 0.5]
    static let gradients: [[Double]] = [[0.5, -1, 2], [0.25, 0.5, -1], [-0.75, 0, 0.125]]

    func run(_ makeOptimizer: ([Tensor<Double>]) throws -> any Optimizer<Double>) throws -> [Double] {
        let parameter = Tensor<Double>(Self.start).requiringGradient()
        let optimizer = try makeOptimizer([parameter])
        for gradient in Self.gradients {
            optimizer.update(gradients: [Tensor(gradient)])
        }
        return parameter.scalars
    }

    func expectClose(_ got: [Double], _ expected: [Double]) {
        #expect(got.count == expected.count, "got \(got), expected \(expected)")
        for (g, e) in zip(got, expected) {
            #expect(abs(g - e) < 1e-15, "got \(got), expected \(expected)")
        }
    }

    @Test("Adam with PyTorch's defaults")
    func adamDefaults() throws {
        expectClose(try run { try Adam(parameters: $0) }, [0.9981497972011077, -1.9985277836733144, 0.49849241806015815])
    }

    @Test("Adam with the DCGAN settings lr 2e-4, β₁ 0.5")
    func adamDCGAN() throws {
        expectClose(
            try run { try Adam(parameters: $0, learningRate: 2e-4, beta1: 0.5) },
            [0.9997371089869892, -1.999800000002, 0.49978894719123484])
    }

    @Test("SGD with and without momentum")
    func sgd() throws {
        expectClose(try run { try SGD(parameters: $0, learningRate: 0.1, momentum: 0.9) }, [0.892, -1.8239999999999998, 0.13549999999999995])
        expectClose(try run { try SGD(parameters: $0, learningRate: 0.1) }, [1.0, -1.95, 0.3875])
    }

    @Test("Invalid hyper-parameters are rejected with a message naming them")
    func invalidHyperParameters() {
        let parameter = [Tensor<Float>([1]).requiringGradient()]
        let adamRule = "learning rate and epsilon must be ≥ 0, betas in [0, 1)"
        let rejections: [(message: String, make: () throws -> any Optimizer<Float>)] = [
            ("Adam: beta1 1.0 is invalid: \(adamRule)", { try Adam(parameters: parameter, beta1: 1) }),
            ("Adam: beta2 1.5 is invalid: \(adamRule)", { try Adam(parameters: parameter, beta2: 1.5) }),
            ("Adam: learning rate -1.0 is invalid: \(adamRule)", { try Adam(parameters: parameter, learningRate: -1) }),
            ("Adam: epsilon inf is invalid: \(adamRule)", { try Adam(parameters: parameter, epsilon: .infinity) }),
            ("SGD: learning rate must be ≥ 0, got nan", { try SGD(parameters: parameter, learningRate: .nan) }),
            ("SGD: momentum must be ≥ 0, got -0.5", { try SGD(parameters: parameter, learningRate: 0.1, momentum: -0.5) }),
        ]
        for (message, make) in rejections {
            let error = #expect(throws: EngineError.self, "\(message)") { try make() }
            #expect(error?.description == message)
        }
    }
}
