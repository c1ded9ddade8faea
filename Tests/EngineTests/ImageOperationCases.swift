import MinimaxEngine

/// The image operations' rows of the gradient-check table (`operationCases`): each is checked
/// at first order and, in `SecondDerivativeTests`, at second order with respect to every input.
/// Odd sizes, non-square kernels, strides, padding, dilation and output padding.
let imageOperationCases: [OperationCase] = {
    var cases: [OperationCase] = []
    let windows: [(kernel: SpatialPair, stride: SpatialPair, padding: SpatialPair, dilation: SpatialPair)] = [
        (SpatialPair(3, 2), 1, 0, 1),
        (3, 2, 1, 1),
        (SpatialPair(2, 3), SpatialPair(2, 1), SpatialPair(0, 1), 1),
        (2, 1, 1, 2),
    ]
    for w in windows {
        let label = "k\(w.kernel) s\(w.stride) p\(w.padding) d\(w.dilation)"
        cases.append(OperationCase(name: "unfold \(label)", shapes: [[2, 2, 5, 4]]) {
            unfold($0[0], kernel: w.kernel, stride: w.stride, padding: w.padding, dilation: w.dilation)
        })
        // The columns' shape for that image, from unfold itself.
        let columns = unfold(Tensor<Double>.zeros([2, 2, 5, 4]), kernel: w.kernel, stride: w.stride, padding: w.padding, dilation: w.dilation).shape
        cases.append(OperationCase(name: "fold \(label)", shapes: [columns]) {
            fold($0[0], imageShape: [2, 2, 5, 4], kernel: w.kernel, stride: w.stride, padding: w.padding, dilation: w.dilation)
        })
        let weight = [3, 2, w.kernel.height, w.kernel.width]
        cases.append(OperationCase(name: "conv2d \(label)", shapes: [[2, 2, 5, 4], weight, [3]]) {
            conv2d($0[0], weight: $0[1], bias: $0[2], stride: w.stride, padding: w.padding, dilation: w.dilation)
        })
    }
    cases.append(OperationCase(name: "conv2d no bias k1", shapes: [[1, 3, 3, 2], [2, 3, 1, 1]]) { conv2d($0[0], weight: $0[1]) })
    let transposed: [(kernel: SpatialPair, stride: SpatialPair, padding: SpatialPair, outputPadding: SpatialPair)] = [
        (SpatialPair(3, 2), 1, 0, 0),
        (4, 2, 1, 0),
        (3, 2, 1, 1),
        (SpatialPair(2, 3), SpatialPair(2, 3), SpatialPair(1, 0), SpatialPair(1, 2)),
    ]
    for t in transposed {
        let label = "k\(t.kernel) s\(t.stride) p\(t.padding) op\(t.outputPadding)"
        cases.append(OperationCase(name: "convTranspose2d \(label)", shapes: [[2, 3, 3, 2], [3, 2, t.kernel.height, t.kernel.width], [2]]) {
            convTranspose2d($0[0], weight: $0[1], bias: $0[2], stride: t.stride, padding: t.padding, outputPadding: t.outputPadding)
        })
    }
    cases.append(OperationCase(name: "convTranspose2d no bias", shapes: [[1, 2, 2, 3], [2, 3, 2, 2]]) {
        convTranspose2d($0[0], weight: $0[1], stride: 2)
    })
    cases += [
        OperationCase(name: "permute 3-D", shapes: [[2, 3, 4]]) { $0[0].permuted([2, 0, 1]) },
        OperationCase(name: "permute 4-D", shapes: [[2, 3, 1, 2]]) { $0[0].permuted([1, 3, 0, 2]) },
        OperationCase(name: "avgPool2d k2", shapes: [[2, 2, 5, 5]]) { avgPool2d($0[0], kernel: 2) },
        OperationCase(name: "avgPool2d k3 s2 p1", shapes: [[1, 2, 5, 4]]) { avgPool2d($0[0], kernel: 3, stride: 2, padding: 1) },
        OperationCase(name: "maxPool2d k2", shapes: [[2, 2, 5, 5]]) { maxPool2d($0[0], kernel: 2) },
        OperationCase(name: "maxPool2d k3 s2 p1", shapes: [[1, 2, 5, 4]]) { maxPool2d($0[0], kernel: 3, stride: 2, padding: 1) },
        OperationCase(name: "maxPool2d k(2, 3) s1", shapes: [[1, 2, 4, 5]]) { maxPool2d($0[0], kernel: SpatialPair(2, 3), stride: 1) },
        OperationCase(name: "upsampled 2", shapes: [[1, 2, 3, 2]]) { $0[0].upsampled(scale: 2) },
        OperationCase(name: "upsampled (1, 3)", shapes: [[2, 1, 2, 2]]) { $0[0].upsampled(scale: SpatialPair(1, 3)) },
        OperationCase(name: "logSoftmax", shapes: [[3, 5]]) { ($0[0] * 3).logSoftmax() },
        OperationCase(name: "logSoftmax 3-D", shapes: [[2, 2, 3]]) { $0[0].logSoftmax() },
        OperationCase(name: "softmaxCrossEntropy", shapes: [[4, 5]]) { softmaxCrossEntropy(logits: $0[0] * 3, labels: [0, 4, 2, 2]) },
        // A small convolutional critic end to end, as WGAN-GP differentiates it.
        OperationCase(name: "conv → leakyReLU → maxPool → conv", shapes: [[2, 1, 6, 5], [2, 1, 3, 3], [2], [1, 2, 2, 2]]) {
            conv2d(maxPool2d(conv2d($0[0], weight: $0[1], bias: $0[2], padding: 1).leakyReLU(slope: 0.2), kernel: 2), weight: $0[3])
        },
    ]
    return cases
}()
