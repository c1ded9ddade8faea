import Foundation
import Testing

@testable import MinimaxEngine

@Suite("Tensors, randomness and layers")
struct TensorTests {
    @Test("Broadcasting follows NumPy's rules")
    func broadcasting() {
        let column = Tensor<Double>(shape: [2, 1], scalars: [10, 20])
        let row = Tensor<Double>([1, 2, 3])
        #expect((column + row).shape == [2, 3])
        #expect((column + row).scalars == [11, 12, 13, 21, 22, 23])
        let cube = Tensor<Double>(shape: [2, 2, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
        #expect((cube * Tensor(shape: [2, 1], scalars: [1, -1])).scalars == [1, 2, -3, -4, 5, 6, -7, -8])
        #expect((2 - row).scalars == [1, 0, -1])
        #expect(row.broadcast(to: [2, 3]).scalars == [1, 2, 3, 1, 2, 3])
        let expected: [Double] = [14, 22]  // 1 + 2 + 5 + 6, 3 + 4 + 7 + 8
        #expect(cube.sum(toShape: [2, 1]).scalars == expected)
    }

    @Test("Reductions, products and shape moves")
    func reductionsAndShapes() {
        let m = Tensor<Double>(rows: [[1, 2, 3], [4, 5, 6]])
        #expect(m.sum().scalar == 21)
        #expect(m.mean(alongAxis: 0).scalars == [2.5, 3.5, 4.5])
        #expect(m.sum(alongAxis: 1, keepingDimension: true).shape == [2, 1])
        #expect(m.transposed().rows == [[1, 4], [2, 5], [3, 6]])
        #expect(matmul(m, m, transposingB: true).rows == [[14, 32], [32, 77]])
        #expect(matmul(m, m, transposingA: true).shape == [3, 3])
        #expect(Tensor.concatenate([m, m.rows(0..<1)]).rows == [[1, 2, 3], [4, 5, 6], [1, 2, 3]])
        #expect(Tensor.concatenate([m, m], alongAxis: 1).rows == [[1, 2, 3, 1, 2, 3], [4, 5, 6, 4, 5, 6]])
        let weight = Tensor<Double>(rows: [[1, 0, -1], [2, 2, 2]])
        #expect(affine(m, weight: weight, bias: Tensor([0.5, -1])).rows == [[-1.5, 11], [-1.5, 29]])
    }

    @Test("Stable functions stay finite and exact at the extremes")
    func stableFunctions() {
        // softplus(x) = log(1 + eˣ): e⁻¹⁰⁰ ≈ 3.72e−44 is a Float subnormal, and is what we get.
        let x = Tensor<Float>([-100, -20, 0, 20, 100])
        let expected: [Double] = [3.720075976020836e-44, 2.061153620314381e-09, log(2.0), 20.000000002061153, 100]
        // A few ulps, or one step between subnormals (1.4e−45) where that is larger.
        func close(_ got: Float, _ want: Double) -> Bool {
            abs(Double(got) - want) <= 1e-6 * abs(want) + Double(Float.leastNonzeroMagnitude)
        }
        let (softplus, logSigmoid) = (x.softplus().scalars, x.logSigmoid().scalars)
        #expect(softplus.count == expected.count && logSigmoid.count == expected.count)
        for (got, want) in zip(softplus, expected) {
            #expect(close(got, want), "softplus: \(got) against \(want)")
        }
        // log σ(x) = −softplus(−x)
        for (got, want) in zip(logSigmoid, expected.reversed()) {
            #expect(close(got, -want), "logSigmoid: \(got) against \(-want)")
        }
        #expect(x.sigmoid().scalars.allSatisfy { $0.isFinite && $0 >= 0 && $0 <= 1 })
    }

    @Test("Float tanh is correctly rounded, from 0 to beyond saturation")
    func floatTanh() {
        var random = RandomSource(seed: 12)
        let x = Tensor<Float>.uniform([20_000], in: -12..<12, using: &random)
        let special = Tensor<Float>([0, 1e-30, -2e-5, 1e-4, 0.55, 30, -1e10])
        for input in [x, special] {
            #expect(input.tanh().shape == input.shape)
            for (value, result) in zip(input.scalars, input.tanh().scalars) {
                #expect(result == Float(Foundation.tanh(Double(value))), "tanh(\(value)) = \(result)")
            }
        }
    }

    @Test("SplitMix64 gives the published sequence, so a seed fixes every number")
    func splitMix() {
        // Reference outputs of SplitMix64 for seed 1234567 (Vigna's splitmix64.c).
        var random = RandomSource(seed: 1_234_567)
        #expect((0..<5).map { _ in random.next() } == [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ])
        var a = RandomSource(seed: 42)
        var b = RandomSource(seed: 42)
        #expect(Tensor<Float>.normal([1000], using: &a).scalars == Tensor<Float>.normal([1000], using: &b).scalars)
    }

    @Test("Uniform and normal samples have the right moments")
    func samplingMoments() {
        var random = RandomSource(seed: 8)
        let normal = Tensor<Double>.normal([200_000], mean: 1, standardDeviation: 2, using: &random)
        let mean = normal.mean().scalar
        let variance = (normal - mean).square().mean().scalar
        #expect(abs(mean - 1) < 0.02)
        #expect(abs(variance - 4) < 0.05)
        let uniform = Tensor<Float>.uniform([100_000], in: -1..<3, using: &random)
        #expect(uniform.scalars.allSatisfy { $0 >= -1 && $0 < 3 })
        #expect(abs(Double(uniform.mean().scalar) - 1) < 0.02)
        #expect(Set(random.permutation(10)) == Set(0..<10))
    }

    @Test("Parameters have PyTorch's names, order, layout and initial range")
    func parameterNames() throws {
        var random = RandomSource(seed: 1)
        let network = try Sequential<Float>(perceptron: [2, 64, 64, 1], activation: .leakyReLU(slope: 0.2), random: &random)
        #expect(network.namedParameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"])
        #expect(network.namedParameters(prefix: "discriminator").map(\.name).last == "discriminator.4.bias")
        #expect(network.namedParameters[2].tensor.shape == [64, 64])
        #expect(network.parameterCount == 2 * 64 + 64 + 64 * 64 + 64 + 64 + 1)
        // U(−1/√in, 1/√in): for in = 64 the bound is 0.125, and the samples nearly reach it.
        let weight = network.namedParameters[2].tensor.scalars
        #expect(weight.allSatisfy { abs($0) <= 0.125 })
        #expect(weight.map { abs($0) }.max()! > 0.12)
    }

    @Test("Loading parameters checks names and counts")
    func loadParameters() throws {
        var random = RandomSource(seed: 1)
        let layer = try Linear<Double>(inputSize: 2, outputSize: 1, random: &random)
        try layer.loadParameters(["weight": [3, 4], "bias": [5]])
        #expect(layer(Tensor(rows: [[1, 1]])).scalar == 12)
        #expect(throws: EngineError.invalidArgument(operation: "loadParameters", message: "weight of shape [1, 2] holds 2 values, got 3")) {
            try layer.loadParameters(["weight": [1, 2, 3], "bias": [0]])
        }
        #expect(throws: EngineError.invalidArgument(operation: "loadParameters", message: "no values for bias")) {
            try layer.loadParameters(["weight": [1, 2]])
        }
        #expect(throws: EngineError.invalidArgument(operation: "loadParameters", message: #"unknown tensors ["extra"]; this network has ["weight", "bias"]"#)) {
            try layer.loadParameters(["weight": [1, 2], "bias": [0], "extra": [1]])
        }
        #expect(throws: EngineError.invalidArgument(operation: "Linear", message: "sizes must be positive, got 0 → 3")) {
            _ = try Linear<Float>(inputSize: 0, outputSize: 3, random: &random)
        }
    }

    @Test("OpenBLAS kernels: a wider kind is chosen only when the CPU allows it and the user set none")
    func kernelSelection() {
        let avx512: Set<String> = ["avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]
        #expect(KernelSelection.coreToSelect(environment: [:], detected: "Prescott", cpuFlags: avx512) == "SkylakeX")
        #expect(KernelSelection.coreToSelect(environment: [:], detected: "Haswell", cpuFlags: avx512) == "SkylakeX")
        #expect(KernelSelection.coreToSelect(environment: [:], detected: "Cooperlake", cpuFlags: avx512) == nil)
        #expect(KernelSelection.coreToSelect(environment: [:], detected: "Prescott", cpuFlags: ["avx2", "fma"]) == "Haswell")
        #expect(KernelSelection.coreToSelect(environment: [:], detected: "Prescott", cpuFlags: ["sse3"]) == nil)
        #expect(KernelSelection.coreToSelect(environment: ["OPENBLAS_CORETYPE": "Prescott"], detected: "Prescott", cpuFlags: avx512) == nil)
        #expect(!BLAS.coreName.isEmpty)
    }

    @Test("A shape mismatch stops with a message naming the operation and the shapes")
    func shapeErrors() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = matmul(Tensor<Float>.zeros([3, 4]), Tensor<Float>.zeros([5, 2]))
        }.map { result in
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("matmul: shapes [3, 4] and [5, 2] do not chain: inner dimensions 4 and 5\n"), "\(message)")
        }
        // Any crash would exit with a failure: the message says it is the shape check.
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = Tensor<Float>.zeros([3, 4]) + Tensor<Float>.zeros([3])
        }.map { result in
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("+: shapes [3, 4] and [3] do not broadcast: dimension 1 is 4 against 3\n"), "\(message)")
        }
    }
}
