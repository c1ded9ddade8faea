import Foundation

/// Charts and image grids as gnuplot scripts, in one course style, and running gnuplot.
///
/// Each script is self-contained and runs from the lesson's output folder
/// (`gnuplot plots/NAME.gp`), reading `data/NAME.tsv` and writing `figures/NAME.png`, so a
/// reader can restyle a figure or redraw it from the data alone.
enum Gnuplot {
    /// Okabe & Ito's palette: distinguishable with every common form of colour blindness.
    static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    /// `text` as an inert gnuplot string: single-quoted, where gnuplot expands nothing (no
    /// backticks, no escapes), with `'` doubled and line breaks and other control characters
    /// replaced by spaces so that the string cannot end its line. Whatever a lesson writes in a
    /// title or label stays text.
    static func quoted(_ text: String) -> String {
        let oneLine = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0
        }))
        return "'" + oneLine.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func header(_ name: String, width: Int, height: Int) -> String {
        """
        # Draws figures/\(name).png from data/\(name).tsv. Run from the lesson's output folder:
        #   gnuplot plots/\(name).gp
        set terminal pngcairo size \(width),\(height) enhanced font "DejaVu Sans,12" linewidth 1.5
        set output \(quoted("figures/\(name).png"))
        set datafile separator tab

        """
    }

    /// A lines, scatter or heatmap chart of columns of data/NAME.tsv.
    static func chartScript(_ chart: Chart) -> String {
        var script = header(chart.name, width: 1000, height: 500)
        script += """
            set border 3 lc rgb "#444444"
            set tics nomirror out
            set grid lc rgb "#e0e0e0" lw 1
            set key noenhanced outside right top vertical Left reverse
            set autoscale xfix
            set offsets 0, 0, graph 0.05, graph 0.05
            set title \(quoted(chart.title)) noenhanced
            set xlabel \(quoted(chart.xLabel)) noenhanced
            set ylabel \(quoted(chart.yLabel)) noenhanced

            """
        // Powers of ten as 10 with a superscript exponent, not "0.000010".
        if chart.logScaleY { script += "set logscale y\nset format y '10^{%L}'\n" }
        let file = quoted("data/\(chart.name).tsv")
        switch chart.style {
        case .lines, .scatter:
            for (index, color) in colors.enumerated() {
                let style = chart.style == .lines ? "lt 1 lw 1.5 dt 1" : "pt 7 ps 0.5"
                script += "set style line \(index + 1) lc rgb \"\(color)\" \(style)\n"
            }
            let plots = zip(chart.y, chart.labels).enumerated().map { index, series in
                let source = index == 0 ? file : "''"
                let with = chart.style == .lines ? "lines" : "points"
                return "\(source) using \(quoted(chart.x)):\(quoted(series.0)) with \(with) ls \(index % colors.count + 1) title \(quoted(series.1))"
            }
            script += "plot " + plots.joined(separator: ", \\\n     ") + "\n"
        case .heatmap:
            script += """
                set view map
                set palette defined (0 "#440154", 1 "#3b528b", 2 "#21918c", 3 "#5ec962", 4 "#fde725")
                set cblabel \(quoted(chart.labels[0])) noenhanced
                set autoscale fix
                unset key
                plot \(file) using \(quoted(chart.x)):\(quoted(chart.yAxis ?? "")):\(quoted(chart.y[0])) with image

                """
        }
        return script
    }

    /// The montage of an image grid (1-pixel white gaps) as a matrix, and the script that shows
    /// it at 3 screen pixels per image pixel.
    static func imageGrid(_ view: ImagesView, _ grid: ImageGrid) -> (data: String, script: String) {
        let gap = 1
        let rows = (grid.images.count + grid.columns - 1) / max(grid.columns, 1)
        let width = grid.columns * (grid.width + gap) + gap
        let height = rows * (grid.height + gap) + gap
        var pixels = [[Double]](repeating: [Double](repeating: 1, count: width), count: height)
        for (index, image) in grid.images.enumerated() {
            let top = gap + (index / grid.columns) * (grid.height + gap)
            let left = gap + (index % grid.columns) * (grid.width + gap)
            for y in 0..<grid.height {
                for x in 0..<grid.width { pixels[top + y][left + x] = image[y * grid.width + x] }
            }
        }
        let header = (0..<width).map { "c\($0)" }.joined(separator: "\t")
        let data = ([header] + pixels.map { $0.map(formatNumber).joined(separator: "\t") }).joined(separator: "\n") + "\n"
        var script = self.header(view.name, width: 3 * width, height: 3 * height)
        script += """
            set palette gray
            set cbrange [0:1]
            unset colorbox; unset border; unset tics; unset key
            set lmargin at screen 0; set rmargin at screen 1; set tmargin at screen 1; set bmargin at screen 0
            set xrange [-0.5:\(Double(width) - 0.5)]
            set yrange [\(Double(height) - 0.5):-0.5]
            plot \(quoted("data/\(view.name).tsv")) matrix columnheaders with image

            """
        return (data, script)
    }

    /// Where gnuplot is, or an error that says how to install it.
    static func executable() throws -> URL {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("gnuplot")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw RunnerError("gnuplot is not installed; it draws every chart. Install it with: sudo apt-get install gnuplot-nox")
    }

    /// The longest a plot script may take: the course's figures take well under a second.
    static let timeLimit: TimeInterval = 60

    /// Runs `script` (a path relative to `folder`) with `folder` as the working directory, and
    /// stops it after `timeLimit`.
    static func run(_ script: String, in folder: URL, gnuplot: URL) throws {
        let outcome = try ChildProcess.run(gnuplot, arguments: [script], in: folder, timeLimit: timeLimit)
        guard outcome.status == 0 else {
            throw RunnerError("gnuplot failed on \(script): \(outcome.standardError.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
    }
}
