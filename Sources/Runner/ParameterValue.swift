import Foundation
import Yams

/// A parameter value as written in a lesson: the JSON data model, which YAML cells map onto.
///
/// Parameters flow as values of this type between the lesson and an experiment's typed
/// `Parameters`: defaults are encoded to it, a cell's overrides are merged in key by key, and
/// the result is decoded back, so every typed parameter can be set from YAML without code per
/// parameter. Its sorted JSON text is the parameters' part of a cell's cache key.
public indirect enum ParameterValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ParameterValue])
    case object([String: ParameterValue])

    /// The value of a YAML node, with scalars typed as YAML 1.2's core schema reads them.
    init(_ node: Node) {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if let bool = Bool.construct(from: scalar) { self = .bool(bool); return }
                if let number = Double.construct(from: scalar) { self = .number(number); return }
                if NSNull.construct(from: scalar) != nil { self = .null; return }
            }
            self = .string(scalar.string)
        case .sequence(let sequence):
            self = .array(sequence.map(ParameterValue.init))
        case .mapping(let mapping):
            var object: [String: ParameterValue] = [:]
            for (key, value) in mapping {
                object[key.string ?? "\(key)"] = ParameterValue(value)
            }
            self = .object(object)
        case .alias:
            self = .null
        }
    }

    /// `overrides` laid over this value: objects merge key by key (recursively), anything else
    /// is replaced whole. A key the defaults do not have is an error naming the valid ones.
    func merging(_ overrides: ParameterValue, path: String = "") throws -> ParameterValue {
        guard case .object(var base) = self, case .object(let changes) = overrides else { return overrides }
        for (key, value) in changes {
            let keyPath = path.isEmpty ? key : "\(path).\(key)"
            guard let current = base[key] else {
                throw ParameterError.unknownKey(keyPath, valid: base.keys.sorted().map { path.isEmpty ? $0 : "\(path).\($0)" })
            }
            base[key] = try current.merging(value, path: keyPath)
        }
        return .object(base)
    }

    /// Compact JSON with sorted keys: the same value always gives the same text.
    public var canonicalJSON: String {
        String(decoding: try! ParameterValue.encoder.encode(self), as: UTF8.self)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The value of any Encodable, through JSON.
    static func encoding<T: Encodable>(_ value: T) throws -> ParameterValue {
        try JSONDecoder().decode(ParameterValue.self, from: encoder.encode(value))
    }

    /// This value as a typed Decodable, with type errors named by parameter path.
    func decoded<T: Decodable>(as _: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: ParameterValue.encoder.encode(self))
        } catch let DecodingError.typeMismatch(type, context) {
            throw ParameterError.wrongType(Self.path(context.codingPath), expected: Self.describe(type))
        } catch let DecodingError.valueNotFound(type, context) {
            throw ParameterError.wrongType(Self.path(context.codingPath), expected: Self.describe(type))
        } catch let DecodingError.dataCorrupted(context) {
            throw ParameterError.wrongType(Self.path(context.codingPath), expected: context.debugDescription)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ParameterError.wrongType(Self.path(context.codingPath + [key]), expected: "a value")
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is UInt64.Type, is UInt32.Type: "a whole number"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        default: "\(type)".hasPrefix("Array") ? "a list" : "a mapping (key: value lines)"
        }
    }

    /// The value as it reads in a report: YAML-like flow syntax.
    public var displayText: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let value): formatNumber(value)
        case .string(let value): value
        case .array(let values): "[" + values.map(\.displayText).joined(separator: ", ") + "]"
        case .object(let values):
            "{" + values.keys.sorted().map { "\($0): \(values[$0]!.displayText)" }.joined(separator: ", ") + "}"
        }
    }
}

/// A number as it reads in a report: whole numbers without a decimal point, others as Swift's
/// shortest round-trip text.
func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}

/// A number rounded to a few significant digits, for reading rather than for data.
func formatNumber(_ value: Double, significantDigits digits: Int) -> String {
    formatNumber(Double(String(format: "%.\(digits)g", value)) ?? value)
}

extension ParameterValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let bool = try? container.decode(Bool.self) {
            self = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let string = try? container.decode(String.self) {
            self = .string(string)
        } else if let array = try? container.decode([ParameterValue].self) {
            self = .array(array)
        } else {
            self = .object(try container.decode([String: ParameterValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            // Whole numbers as integers, so that they decode into Int parameters too.
            if value == value.rounded(), abs(value) < 9e15 {
                try container.encode(Int64(value))
            } else {
                try container.encode(value)
            }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// A parameter a lesson sets that its kind does not have, or of the wrong type.
enum ParameterError: Error {
    case unknownKey(String, valid: [String])
    case wrongType(String, expected: String)

    var key: String {
        switch self {
        case .unknownKey(let key, _), .wrongType(let key, _): key
        }
    }
}
