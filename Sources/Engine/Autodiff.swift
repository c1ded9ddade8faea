/// Reverse-mode automatic differentiation over a recorded graph.
///
/// Each operation that takes a tracked input records a node: its inputs, and a rule that turns
/// the gradient of its output into gradients of its inputs. Rules are written with tensor
/// operations, so when `gradients(withRespectTo:creatingGraph: true)` runs them with recording
/// on, the gradients are themselves differentiable (WGAN-GP's penalty on ‖∇ₓD(x)‖ needs that).
/// The walk, not the rule, adds up the gradients of a tensor used more than once.

typealias Backward<Scalar: TensorScalar> = (_ gradient: Tensor<Scalar>, _ needed: [Bool]) -> [Tensor<Scalar>?]

/// How one tensor was computed.
final class GradientNode<Scalar: TensorScalar> {
    let operation: StaticString
    let inputs: [Tensor<Scalar>]
    /// (gradient of the output, which inputs need a gradient) ↦ gradient of each input, nil
    /// where an input gets none. Rules with costly products skip the inputs not needed.
    let backward: Backward<Scalar>

    init(operation: StaticString, inputs: [Tensor<Scalar>], backward: @escaping Backward<Scalar>) {
        self.operation = operation
        self.inputs = inputs
        self.backward = backward
    }
}

/// Whether operations record the graph. On by default; off inside `withoutGradients`.
enum GradientRecording {
    @TaskLocal static var isEnabled = true
}

/// Runs `body` without recording any graph: for evaluation, sampling and parameter updates.
public func withoutGradients<Result>(_ body: () throws -> Result) rethrows -> Result {
    try GradientRecording.$isEnabled.withValue(false, operation: body)
}

extension Tensor {
    /// Whether gradients can flow to this tensor: a parameter, or the recorded result of one.
    public var isTracked: Bool { requiresGradient || node != nil }

    /// The same values cut from the graph: gradients do not flow back through it.
    public func detached() -> Tensor {
        Tensor(shape: shape, scalars: scalars)
    }

    /// The result of an operation, with a node that sends gradients back to `inputs` when
    /// recording is on and one of them is tracked.
    static func result(
        _ shape: [Int], _ scalars: [Scalar], _ operation: StaticString, _ inputs: [Tensor],
        backward: @escaping Backward<Scalar>
    ) -> Tensor {
        guard GradientRecording.isEnabled, inputs.contains(where: { $0.isTracked }) else {
            return Tensor(shape: shape, scalars: scalars)
        }
        return Tensor(
            shape: shape, scalars: scalars,
            node: GradientNode(operation: operation, inputs: inputs, backward: backward))
    }

    /// The gradients of this tensor with respect to each of `targets`.
    ///
    /// This tensor must hold one element unless `seed` (the gradient of some scalar with
    /// respect to this tensor) is given. Only paths that reach a target are walked. A target this
    /// tensor does not depend on gets zeros. With `creatingGraph`, the backward computation is
    /// recorded too, so the gradients can be differentiated again.
    public func gradients(
        withRespectTo targets: [Tensor], seed: Tensor? = nil, creatingGraph: Bool = false
    ) -> [Tensor] {
        if let seed, seed.shape != shape {
            shapeFailure("gradients", "seed of shape \(describe(seed.shape)) for a tensor of shape \(describe(shape))")
        }
        if seed == nil && count != 1 {
            shapeFailure("gradients", "needs a scalar or a seed; this tensor has shape \(describe(shape))")
        }
        let order = topologicalOrder()
        let targetIDs = Set(targets.map(ObjectIdentifier.init))

        // Which tensors lie on a path to a target: only their gradients are needed.
        var reaches = Set<ObjectIdentifier>()
        for tensor in order {
            let id = ObjectIdentifier(tensor)
            if targetIDs.contains(id) || (tensor.node?.inputs.contains { reaches.contains(ObjectIdentifier($0)) } ?? false) {
                reaches.insert(id)
            }
        }

        var gradients: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed ?? Tensor.ones(shape)]
        GradientRecording.$isEnabled.withValue(creatingGraph) {
            for tensor in order.reversed() {
                let id = ObjectIdentifier(tensor)
                guard let node = tensor.node, reaches.contains(id), let gradient = gradients[id] else { continue }
                if !targetIDs.contains(id) { gradients[id] = nil }  // no longer needed: free it
                let needed = node.inputs.map { reaches.contains(ObjectIdentifier($0)) }
                for (input, inputGradient) in zip(node.inputs, node.backward(gradient, needed)) {
                    let inputID = ObjectIdentifier(input)
                    guard let inputGradient, reaches.contains(inputID) else { continue }
                    gradients[inputID] = gradients[inputID].map { $0 + inputGradient } ?? inputGradient
                }
            }
        }
        return targets.map { gradients[ObjectIdentifier($0)] ?? Tensor.zeros($0.shape) }
    }

    /// The tracked tensors this one depends on, each after all of its inputs (iterative
    /// depth-first search, so deep graphs cannot overflow the stack).
    func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(tensor: Tensor, expanded: Bool)] = [(self, false)]
        while let (tensor, expanded) = stack.popLast() {
            if expanded {
                order.append(tensor)
                continue
            }
            guard visited.insert(ObjectIdentifier(tensor)).inserted else { continue }
            stack.append((tensor, true))
            for input in tensor.node?.inputs ?? [] where input.isTracked && !visited.contains(ObjectIdentifier(input)) {
                stack.append((input, false))
            }
        }
        return order
    }
}
