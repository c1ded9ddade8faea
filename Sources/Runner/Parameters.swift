import Foundation

/// How a kind declares its parameters: one declaration per parameter carries its name, its
/// default (from the kind's `defaults`), what it means and the values it accepts.
///
/// A lesson's value is read against this declaration at plan time, before anything runs: a
/// number where a whole number is expected, a value out of bounds, NaN, a key the kind does not
/// have (at any depth, inside list items too) are all reported with the parameter's path.

/// A value a lesson can give a parameter: read from what the lesson wrote, written back for the
/// report and the cache key, and described for `minimax kinds`.
public protocol ParameterType: Sendable {
    /// Reads what the lesson wrote. `current` is the value it replaces (the default, for a
    /// top-level parameter), or nil for an item of a list, which is written whole; groups merge
    /// key by key over `current`, anything else replaces it.
    static func read(_ value: ParameterValue, over current: Self?, at path: String) throws(ParameterError) -> Self
    /// The value as a lesson would write it.
    var parameterValue: ParameterValue { get }
    /// What a lesson must write, in words: "a whole number", "a list of numbers".
    static var expected: String { get }
    /// The parameters nested in this one (a group's fields, or a list item's), for help.
    static var nestedFields: [FieldDescription] { get }
}

extension ParameterType {
    public static var nestedFields: [FieldDescription] { [] }
}

/// A parameter named in `minimax kinds` and a report: its path, meaning, type and default.
public struct FieldDescription: Sendable, Equatable {
    /// The name under its parent (`from`); nested fields are shown as `grid.from`.
    public var name: String
    public var help: String
    /// "a whole number from 2 to 100001".
    public var expected: String
    public var nested: [FieldDescription]
}

/// Why a lesson's parameter value cannot be used. `path` is the dotted path in the lesson
/// (`grid.points`, `p_g[2].sd`).
public enum ParameterError: Error, Equatable {
    /// A key the kind does not have; `valid` are the keys at that level, as full paths.
    case unknownKey(String, valid: [String])
    /// A value of the wrong type, out of bounds, or breaking a rule: `message` completes
    /// "parameter 'path' must …".
    case invalid(String, message: String)

    public var path: String {
        switch self {
        case .unknownKey(let path, _), .invalid(let path, _): path
        }
    }
}

// MARK: - Groups of named parameters

/// Parameters with names: a kind's parameters, or a nested mapping such as a grid.
///
/// ```swift
/// struct Grid: ParameterGroup {
///     var from = -5.0, to = 5.0, points = 201
///     static let defaults = Grid()
///     static let fields: [Field<Grid>] = [
///         Field("from", \.from, help: "The first point."),
///         Field("to", \.to, help: "The last point."),
///         Field("points", \.points, help: "How many points.", .within(2...100_001)),
///     ]
/// }
/// ```
public protocol ParameterGroup: ParameterType {
    /// The value every read starts from. For a kind's parameters, the kind's defaults.
    static var defaults: Self { get }
    static var fields: [Field<Self>] { get }
    /// Rules between fields (`to` above `from`), checked after every field is read. Throws
    /// `ParameterError.invalid` with the path of the field at fault under `path`.
    static func check(_ value: Self, at path: String) throws(ParameterError)
}

extension ParameterGroup {
    public static func check(_ value: Self, at path: String) throws(ParameterError) {}

    public static var expected: String { "a mapping of " + fields.map(\.name).joined(separator: ", ") }

    public static var nestedFields: [FieldDescription] { fields.map(\.description) }

    public var parameterValue: ParameterValue {
        .object(Dictionary(uniqueKeysWithValues: Self.fields.map { ($0.name, $0.write(self)) }))
    }

    public static func read(_ value: ParameterValue, over current: Self?, at path: String) throws(ParameterError) -> Self {
        guard case .object(let entries) = value else {
            throw .invalid(path, message: "must be \(expected), got \(value.displayText)")
        }
        let names = fields.map(\.name)
        for key in entries.keys.sorted() where !names.contains(key) {
            throw .unknownKey(parameterPath(path, key), valid: names.sorted().map { parameterPath(path, $0) })
        }
        if current == nil {
            // A list item is written whole: there is no default to fill a gap with.
            let missing = names.filter { entries[$0] == nil }
            guard missing.isEmpty else {
                throw .invalid(path, message: "needs \(missing.joined(separator: ", ")) (each item has \(names.joined(separator: ", ")))")
            }
        }
        var result = current ?? defaults
        for field in fields {
            if let entry = entries[field.name] { try field.read(&result, entry, parameterPath(path, field.name)) }
        }
        try check(result, at: path)
        return result
    }
}

/// The path of `key` under `parent` as errors name it: `parent.key`, or `key` at the top.
public func parameterPath(_ parent: String, _ key: String) -> String {
    parent.isEmpty ? key : "\(parent).\(key)"
}

/// One named parameter of a group: where it is stored, what it means, what it accepts.
public struct Field<Root>: @unchecked Sendable {
    // Key paths are immutable values; `@unchecked` only because WritableKeyPath is not marked Sendable.
    public let name: String
    public let help: String
    let expected: String
    let nested: [FieldDescription]
    let read: (inout Root, ParameterValue, String) throws(ParameterError) -> Void
    let write: (Root) -> ParameterValue

    /// A parameter stored at `keyPath`, accepting any value of its type (finite, for numbers) or,
    /// with `bound`, only those within it.
    public init<Value: ParameterType>(
        _ name: String, _ keyPath: WritableKeyPath<Root, Value>, help: String, _ bound: Bound<Value>? = nil
    ) {
        self.name = name
        self.help = help
        expected = Value.expected + (bound.map { " \($0.description)" } ?? "")
        nested = Value.nestedFields
        let expected = self.expected
        read = { (root: inout Root, value: ParameterValue, path: String) throws(ParameterError) in
            let outOfBounds = ParameterError.invalid(path, message: "must be \(expected), got \(value.displayText)")
            let read: Value
            do throws(ParameterError) {
                read = try Value.read(value, over: root[keyPath: keyPath], at: path)
            } catch {
                // The same words whether the type or the bound is wrong.
                if case .invalid(let at, _) = error, at == path, bound != nil { throw outOfBounds }
                throw error
            }
            if let bound, !bound.contains(read) { throw outOfBounds }
            root[keyPath: keyPath] = read
        }
        write = { $0[keyPath: keyPath].parameterValue }
    }

    public var description: FieldDescription {
        FieldDescription(name: name, help: help, expected: expected, nested: nested)
    }
}

/// The values a parameter accepts beyond its type, said in words for errors and help.
public struct Bound<Value>: Sendable {
    /// Completes "a whole number …": "from 1 to 1000".
    public let description: String
    let contains: @Sendable (Value) -> Bool

    public init(_ description: String, contains: @escaping @Sendable (Value) -> Bool) {
        self.description = description
        self.contains = contains
    }
}

extension Bound where Value == Int {
    /// A whole number in `range`.
    public static func within(_ range: ClosedRange<Int>) -> Bound {
        Bound("from \(range.lowerBound) to \(range.upperBound)") { range.contains($0) }
    }
}

extension Bound where Value == Double {
    /// A number in `range`.
    public static func within(_ range: ClosedRange<Double>) -> Bound {
        Bound("from \(formatNumber(range.lowerBound)) to \(formatNumber(range.upperBound))") { range.contains($0) }
    }

    /// A number above 0 and at most `maximum`.
    public static func positive(atMost maximum: Double) -> Bound {
        Bound("above 0 and at most \(formatNumber(maximum))") { $0 > 0 && $0 <= maximum }
    }
}

extension Bound where Value == [Int] {
    /// A list of `count` whole numbers, each in `range`.
    public static func each(within range: ClosedRange<Int>, count: ClosedRange<Int>) -> Bound {
        Bound("of \(count.lowerBound) to \(count.upperBound) items, each from \(range.lowerBound) to \(range.upperBound)") {
            count.contains($0.count) && $0.allSatisfy(range.contains)
        }
    }
}

// MARK: - Values

extension Int: ParameterType {
    public static let expected = "a whole number"

    public static func read(_ value: ParameterValue, over current: Int?, at path: String) throws(ParameterError) -> Int {
        // Within ±2⁵³ every whole Double is exact, and converting cannot trap.
        guard case .number(let number) = value, number == number.rounded(), abs(number) <= 9_007_199_254_740_992 else {
            throw .invalid(path, message: "must be \(expected), got \(value.displayText)")
        }
        return Int(number)
    }

    public var parameterValue: ParameterValue { .number(Double(self)) }
}

extension Double: ParameterType {
    public static let expected = "a number"

    public static func read(_ value: ParameterValue, over current: Double?, at path: String) throws(ParameterError) -> Double {
        guard case .number(let number) = value, number.isFinite else {
            throw .invalid(path, message: "must be a finite number, got \(value.displayText)")
        }
        return number
    }

    public var parameterValue: ParameterValue { .number(self) }
}

extension Bool: ParameterType {
    public static let expected = "true or false"

    public static func read(_ value: ParameterValue, over current: Bool?, at path: String) throws(ParameterError) -> Bool {
        guard case .bool(let bool) = value else { throw .invalid(path, message: "must be \(expected), got \(value.displayText)") }
        return bool
    }

    public var parameterValue: ParameterValue { .bool(self) }
}

extension Array: ParameterType where Element: ParameterType {
    public static var expected: String { "a list of " + plural(Element.expected) }

    public static var nestedFields: [FieldDescription] { Element.nestedFields }

    /// A list replaces the default whole; each item is read on its own, as `path[1]`, `path[2]`…
    public static func read(_ value: ParameterValue, over current: [Element]?, at path: String) throws(ParameterError) -> [Element] {
        guard case .array(let items) = value else { throw .invalid(path, message: "must be \(expected), got \(value.displayText)") }
        var result: [Element] = []
        for (index, item) in items.enumerated() {
            result.append(try Element.read(item, over: nil, at: "\(path)[\(index + 1)]"))
        }
        return result
    }

    public var parameterValue: ParameterValue { .array(map(\.parameterValue)) }
}

/// "a whole number" → "whole numbers", for "a list of …".
private func plural(_ expected: String) -> String {
    switch expected {
    case "a whole number": "whole numbers"
    case "a number": "numbers"
    case "true or false": "true or false values"
    default: expected.hasPrefix("a mapping") ? "mappings" + expected.dropFirst("a mapping".count) : expected
    }
}

/// A parameter that takes one of a few names, such as a data set's `train` or `test`.
public protocol ParameterChoice: ParameterType, RawRepresentable, CaseIterable where RawValue == String {}

extension ParameterChoice {
    public static var expected: String { "one of " + allCases.map(\.rawValue).joined(separator: ", ") }

    public static func read(_ value: ParameterValue, over current: Self?, at path: String) throws(ParameterError) -> Self {
        guard case .string(let name) = value, let choice = Self(rawValue: name) else {
            throw .invalid(path, message: "must be \(expected), got \(value.displayText)")
        }
        return choice
    }

    public var parameterValue: ParameterValue { .string(rawValue) }
}
