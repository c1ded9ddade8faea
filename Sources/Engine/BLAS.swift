// The only file that imports OpenBLAS: matrix products, transposes, LAPACK's symmetric
// eigensolver and runtime facts.
import CBLAS
import Foundation

/// OpenBLAS, as the engine uses it: row-major products and the library's runtime state.
public enum BLAS {
    /// The kernel family OpenBLAS chose at load time (for example `Haswell`, `SkylakeX`).
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name).trimmingCharacters(in: .whitespaces)
    }

    /// The number of threads OpenBLAS uses for one product.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Sets the number of threads OpenBLAS uses for one product.
    ///
    /// Training runs one thread by default: the products of a GAN on this course's data are small,
    /// and one thread is both faster there and bitwise reproducible.
    public static func setThreadCount(_ count: Int) {
        openblas_set_num_threads(Int32(count))
    }

    @inline(__always)
    static func order(_ transposed: Bool) -> CBLAS_TRANSPOSE {
        transposed ? CblasTrans : CblasNoTrans
    }

    /// C = α·op(A)·op(B) + β·C in single precision, row-major (`cblas_sgemm`).
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, order(transposeA), order(transposeB), Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// C = α·op(A)·op(B) + β·C in double precision, row-major (`cblas_dgemm`).
    static func gemm(
        transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
        alpha: Double, a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
        beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        cblas_dgemm(
            CblasRowMajor, order(transposeA), order(transposeB), Int32(m), Int32(n), Int32(k),
            alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// ‖x‖₂ from x·x accumulated in Double (`cblas_dsdot`).
    static func norm(_ x: UnsafeBufferPointer<Float>) -> Double {
        x.isEmpty ? 0 : cblas_dsdot(Int32(x.count), x.baseAddress!, 1, x.baseAddress!, 1).squareRoot()
    }

    /// ‖x‖₂ (`cblas_dnrm2`).
    static func norm(_ x: UnsafeBufferPointer<Double>) -> Double {
        x.isEmpty ? 0 : cblas_dnrm2(Int32(x.count), x.baseAddress!, 1)
    }

    /// B = Aᵀ for a row-major rows × columns matrix A (`cblas_somatcopy`).
    static func transpose(
        rows: Int, columns: Int, _ a: UnsafePointer<Float>, into b: UnsafeMutablePointer<Float>
    ) {
        cblas_somatcopy(CblasRowMajor, CblasTrans, Int32(rows), Int32(columns), 1, a, Int32(columns), b, Int32(rows))
    }

    /// B = Aᵀ for a row-major rows × columns matrix A (`cblas_domatcopy`).
    static func transpose(
        rows: Int, columns: Int, _ a: UnsafePointer<Double>, into b: UnsafeMutablePointer<Double>
    ) {
        cblas_domatcopy(CblasRowMajor, CblasTrans, Int32(rows), Int32(columns), 1, a, Int32(columns), b, Int32(rows))
    }

    /// The eigenvalues of the symmetric n × n matrix `a` (row-major, both triangles filled), in
    /// ascending order, and with `vectors` its orthonormal eigenvectors: column j of the
    /// row-major result (`vectors[i * n + j]`) belongs to eigenvalue j. LAPACK's divide-and-conquer
    /// `dsyevd`; nil when it reports a failure (it did not converge, or a non-finite entry).
    static func symmetricEigen(_ a: [Double], n: Int, vectors: Bool) -> (values: [Double], vectors: [Double])? {
        precondition(a.count == n * n, "symmetricEigen: \(a.count) entries for a \(n) × \(n) matrix")
        if n == 0 { return ([], []) }
        // Symmetric, so the row-major matrix is its own column-major transpose.
        var matrix = a
        var values = [Double](repeating: 0, count: n)
        let size = blasint(n), leading = blasint(n)
        var info = blasint(0)
        let job: CChar = vectors ? 86 /* V */ : 78 /* N */, upper: CChar = 85 /* U */
        var workSize = 0.0, integerWorkSize = blasint(0)
        let query = blasint(-1), integerQuery = blasint(-1)
        dsyevd_(
            [job], [upper], [size], &matrix, [leading], &values, &workSize, [query], &integerWorkSize, [integerQuery],
            &info, 1, 1)
        guard info == 0 else { return nil }
        let lwork = blasint(workSize.rounded(.up)), liwork = integerWorkSize
        var work = [Double](repeating: 0, count: Int(lwork))
        var integerWork = [blasint](repeating: 0, count: Int(liwork))
        dsyevd_(
            [job], [upper], [size], &matrix, [leading], &values, &work, [lwork], &integerWork, [liwork], &info, 1, 1)
        guard info == 0 else { return nil }
        // dsyevd's eigenvectors are the columns of a column-major matrix: transpose to row-major.
        guard vectors else { return (values, []) }
        var rowMajor = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n { rowMajor[i * n + j] = matrix[j * n + i] }
        }
        return (values, rowMajor)
    }
}
