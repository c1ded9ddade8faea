import Foundation
import MinimaxCommands
import MinimaxEngine
import MinimaxExperiments
import Testing

@testable import MinimaxRunner

/// The course's own lessons, run end to end from the repository's Lessons/ folder into a
/// temporary folder.
@Suite("Course lessons", .serialized)
struct CourseLessonTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-course-\(UUID().uuidString)")

    func runner() -> LessonRunner {
        LessonRunner(
            registry: ExperimentRegistry(CourseExperiments.kinds),
            environment: RunEnvironment(engineVersion: Engine.version, kernels: "test"),
            cacheDirectory: scratch.appendingPathComponent("cache"), progress: SilentProgress())
    }

    func text(_ path: String) throws -> String {
        try String(contentsOf: scratch.appendingPathComponent("Output/optimal-discriminator/\(path)"), encoding: .utf8)
    }

    @Test("Every lesson in Lessons/ parses and checks against the registered kinds")
    func lessonsAreValid() throws {
        let workspace = Workspace(root: Self.repository)
        #expect(workspace.lessonNames().contains("optimal-discriminator"))
        for name in workspace.lessonNames() {
            _ = try LessonPlan(try workspace.lesson(name), registry: ExperimentRegistry(CourseExperiments.kinds))
        }
    }

    @Test("optimal-discriminator: the report agrees with its data, and a second run writes identical data")
    func optimalDiscriminator() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let lesson = try Workspace(root: Self.repository).lesson("optimal-discriminator")
        let output = scratch.appendingPathComponent("Output")
        let summary = try runner().run(lesson, into: output)
        #expect(summary.failures.isEmpty)

        // The data file the issue names, with its columns.
        let discriminator = try text("data/discriminator.tsv").split(separator: "\n")
        #expect(discriminator.first == "x\tp_data\tp_g\td_star\td_learned")

        // Every figure in the report exists, and every column its plot script reads is in its data.
        let readme = try text("README.md")
        let figures = try NSRegularExpression(pattern: #"\]\(figures/([^)]+)\.png\)"#)
            .matches(in: readme, range: NSRange(readme.startIndex..., in: readme))
            .map { String(readme[Range($0.range(at: 1), in: readme)!]) }
        #expect(figures == ["discriminator", "training", "matched", "value-by-mean"])
        for name in figures {
            #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("optimal-discriminator/figures/\(name).png").path))
            let header = Set(try text("data/\(name).tsv").prefix { $0 != "\n" }.split(separator: "\t").map(String.init))
            let script = try text("plots/\(name).gp")
            let used = try NSRegularExpression(pattern: #"using '([^']+)':'([^']+)'"#)
                .matches(in: script, range: NSRange(script.startIndex..., in: script))
                .flatMap { match in [1, 2].map { String(script[Range(match.range(at: $0), in: script)!]) } }
            #expect(!used.isEmpty && Set(used).isSubset(of: header), "\(name): \(used) not all in \(header)")
        }

        // Every number quoted in the prose is the one in results.json, formatted as asked.
        let results = try JSONDecoder().decode(ParameterValue.self, from: Data(try text("results.json").utf8))
        var quoted = 0
        for case .prose(let prose, let line) in lesson.blocks {
            for placeholder in Placeholder.all(in: prose, firstLine: line) {
                guard case .number(let value) = results.value(at: "cells.\(placeholder.cell).results.\(placeholder.name)")
                    ?? results.value(at: "cells.\(placeholder.cell).parameters.\(placeholder.name)")
                else {
                    Issue.record("\(placeholder.cell).\(placeholder.name) is not in results.json")
                    continue
                }
                #expect(readme.contains(try placeholder.format(value, in: lesson.path)), "\(placeholder.cell).\(placeholder.name)")
                quoted += 1
            }
        }
        #expect(quoted >= 15)
        guard case .number(let vStar) = results.value(at: "cells.dstar.results.v_star"),
            case .number(let vLearned) = results.value(at: "cells.dstar.results.v_learned_quadrature"),
            case .number(let maxError) = results.value(at: "cells.dstar.results.max_error"),
            case .number(let matched) = results.value(at: "cells.matched.results.v_star")
        else { Issue.record("results missing"); return }
        #expect(vLearned <= vStar)
        #expect(maxError < 0.1)
        #expect(abs(matched + Foundation.log(4)) < 1e-12)

        // Same seed, run again from scratch: byte-identical data.
        let data = try FileManager.default.contentsOfDirectory(atPath: output.appendingPathComponent("optimal-discriminator/data").path).sorted()
        let first = try data.map { try text("data/\($0)") }
        _ = try runner().run(lesson, into: output, force: true)
        #expect(try data.map { try text("data/\($0)") } == first)
    }

    @Test("js-vs-wasserstein: every claim holds, the data files have the columns the issue names, KL = ∞ reads inf")
    func jsVsWasserstein() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let lesson = try Workspace(root: Self.repository).lesson("js-vs-wasserstein")
        let summary = try runner().run(lesson, into: scratch.appendingPathComponent("Output"))
        #expect(summary.failures.isEmpty)
        #expect(summary.failedClaims.isEmpty, "\(summary.failedClaims)")
        #expect(summary.claimsChecked == 25)
        func read(_ path: String) throws -> String {
            try String(contentsOf: scratch.appendingPathComponent("Output/js-vs-wasserstein/\(path)"), encoding: .utf8)
        }
        #expect(try read("data/divergences.tsv").hasPrefix("mu\tjs\tjs_grad\tw\tw_grad\n"))
        #expect(try read("data/learned_gradients.tsv").hasPrefix("mu\tgan_generator_grad\twgan_generator_grad\n"))
        #expect(try read("README.md").contains("| 0.01 | 0.6931 | inf | 0.01 |"))
    }
}
