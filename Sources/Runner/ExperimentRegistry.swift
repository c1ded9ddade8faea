import Foundation

/// The experiment kinds lessons can name, looked up by name.
public struct ExperimentRegistry: Sendable {
    /// One kind with its types erased: what the runner needs to check, describe and run it.
    public struct Entry: Sendable {
        public let name: String
        public let version: Int
        public let summary: String
        /// The parameters, with their nested ones, meanings and accepted values.
        public let parameters: [FieldDescription]
        public let results: [ResultDeclaration]
        /// The defaults, as a lesson would write them.
        public let defaults: ParameterValue
        /// A cell's overrides read over the defaults and checked, ready to run. Throws
        /// `ParameterError` for a value the kind does not accept, and `ExperimentError.unusableData`
        /// for input files that are not on this machine.
        let prepare: @Sendable (_ overrides: ParameterValue) throws -> PreparedRun

        /// The declared result named `name`, if any.
        public func result(_ name: String) -> ResultDeclaration? {
            results.first { $0.name == name }
        }

        /// The names of the results of one shape.
        func resultNames(where shape: (ResultDeclaration.Shape) -> Bool) -> [String] {
            results.filter { shape($0.shape) }.map(\.name)
        }

        /// The scalar results: what placeholders and claims may quote.
        public var scalarNames: [String] {
            resultNames { $0 == .scalar }
        }

        /// Whether a run produced exactly what the kind declares; the first difference if not.
        /// A difference is a bug in the kind, not in the lesson.
        func mismatch(_ result: ExperimentResult) -> String? {
            for declared in results {
                switch declared.shape {
                case .scalar where result.scalars[declared.name] == nil:
                    return "produced no \(declared.shapeName) '\(declared.name)'"
                case .imageGrid:
                    guard let grid = result.images[declared.name] else { return "produced no \(declared.shapeName) '\(declared.name)'" }
                    // Bounded, so that drawing it can neither overflow nor exhaust memory.
                    guard (1...4096).contains(grid.width), (1...4096).contains(grid.height), (1...max(1, grid.images.count)).contains(grid.columns) else {
                        return "produced image grid '\(declared.name)' of \(grid.width)×\(grid.height) images in \(grid.columns) columns"
                    }
                    if let bad = grid.images.firstIndex(where: { $0.count != grid.width * grid.height }) {
                        return "produced image grid '\(declared.name)' whose image \(bad + 1) has \(grid.images[bad].count) pixels, not \(grid.width)×\(grid.height)"
                    }
                case .table(let columns):
                    guard let table = result.tables[declared.name] else { return "produced no table '\(declared.name)'" }
                    guard table.columns == columns.map(\.name) else {
                        return "produced table '\(declared.name)' with columns \(table.columns.joined(separator: ", ")), not the declared \(columns.map(\.name).joined(separator: ", "))"
                    }
                    if let bad = table.rows.firstIndex(where: { $0.count != table.columns.count }) {
                        return "produced table '\(declared.name)' whose row \(bad + 1) has \(table.rows[bad].count) values for \(table.columns.count) columns"
                    }
                default: break
                }
            }
            let produced = Array(result.scalars.keys) + Array(result.tables.keys) + Array(result.images.keys)
            if let extra = produced.sorted().first(where: { self.result($0) == nil }) { return "produced '\(extra)', which it does not declare" }
            return nil
        }
    }

    /// A cell's checked parameters, bound to the kind that runs them.
    struct PreparedRun: Sendable {
        /// The complete parameters, as a lesson would write them.
        var parameters: ParameterValue
        /// The files the run reads.
        var inputFiles: [URL]
        var run: @Sendable (ExperimentContext) throws -> ExperimentResult
    }

    public let entries: [String: Entry]
    /// The names in the order they were registered: the order lessons introduce them.
    public let names: [String]

    public init(_ kinds: [any ExperimentKind.Type]) {
        entries = Dictionary(uniqueKeysWithValues: kinds.map { ($0.name, Self.entry($0)) })
        names = kinds.map { $0.name }
    }

    static func entry<Kind: ExperimentKind>(_ kind: Kind.Type) -> Entry {
        Entry(
            name: Kind.name, version: Kind.version, summary: Kind.summary, parameters: Kind.Parameters.nestedFields,
            results: Kind.results, defaults: Kind.Parameters.defaults.parameterValue,
            prepare: { overrides in
                let parameters = try Kind.Parameters.read(overrides, over: Kind.Parameters.defaults, at: "")
                return PreparedRun(
                    parameters: parameters.parameterValue, inputFiles: try Kind.inputFiles(parameters),
                    run: { context in try Kind.run(parameters, context: context) })
            })
    }

    /// The kind named `name`, if registered.
    public subscript(name: String) -> Entry? { entries[name] }
}
