import CMalloc
import Foundation

/// Makes OpenBLAS use the fastest kernels this CPU supports.
///
/// OpenBLAS picks its kernels when the library loads, from the CPU model it knows. Debian's 0.3.21
/// predates some CPUs and falls back to slower kernels on them: SSE3 "Prescott" on Intel family 6
/// model 207 (~31 instead of ~130 GFLOP/s per core), AVX2 "Haswell" on AMD Zen 5 (~129 instead of
/// ~237 with AVX-512). Its choice can only be overridden by `OPENBLAS_CORETYPE` before it loads,
/// so when the CPU's features allow better kernels than OpenBLAS found, the program re-executes
/// itself once with that variable set. A value the user set is never touched, unless its kernels
/// fail the start-up check.
///
/// Then the kernels in use check themselves (`KernelCheck`, about 2 ms of processor time): a wrong product, or a
/// crash during the check, re-executes the program with the next safer choice, and `summary`
/// (in `--version` and run.json) says which kernels were rejected and why. The order: kernels
/// chosen by Minimax or by `OPENBLAS_CORETYPE` → the kernels OpenBLAS detects on its own → the
/// SSE3 `Prescott` kernels every x86-64 CPU runs → a warning that nothing passed.
///
/// Not covered: a crash while OpenBLAS loads (before `main`), a kernel that fails only on shapes
/// or thread counts the check does not use, and a kernel that hangs.
public enum KernelSelection {
    static let variable = "OPENBLAS_CORETYPE"
    /// Set on the re-executed process: what OpenBLAS had detected on its own.
    static let detectedVariable = "MINIMAX_OPENBLAS_DETECTED"
    /// Set on a re-executed process: the kernels the start-up check rejected, and why.
    static let rejectedVariable = "MINIMAX_OPENBLAS_REJECTED"
    /// Tests only: `Core:wrong` or `Core:crash` (comma-separated) makes the check fail, by a wrong
    /// entry or by SIGSEGV, while the kernels in use are `Core`.
    static let faultVariable = "MINIMAX_TEST_KERNEL_FAULT"
    /// The kernel family every x86-64 CPU runs (SSE3): the last fallback.
    static let safeCore = "Prescott"

    /// What the start-up check found wrong with the kernels in use, when no safer choice was left.
    nonisolated(unsafe) static var unresolvedFailure: String?
    /// The processor time the start-up check took, in seconds (nil before it ran).
    nonisolated(unsafe) public private(set) static var checkSeconds: Double?

    /// Call first in `main`: re-executes the program with faster kernels when it can (once),
    /// checks the kernels in use (re-executing with safer ones if they fail), limits OpenBLAS to one
    /// thread unless `OPENBLAS_NUM_THREADS` is set, and keeps freed tensor memory in the process.
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
        if let best = coreToSelect(environment: environment, detected: BLAS.coreName, cpuFlags: cpuFlags()) {
            var selected = environment
            selected[variable] = best
            selected[detectedVariable] = BLAS.coreName
            execute(with: selected)
            // Only reached if exec failed: go on with the kernels OpenBLAS chose.
        }
        checkKernels(environment: environment)
    }

    /// Runs `KernelCheck` on the kernels in use; on a failure or a crash during it, re-executes the
    /// program with the next safer kernels (`fallback(from:)`).
    static func checkKernels(environment: [String: String]) {
        let core = BLAS.coreName
        let fault = injectedFault(environment[faultVariable], core: core)
        let next = fallback(from: environment)
        if let next {
            // A crash cannot be caught in-process, but the handler can still replace the process:
            // execve is async-signal-safe, and everything it needs is prepared here, beforehand.
            CrashFallback.prepare { signal in
                rejecting(core, because: "killed by signal \(signal) during the check", in: next)
            }
        }
        let start = processorTime()
        let failure = KernelCheck.run(fault: fault)
        checkSeconds = processorTime() - start
        if next != nil { CrashFallback.restore() }
        guard let failure else { return }
        if let next {
            execute(with: rejecting(core, because: failure, in: next))
        }
        unresolvedFailure = failure
        FileHandle.standardError.write(Data(
            "minimax: warning: OpenBLAS's \(core) kernels computed a wrong product at start (\(failure)), and no safer kernels are left to try; results may be wrong\n".utf8))
    }

    /// This process's processor time in seconds: unlike the wall clock, not inflated by other
    /// processes on a busy machine.
    static func processorTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// The environment of the next safer choice after the kernels of `environment` failed, or nil
    /// when none is left: a set `OPENBLAS_CORETYPE` gives way to OpenBLAS's own choice, which gives
    /// way to `Prescott`.
    static func fallback(from environment: [String: String]) -> [String: String]? {
        var next = environment
        if let set = environment[variable] {
            guard set.lowercased() != safeCore.lowercased() else { return nil }
            next[variable] = nil
        } else {
            guard BLAS.coreName.lowercased() != safeCore.lowercased() else { return nil }
            next[variable] = safeCore
        }
        next[detectedVariable] = nil
        return next
    }

    /// `environment` with `core` and `reason` added to the rejected kernels.
    static func rejecting(_ core: String, because reason: String, in environment: [String: String]) -> [String: String] {
        var environment = environment
        let entry = "\(core) (\(reason))"
        environment[rejectedVariable] = environment[rejectedVariable].map { "\($0); \(entry)" } ?? entry
        return environment
    }

    /// The test-only fault for `core`, from `MINIMAX_TEST_KERNEL_FAULT`.
    static func injectedFault(_ value: String?, core: String) -> KernelCheck.Fault? {
        for item in (value ?? "").split(separator: ",") {
            let parts = item.split(separator: ":")
            if parts.count == 2, parts[0].lowercased() == core.lowercased() { return KernelCheck.Fault(rawValue: String(parts[1])) }
        }
        return nil
    }

    /// Replaces this process by the same program with `environment`; returns only if exec failed.
    static func execute(with environment: [String: String]) {
        let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
        let pairs = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        execve("/proc/self/exe", arguments, pairs)
    }

    /// The active kernels and how they were chosen, for `--version` and benchmarks.
    public static var summary: String {
        let environment = ProcessInfo.processInfo.environment
        let core = BLAS.coreName
        let threads = BLAS.threadCount
        let how: String
        if let detected = environment[detectedVariable], environment[variable] != nil {
            how = "chosen by Minimax from the CPU's features; OpenBLAS alone picks \(detected)"
        } else if environment[variable] != nil, environment[rejectedVariable] == nil {
            how = "set by \(variable)"
        } else if environment[variable] != nil {
            how = "the safe fallback"
        } else {
            how = "detected by OpenBLAS"
        }
        var text = "OpenBLAS \(core) kernels (\(how)), \(threads) thread\(threads == 1 ? "" : "s")"
        if let rejected = environment[rejectedVariable] {
            text += "; the start-up check rejected \(rejected)"
        }
        if let failure = unresolvedFailure {
            text += "; they FAILED the start-up check too (\(failure)): results may be wrong"
        }
        return text
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

/// A handler for the signals a faulty kernel raises (SIGSEGV, SIGILL, SIGBUS, SIGFPE) that
/// re-executes the program with safer kernels, installed only while the check runs.
///
/// Everything the handler touches is allocated before it is installed: it reads two pointers and
/// calls execve, which POSIX lists as async-signal-safe. SA_NODEFER keeps the signal unblocked,
/// since a blocked signal mask would survive the exec.
enum CrashFallback {
    static let signals = [SIGSEGV, SIGILL, SIGBUS, SIGFPE]
    /// argv at 0, then for signal s the environment to execute with at s.
    nonisolated(unsafe) static let slots = UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>
        .allocate(capacity: 65)
    nonisolated(unsafe) static let path = strdup("/proc/self/exe")!
    nonisolated(unsafe) static let previous = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

    static func prepare(environment: (Int32) -> [String: String]) {
        _ = path
        slots.initialize(repeating: nil, count: 65)
        slots[0] = cArray(CommandLine.arguments)
        for signal in signals {
            slots[Int(signal)] = cArray(environment(signal).map { "\($0.key)=\($0.value)" })
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signal in
                if let environment = CrashFallback.slots[Int(signal)], let arguments = CrashFallback.slots[0] {
                    execve(CrashFallback.path, arguments, environment)
                }
                _exit(128 + signal)
            }
            action.sa_flags = Int32(SA_NODEFER)
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, previous + Int(signal))
        }
    }

    static func restore() {
        for signal in signals { sigaction(signal, previous + Int(signal), nil) }
    }

    /// A NULL-terminated array of C strings, never freed.
    static func cArray(_ strings: [String]) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { array[index] = strdup(string) }
        array[strings.count] = nil
        return array
    }
}
