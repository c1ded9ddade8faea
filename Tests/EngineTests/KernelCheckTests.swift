import Foundation
import Testing

@testable import MinimaxEngine

/// The start-up check of the BLAS kernels: it passes on correct kernels and catches wrong ones.
/// The fallback it triggers runs through the real binary in RunnerTests (CommandLineTests).
@Suite("BLAS kernel check")
struct KernelCheckTests {
    @Test("The kernels in use pass, and an injected wrong entry fails the sgemm check")
    func kernelsInUse() {
        #expect(KernelCheck.run() == nil)
        let failure = KernelCheck.run(fault: .wrong)
        #expect(failure?.hasPrefix("sgemm 1×1×1: C[0, 0] = ") == true, "\(failure ?? "nil")")
    }

    /// A plain row-major product with one mistake, as a faulty kernel would make it.
    static func faultyGemm<T: TensorScalar>(
        ignoreBeta: Bool = false, ignoreTransposeB: Bool = false, dropLastK: Bool = false, edgeRowsFrom: Int? = nil
    ) -> KernelCheck.Gemm<T> {
        { ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc in
            for i in 0..<m {
                for j in 0..<n {
                    var sum = T(0)
                    for p in 0..<(dropLastK ? k - 1 : k) {
                        let tb = ignoreTransposeB ? false : tb
                        sum += (ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j])
                    }
                    if let edge = edgeRowsFrom, i >= edge { sum = 0 }
                    c[i * ldc + j] = alpha * sum + (ignoreBeta ? 0 : beta * c[i * ldc + j])
                }
            }
        }
    }

    @Test("The check catches a kernel that ignores β, a transpose, the last term of k, or the edge rows")
    func catchesFaultyKernels() {
        var fault: KernelCheck.Fault?
        #expect(KernelCheck.check(Float.self, fault: &fault, Self.faultyGemm()) == nil, "the plain loop itself passes")
        #expect(KernelCheck.check(Double.self, fault: &fault, Self.faultyGemm()) == nil)
        let faulty: [(String, KernelCheck.Gemm<Float>)] = [
            ("β", Self.faultyGemm(ignoreBeta: true)),
            ("transpose", Self.faultyGemm(ignoreTransposeB: true)),
            ("k", Self.faultyGemm(dropLastK: true)),
            // Only the rows past a 96-row tile are wrong: only the largest product has them.
            ("edge", Self.faultyGemm(edgeRowsFrom: 96)),
        ]
        for (name, gemm) in faulty {
            #expect(KernelCheck.check(Float.self, fault: &fault, gemm) != nil, "\(name)")
        }
        #expect(KernelCheck.check(Double.self, fault: &fault, Self.faultyGemm(ignoreTransposeB: true)) != nil)
    }

    @Test("Each product is exact, so a correct kernel matches to the bit in any summation order")
    func exactEntries() {
        // Entries are multiples of ¼ in [−1, 1]; all 9 values occur.
        let values = Set((0..<1000).map { KernelCheck.entry($0, 1) })
        #expect(values == Set((-4...4).map { Double($0) / 4 }))
        // The largest |α·Σ a·b + β·c| bound is far below 2^24 / 64, where Float would round.
        let k = KernelCheck.sizes.map(\.k).max()!
        #expect(abs(KernelCheck.alpha) * Double(k) + abs(KernelCheck.beta) < Double(1 << 24) / 64)
    }

    @Test("Fallbacks: a set kernel family gives way to OpenBLAS's own choice, which gives way to Prescott, then none")
    func fallbackOrder() {
        let set = KernelSelection.fallback(from: ["OPENBLAS_CORETYPE": "Haswell", "MINIMAX_OPENBLAS_DETECTED": "Zen", "HOME": "/h"])
        #expect(set == ["HOME": "/h"])
        #expect(KernelSelection.fallback(from: ["OPENBLAS_CORETYPE": "prescott"]) == nil)
        if BLAS.coreName != "Prescott" {
            #expect(KernelSelection.fallback(from: [:]) == ["OPENBLAS_CORETYPE": "Prescott"])
        }
        let once = KernelSelection.rejecting("Haswell", because: "sgemm wrong", in: [:])
        let twice = KernelSelection.rejecting("Zen", because: "killed by signal 11 during the check", in: once)
        #expect(twice["MINIMAX_OPENBLAS_REJECTED"] == "Haswell (sgemm wrong); Zen (killed by signal 11 during the check)")
    }

    @Test("The test-only fault names a kernel family and what goes wrong")
    func injectedFault() {
        #expect(KernelSelection.injectedFault("Haswell:wrong,Zen:crash", core: "zen") == .crash)
        #expect(KernelSelection.injectedFault("Haswell:wrong", core: "Haswell") == .wrong)
        #expect(KernelSelection.injectedFault("Haswell:wrong", core: "Zen") == nil)
        #expect(KernelSelection.injectedFault(nil, core: "Zen") == nil)
        #expect(KernelSelection.injectedFault("Zen:melt", core: "Zen") == nil)
    }
}
