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
    /// Where each window's top-left corner lies in a padded channel plane, window by window:
    /// the table both loops below gather and scatter through.
    static func windowCorners(_ g: WindowGeometry) -> [Int] {
        let paddedWidth = g.width + 2 * g.paddingX
        var corners: [Int] = []
        corners.reserveCapacity(g.outputHeight * g.outputWidth)
        for y in 0..<g.outputHeight {
            for x in 0..<g.outputWidth { corners.append(y * g.strideY * paddedWidth + x * g.strideX) }
        }
        return corners
    }

    /// im2col: column matrix [C·kh·kw, N·OH·OW] from an NCHW batch. Row (c, i, j) holds, for every
    /// example and window position in order, the input pixel under kernel offset (i, j) of
    /// channel c, and a convolution is then one product weight[O, C·kh·kw] · columns.
    ///
    /// The image is first copied into a zero-padded buffer, so that no read needs a bounds test:
    /// each (c, i, j, n) is then one gather of OH·OW pixels through the table of window corners.
    /// With DCGAN's 7×7 outputs, row-by-row copies with edge tests spent more time on loop
    /// overhead than on the copying (8 ms against under 3 for [64, 64, 14, 14], k4 s2 p1).
    static func unfold<T: TensorScalar>(
        _ image: UnsafeBufferPointer<T>, _ columns: UnsafeMutableBufferPointer<T>, _ g: WindowGeometry
    ) {
        guard let source = image.baseAddress, let target = columns.baseAddress else { return }
        let paddedWidth = g.width + 2 * g.paddingX
        let paddedPlane = (g.height + 2 * g.paddingY) * paddedWidth
        let plane = g.outputHeight * g.outputWidth
        let rowLength = g.batch * plane
        let padded: UnsafePointer<T>
        var buffer: UnsafeMutablePointer<T>? = nil
        if g.paddingY == 0 && g.paddingX == 0 {
            padded = source
        } else {
            let copy = UnsafeMutablePointer<T>.allocate(capacity: g.batch * g.channels * paddedPlane)
            copy.initialize(repeating: 0, count: g.batch * g.channels * paddedPlane)
            for k in 0..<(g.batch * g.channels) {
                for y in 0..<g.height {
                    let from = source + (k * g.height + y) * g.width
                    let to = copy + k * paddedPlane + (y + g.paddingY) * paddedWidth + g.paddingX
                    for x in 0..<g.width { to[x] = from[x] }
                }
            }
            buffer = copy
            padded = UnsafePointer(copy)
        }
        defer { buffer?.deallocate() }
        windowCorners(g).withUnsafeBufferPointer { corners in
            let corner = corners.baseAddress!
            for c in 0..<g.channels {
                for i in 0..<g.kernelHeight {
                    for j in 0..<g.kernelWidth {
                        let row = target + ((c * g.kernelHeight + i) * g.kernelWidth + j) * rowLength
                        let shift = i * g.dilationY * paddedWidth + j * g.dilationX
                        for n in 0..<g.batch {
                            let base = padded + (n * g.channels + c) * paddedPlane + shift
                            let out = row + n * plane
                            for p in 0..<plane { out[p] = base[corner[p]] }
                        }
                    }
                }
            }
        }
    }

    /// col2im, the adjoint of `unfold`: every column entry is added back onto the pixel it was
    /// read from (pixels under several windows receive the sum); padding reads are dropped.
    /// The same gather table, as a scatter into a zero-padded buffer whose inside is the image.
    static func fold<T: TensorScalar>(
        _ columns: UnsafeBufferPointer<T>, _ image: UnsafeMutableBufferPointer<T>, _ g: WindowGeometry
    ) {
        guard let source = columns.baseAddress, let target = image.baseAddress else { return }
        let paddedWidth = g.width + 2 * g.paddingX
        let paddedPlane = (g.height + 2 * g.paddingY) * paddedWidth
        let plane = g.outputHeight * g.outputWidth
        let rowLength = g.batch * plane
        let unpadded = g.paddingY == 0 && g.paddingX == 0
        let padded = unpadded ? target : UnsafeMutablePointer<T>.allocate(capacity: g.batch * g.channels * paddedPlane)
        defer { if !unpadded { padded.deallocate() } }
        padded.initialize(repeating: 0, count: g.batch * g.channels * paddedPlane)
        windowCorners(g).withUnsafeBufferPointer { corners in
            let corner = corners.baseAddress!
            for c in 0..<g.channels {
                for i in 0..<g.kernelHeight {
                    for j in 0..<g.kernelWidth {
                        let row = source + ((c * g.kernelHeight + i) * g.kernelWidth + j) * rowLength
                        let shift = i * g.dilationY * paddedWidth + j * g.dilationX
                        for n in 0..<g.batch {
                            let base = padded + (n * g.channels + c) * paddedPlane + shift
                            let values = row + n * plane
                            for p in 0..<plane { base[corner[p]] += values[p] }
                        }
                    }
                }
            }
        }
        guard !unpadded else { return }
        for k in 0..<(g.batch * g.channels) {
            for y in 0..<g.height {
                let from = padded + k * paddedPlane + (y + g.paddingY) * paddedWidth + g.paddingX
                let to = target + (k * g.height + y) * g.width
                for x in 0..<g.width { to[x] = from[x] }
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
