import CMalloc
import Foundation

/// Makes OpenBLAS use the fastest kernels this CPU supports.
///
/// OpenBLAS picks its kernels when the library loads, from the CPU model it knows. Debian's 0.3.21
/// predates some CPUs and falls back to slower kernels on them: SSE3 "Prescott" on Intel family 6
/// model 207 (~31 instead of ~130 GFLOP/s per core), AVX2 "Haswell" on AMD Zen 5 (~129 instead of
/// ~237 with AVX-512). Its choice can only be overridden by `OPENBLAS_CORETYPE` before it loads,
/// so when the CPU's features allow better kernels than OpenBLAS found, the program re-executes
/// itself once with that variable set. A value the user set is never touched.
public enum KernelSelection {
    static let variable = "OPENBLAS_CORETYPE"
    /// Set on the re-executed process: what OpenBLAS had detected on its own.
    static let detectedVariable = "MINIMAX_OPENBLAS_DETECTED"

    /// Call first in `main`: re-executes the program with faster kernels when it can (once),
    /// limits OpenBLAS to one thread unless `OPENBLAS_NUM_THREADS` is set, and keeps freed tensor
    /// memory in the process.
    public static func useFastestKernels() {
        let environment = ProcessInfo.processInfo.environment
        if environment["OPENBLAS_NUM_THREADS"] == nil {
            BLAS.setThreadCount(1)
        }
        // Every training step frees and reallocates the same tensor sizes. By default glibc maps
        // large blocks afresh and returns freed memory at once, so each step pays page faults;
        // keeping it measured +20% steps/s on the toy benchmark. Peak memory is unchanged.
        mallopt(M_MMAP_THRESHOLD, 64 << 20)
        mallopt(M_TRIM_THRESHOLD, 256 << 20)
        guard let best = coreToSelect(environment: environment, detected: BLAS.coreName, cpuFlags: cpuFlags()) else {
            return
        }
        setenv(variable, best, 1)
        setenv(detectedVariable, BLAS.coreName, 1)
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        execv("/proc/self/exe", arguments)
        // Only reached if exec failed: go on with the kernels OpenBLAS chose.
        unsetenv(variable)
        unsetenv(detectedVariable)
    }

    /// The active kernels and how they were chosen, for `--version` and benchmarks.
    public static var summary: String {
        let environment = ProcessInfo.processInfo.environment
        let core = BLAS.coreName
        let threads = BLAS.threadCount
        let how: String
        if let detected = environment[detectedVariable], environment[variable] != nil {
            how = "chosen by Minimax from the CPU's features; OpenBLAS alone picks \(detected)"
        } else if environment[variable] != nil {
            how = "set by \(variable)"
        } else {
            how = "detected by OpenBLAS"
        }
        return "OpenBLAS \(core) kernels (\(how)), \(threads) thread\(threads == 1 ? "" : "s")"
    }

    /// The kernels to switch to, or nil to keep OpenBLAS's choice: when the user chose none and
    /// the CPU's flags allow a wider kind than OpenBLAS detected.
    static func coreToSelect(environment: [String: String], detected: String, cpuFlags: Set<String>) -> String? {
        guard environment[variable] == nil, let best = bestCore(cpuFlags: cpuFlags), rank(best) > rank(detected) else {
            return nil
        }
        return best
    }

    /// The instruction-set flags the kernel reports for this CPU (those the OS also enables).
    static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return [] }
        return Set(line.split(separator: ":").last?.split(separator: " ").map(String.init) ?? [])
    }

    /// The best OpenBLAS x86-64 kernel family these flags support.
    static func bestCore(cpuFlags flags: Set<String>) -> String? {
        if flags.isSuperset(of: ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]) { return "SkylakeX" }
        if flags.isSuperset(of: ["avx2", "fma"]) { return "Haswell" }
        return nil
    }

    /// Kernel families by the widest vector instructions they use.
    static func rank(_ core: String) -> Int {
        switch core.lowercased() {
        case "skylakex", "cooperlake", "sapphirerapids": 3
        case "haswell", "zen": 2
        case "sandybridge", "bulldozer", "piledriver", "steamroller", "excavator": 1
        default: 0
        }
    }
}
