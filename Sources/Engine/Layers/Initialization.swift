/// Weight initialisation other than each layer's PyTorch default.
extension Layer {
    /// The DCGAN initialisation (Radford et al. 2015: "all weights were initialized from a
    /// zero-centered Normal distribution with standard deviation 0.02"), as PyTorch's DCGAN
    /// example applies it: convolution and linear weights from N(0, 0.02²), batch normalisation's
    /// scale γ from N(1, 0.02²) and its shift β at 0. The biases of the other layers are set to 0
    /// (the paper does not say; its layers before batch normalisation have none).
    public func initializeAsDCGAN(random: inout RandomSource) {
        let state = Dictionary(uniqueKeysWithValues: namedState(prefix: "network").map { ($0.name, $0.tensor) })
        for step in steps(prefix: "network") {
            let isNormalization = step.operation.name.hasPrefix("batch_norm")
            for tensor in step.tensors {
                guard let values = state[tensor.name] else { continue }
                switch tensor.role {
                case "weight": try? values.assign(Tensor<Scalar>.normal(values.shape, mean: isNormalization ? 1 : 0, standardDeviation: 0.02, using: &random).scalars)
                case "bias": try? values.assign(Tensor<Scalar>.zeros(values.shape).scalars)
                default: break
                }
            }
        }
    }
}
