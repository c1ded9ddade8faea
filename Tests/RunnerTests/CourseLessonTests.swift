import Foundation
import MinimaxCommands
import MinimaxEngine
import MinimaxExperiments
import Testing

@testable import MinimaxRunner

/// The course's own lessons, run end to end from the repository's Lessons/ folder into a
/// temporary folder: once for all the tests below, which read what that run wrote.
@Suite("Course lessons", .serialized)
struct CourseLessonTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let workspace = Workspace(root: repository)
    static let lessonNames = workspace.lessonNames()
    static let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("minimax-course-\(UUID().uuidString)")
    static var output: URL { scratch.appendingPathComponent("Output") }

    static func runner() -> LessonRunner {
        LessonRunner(
            registry: ExperimentRegistry(CourseExperiments.kinds),
            environment: RunEnvironment(engineVersion: Engine.version, kernels: "test"),
            cacheDirectory: scratch.appendingPathComponent("cache"), progress: SilentProgress())
    }

    /// Every lesson, run once (the first test to ask runs them).
    static let runs: [String: Result<LessonRunner.Summary, any Error>] = Dictionary(
        uniqueKeysWithValues: lessonNames.map { name in
            (name, Result { try runner().run(try workspace.lesson(name), into: output) })
        })

    static func text(_ lesson: String, _ path: String) throws -> String {
        try String(contentsOf: output.appendingPathComponent("\(lesson)/\(path)"), encoding: .utf8)
    }

    /// The first line of a data file: its columns.
    static func header(_ lesson: String, _ file: String) throws -> String {
        String(try text(lesson, "data/\(file)").prefix { $0 != "\n" })
    }

    @Test("The five chapters are in Lessons/, and every lesson plans against the registered kinds")
    func lessonsAreValid() throws {
        #expect(Set(["optimal-discriminator", "js-vs-wasserstein", "saturation", "mode-collapse", "label-smoothing"]).isSubset(of: Self.lessonNames))
        for name in Self.lessonNames {
            _ = try LessonPlan(try Self.workspace.lesson(name), registry: ExperimentRegistry(CourseExperiments.kinds))
        }
    }

    @Test("Every lesson's report agrees with its data: figures exist, plot scripts read columns their data has, every quoted number is in results.json, every claim holds", arguments: lessonNames)
    func reportAgreesWithData(name: String) throws {
        let summary = try #require(try Self.runs[name]?.get())
        #expect(summary.failures.isEmpty, "\(summary.failures)")
        #expect(summary.failedClaims.isEmpty, "\(summary.failedClaims)")
        #expect(summary.claimsChecked >= 10, "a chapter states its claims")
        let lesson = try Self.workspace.lesson(name)
        let readme = try Self.text(name, "README.md")

        let figures = try NSRegularExpression(pattern: #"\]\((figures/[^)]+\.(png|gif))\)"#)
            .matches(in: readme, range: NSRange(readme.startIndex..., in: readme))
            .map { String(readme[Range($0.range(at: 1), in: readme)!]) }
        #expect(!figures.isEmpty)
        let folder = Self.output.appendingPathComponent(name)
        for figure in figures {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(figure).path), "\(figure)")
        }
        for script in try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("plots").path) {
            let text = try Self.text(name, "plots/\(script)")
            // Each plotted file, with the columns its `using` reads.
            let clauses = try NSRegularExpression(pattern: #"'(data/[^']+\.tsv)'[^\n]*? using ((?:'[^']+':?)+)"#)
                .matches(in: text, range: NSRange(text.startIndex..., in: text))
            #expect(!clauses.isEmpty || text.contains(" matrix columnheaders "), "\(script) plots nothing")
            for clause in clauses {
                let file = String(text[Range(clause.range(at: 1), in: text)!])
                let used = String(text[Range(clause.range(at: 2), in: text)!]).split(separator: ":").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
                let columns = Set(try Self.text(name, file).prefix { $0 != "\n" }.split(separator: "\t").map(String.init))
                #expect(Set(used).isSubset(of: columns), "\(script): \(used) not all in \(file)")
            }
        }

        let results = try JSONDecoder().decode(ParameterValue.self, from: Data(try Self.text(name, "results.json").utf8))
        var quoted = 0
        for case .prose(let prose, let line) in lesson.blocks {
            for placeholder in Placeholder.all(in: prose, firstLine: line) {
                let recorded = results.value(at: "cells.\(placeholder.cell).results.\(placeholder.name)")
                    ?? results.value(at: "cells.\(placeholder.cell).parameters.\(placeholder.name)")
                // JSON has no infinity: results.json writes it as a string.
                let number: Double? = switch recorded {
                case .number(let value): value
                case .string(let text): Double(text)
                default: nil
                }
                guard let value = number else {
                    Issue.record("\(placeholder.cell).\(placeholder.name) is not a number in results.json")
                    continue
                }
                #expect(readme.contains(try placeholder.format(value, in: lesson.path)), "\(placeholder.cell).\(placeholder.name)")
                quoted += 1
            }
        }
        #expect(quoted >= 10, "the prose quotes the run's numbers")
    }

    /// What `minimax check --rerun` asserts, from this suite's own run of the course, so that
    /// `make test` trains each chapter once: the committed report is current for today's code
    /// (cell keys, lesson text, file fingerprints), and every number this run computed agrees
    /// with the committed one within the tolerance its kind declares.
    @Test("The committed report in Output/ is what today's code produces: current, and reproduced by this run", arguments: lessonNames)
    func committedReportIsReproduced(name: String) throws {
        let summary = try #require(try Self.runs[name]?.get())
        let plan = try LessonPlan(try Self.workspace.lesson(name), registry: ExperimentRegistry(CourseExperiments.kinds))
        let committed = Self.repository.appendingPathComponent("Output/\(name)")
        let stale = OutputCheck.staleness(of: plan, in: committed, environment: RunEnvironment(engineVersion: Engine.version, kernels: "test"))
        #expect(stale.isEmpty, "Output/\(name) is not current (`minimax run \(name)` writes it again): \(stale)")
        let drift = OutputCheck.drift(of: plan, committed: committed, fresh: summary.folder)
        #expect(drift.isEmpty, "this run does not reproduce Output/\(name): \(drift)")
    }

    @Test("The data files the issues name have the columns students compare against")
    func contractColumns() throws {
        _ = Self.runs
        #expect(try Self.header("optimal-discriminator", "discriminator.tsv") == "x\tp_data\tp_g\td_star\td_learned")
        #expect(try Self.header("js-vs-wasserstein", "divergences.tsv") == "mu\tjs\tjs_grad\tw\tw_grad")
        #expect(try Self.header("js-vs-wasserstein", "learned_gradients.tsv").hasPrefix("mu\tgan_generator_grad\twgan_generator_grad"))
        #expect(try Self.text("js-vs-wasserstein", "README.md").contains("| 0.01 | 0.6931 | inf | 0.01 |"))
        #expect(try Self.header("saturation", "costs.tsv")
            == "d\tminimax_loss\tnonsaturating_loss\tmaxlikelihood_loss\tminimax_grad\tnonsaturating_grad\tmaxlikelihood_grad")
        #expect(try Self.header("saturation", "gradient_norms.tsv") == "d_steps\tminimax_grad_norm\tnonsaturating_grad_norm")
        #expect(try Self.header("mode-collapse", "modes.tsv").hasPrefix("step\tmodes_covered_"))
        for variant in ["gan", "wgan_gp", "pacgan"] {
            #expect(try Self.header("mode-collapse", "samples_\(variant).tsv") == "x\ty")
        }
        #expect(try Self.header("label-smoothing", "smoothing.tsv")
            == "x\td_star\td_one_sided\td_one_sided_closed\td_two_sided\td_two_sided_closed")
        // The divergences grid holds the issue's points exactly.
        let mus = Set(try Self.text("js-vs-wasserstein", "data/divergences.tsv").split(separator: "\n").dropFirst().compactMap { Double($0.split(separator: "\t")[0]) })
        #expect(Set([0.5, 1, 2, 3, 5, 10, 30]).isSubset(of: mus))
        #expect(FileManager.default.fileExists(atPath: Self.output.appendingPathComponent("mode-collapse/figures/gan-lab.gif").path))
    }

    @Test("optimal-discriminator, run again from scratch with the same seed, writes byte-identical data")
    func determinism() throws {
        _ = try #require(try Self.runs["optimal-discriminator"]?.get())
        let data = try FileManager.default.contentsOfDirectory(atPath: Self.output.appendingPathComponent("optimal-discriminator/data").path).sorted()
        let first = try data.map { try Self.text("optimal-discriminator", "data/\($0)") }
        let again = Self.scratch.appendingPathComponent("again")
        _ = try Self.runner().run(try Self.workspace.lesson("optimal-discriminator"), into: again, force: true)
        let second = try data.map { try String(contentsOf: again.appendingPathComponent("optimal-discriminator/data/\($0)"), encoding: .utf8) }
        #expect(second == first)
    }
}
