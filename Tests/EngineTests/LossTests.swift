import MinimaxEngine
import Testing

/// Reference values computed independently with mpmath at 50 digits (see each test).
@Suite("Losses")
struct LossTests {
    static let logits: [Double] = [-100, -20, -3.5, -0.5, 0, 0.75, 4, 30, 100]

    @Test("Binary cross-entropy on logits matches high-precision values, up to logits ±100")
    func binaryCrossEntropyValues() {
        // mpmath: mean(log(1 + e^x) − t·x) over the logits above.
        let expected: [(target: Double, value: Double)] = [
            (1, 13.955777279900737), (0, 15.150221724345181), (0.9, 14.075221724345181),
        ]
        for precision in [true, false] {
            for (target, value) in expected {
                let loss: Double = precision
                    ? binaryCrossEntropy(logits: Tensor(Self.logits), target: target).scalar
                    : Double(binaryCrossEntropy(logits: Tensor(Self.logits.map(Float.init)), target: Float(target)).scalar)
                #expect(abs(loss - value) <= (precision ? 1e-13 : 1e-5) * value, "target \(target): \(loss)")
            }
        }
    }

    @Test("Generator losses match their definitions")
    func generatorLosses() {
        let logits = Tensor(Self.logits)
        // mean log(1 − σ(x)) = −mean softplus(x); −mean log σ(x) = mean softplus(−x).
        #expect(abs(minimaxGeneratorLoss(fakeLogits: logits).scalar - -15.150221724345181) < 1e-12)
        #expect(abs(nonSaturatingGeneratorLoss(fakeLogits: logits).scalar - 13.955777279900737) < 1e-12)
        // −mean eˣ over [−3.5, −0.5, 0, 0.75, 4]
        let moderate = Tensor<Double>([-3.5, -0.5, 0, 0.75, 4])
        #expect(abs(maximumLikelihoodGeneratorLoss(fakeLogits: moderate).scalar - -11.670375618578373) < 1e-12)
        let real = Tensor<Double>([0.3, -1.2, 2.0])
        let fake = Tensor<Double>([0.5, -0.25, 1.5])
        #expect(abs(leastSquaresDiscriminatorLoss(realOutputs: real, fakeOutputs: fake).scalar - 1.4820833333333333) < 1e-14)
        #expect(abs(leastSquaresGeneratorLoss(fakeOutputs: fake).scalar - 0.34375) < 1e-15)
        #expect(abs(wassersteinCriticLoss(realScores: real, fakeScores: fake).scalar - 0.21666666666666666) < 1e-15)
        #expect(wassersteinGeneratorLoss(fakeScores: fake).scalar == -0.5833333333333334)
    }

    @Test("Discriminator loss is the sum of both cross-entropies, with label smoothing")
    func discriminatorLossValue() {
        let real = Tensor<Double>([2, -1])
        let fake = Tensor<Double>([0.5, -3])
        let loss = discriminatorLoss(realLogits: real, fakeLogits: fake, realTarget: 0.9)
        let expected = binaryCrossEntropy(logits: real, target: 0.9).scalar + binaryCrossEntropy(logits: fake, target: 0).scalar
        #expect(loss.scalar == expected)
    }

    @Test("No loss or gradient is NaN or infinite at logits ±100, in Float")
    func extremeLogitsStayFinite() {
        let logits = Tensor<Float>([-100, -60, 60, 100]).requiringGradient()
        let losses: [Tensor<Float>] = [
            binaryCrossEntropy(logits: logits, target: 1), binaryCrossEntropy(logits: logits, target: 0),
            discriminatorLoss(realLogits: logits, fakeLogits: logits, realTarget: 0.9),
            minimaxGeneratorLoss(fakeLogits: logits), nonSaturatingGeneratorLoss(fakeLogits: logits),
        ]
        for loss in losses {
            #expect(loss.scalar.isFinite)
            let gradient = loss.gradients(withRespectTo: [logits])[0].scalars
            #expect(gradient.allSatisfy { $0.isFinite }, "gradient \(gradient)")
        }
        // The saturation the course talks about: where D rejects a sample (logit −100), the
        // gradient of log(1 − D) is −σ(−100) ≈ −e⁻¹⁰⁰, while −log D keeps a slope of −1.
        let rejected = Tensor<Float>([-100]).requiringGradient()
        #expect(abs(minimaxGeneratorLoss(fakeLogits: rejected).gradients(withRespectTo: [rejected])[0].scalar) < 1e-37)
        #expect(nonSaturatingGeneratorLoss(fakeLogits: rejected).gradients(withRespectTo: [rejected])[0].scalar == -1)
    }

    @Test("Every loss differentiates correctly through a 3-layer MLP", arguments: [
        "discriminator", "smoothed discriminator", "minimax", "non-saturating", "maximum likelihood",
        "least-squares discriminator", "least-squares generator", "wasserstein critic", "wasserstein generator",
        "gradient penalty",
    ])
    func lossThroughMultilayerPerceptron(_ loss: String) {
        var random = RandomSource(seed: 21)
        let sizes = [3, 5, 4, 1]
        var parameters: [Tensor<Double>] = []
        for (input, output) in zip(sizes, sizes.dropFirst()) {
            parameters.append(Tensor.normal([output, input], standardDeviation: 0.7, using: &random))
            parameters.append(Tensor.normal([output], standardDeviation: 0.3, using: &random))
        }
        let real = Tensor<Double>.normal([6, 3], using: &random)
        let fake = Tensor<Double>.normal([6, 3], mean: 1, using: &random)
        func network(_ p: [Tensor<Double>], _ x: Tensor<Double>) -> Tensor<Double> {
            let h1 = affine(x, weight: p[0], bias: p[1]).leakyReLU(slope: 0.2)
            let h2 = affine(h1, weight: p[2], bias: p[3]).tanh()
            return affine(h2, weight: p[4], bias: p[5])
        }
        let error = gradientCheckError(inputs: parameters) { p in
            let (r, f) = (network(p, real), network(p, fake))
            switch loss {
            case "discriminator": return discriminatorLoss(realLogits: r, fakeLogits: f)
            case "smoothed discriminator": return discriminatorLoss(realLogits: r, fakeLogits: f, realTarget: 0.9)
            case "minimax": return minimaxGeneratorLoss(fakeLogits: f)
            case "non-saturating": return nonSaturatingGeneratorLoss(fakeLogits: f)
            case "maximum likelihood": return maximumLikelihoodGeneratorLoss(fakeLogits: f)
            case "least-squares discriminator": return leastSquaresDiscriminatorLoss(realOutputs: r, fakeOutputs: f)
            case "least-squares generator": return leastSquaresGeneratorLoss(fakeOutputs: f)
            case "wasserstein critic": return wassersteinCriticLoss(realScores: r, fakeScores: f)
            case "wasserstein generator": return wassersteinGeneratorLoss(fakeScores: f)
            case "gradient penalty":
                var interpolation = RandomSource(seed: 3)
                return gradientPenalty(critic: { network(p, $0) }, real: real, fake: fake, random: &interpolation)
            default:
                Issue.record("no loss named \(loss)")
                return Tensor(0)
            }
        }
        #expect(error < 1e-6, "\(loss): error \(error)")
    }

    @Test("Weight clipping limits every parameter to [−c, c]")
    func weightClipping() {
        let weight = Tensor<Float>([-0.5, 0.003, 0.2]).requiringGradient()
        clipWeights([weight], limit: 0.01)
        #expect(weight.scalars == [-0.01, 0.003, 0.01])
    }
}
