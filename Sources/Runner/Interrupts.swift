import Foundation
import Synchronization

/// What an interrupted run must undo before it exits: the staging folders it is writing and the
/// child processes it is running.
///
/// The children matter because Foundation starts each child in its own process group, so the
/// Ctrl-C a terminal sends to our group never reaches them, and they inherit our ignoring of
/// SIGINT. Without this, gnuplot would keep drawing into a folder that no longer exists.
public final class Interrupts: Sendable {
    /// The registry the signal handlers clean up; the runner registers here.
    static let shared = Interrupts()

    private struct Pending {
        var folders: Set<URL> = []
        var children: [pid_t: Process] = [:]
        var signalSources: [any DispatchSourceSignal] = []
    }

    private let pending = Mutex(Pending())

    /// Installs handlers for SIGINT, SIGTERM and SIGHUP that kill the registered children, remove
    /// the registered folders and exit with status 128 + the signal, as a shell reports it. The
    /// command line calls it once at startup; library code and tests must not, since it changes
    /// how the whole process reacts to those signals. Calling it again does nothing.
    ///
    /// The signals are ignored and watched with dispatch sources, so the cleanup runs on an
    /// ordinary thread, where removing folders and taking locks is allowed (not so in a C signal
    /// handler).
    public static func installHandlers() {
        shared.pending.withLock { pending in
            guard pending.signalSources.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { shared.stop(after: signalNumber) }
                source.resume()
                pending.signalSources.append(source)
            }
        }
    }

    /// Registers a folder that an interrupt should remove.
    func removeOnInterrupt(_ folder: URL) {
        pending.withLock { _ = $0.folders.insert(folder.standardizedFileURL) }
    }

    /// Forgets a folder registered with `removeOnInterrupt`.
    func keepOnInterrupt(_ folder: URL) {
        pending.withLock { _ = $0.folders.remove(folder.standardizedFileURL) }
    }

    /// Starts `process` and registers it, in one step with respect to an interrupt: a child is
    /// either killed by the handler or never started. Call `finished` once it has exited.
    func launch(_ process: Process) throws {
        try pending.withLock { pending in
            try process.run()
            pending.children[process.processIdentifier] = process
        }
    }

    /// Forgets a child registered with `launch`.
    func finished(_ process: Process) {
        pending.withLock { _ = $0.children.removeValue(forKey: process.processIdentifier) }
    }

    /// Kills the registered children and removes the registered folders, then forgets them.
    func cleanUp() {
        pending.withLock { Self.cleanUp(&$0) }
    }

    private static func cleanUp(_ pending: inout Pending) {
        for (pid, process) in pending.children where process.isRunning { kill(pid, SIGKILL) }
        for folder in pending.folders { try? FileManager.default.removeItem(at: folder) }
        pending.children = [:]
        pending.folders = []
    }

    /// Cleans up and exits, holding the registry so no child can start and no folder can be
    /// registered in between.
    private func stop(after signalNumber: Int32) {
        pending.withLock { pending in
            Self.cleanUp(&pending)
            exit(128 + signalNumber)
        }
    }
}
