import Foundation

/// A lesson checked against the registered kinds before anything runs: every cell's complete
/// parameters, every input file, and every name the lesson uses (in figures, placeholders and
/// claims) known. A mistake is reported here with its line, not after minutes of training.
public struct LessonPlan: Sendable {
    public struct PlannedCell: Sendable {
        public var cell: Cell
        public var entry: ExperimentRegistry.Entry
        var prepared: ExperimentRegistry.PreparedRun
        /// The claims of `expect:`, parsed, with the cell and name each of their names refers to.
        var claims: [PlannedClaim]
        /// The fingerprint of the files the run reads.
        var inputs: String

        /// The complete parameters: the kind's defaults with the cell's overrides.
        public var parameters: ParameterValue { prepared.parameters }
    }

    struct PlannedClaim: Sendable {
        var claim: Claim
        var line: Int
        /// For each name in the claim, the cell and the result or parameter it reads.
        var references: [String: Reference]
    }

    /// A number a placeholder or a claim reads: a cell's scalar result or numeric parameter.
    struct Reference: Sendable, Equatable {
        var cell: String
        var name: String
    }

    public let lesson: Lesson
    public private(set) var cells: [PlannedCell]

    public init(_ lesson: Lesson, registry: ExperimentRegistry) throws {
        self.lesson = lesson
        var cells: [PlannedCell] = []
        var owners: [String: (figure: String, cell: String)] = [:]
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
            let prepared: ExperimentRegistry.PreparedRun
            do {
                prepared = try entry.prepare(cell.overrides)
            } catch let problem as ParameterError {
                let line = Self.line(of: problem.path, in: cell)
                switch problem {
                case .unknownKey(let key, let valid):
                    throw error("'\(cell.kind)' has no parameter '\(key)'; its parameters are \(valid.joined(separator: ", "))", line: line)
                case .invalid(let key, let message):
                    throw error("parameter '\(key)' of cell '\(cell.id)' \(message)", line: line)
                }
            } catch let problem as ExperimentError {
                throw error("cell '\(cell.id)': \(problem)")
            }
            for display in cell.show {
                try Self.check(display, of: cell, entry: entry, lesson: lesson)
                if let name = display.fileName {
                    // One owner per file: a chart `a-training` and a layered chart `a` drawing a
                    // table `training` would both write data/a-training.tsv.
                    for file in display.files {
                        if let other = owners[file] {
                            throw error(
                                other.figure == name
                                    ? "two figures are named '\(name)' (cells '\(other.cell)' and '\(cell.id)'); give one a different 'name:'"
                                    : "figure '\(name)' of cell '\(cell.id)' and figure '\(other.figure)' of cell '\(other.cell)' would both write \(file); give one a different 'name:'")
                        }
                    }
                    for file in display.files { owners[file] = (name, cell.id) }
                }
            }
            let inputs: String
            do {
                inputs = try prepared.inputFiles.map { "\($0.path) \(try fingerprint(of: $0))" }.joined(separator: "\n")
            } catch {
                throw RunnerError("cell '\(cell.id)' cannot read its input: \(describe(error))", at: "\(lesson.path):\(cell.line)")
            }
            cells.append(PlannedCell(cell: cell, entry: entry, prepared: prepared, claims: [], inputs: inputs))
        }
        self.cells = cells
        try checkPlaceholders()
        // Claims may name any cell of the lesson, so they are read once every cell is known.
        for index in cells.indices {
            self.cells[index].claims = try cells[index].cell.claims.map { try planClaim($0.text, line: $0.line, in: cells[index]) }
        }
    }

    /// The line of a parameter path in the cell, or of its nearest enclosing key that has one.
    static func line(of path: String, in cell: Cell) -> Int {
        var path = path
        while !path.isEmpty {
            if let line = cell.parameterLines[path] { return line }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            path = String(path[..<cut])
        }
        return cell.parameterLines.isEmpty ? cell.line : cell.parameterLines.values.min()! - 1
    }

    /// The cache key of a cell: a digest of everything its result depends on (the kind and its
    /// version, the complete parameters, the seed, the engine, the files it reads), never of the
    /// prose. The one place a key is computed, for running and for telling whether output is
    /// current.
    public func key(of planned: PlannedCell, seed: UInt64, engineVersion: String) -> String {
        digest(
            [planned.cell.kind, "\(planned.entry.version)", planned.parameters.canonicalJSON, "\(seed)", engineVersion, planned.inputs]
                .joined(separator: "\n"))
    }

    /// The planned cell with this id.
    func cell(_ id: String) -> PlannedCell? {
        cells.first { $0.cell.id == id }
    }

    // MARK: - Names

    /// Names in a display must be results of the right shape that the kind declares.
    static func check(_ display: Display, of cell: Cell, entry: ExperimentRegistry.Entry, lesson: Lesson) throws {
        func error(_ message: String) -> RunnerError { RunnerError(message, at: "\(lesson.path):\(cell.line)") }
        func declared(_ name: String, as shape: String, _ matches: (ResultDeclaration.Shape) -> Bool, for use: String) throws -> ResultDeclaration {
            let valid = entry.resultNames(where: matches)
            guard let result = entry.result(name) else {
                throw error("'\(cell.kind)' has no \(shape) '\(name)'; its \(shape)s are \(valid.joined(separator: ", "))")
            }
            guard matches(result.shape) else {
                throw error(
                    "'\(name)' of '\(cell.kind)' is \(result.shapeName), and \(use)"
                        + (valid.isEmpty ? "; it has none" : "; its \(shape)s are \(valid.joined(separator: ", "))"))
            }
            return result
        }
        func columns(_ names: [String], of table: ResultDeclaration) throws {
            let columns = table.columns?.map(\.name) ?? []
            for name in names where !columns.contains(name) {
                throw error("table '\(table.name)' of '\(cell.kind)' has no column '\(name)'; its columns are \(columns.joined(separator: ", "))")
            }
        }
        let isTable: (ResultDeclaration.Shape) -> Bool = { $0.columns != nil }
        switch display {
        case .chart(let chart):
            var splitTables: [String] = []
            for layer in chart.layers {
                let table = try declared(layer.data, as: "table", isTable, for: "a chart draws columns of a table")
                try columns(layer.columns, of: table)
                if let split = chart.splitColumn, table.columns?.contains(where: { $0.name == split }) == true { splitTables.append(table.name) }
            }
            // Layers without the column are drawn in every panel, but some layer must have it.
            if let split = chart.splitColumn, splitTables.isEmpty {
                throw error("no table of this chart has the column '\(split)' to split it by; 'facet:' and 'animate:' name a column of at least one of its tables")
            }
        case .table(let view):
            let table = try declared(view.data, as: "table", isTable, for: "'table:' shows rows of a table")
            try columns(view.columns, of: table)
        case .results(let view):
            for name in view.names { _ = try declared(name, as: "scalar result", { $0 == .scalar }, for: "'results:' lists numbers") }
        case .images(let view):
            _ = try declared(view.data, as: "image grid", { $0 == .imageGrid }, for: "'images:' shows an image grid")
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
        guard let planned = cell(placeholder.cell) else {
            throw RunnerError(
                "'{{ \(placeholder.cell).\(placeholder.name) }}' names no cell; the cells are \(cells.map(\.cell.id).joined(separator: ", "))",
                at: location)
        }
        if let format = placeholder.format, !Placeholder.isValidFormat(format) {
            throw RunnerError(
                "'\(format)' is not a number format; use one like %.3f, %.2e, %.4g or %d (width and precision of at most two digits)",
                at: location)
        }
        guard planned.entry.scalarNames.contains(placeholder.name) || planned.parameters.value(at: placeholder.name) != nil else {
            throw RunnerError(
                "cell '\(placeholder.cell)' has no result or parameter '\(placeholder.name)'; its results are "
                    + planned.entry.scalarNames.joined(separator: ", "),
                at: location)
        }
        return planned
    }

    /// Parses a claim and finds what each of its names refers to: a scalar result or numeric
    /// parameter of the claim's own cell (`max_error`, `grid.points`), or else of the cell its
    /// first part names (`value.gap_to_minimum`).
    func planClaim(_ text: String, line: Int, in planned: PlannedCell) throws -> PlannedClaim {
        let location = "\(lesson.path):\(line)"
        let claim: Claim
        do {
            claim = try Claim(parsing: text)
        } catch {
            throw RunnerError("claim '\(text)', at character \(error.column): \(error.message)", at: location)
        }
        var references: [String: Reference] = [:]
        for name in claim.names {
            if let reference = number(name, in: planned) {
                references[name] = reference
            } else if let dot = name.firstIndex(of: "."), let other = cell(String(name[..<dot])),
                let reference = number(String(name[name.index(after: dot)...]), in: other)
            {
                references[name] = reference
            } else {
                throw RunnerError(
                    "claim '\(text)' uses '\(name)', which is neither a result or numeric parameter of cell '\(planned.cell.id)' "
                        + "nor 'cell.result' of another cell; the results of '\(planned.cell.id)' are "
                        + planned.entry.scalarNames.joined(separator: ", "),
                    at: location)
            }
        }
        return PlannedClaim(claim: claim, line: line, references: references)
    }

    /// `name` as a scalar result or numeric parameter of `planned`, if it is one.
    func number(_ name: String, in planned: PlannedCell) -> Reference? {
        if planned.entry.scalarNames.contains(name) { return Reference(cell: planned.cell.id, name: name) }
        if case .number = planned.parameters.value(at: name) { return Reference(cell: planned.cell.id, name: name) }
        return nil
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
    public func value(at path: String) -> ParameterValue? {
        path.split(separator: ".").reduce(Optional(self)) { value, key in
            if case .object(let object) = value { object[String(key)] } else { nil }
        }
    }
}

/// A file's fingerprint: its size and a digest of its bytes.
func fingerprint(of file: URL) throws -> String {
    let data = try Data(contentsOf: file, options: .mappedIfSafe)
    return "\(data.count) \(digest(data))"
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
    // Long inputs cannot be typos of a name, and would make the distance table large.
    guard name.count <= 100 else { return [] }
    return names.filter { distance(name, $0) <= 2 || $0.contains(name.lowercased()) && name.count >= 3 }
}
