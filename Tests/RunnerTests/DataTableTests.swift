import MinimaxRunner
import Testing

@Suite("Data tables")
struct DataTableTests {
    @Test("Columns go in by name and come back out by name")
    func columns() {
        let table = DataTable([("x", [0, 1, 2]), ("y", [5, 6, 7])])
        #expect(table.columns == ["x", "y"])
        #expect(table.rows == [[0, 5], [1, 6], [2, 7]])
        #expect(table.column("y") == [5, 6, 7])
        #expect(table.column("z") == nil)
    }
}
