// The loops behind the image operations: im2col/col2im, max-pooling's argmax, gather and
// scatter, and a maximum along an axis. Generic like `Kernels.swift`, and called through the
// kernel tables so that each is compiled for Float and for Double.

/// Where a sliding window visits an NCHW batch: the geometry shared by unfold, fold and pooling.
///
/// Output position (y, x) of the window grid reads input row y·strideY − paddingY + i·dilationY
/// for kernel row i (and likewise across); positions outside the image read zeros.
struct WindowGeometry: Sendable, Equatable {
    var batch: Int
    var channels: Int
    var height: Int
    var width: Int
    var kernelHeight: Int
    var kernelWidth: Int
    var strideY: Int
    var strideX: Int
    var paddingY: Int
    var paddingX: Int
    var dilationY: Int
    var dilationX: Int

    /// The number of window positions down: ⌊(H + 2p − d(k − 1) − 1) / s⌋ + 1, as PyTorch.
    var outputHeight: Int { (height + 2 * paddingY - dilationY * (kernelHeight - 1) - 1) / strideY + 1 }
    var outputWidth: Int { (width + 2 * paddingX - dilationX * (kernelWidth - 1) - 1) / strideX + 1 }
    /// Rows of the column matrix: one per channel and kernel offset.
    var patchSize: Int { channels * kernelHeight * kernelWidth }
    /// Columns of the column matrix: one per example and window position.
    var positions: Int { batch * outputHeight * outputWidth }
    var imageShape: [Int] { [batch, channels, height, width] }
    var columnShape: [Int] { [patchSize, positions] }
}

extension Kernels {
    /// The output columns x = start..<end whose input column x·stride + offset lies in 0..<width:
    /// the loops below copy that run without a bounds test and write zeros on either side.
    @inline(__always)
    static func validRun(offset: Int, stride: Int, width: Int, count: Int) -> (start: Int, end: Int) {
        let start = offset >= 0 ? 0 : Swift.min(count, (-offset + stride - 1) / stride)
        let last = width - 1 - offset
        let end = last < 0 ? 0 : Swift.min(count, last / stride + 1)
        return (start, Swift.max(start, end))
    }

    /// im2col: column matrix [C·kh·kw, N·OH·OW] from an NCHW batch. Row (c, i, j) holds, for every
    /// example and window position in order, the input pixel under kernel offset (i, j) of
    /// channel c. Rows are written in long contiguous runs, and a convolution is then one
    /// product weight[O, C·kh·kw] · columns.
    static func unfold<T: TensorScalar>(
        _ image: UnsafeBufferPointer<T>, _ columns: UnsafeMutableBufferPointer<T>, _ g: WindowGeometry
    ) {
        guard let source = image.baseAddress, let target = columns.baseAddress else { return }
        let (outH, outW) = (g.outputHeight, g.outputWidth)
        let plane = outH * outW
        let rowLength = g.batch * plane
        let imagePlane = g.height * g.width
        for c in 0..<g.channels {
            for i in 0..<g.kernelHeight {
                for j in 0..<g.kernelWidth {
                    let row = target + ((c * g.kernelHeight + i) * g.kernelWidth + j) * rowLength
                    let offsetX = j * g.dilationX - g.paddingX
                    let (start, end) = validRun(offset: offsetX, stride: g.strideX, width: g.width, count: outW)
                    for n in 0..<g.batch {
                        let channel = source + (n * g.channels + c) * imagePlane
                        for y in 0..<outH {
                            let out = row + n * plane + y * outW
                            let inputY = y * g.strideY - g.paddingY + i * g.dilationY
                            guard inputY >= 0 && inputY < g.height else {
                                for x in 0..<outW { out[x] = 0 }
                                continue
                            }
                            let line = channel + inputY * g.width
                            for x in 0..<start { out[x] = 0 }
                            if g.strideX == 1 {
                                let shifted = line + (start + offsetX)
                                for x in 0..<(end - start) { out[start + x] = shifted[x] }
                            } else {
                                for x in start..<end { out[x] = line[x * g.strideX + offsetX] }
                            }
                            for x in end..<outW { out[x] = 0 }
                        }
                    }
                }
            }
        }
    }

    /// col2im, the adjoint of `unfold`: every column entry is added back onto the pixel it was
    /// read from (pixels under several windows receive the sum); padding reads are dropped.
    static func fold<T: TensorScalar>(
        _ columns: UnsafeBufferPointer<T>, _ image: UnsafeMutableBufferPointer<T>, _ g: WindowGeometry
    ) {
        guard let source = columns.baseAddress, let target = image.baseAddress else { return }
        for k in 0..<image.count { target[k] = 0 }
        let (outH, outW) = (g.outputHeight, g.outputWidth)
        let plane = outH * outW
        let rowLength = g.batch * plane
        let imagePlane = g.height * g.width
        for c in 0..<g.channels {
            for i in 0..<g.kernelHeight {
                for j in 0..<g.kernelWidth {
                    let row = source + ((c * g.kernelHeight + i) * g.kernelWidth + j) * rowLength
                    let offsetX = j * g.dilationX - g.paddingX
                    let (start, end) = validRun(offset: offsetX, stride: g.strideX, width: g.width, count: outW)
                    guard start < end else { continue }
                    for n in 0..<g.batch {
                        let channel = target + (n * g.channels + c) * imagePlane
                        for y in 0..<outH {
                            let inputY = y * g.strideY - g.paddingY + i * g.dilationY
                            guard inputY >= 0 && inputY < g.height else { continue }
                            let values = row + n * plane + y * outW
                            let line = channel + inputY * g.width
                            if g.strideX == 1 {
                                let shifted = line + (start + offsetX)
                                let read = values + start
                                for x in 0..<(end - start) { shifted[x] += read[x] }
                            } else {
                                for x in start..<end { line[x * g.strideX + offsetX] += values[x] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// For every window of every channel, the flat NCHW index of its largest input (the first
    /// one on ties); padding never wins, as in PyTorch, which pads max-pooling with −∞.
    static func maxPoolIndices<T: TensorScalar>(
        _ image: UnsafeBufferPointer<T>, _ indices: UnsafeMutableBufferPointer<Int>, _ g: WindowGeometry
    ) {
        guard let source = image.baseAddress, let target = indices.baseAddress else { return }
        let (outH, outW) = (g.outputHeight, g.outputWidth)
        let imagePlane = g.height * g.width
        var k = 0
        for plane in 0..<(g.batch * g.channels) {
            let base = plane * imagePlane
            for y in 0..<outH {
                for x in 0..<outW {
                    var best = -T.infinity
                    var bestIndex = -1
                    for i in 0..<g.kernelHeight {
                        let inputY = y * g.strideY - g.paddingY + i * g.dilationY
                        guard inputY >= 0 && inputY < g.height else { continue }
                        for j in 0..<g.kernelWidth {
                            let inputX = x * g.strideX - g.paddingX + j * g.dilationX
                            guard inputX >= 0 && inputX < g.width else { continue }
                            let index = base + inputY * g.width + inputX
                            // `!(v <= best)` also takes a NaN, so NaN propagates as in PyTorch.
                            if bestIndex < 0 || !(source[index] <= best) {
                                best = source[index]
                                bestIndex = index
                            }
                        }
                    }
                    target[k] = bestIndex
                    k += 1
                }
            }
        }
    }

    /// out[k] = x[indices[k]].
    static func gather<T: TensorScalar>(
        _ x: UnsafeBufferPointer<T>, _ indices: UnsafeBufferPointer<Int>, _ out: UnsafeMutableBufferPointer<T>
    ) {
        for k in 0..<out.count { out[k] = x[indices[k]] }
    }

    /// The adjoint of `gather`: out = 0, then out[indices[k]] += x[k].
    static func scatter<T: TensorScalar>(
        _ x: UnsafeBufferPointer<T>, _ indices: UnsafeBufferPointer<Int>, _ out: UnsafeMutableBufferPointer<T>
    ) {
        for k in 0..<out.count { out[k] = 0 }
        for k in 0..<x.count { out[indices[k]] += x[k] }
    }

    /// The largest element along the middle dimension of x viewed as [outer, axis, inner].
    static func maximum<T: TensorScalar>(
        _ x: UnsafeBufferPointer<T>, _ out: UnsafeMutableBufferPointer<T>, _ layout: AxisLayout
    ) {
        let (outer, axis, inner) = (layout.outer, layout.axis, layout.inner)
        guard let px = x.baseAddress, let po = out.baseAddress else { return }
        for o in 0..<outer {
            let row = po + o * inner
            let block = px + o * axis * inner
            for i in 0..<inner { row[i] = axis > 0 ? block[i] : -T.infinity }
            for j in 1..<Swift.max(axis, 1) {
                let source = block + j * inner
                for i in 0..<inner where !(source[i] <= row[i]) { row[i] = source[i] }
            }
        }
    }
}
