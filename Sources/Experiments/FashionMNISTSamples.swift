import MinimaxEngine
import MinimaxRunner

/// `fashion-mnist-samples`: real images from Fashion-MNIST, the data the image chapters' GANs
/// learn to imitate, drawn at random (by the seed) from chosen classes.
public enum FashionMNISTSamplesExperiment: ExperimentKind {
    public struct Parameters: Codable, Sendable, Equatable {
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
    public static let defaults = Parameters(split: .train, count: 40, columns: 10, classes: [])

    public static let parameterHelp: [String: String] = [
        "split": "Which part of the data set: train (60,000 images) or test (10,000).",
        "count": "How many images to show.",
        "columns": "Images per row of the grid.",
        "classes": "Class indices to draw from, 0 to 9 (\(FashionMNIST.classNames.enumerated().map { "\($0) \($1)" }.joined(separator: ", "))); empty for all.",
    ]

    public static let resultHelp: [String: String] = [
        "samples": "The images drawn, row by row.",
        "split_size": "Images in the split.",
        "mean_intensity": "Mean pixel intensity over the whole split (0 black, 1 white).",
        "class_counts": "How many images of each class the split holds.",
        "class_counts.class": "The class index, 0 to 9.",
        "class_counts.count": "Images of that class.",
    ]

    public static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult {
        guard parameters.count >= 1 else { throw ExperimentError.invalidParameter(key: "count", message: "must be at least 1") }
        guard parameters.columns >= 1 else { throw ExperimentError.invalidParameter(key: "columns", message: "must be at least 1") }
        if let wrong = parameters.classes.first(where: { !(0..<10).contains($0) }) {
            throw ExperimentError.invalidParameter(key: "classes", message: "class indices go from 0 to 9, got \(wrong)")
        }
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
