import Foundation
import Yams

/// A parameter value as written in a lesson: the JSON data model, which YAML cells map onto.
///
/// A cell's overrides are read in this form, then against the kind's declared parameters
/// (`ParameterGroup.read`); complete parameters are written back to it for the report, and its
/// sorted JSON text is the parameters' part of a cell's cache key.
public indirect enum ParameterValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([ParameterValue])
    case object([String: ParameterValue])

    /// The value of a YAML node, with scalars typed as YAML 1.2's core schema reads them.
    ///
    /// `budget` counts the values still allowed: YAML aliases can make a few lines stand for an
    /// exponential number of values ("billion laughs"), and a lesson is data that must not be
    /// able to exhaust memory. Returns nil when the budget runs out.
    init?(_ node: Node, budget: inout Int) {
        budget -= 1
        guard budget >= 0 else { return nil }
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain {
                if let bool = Bool.construct(from: scalar) { self = .bool(bool); return }
                if let number = Double.construct(from: scalar) { self = .number(number); return }
                if NSNull.construct(from: scalar) != nil { self = .null; return }
            }
            self = .string(scalar.string)
        case .sequence(let sequence):
            var items: [ParameterValue] = []
            for item in sequence {
                guard let value = ParameterValue(item, budget: &budget) else { return nil }
                items.append(value)
            }
            self = .array(items)
        case .mapping(let mapping):
            var object: [String: ParameterValue] = [:]
            for (key, item) in mapping {
                guard let value = ParameterValue(item, budget: &budget) else { return nil }
                object[key.string ?? "\(key)"] = value
            }
            self = .object(object)
        case .alias:
            self = .null
        }
    }

    /// Compact JSON with sorted keys: the same value always gives the same text.
    public var canonicalJSON: String {
        // Cannot fail: every case is encodable, and non-finite numbers are written as strings.
        String(decoding: (try? ParameterValue.encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }()

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

/// A number as it reads in a report: whole numbers below 10¹⁶ without a decimal point, others
/// as Swift's shortest round-trip text.
public func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e16 { return String(Int64(value)) }
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

// Literals, so that values can be written in code as a lesson writes them:
// `["grid": ["points": 21], "hidden": [16, 16]]`.
extension ParameterValue: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: ParameterValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, ParameterValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
    }
}
