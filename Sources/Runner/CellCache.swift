import Foundation

/// Cells' results on disk, keyed like a notebook's: on the kind, the complete parameters, the
/// seed and the engine's version, never on the prose. Editing prose re-renders from here
/// without training again.
struct CellCache {
    /// One file per lesson and cell: `<directory>/<lesson>/<cell>.json`.
    var directory: URL

    struct Entry: Codable {
        var key: String
        var result: ExperimentResult
        /// How long the run that produced it took.
        var seconds: Double
    }

    /// The cache key of a cell: a 64-bit FNV-1a digest of everything its result depends on.
    static func key(kind: String, parameters: ParameterValue, seed: UInt64, engineVersion: String) -> String {
        digest("\(kind)\n\(parameters.canonicalJSON)\n\(seed)\n\(engineVersion)")
    }

    func load(lesson: String, cell: String, key: String) -> Entry? {
        guard let data = try? Data(contentsOf: file(lesson, cell)),
            let entry = try? JSONDecoder().decode(Entry.self, from: data), entry.key == key
        else { return nil }
        return entry
    }

    func store(_ entry: Entry, lesson: String, cell: String) throws {
        let url = file(lesson, cell)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONEncoder().encode(entry).write(to: url, options: .atomic)
    }

    func file(_ lesson: String, _ cell: String) -> URL {
        directory.appendingPathComponent(lesson).appendingPathComponent("\(cell).json")
    }
}

/// FNV-1a, 64 bits, as 16 hexadecimal digits: a stable fingerprint (not a security hash).
func digest(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}
