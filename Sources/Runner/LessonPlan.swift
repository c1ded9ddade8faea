import Foundation

/// A lesson checked against the registered kinds: every cell's complete parameters, and every
/// name the lesson uses known, before anything runs. A mistake is reported here with its line,
/// not after minutes of training.
struct LessonPlan {
    struct PlannedCell {
        var cell: Cell
        var entry: ExperimentRegistry.Entry
        /// The complete parameters: the kind's defaults with the cell's overrides.
        var parameters: ParameterValue
    }

    var lesson: Lesson
    var cells: [PlannedCell]

    init(_ lesson: Lesson, registry: ExperimentRegistry) throws {
        self.lesson = lesson
        var cells: [PlannedCell] = []
        var fileNames: [String: String] = [:]
        for cell in lesson.cells {
            func error(_ message: String, line: Int? = nil) -> RunnerError {
                RunnerError(message, at: "\(lesson.path):\(line ?? cell.line)")
            }
            guard let entry = registry[cell.kind] else {
                let close = closeMatches(cell.kind, among: registry.names)
                throw error(
                    "unknown experiment kind '\(cell.kind)'"
                        + (close.isEmpty ? "." : "; did you mean \(close.joined(separator: " or "))?")
                        + " The kinds are: \(registry.names.joined(separator: ", ")) (`minimax kinds` describes them).")
            }
            let parameters: ParameterValue
            do {
                parameters = try entry.parameters(overriding: cell.overrides)
            } catch let problem as ParameterError {
                let line = cell.parameterLines[problem.key]
                switch problem {
                case .unknownKey(let key, let valid):
                    throw error("'\(cell.kind)' has no parameter '\(key)'; its parameters are \(valid.joined(separator: ", "))", line: line)
                case .wrongType(let key, let expected):
                    throw error("parameter '\(key)' of cell '\(cell.id)' must be \(expected)", line: line)
                }
            }
            for display in cell.show {
                try Self.check(display, of: cell, entry: entry, lesson: lesson)
                if let file = display.fileName {
                    if let other = fileNames[file] {
                        throw error("two figures are named '\(file)' (cells '\(other)' and '\(cell.id)'); give one a different 'name:'")
                    }
                    fileNames[file] = cell.id
                }
            }
            cells.append(PlannedCell(cell: cell, entry: entry, parameters: parameters))
        }
        self.cells = cells
        try checkPlaceholders()
    }

    /// Names in a display must be results the kind declares.
    static func check(_ display: Display, of cell: Cell, entry: ExperimentRegistry.Entry, lesson: Lesson) throws {
        func known(_ name: String, _ what: String) throws {
            guard entry.resultHelp[name] != nil else {
                let valid = entry.resultHelp.keys.filter { !$0.contains(".") }.sorted()
                throw RunnerError(
                    "'\(cell.kind)' has no \(what) '\(name)'; it produces \(valid.joined(separator: ", "))",
                    at: "\(lesson.path):\(cell.line)")
            }
        }
        func column(_ name: String, of table: String) throws {
            let columns = entry.resultHelp.keys.filter { $0.hasPrefix(table + ".") }.map { String($0.dropFirst(table.count + 1)) }
            guard columns.isEmpty || columns.contains(name) else {
                throw RunnerError(
                    "table '\(table)' of '\(cell.kind)' has no column '\(name)'; its columns are \(columns.sorted().joined(separator: ", "))",
                    at: "\(lesson.path):\(cell.line)")
            }
        }
        switch display {
        case .chart(let chart):
            try known(chart.data, "table")
            for name in [chart.x] + chart.y + (chart.yAxis.map { [$0] } ?? []) { try column(name, of: chart.data) }
        case .table(let view):
            try known(view.data, "table")
            for name in view.columns { try column(name, of: view.data) }
        case .results(let view):
            for name in view.names { try known(name, "result") }
        case .images(let view):
            try known(view.data, "image grid")
        }
    }

    /// Every placeholder must name a cell of this lesson and one of its results or parameters.
    func checkPlaceholders() throws {
        for case .prose(let text, let line) in lesson.blocks {
            for placeholder in Placeholder.all(in: text, firstLine: line) {
                try resolve(placeholder)
            }
        }
        for planned in cells {
            for display in planned.cell.show {
                for placeholder in Placeholder.all(in: display.caption, firstLine: planned.cell.line) { try resolve(placeholder) }
            }
        }
    }

    /// The cell a placeholder refers to, after checking the name and format it uses.
    @discardableResult
    func resolve(_ placeholder: Placeholder) throws -> PlannedCell {
        let location = "\(lesson.path):\(placeholder.line)"
        guard let planned = cells.first(where: { $0.cell.id == placeholder.cell }) else {
            throw RunnerError(
                "'{{ \(placeholder.cell).\(placeholder.name) }}' names no cell; the cells are \(cells.map(\.cell.id).joined(separator: ", "))",
                at: location)
        }
        if let format = placeholder.format, format.range(of: Placeholder.formatPattern, options: .regularExpression) == nil {
            throw RunnerError("'\(format)' is not a number format; use one like %.3f, %.2e, %.4g or %d", at: location)
        }
        guard planned.entry.resultNames.contains(placeholder.name) || planned.parameters.value(at: placeholder.name) != nil else {
            throw RunnerError(
                "cell '\(placeholder.cell)' has no result or parameter '\(placeholder.name)'; its results are "
                    + planned.entry.resultNames.joined(separator: ", "),
                at: location)
        }
        return planned
    }
}

extension Display {
    var caption: String {
        switch self {
        case .chart(let chart): chart.caption
        case .table(let view): view.caption
        case .results(let view): view.caption
        case .images(let view): view.caption
        }
    }
}

extension ParameterValue {
    /// The value at a dotted path (`grid.points`).
    func value(at path: String) -> ParameterValue? {
        path.split(separator: ".").reduce(Optional(self)) { value, key in
            if case .object(let object) = value { object[String(key)] } else { nil }
        }
    }
}

/// Names within two edits of `name` (Levenshtein), or containing it: suggestions for a typo.
public func closeMatches(_ name: String, among names: [String]) -> [String] {
    func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.lowercased()), b = Array(b.lowercased())
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }
    return names.filter { distance(name, $0) <= 2 || $0.contains(name.lowercased()) && name.count >= 3 }
}
