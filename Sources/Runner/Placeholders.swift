import Foundation

/// `{{ cell.name }}` and `{{ cell.name | %.3f }}` in prose: a number this run measured (or a
/// parameter the cell ran with), formatted printf-style.
struct Placeholder: Equatable {
    var cell: String
    var name: String
    var format: String?
    /// The line in the lesson file.
    var line: Int

    static let pattern = try! NSRegularExpression(
        pattern: #"\{\{\s*([A-Za-z][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_.]*)\s*(?:\|\s*([^}]*?))?\s*\}\}"#)
    /// printf's number conversions, with a width and precision of at most two digits: enough for
    /// any report, and nothing that could ask for gigabytes of padding.
    static let formatPattern = #"^%[-+ 0#]{0,5}[0-9]{0,2}(\.[0-9]{1,2})?[fFeEgGd]$"#

    static func isValidFormat(_ format: String) -> Bool {
        format.range(of: formatPattern, options: .regularExpression) != nil
    }

    /// Every placeholder in prose that starts at `firstLine`, outside fenced code blocks.
    static func all(in prose: String, firstLine: Int) -> [Placeholder] {
        var found: [Placeholder] = []
        _ = substitute(in: prose, firstLine: firstLine) { placeholder in
            found.append(placeholder)
            return ""
        }
        return found
    }

    /// The prose with each placeholder outside fenced code replaced by `value(placeholder)`.
    static func substitute(in prose: String, firstLine: Int, _ value: (Placeholder) throws -> String) rethrows -> String {
        var fence: LessonParser.Fence?
        var lines: [String] = []
        for (offset, line) in prose.components(separatedBy: "\n").enumerated() {
            if let current = LessonParser.Fence(line) {
                if let open = fence {
                    if current.closes(open) { fence = nil }
                } else {
                    fence = current
                }
                lines.append(line)
                continue
            }
            guard fence == nil else {
                lines.append(line)
                continue
            }
            var result = ""
            var last = line.startIndex
            for match in pattern.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                let range = Range(match.range, in: line)!
                let part = { (i: Int) in Range(match.range(at: i), in: line).map { String(line[$0]) } }
                result += line[last..<range.lowerBound]
                result += try value(Placeholder(cell: part(1)!, name: part(2)!, format: part(3), line: firstLine + offset))
                last = range.upperBound
            }
            result += line[last...]
            lines.append(result)
        }
        return lines.joined(separator: "\n")
    }

    /// A measured number as the placeholder asks for it. `%d` of a number that is not finite or
    /// beyond a whole number's range is an error naming the placeholder's line in `path`.
    func format(_ number: Double, in path: String) throws -> String {
        guard let format else { return formatNumber(number, significantDigits: 4) }
        if format.hasSuffix("d") {
            guard number.isFinite, abs(number) < 9.2e18 else {
                throw RunnerError(
                    "'{{ \(cell).\(name) | \(format) }}' is \(formatNumber(number)), which is not a whole number %d can write; "
                        + "use a format like %.3g",
                    at: "\(path):\(line)")
            }
            // %ld: Foundation reads %d as a 32-bit int, which would print 5e9 as 705032704.
            return String(format: format.dropLast() + "ld", Int(number.rounded()))
        }
        return String(format: format, number)
    }
}
