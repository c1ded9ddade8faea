import Foundation

/// The one text format of a table of numbers: a header row of column names, then one row of
/// numbers per line, separated by tabs (TSV) or commas (CSV). A report writes its `data/*.tsv`
/// with `tsv(_:)`; `minimax check` reads them back and `minimax compare` reads a student's TSV or
/// CSV with `read(_:separator:limits:)`.
public enum TableText {
    /// Tab-separated values with one header row; numbers in their shortest exact form.
    public static func tsv(_ table: DataTable) -> String {
        ([table.columns.joined(separator: "\t")] + table.rows.map { $0.map(formatNumber).joined(separator: "\t") })
            .joined(separator: "\n") + "\n"
    }

    /// How large a table may be: a file larger is refused as soon as the excess is read, so that
    /// a hostile file costs no more time or memory than the largest table expected.
    public struct Limits: Sendable {
        public var columns: Int
        public var rows: Int
        /// Where the limits come from, completing "the most of …": `lesson 'saturation''s data tables`.
        public var source: String

        public init(columns: Int, rows: Int, source: String) {
            self.columns = columns
            self.rows = rows
            self.source = source
        }
    }

    /// The longest field read, in bytes: a column name is at most 100 characters, a number in
    /// full precision about 25.
    static let longestField = 200

    /// Reads a table from `url`, streaming: blank lines and lines starting with `#` are skipped;
    /// each field is trimmed of spaces and of the quotes spreadsheets put around names. Numbers
    /// are read as Swift's `Double` reads them (nan and ±inf included). Anything else is an
    /// error that says what is wrong, at `path`.
    public static func read(_ path: String, separator: Character, limits: Limits? = nil) throws(RunnerError) -> DataTable {
        let handle: FileHandle
        do {
            handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw RunnerError("cannot read it: \(fileErrorReason(error))", at: path)
        }
        defer { try? handle.close() }
        var reader = Reader(separator: UInt8(ascii: separator == "\t" ? "\t" : ","), limits: limits, path: path)
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 16) ?? Data()
            } catch {
                throw RunnerError("cannot read it: \(fileErrorReason(error))", at: path)
            }
            if chunk.isEmpty { break }
            try reader.consume(chunk)
        }
        return try reader.finish()
    }

    /// The state of one reading: the line being read, byte by byte, and the rows so far.
    struct Reader {
        let separator: UInt8
        let limits: Limits?
        let path: String
        var columns: [String]? = nil
        var rows: [[Double]] = []
        var names: [String] = []
        var values: [Double] = []
        var field: [UInt8] = []
        /// Whether the line has a byte other than spaces and tabs; whether it is a comment.
        var lineHasText = false
        var inComment = false
        /// Whether the header holds the other separator (a CSV named .tsv, or the reverse).
        var headerHasOtherSeparator = false
        var isFirstChunk = true

        var kind: String { separator == UInt8(ascii: "\t") ? "TSV" : "CSV" }

        func error(_ message: String) -> RunnerError { RunnerError(message, at: path) }

        mutating func consume(_ chunk: Data) throws(RunnerError) {
            if isFirstChunk, chunk.starts(with: [0x93] + Array("NUMPY".utf8)) {  // NumPyFile.magic, in Commands
                throw error("not a text table: it holds binary data (it is a .npy file: name it .npy)")
            }
            isFirstChunk = false
            for byte in chunk {
                if byte == 0 { throw error("not a text table: it holds binary data") }
                if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                    try endLine()
                } else if inComment {
                    continue
                } else if byte == separator {
                    lineHasText = true
                    try endField()
                } else if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                    // Spaces before the first field are no text: a line of spaces is blank.
                    if lineHasText { try append(byte) }
                } else if !lineHasText && byte == UInt8(ascii: "#") {
                    inComment = true
                } else {
                    lineHasText = true
                    try append(byte)
                }
            }
        }

        mutating func append(_ byte: UInt8) throws(RunnerError) {
            if columns == nil && byte == (separator == UInt8(ascii: ",") ? UInt8(ascii: "\t") : UInt8(ascii: ",")) {
                headerHasOtherSeparator = true
            }
            guard field.count < TableText.longestField else {
                throw error(
                    (columns == nil ? "column \(names.count + 1) of the header" : "row \(rows.count + 1), column \(values.count + 1)")
                        + " is longer than \(TableText.longestField) characters")
            }
            field.append(byte)
        }

        /// The field's text without surrounding spaces and quotes.
        func trimmedField() -> ArraySlice<UInt8> {
            func skipped(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\"") }
            var text = field[...]
            while let first = text.first, skipped(first) { text = text.dropFirst() }
            while let last = text.last, skipped(last) { text = text.dropLast() }
            return text
        }

        mutating func endField() throws(RunnerError) {
            let text = trimmedField()
            field.removeAll(keepingCapacity: true)
            guard let columns else {
                guard let name = String(validating: text, as: UTF8.self) else { throw error("not a text table: it holds binary data") }
                if let limits, names.count == limits.columns {
                    throw error(
                        "its header has more than \(limits.columns) columns, the most of \(limits.source); "
                            + "give the curve's x, then the columns to compare")
                }
                names.append(name)
                return
            }
            guard values.count < columns.count else {
                throw error("row \(rows.count + 1) has more values than its \(columns.count) columns (\(columns.joined(separator: ", ")))")
            }
            let string = String(decoding: text, as: UTF8.self)
            guard let value = Double(string) else {
                throw error("row \(rows.count + 1), column '\(columns[values.count])': '\(string.prefix(20))' is not a number")
            }
            values.append(value)
        }

        mutating func endLine() throws(RunnerError) {
            defer { (lineHasText, inComment) = (false, false) }
            guard lineHasText, !inComment else {
                field.removeAll(keepingCapacity: true)
                return
            }
            try endField()
            guard let columns else {
                try checkHeader()
                columns = names
                return
            }
            guard values.count == columns.count else {
                throw error("row \(rows.count + 1) has \(values.count) values for \(columns.count) columns (\(columns.joined(separator: ", ")))")
            }
            if let limits, rows.count == limits.rows {
                throw error("it has more than \(limits.rows) rows, the most of \(limits.source); give each of the lesson's points once")
            }
            rows.append(values)
            values.removeAll(keepingCapacity: true)
        }

        func checkHeader() throws(RunnerError) {
            if names.count == 1, headerHasOtherSeparator {
                let (mine, theirs, name) = separator == UInt8(ascii: "\t") ? ("tab", "commas", "csv") : ("comma", "tabs", "tsv")
                throw error("its header has no \(mine) but has \(theirs): name it .\(name)")
            }
            if let blank = names.firstIndex(of: "") {
                throw error(
                    "column \(blank + 1) of the header has no name" + (blank == 0 ? " (pandas writes its index so: to_csv(..., index=False))" : ""))
            }
            var seen: Set<String> = []
            for name in names where !seen.insert(name).inserted {
                throw error("the header names column '\(name)' twice")
            }
        }

        mutating func finish() throws(RunnerError) -> DataTable {
            try endLine()
            guard let columns else { throw error("empty: a \(kind) table needs a header row of column names") }
            return DataTable(columns: columns, rows: rows)
        }
    }
}
