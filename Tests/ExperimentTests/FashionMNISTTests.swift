import Foundation
import MinimaxExperiments
import MinimaxRunner
import Testing

@Suite("Fashion-MNIST")
struct FashionMNISTTests {
    @Test("Both splits load with the published sizes, labels and class balance")
    func splits() throws {
        let train = try FashionMNIST.load(.train)
        #expect(train.count == 60_000)
        #expect(train.pixels.count == 60_000 * 784)
        // The first training labels as published: ankle boot, T-shirt, T-shirt, dress, ...
        #expect(train.labels.prefix(12).map(Int.init) == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5, 0, 9])
        for label in 0..<10 { #expect(train.labels.filter { $0 == label }.count == 6000) }
        let test = try FashionMNIST.load(.test)
        #expect(test.count == 10_000)
        let image = test.image(0)
        #expect(image.count == 784 && image.allSatisfy { (0...1).contains($0) } && image.max() == 1)
    }

    @Test("A missing data set is an error that gives the install command")
    func missing() {
        let nowhere = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")
        for (split, prefix) in [(FashionMNIST.Split.train, "train"), (.test, "t10k")] {
            let error = #expect(throws: ExperimentError.self) { try FashionMNIST.load(split, from: nowhere) }
            let file = nowhere.appendingPathComponent("\(prefix)-images-idx3-ubyte.gz").path
            #expect(
                error?.description
                    == "the Fashion-MNIST data set is not installed (no \(file)); install it with: sudo apt-get install dataset-fashion-mnist"
                    + " (or set MINIMAX_FASHION_MNIST to a folder holding its four .gz files)")
        }
    }

    @Test("The samples kind draws the asked classes, by the seed")
    func samples() throws {
        let parameters = FashionMNISTSamplesExperiment.Parameters(split: .test, count: 12, columns: 4, classes: [1, 8])
        let result = try FashionMNISTSamplesExperiment.run(parameters, context: ExperimentContext(seed: 3))
        let grid = try #require(result.images["samples"])
        #expect(grid.images.count == 12 && grid.columns == 4 && grid.width == 28)
        #expect(result.scalars["split_size"] == 10_000)
        #expect(result.tables["class_counts"]?.column("count") == [Double](repeating: 1000, count: 10))
        // The images are those of test images of classes 1 and 8 (trousers and bags).
        let test = try FashionMNIST.load(.test)
        let allowed = Set((0..<test.count).filter { [1, 8].contains(test.labels[$0]) }.map { test.image($0) })
        #expect(grid.images.allSatisfy { allowed.contains($0) })
        let again = try FashionMNISTSamplesExperiment.run(parameters, context: ExperimentContext(seed: 3))
        #expect(again == result)
        let other = try FashionMNISTSamplesExperiment.run(parameters, context: ExperimentContext(seed: 4))
        #expect(other.images != result.images)
    }

    /// A folder with a training split made of these bytes, gzipped as the data set ships them.
    static func split(images: [UInt8], labels: [UInt8]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-mnist-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, bytes) in [("train-images-idx3-ubyte", images), ("train-labels-idx1-ubyte", labels)] {
            let file = folder.appendingPathComponent(name)
            try Data(bytes).write(to: file)
            let gzip = Process()
            gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
            gzip.arguments = ["-n", file.path]
            try gzip.run()
            gzip.waitUntilExit()
        }
        return folder
    }

    /// An IDX header: the magic number, then each size, big-endian.
    static func header(_ magic: UInt32, _ sizes: [UInt32]) -> [UInt8] {
        ([magic] + sizes).flatMap { word in (0..<4).reversed().map { UInt8(truncatingIfNeeded: word >> (8 * $0)) } }
    }

    static let pixels = [UInt8](repeating: 7, count: 2 * 28 * 28)

    @Test("A damaged data set file is an error that says what is wrong with it and how to reinstall", arguments: [
        ("images-8-bytes", "train-images-idx3-ubyte.gz", "it ends after 8 bytes, inside its header of 16"),
        ("images-wrong-magic", "train-images-idx3-ubyte.gz", "it does not start with the IDX magic number 2051"),
        ("images-truncated", "train-images-idx3-ubyte.gz", "its header announces 2 × 28 × 28 values and it holds 1000"),
        ("images-huge-header", "train-images-idx3-ubyte.gz", "its header announces 4294967295 × 4294967295 × 4294967295 values and it holds 0"),
        ("images-not-28", "train-images-idx3-ubyte.gz", "its images are 28 × 56 pixels, not 28 × 28"),
        ("labels-200", "train-labels-idx1-ubyte.gz", "label 2 is 200; the classes are 0 to 9"),
        ("labels-count", "train-labels-idx1-ubyte.gz", "it holds 3 labels for the 2 images of train-images-idx3-ubyte.gz"),
        ("no-images", "train-images-idx3-ubyte.gz", "it holds no images"),
    ])
    func damaged(case name: String, file: String, problem: String) throws {
        let images: [UInt8], labels: [UInt8]
        switch name {
        case "images-8-bytes": (images, labels) = (Self.header(2051, [2]), Self.header(2049, [2]) + [1, 2])
        case "images-wrong-magic": (images, labels) = (Self.header(2049, [2, 28, 28]) + Self.pixels, Self.header(2049, [2]) + [1, 2])
        case "images-truncated": (images, labels) = (Self.header(2051, [2, 28, 28]) + Self.pixels.prefix(1000), Self.header(2049, [2]) + [1, 2])
        case "images-huge-header": (images, labels) = (Self.header(2051, [.max, .max, .max]), Self.header(2049, [2]) + [1, 2])
        case "images-not-28": (images, labels) = (Self.header(2051, [1, 28, 56]) + Self.pixels, Self.header(2049, [1]) + [1])
        case "labels-200": (images, labels) = (Self.header(2051, [2, 28, 28]) + Self.pixels, Self.header(2049, [2]) + [1, 200])
        case "labels-count": (images, labels) = (Self.header(2051, [2, 28, 28]) + Self.pixels, Self.header(2049, [3]) + [1, 2, 3])
        default: (images, labels) = (Self.header(2051, [0, 28, 28]), Self.header(2049, [0]))
        }
        let folder = try Self.split(images: images, labels: labels)
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = #expect(throws: ExperimentError.self) { try FashionMNIST.load(.train, from: folder) }
        #expect(
            error?.description
                == "\(folder.appendingPathComponent(file).path) is not a valid Fashion-MNIST file: \(problem); "
                + "reinstall the data set with: sudo apt-get install --reinstall dataset-fashion-mnist")
    }

    @Test("A well-formed small split loads, and a file gzip cannot read is named")
    func smallAndBroken() throws {
        let folder = try Self.split(images: Self.header(2051, [2, 28, 28]) + Self.pixels, labels: Self.header(2049, [2]) + [9, 0])
        defer { try? FileManager.default.removeItem(at: folder) }
        let data = try FashionMNIST.load(.train, from: folder)
        #expect(data.count == 2 && data.labels == [9, 0] && data.image(1).allSatisfy { $0 == 7.0 / 255 })
        try Data("not gzip".utf8).write(to: folder.appendingPathComponent("train-labels-idx1-ubyte.gz"))
        let error = #expect(throws: ExperimentError.self) { try FashionMNIST.load(.train, from: folder) }
        #expect(error?.description.contains("train-labels-idx1-ubyte.gz is not a valid Fashion-MNIST file: gzip cannot decompress it;") == true)
    }
}
