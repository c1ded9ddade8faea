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
    static let formatPattern = #"^%[-+ 0#]*[0-9]*(\.[0-9]+)?[fFeEgGd]$"#

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

    /// A measured number as the placeholder asks for it.
    func format(_ number: Double) -> String {
        guard let format else { return formatNumber(number, significantDigits: 4) }
        if format.hasSuffix("d") { return String(format: format, Int(number.rounded())) }
        return String(format: format, number)
    }
}
