import MinimaxEngine

/// The arithmetic mean (0 for no values).
func mean(_ values: [Double]) -> Double {
    values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
}

/// `count` standard normal samples: the generator's noise z ~ N(0, 1).
func normalSamples(_ count: Int, random: inout RandomSource) -> [Double] {
    (0..<count).map { _ in random.normal(Double.self) }
}

/// |a − b| / max(|b|, 1e-300): relative where b is large, and no division by zero.
func relativeDifference(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(abs(b), 1e-300)
}
