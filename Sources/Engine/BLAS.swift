// The only file that imports OpenBLAS: matrix products, transposes and runtime facts.
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
}
