import Foundation

/// Charts and image grids as gnuplot scripts, in one course style, and running gnuplot.
///
/// Each script is self-contained and runs from the lesson's output folder
/// (`gnuplot plots/NAME.gp`), reading `data/NAME.tsv` (or one file per table of a layered
/// chart) and writing `figures/NAME.png` (or `.gif` for an animation), so a reader can restyle
/// a figure or redraw it from the data alone.
enum Gnuplot {
    /// Okabe & Ito's palette: distinguishable with every common form of colour blindness.
    static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]

    /// `text` as an inert gnuplot string expression: single-quoted pieces, in which gnuplot
    /// expands nothing (no backticks, macros or escapes), joined by `."'".` where the text has a
    /// `'` (gnuplot's own doubled `''` fails at the start of a string and for two quotes in a
    /// row); line breaks and other control characters become spaces, so the string cannot end
    /// its line. Whatever a lesson writes in a title or label stays text.
    static func quoted(_ text: String) -> String {
        let oneLine = String(String.UnicodeScalarView(text.unicodeScalars.map {
            $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : $0
        }))
        return oneLine.split(separator: "'", omittingEmptySubsequences: false).map { "'\($0)'" }.joined(separator: ".\"'\".")
    }

    static func header(_ name: String, width: Int, height: Int, sources: String = "", animated: Bool = false) -> String {
        let terminal =
            animated
            ? "set terminal gif animate delay 25 loop 0 size \(width),\(height) font \"DejaVu Sans,12\""
            : "set terminal pngcairo size \(width),\(height) enhanced font \"DejaVu Sans,12\" linewidth 1.5"
        return """
            # Draws figures/\(name).\(animated ? "gif" : "png") from \(sources.isEmpty ? "data/\(name).tsv" : sources). Run from the lesson's output folder:
            #   gnuplot plots/\(name).gp
            \(terminal)
            set output \(quoted("figures/\(name).\(animated ? "gif" : "png")"))
            set datafile separator tab

            """
    }

    /// The most panels a `facet:` draws (six rows of four) and frames an `animate:` draws: more
    /// would make a figure no one can read, and past some size gnuplot's Cairo fails.
    static let largestSplit = (panels: 24, frames: 240)

    /// Refuses a chart split by a column with more values than `largestSplit` allows. The
    /// number of values is known only once the cell has run, so this is checked before any
    /// figure is drawn, with the cell's line; the cell's result stays cached.
    static func checkSplit(_ chart: Chart, tables: [String: DataTable], at location: String) throws {
        guard let column = chart.splitColumn else { return }
        let present = Set(chart.layers.flatMap { tables[$0.data]?.column(column) ?? [] })
        if let wanted = chart.facetValues {
            guard let missing = wanted.first(where: { !present.contains($0) }) else { return }
            let shown = present.sorted().prefix(12).map { formatNumber($0, significantDigits: 6) }.joined(separator: ", ")
            throw RunnerError(
                "chart '\(chart.name)' has no rows with \(column) = \(formatNumber(missing, significantDigits: 6)) for 'facet_values'; "
                    + "its values are \(shown)\(present.count > 12 ? ", …" : "")",
                at: location)
        }
        let count = present.count
        let (limit, what) = chart.facet != nil ? (largestSplit.panels, "panels") : (largestSplit.frames, "frames")
        guard count <= limit else {
            throw RunnerError(
                "chart '\(chart.name)' would draw \(count) \(what), one per value of '\(column)'; it can draw at most \(limit): "
                    + "split it by a column with fewer values, or have the cell record fewer",
                at: location)
        }
    }

    /// A chart's data files and the script that draws it from them.
    ///
    /// A one-layer chart reads `data/NAME.tsv`; a layered one reads `data/NAME-TABLE.tsv` for
    /// each table it draws. A chart split by a column (`facet:` or `animate:`) has its tables'
    /// rows sorted by that column, so that each value's rows are one range the script selects
    /// with `every ::first::last`, and every panel or frame gets the same axes. A layer whose
    /// table lacks that column is drawn whole in every panel or frame.
    static func chart(_ chart: Chart, tables: [String: DataTable]) -> (files: [String: String], script: String) {
        let file = chart.dataFile
        var sorted: [String: DataTable] = [:]
        for layer in chart.layers {
            let table = tables[layer.data]!  // the plan and the run's check guarantee it
            sorted[layer.data] = chart.splitColumn.map { table.sorted(by: $0).keeping(column: $0, values: chart.facetValues) } ?? table
        }
        let files = Dictionary(uniqueKeysWithValues: sorted.map { (file($0.key), TableText.tsv($0.value)) })
        let values = chart.splitColumn.map { column in
            Array(Set(sorted.values.flatMap { $0.column(column) ?? [] })).sorted()
        }

        let overHeatmap = chart.layers.contains { $0.style == .heatmap }
        let panels = values?.count ?? 1
        let columns = chart.facet == nil ? 1 : panels <= 4 ? panels : panels <= 6 ? 3 : 4
        let rows = (panels + columns - 1) / columns
        let (width, height) =
            chart.facet != nil
            ? (max(2, columns) * 420, rows * 340 + 50)
            : chart.animate != nil ? (800, 600) : chart.equalAxes ? (720, 760) : (1000, 500)
        let sources = Array(Set(chart.layers.map { file($0.data) })).sorted().joined(separator: ", ")
        var script = header(chart.name, width: width, height: height, sources: sources, animated: chart.animate != nil)
        script += """
            set border 3 lc rgb "#444444"
            set tics nomirror out
            set grid lc rgb "#e0e0e0" lw 1
            set key noenhanced \(chart.facet == nil ? "outside center bottom horizontal" : "inside top right vertical opaque") Left reverse
            set autoscale xfix
            set offsets 0, 0, graph 0.05, graph 0.05
            set xlabel \(quoted(chart.xLabel)) noenhanced
            set ylabel \(quoted(chart.yLabel)) noenhanced

            """
        if chart.equalAxes { script += "set size ratio -1\n" }
        // Powers of ten as 10 with a superscript exponent, not "0.000010".
        if chart.logScaleY { script += "set logscale y\nset format y \"10^{%L}\"\n" }
        if chart.layers.contains(where: { !$0.y2.isEmpty }) {
            script += "set y2tics nomirror out\nset ytics nomirror\nset y2label \(quoted(chart.y2Label)) noenhanced\nset border 11 lc rgb \"#444444\"\n"
        }
        // Series colours run on across layers; over a heatmap they skip blue, which would
        // vanish into the palette's dark end.
        let seriesColors = overHeatmap ? Array(colors.dropFirst()) : colors
        for (index, color) in seriesColors.enumerated() {
            script += "set style line \(index + 1) lc rgb \"\(color)\" lt 1 lw 1.5 dt 1 pt 7 ps 0.5\n"
        }
        if let heatmap = chart.layers.first(where: { $0.style == .heatmap }) {
            script += """
                set palette defined (0 "#440154", 1 "#3b528b", 2 "#21918c", 3 "#5ec962", 4 "#fde725")
                set cblabel \(quoted(heatmap.labels[0])) noenhanced
                set autoscale fix

                """
            if chart.layers.count == 1 { script += "unset key\n" }
        }
        if values != nil || chart.equalAxes || overHeatmap && chart.layers.count > 1 {
            script += fixedRanges(chart.layers, sorted, square: chart.equalAxes, heatmapOnly: chart.windowOnHeatmap)
        }
        // In panels over a heatmap the caption names the layers; a key would cover the data.
        if chart.facet != nil && overHeatmap { script += "unset key\n" }

        func plot(every: (DataTable) -> String) -> String {
            var series = 0
            let clauses = chart.layers.flatMap { layer -> [String] in
                let table = sorted[layer.data]!
                let source = "\(quoted(file(layer.data)))\(every(table))"
                switch layer.style {
                case .lines, .scatter:
                    return zip(layer.y + layer.y2, layer.labels).enumerated().map { index, item in
                        let (column, label) = item
                        let axis = index < layer.y.count ? "" : " axes x1y2"
                        series += 1
                        return "\(source) using \(quoted(layer.x)):\(quoted(column))\(axis) with \(layer.style == .lines ? "lines" : "points") "
                            + "ls \((series - 1) % seriesColors.count + 1) title \(quoted(label))"
                    }
                case .marks:
                    // Open circles: the points inside stay visible, on white and on the palette.
                    return layer.y.indices.map { index in
                        "\(source) using \(quoted(layer.x)):\(quoted(layer.y[index])) with points pt 6 ps 1.6 lw 2 lc rgb \"#ff1493\" "
                            + "title \(quoted(layer.labels[index]))"
                    }
                case .heatmap:
                    return ["\(source) using \(quoted(layer.x)):\(quoted(layer.yAxis!)):\(quoted(layer.y[0])) with image notitle"]
                case .vectors:
                    // Black: visible on the palette's bright end, where the samples gather, and in the key.
                    let color = "#000000"
                    return [
                        "\(source) using \(quoted(layer.x)):\(quoted(layer.y[0])):\(quoted(layer.dx!)):\(quoted(layer.dy!)) "
                            + "with vectors head filled size screen 0.008,25 lw 1.2 lc rgb \"\(color)\" title \(quoted(layer.labels[0]))"
                    ]
                }
            }
            return "plot " + clauses.joined(separator: ", \\\n     ") + "\n"
        }

        guard let values, let split = chart.splitColumn else {
            return (files, script + "set title \(quoted(chart.title)) noenhanced\n" + plot { _ in "" })
        }
        if chart.facet != nil {
            script += "set multiplot layout \(rows),\(columns) title \(quoted(chart.title)) noenhanced\n"
        }
        for (index, value) in values.enumerated() {
            let label = "\(split) = \(formatNumber(value, significantDigits: 6))"
            let title = chart.facet != nil || chart.title.isEmpty ? label : "\(chart.title), \(label)"
            script += "set title \(quoted(title)) noenhanced\n"
            script += plot { table in
                // A table without the column (a fixed background) is drawn whole in every panel.
                guard table.columns.contains(split) else { return "" }
                guard let range = table.rows(where: split, equals: value) else { return " every ::1::0" }  // no rows: draws nothing
                return " every ::\(range.lowerBound)::\(range.upperBound)"
            }
            // The key and the colour scale once, in the first panel: every panel shares them.
            if chart.facet != nil && index == 0 { script += "unset key\nunset colorbox\n" }
        }
        if chart.facet != nil { script += "unset multiplot\n" }
        return (files, script)
    }

    /// The same axes (and colour range) for every panel or frame: the extent of all the data, or
    /// of the heatmap where there is one (only the heatmap with `heatmapOnly`). With `square`
    /// (equal axes) both axes get the same span around the data's centre, so that the plot is
    /// square whatever the data's shape; points alone get a margin, so that none sits on the frame.
    static func fixedRanges(_ layers: [ChartLayer], _ tables: [String: DataTable], square: Bool = false, heatmapOnly: Bool = false) -> String {
        var x: [Double] = [], y: [Double] = [], colour: [Double] = []
        var heatmapX: [Double] = [], heatmapY: [Double] = []
        for layer in layers where !heatmapOnly || layer.style == .heatmap {
            let table = tables[layer.data]!
            func values(_ column: String?) -> [Double] { column.flatMap { table.column($0) }?.filter(\.isFinite) ?? [] }
            switch layer.style {
            case .lines, .scatter, .marks:
                x += values(layer.x)
                y += layer.y.flatMap { values($0) }
            case .heatmap:
                heatmapX += values(layer.x)
                heatmapY += values(layer.yAxis)
                colour += values(layer.y[0])
            case .vectors:
                let xs = values(layer.x), ys = values(layer.y[0])
                x += xs + zip(xs, values(layer.dx)).map(+)
                y += ys + zip(ys, values(layer.dy)).map(+)
            }
        }
        // A heatmap's cells are centred on its grid points: the axes reach half a cell beyond.
        func padded(_ values: [Double], cells: [Double]) -> ClosedRange<Double>? {
            let grid = Array(Set(cells)).sorted()
            let half = grid.count > 1 ? (grid[1] - grid[0]) / 2 : 0
            // With a heatmap, the window is the heatmap, widened where points stray outside it
            // (they are drawn on the blank background there, never cut off).
            let cells = grid.isEmpty ? [] : grid.map { $0 - half } + grid.map { $0 + half }
            guard let low = (cells + values).min(), let high = (cells + values).max() else { return nil }
            let inside = cells.isEmpty ? false : values.allSatisfy { $0 >= cells.min()! && $0 <= cells.max()! }
            if !inside, high > low { return (low - 0.05 * (high - low))...(high + 0.05 * (high - low)) }
            return low...high
        }
        var xRange = padded(x, cells: heatmapX), yRange = padded(y, cells: heatmapY)
        if square, let xs = xRange, let ys = yRange {
            // Points alone: 5% more of the span on each side, beyond `padded`'s 5%. Over a
            // heatmap, `padded` has already widened the window where points stray outside the grid.
            let margin = heatmapX.isEmpty ? 0.05 : 0
            let half = max(xs.upperBound - xs.lowerBound, ys.upperBound - ys.lowerBound) * (0.5 + margin)
            let (xMiddle, yMiddle) = ((xs.lowerBound + xs.upperBound) / 2, (ys.lowerBound + ys.upperBound) / 2)
            if half > 0 { (xRange, yRange) = ((xMiddle - half)...(xMiddle + half), (yMiddle - half)...(yMiddle + half)) }
        }
        var text = ""
        if let range = xRange, range.upperBound > range.lowerBound {
            text += "set xrange [\(range.lowerBound):\(range.upperBound)]\n"
        }
        if let range = yRange, range.upperBound > range.lowerBound {
            text += "set yrange [\(range.lowerBound):\(range.upperBound)]\n"
        }
        if let low = colour.min(), let high = colour.max(), high > low { text += "set cbrange [\(low):\(high)]\n" }
        return text
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
        var script = Self.header(view.name, width: 3 * width, height: 3 * height)
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
