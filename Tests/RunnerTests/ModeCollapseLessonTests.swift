import Foundation
import MinimaxExperiments
import MinimaxRunner
import Testing

/// The files the mode-collapse chapter promises: data/modes.tsv and data/samples_<variant>.tsv
/// are written by charts of those names, drawn from the tables of those names (with the mode
/// centres marked over them).
@Suite("Mode-collapse lesson")
struct ModeCollapseLessonTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("Charts named modes and samples_<variant> draw the tables of those names, whose columns are the contract's")
    func contractFiles() throws {
        let lesson = try Workspace(root: Self.repository).lesson("mode-collapse")
        #expect(lesson.chapter == 4)
        let charts = lesson.cells.flatMap(\.show).compactMap { display -> Chart? in
            if case .chart(let chart) = display { chart } else { nil }
        }
        let declared = Dictionary(uniqueKeysWithValues: ModeCollapseExperiment.results.map { ($0.name, $0) })
        let expected: [String: [String]] = [
            "modes": [
                "step", "modes_covered_gan", "high_quality_fraction_gan", "modes_covered_wgan_gp", "high_quality_fraction_wgan_gp",
                "modes_covered_pacgan", "high_quality_fraction_pacgan",
            ],
            "samples_gan": ["x", "y"], "samples_wgan_gp": ["x", "y"], "samples_pacgan": ["x", "y"],
        ]
        for (name, columns) in expected {
            let chart = try #require(charts.first { $0.name == name }, "no chart named \(name)")
            // The chart draws that table (under the mode centres' marks, if any) into data/NAME.tsv.
            #expect(chart.layers.first?.data == name)
            #expect(chart.layers.dropFirst().allSatisfy { $0.style == .marks && $0.data == "mode_centres" })
            #expect(chart.dataFile(name) == "data/\(name).tsv")
            #expect(declared[name]?.columns?.map(\.name) == columns, "\(name)")
        }
        // The long tables behind the GAN Lab view exist for every variant, with their columns.
        for variant in ModeCollapseExperiment.Variant.allCases.map(\.rawValue) {
            #expect(declared["discriminator_\(variant)"]?.columns?.map(\.name) == ["step", "x", "y", "d"])
            #expect(declared["snapshots_\(variant)"]?.columns?.map(\.name) == ["step", "x", "y"])
            #expect(declared["arrows_\(variant)"]?.columns?.map(\.name) == ["step", "x", "y", "dx", "dy"])
        }
    }
}
