import CFileSystem
import Dispatch
import Foundation
import Synchronization

/// Replacing a lesson's output folder so that a reader, a second run or an interrupt never finds
/// it missing or half written.
///
/// A report is written to `<parent>/.staging-<name>-<pid>` beside the folder and swapped in with
/// one atomic exchange. Leftovers of runs that were killed carry their process id, so a later
/// run can tell them from the work of a run that is still going.
enum OutputFolder {
    /// Writes `folder` in one step: waits for any other run writing it (calling `waiting` first),
    /// clears what killed runs left beside it, lets `fill` write a staging folder, and swaps that
    /// in. If `fill` throws, or the run is interrupted, the previous folder stays as it was.
    static func write(_ folder: URL, waiting: () -> Void, _ fill: (_ staging: URL) throws -> Void) throws {
        let lock = try OutputLock.acquire(folder, waiting: waiting)
        defer { lock.release() }
        sweepAbandoned(beside: folder)
        let staging = stagingFolder(for: folder)
        let manager = FileManager.default
        Interrupts.shared.removeOnInterrupt(staging)
        defer {
            try? manager.removeItem(at: staging)
            Interrupts.shared.keepOnInterrupt(staging)
        }
        try? manager.removeItem(at: staging)  // left by an earlier write in this process that could not remove it
        do {
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw RunnerError("could not create \(staging.path) to write the report in: \(error.localizedDescription). Check that you can write to \(folder.deletingLastPathComponent().path).")
        }
        try fill(staging)
        try replace(folder, with: staging)
    }

    /// What a report holds, by subfolder: the files a run writes, by their endings.
    static let reportContents: [String: Set<String>] = [
        "": ["README.md", "results.json", "run.json"], "data": ["tsv", "npy"], "figures": ["png", "gif"], "plots": ["gp"],
    ]

    /// Refuses to replace a folder that is not a Minimax report: one that holds anything a run
    /// does not write, or no `results.json`. Replacing deletes the folder, so a user's files put
    /// there (or an `--output` that names the wrong folder) would be lost. A missing or empty
    /// folder is fine.
    static func checkReplaceable(_ folder: URL) throws {
        let manager = FileManager.default
        let shown = folder.path
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: folder.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw RunnerError("\(shown) is a file, not a report; move it away or give --output another folder")
        }
        let top = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
        guard !top.isEmpty else { return }
        var foreign: [String] = []
        for entry in top.sorted() {
            let url = folder.appendingPathComponent(entry)
            if reportContents[""]!.contains(entry), !isFolder(url) { continue }
            guard let endings = reportContents[entry], isFolder(url) else {
                foreign.append(isFolder(url) ? entry + "/" : entry)
                continue
            }
            for name in ((try? manager.contentsOfDirectory(atPath: url.path)) ?? []).sorted() {
                let file = url.appendingPathComponent(name)
                if isFolder(file) || !endings.contains(file.pathExtension) || name.hasPrefix(".") {
                    foreign.append("\(entry)/\(name)" + (isFolder(file) ? "/" : ""))
                }
            }
        }
        if !foreign.isEmpty {
            throw RunnerError(
                "\(shown) holds files a Minimax run does not write (\(foreign.prefix(3).joined(separator: ", "))\(foreign.count > 3 ? ", …" : "")), "
                    + "and a run replaces the whole folder; move them elsewhere, or give --output another folder")
        }
        guard case .object(let fields) = OutputCheck.readJSON(folder.appendingPathComponent("results.json")) ?? .null,
            fields.keys.contains("lesson")
        else {
            throw RunnerError(
                "\(shown) has no results.json of a Minimax run, so it may not be a report, and a run replaces the whole folder; "
                    + "delete it yourself if it is one, or give --output another folder")
        }
    }

    /// Whether `url` is a folder, not following a final symbolic link.
    private static func isFolder(_ url: URL) -> Bool {
        (try? url.resourceValues(forKeys: [.isDirectoryKey, .isSymbolicLinkKey])).map { $0.isDirectory == true && $0.isSymbolicLink != true } ?? false
    }

    /// Where this process writes the next version of `folder`: a hidden sibling, so that the
    /// final rename stays on one filesystem, named with our process id so that runs never share
    /// one and a later run can tell an abandoned one (see `sweepAbandoned`).
    static func stagingFolder(for folder: URL) -> URL {
        sibling(of: folder, prefix: ".staging-")
    }

    /// Where the two-rename fallback of `replace` parks the previous folder for a moment.
    static func oldFolder(for folder: URL) -> URL {
        sibling(of: folder, prefix: ".old-")
    }

    private static func sibling(of folder: URL, prefix: String) -> URL {
        folder.deletingLastPathComponent()
            .appendingPathComponent("\(prefix)\(folder.lastPathComponent)-\(ProcessInfo.processInfo.processIdentifier)")
    }

    /// Puts `staging` in the place of `folder` and removes the previous folder.
    ///
    /// When `folder` exists the two are exchanged with `renameat2(RENAME_EXCHANGE)`: at every
    /// instant `folder` is either the whole old report or the whole new one, even if the process
    /// is killed. `staging` then holds the old report and is removed. When `folder` does not
    /// exist, a plain rename. Where the kernel or filesystem cannot exchange, two renames (see
    /// `replaceByRenaming`).
    static func replace(_ folder: URL, with staging: URL) throws {
        if minimax_rename_exchange(staging.path, folder.path) == 0 {
            try? FileManager.default.removeItem(at: staging)
            return
        }
        switch errno {
        case ENOSYS, EINVAL, EOPNOTSUPP:
            try replaceByRenaming(folder, with: staging)
        case ENOENT where !FileManager.default.fileExists(atPath: folder.path):
            guard rename(staging.path, folder.path) == 0 else {
                throw RunnerError(
                    "could not move the new report into \(folder.path): \(systemError(errno)). "
                        + "Check that you can write to \(folder.deletingLastPathComponent().path) and run again.")
            }
        case let code:
            throw replaceFailed(folder, code)
        }
    }

    private static func replaceFailed(_ folder: URL, _ code: Int32) -> RunnerError {
        RunnerError(
            "could not replace \(folder.path) with the new report: \(systemError(code)). "
                + "The previous report is unchanged; check that you can write to \(folder.deletingLastPathComponent().path) and run again.")
    }

    /// The fallback where no atomic exchange exists: moves `folder` aside, moves `staging` in,
    /// and moves the old folder back if the second step fails. A kill between the two renames
    /// leaves the old report in `.old-<name>-<pid>`, which `sweepAbandoned` puts back.
    static func replaceByRenaming(_ folder: URL, with staging: URL) throws {
        let manager = FileManager.default
        let old = oldFolder(for: folder)
        try? manager.removeItem(at: old)
        guard rename(folder.path, old.path) == 0 else {
            throw RunnerError(
                "could not move the previous report \(folder.path) aside: \(systemError(errno)). "
                    + "It is unchanged; check that you can write to \(folder.deletingLastPathComponent().path) and run again.")
        }
        guard rename(staging.path, folder.path) == 0 else {
            let reason = systemError(errno)
            let restored = rename(old.path, folder.path) == 0
            throw RunnerError(
                "could not move the new report into \(folder.path): \(reason). "
                    + (restored ? "The previous report is back in place." : "The previous report is in \(old.path); rename it back to \(folder.lastPathComponent)."))
        }
        try? manager.removeItem(at: old)
    }

    /// Clears, beside `folder`, the staging and old folders of processes that no longer exist: a
    /// run killed while writing (or one whose interrupt handler could not finish) leaves them,
    /// and no one else ever would. Folders of live processes, ours included, are never touched.
    /// Best effort: what cannot be removed now is tried again by the next run.
    ///
    /// A `.old-<name>-<pid>` whose `<name>` is missing is the last good report of a run killed
    /// between the fallback's two renames: it is renamed back if it is `folder`'s, and otherwise
    /// left for that lesson's next run, since only the holder of a folder's lock may put a report
    /// in its place. Run it holding `folder`'s `OutputLock`. A process id reused by an unrelated
    /// process only delays the sweep until that process ends.
    static func sweepAbandoned(beside folder: URL) {
        let manager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        for entry in (try? manager.contentsOfDirectory(atPath: parent.path)) ?? [] {
            guard let found = abandonedFolder(entry), !isRunning(found.pid) else { continue }
            let url = parent.appendingPathComponent(entry)
            let report = parent.appendingPathComponent(found.name)
            if found.prefix == ".old-", !manager.fileExists(atPath: report.path) {
                if found.name == folder.lastPathComponent { _ = rename(url.path, report.path) }
                continue
            }
            try? manager.removeItem(at: url)
        }
    }

    /// Splits `.staging-<name>-<pid>` or `.old-<name>-<pid>` into its parts; nil for any other name.
    static func abandonedFolder(_ entry: String) -> (prefix: String, name: String, pid: pid_t)? {
        guard let prefix = [".staging-", ".old-"].first(where: { entry.hasPrefix($0) }) else { return nil }
        let rest = entry.dropFirst(prefix.count)
        guard let dash = rest.lastIndex(of: "-") else { return nil }
        let name = rest[..<dash]
        let digits = rest[rest.index(after: dash)...]
        guard !name.isEmpty, !digits.isEmpty, digits.allSatisfy({ ("0"..."9").contains($0) }), let pid = pid_t(digits), pid > 0
        else { return nil }
        return (prefix, String(name), pid)
    }

    /// Whether a process with this id exists; `kill` with signal 0 only checks. EPERM means it
    /// exists but belongs to someone else.
    static func isRunning(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno != ESRCH
    }
}

/// An exclusive lock on one output folder, so that two runs writing the same lesson take turns
/// instead of interleaving their staging, swap and sweep.
///
/// It is `flock` on `<parent>/.<name>.lock`: the kernel releases it when the process ends, however
/// it ends, so a killed run never leaves a folder locked. The lock file itself stays; it is empty
/// and reused by every run. Two locks taken in one process on the same folder also exclude each
/// other (each has its own open file).
final class OutputLock {
    let folder: URL
    private var descriptor: Int32

    private init(folder: URL, descriptor: Int32) {
        self.folder = folder
        self.descriptor = descriptor
    }

    /// The file locked for `folder`.
    static func lockFile(for folder: URL) -> URL {
        folder.deletingLastPathComponent().appendingPathComponent(".\(folder.lastPathComponent).lock")
    }

    /// Takes the lock on `folder`, creating its parent and lock file if needed. If another run
    /// holds it, calls `waiting` (to tell the user why nothing happens) and blocks until it is free.
    static func acquire(_ folder: URL, waiting: () -> Void) throws -> OutputLock {
        let file = lockFile(for: folder)
        let parent = folder.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw RunnerError("could not create \(parent.path) for the report: \(error.localizedDescription)")
        }
        // Close-on-exec, so that gnuplot does not inherit the lock and hold it after we end.
        let descriptor = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw RunnerError("could not open \(file.path) to lock \(folder.path): \(systemError(errno)). Check that you can write to \(parent.path).")
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            var code = errno
            if code == EWOULDBLOCK {
                waiting()
                repeat { code = flock(descriptor, LOCK_EX) == 0 ? 0 : errno } while code == EINTR
            }
            if code != 0 {
                close(descriptor)
                throw RunnerError("could not lock \(file.path): \(systemError(code))")
            }
        }
        return OutputLock(folder: folder, descriptor: descriptor)
    }

    /// Lets the next run in. Releasing twice does nothing.
    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}

/// The system's words for an errno value ("No space left on device").
func systemError(_ code: Int32) -> String {
    String(cString: strerror(code))
}
