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
            throw ExperimentError.unusableData(
                "the Fashion-MNIST data set is not installed (no \(missing.path)); install it with: sudo apt-get install dataset-fashion-mnist"
                    + " (or set MINIMAX_FASHION_MNIST to a folder holding its four .gz files)")
        }
        return files
    }

    /// Reads one split. A missing file is an error that says how to install the data set, and
    /// a damaged one (truncated, another format, labels outside 0–9, no images) an error that
    /// says what is wrong with it: the image lessons stand on these files.
    public static func load(_ split: Split, from directory: URL = directory) throws -> FashionMNIST {
        let files = try files(split, in: directory)
        let images = try idx(files[0], magic: 2051)
        let labels = try idx(files[1], magic: 2049)
        guard images.dimensions.dropFirst() == [side, side] else {
            throw damaged(files[0], "its images are \(images.dimensions.dropFirst().map(String.init).joined(separator: " × ")) pixels, not \(side) × \(side)")
        }
        guard images.dimensions[0] == labels.dimensions[0] else {
            throw damaged(files[1], "it holds \(labels.dimensions[0]) labels for the \(images.dimensions[0]) images of \(files[0].lastPathComponent)")
        }
        guard images.dimensions[0] > 0 else { throw damaged(files[0], "it holds no images") }
        if let bad = labels.values.firstIndex(where: { $0 >= classNames.count }) {
            throw damaged(files[1], "label \(bad + 1) is \(labels.values[bad]); the classes are 0 to \(classNames.count - 1)")
        }
        return FashionMNIST(pixels: images.values, labels: labels.values)
    }

    /// The error for a file of the data set that cannot be read as it should.
    static func damaged(_ file: URL, _ problem: String) -> ExperimentError {
        .unusableData(
            "\(file.path) is not a valid Fashion-MNIST file: \(problem); reinstall the data set with: "
                + "sudo apt-get install --reinstall dataset-fashion-mnist")
    }

    /// The largest decompressed file read: the training images take 47,040,016 bytes. A larger
    /// one is no Fashion-MNIST file, and is not read into memory.
    static let largestFile = 64 << 20

    /// The dimensions and bytes of a gzipped IDX file (LeCun's format: a magic number whose low
    /// byte counts the dimensions, big-endian 32-bit sizes, then unsigned bytes).
    static func idx(_ file: URL, magic: UInt32) throws -> (dimensions: [Int], values: [UInt8]) {
        let bytes = try gunzip(file)
        let rank = Int(magic & 0xFF)
        let start = 4 + 4 * rank
        func word(_ offset: Int) -> UInt32 {
            bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        guard bytes.count >= 4, word(0) == magic else {
            throw damaged(file, "it does not start with the IDX magic number \(magic)")
        }
        guard bytes.count >= start else {
            throw damaged(file, "it ends after \(bytes.count) bytes, inside its header of \(start)")
        }
        let dimensions = (0..<rank).map { Int(word(4 + 4 * $0)) }
        // A damaged header could name sizes whose product overflows.
        let count = dimensions.reduce(Optional(1)) { product, size in
            product.flatMap { $0.multipliedReportingOverflow(by: size) }.flatMap { $0.overflow ? nil : $0.partialValue }
        }
        guard bytes.count - start == count else {
            throw damaged(
                file,
                "its header announces \(dimensions.map(String.init).joined(separator: " × ")) values and it holds \(bytes.count - start)")
        }
        return (dimensions, Array(bytes[start...]))
    }

    /// The file's contents, decompressed by the system's gzip, at most `largestFile` bytes.
    static func gunzip(_ file: URL) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", file.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ExperimentError.unusableData("could not run /bin/gzip to read \(file.path): \(error.localizedDescription)")
        }
        var bytes: [UInt8] = []
        let reader = output.fileHandleForReading
        while let chunk = try? reader.read(upToCount: 1 << 20), !chunk.isEmpty {
            bytes += chunk
            if bytes.count > largestFile {
                process.terminate()
                process.waitUntilExit()
                throw damaged(file, "it decompresses to more than \(largestFile >> 20) MiB")
            }
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw damaged(file, "gzip cannot decompress it")
        }
        return bytes
    }
}
