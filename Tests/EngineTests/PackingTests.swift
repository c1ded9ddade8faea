import MinimaxEngine
import Testing

@Suite("PacGAN packing")
struct PackingTests {
    @Test("m consecutive examples become one row, side by side")
    func packs() throws {
        let batch = Tensor<Double>(rows: [[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12]])
        #expect(try Packing<Double>(2)(batch).rows == [[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]])
        #expect(try Packing<Double>(3)(batch).rows == [[1, 2, 3, 4, 5, 6], [7, 8, 9, 10, 11, 12]])
        #expect(try Packing<Double>(1)(batch).rows == batch.rows)
        #expect(try Packing<Double>(2).mixesExamples && !(try Packing<Double>(1).mixesExamples))
        #expect(try Packing<Double>(2).parameterCount == 0)
    }

    @Test("A packed discriminator scores a pack as its layers score the concatenated examples, gradients included")
    func packedDiscriminator() throws {
        var random = RandomSource(seed: 4)
        let network = try Sequential<Double>(perceptron: [4, 5, 1], activation: .tanh, random: &random)
        let packed = Sequential<Double>([try Packing<Double>(2), network])
        let batch = Tensor<Double>.normal([6, 2], using: &random)
        let concatenated = Tensor<Double>(rows: [0, 2, 4].map { batch.rows[$0] + batch.rows[$0 + 1] })
        let direct = network(concatenated).scalars
        for (a, b) in zip(packed(batch).scalars, direct) { #expect(abs(a - b) < 1e-14) }
        // Gradients reach each example through the pack: against central differences, with
        // respect to the examples and to the layers' parameters.
        #expect(gradientCheckError(inputs: [batch]) { packed($0[0]) } < 1e-7)
        #expect(packed.parameters.count == network.parameters.count)
    }

    @Test("A pack of no example is rejected")
    func rejectsEmptyPacks() {
        #expect(throws: EngineError.invalidArgument(operation: "Packing", message: "a pack holds at least one example, got 0")) {
            _ = try Packing<Float>(0)
        }
    }

    @Test("A batch that does not fill whole packs stops with a message naming the shapes")
    func partialPack() async {
        await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            _ = try? Packing<Float>(4)(Tensor<Float>.zeros([6, 2]))
        }.map { result in
            let message = String(decoding: result.standardErrorContent, as: UTF8.self)
            #expect(message.contains("Packing(4): expects [batch, features] with batch a multiple of 4, got [6, 2]\n"), "\(message)")
        }
    }
}
