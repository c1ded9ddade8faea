import Foundation
import Testing

@testable import MinimaxCommands
@testable import MinimaxRunner

/// Two wave cells: `wave`'s claims read only its own results, `other`'s read `wave`'s too.
private func surveyLesson() -> String {
    """
    ---
    title: Waves over seeds
    chapter: 3
    seed: 5
    summary: A wave, surveyed.
    ---

    The noise is {{ wave.noise_mean | %.3f }}.

    ```experiment
    id: wave
    kind: wave
    show:
      - results: [peak, noise_mean]
    expect:
      - peak < 1
      - noise_mean < 0.01
      - abs(noise_mean) < peak
    ```

    ```experiment
    id: other
    kind: wave
    parameters:
      amplitude: 3
    expect:
      - peak > 2 * wave.peak
      - noise_mean > wave.noise_mean
    ```

    ```experiment
    id: unread
    kind: wave
    ```
    """
}

/// The left side of a cell's claim (by position) as results.json recorded it.
private func recordedLeft(_ results: ParameterValue, cell: String, claim: Int) -> Double? {
    guard case .array(let claims) = results.value(at: "cells.\(cell).claims") ?? .null, claims.indices.contains(claim),
        case .number(let left) = claims[claim].value(at: "left")
    else { return nil }
    return left
}

@Suite("Surveying claims over seeds")
struct SurveyTests {
    @Test("Seeds are numbers and ranges")
    func seedList() {
        #expect(SeedList(argument: "1-10")?.values == Array(1...10))
        #expect(SeedList(argument: "1,4,7-9")?.values == [1, 4, 7, 8, 9])
        #expect(SeedList(argument: "3")?.values == [3])
        for bad in ["", "0-", "5-2", "a", "1,1", "1,,2", "-3"] { #expect(SeedList(argument: bad) == nil, "\(bad)") }
        #expect(Survey.describe([1, 2, 3, 5, 7, 8]) == "1-3,5,7-8")
    }

    @Test("Every claim's threshold, range over the seeds, count and worst margin are those of the runs' results.json")
    func agreesWithResults() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", surveyLesson())
        let plan = try Survey.plan(try space.workspace.lesson("waves"), cell: nil, registry: ExperimentRegistry([WaveKind.self]))
        let runs = space.root.appendingPathComponent("runs")
        var lines: [String] = []
        let survey = try Survey.run(plan, seeds: [1, 2, 3, 4], runner: space.runner(), into: runs) { lines.append($0) }
        #expect(lines.count == 4 && lines[3].hasPrefix("seed 4 (4 of 4): "), "\(lines)")

        // What each run recorded, read independently of the survey.
        var noise: [Double] = []
        var otherNoise: [Double] = []
        for seed in 1...4 {
            let data = try #require(FileManager.default.contents(atPath: runs.appendingPathComponent("seed-\(seed)/waves/results.json").path))
            let results = try JSONDecoder().decode(ParameterValue.self, from: data)
            #expect(results.value(at: "seed") == .number(Double(seed)))
            guard let value = recordedLeft(results, cell: "wave", claim: 1), let other = recordedLeft(results, cell: "other", claim: 1) else {
                Issue.record("no claims in results.json of seed \(seed)")
                return
            }
            noise.append(value)
            otherNoise.append(other)
        }
        #expect(Set(noise).count == 4, "the seeded noise differs between seeds")
        let sorted = noise.sorted()
        let held = noise.filter { $0 < 0.01 }.count
        func line(_ text: String) -> Int { lineNumber(of: text, in: surveyLesson()) }
        let worst = noise.enumerated().max { $0.element < $1.element }!
        #expect(survey.text.contains("""

            wave, line \(line("  - noise_mean < 0.01")): noise_mean < 0.01
              threshold 0.01; measured min \(Survey.format(sorted[0])), median \(Survey.format((sorted[1] + sorted[2]) / 2)), max \(Survey.format(sorted[3]))
              holds on \(held) of 4 seeds; worst margin \(Survey.format(0.01 - worst.element)) (seed \(worst.offset + 1))

            """), "\(survey.text)")
        #expect(survey.text.hasPrefix("waves: 5 claims over seeds 1-4 (4 runs, "))
        #expect(survey.text.contains("\nwave, line \(line("  - peak < 1")): peak < 1\n  threshold 1; measured min 0.9511, median 0.9511, max 0.9511\n  holds on 4 of 4 seeds; worst margin 0.04894 (seed 1)\n"))
        #expect(survey.text.contains("\nother, line \(line("  - peak > 2 * wave.peak")): peak > 2 * wave.peak\n  threshold 1.902; measured min 2.853, median 2.853, max 2.853\n"))
        // Both sides vary: both are shown.
        #expect(survey.text.contains(
            "\nother, line \(line("  - noise_mean > wave.noise_mean")): noise_mean > wave.noise_mean\n  left min \(Survey.format(otherNoise.min()!)), median "))
        #expect(survey.text.contains("; right min \(Survey.format(sorted[0])), median "))
    }

    @Test("--cell surveys one cell's claims and runs only the cells they read")
    func oneCell() throws {
        let space = try TemporaryWorkspace()
        defer { space.remove() }
        try space.write("waves", surveyLesson())
        let lesson = try space.workspace.lesson("waves")
        let registry = ExperimentRegistry([WaveKind.self])
        let plan = try Survey.plan(lesson, cell: "other", registry: registry)
        #expect(plan.cells.map(\.cell.id) == ["wave", "other"])
        #expect(plan.cells.allSatisfy { $0.cell.show.isEmpty })
        let survey = try Survey.run(plan, seeds: [7], runner: space.runner(), into: space.root.appendingPathComponent("runs"), cell: "other")
        #expect(survey.claims.map(\.text) == ["peak > 2 * wave.peak", "noise_mean > wave.noise_mean"])
        #expect(throws: RunnerError.self) { try Survey.plan(lesson, cell: "missing", registry: registry) }
    }
}

@Suite("minimax survey", .serialized)
struct SurveyCommandTests {
    @Test("On lesson 1, the survey prints what each seed's results.json recorded")
    func commandLine() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.writeCourseLesson("first")
        let keep = cli.space.root.appendingPathComponent("runs")
        let outcome = try cli.run("survey", "first", "--seeds", "2-3", "--cell", "value", "--keep", keep.path)
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.errors.contains("seed 3 (2 of 2): "))
        #expect(outcome.output.hasPrefix("first: 4 claims over seeds 2-3 (2 runs, "), "\(outcome.output)")
        var gaps: [Double] = []
        for seed in 2...3 {
            let data = try #require(FileManager.default.contents(atPath: keep.appendingPathComponent("seed-\(seed)/first/results.json").path))
            let results = try JSONDecoder().decode(ParameterValue.self, from: data)
            guard let gap = recordedLeft(results, cell: "value", claim: 3) else {
                Issue.record("no claims recorded for seed \(seed)")
                return
            }
            gaps.append(gap)
        }
        #expect(outcome.output.contains(
            ": gap_to_minimum > 0.5\n  threshold 0.5; measured min \(Survey.format(gaps.min()!)), median \(Survey.format((gaps[0] + gaps[1]) / 2)), max \(Survey.format(gaps.max()!))\n  holds on 2 of 2 seeds; worst margin \(Survey.format(gaps.min()! - 0.5)) (seed \(gaps[1] < gaps[0] ? 3 : 2))\n"),
            "\(outcome.output)")
        #expect(!cli.space.exists("first"), "a survey writes nothing in Output/")
        #expect(!FileManager.default.fileExists(atPath: cli.space.root.appendingPathComponent(".minimax-cache").path), "nor in the workspace's cache")
    }
}
