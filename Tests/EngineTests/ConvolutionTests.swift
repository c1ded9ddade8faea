import Foundation
import MinimaxEngine
import Testing

/// A value of an NCHW array by its four indices, for the plain loops below.
private func at(_ t: Tensor<Double>, _ n: Int, _ c: Int, _ y: Int, _ x: Int) -> Double {
    t.scalars[((n * t.shape[1] + c) * t.shape[2] + y) * t.shape[3] + x]
}

private func inner(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double {
    zip(a.scalars, b.scalars).reduce(0) { $0 + $1.0 * $1.1 }
}

private func normal(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
    var random = RandomSource(seed: seed)
    return Tensor.normal(shape, using: &random)
}

/// PyTorch's conv2d written as its definition: out[n, o, y, x] = b[o] +
/// Σ_{c, i, j} w[o, c, i, j] · x[n, c, y·s − p + i·d, x·s − p + j·d], zero outside the image.
private func referenceConvolution(
    _ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>?, stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int) = (1, 1)
) -> Tensor<Double> {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, kh, kw) = (w.shape[0], w.shape[2], w.shape[3])
    let oh = (h + 2 * padding.0 - dilation.0 * (kh - 1) - 1) / stride.0 + 1
    let ow = (wd + 2 * padding.1 - dilation.1 * (kw - 1) - 1) / stride.1 + 1
    var out: [Double] = []
    for e in 0..<n {
        for f in 0..<o {
            for y in 0..<oh {
                for z in 0..<ow {
                    var total = b?.scalars[f] ?? 0
                    for ch in 0..<c {
                        for i in 0..<kh {
                            for j in 0..<kw {
                                let yy = y * stride.0 - padding.0 + i * dilation.0
                                let zz = z * stride.1 - padding.1 + j * dilation.1
                                if yy >= 0 && yy < h && zz >= 0 && zz < wd {
                                    total += at(w, f, ch, i, j) * at(x, e, ch, yy, zz)
                                }
                            }
                        }
                    }
                    out.append(total)
                }
            }
        }
    }
    return Tensor(shape: [n, o, oh, ow], scalars: out)
}

/// PyTorch's conv_transpose2d written as its definition: every input pixel x[n, c, y, x] adds
/// x · w[c, o, i, j] at output (y·s − p + i, x·s − p + j) where that lies in the output.
private func referenceTransposedConvolution(
    _ x: Tensor<Double>, _ w: Tensor<Double>, _ b: Tensor<Double>?, stride: (Int, Int), padding: (Int, Int), outputPadding: (Int, Int)
) -> Tensor<Double> {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, kh, kw) = (w.shape[1], w.shape[2], w.shape[3])
    let oh = (h - 1) * stride.0 - 2 * padding.0 + kh + outputPadding.0
    let ow = (wd - 1) * stride.1 - 2 * padding.1 + kw + outputPadding.1
    var out = [Double](repeating: 0, count: n * o * oh * ow)
    for e in 0..<n {
        for f in 0..<o {
            for k in 0..<(oh * ow) { out[(e * o + f) * oh * ow + k] = b?.scalars[f] ?? 0 }
        }
    }
    for e in 0..<n {
        for ch in 0..<c {
            for y in 0..<h {
                for z in 0..<wd {
                    for f in 0..<o {
                        for i in 0..<kh {
                            for j in 0..<kw {
                                let yy = y * stride.0 - padding.0 + i
                                let zz = z * stride.1 - padding.1 + j
                                if yy >= 0 && yy < oh && zz >= 0 && zz < ow {
                                    out[((e * o + f) * oh + yy) * ow + zz] += at(x, e, ch, y, z) * at(w, ch, f, i, j)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    return Tensor(shape: [n, o, oh, ow], scalars: out)
}

private func maximumDifference(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double {
    guard a.shape == b.shape else { return .infinity }
    return zip(a.scalars, b.scalars).map { abs($0 - $1) }.max() ?? 0
}

@Suite("Convolutions, pooling and softmax against their definitions")
struct ConvolutionTests {
    @Test(
        "conv2d matches a direct loop",
        arguments: [
            (stride: (1, 1), padding: (0, 0), dilation: (1, 1), bias: true),
            (stride: (2, 2), padding: (1, 1), dilation: (1, 1), bias: true),
            (stride: (2, 1), padding: (0, 2), dilation: (1, 1), bias: false),
            (stride: (1, 2), padding: (2, 1), dilation: (2, 1), bias: true),
        ])
    func convolutionMatchesLoop(_ c: (stride: (Int, Int), padding: (Int, Int), dilation: (Int, Int), bias: Bool)) {
        let x = normal([2, 3, 7, 6], seed: 1)
        let w = normal([4, 3, 3, 2], seed: 2)
        let b = c.bias ? normal([4], seed: 3) : nil
        let expected = referenceConvolution(x, w, b, stride: c.stride, padding: c.padding, dilation: c.dilation)
        let actual = conv2d(
            x, weight: w, bias: b, stride: SpatialPair(c.stride.0, c.stride.1), padding: SpatialPair(c.padding.0, c.padding.1),
            dilation: SpatialPair(c.dilation.0, c.dilation.1))
        #expect(actual.shape == expected.shape)
        #expect(maximumDifference(actual, expected) < 1e-12)
        // The Float kernels run the same loops.
        let single = conv2d(
            Tensor<Float>(shape: x.shape, scalars: x.scalars.map(Float.init)), weight: Tensor(shape: w.shape, scalars: w.scalars.map(Float.init)),
            bias: b.map { Tensor(shape: $0.shape, scalars: $0.scalars.map(Float.init)) },
            stride: SpatialPair(c.stride.0, c.stride.1), padding: SpatialPair(c.padding.0, c.padding.1),
            dilation: SpatialPair(c.dilation.0, c.dilation.1))
        #expect(maximumDifference(Tensor(shape: single.shape, scalars: single.scalars.map(Double.init)), expected) < 1e-4)
    }

    @Test(
        "convTranspose2d matches a direct loop",
        arguments: [
            (stride: (1, 1), padding: (0, 0), outputPadding: (0, 0), bias: true),
            (stride: (2, 2), padding: (1, 1), outputPadding: (0, 0), bias: false),
            (stride: (2, 2), padding: (1, 1), outputPadding: (1, 1), bias: true),
            (stride: (3, 2), padding: (0, 1), outputPadding: (2, 0), bias: true),
        ])
    func transposedConvolutionMatchesLoop(_ c: (stride: (Int, Int), padding: (Int, Int), outputPadding: (Int, Int), bias: Bool)) {
        let x = normal([2, 3, 4, 5], seed: 4)
        let w = normal([3, 2, 4, 3], seed: 5)
        let b = c.bias ? normal([2], seed: 6) : nil
        let expected = referenceTransposedConvolution(x, w, b, stride: c.stride, padding: c.padding, outputPadding: c.outputPadding)
        let actual = convTranspose2d(
            x, weight: w, bias: b, stride: SpatialPair(c.stride.0, c.stride.1), padding: SpatialPair(c.padding.0, c.padding.1),
            outputPadding: SpatialPair(c.outputPadding.0, c.outputPadding.1))
        #expect(actual.shape == expected.shape)
        #expect(maximumDifference(actual, expected) < 1e-12)
    }

    @Test("The DCGAN shapes: k4 s2 p1 halves 28 → 14 → 7 and the transposed one doubles back")
    func dcganShapes() {
        let x = Tensor<Float>.zeros([3, 1, 28, 28])
        let w1 = Tensor<Float>.zeros([64, 1, 4, 4])
        let w2 = Tensor<Float>.zeros([128, 64, 4, 4])
        let h = conv2d(conv2d(x, weight: w1, stride: 2, padding: 1), weight: w2, stride: 2, padding: 1)
        #expect(h.shape == [3, 128, 7, 7])
        let g1 = convTranspose2d(h, weight: Tensor<Float>.zeros([128, 64, 4, 4]), stride: 2, padding: 1)
        #expect(g1.shape == [3, 64, 14, 14])
        #expect(convTranspose2d(g1, weight: Tensor<Float>.zeros([64, 1, 4, 4]), stride: 2, padding: 1).shape == [3, 1, 28, 28])
    }

    @Test(
        "⟨conv(x), y⟩ = ⟨x, convᵀ(y)⟩ with the same weight",
        arguments: [
            (height: 7, width: 6, kernel: SpatialPair(3, 2), stride: SpatialPair(1, 1), padding: SpatialPair(0, 0)),
            (height: 8, width: 8, kernel: SpatialPair(4, 4), stride: SpatialPair(2, 2), padding: SpatialPair(1, 1)),
            (height: 9, width: 7, kernel: SpatialPair(3, 3), stride: SpatialPair(2, 3), padding: SpatialPair(1, 0)),
            (height: 6, width: 5, kernel: SpatialPair(2, 3), stride: SpatialPair(3, 2), padding: SpatialPair(1, 1)),
        ])
    func adjointIdentity(_ c: (height: Int, width: Int, kernel: SpatialPair, stride: SpatialPair, padding: SpatialPair)) {
        let x = normal([2, 3, c.height, c.width], seed: 7)
        let w = normal([4, 3, c.kernel.height, c.kernel.width], seed: 8)
        let convolved = conv2d(x, weight: w, stride: c.stride, padding: c.padding)
        let y = normal(convolved.shape, seed: 9)
        // The output padding that brings convᵀ(y) back to x's size, which conv2d's floor lost.
        let outputPadding = SpatialPair(
            (c.height + 2 * c.padding.height - c.kernel.height) % c.stride.height,
            (c.width + 2 * c.padding.width - c.kernel.width) % c.stride.width)
        let back = convTranspose2d(y, weight: w, stride: c.stride, padding: c.padding, outputPadding: outputPadding)
        #expect(back.shape == x.shape)
        let (left, right) = (inner(convolved, y), inner(x, back))
        #expect(abs(left - right) <= 1e-12 * max(1, abs(left)), "\(left) vs \(right)")
    }

    @Test("⟨unfold(x), c⟩ = ⟨x, fold(c)⟩, and unfold's entries are the padded pixels")
    func unfoldFoldAdjoint() {
        for (kernel, stride, padding, dilation) in [
            (SpatialPair(3, 2), SpatialPair(1, 1), SpatialPair(0, 0), SpatialPair(1, 1)),
            (SpatialPair(3, 3), SpatialPair(2, 2), SpatialPair(1, 1), SpatialPair(1, 1)),
            (SpatialPair(2, 3), SpatialPair(3, 1), SpatialPair(2, 1), SpatialPair(2, 1)),
        ] {
            let x = normal([2, 3, 7, 6], seed: 10)
            let columns = unfold(x, kernel: kernel, stride: stride, padding: padding, dilation: dilation)
            let c = normal(columns.shape, seed: 11)
            let folded = fold(c, imageShape: x.shape, kernel: kernel, stride: stride, padding: padding, dilation: dilation)
            let (left, right) = (inner(columns, c), inner(x, folded))
            #expect(abs(left - right) <= 1e-12 * max(1, abs(left)), "\(left) vs \(right)")
        }
        // Two 2×2 windows over a 2×3 image, no padding: row (c, i, j), column (n, window).
        let x = Tensor<Double>(shape: [1, 1, 2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(unfold(x, kernel: 2).rows == [[1, 2], [2, 3], [4, 5], [5, 6]])
        // Padding 1, stride 2 on the same image: windows at (−1, −1), (−1, 1), (1, −1), (1, 1).
        #expect(unfold(x, kernel: 2, stride: 2, padding: 1).rows == [[0, 0, 0, 5], [0, 0, 4, 6], [0, 2, 0, 0], [1, 3, 0, 0]])
    }

    @Test("permuted(_:) puts element [i₀, i₁, i₂, i₃] at [i_{a₀}, …]")
    func permuteIndexes() {
        let shape = [2, 3, 4, 5]
        let x = Tensor<Double>(shape: shape, scalars: (0..<120).map(Double.init))
        let axes = [2, 0, 3, 1]
        let y = x.permuted(axes)
        #expect(y.shape == [4, 2, 5, 3])
        for a in 0..<2 { for b in 0..<3 { for c in 0..<4 { for d in 0..<5 {
            let source = [a, b, c, d]
            let target = axes.map { source[$0] }
            let index = ((target[0] * 2 + target[1]) * 5 + target[2]) * 3 + target[3]
            #expect(y.scalars[index] == x.scalars[((a * 3 + b) * 4 + c) * 5 + d])
        } } } }
    }

    @Test("Pooling and upsampling match their formulas, and max-pooling's gradient goes to the argmax")
    func poolingFormulas() {
        let x = normal([2, 3, 5, 7], seed: 12)
        // avg: k 3×2, stride 2, padding 1 (zeros counted, as PyTorch's count_include_pad).
        let average = avgPool2d(x, kernel: SpatialPair(3, 2), stride: 2, padding: 1)
        let maximum = maxPool2d(x, kernel: SpatialPair(3, 2), stride: 2, padding: 1)
        #expect(average.shape == [2, 3, 3, 4] && maximum.shape == [2, 3, 3, 4])
        var expectedAverage: [Double] = []
        var expectedMaximum: [Double] = []
        for n in 0..<2 { for c in 0..<3 { for y in 0..<3 { for z in 0..<4 {
            var total = 0.0
            var largest = -Double.infinity
            for i in 0..<3 { for j in 0..<2 {
                let (yy, zz) = (2 * y - 1 + i, 2 * z - 1 + j)
                guard yy >= 0 && yy < 5 && zz >= 0 && zz < 7 else { continue }
                total += at(x, n, c, yy, zz)
                largest = max(largest, at(x, n, c, yy, zz))
            } }
            expectedAverage.append(total / 6)
            expectedMaximum.append(largest)
        } } } }
        #expect(maximumDifference(average, Tensor(shape: average.shape, scalars: expectedAverage)) < 1e-15)
        #expect(maximum.scalars == expectedMaximum)

        // d Σ maxPool(x) / dx counts how many windows each pixel is the largest of.
        let tracked = x.requiringGradient()
        let gradient = maxPool2d(tracked, kernel: 2, stride: 1).sum().gradients(withRespectTo: [tracked])[0]
        var counts = [Double](repeating: 0, count: x.count)
        for n in 0..<2 { for c in 0..<3 { for y in 0..<4 { for z in 0..<6 {
            var best = (value: -Double.infinity, index: 0)
            for i in 0..<2 { for j in 0..<2 {
                let index = ((n * 3 + c) * 5 + y + i) * 7 + z + j
                if x.scalars[index] > best.value { best = (x.scalars[index], index) }
            } }
            counts[best.index] += 1
        } } } }
        #expect(gradient.scalars == counts)
    }

    @Test("Nearest upsampling repeats each pixel into a block; its gradient sums the block")
    func upsampling() {
        let small = Tensor<Double>(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
        let big = small.upsampled(scale: SpatialPair(2, 3))
        #expect(big.shape == [1, 1, 4, 6])
        #expect(big.scalars == [1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4])
        let tracked = small.requiringGradient()
        let weights = Tensor<Double>(shape: [1, 1, 4, 6], scalars: (0..<24).map(Double.init))
        let gradient = (tracked.upsampled(scale: SpatialPair(2, 3)) * weights).sum().gradients(withRespectTo: [tracked])[0]
        // Block (0, 0) holds weights 0, 1, 2, 6, 7, 8.
        #expect(gradient.scalars == [24, 42, 96, 114])
    }

    @Test("Softmax cross-entropy is −mean(ℓ_label − log Σ exp ℓ), finite at logits of ±1000")
    func softmaxCrossEntropyValues() {
        let logits = Tensor<Double>(rows: [[1, 2, 3], [-1, 0.5, 4], [0, 0, 0]])
        let labels = [2, 0, 1]
        var expected = 0.0
        for (row, label) in zip(logits.rows, labels) {
            expected += log(row.map(exp).reduce(0, +)) - row[label]
        }
        expected /= 3
        #expect(abs(softmaxCrossEntropy(logits: logits, labels: labels).scalar - expected) < 1e-15)
        let softmax = logits.logSoftmax().exp()
        for row in softmax.rows { #expect(abs(row.reduce(0, +) - 1) < 1e-15) }

        let extreme = Tensor<Float>(rows: [[1000, 0, -1000], [-1000, 1000, 999]]).requiringGradient()
        let loss = softmaxCrossEntropy(logits: extreme, labels: [0, 2])
        // Row 1: log(e¹⁰⁰⁰ + e⁹⁹⁹) − 999 = 1 + log(1 + e⁻¹) ≈ 1.3132617; row 0: 0.
        #expect(abs(loss.scalar - 1.3132617 / 2) < 1e-6)
        #expect(loss.gradients(withRespectTo: [extreme])[0].scalars.allSatisfy { $0.isFinite })
        #expect(Tensor<Double>.oneHot([2, 0], classes: 3).rows == [[0, 0, 1], [1, 0, 0]])
    }
}
