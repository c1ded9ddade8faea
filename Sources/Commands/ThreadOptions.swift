import ArgumentParser
import Foundation
import MinimaxEngine

/// How many cores training uses: every command that trains takes `--threads`.
struct ThreadOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Threads for the large matrix products. Default: every core (\(ProcessInfo.processInfo.activeProcessorCount) here), or OPENBLAS_NUM_THREADS when set. The same seed and thread count give the same bytes on one machine.",
            valueName: "n"))
    var threads: Int?

    func validate() throws {
        if let threads, !(1...256).contains(threads) { throw ValidationError("--threads takes a number from 1 to 256") }
    }

    /// The thread count to use: --threads, else OPENBLAS_NUM_THREADS's (already applied at
    /// start), else `defaultCount`.
    func count(default defaultCount: Int = ProcessInfo.processInfo.activeProcessorCount) -> Int {
        if let threads { return threads }
        if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] != nil { return BLAS.threadCount }
        return defaultCount
    }

    /// Sets the engine's thread count for this process.
    func apply(default defaultCount: Int = ProcessInfo.processInfo.activeProcessorCount) {
        BLAS.setThreadCount(count(default: defaultCount))
    }
}
