import Foundation

/// Running a helper program (gnuplot) with a time limit.
enum ChildProcess {
    /// How a child ended.
    struct Outcome: Equatable {
        /// The exit status, or 128 + the signal that ended it, as a shell reports it.
        var status: Int32
        var standardError: String
    }

    /// Runs `executable` in `directory`, collecting its standard error, and kills it if it runs
    /// longer than `timeLimit` seconds: a plot script that never ends (a `pause -1`, a huge
    /// sampling) must not hang the run. The child is registered with `Interrupts` while it runs,
    /// so an interrupt kills it too. Its standard input and output are empty.
    static func run(_ executable: URL, arguments: [String], in directory: URL, timeLimit: TimeInterval) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try Interrupts.shared.launch(process)
        } catch {
            throw RunnerError("could not start \(executable.path): \(error.localizedDescription)")
        }
        defer { Interrupts.shared.finished(process) }
        let standardError = PipeReader(errors.fileHandleForReading)

        let name = executable.lastPathComponent
        if exited.wait(timeout: .now() + timeLimit) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
            let on = arguments.isEmpty ? "" : " on \(arguments.joined(separator: " "))"
            throw RunnerError("\(name) took longer than \(formatNumber(timeLimit, significantDigits: 3)) s\(on) and was stopped")
        }
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return Outcome(status: status, standardError: standardError.text())
    }
}

/// Reads a pipe to its end on another thread. A child that writes more than a pipe holds
/// (64 KiB on Linux) blocks until someone reads; reading while we wait for it to exit keeps
/// both sides moving.
private final class PipeReader: @unchecked Sendable {
    // Written once on the reading thread before `done` is left; read only after waiting on it.
    private var data = Data()
    private let done = DispatchGroup()

    init(_ handle: FileHandle) {
        done.enter()
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.leave()
        }
    }

    /// Everything the pipe carried, once the writer has closed it.
    func text() -> String {
        done.wait()
        return String(decoding: data, as: UTF8.self)
    }
}
