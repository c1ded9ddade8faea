import MinimaxEngine

// Networks of one input, x on the real line, as several kinds train and probe them.

/// Values as a [count, 1] Float batch: one example per row.
func column(_ values: [Double]) -> Tensor<Float> {
    Tensor(shape: [values.count, 1], scalars: values.map { Float($0) })
}

/// The discriminator's logits at each point, without recording gradients, in chunks of 16,384
/// points so that memory stays bounded however many points there are.
func logits(of discriminator: Sequential<Float>, at points: [Double]) -> [Double] {
    stride(from: 0, to: points.count, by: 16_384).flatMap { start in
        let chunk = Array(points[start..<min(start + 16_384, points.count)])
        return withoutGradients { discriminator(column(chunk)) }.scalars.map { Double($0) }
    }
}
