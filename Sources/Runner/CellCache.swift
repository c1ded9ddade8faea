import Foundation

/// Cells' results on disk, keyed like a notebook's on what the result depends on and never on
/// the prose (`LessonPlan.key`). Editing prose re-renders from here without training again.
struct CellCache {
    /// One file per lesson and cell: `<directory>/<lesson>/<cell>.json`.
    var directory: URL

    struct Entry: Codable {
        var key: String
        var result: ExperimentResult
        /// How the result was computed: time, BLAS kernels and machine of the run that did.
        var provenance: Provenance
    }

    /// What the cache holds for a cell.
    enum Lookup {
        case hit(Entry)
        /// Nothing, or a result for other parameters, seed or engine: the cell runs.
        case miss
        /// A file that is no entry (damaged, truncated, edited): the cell runs again, and the
        /// user is told why.
        case corrupt(String)

        /// The entry, on a hit.
        var entry: Entry? {
            if case .hit(let entry) = self { entry } else { nil }
        }
    }

    func load(lesson: String, cell: String, key: String) -> Lookup {
        let url = file(lesson, cell)
        guard let data = FileManager.default.contents(atPath: url.path) else { return .miss }
        guard let entry = try? Self.decoder.decode(Entry.self, from: data) else {
            return .corrupt("the cache file \(url.path) is not a cached result")
        }
        return entry.key == key ? .hit(entry) : .miss
    }

    func store(_ entry: Entry, lesson: String, cell: String) throws {
        let url = file(lesson, cell)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Self.encoder.encode(entry).write(to: url, options: .atomic)
        } catch {
            throw RunnerError("cannot write the cache file \(url.path): \(describe(error)); make \(directory.path) writable, or delete it")
        }
    }

    // Results may hold infinities (a KL divergence between disjoint supports) or NaN, which JSON
    // has no numbers for: they are written as the strings results.json uses.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }()

    func file(_ lesson: String, _ cell: String) -> URL {
        directory.appendingPathComponent(lesson).appendingPathComponent("\(cell).json")
    }

    /// Creates the cache folder if needed and checks that files can be written in it, so that a
    /// read-only cache is reported before any training rather than after.
    func checkWritable() throws {
        let probe = directory.appendingPathComponent(".write-test-\(ProcessInfo.processInfo.processIdentifier)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw RunnerError("cannot write the cache folder \(directory.path): \(describe(error)); make it writable, or delete it")
        }
    }
}

/// How a cell's result came to be: kept beside the result (in the cache and in run.json), never
/// in results.json, because it differs between runs that compute the same numbers.
struct Provenance: Codable, Equatable {
    /// How long the computation took.
    var seconds: Double
    /// The BLAS kernels that computed it.
    var kernels: String
    /// The processor that computed it.
    var machine: String
}

/// FNV-1a, 64 bits, as 16 hexadecimal digits: a stable fingerprint (not a security hash).
func digest(_ text: String) -> String {
    digest(Data(text.utf8))
}

/// FNV-1a of bytes.
func digest(_ data: Data) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    data.withUnsafeBytes { bytes in
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}
