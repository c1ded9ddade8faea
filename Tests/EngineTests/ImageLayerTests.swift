import MinimaxEngine
import Testing

@Suite("Image layers and the gradient penalty on images")
struct ImageLayerTests {
    /// A small convolutional critic on [N, 2, 5, 4] images: conv (k3 s2 p1) → tanh → flatten → linear.
    static func critic(_ p: [Tensor<Double>]) -> (Tensor<Double>) -> Tensor<Double> {
        { x in
            let features = conv2d(x, weight: p[0], bias: p[1], stride: 2, padding: 1).tanh()
            return affine(Flatten<Double>()(features), weight: p[2], bias: p[3])
        }
    }

    static func criticParameters() -> [Tensor<Double>] {
        var random = RandomSource(seed: 21)
        return [
            Tensor.normal([3, 2, 3, 3], standardDeviation: 0.5, using: &random), Tensor.normal([3], using: &random),
            Tensor.normal([1, 3 * 3 * 2], standardDeviation: 0.5, using: &random), Tensor.normal([1], using: &random),
        ]
    }

    @Test("gradientPenalty on NCHW input equals mean(‖∇ₓ f‖ − 1)² with ∇ₓ f from central differences")
    func gradientPenaltyValueOnImages() {
        var random = RandomSource(seed: 3)
        let real = Tensor<Double>.normal([3, 2, 5, 4], using: &random)
        let fake = Tensor<Double>.normal([3, 2, 5, 4], using: &random)
        let critic = Self.critic(Self.criticParameters())
        var interpolation = RandomSource(seed: 11)
        let penalty = gradientPenalty(critic: critic, real: real, fake: fake, random: &interpolation).scalar

        // The same ε per example as the penalty draws, broadcast over channels and pixels.
        var again = RandomSource(seed: 11)
        let epsilon = Tensor<Double>.uniform([3], using: &again).scalars
        let perExample = real.count / 3
        var points = real.scalars
        for k in points.indices {
            let e = epsilon[k / perExample]
            points[k] = e * real.scalars[k] + (1 - e) * fake.scalars[k]
        }
        var expected = 0.0
        for n in 0..<3 {
            var squares = 0.0
            for k in n * perExample..<(n + 1) * perExample {
                func score(_ delta: Double) -> Double {
                    var shifted = points
                    shifted[k] += delta
                    return critic(Tensor(shape: real.shape, scalars: shifted)).sum().scalar
                }
                let derivative = (score(1e-5) - score(-1e-5)) / 2e-5
                squares += derivative * derivative
            }
            expected += (squares.squareRoot() - 1) * (squares.squareRoot() - 1) / 3
        }
        #expect(abs(penalty - expected) < 1e-8, "\(penalty) vs \(expected)")
    }

    @Test("gradientPenalty on NCHW input is differentiated through ∇ₓD with respect to a conv critic's parameters")
    func gradientPenaltyParametersOnImages() {
        var random = RandomSource(seed: 4)
        let real = Tensor<Double>.normal([3, 2, 5, 4], using: &random)
        let fake = Tensor<Double>.normal([3, 2, 5, 4], using: &random)
        let error = gradientCheckError(inputs: Self.criticParameters()) { p in
            var interpolation = RandomSource(seed: 11)
            return gradientPenalty(critic: Self.critic(p), real: real, fake: fake, random: &interpolation)
        }
        #expect(error < 1e-6)
    }

    @Test("Conv2d and ConvTranspose2d have PyTorch's layouts, names and initialisation bounds")
    func convolutionLayers() throws {
        var random = RandomSource(seed: 1)
        let conv = try Conv2d<Float>(inputChannels: 64, outputChannels: 128, kernelSize: 4, stride: 2, padding: 1, random: &random)
        #expect(conv.weight.shape == [128, 64, 4, 4] && conv.bias?.shape == [128])
        #expect(conv.namedParameters.map(\.name) == ["weight", "bias"])
        // fan_in = in·kh·kw = 1024: bound 1/32; the draws fill the interval.
        let convBound: Float = 1 / 32
        #expect(conv.weight.scalars.allSatisfy { abs($0) < convBound })
        #expect(conv.weight.scalars.max()! > 0.99 * convBound && conv.bias!.scalars.allSatisfy { abs($0) < convBound })

        let transposed = try ConvTranspose2d<Float>(
            inputChannels: 128, outputChannels: 16, kernelSize: SpatialPair(4, 2), stride: 2, padding: 1, bias: false, random: &random)
        #expect(transposed.weight.shape == [128, 16, 4, 2] && transposed.bias == nil)
        #expect(transposed.namedParameters.map(\.name) == ["weight"])
        // PyTorch takes fan_in from the weight's second dimension: out·kh·kw = 128, not in·kh·kw.
        let bound = 1 / Float(128).squareRoot()
        #expect(transposed.weight.scalars.allSatisfy { abs($0) < bound } && transposed.weight.scalars.max()! > 0.99 * bound)

        #expect(throws: EngineError.self) { try Conv2d<Float>(inputChannels: 0, outputChannels: 1, kernelSize: 3, random: &random) }
        #expect(throws: EngineError.self) {
            try ConvTranspose2d<Float>(inputChannels: 1, outputChannels: 1, kernelSize: 3, stride: 2, outputPadding: 2, random: &random)
        }
    }

    @Test("The DCGAN networks of issue 13 run as Sequential layers, with PyTorch's parameter names")
    func dcganNetworks() throws {
        var random = RandomSource(seed: 2)
        let generator = Sequential<Float>([
            try Linear(inputSize: 64, outputSize: 128 * 7 * 7, random: &random), try Reshape([128, 7, 7]), Activation(.relu),
            try ConvTranspose2d(inputChannels: 128, outputChannels: 64, kernelSize: 4, stride: 2, padding: 1, bias: false, random: &random),
            Activation(.relu),
            try ConvTranspose2d(inputChannels: 64, outputChannels: 1, kernelSize: 4, stride: 2, padding: 1, random: &random),
            Activation(.tanh),
        ])
        let discriminator = Sequential<Float>([
            try Conv2d(inputChannels: 1, outputChannels: 64, kernelSize: 4, stride: 2, padding: 1, random: &random),
            Activation(.leakyReLU(slope: 0.2)),
            try Conv2d(inputChannels: 64, outputChannels: 128, kernelSize: 4, stride: 2, padding: 1, bias: false, random: &random),
            AvgPool2d(kernelSize: 1), MaxPool2d(kernelSize: 1), Activation(.leakyReLU(slope: 0.2)), Flatten(),
            try Linear(inputSize: 6272, outputSize: 1, random: &random),
        ])
        let images = generator(Tensor.normal([5, 64], using: &random))
        #expect(images.shape == [5, 1, 28, 28])
        #expect(discriminator(images).shape == [5, 1])
        #expect(discriminator.namedParameters.map(\.name) == ["0.weight", "0.bias", "2.weight", "7.weight", "7.bias"])
        #expect(generator.namedParameters.map(\.name) == ["0.weight", "0.bias", "3.weight", "5.weight", "5.bias"])
        #expect(Upsample<Float>(scale: 2)(images).shape == [5, 1, 56, 56])
        #expect(MaxPool2d<Float>(kernelSize: 2)(images).shape == [5, 1, 14, 14])
        #expect(AvgPool2d<Float>(kernelSize: 3, stride: 2, padding: 1)(images).shape == [5, 1, 14, 14])
        #expect(throws: EngineError.self) { try Reshape<Float>([0, 3]) }
    }

    /// The DCGAN of issue 13 with batch normalisation, as the course builds it.
    static func dcgan(random: inout RandomSource) throws -> (generator: Sequential<Double>, discriminator: Sequential<Double>) {
        let generator = Sequential<Double>([
            try Linear(inputSize: 8, outputSize: 16 * 7 * 7, bias: false, random: &random), try Reshape([16, 7, 7]),
            try BatchNorm(features: 16, input: .images), Activation(.relu),
            try ConvTranspose2d(inputChannels: 16, outputChannels: 4, kernelSize: 4, stride: 2, padding: 1, bias: false, random: &random),
            try BatchNorm(features: 4, input: .images), Activation(.relu),
            try ConvTranspose2d(inputChannels: 4, outputChannels: 1, kernelSize: 4, stride: 2, padding: 1, random: &random),
            Activation(.tanh),
        ])
        let discriminator = Sequential<Double>([
            try Conv2d(inputChannels: 1, outputChannels: 4, kernelSize: 4, stride: 2, padding: 1, random: &random),
            Activation(.leakyReLU(slope: 0.2)),
            try Conv2d(inputChannels: 4, outputChannels: 8, kernelSize: SpatialPair(4, 3), stride: 2, padding: SpatialPair(1, 2), bias: false, random: &random),
            try BatchNorm(features: 8, input: .images), Activation(.leakyReLU(slope: 0.2)),
            MaxPool2d(kernelSize: 2, stride: 1), AvgPool2d(kernelSize: 3, stride: 2, padding: 1), Upsample(scale: SpatialPair(1, 2)),
            Flatten(), try Linear(inputSize: 8 * 3 * 8, outputSize: 1, random: &random),
        ])
        return (generator, discriminator)
    }

    @Test("A convolutional network describes itself in PyTorch's words and is rebuilt from its steps and state")
    func rebuildingConvolutionalNetworks() throws {
        var random = RandomSource(seed: 8)
        let (generator, discriminator) = try Self.dcgan(random: &random)
        let steps = discriminator.steps(prefix: "discriminator")
        #expect(steps.map(\.operation.name) == [
            "conv2d", "leaky_relu", "conv2d", "batch_norm2d", "leaky_relu", "max_pool2d", "avg_pool2d", "upsample_nearest2d",
            "flatten", "linear",
        ])
        #expect(steps[2].operation.description == "conv2d(in_channels: 4, out_channels: 8, kernel_size: [4, 3], stride: [2, 2], padding: [1, 2])")
        #expect(steps[2].tensors.map(\.name) == ["discriminator.2.weight"])
        #expect(generator.steps(prefix: "g")[4].operation.description
            == "conv_transpose2d(in_channels: 16, out_channels: 4, kernel_size: [4, 4], stride: [2, 2], padding: [1, 1], output_padding: [0, 0])")
        #expect(generator.steps(prefix: "g")[1].operation.description == "reshape(shape: [16, 7, 7])")

        let z = Tensor<Double>.normal([3, 8], using: &random)
        let images = generator(z)  // in training mode: moves the running statistics off their start
        #expect(images.shape == [3, 1, 28, 28])
        #expect(discriminator(images).shape == [3, 1])
        for network in [generator, discriminator] {
            network.setMode(.evaluation)
            let state = Dictionary(uniqueKeysWithValues: network.namedState(prefix: "n").map { ($0.name, $0.tensor.scalars) })
            let rebuilt = try Sequential<Double>(rebuilding: network.steps(prefix: "n"), state: state)
            rebuilt.setMode(.evaluation)
            #expect(rebuilt.steps(prefix: "n") == network.steps(prefix: "n"))
            let input = network.layers.first is Linear<Double> ? z : images
            #expect(rebuilt(input).scalars == network(input).scalars)
        }
    }

    @Test("The DCGAN initialisation draws convolution weights from N(0, 0.02²) and zeroes their biases")
    func dcganInitialisation() throws {
        var random = RandomSource(seed: 9)
        let conv = try Conv2d<Double>(inputChannels: 64, outputChannels: 128, kernelSize: 4, random: &random)
        let transposed = try ConvTranspose2d<Double>(inputChannels: 128, outputChannels: 64, kernelSize: 4, random: &random)
        for layer in [conv, transposed] as [any Layer<Double>] {
            layer.initializeAsDCGAN(random: &random)
            let weight = layer.namedParameters[0].tensor.scalars
            let mean = weight.reduce(0, +) / Double(weight.count)
            let deviation = (weight.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(weight.count)).squareRoot()
            #expect(abs(mean) < 1e-3 && abs(deviation - 0.02) < 5e-4, "mean \(mean), deviation \(deviation)")
            #expect(layer.namedParameters[1].tensor.scalars.allSatisfy { $0 == 0 })
        }
    }
}
