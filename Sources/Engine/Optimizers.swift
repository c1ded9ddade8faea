import Foundation

/// Optimizers: per-parameter state and one update rule each, with PyTorch's rules and defaults.

/// Updates a fixed list of parameters from their gradients.
public protocol Optimizer<Scalar>: AnyObject {
    associatedtype Scalar: TensorScalar
    /// The parameters this optimizer updates, in the order gradients are given.
    var parameters: [Tensor<Scalar>] { get }
    /// Moves every parameter one step against its gradient.
    func update(gradients: [Tensor<Scalar>])
}

extension Optimizer {
    func checkGradients(_ gradients: [Tensor<Scalar>], _ name: String) {
        guard gradients.count == parameters.count else {
            shapeFailure(name, "\(parameters.count) parameters, got \(gradients.count) gradients")
        }
        for (index, (parameter, gradient)) in zip(parameters, gradients).enumerated() where parameter.shape != gradient.shape {
            shapeFailure(name, "parameter \(index) has shape \(describe(parameter.shape)), its gradient \(describe(gradient.shape))")
        }
    }
}

/// Stochastic gradient descent with momentum, as `torch.optim.SGD` (no dampening):
/// b ← μ·b + g, p ← p − lr·b.
public final class SGD<Scalar: TensorScalar>: Optimizer {
    public let parameters: [Tensor<Scalar>]
    public let learningRate: Double
    public let momentum: Double
    private var velocities: [[Scalar]]

    public init(parameters: [Tensor<Scalar>], learningRate: Double, momentum: Double = 0) throws {
        guard learningRate >= 0, learningRate.isFinite else {
            throw EngineError.invalidArgument(operation: "SGD", message: "learning rate must be ≥ 0, got \(learningRate)")
        }
        guard momentum >= 0, momentum.isFinite else {
            throw EngineError.invalidArgument(operation: "SGD", message: "momentum must be ≥ 0, got \(momentum)")
        }
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        velocities = parameters.map { [Scalar](repeating: 0, count: momentum == 0 ? 0 : $0.count) }
    }

    public func update(gradients: [Tensor<Scalar>]) {
        checkGradients(gradients, "SGD.update")
        let coefficients = SGDCoefficients(learningRate: learningRate, momentum: momentum)
        for (index, parameter) in parameters.enumerated() {
            parameter.scalars.withUnsafeMutableBufferPointer { p in
                gradients[index].scalars.withUnsafeBufferPointer { g in
                    velocities[index].withUnsafeMutableBufferPointer { b in
                        Scalar.kernels.sgd(p, g, b, coefficients)
                    }
                }
            }
        }
    }
}

/// Adam (Kingma & Ba 2015), as `torch.optim.Adam`: m ← β₁·m + (1 − β₁)·g,
/// v ← β₂·v + (1 − β₂)·g², p ← p − lr/(1 − β₁ᵗ) · m / (√v/√(1 − β₂ᵗ) + ε).
public final class Adam<Scalar: TensorScalar>: Optimizer {
    public let parameters: [Tensor<Scalar>]
    public let learningRate: Double
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    /// Updates made so far (t).
    public private(set) var step = 0
    private var averages: [[Scalar]]
    private var squareAverages: [[Scalar]]

    public init(
        parameters: [Tensor<Scalar>], learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
        epsilon: Double = 1e-8
    ) throws {
        for (name, value, valid) in [
            ("learning rate", learningRate, learningRate >= 0), ("epsilon", epsilon, epsilon >= 0),
            ("beta1", beta1, beta1 >= 0 && beta1 < 1), ("beta2", beta2, beta2 >= 0 && beta2 < 1),
        ] where !valid || !value.isFinite {
            throw EngineError.invalidArgument(
                operation: "Adam", message: "\(name) \(value) is invalid: learning rate and epsilon must be ≥ 0, betas in [0, 1)")
        }
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        averages = parameters.map { [Scalar](repeating: 0, count: $0.count) }
        squareAverages = averages
    }

    public func update(gradients: [Tensor<Scalar>]) {
        checkGradients(gradients, "Adam.update")
        step += 1
        let t = Double(step)
        let coefficients = AdamCoefficients(
            averageWeight: 1 - beta1, beta2: beta2, squareWeight: 1 - beta2,
            stepSize: learningRate / (1 - Foundation.pow(beta1, t)),
            correction2Root: (1 - Foundation.pow(beta2, t)).squareRoot(), epsilon: epsilon)
        for (index, parameter) in parameters.enumerated() {
            parameter.scalars.withUnsafeMutableBufferPointer { p in
                gradients[index].scalars.withUnsafeBufferPointer { g in
                    averages[index].withUnsafeMutableBufferPointer { m in
                        squareAverages[index].withUnsafeMutableBufferPointer { v in
                            Scalar.kernels.adam(p, g, m, v, coefficients)
                        }
                    }
                }
            }
        }
    }
}

/// √(Σ g²) over all gradients, in Double: the size of one network's update direction.
public func gradientNorm<Scalar>(_ gradients: [Tensor<Scalar>]) -> Double {
    gradients.reduce(0.0) { total, g in
        let norm = g.scalars.withUnsafeBufferPointer { Scalar.kernels.norm($0) }
        return total + norm * norm
    }.squareRoot()
}

/// Another optimizer's update followed by WGAN's weight clipping (Arjovsky et al. 2017,
/// Algorithm 1: w ← clip(w, −c, c) after each step), so the critic stays in the clipped set.
public final class WeightClipping<Base: Optimizer>: Optimizer {
    public let base: Base
    /// c: every parameter is held to [−c, c].
    public let limit: Base.Scalar

    public init(_ base: Base, limit: Base.Scalar) {
        self.base = base
        self.limit = limit
    }

    public var parameters: [Tensor<Base.Scalar>] { base.parameters }

    public func update(gradients: [Tensor<Base.Scalar>]) {
        base.update(gradients: gradients)
        clipWeights(parameters, limit: limit)
    }
}
