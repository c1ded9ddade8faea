import Foundation

/// Receives what a run is doing, to show it.
public protocol ProgressReporter: Sendable {
    func lessonStarted(_ lesson: Lesson, cells: Int)
    func cellStarted(_ cell: Cell, index: Int, count: Int)
    /// A long loop's progress; called often, from the thread running the cell.
    func cellStep(_ step: Int, of total: Int, values: [(String, Double)])
    func cellFinished(_ cell: Cell, seconds: Double, cached: Bool)
    func cellFailed(_ cell: Cell, reason: String)
    func lessonFinished(_ summary: LessonRunner.Summary)
    /// Another run is writing `folder`; this one waits for it.
    func waitingForOutput(_ folder: URL)
    /// Something the user should know that is no failure (a corrupt cache entry run again).
    func note(_ text: String)
}

/// Progress on standard error: a live line (cell, step, numbers, time left) on a terminal, a
/// line per cell otherwise (logs, CI).
public final class ConsoleProgress: ProgressReporter, @unchecked Sendable {
    private let lock = NSLock()
    private let live: Bool
    private var lessonName = ""
    private var cellLabel = ""
    private var cellStart = Date()
    private var lastDraw = Date.distantPast

    /// `live` defaults to whether standard error is a terminal.
    public init(live: Bool = isatty(STDERR_FILENO) == 1) {
        self.live = live
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    public func lessonStarted(_ lesson: Lesson, cells: Int) {
        lock.withLock { lessonName = lesson.name }
    }

    public func cellStarted(_ cell: Cell, index: Int, count: Int) {
        lock.withLock {
            cellLabel = "\(lessonName) [\(index + 1)/\(count)] \(cell.id) (\(cell.kind))"
            cellStart = Date()
            if live { write("\r\u{1B}[K\(cellLabel)…") }
        }
    }

    public func cellStep(_ step: Int, of total: Int, values: [(String, Double)]) {
        lock.withLock {
            guard live, Date().timeIntervalSince(lastDraw) > 0.1 || step == total else { return }
            lastDraw = Date()
            let elapsed = Date().timeIntervalSince(cellStart)
            let left = step > 0 ? elapsed * Double(total - step) / Double(step) : 0
            let numbers = values.map { "\($0.0) \(String(format: "%.4g", $0.1))" }.joined(separator: "  ")
            write("\r\u{1B}[K\(cellLabel): step \(step)/\(total)  \(numbers)  \(String(format: "%.0f", left.rounded(.up))) s left")
        }
    }

    public func cellFinished(_ cell: Cell, seconds: Double, cached: Bool) {
        lock.withLock {
            let how = cached ? "from cache (ran in \(String(format: "%.1f", seconds)) s)" : "done in \(String(format: "%.1f", seconds)) s"
            write((live ? "\r\u{1B}[K" : "") + "\(cellLabel): \(how)\n")
        }
    }

    public func cellFailed(_ cell: Cell, reason: String) {
        lock.withLock { write((live ? "\r\u{1B}[K" : "") + "\(cellLabel): stopped: \(reason)\n") }
    }

    public func lessonFinished(_ summary: LessonRunner.Summary) {}

    public func waitingForOutput(_ folder: URL) {
        lock.withLock { write((live ? "\r\u{1B}[K" : "") + "waiting for another run writing \(folder.path) to finish\n") }
    }

    public func note(_ text: String) {
        lock.withLock { write((live ? "\r\u{1B}[K" : "") + "note: \(text)\n") }
    }
}

/// Shows nothing: for tests and for callers that only want the summary.
public struct SilentProgress: ProgressReporter {
    public init() {}
    public func lessonStarted(_ lesson: Lesson, cells: Int) {}
    public func cellStarted(_ cell: Cell, index: Int, count: Int) {}
    public func cellStep(_ step: Int, of total: Int, values: [(String, Double)]) {}
    public func cellFinished(_ cell: Cell, seconds: Double, cached: Bool) {}
    public func cellFailed(_ cell: Cell, reason: String) {}
    public func lessonFinished(_ summary: LessonRunner.Summary) {}
    public func waitingForOutput(_ folder: URL) {}
    public func note(_ text: String) {}
}
