import Foundation


/// A kind of experiment lessons can run, such as `optimal-discriminator`.
///
/// It declares everything a lesson may name before anything runs: its parameters (each with
/// its default, meaning and bounds, in `Parameters.fields`) and its results (scalars, tables
/// with their columns, image grids). The runner checks a lesson against these declarations at
/// plan time, and checks each run's result against them.
public protocol ExperimentKind: Sendable {
    associatedtype Parameters: ParameterGroup

    /// The name lessons use, in kebab case.
    static var name: String { get }
    /// Bumped whenever what the kind computes changes, so that cached results of the old code
    /// are not reused and `minimax list` reports the output as out of date.
    static var version: Int { get }
    /// One line: what the experiment computes.
    static var summary: String { get }
    /// Every result it produces.
    static var results: [ResultDeclaration] { get }

    /// The files a run with these parameters reads (a data set): their contents are part of the
    /// cache key. Throws `ExperimentError.unusableData` when one is missing, so that this is
    /// found at plan time. None by default.
    static func inputFiles(_ parameters: Parameters) throws -> [URL]

    /// Runs the experiment on parameters the plan has already checked. Throws
    /// `ExperimentError.diverged` for training that diverges.
    static func run(_ parameters: Parameters, context: ExperimentContext) throws -> ExperimentResult
}

extension ExperimentKind {
    public static func inputFiles(_ parameters: Parameters) throws -> [URL] { [] }

    /// The parameters a cell runs with when it sets none.
    public static var defaults: Parameters { Parameters.defaults }
}

/// One result a kind declares: what lessons may show, quote and claim.
public struct ResultDeclaration: Sendable, Equatable {
    public enum Shape: Sendable, Equatable {
        /// A number, quoted in prose as `{{ cell.name }}` and used in claims.
        case scalar
        /// A table with these columns, drawn by charts and written to data/*.tsv.
        case table([Column])
        /// Images of equal size, shown by `images:`.
        case imageGrid

        /// The columns of a table; nil for scalars and image grids.
        public var columns: [Column]? {
            if case .table(let columns) = self { columns } else { nil }
        }
    }

    public struct Column: Sendable, Equatable {
        public var name: String
        public var meaning: String
    }

    /// How closely a run on another machine reproduces a result: what `minimax check --rerun`
    /// holds a new run to.
    public enum Reproduction: Sendable, Equatable {
        /// Computed in Double by closed form or quadrature: agrees to rounding,
        /// |a − e| ≤ 1e-9 + 1e-9·|e|.
        case exact
        /// Depends on Float networks and training, which other CPUs round differently (BLAS
        /// kernels sum in other orders) and training amplifies: agrees within
        /// |a − e| ≤ absolute + relative·|e|. The lesson's claims hold it to what matters.
        case trained(relative: Double, absolute: Double)
        /// Comes from a GAN's trajectory, which a difference in rounding sends elsewhere (the
        /// generator may collapse onto another mode): no tolerance says anything, and only the
        /// lesson's claims hold it.
        case chaotic

        /// The tolerance's two parts (infinite for a chaotic result).
        public var bounds: (relative: Double, absolute: Double) {
            switch self {
            case .exact: (1e-9, 1e-9)
            case .trained(let relative, let absolute): (relative, absolute)
            case .chaotic: (.infinity, .infinity)
            }
        }

        /// How another machine reproduces it, in words: for `minimax kinds`.
        public var description: String {
            switch self {
            case .exact: "reproduced to rounding"
            case .trained(let relative, let absolute): "trained: reproduced within \(formatNumber(absolute)) + \(formatNumber(relative))·|value|"
            case .chaotic: "from a GAN's trajectory: only the lesson's claims hold it"
            }
        }
    }

    public var name: String
    public var meaning: String
    public var shape: Shape
    public var reproduction: Reproduction

    public static func scalar(_ name: String, _ meaning: String, _ reproduction: Reproduction = .exact) -> ResultDeclaration {
        ResultDeclaration(name: name, meaning: meaning, shape: .scalar, reproduction: reproduction)
    }

    /// A table; `columns` are (name, meaning) pairs in the order the table has them.
    public static func table(
        _ name: String, _ meaning: String, columns: KeyValuePairs<String, String>, _ reproduction: Reproduction = .exact
    ) -> ResultDeclaration {
        ResultDeclaration(
            name: name, meaning: meaning, shape: .table(columns.map { Column(name: $0.key, meaning: $0.value) }),
            reproduction: reproduction)
    }

    public static func imageGrid(_ name: String, _ meaning: String, _ reproduction: Reproduction = .exact) -> ResultDeclaration {
        ResultDeclaration(name: name, meaning: meaning, shape: .imageGrid, reproduction: reproduction)
    }

    /// The columns of a table; nil for scalars and image grids.
    public var columns: [Column]? { shape.columns }

    /// "a number", "a table", "an image grid", for errors.
    public var shapeName: String {
        switch shape {
        case .scalar: "a number"
        case .table: "a table"
        case .imageGrid: "an image grid"
        }
    }
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

    /// The rows in increasing order of one column, rows with equal values keeping their order.
    func sorted(by column: String) -> DataTable {
        guard let index = columns.firstIndex(of: column) else { return self }
        let order = rows.indices.sorted { (rows[$0][index], $0) < (rows[$1][index], $1) }
        return DataTable(columns: columns, rows: order.map { rows[$0] })
    }

    /// The rows whose `column` is one of `values` (all rows when `values` is nil, or when the
    /// table has no such column).
    func keeping(column: String, values: [Double]?) -> DataTable {
        guard let values, let index = columns.firstIndex(of: column) else { return self }
        let kept = Set(values)
        return DataTable(columns: columns, rows: rows.filter { kept.contains($0[index]) })
    }

    /// The range of row indices whose `column` equals `value`, in a table sorted by it.
    func rows(where column: String, equals value: Double) -> ClosedRange<Int>? {
        guard let index = columns.firstIndex(of: column),
            let first = rows.firstIndex(where: { $0[index] == value }),
            let last = rows.lastIndex(where: { $0[index] == value })
        else { return nil }
        return first...last
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

/// What one run of an experiment measured: the results its kind declares, by name.
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
    /// Data the experiment reads is not on this machine, or damaged; the message says what is
    /// wrong and how to install or reinstall it.
    case unusableData(String)

    public var description: String {
        switch self {
        case .invalidParameter(let key, let message): "parameter '\(key)': \(message)"
        case .diverged(let step, let detail): "training diverged at step \(step): \(detail)"
        case .unusableData(let message): message
        }
    }
}
