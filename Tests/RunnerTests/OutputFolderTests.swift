import Foundation
import Synchronization
import Testing

@testable import MinimaxRunner

/// A fresh folder under the temporary directory, removed by `remove()`.
private struct Scratch {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Writes `text` to `path`, creating its folders.
    func write(_ path: String, _ text: String) throws {
        let file = url(path)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: file)
    }

    func read(_ path: String) -> String? {
        try? String(contentsOf: url(path), encoding: .utf8)
    }

    /// The names in the scratch folder, hidden ones included.
    func entries() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.path).sorted()
    }
}

/// The id of a process that has exited and been reaped, so no process has it (until reused).
private func deadProcessID() throws -> pid_t {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/true")
    try process.run()
    process.waitUntilExit()
    return process.processIdentifier
}

private let ourID = ProcessInfo.processInfo.processIdentifier

/// A value a test shares with a thread it starts.
private final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    var value: Value { mutex.withLock { $0 } }

    func update(_ change: (inout Value) -> Void) { mutex.withLock { change(&$0) } }
}

@Suite("Replacing an output folder")
struct OutputFolderTests {
    @Test("Replacing swaps in the new contents and leaves no staging or old folder")
    func replaceSwaps() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = scratch.url("lesson")
        try scratch.write("lesson/README.md", "old")
        try scratch.write("lesson/figures/old.png", "old figure")
        let staging = OutputFolder.stagingFolder(for: folder)
        #expect(staging.lastPathComponent == ".staging-lesson-\(ourID)")
        try scratch.write(".staging-lesson-\(ourID)/README.md", "new")

        try OutputFolder.replace(folder, with: staging)
        #expect(scratch.read("lesson/README.md") == "new")
        #expect(scratch.read("lesson/figures/old.png") == nil)
        #expect(try scratch.entries() == ["lesson"])
    }

    @Test("Replacing a folder that does not exist yet renames the staging folder")
    func replaceMissing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = scratch.url("lesson")
        try scratch.write(".staging-lesson-\(ourID)/README.md", "first")
        try OutputFolder.replace(folder, with: OutputFolder.stagingFolder(for: folder))
        #expect(scratch.read("lesson/README.md") == "first")
        #expect(try scratch.entries() == ["lesson"])
    }

    @Test("A missing staging folder is an error that says the previous report is unchanged")
    func replaceWithoutStaging() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = scratch.url("lesson")
        try scratch.write("lesson/README.md", "old")
        #expect(throws: RunnerError(
            "could not replace \(folder.path) with the new report: No such file or directory. "
                + "The previous report is unchanged; check that you can write to \(scratch.root.path) and run again.")
        ) {
            try OutputFolder.replace(folder, with: OutputFolder.stagingFolder(for: folder))
        }
        #expect(scratch.read("lesson/README.md") == "old")
    }

    @Test("The two-rename fallback swaps contents, and puts the old folder back when the second rename fails")
    func replaceByRenaming() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = scratch.url("lesson")
        let staging = OutputFolder.stagingFolder(for: folder)
        try scratch.write("lesson/README.md", "old")
        try scratch.write(".staging-lesson-\(ourID)/README.md", "new")
        try OutputFolder.replaceByRenaming(folder, with: staging)
        #expect(scratch.read("lesson/README.md") == "new")
        #expect(try scratch.entries() == ["lesson"])

        #expect(throws: RunnerError(
            "could not move the new report into \(folder.path): No such file or directory. The previous report is back in place.")
        ) {
            try OutputFolder.replaceByRenaming(folder, with: staging)
        }
        #expect(scratch.read("lesson/README.md") == "new")
        #expect(try scratch.entries() == ["lesson"])
    }

    @Test("While a folder is replaced over and over, its README.md never goes missing")
    func readersNeverSeeAGap() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = scratch.url("lesson")
        let readme = folder.appendingPathComponent("README.md").path
        try scratch.write("lesson/README.md", "version 0")
        let finished = Shared(false)
        let looks = Shared((all: 0, missed: 0))
        let done = DispatchSemaphore(value: 0)
        // A thread of its own: the shared pools may be busy with other tests and start a queued
        // reader only after the writer has finished, which would prove nothing.
        let reader = Thread {
            while !finished.value {
                let missing = access(readme, F_OK) != 0
                looks.update { $0.all += 1; $0.missed += missing ? 1 : 0 }
            }
            done.signal()
        }
        reader.start()
        var version = 0
        // At least 200 replacements, and until the reader has looked often while they happen.
        while version < 200 || (looks.value.all < 1000 && version < 100_000) {
            version += 1
            try scratch.write(".staging-lesson-\(ourID)/README.md", "version \(version)")
            try OutputFolder.replace(folder, with: OutputFolder.stagingFolder(for: folder))
        }
        finished.update { $0 = true }
        done.wait()
        #expect(looks.value.all >= 1000)
        #expect(looks.value.missed == 0)
        #expect(scratch.read("lesson/README.md") == "version \(version)")
        #expect(try scratch.entries() == ["lesson"])
    }

    @Test("write stages, swaps and cleans up; a failing fill leaves the previous folder as it was")
    func write() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = scratch.url("Output/lesson")
        try OutputFolder.write(folder, waiting: { Issue.record("nobody holds the lock") }) { staging in
            try Data("new".utf8).write(to: staging.appendingPathComponent("README.md"))
        }
        #expect(scratch.read("Output/lesson/README.md") == "new")

        struct Broken: Error {}
        #expect(throws: Broken.self) {
            try OutputFolder.write(folder, waiting: {}) { staging in
                try Data("half".utf8).write(to: staging.appendingPathComponent("README.md"))
                throw Broken()
            }
        }
        #expect(scratch.read("Output/lesson/README.md") == "new")
        let entries = try FileManager.default.contentsOfDirectory(atPath: scratch.url("Output").path).sorted()
        #expect(entries == [".lesson.lock", "lesson"])
    }

    @Test("The sweep removes what dead runs left, restores its own folder's stranded old report, and keeps live runs' folders")
    func sweep() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let dead = try deadProcessID()
        for folder in [
            ".staging-a-\(dead)", ".old-b-\(dead)", "b", ".old-c-\(dead)", ".old-g-\(dead)",  // the dead run's
            ".staging-a-\(ourID)", ".old-d-\(ourID)",  // ours: we are alive
            ".staging-e", ".staging-x-y", ".old--\(dead)", ".staging-f-+\(dead)", ".a.lock",  // not the runner's names
        ] {
            try scratch.write("\(folder)/README.md", folder)
        }
        OutputFolder.sweepAbandoned(beside: scratch.url("c"))
        #expect(try scratch.entries() == [
            ".a.lock", ".old--\(dead)", ".old-d-\(ourID)", ".old-g-\(dead)", ".staging-a-\(ourID)", ".staging-e", ".staging-f-+\(dead)", ".staging-x-y", "b", "c",
        ])
        #expect(scratch.read("b/README.md") == "b")
        #expect(scratch.read("c/README.md") == ".old-c-\(dead)")
    }

    @Test("Leftover names split into prefix, lesson and process id")
    func leftoverNames() {
        #expect(OutputFolder.abandonedFolder(".staging-gan-basics-42")! == (".staging-", "gan-basics", 42))
        #expect(OutputFolder.abandonedFolder(".old-x-7")! == (".old-", "x", 7))
        for name in [".staging-x-", ".staging--5", ".staging-x-0", "x-5", ".old-x-99999999999", ".staging-x-５"] {
            #expect(OutputFolder.abandonedFolder(name) == nil, "\(name)")
        }
    }
}

@Suite("Locking an output folder")
struct OutputLockTests {
    @Test("A second run waits, after saying so, until the first releases the lock")
    func secondWaits() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = scratch.url("Output/lesson")
        let first = try OutputLock.acquire(folder, waiting: { Issue.record("the first run should not wait") })
        #expect(FileManager.default.fileExists(atPath: scratch.url("Output/.lesson.lock").path))

        let waiting = DispatchSemaphore(value: 0)
        let released = Shared(false)
        let sawRelease = Shared(false)
        let second = DispatchGroup()
        DispatchQueue.global().async(group: second) {
            do {
                let lock = try OutputLock.acquire(folder, waiting: { waiting.signal() })
                sawRelease.update { $0 = released.value }
                lock.release()
            } catch {
                Issue.record("\(error)")
                waiting.signal()
            }
        }
        #expect(waiting.wait(timeout: .now() + 10) == .success, "the second run never called waiting")
        Thread.sleep(forTimeInterval: 0.2)
        released.update { $0 = true }
        first.release()
        #expect(second.wait(timeout: .now() + 10) == .success, "the second run never got the lock")
        #expect(sawRelease.value)
    }

    @Test("Locks on different folders do not wait for each other")
    func independentFolders() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let a = try OutputLock.acquire(scratch.url("Output/a"), waiting: { Issue.record("a waited") })
        let b = try OutputLock.acquire(scratch.url("Output/b"), waiting: { Issue.record("b waited") })
        let other = try OutputLock.acquire(scratch.url("Elsewhere/a"), waiting: { Issue.record("Elsewhere/a waited") })
        for lock in [a, b, other] { lock.release() }
    }

    @Test("A released or deinitialized lock can be taken again at once")
    func releaseAndDeinit() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let folder = scratch.url("lesson")
        let lock = try OutputLock.acquire(folder, waiting: {})
        lock.release()
        lock.release()
        do { _ = try OutputLock.acquire(folder, waiting: {}) }
        let again = try OutputLock.acquire(folder, waiting: { Issue.record("the lock was not released") })
        again.release()
    }
}

@Suite("Children and interrupts")
struct ChildProcessTests {
    @Test("A child that outlives its time limit is killed and named in the error")
    func timeLimit() throws {
        let start = Date()
        #expect(throws: RunnerError("sleep took longer than 0.5 s on 30 and was stopped")) {
            _ = try ChildProcess.run(URL(fileURLWithPath: "/bin/sleep"), arguments: ["30"], in: URL(fileURLWithPath: "/"), timeLimit: 0.5)
        }
        let seconds = Date().timeIntervalSince(start)
        #expect(seconds >= 0.5 && seconds < 5)
    }

    @Test("A child that writes 1 MB to standard error finishes, and all of it is collected")
    func largeStandardError() throws {
        let outcome = try ChildProcess.run(
            URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "head -c 1048576 /dev/zero | tr '\\0' x >&2"],
            in: URL(fileURLWithPath: "/"), timeLimit: 30)
        #expect(outcome.status == 0)
        #expect(outcome.standardError.utf8.count == 1_048_576)
        #expect(outcome.standardError.allSatisfy { $0 == "x" })
    }

    @Test("The exit status, the working folder and standard error come back")
    func statusAndFolder() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let outcome = try ChildProcess.run(
            URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "pwd >&2; exit 3"], in: scratch.root, timeLimit: 30)
        #expect(outcome == ChildProcess.Outcome(status: 3, standardError: scratch.root.resolvingSymlinksInPath().path + "\n"))
        let killed = try ChildProcess.run(URL(fileURLWithPath: "/bin/sh"), arguments: ["-c", "kill -9 $$"], in: scratch.root, timeLimit: 30)
        #expect(killed.status == 128 + SIGKILL)
    }

    @Test("A program that cannot start is an error naming it")
    func missingProgram() throws {
        #expect(throws: RunnerError.self) {
            _ = try ChildProcess.run(URL(fileURLWithPath: "/nonexistent/gnuplot"), arguments: [], in: URL(fileURLWithPath: "/"), timeLimit: 1)
        }
    }

    /// The cleanup the signal handlers run, on a registry of its own (the shared one may hold
    /// other tests' children).
    @Test("Cleaning up kills registered children and removes registered folders, and only those")
    func cleanUp() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.write("staging/README.md", "half written")
        try scratch.write("kept/README.md", "forgotten")
        try scratch.write("other/README.md", "never registered")
        let interrupts = Interrupts()
        interrupts.removeOnInterrupt(scratch.url("staging"))
        interrupts.removeOnInterrupt(scratch.url("kept"))
        interrupts.keepOnInterrupt(scratch.url("kept"))
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try interrupts.launch(child)

        let start = Date()
        interrupts.cleanUp()
        child.waitUntilExit()
        #expect(Date().timeIntervalSince(start) < 5)
        #expect(child.terminationReason == .uncaughtSignal && child.terminationStatus == SIGKILL)
        #expect(try scratch.entries() == ["kept", "other"])
    }
}
