import Foundation
import MinimaxExperiments
import Testing

@testable import MinimaxCommands

/// A `.npy` file with this header dictionary (padded as NumPy pads it) and these data bytes.
func npyFile(_ dictionary: String, data: [UInt8], version: UInt8 = 1) -> Data {
    let lengthBytes = version == 1 ? 2 : 4
    let unpadded = 8 + lengthBytes + dictionary.utf8.count + 1
    let header = dictionary + String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    let length = header.utf8.count
    var file = Data(NumPyFile.magic + [version, 0])
    file.append(contentsOf: (0..<lengthBytes).map { UInt8((length >> (8 * $0)) & 0xFF) })
    file.append(contentsOf: Array(header.utf8))
    file.append(contentsOf: data)
    return file
}

/// The bytes of Doubles in little-endian order.
func littleEndianBytes(_ values: [Double]) -> [UInt8] {
    values.flatMap { value in withUnsafeBytes(of: value.bitPattern.littleEndian) { Array($0) } }
}

@Suite("NumPy .npy files")
struct NumPyFileTests {
    /// What `np.save` wrote (NumPy 2.4) for `np.arange(6.).reshape(2, 3)`, `np.float64(1.5)` and
    /// `np.arange(3, dtype=np.float32)`.
    static let numpyMatrix = Data(base64Encoded: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDIsIDMpLCB9ICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAAAAAAAAAAAAPA/AAAAAAAAAEAAAAAAAAAIQAAAAAAAABBAAAAAAAAAFEA=")!
    static let numpyScalar = Data(base64Encoded: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY4JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKCksIH0gICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAAD4Pw==")!
    static let numpyFloat32 = Data(base64Encoded: "k05VTVBZAQB2AHsnZGVzY3InOiAnPGY0JywgJ2ZvcnRyYW5fb3JkZXInOiBGYWxzZSwgJ3NoYXBlJzogKDMsKSwgfSAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgIAoAAAAAAACAPwAAAEA=")!

    @Test("What we write is byte for byte what np.save writes")
    func sameBytesAsNumPy() {
        #expect(NumPyFile.encode(NumericArray(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])) == Self.numpyMatrix)
        #expect(NumPyFile.encode(NumericArray(1.5)) == Self.numpyScalar)
    }

    @Test("What np.save writes reads back with its shape, values and precision, float32 included")
    func readsNumPy() throws {
        #expect(try NumPyFile.decode(Self.numpyMatrix) == NumericArray(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5]))
        #expect(try NumPyFile.decode(Self.numpyScalar) == NumericArray(1.5))
        #expect(try NumPyFile.decode(Self.numpyFloat32) == NumericArray(shape: [3], scalars: [0, 1, 2]))
        #expect(try NumPyFile.read(Self.numpyMatrix).precision == .float64 && NumPyFile.read(Self.numpyFloat32).precision == .float32)
    }

    @Test("Every shape and every bit of every value survive a round trip; the data starts at a multiple of 64 bytes",
        arguments: [[], [0], [1], [7], [2, 3], [3, 0, 2], [2, 1, 3, 1, 2, 1]])
    func roundTrip(shape: [Int]) throws {
        let specials: [Double] = [0, -0.0, 1, -1.5, .pi, .leastNormalMagnitude / 4, -.leastNonzeroMagnitude, .greatestFiniteMagnitude, .infinity, -.infinity, .nan]
        let count = shape.reduce(1, *)
        let values = (0..<count).map { specials[$0 % specials.count] * (1 + Double($0 / specials.count)) }
        let data = NumPyFile.encode(NumericArray(shape: shape, scalars: values))
        #expect((data.count - 8 * count) % 64 == 0)
        #expect(data[data.count - 8 * count - 1] == UInt8(ascii: "\n"))
        let read = try NumPyFile.decode(data)
        #expect(read.shape == shape)
        #expect(read.scalars.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test("Big-endian and format versions 2.0 and 3.0 are read too")
    func otherLayouts() throws {
        let bigEndian = [1.0, -2.5].flatMap { value in withUnsafeBytes(of: value.bitPattern.bigEndian) { Array($0) } }
        #expect(try NumPyFile.decode(npyFile("{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", data: bigEndian))
            == NumericArray(shape: [2], scalars: [1, -2.5]))
        let float32 = [Float(0.5), -3].flatMap { value in withUnsafeBytes(of: value.bitPattern.bigEndian) { Array($0) } }
        #expect(try NumPyFile.decode(npyFile("{'descr': '>f4', 'fortran_order': False, 'shape': (1, 2), }", data: float32))
            == NumericArray(shape: [1, 2], scalars: [0.5, -3]))
        for version: UInt8 in [2, 3] {
            let file = npyFile("{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"<f8\"}", data: littleEndianBytes([4, 5]), version: version)
            #expect(try NumPyFile.decode(file) == NumericArray(shape: [2], scalars: [4, 5]))
        }
    }

    @Test("A malformed file is refused with what is wrong and how to save it", arguments: [
        (Data("x,y\n1,2\n".utf8), "not a NumPy .npy file: it does not start with \\x93NUMPY (write arrays with np.save)"),
        (Data(), "not a NumPy .npy file: it does not start with \\x93NUMPY (write arrays with np.save)"),
        (npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", data: littleEndianBytes([1, 2]), version: 4),
            "written in .npy format version 4.0, which compare cannot read (versions 1.0 to 3.0)"),
        (npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", data: []).prefix(30), "truncated: the file ends inside its header"),
        (npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", data: littleEndianBytes([1, 2, 3])),
            "truncated: its header says shape (2, 3) of float64, which needs 48 bytes of data, but the file holds 24"),
        (npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", data: []),
            "its header says shape (4611686018427387904, 4) of float64, more elements than any file can hold"),
        (npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (1152921504606846976, 4), }", data: []),
            "its header says shape (1152921504606846976, 4) of float64, more elements than any file can hold"),
        // These trapped: the product of the sizes overflows, then a zero made it 0.
        (npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 0), }", data: []),
            "its header says shape (4294967296, 4294967296, 0) of float64, more elements than any file can hold"),
        (npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 9223372036854775807), }", data: []),
            "its header says shape (9223372036854775807, 9223372036854775807) of float32, more elements than any file can hold"),
        (npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", data: littleEndianBytes([1, 2, 3])),
            "its header says shape (2,) of float64 (16 bytes of data), but the file holds 24: the header does not describe the data"),
        (npyFile("{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", data: littleEndianBytes([1, 2])),
            "its elements have dtype '<i8'; compare reads float64 or float32 arrays: save a.astype(np.float64)"),
        (npyFile("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", data: littleEndianBytes([1, 2])),
            "its elements have dtype '|O'; compare reads float64 or float32 arrays: save a.astype(np.float64)"),
        (npyFile("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 1), }", data: littleEndianBytes([1, 2])),
            "its elements are in Fortran order (column by column); save np.ascontiguousarray(a), in C order"),
        (npyFile("{'descr': '<f8', 'shape': (2,), }", data: littleEndianBytes([1, 2])),
            "its header has the keys descr, shape; a .npy header has exactly descr, fortran_order and shape"),
        (npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (2, -1), }", data: littleEndianBytes([1, 2])),
            "its header is not the dictionary .npy files have (unexpected '-'): {'descr': '<f8', 'fortran_order': False, 'shape': (2, -1), }"),
        (npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': 2, }", data: littleEndianBytes([1, 2])),
            "its header's shape is not a tuple of sizes such as (16, 1)"),
        (npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (2,) ", data: littleEndianBytes([1, 2])),
            "its header is not the dictionary .npy files have (it ends where '}' belongs): {'descr': '<f8', 'fortran_order': False, 'shape': (2,)"),
    ])
    func malformed(data: Data, message: String) {
        #expect(throws: NumPyError(message)) { try NumPyFile.decode(data) }
    }
}
