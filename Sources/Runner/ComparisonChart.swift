import Foundation

/// A student's curves drawn over the lesson's, for `minimax compare`: the lesson's columns as
/// lines, the student's as points, in the course's chart style.
public enum ComparisonChart {
    /// Draws `figure`, a PNG: each of `columns` against `x`, from `reference` (the lesson's data)
    /// as lines and from `obtained` (the student's) as points. Throws if gnuplot is missing or
    /// fails.
    public static func draw(
        reference: DataTable, obtained: DataTable, x: String, columns: [String], title: String, to figure: URL
    ) throws {
        let gnuplot = try Gnuplot.executable()
        let name = "overlay"
        let chart = Chart(
            name: name,
            // The lesson's lines over the student's points, so that both show where they coincide.
            layers: [
                ChartLayer(style: .scatter, data: "obtained", x: x, y: columns, labels: columns.map { "yours: \($0)" }),
                ChartLayer(style: .lines, data: "reference", x: x, y: columns, labels: columns.map { "lesson: \($0)" }),
            ],
            title: title, xLabel: x, yLabel: columns.count == 1 ? columns[0] : "value", y2Label: "", caption: "",
            logScaleY: false)
        let (files, script) = Gnuplot.chart(chart, tables: ["reference": reference, "obtained": obtained])
        let manager = FileManager.default
        let folder = manager.temporaryDirectory.appendingPathComponent("minimax-overlay-\(UUID().uuidString)")
        defer { try? manager.removeItem(at: folder) }
        do {
            for sub in ["data", "figures", "plots"] {
                try manager.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
            }
            for (path, text) in files { try text.write(to: folder.appendingPathComponent(path), atomically: true, encoding: .utf8) }
            try script.write(to: folder.appendingPathComponent("plots/\(name).gp"), atomically: true, encoding: .utf8)
        } catch {
            throw RunnerError("could not prepare the overlay chart: \(describe(error))")
        }
        try Gnuplot.run("plots/\(name).gp", in: folder, gnuplot: gnuplot)
        do {
            if manager.fileExists(atPath: figure.path) { try manager.removeItem(at: figure) }
            try manager.moveItem(at: folder.appendingPathComponent("figures/\(name).png"), to: figure)
        } catch {
            throw RunnerError("could not write \(figure.path): \(describe(error))")
        }
    }
}
