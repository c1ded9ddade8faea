import Foundation
import MinimaxEngine
import Testing

/// Modules: parameters and buffers under dotted names, training and evaluation modes, batch
/// normalisation and dropout against their formulas, state that saves, loads and rebuilds.
@Suite("Layers with buffers and modes")
struct LayerTests {
    /// A [batch, features] matrix as its columns.
    static func columns(_ x: Tensor<Double>) -> [[Double]] {
        let (rows, width) = (x.shape[0], x.count / x.shape[0])
        return (0..<width).map { j in (0..<rows).map { x.scalars[$0 * width + j] } }
    }

    @Test("BatchNorm1d in training: (x − mean)/√(biased var + ε)·γ + β, and the running statistics move by 0.1 towards mean and unbiased var")
    func batchNormTraining() throws {
        var random = RandomSource(seed: 1)
        let x = Tensor<Double>.normal([6, 3], mean: 2, standardDeviation: 3, using: &random)
        let norm = try BatchNorm<Double>(features: 3, input: .vectors)
        try norm.weight.assign([1.5, -0.5, 2])
        try norm.bias.assign([0.1, 0.2, -0.3])
        let y = norm(x)
        for (j, column) in Self.columns(x).enumerated() {
            let mean = column.reduce(0, +) / 6
            let biased = column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 6
            for i in 0..<6 {
                let expected = (column[i] - mean) / (biased + 1e-5).squareRoot() * norm.weight.scalars[j] + norm.bias.scalars[j]
                #expect(abs(y.scalars[i * 3 + j] - expected) < 1e-12)
            }
            #expect(abs(norm.runningMean.scalars[j] - 0.1 * mean) < 1e-12)
            #expect(abs(norm.runningVariance.scalars[j] - (0.9 + 0.1 * biased * 6 / 5)) < 1e-12)
        }
    }

    @Test("BatchNorm2d normalises each channel over the batch and every position; evaluation uses the running statistics")
    func batchNormImages() throws {
        var random = RandomSource(seed: 2)
        let x = Tensor<Double>.normal([2, 3, 4, 5], mean: -1, standardDeviation: 2, using: &random)
        let norm = try BatchNorm<Double>(features: 3, input: .images)
        let y = norm(x)
        for channel in 0..<3 {
            let values = (0..<2).flatMap { n in (0..<20).map { y.scalars[(n * 3 + channel) * 20 + $0] } }
            let mean = values.reduce(0, +) / 40
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 40
            #expect(abs(mean) < 1e-12)
            #expect(abs(variance - 1) < 1e-5)  // 1 − ε/(σ² + ε)
        }
        norm.setMode(.evaluation)
        let evaluated = norm(x)
        for index in 0..<x.count {
            let channel = (index / 20) % 3
            let expected = (x.scalars[index] - norm.runningMean.scalars[channel]) / (norm.runningVariance.scalars[channel] + 1e-5).squareRoot()
            #expect(abs(evaluated.scalars[index] - expected) < 1e-12)
        }
        let before = norm.runningMean.scalars
        _ = norm(x)
        #expect(norm.runningMean.scalars == before, "evaluation leaves the running statistics alone")
        #expect(!norm.mixesExamples)
    }

    @Test("BatchNorm's gradients, in training and in evaluation, against finite differences, to first and second order")
    func batchNormGradients() throws {
        var random = RandomSource(seed: 3)
        let x = Tensor<Double>.normal([5, 2, 3, 3], using: &random)
        for mode in [LayerMode.training, .evaluation] {
            let norm = try BatchNorm<Double>(features: 2, input: .images)
            try norm.runningVariance.assign([0.7, 1.9])
            norm.setMode(mode)
            try norm.weight.assign([1.2, -0.7])
            try norm.bias.assign([0.3, 0.1])
            let error = gradientCheckError(inputs: [x]) { norm($0[0]) }
            #expect(error < 1e-7, "\(mode)")
            let second = gradientCheckError(inputs: [x]) { inputs in
                let y = norm(inputs[0])
                return (y * y * y).sum().gradients(withRespectTo: [inputs[0]], creatingGraph: true)[0]
            }
            #expect(second < 1e-6, "\(mode), second order")
        }
    }

    @Test("γ and β get the gradients of y = x̂·γ + β")
    func batchNormParameterGradients() throws {
        var random = RandomSource(seed: 4)
        let x = Tensor<Double>.normal([8, 2], using: &random)
        let norm = try BatchNorm<Double>(features: 2, input: .vectors)
        let upstream = Tensor<Double>.normal([8, 2], using: &random)
        let y = norm(x)
        let gradients = (y * upstream).sum().gradients(withRespectTo: [norm.weight, norm.bias])
        let normalized = y  // γ = 1, β = 0
        for j in 0..<2 {
            let dGamma = (0..<8).map { normalized.scalars[$0 * 2 + j] * upstream.scalars[$0 * 2 + j] }.reduce(0, +)
            let dBeta = (0..<8).map { upstream.scalars[$0 * 2 + j] }.reduce(0, +)
            #expect(abs(gradients[0].scalars[j] - dGamma) < 1e-12)
            #expect(abs(gradients[1].scalars[j] - dBeta) < 1e-12)
        }
    }

    @Test("The mode reaches every layer of a network: in evaluation an example's output no longer depends on its batch")
    func modePropagates() throws {
        var random = RandomSource(seed: 5)
        let network = Sequential<Double>([
            try Linear(inputSize: 3, outputSize: 4, random: &random), try BatchNorm(features: 4, input: .vectors),
            Activation(.relu), try Dropout(probability: 0.5, random: &random), try Linear(inputSize: 4, outputSize: 1, random: &random),
        ])
        let x = Tensor<Double>.normal([10, 3], using: &random)
        #expect(network.mixesExamples)
        for _ in 0..<3 { _ = network(x) }
        network.setMode(.evaluation)
        #expect(!network.mixesExamples)
        let whole = network(x)
        let alone = network(x.rows(2..<3))
        #expect(abs(whole.scalars[2] - alone.scalar) < 1e-12)
        #expect(network(x).scalars == whole.scalars, "no dropout in evaluation")
        network.setMode(.training)
        #expect(network.mixesExamples)
    }

    @Test("Parameters and buffers have PyTorch's dotted names; the optimizer's list holds parameters only")
    func names() throws {
        var random = RandomSource(seed: 6)
        let generator = Sequential<Float>([
            try Linear(inputSize: 2, outputSize: 3, bias: false, random: &random), try BatchNorm(features: 3, input: .vectors),
            Activation(.relu),
        ])
        #expect(generator.namedParameters(prefix: "generator").map(\.name) == ["generator.0.weight", "generator.1.weight", "generator.1.bias"])
        #expect(generator.namedState(prefix: "generator").map(\.name) == [
            "generator.0.weight", "generator.1.weight", "generator.1.bias", "generator.1.running_mean", "generator.1.running_var",
        ])
        #expect(generator.parameters.count == 3)
        #expect(generator.steps(prefix: "generator").map(\.operation.name) == ["linear", "batch_norm1d", "relu"])
        #expect(generator.steps(prefix: "generator")[1].tensors.map(\.name).last == "generator.1.running_var")
    }

    @Test("A network is rebuilt from its steps and its state, buffers included, and computes the same outputs")
    func rebuild() throws {
        var random = RandomSource(seed: 7)
        let network = Sequential<Double>([
            try Linear(inputSize: 2, outputSize: 5, random: &random), try BatchNorm(features: 5, input: .vectors),
            Activation(.leakyReLU(slope: 0.2)), try Linear(inputSize: 5, outputSize: 3, bias: false, random: &random),
            Activation(.tanh), try Packing(3),
        ])
        for _ in 0..<4 { _ = network(Tensor<Double>.normal([12, 2], using: &random)) }  // moves the running statistics
        network.setMode(.evaluation)
        let state = Dictionary(uniqueKeysWithValues: network.namedState(prefix: "g").map { ($0.name, $0.tensor.scalars) })
        let rebuilt = try Sequential<Double>(rebuilding: network.steps(prefix: "g"), state: state)
        rebuilt.setMode(.evaluation)
        let x = Tensor<Double>.normal([6, 2], using: &random)
        #expect(rebuilt(x).scalars == network(x).scalars)
        #expect(rebuilt.steps(prefix: "g") == network.steps(prefix: "g"))
        #expect(rebuilt.namedState.map(\.tensor.scalars) == network.namedState.map(\.tensor.scalars))

        var missing = state
        missing["g.1.running_var"] = nil
        #expect(throws: EngineError.invalidArgument(operation: "Sequential(rebuilding:)", message: "no values for g.1.running_var")) {
            try Sequential<Double>(rebuilding: network.steps(prefix: "g"), state: missing)
        }
    }

    @Test("loadState assigns nothing unless every name and size fits")
    func loadStateIsAtomic() throws {
        let norm = try BatchNorm<Double>(features: 2, input: .vectors)
        #expect(throws: EngineError.invalidArgument(operation: "loadState", message: "running_var of shape [2] holds 2 values, got 3")) {
            try norm.loadState(["weight": [5, 5], "bias": [1, 1], "running_mean": [2, 2], "running_var": [1, 2, 3]])
        }
        #expect(norm.weight.scalars == [1, 1] && norm.runningMean.scalars == [0, 0])
        try norm.loadState(["weight": [5, 5], "bias": [1, 1], "running_mean": [2, 2], "running_var": [3, 4]])
        #expect(norm.runningVariance.scalars == [3, 4])
    }

    @Test("Dropout in training zeroes a share p and scales the rest by 1/(1 − p), the same masks from the same seed; identity in evaluation")
    func dropout() throws {
        func masked(seed: UInt64) throws -> [Float] {
            var random = RandomSource(seed: seed)
            return try Dropout<Float>(probability: 0.3, random: &random)(Tensor.ones([100, 100])).scalars
        }
        let y = try masked(seed: 8)
        let zeros = Double(y.filter { $0 == 0 }.count) / 10_000
        #expect(abs(zeros - 0.3) < 0.02)  // 4.6 standard deviations of a binomial share
        #expect(y.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-6 })
        #expect(try masked(seed: 8) == y && masked(seed: 9) != y)
        var random = RandomSource(seed: 8)
        let dropout = try Dropout<Float>(probability: 0.3, random: &random)
        dropout.setMode(.evaluation)
        let x = Tensor<Float>.uniform([4, 4], using: &random)
        #expect(dropout(x).scalars == x.scalars)
    }

    @Test("The DCGAN initialisation: weights from N(0, 0.02²), batch normalisation's scale from N(1, 0.02²), shifts and biases 0")
    func dcganInitialization() throws {
        var random = RandomSource(seed: 10)
        let network = Sequential<Double>([
            try Linear(inputSize: 100, outputSize: 200, random: &random), try BatchNorm(features: 200, input: .vectors),
        ])
        network.initializeAsDCGAN(random: &random)
        func moments(_ values: [Double]) -> (mean: Double, deviation: Double) {
            let mean = values.reduce(0, +) / Double(values.count)
            return (mean, (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)).squareRoot())
        }
        let linear = moments((network.layers[0] as! Linear<Double>).weight.scalars)  // 20,000 draws
        #expect(abs(linear.mean) < 0.001 && abs(linear.deviation - 0.02) < 0.0005)
        let norm = network.layers[1] as! BatchNorm<Double>
        let scale = moments(norm.weight.scalars)  // 200 draws
        #expect(abs(scale.mean - 1) < 0.006 && abs(scale.deviation - 0.02) < 0.005)
        #expect((network.layers[0] as! Linear<Double>).bias!.scalars.allSatisfy { $0 == 0 } && norm.bias.scalars.allSatisfy { $0 == 0 })
    }
}
