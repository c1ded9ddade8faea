import Foundation
import MinimaxEngine
import MinimaxRunner

/// `fashion-mnist-samples`: real images from Fashion-MNIST, the data the image chapters' GANs
/// learn to imitate, drawn at random (by the seed) from chosen classes.
public enum FashionMNISTSamplesExperiment: ExperimentKind {
    /// What each parameter means, and the values it accepts: `fields`, below.
    public struct Parameters: Sendable, Equatable {
        public var split: FashionMNIST.Split
        public var count: Int
        public var columns: Int
        /// Class indices to draw from; empty for all ten.
        public var classes: [Int]

        public init(split: FashionMNIST.Split, count: Int, columns: Int, classes: [Int]) {
            self.split = split
            self.count = count
            self.columns = columns
            self.classes = classes
        }
    }

    public static let name = "fashion-mnist-samples"
    public static let summary = "Shows random Fashion-MNIST images (Xiao et al. 2017) and counts the classes of a split."
    public static let version = 1

    public static let results: [ResultDeclaration] = [
        .imageGrid("samples", "The images drawn, row by row."),
        .scalar("split_size", "Images in the split."),
        .scalar("mean_intensity", "Mean pixel intensity over the whole split (0 black, 1 white)."),
        .table("class_counts", "How many images of each class the split holds.", columns: ["class": "The class index, 0 to 9.", "count": "Images of that class."]),
    ]

    public static func inputFiles(_ parameters: Parameters) throws -> [URL] {
        try FashionMNIST.files(parameters.split)
    }

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        let data = try FashionMNIST.load(parameters.split)
        let wanted = Set(parameters.classes.isEmpty ? Array(0..<10) : parameters.classes)
        let candidates = (0..<data.count).filter { wanted.contains(Int(data.labels[$0])) }
        var random = RandomSource(seed: context.seed)
        let chosen = random.permutation(candidates.count).prefix(parameters.count).map { candidates[$0] }
        var counts = [Double](repeating: 0, count: 10)
        for label in data.labels { counts[Int(label)] += 1 }
        let total = data.pixels.reduce(0) { $0 + Int($1) }
        return ExperimentResult(
            scalars: [
                "split_size": Double(data.count),
                "mean_intensity": Double(total) / Double(data.pixels.count) / 255,
            ],
            tables: ["class_counts": DataTable([("class", (0..<10).map(Double.init)), ("count", counts)])],
            images: [
                "samples": ImageGrid(
                    width: FashionMNIST.side, height: FashionMNIST.side, columns: parameters.columns,
                    images: chosen.map(data.image))
            ])
    }
}

extension FashionMNISTSamplesExperiment.Parameters: ParameterGroup {
    public static let defaults = Self(split: .train, count: 40, columns: 10, classes: [])

    public static let fields: [Field<Self>] = [
        Field("split", \.split, help: "Which part of the data set: train (60,000 images) or test (10,000)."),
        Field("count", \.count, help: "How many images to show.", .within(1...1000)),
        Field("columns", \.columns, help: "Images per row of the grid.", .within(1...100)),
        Field(
            "classes", \.classes,
            help: "Class indices to draw from (\(FashionMNIST.classNames.enumerated().map { "\($0) \($1)" }.joined(separator: ", "))); empty for all.",
            .each(within: 0...9, count: 0...10)),
    ]
}

extension FashionMNIST.Split: ParameterChoice {}
