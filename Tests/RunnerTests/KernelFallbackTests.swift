import Foundation
import Testing

/// The start-up kernel check through the real binary: a failing check (a wrong product or a crash,
/// injected with the test-only MINIMAX_TEST_KERNEL_FAULT) re-executes minimax with safer kernels,
/// and `--version` says which were rejected and why.
@Suite("BLAS kernel fallback", .serialized)
struct KernelFallbackTests {
    /// This process's environment without kernel settings, plus `variables`.
    static func environment(_ variables: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["OPENBLAS_CORETYPE", "MINIMAX_OPENBLAS_DETECTED", "MINIMAX_OPENBLAS_REJECTED", "MINIMAX_TEST_KERNEL_FAULT"] {
            environment[name] = nil
        }
        environment.merge(variables) { $1 }
        return environment
    }

    /// `minimax --version` with `variables` added to this process's environment.
    static func version(_ variables: [String: String]) throws -> CLI.Outcome {
        try CLI.launch(CLI.binary, ["--version"], in: CLI.repository, environment: environment(variables))
    }

    /// The kernel family named in a `--version` output ("OpenBLAS Zen kernels (…").
    static func core(in output: String) -> String? {
        guard let range = output.range(of: #"OpenBLAS (\w+) kernels"#, options: .regularExpression) else { return nil }
        return String(output[range].split(separator: " ")[1])
    }

    @Test("Kernels that pass are not re-executed and nothing is reported rejected")
    func passing() throws {
        let outcome = try Self.version(["OPENBLAS_CORETYPE": "Haswell"])
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("OpenBLAS Haswell kernels (set by OPENBLAS_CORETYPE), 1 thread\n"), "\(outcome.output)")
        #expect(!outcome.output.contains("rejected"))
    }

    @Test("A wrong product: minimax falls back to OpenBLAS's own choice and says so")
    func wrongProduct() throws {
        let detected = try #require(Self.core(in: try Self.version([:]).output))
        try #require(detected != "Haswell", "this machine's own kernels are the ones the test rejects")
        let outcome = try Self.version(["OPENBLAS_CORETYPE": "Haswell", "MINIMAX_TEST_KERNEL_FAULT": "Haswell:wrong"])
        #expect(outcome.status == 0)
        #expect(Self.core(in: outcome.output) == detected)
        #expect(outcome.output.contains(
            "OpenBLAS \(detected) kernels (detected by OpenBLAS), 1 thread; the start-up check rejected Haswell (sgemm 1×1×1: C[0, 0] = "),
            "\(outcome.output)")
        #expect(outcome.errors.isEmpty)
    }

    @Test("A crash during the check: the signal handler re-executes with the next kernels, down to Prescott")
    func crash() throws {
        let detected = try #require(Self.core(in: try Self.version([:]).output))
        try #require(detected != "Prescott" && detected != "Haswell")
        let outcome = try Self.version([
            "OPENBLAS_CORETYPE": "Haswell", "MINIMAX_TEST_KERNEL_FAULT": "Haswell:crash,\(detected):wrong",
        ])
        #expect(outcome.status == 0)
        #expect(outcome.output.contains(
            "OpenBLAS Prescott kernels (the safe fallback), 1 thread; the start-up check rejected "
                + "Haswell (killed by signal \(SIGSEGV) during the check); \(detected) (sgemm 1×1×1"),
            "\(outcome.output)")
    }

    @Test("When every family fails, minimax warns on stderr and in the summary, and goes on")
    func nothingPasses() throws {
        let detected = try #require(Self.core(in: try Self.version([:]).output))
        try #require(detected != "Prescott")
        let outcome = try Self.version(["MINIMAX_TEST_KERNEL_FAULT": "\(detected):wrong,Prescott:wrong"])
        #expect(outcome.status == 0)
        #expect(outcome.output.contains(
            "OpenBLAS Prescott kernels (the safe fallback), 1 thread; the start-up check rejected \(detected) (sgemm 1×1×1: "),
            "\(outcome.output)")
        #expect(outcome.output.contains("; they FAILED the start-up check too (sgemm 1×1×1: "))
        #expect(outcome.errors.hasPrefix("minimax: warning: OpenBLAS's Prescott kernels computed a wrong product at start"))
    }

    @Test("A lesson run after a fallback names the rejected kernels in its run.json")
    func runJSON() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.writeCourseLesson("first")
        let outcome = try CLI.launch(
            CLI.binary, ["run", "first"], in: cli.space.root,
            environment: Self.environment(["OPENBLAS_CORETYPE": "Haswell", "MINIMAX_TEST_KERNEL_FAULT": "Haswell:wrong"]))
        #expect(outcome.status == 0, "\(outcome.errors)")
        let runJSON = try cli.space.read("first/run.json")
        #expect(runJSON.contains("the start-up check rejected Haswell (sgemm 1"), "\(runJSON.prefix(2000))")
    }
}
