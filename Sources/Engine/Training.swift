/// Training one network: the loop every experiment that fits a single network runs. (Two
/// networks playing the game train with `GANTrainer`.)

/// Training stopped because a step's loss was infinite or NaN. No update was made from that
/// loss, so the parameters are those the previous step left.
public struct Divergence: Error, Equatable, Sendable {
    /// The 1-based step whose loss was not finite.
    public var step: Int
    /// That loss.
    public var loss: Double

    public init(step: Int, loss: Double) {
        self.step = step
        self.loss = loss
    }
}

/// Fits the optimizer's parameters by gradient descent on `loss`, one update per step.
///
/// Each step t = 1…steps computes `loss(t)`, throws `Divergence` if it is not finite, and
/// otherwise updates the parameters along −∇loss. After the update, `record(t, loss)` runs
/// every `recordEvery` steps and at the last step (measurements of the updated network), and
/// `progress(t, loss)` at every hundredth of the training and at the last step (for display).
///
/// - Parameters:
///   - steps: Updates to make; none when 0.
///   - optimizer: Updates its parameters, the ones the loss is differentiated with respect to.
///   - loss: The step's loss, drawing its batches itself, so that random draws keep the order
///     the closure gives them.
/// - Returns: Every step's loss, in order.
@discardableResult
public func fit<Scalar: TensorScalar>(
    steps: Int, optimizer: some Optimizer<Scalar>,
    recordEvery: Int = .max, record: (_ step: Int, _ loss: Double) -> Void = { _, _ in },
    progress: (_ step: Int, _ loss: Double) -> Void = { _, _ in },
    loss: (_ step: Int) -> Tensor<Scalar>
) throws(Divergence) -> [Double] {
    precondition(recordEvery >= 1, "fit: recordEvery must be ≥ 1, got \(recordEvery)")
    let progressEvery = max(1, steps / 100)
    var losses: [Double] = []
    losses.reserveCapacity(steps)
    for step in stride(from: 1, through: steps, by: 1) {
        let lossTensor = loss(step)
        let value = Double(lossTensor.scalar)
        guard value.isFinite else { throw Divergence(step: step, loss: value) }
        optimizer.update(gradients: lossTensor.gradients(withRespectTo: optimizer.parameters))
        losses.append(value)
        if step % recordEvery == 0 || step == steps { record(step, value) }
        if step % progressEvery == 0 || step == steps { progress(step, value) }
    }
    return losses
}
