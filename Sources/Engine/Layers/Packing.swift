/// PacGAN's packing (Lin et al. 2018): the discriminator judges m samples at once.
///
/// A batch of n examples of d features, [n, d], becomes n/m packs of m consecutive examples
/// side by side, [n/m, m·d]; the layers after it see one pack per row. A discriminator that
/// reads packs of real samples or packs of generated ones sees how varied the samples of one
/// source are, so a generator whose samples all look alike is easy to reject: packing
/// penalises mode collapse.
public struct Packing<Scalar: TensorScalar>: Layer {
    /// Examples per pack (m).
    public let count: Int

    public init(_ count: Int) throws {
        guard count >= 1 else {
            throw EngineError.invalidArgument(operation: "Packing", message: "a pack holds at least one example, got \(count)")
        }
        self.count = count
    }

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        guard input.rank == 2, input.shape[0] % count == 0 else {
            shapeFailure("Packing(\(count))", "expects [batch, features] with batch a multiple of \(count), got \(describe(input.shape))")
        }
        // Row-major storage already lays consecutive rows side by side: only the shape changes.
        return input.reshaped(to: [input.shape[0] / count, input.shape[1] * count])
    }

    public var namedParameters: [(name: String, tensor: Tensor<Scalar>)] { [] }

    /// A pack's output depends on all its examples.
    public var mixesExamples: Bool { count > 1 }

    public var operation: LayerOperation { LayerOperation("pack", [.init("count", .integer(count))]) }

    public static func rebuilt(from operation: LayerOperation, roles: [String]) throws -> Packing? {
        operation.name == "pack" ? try Packing(try operation.integer("count")) : nil
    }
}
