/// What a lesson cell runs: an experiment kind, registered by name, with typed parameters.

/// A kind of experiment lessons can run, such as `optimal-discriminator`.
///
/// Its parameters are a `Codable` struct whose `init()` holds the defaults; a lesson overrides
/// any of them by key, and unknown keys or values of the wrong type are reported with the valid
/// choices. Its results are named scalars (quoted in prose, written to results.json) and named
/// tables (drawn as charts and written to data/*.tsv).
public protocol ExperimentKind: Sendable {
    associatedtype Parameters: Codable & Sendable

    /// The name lessons use, in kebab case.
    static var name: String { get }
    /// One line: what the experiment computes.
    static var summary: String { get }
    /// The defaults.
    static var defaults: Parameters { get }
    /// What each parameter means, by key (nested keys joined with dots).
    static var parameterHelp: [String: String] { get }
    /// What each scalar result and each table (and its columns) holds, by name.
    static var resultHelp: [String: String] { get }

    /// Runs the experiment. Throws `ExperimentError` for values it cannot run with, and for
    /// training that diverges.
    static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult
}

/// What an experiment gets from the runner besides its parameters.
public struct ExperimentContext: Sendable {
    /// The lesson's seed (or the one given on the command line): the only source of randomness.
    public var seed: UInt64
    /// Receives progress of long loops: step, total steps and current numbers to show.
    public var progress: @Sendable (_ step: Int, _ total: Int, _ values: [(String, Double)]) -> Void

    public init(seed: UInt64, progress: @escaping @Sendable (Int, Int, [(String, Double)]) -> Void = { _, _, _ in }) {
        self.seed = seed
        self.progress = progress
    }
}

/// A table of numbers: one column per series, one row per point.
public struct DataTable: Codable, Equatable, Sendable {
    public var columns: [String]
    public var rows: [[Double]]

    public init(columns: [String], rows: [[Double]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// A table from named columns of equal length.
    public init(_ columns: [(String, [Double])]) {
        self.columns = columns.map(\.0)
        let count = columns.first?.1.count ?? 0
        precondition(columns.allSatisfy { $0.1.count == count }, "DataTable: columns of different lengths")
        rows = (0..<count).map { i in columns.map { $0.1[i] } }
    }

    /// The values of one column, if it exists.
    public func column(_ name: String) -> [Double]? {
        columns.firstIndex(of: name).map { index in rows.map { $0[index] } }
    }
}

/// Images of equal size, shown as a grid: generated samples, or the data set's.
public struct ImageGrid: Codable, Equatable, Sendable {
    /// The size of one image in pixels.
    public var width: Int
    public var height: Int
    /// Images per row of the grid.
    public var columns: Int
    /// Each image's pixels, row by row, as intensities in [0, 1] (0 black, 1 white).
    public var images: [[Double]]

    public init(width: Int, height: Int, columns: Int, images: [[Double]]) {
        self.width = width
        self.height = height
        self.columns = columns
        self.images = images
    }
}

/// What one run of an experiment measured.
public struct ExperimentResult: Codable, Equatable, Sendable {
    /// Named numbers, quoted in prose as `{{ cell.name }}`.
    public var scalars: [String: Double]
    /// Named tables, drawn by charts and written to data/.
    public var tables: [String: DataTable]
    /// Named image grids.
    public var images: [String: ImageGrid]

    public init(scalars: [String: Double] = [:], tables: [String: DataTable] = [:], images: [String: ImageGrid] = [:]) {
        self.scalars = scalars
        self.tables = tables
        self.images = images
    }
}

/// Why an experiment could not produce its results.
public enum ExperimentError: Error, Equatable, CustomStringConvertible {
    /// A parameter value the experiment cannot run with (a negative standard deviation...).
    case invalidParameter(key: String, message: String)
    /// Training produced NaN or infinity at this step.
    case diverged(step: Int, detail: String)
    /// Data the experiment reads is not on this machine; the message says how to install it.
    case missingData(String)

    public var description: String {
        switch self {
        case .invalidParameter(let key, let message): "parameter '\(key)': \(message)"
        case .diverged(let step, let detail): "training diverged at step \(step): \(detail)"
        case .missingData(let message): message
        }
    }
}
