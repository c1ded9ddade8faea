import Foundation

/// A start-up check of the BLAS kernels in use: small sgemm and dgemm products against a plain
/// loop.
///
/// Some OpenBLAS builds compute wrong products, or crash, with some kernel families on some CPUs
/// (OpenBLAS issue 5243: the Cooperlake sgemm kernel crashing on Zen 5). The products cover the
/// four transpose combinations, sizes that are not multiples of any micro-kernel's tile (so the
/// edge code runs), leading dimensions wider than the rows, α and β other than 0 and 1, and one
/// product large enough to leave OpenBLAS's small-matrix path. Every entry is a multiple of ¼ in
/// [−1, 1], so every product and sum is exact in Float and Double: a correct kernel returns the
/// reference to the bit in any summation order, and the comparison needs no tolerance.
enum KernelCheck {
    /// A failure forced by a test (`MINIMAX_TEST_KERNEL_FAULT`): never set in normal use.
    enum Fault: String {
        /// One entry of the first sgemm product is off by one.
        case wrong
        /// The check raises SIGSEGV in the middle, as a crashing kernel would.
        case crash
    }

    /// (m, n, k) of the products, each tried with every transpose combination except the last.
    static let sizes: [(m: Int, n: Int, k: Int)] = [(1, 1, 1), (7, 5, 3), (37, 29, 41), (131, 97, 89)]
    static let alpha = 0.75, beta = -1.25

    /// What went wrong, or nil when every product matched the reference.
    static func run(fault: Fault? = nil) -> String? {
        var fault = fault
        if let failure = check(Float.self, fault: &fault, { ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
            BLAS.gemm(
                transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                beta: beta, c: c, ldc: ldc)
        }) {
            return "sgemm " + failure
        }
        if let failure = check(Double.self, fault: &fault, { ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
            BLAS.gemm(
                transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                beta: beta, c: c, ldc: ldc)
        }) {
            return "dgemm " + failure
        }
        return nil
    }

    typealias Gemm<T> = (
        Bool, Bool, Int, Int, Int, T, UnsafePointer<T>, Int, UnsafePointer<T>, Int, T, UnsafeMutablePointer<T>, Int
    ) -> Void

    /// A fixed entry in {−1, −¾, …, 1}, from a multiplicative hash of its index.
    static func entry(_ index: Int, _ salt: Int) -> Double {
        Double(((index &* 2_654_435_761 &+ salt &* 40_503) >> 7) % 9 - 4) / 4
    }

    static func check<T: TensorScalar>(_: T.Type, fault: inout Fault?, _ gemm: Gemm<T>) -> String? {
        for (index, size) in sizes.enumerated() {
            let transposes = index == sizes.count - 1 ? [(false, false)] : [(false, false), (true, false), (false, true), (true, true)]
            for (ta, tb) in transposes {
                let (m, n, k) = size
                // Stored shapes of op(A) = m × k and op(B) = k × n, one column wider than needed.
                let (aRows, aColumns) = ta ? (k, m) : (m, k)
                let (bRows, bColumns) = tb ? (n, k) : (k, n)
                let (lda, ldb, ldc) = (aColumns + 1, bColumns + 1, n + 1)
                let a = (0..<aRows * lda).map { entry($0, 1) }
                let b = (0..<bRows * ldb).map { entry($0, 2) }
                let c0 = (0..<m * ldc).map { entry($0, 3) }
                var c = c0.map { T($0) }
                let (a32, b32) = (a.map { T($0) }, b.map { T($0) })
                a32.withUnsafeBufferPointer { a in
                    b32.withUnsafeBufferPointer { b in
                        c.withUnsafeMutableBufferPointer { c in
                            gemm(ta, tb, m, n, k, T(alpha), a.baseAddress!, lda, b.baseAddress!, ldb, T(beta), c.baseAddress!, ldc)
                        }
                    }
                }
                switch fault {
                case .wrong:
                    c[0] += 1
                    fault = nil
                case .crash:
                    raise(SIGSEGV)
                case nil: break
                }
                // The reference, α·op(A)·op(B) + β·C₀, row by row over a contiguous op(B).
                var opB = [Double](repeating: 0, count: k * n)
                for p in 0..<k {
                    for j in 0..<n { opB[p * n + j] = tb ? b[j * ldb + p] : b[p * ldb + j] }
                }
                var row = [Double](repeating: 0, count: n)
                for i in 0..<m {
                    for j in 0..<n { row[j] = 0 }
                    opB.withUnsafeBufferPointer { opB in
                        row.withUnsafeMutableBufferPointer { row in
                            for p in 0..<k {
                                let aip = ta ? a[p * lda + i] : a[i * lda + p]
                                for j in 0..<n { row[j] += aip * opB[p * n + j] }
                            }
                        }
                    }
                    for j in 0..<n {
                        let expected = alpha * row[j] + beta * c0[i * ldc + j]
                        if Double(c[i * ldc + j]) != expected {
                            return "\(m)×\(n)×\(k)\(ta ? ", A transposed" : "")\(tb ? ", B transposed" : ""): "
                                + "C[\(i), \(j)] = \(c[i * ldc + j]), expected \(expected)"
                        }
                    }
                }
                // The padding column of C must be untouched.
                for i in 0..<m where Double(c[i * ldc + n]) != c0[i * ldc + n] {
                    return "\(m)×\(n)×\(k): wrote outside C (row \(i))"
                }
            }
        }
        return nil
    }
}
