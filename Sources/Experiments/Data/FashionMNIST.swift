import Foundation
import MinimaxRunner

/// Fashion-MNIST (Xiao, Rasul & Vollgraf 2017): 28 × 28 grayscale images of clothing in ten
/// classes, 60,000 for training and 10,000 for testing, read from Debian's
/// `dataset-fashion-mnist` (gzipped IDX files).
public struct FashionMNIST: Sendable {
    public enum Split: String, Sendable, CaseIterable {
        case train
        case test

        /// The IDX files' prefix in the data set's folder.
        var filePrefix: String { self == .train ? "train" : "t10k" }
    }

    public static let classNames = [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ]
    /// The side of every image, in pixels.
    public static let side = 28

    /// Where the data set is read from: `$MINIMAX_FASHION_MNIST`, or where Debian installs it.
    public static var directory: URL {
        URL(fileURLWithPath: ProcessInfo.processInfo.environment["MINIMAX_FASHION_MNIST"] ?? "/usr/share/datasets/fashion-mnist")
    }

    /// All pixels, image after image, row by row: 0 is black, 255 white.
    public let pixels: [UInt8]
    /// The class of each image, 0 to 9 (see `classNames`).
    public let labels: [UInt8]

    public var count: Int { labels.count }

    /// Image `index`'s pixels as intensities in [0, 1].
    public func image(_ index: Int) -> [Double] {
        let size = Self.side * Self.side
        return pixels[index * size..<(index + 1) * size].map { Double($0) / 255 }
    }

    /// The two files of a split, images then labels. A missing file is an error that says how
    /// to install the data set.
    public static func files(_ split: Split, in directory: URL = directory) throws -> [URL] {
        let files = ["images-idx3", "labels-idx1"].map { directory.appendingPathComponent("\(split.filePrefix)-\($0)-ubyte.gz") }
        if let missing = files.first(where: { !FileManager.default.fileExists(atPath: $0.path) }) {
            throw ExperimentError.missingData(
                "the Fashion-MNIST data set is not installed (no \(missing.path)); install it with: sudo apt-get install dataset-fashion-mnist"
                    + " (or set MINIMAX_FASHION_MNIST to a folder holding its four .gz files)")
        }
        return files
    }

    /// Reads one split. A missing file is an error that says how to install the data set.
    public static func load(_ split: Split, from directory: URL = directory) throws -> FashionMNIST {
        let files = try files(split, in: directory)
        let images = try idx(files[0], magic: 2051)
        let labels = try idx(files[1], magic: 2049)
        guard images.dimensions.dropFirst() == [side, side], images.dimensions.first == labels.dimensions.first else {
            throw ExperimentError.missingData("the Fashion-MNIST files in \(directory.path) do not match: images \(images.dimensions), labels \(labels.dimensions)")
        }
        return FashionMNIST(pixels: images.values, labels: labels.values)
    }

    /// The dimensions and bytes of a gzipped IDX file (LeCun's format: a magic number whose low
    /// byte counts the dimensions, big-endian 32-bit sizes, then unsigned bytes).
    static func idx(_ file: URL, magic: UInt32) throws -> (dimensions: [Int], values: [UInt8]) {
        let bytes = try gunzip(file)
        func word(_ offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        guard bytes.count >= 8, word(0) == magic else {
            throw ExperimentError.missingData("\(file.path) is not an IDX file of the expected kind (magic \(magic))")
        }
        let rank = Int(magic & 0xFF)
        let dimensions = (0..<rank).map { Int(word(4 + 4 * $0)) }
        let start = 4 + 4 * rank
        // A damaged header could name sizes whose product overflows.
        let count = dimensions.reduce(Optional(1)) { product, size in
            product.flatMap { $0.multipliedReportingOverflow(by: size) }.flatMap { $0.overflow ? nil : $0.partialValue }
        }
        guard bytes.count >= start, bytes.count - start == count else {
            throw ExperimentError.missingData("\(file.path) is truncated: \(bytes.count - start) values for dimensions \(dimensions)")
        }
        return (dimensions, Array(bytes[start...]))
    }

    /// The file's contents, decompressed by the system's gzip.
    static func gunzip(_ file: URL) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ExperimentError.missingData("\(file.path) could not be decompressed by gzip; reinstall dataset-fashion-mnist")
        }
        return [UInt8](data)
    }
}
