import Foundation
import MinimaxExperiments
import MinimaxRunner

/// What a student hands to `minimax compare`, read and checked: named arrays (from `.npy` files
/// or a JSON file) to compare with an exercise, and tables (TSV or CSV) to compare with a
/// lesson's data. Anything that cannot be read is an error naming the file and what is wrong.
enum StudentFiles {
    /// One file, by its extension.
    enum Kind {
        case numpy, json, table(separator: Character)
    }

    static func kind(of path: String) throws -> Kind {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "npy": return .numpy
        case "json": return .json
        case "tsv": return .table(separator: "\t")
        case "csv": return .table(separator: ",")
        default:
            throw RunnerError(
                "compare reads .npy files (np.save), a .json file of named numbers or arrays, and .tsv or .csv tables; name the file by what it holds",
                at: path)
        }
    }

    /// Nothing, or an error when `path` is missing or a folder.
    static func checkIsFile(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RunnerError("no such file", at: path)
        }
        guard !isDirectory.boolValue else { throw RunnerError("this is a folder; give the files in it (folder/*.npy)", at: path) }
    }

    /// The bytes of a file, or an error that says why they cannot be read; a file larger than
    /// `limit` bytes is refused before it is read, so that a wrong file costs no memory.
    static func contents(_ path: String, limit: Int? = nil) throws -> Data {
        try checkIsFile(path)
        if let limit, let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int, size > limit {
            throw RunnerError("it holds \(size) bytes, more than the exercise's arrays can fill (\(limit)): is it the right file?", at: path)
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw RunnerError("cannot read it: \(fileErrorReason(error))", at: path)
        }
    }

    // MARK: - Named arrays

    /// One array a student gave, named by what it holds, with the precision it was computed in.
    struct GivenArray {
        var name: String
        var array: NumericArray
        var precision: Precision
        var file: String
    }

    /// The array of a `.npy` file, named by the file's name without `.npy`, read if it holds at
    /// most `limit` bytes.
    static func numpyArray(_ path: String, limit: Int? = nil) throws -> GivenArray {
        let data = try contents(path, limit: limit)
        do {
            let (array, precision) = try NumPyFile.read(data)
            return GivenArray(name: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, array: array, precision: precision, file: path)
        } catch {
            throw RunnerError(error.message, at: path)
        }
    }

    /// A JSON object of names and values: a number, or nested lists of numbers (one level per
    /// dimension, as `a.tolist()` writes them). NaN and Infinity as Python's `json` writes them
    /// are read, so that they can be reported as such.
    static func jsonArrays(_ path: String, limit: Int? = nil) throws -> [GivenArray] {
        let data = try contents(path, limit: limit)
        let decoder = JSONDecoder()
        decoder.allowsJSON5 = true  // for NaN and Infinity
        let object: [String: JSONNumbers]
        do {
            object = try decoder.decode([String: JSONNumbers].self, from: data)
        } catch {
            if (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) != nil || (try? decoder.decode(JSONNumbers.self, from: data)) != nil {
                throw RunnerError("JSON, but not an object of names and values: write {\"discriminator_bce\": 0.69, …}", at: path)
            }
            throw RunnerError("not JSON that can be read: write an object of names and values, {\"discriminator_bce\": 0.69, …}, with json.dump", at: path)
        }
        return try object.keys.sorted().map { name in
            do throws(JSONNumbersError) {
                let array = try object[name]!.array()
                return GivenArray(name: name, array: array, precision: .of(array), file: path)
            } catch {
                throw RunnerError("'\(name)' \(error.message)", at: path)
            }
        }
    }

    /// A JSON value that should be a number or nested lists of numbers.
    indirect enum JSONNumbers: Decodable {
        case number(Double)
        case list([JSONNumbers])
        /// Anything else, described for the error.
        case other(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else if let list = try? container.decode([JSONNumbers].self) {
                self = .list(list)
            } else if let text = try? container.decode(String.self) {
                self = .other("a string (\"\(text.prefix(20))\")")
            } else if (try? container.decode(Bool.self)) != nil {
                self = .other("true or false")
            } else if container.decodeNil() {
                self = .other("null")
            } else {
                self = .other("an object")
            }
        }

        /// The values as an array whose shape is the nesting: [[1, 2], [3, 4]] is 2 × 2.
        func array() throws(JSONNumbersError) -> NumericArray {
            var shape: [Int] = []
            var level = self
            while case .list(let items) = level {
                shape.append(items.count)
                guard let first = items.first else { break }
                level = first
            }
            var scalars: [Double] = []
            try collect(into: &scalars, shape: shape[...])
            return NumericArray(shape: shape, scalars: scalars)
        }

        private func collect(into scalars: inout [Double], shape: ArraySlice<Int>) throws(JSONNumbersError) {
            switch self {
            case .number(let value):
                guard shape.isEmpty else { throw JSONNumbersError("is not rectangular: a number where a list of \(shape.first!) belongs") }
                scalars.append(value)
            case .list(let items):
                guard let size = shape.first else { throw JSONNumbersError("is not rectangular: a list where a number belongs") }
                guard items.count == size else {
                    throw JSONNumbersError("is not rectangular: lists of \(size) and of \(items.count) items at the same depth")
                }
                for item in items { try item.collect(into: &scalars, shape: shape.dropFirst()) }
            case .other(let description):
                throw JSONNumbersError("holds \(description) where numbers belong")
            }
        }
    }

    /// Completes "'name' …" in an error about a JSON value.
    struct JSONNumbersError: Error {
        var message: String
        init(_ message: String) { self.message = message }
    }

    // MARK: - Tables

    /// A table of numbers with named columns: a student's `.tsv` or `.csv` file, or a lesson's
    /// `data/*.tsv`, read by the format reports write (`TableText`). A student's file is held to
    /// `limits`, the largest of the lesson's tables, and refused as soon as it exceeds them.
    static func table(_ path: String, separator: Character, limits: TableText.Limits? = nil) throws -> DataTable {
        try checkIsFile(path)
        let table = try TableText.read(path, separator: separator, limits: limits)
        guard !table.rows.isEmpty else { throw RunnerError("it has a header but no rows", at: path) }
        return table
    }
}
