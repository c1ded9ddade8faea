import Foundation

/// `Output/README.md`: every chapter of the course with its first figure and its claims' verdict.
public enum CourseIndex {
    /// The index of the lessons' reports in `output`, in chapter order.
    public static func markdown(plans: [LessonPlan], output: URL) -> String {
        var text = """
            # The course, as this code computes it

            Each chapter's report is written by `minimax run <lesson>` (all of them by `minimax \
            regenerate`); `minimax check` tells whether each is still what the code produces.

            | chapter | lesson | first figure | claims |
            |---:|---|---|---|

            """
        for plan in plans {
            let lesson = plan.lesson
            let folder = output.appendingPathComponent(lesson.name)
            let readme = (try? String(contentsOf: folder.appendingPathComponent("README.md"), encoding: .utf8)) ?? ""
            let figure = readme.range(of: #"\]\((figures/[A-Za-z0-9_-]+\.(png|gif))\)"#, options: .regularExpression).map {
                String(readme[$0].dropFirst(2).dropLast())
            }
            let claims = OutputCheck.readJSON(folder.appendingPathComponent("results.json")).map(claimsVerdict) ?? "not run"
            let link = "[\(Report.cell(lesson.title))](\(lesson.name)/README.md)"
            let image = figure.map { "<img src=\"\(lesson.name)/\($0)\" width=\"320\" alt=\"\(lesson.name)\">" } ?? ""
            text += "| \(lesson.chapter) | \(link)<br>\(Report.cell(lesson.summary)) | \(image) | \(claims) |\n"
        }
        return text
    }

    /// "13 of 13 hold", from a report's results.json.
    static func claimsVerdict(_ results: ParameterValue) -> String {
        guard case .object(let cells) = results.value(at: "cells") ?? .null else { return "" }
        let claims = cells.values.flatMap { cell -> [ParameterValue] in
            if case .array(let claims) = cell.value(at: "claims") ?? .null { claims } else { [] }
        }
        let held = claims.filter { $0.value(at: "holds") == .bool(true) }.count
        return claims.isEmpty ? "none stated" : "\(held) of \(claims.count) hold"
    }
}
