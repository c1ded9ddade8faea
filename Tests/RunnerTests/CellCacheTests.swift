import Foundation
import Testing

@testable import MinimaxRunner

@Suite("Cell cache")
struct CellCacheTests {
    @Test("A result holding infinities and NaN is stored and read back (JSON has no such numbers)")
    func nonFiniteNumbers() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let cache = CellCache(directory: directory)
        let result = ExperimentResult(
            scalars: ["kl": .infinity, "low": -.infinity, "finite": 0.5],
            tables: ["disjoint": DataTable(columns: ["theta", "kl", "undefined"], rows: [[1, .infinity, .nan]])])
        let provenance = Provenance(seconds: 1, kernels: "test", machine: "test")
        try cache.store(CellCache.Entry(key: "k", result: result, provenance: provenance), lesson: "lesson", cell: "cell")
        let loaded = try #require(cache.load(lesson: "lesson", cell: "cell", key: "k").entry)
        #expect(loaded.result.scalars == result.scalars)
        let row = try #require(loaded.result.tables["disjoint"]?.rows.first)
        #expect(row[0] == 1 && row[1] == .infinity && row[2].isNaN)
        #expect(cache.load(lesson: "lesson", cell: "cell", key: "other").entry == nil)
    }
}
