import Foundation

/// The experiment kinds lessons can name, looked up by name.
public struct ExperimentRegistry: Sendable {
    /// One kind with its types erased: what the runner needs to check, describe and run it.
    public struct Entry: Sendable {
        public let name: String
        public let summary: String
        public let parameterHelp: [String: String]
        public let resultHelp: [String: String]
        /// The defaults, as values.
        public let defaults: ParameterValue
        /// Decodes complete parameters (defaults merged with a cell's overrides) and runs.
        let run: @Sendable (ParameterValue, ExperimentContext) throws -> ExperimentResult
        /// Decodes complete parameters without running, to check a cell before any work.
        let check: @Sendable (ParameterValue) throws -> Void

        /// The complete parameters of a cell: its overrides laid over the defaults, checked for
        /// unknown keys and types.
        func parameters(overriding overrides: ParameterValue) throws -> ParameterValue {
            let merged = try defaults.merging(overrides)
            try check(merged)
            return merged
        }

        /// The scalar results this kind declares: help entries that are neither a column
        /// (`table.column`) nor a table with columns.
        public var resultNames: [String] {
            let tables = Set(resultHelp.keys.compactMap { $0.split(separator: ".").count == 2 ? String($0.split(separator: ".")[0]) : nil })
            return resultHelp.keys.filter { !$0.contains(".") && !tables.contains($0) }.sorted()
        }
    }

    public let entries: [String: Entry]

    public init(_ kinds: [any ExperimentKind.Type]) {
        var entries: [String: Entry] = [:]
        for kind in kinds {
            entries[kind.name] = Self.entry(kind)
        }
        self.entries = entries
    }

    static func entry<Kind: ExperimentKind>(_ kind: Kind.Type) -> Entry {
        Entry(
            name: Kind.name, summary: Kind.summary, parameterHelp: Kind.parameterHelp, resultHelp: Kind.resultHelp,
            defaults: try! ParameterValue.encoding(Kind.defaults),
            run: { value, context in try Kind.run(value.decoded(as: Kind.Parameters.self), context: context) },
            check: { value in _ = try value.decoded(as: Kind.Parameters.self) })
    }

    /// The kind named `name`, if registered.
    public subscript(name: String) -> Entry? { entries[name] }

    /// The registered names, sorted.
    public var names: [String] { entries.keys.sorted() }
}
