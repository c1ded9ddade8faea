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
}
