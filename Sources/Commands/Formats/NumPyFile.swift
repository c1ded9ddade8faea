import Foundation
import MinimaxExperiments
import MinimaxRunner

/// NumPy's `.npy` format: how exercises hand arrays to students, and students hand them back.
///
/// A file is the magic string `\x93NUMPY`, a version (1.0 here), the length of the header, the
/// header, then the elements. The header is a Python dictionary literal, such as
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (16, 1), }`, padded with spaces and ended
/// by a newline so that the elements start at a multiple of 64 bytes. `descr` is the element type
/// (`<f8`: little-endian float64), `fortran_order` whether the first index varies fastest, and
/// `shape` the dimensions. See numpy.lib.format ("A Simple File Format for NumPy Arrays", NEP 1).
enum NumPyFile {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// The `.npy` bytes of `array`: version 1.0, little-endian float64, C order, which
    /// `np.load` and `torch.from_numpy` take as they are.
    static func encode(_ array: NumericArray) -> Data {
        let dictionary = "{'descr': '<f8', 'fortran_order': False, 'shape': \(array.shapeText), }"
        // Magic (6), version (2), header length (2), the dictionary, padding and the newline.
        let unpadded = 10 + dictionary.utf8.count + 1
        let header = dictionary + String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var data = Data(magic + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        data.reserveCapacity(data.count + 8 * array.scalars.count)
        for scalar in array.scalars {
            withUnsafeBytes(of: scalar.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    /// Reads `.npy` bytes: float64 or float32, either byte order, C order; versions 1.0 to 3.0.
    /// Anything else, or a header that does not describe the data, is an error that says what
    /// is wrong and how to save the array so that it can be read.
    static func decode(_ data: Data) throws(NumPyError) -> NumericArray {
        try read(data).array
    }

    /// The array of `.npy` bytes, as `decode` reads it, with the precision it was saved in.
    static func read(_ data: Data) throws(NumPyError) -> (array: NumericArray, precision: Precision) {
        let bytes = [UInt8](data)
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
            throw NumPyError("not a NumPy .npy file: it does not start with \\x93NUMPY (write arrays with np.save)")
        }
        let (major, minor) = (bytes[6], bytes[7])
        let headerStart: Int
        let headerLength: Int
        switch major {
        case 1:
            headerStart = 10
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        case 2, 3:
            guard bytes.count >= 12 else { throw NumPyError("truncated: the file ends inside its header") }
            headerStart = 12
            headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
        default:
            throw NumPyError("written in .npy format version \(major).\(minor), which compare cannot read (versions 1.0 to 3.0)")
        }
        guard bytes.count >= headerStart + headerLength else {
            throw NumPyError("truncated: the file ends inside its header")
        }
        let headerText = String(decoding: bytes[headerStart..<headerStart + headerLength], as: UTF8.self)
        let header = try NumPyHeader(headerText)

        // A product that overflows is refused before any zero among the sizes can make it 0:
        // (2³², 2³², 0) is no more an array than (2⁶³ − 1, 2⁶³ − 1).
        let shape = NumericArray.shapeText(header.shape)
        var count = 1, overflow = false
        for size in header.shape where !overflow {
            (count, overflow) = count.multipliedReportingOverflow(by: size)
        }
        let needed: Int
        (needed, overflow) = overflow ? (0, true) : count.multipliedReportingOverflow(by: header.type.size)
        if overflow {
            throw NumPyError("its header says shape \(shape) of \(header.type.name), more elements than any file can hold")
        }
        let available = bytes.count - headerStart - headerLength
        if needed > available {
            throw NumPyError(
                "truncated: its header says shape \(shape) of \(header.type.name), which needs \(needed) bytes of data, but the file holds \(available)")
        }
        if needed < available {
            throw NumPyError(
                "its header says shape \(shape) of \(header.type.name) (\(needed) bytes of data), but the file holds \(available): "
                    + "the header does not describe the data")
        }
        var scalars: [Double] = []
        scalars.reserveCapacity(count)
        var offset = headerStart + headerLength
        for _ in 0..<count {
            let word = (0..<header.type.size).reduce(UInt64(0)) { word, byte in
                let shift = header.type.littleEndian ? byte : header.type.size - 1 - byte
                return word | UInt64(bytes[offset + byte]) << (8 * UInt64(shift))
            }
            scalars.append(header.type.size == 8 ? Double(bitPattern: word) : Double(Float(bitPattern: UInt32(word))))
            offset += header.type.size
        }
        return (NumericArray(shape: header.shape, scalars: scalars), header.type.size == 8 ? .float64 : .float32)
    }
}

/// Why a `.npy` file cannot be read: completes "FILE: …".
struct NumPyError: Error, Equatable {
    var message: String

    init(_ message: String) {
        self.message = message
    }
}

/// The dictionary of a `.npy` header, checked: the element type, the order and the shape.
struct NumPyHeader {
    /// An element type compare reads.
    struct ElementType {
        var size: Int
        var littleEndian: Bool
        /// As NumPy names it: float64, float32.
        var name: String { size == 8 ? "float64" : "float32" }
    }

    var type: ElementType
    var shape: [Int]

    init(_ text: String) throws(NumPyError) {
        var parser = PythonLiteralParser(text)
        let entries: [String: PythonLiteral]
        do {
            entries = try parser.dictionary()
        } catch {
            throw NumPyError("its header is not the dictionary .npy files have (\(error.message)): \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard Set(entries.keys) == ["descr", "fortran_order", "shape"] else {
            throw NumPyError(
                "its header has the keys \(entries.keys.sorted().joined(separator: ", ")); a .npy header has exactly descr, fortran_order and shape")
        }
        guard case .string(let descr) = entries["descr"] else {
            throw NumPyError("its header's descr is not a type name such as '<f8'")
        }
        switch descr {
        case "<f8", "=f8": type = ElementType(size: 8, littleEndian: true)
        case ">f8": type = ElementType(size: 8, littleEndian: false)
        case "<f4", "=f4": type = ElementType(size: 4, littleEndian: true)
        case ">f4": type = ElementType(size: 4, littleEndian: false)
        default:
            throw NumPyError(
                "its elements have dtype '\(descr)'; compare reads float64 or float32 arrays: save a.astype(np.float64)")
        }
        guard case .bool(let fortranOrder) = entries["fortran_order"] else {
            throw NumPyError("its header's fortran_order is not True or False")
        }
        guard !fortranOrder else {
            throw NumPyError("its elements are in Fortran order (column by column); save np.ascontiguousarray(a), in C order")
        }
        guard case .tuple(let shape) = entries["shape"], shape.allSatisfy({ $0 >= 0 }) else {
            throw NumPyError("its header's shape is not a tuple of sizes such as (16, 1)")
        }
        self.shape = shape
    }
}

/// The Python literals a `.npy` header holds.
enum PythonLiteral: Equatable {
    case string(String)
    case bool(Bool)
    case integer(Int)
    case tuple([Int])
}

/// Reads a Python dictionary of strings, booleans, integers and tuples of integers, the only
/// values a `.npy` header has (NumPy itself reads it with `ast.literal_eval`).
struct PythonLiteralParser {
    private let characters: [Character]
    private var position = 0

    init(_ text: String) {
        characters = Array(text)
    }

    /// `{key: value, …}`, with an optional trailing comma, and nothing but spaces after it.
    mutating func dictionary() throws(NumPyError) -> [String: PythonLiteral] {
        try expect("{")
        var entries: [String: PythonLiteral] = [:]
        while true {
            skipSpaces()
            if peek == "}" { position += 1; break }
            guard case .string(let key) = try literal() else { throw NumPyError("a key that is not a string") }
            try expect(":")
            entries[key] = try literal()
            skipSpaces()
            if peek == "," { position += 1; continue }
            try expect("}")
            break
        }
        skipSpaces()
        guard position == characters.count else { throw NumPyError("text after the closing brace") }
        return entries
    }

    private mutating func literal() throws(NumPyError) -> PythonLiteral {
        skipSpaces()
        guard let first = peek else { throw NumPyError("it ends early") }
        switch first {
        case "'", "\"":
            position += 1
            let start = position
            while let character = peek, character != first { position += 1 }
            guard peek == first else { throw NumPyError("a string that does not end") }
            position += 1
            return .string(String(characters[start..<position - 1]))
        case "(":
            position += 1
            var items: [Int] = []
            while true {
                skipSpaces()
                if peek == ")" { position += 1; break }
                guard case .integer(let item) = try literal() else { throw NumPyError("a shape with an item that is not a whole number") }
                items.append(item)
                skipSpaces()
                if peek == "," { position += 1; continue }
                try expect(")")
                break
            }
            return .tuple(items)
        case "T", "F":
            for (word, value) in [("True", true), ("False", false)] where matches(word) {
                position += word.count
                return .bool(value)
            }
            throw NumPyError("a word other than True or False")
        default:
            let start = position
            while let character = peek, character.isASCII, character.isNumber || character == "L" { position += 1 }
            // Python 2 wrote long integers as 3L.
            let digits = String(characters[start..<position]).replacingOccurrences(of: "L", with: "")
            guard let value = Int(digits) else { throw NumPyError("unexpected '\(first)'") }
            return .integer(value)
        }
    }

    private var peek: Character? { position < characters.count ? characters[position] : nil }

    private func matches(_ word: String) -> Bool {
        characters.count - position >= word.count && String(characters[position..<position + word.count]) == word
    }

    private mutating func skipSpaces() {
        while let character = peek, character == " " || character == "\n" || character == "\t" { position += 1 }
    }

    private mutating func expect(_ character: Character) throws(NumPyError) {
        skipSpaces()
        guard peek == character else {
            throw NumPyError(peek.map { "'\($0)' where '\(character)' belongs" } ?? "it ends where '\(character)' belongs")
        }
        position += 1
    }
}
