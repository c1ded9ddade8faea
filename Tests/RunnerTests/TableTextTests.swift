import Foundation
import Testing

@testable import MinimaxRunner

@Suite("Tables as text, and the one tolerance rule")
struct TableTextTests {
    /// `text` written to a temporary file, read back with `TableText.read`.
    func read(_ text: String, separator: Character = "\t", limits: TableText.Limits? = nil) throws -> DataTable {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-table-\(UUID().uuidString).tsv")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(text.utf8).write(to: url)
        return try TableText.read(url.path, separator: separator, limits: limits)
    }

    @Test("What a report writes reads back exactly, NaN and infinities included")
    func roundTrip() throws {
        let table = DataTable(columns: ["d", "loss", "grad"], rows: [[0.1, -.pi, .nan], [1e-300, .infinity, -.infinity], [3, 0, -0.0]])
        let text = TableText.tsv(table)
        #expect(text == "d\tloss\tgrad\n0.1\t-3.141592653589793\tnan\n1e-300\tinf\t-inf\n3\t0\t0\n")
        let back = try read(text)
        #expect(back.columns == table.columns)
        #expect(back.rows.count == 3 && zip(back.rows.flatMap { $0 }, table.rows.flatMap { $0 }).allSatisfy { $0 == $1 || $0.isNaN && $1.isNaN })
    }

    @Test("Comments, blank lines, Windows line ends, spaces and quoted names are read as a spreadsheet writes them")
    func spreadsheetText() throws {
        let table = try read("# written by hand\r\n\"d\", \"loss\"\r\n\r\n 0.5 , -1 \r\n   \r\n0.7,2e-3\r\n", separator: ",")
        #expect(table == DataTable(columns: ["d", "loss"], rows: [[0.5, -1], [0.7, 0.002]]))
    }

    @Test("Malformed text is refused with what is wrong, at once", arguments: [
        ("", "empty: a TSV table needs a header row of column names"),
        ("d\td\n1\t2\n", "the header names column 'd' twice"),
        ("d\tx\n1\t2\t3\n", "row 1 has more values than its 2 columns (d, x)"),
        ("d\tx\n1\n", "row 1 has 1 values for 2 columns (d, x)"),
        ("d\tx\n1\tone\n", "row 1, column 'x': 'one' is not a number"),
        ("d\tx\u{0}\n", "not a text table: it holds binary data"),
        ("d,x\n1,2\n", "its header has no tab but has commas: name it .csv"),
        ("a\tb\tc\td\n", "its header has more than 3 columns, the most of the test's tables; give the curve's x, then the columns to compare"),
        ("a\n1\n2\n3\n", "it has more than 2 rows, the most of the test's tables; give each of the lesson's points once"),
    ])
    func malformed(text: String, message: String) throws {
        do {
            _ = try read(text, limits: TableText.Limits(columns: 3, rows: 2, source: "the test's tables"))
            Issue.record("read \(text.debugDescription) without an error")
        } catch {
            #expect((error as? RunnerError)?.message == message)
        }
    }

    @Test("The rule |a − e| ≤ atol + rtol·|e|: its worst element, met exactly, and no number matches an infinity or NaN")
    func tolerance() {
        let rule = Tolerance(rtol: 0.1, atol: 1)
        #expect(rule.allows(12, 10) && !rule.allows(12.5, 10))
        #expect(rule.worst([0, 12, 10.5], [0, 10, 10])! == (index: 1, allPass: true))
        #expect(rule.worst([0, 13, 10.5], [0, 10, 10])! == (index: 1, allPass: false))
        #expect(rule.allows(.nan, .nan) && rule.allows(.infinity, .infinity))
        for (a, e) in [(5.0, Double.infinity), (.infinity, 5), (.nan, 5), (5, .nan), (-.infinity, .infinity)] {
            #expect(!rule.allows(a, e), "\(a) against \(e)")
            #expect(rule.ratio(a, e) == .infinity)
        }
        #expect(Tolerance(rtol: 0, atol: 0).worst([1, 2], [1, 2.5])! == (index: 1, allPass: false))
        #expect(rule.worst([], []) == nil)
    }
}
