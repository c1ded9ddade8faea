/// The losses of the GAN game, each written from differentiable primitives.
///
/// The discriminator outputs a logit ℓ; its probability that x is real is D(x) = σ(ℓ). Losses take
/// logits, never probabilities, so that log D = log σ(ℓ) and log(1 − D) = log σ(−ℓ) stay finite and
/// exact where σ(ℓ) rounds to 0 or 1.

/// Mean binary cross-entropy of σ(logits) against targets in [0, 1]:
/// mean(−t·log σ(ℓ) − (1 − t)·log(1 − σ(ℓ))) = mean(softplus(ℓ) − t·ℓ).
public func binaryCrossEntropy<Scalar>(logits: Tensor<Scalar>, targets: Tensor<Scalar>) -> Tensor<Scalar> {
    (logits.softplus() - targets * logits).mean()
}

/// Mean binary cross-entropy of σ(logits) against one target for every element.
public func binaryCrossEntropy<Scalar>(logits: Tensor<Scalar>, target: Scalar) -> Tensor<Scalar> {
    (logits.softplus() - target * logits).mean()
}

/// The discriminator's loss, −V(G, D) estimated on a batch (Goodfellow et al. 2014, eq. 1):
/// BCE(D(x), α) + BCE(D(G(z)), β).
///
/// Targets α = 1 and β = 0 give the original game. A real target α < 1 is one-sided label
/// smoothing (Salimans et al. 2016, §3.4): it keeps D from growing overconfident on real data.
public func discriminatorLoss<Scalar>(
    realLogits: Tensor<Scalar>, fakeLogits: Tensor<Scalar>, realTarget: Scalar = 1, fakeTarget: Scalar = 0
) -> Tensor<Scalar> {
    binaryCrossEntropy(logits: realLogits, target: realTarget) + binaryCrossEntropy(logits: fakeLogits, target: fakeTarget)
}

/// The generator's loss in the original minimax game: mean log(1 − D(G(z))) (Goodfellow et al.
/// 2014). It saturates: when D rejects the samples confidently, its gradient vanishes.
public func minimaxGeneratorLoss<Scalar>(fakeLogits: Tensor<Scalar>) -> Tensor<Scalar> {
    (-fakeLogits).logSigmoid().mean()
}

/// The non-saturating generator loss −mean log D(G(z)) (Goodfellow et al. 2014, §3): the same
/// fixed point as the minimax loss, but strong gradients exactly where D rejects the samples.
public func nonSaturatingGeneratorLoss<Scalar>(fakeLogits: Tensor<Scalar>) -> Tensor<Scalar> {
    -fakeLogits.logSigmoid().mean()
}

/// The maximum-likelihood generator loss −mean exp(ℓ), ℓ = σ⁻¹(D(G(z))) (Goodfellow 2016, §3.2.6,
/// which writes a factor ½ that only scales the gradient). With the optimal discriminator,
/// exp(ℓ) = p_data/p_g, and the expected gradient equals that of maximum likelihood, i.e. of
/// KL(p_data‖p_g).
public func maximumLikelihoodGeneratorLoss<Scalar>(fakeLogits: Tensor<Scalar>) -> Tensor<Scalar> {
    -fakeLogits.exp().mean()
}

/// Least-squares GAN discriminator loss ½·mean (D(x) − 1)² + ½·mean D(G(z))² on raw outputs
/// (Mao et al. 2017, with targets a = 0, b = 1).
public func leastSquaresDiscriminatorLoss<Scalar>(realOutputs: Tensor<Scalar>, fakeOutputs: Tensor<Scalar>) -> Tensor<Scalar> {
    (realOutputs - 1).square().mean() * 0.5 + fakeOutputs.square().mean() * 0.5
}

/// Least-squares GAN generator loss ½·mean (D(G(z)) − 1)² (Mao et al. 2017, c = 1).
public func leastSquaresGeneratorLoss<Scalar>(fakeOutputs: Tensor<Scalar>) -> Tensor<Scalar> {
    (fakeOutputs - 1).square().mean() * 0.5
}

/// The Wasserstein critic's loss mean f(G(z)) − mean f(x): minimising it maximises the
/// Kantorovich–Rubinstein estimate of W(p_data, p_g) over 1-Lipschitz f (Arjovsky et al. 2017).
public func wassersteinCriticLoss<Scalar>(realScores: Tensor<Scalar>, fakeScores: Tensor<Scalar>) -> Tensor<Scalar> {
    fakeScores.mean() - realScores.mean()
}

/// The Wasserstein generator's loss −mean f(G(z)) (Arjovsky et al. 2017).
public func wassersteinGeneratorLoss<Scalar>(fakeScores: Tensor<Scalar>) -> Tensor<Scalar> {
    -fakeScores.mean()
}

/// WGAN-GP's gradient penalty mean (‖∇ₓ̂ f(x̂)‖₂ − 1)² at x̂ = ε·x + (1 − ε)·x̃, ε ~ U(0, 1) per
/// example (Gulrajani et al. 2017). Differentiable with respect to the critic's parameters:
/// the inner gradient is taken with its graph recorded.
///
/// The batch is the first dimension and may be of any rank ≥ 2 (rows, or NCHW images): one ε
/// per example is broadcast over the rest, and the norm runs over all non-batch dimensions.
public func gradientPenalty<Scalar>(
    critic: (Tensor<Scalar>) -> Tensor<Scalar>, real: Tensor<Scalar>, fake: Tensor<Scalar>, random: inout RandomSource
) -> Tensor<Scalar> {
    guard real.shape == fake.shape, real.rank >= 2 else {
        shapeFailure("gradientPenalty", "real \(describe(real.shape)) and fake \(describe(fake.shape)) must be batches of one shape")
    }
    let batch = real.shape[0]
    let epsilon = Tensor<Scalar>.uniform([batch] + Array(repeating: 1, count: real.rank - 1), using: &random)
    let interpolated = (epsilon * real.detached() + (1 - epsilon) * fake.detached()).requiringGradient()
    let scores = critic(interpolated)
    let inputGradient = scores.sum().gradients(withRespectTo: [interpolated], creatingGraph: true)[0]
    // A tiny constant keeps the norm's gradient finite where the input gradient is exactly zero.
    let norms = (inputGradient.reshaped(to: [batch, real.count / max(batch, 1)]).square().sum(alongAxis: 1) + 1e-12).sqrt()
    return (norms - 1).square().mean()
}

/// Softmax cross-entropy of a classifier: the mean over the batch of −log softmax(ℓ)_{label}
/// for logits [N, classes] and one label in 0..<classes per row, from a stable log-softmax.
public func softmaxCrossEntropy<Scalar>(logits: Tensor<Scalar>, labels: [Int]) -> Tensor<Scalar> {
    guard logits.rank == 2, logits.shape[0] == labels.count, logits.shape[0] > 0 else {
        shapeFailure("softmaxCrossEntropy", "expects logits [batch, classes] and one label per row, got \(describe(logits.shape)) and \(labels.count) labels")
    }
    let targets = Tensor<Scalar>.oneHot(labels, classes: logits.shape[1])
    return -(logits.logSoftmax() * targets).sum() / Scalar(labels.count)
}

/// WGAN's weight clipping (Arjovsky et al. 2017): every parameter limited to [−c, c] in place,
/// a crude way to keep the critic Lipschitz.
public func clipWeights<Scalar>(_ parameters: [Tensor<Scalar>], limit: Scalar) {
    for parameter in parameters {
        parameter.scalars = parameter.map(.clamp(-Double(limit), Double(limit)))
    }
}
