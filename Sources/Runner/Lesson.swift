import Foundation

/// A lesson: Markdown prose with experiment cells, and front matter that names it.
public struct Lesson: Sendable {
    /// The file name without `.md`: what `minimax run` takes.
    public var name: String
    /// Where the lesson was read from, as shown in messages.
    public var path: String
    public var title: String
    public var chapter: Int
    public var seed: UInt64
    public var summary: String
    /// The document in order: prose and cells.
    public var blocks: [Block]
    /// The whole text, for telling whether its output is up to date.
    public var text: String

    public enum Block: Sendable {
        /// Markdown, possibly with `{{ cell.result }}` placeholders; `line` is its first line.
        case prose(String, line: Int)
        case cell(Cell)
    }

    /// The experiment cells, in order.
    public var cells: [Cell] {
        blocks.compactMap { if case .cell(let cell) = $0 { cell } else { nil } }
    }
}

/// One experiment cell: which kind to run with which parameters, what to show, and what its
/// results must show.
public struct Cell: Sendable {
    /// Names the cell in placeholders (`{{ id.result }}`) and in the cache.
    public var id: String
    /// The experiment kind's registered name.
    public var kind: String
    /// Only the parameters the lesson sets; the kind's defaults fill in the rest.
    public var overrides: ParameterValue
    public var show: [Display]
    /// What the cell's results must show (`expect:`), as written, each with its line.
    public var claims: [(text: String, line: Int)]
    /// The line of the opening fence.
    public var line: Int
    /// The line of each parameter key the lesson sets, by dotted path, for messages.
    public var parameterLines: [String: Int]
}

/// Something a cell shows in the report.
public enum Display: Sendable, Equatable {
    case chart(Chart)
    /// Rows of one of the experiment's tables.
    case table(TableView)
    /// Named scalar results with their meaning.
    case results(ResultsView)
    /// A grid of sample images.
    case images(ImagesView)

    /// The file name its files share (figures/NAME.png or .gif, data/NAME.tsv, plots/NAME.gp), if any.
    public var fileName: String? {
        switch self {
        case .chart(let chart): chart.name
        case .images(let images): images.name
        case .table, .results: nil
        }
    }

    /// Every file it writes in the report, relative to the report's folder.
    public var files: [String] {
        switch self {
        case .chart(let chart):
            [chart.figureFile, "plots/\(chart.name).gp"] + Array(Set(chart.layers.map { chart.dataFile($0.data) })).sorted()
        case .images(let images): ["figures/\(images.name).png", "plots/\(images.name).gp", "data/\(images.name).tsv"]
        case .table, .results: []
        }
    }
}

/// A gnuplot chart: one or more layers drawn on the same axes, as one figure, as small
/// multiples (one panel per value of a column) or as an animation (one frame per value).
public struct Chart: Sendable, Equatable {
    /// Base name of the chart's files.
    public var name: String
    /// What is drawn, bottom layer first.
    public var layers: [ChartLayer]
    public var title: String
    public var xLabel: String
    public var yLabel: String
    /// The label of the right-hand axis, for series given in `y2`.
    public var y2Label: String
    public var caption: String
    /// Draws the y axis on a log scale.
    public var logScaleY: Bool
    /// One unit is as long on both axes: for points of a plane, where a circle must look round.
    public var equalAxes: Bool = false
    /// The axes cover only the heatmap's grid (`window: heatmap`): points beyond it are not
    /// drawn, and the caption must say so. By default every point of every layer is in view.
    public var windowOnHeatmap: Bool = false
    /// One panel per distinct value of this column, which every layer's table has.
    public var facet: String?
    /// The values of `facet` that get a panel, increasing (`facet_values:`); nil for every value.
    /// Rows at other values are left out of the figure and of its data files, so that a cell
    /// recorded often for an animation can also give a few panels.
    public var facetValues: [Double]? = nil
    /// One frame of an animated GIF per distinct value of this column.
    public var animate: String?

    /// The column whose values split the chart into panels or frames, if any.
    public var splitColumn: String? { facet ?? animate }

    /// The figure's file: an animation is a GIF, anything else a PNG.
    public var figureFile: String { "figures/\(name).\(animate == nil ? "png" : "gif")" }

    /// The file a table the chart draws is written to: `data/NAME.tsv` for a one-layer chart
    /// and for the table named like the chart, `data/NAME-TABLE.tsv` for the other tables of a
    /// layered one (so that marks added over a table keep its file's name).
    public func dataFile(_ table: String) -> String {
        layers.count == 1 || table == name ? "data/\(name).tsv" : "data/\(name)-\(table).tsv"
    }
}

/// One layer of a chart: columns of one table drawn in one style.
public struct ChartLayer: Sendable, Equatable {
    public enum Style: String, Sendable, CaseIterable {
        /// One line per `y` column against `x`.
        case lines
        /// One set of points per `y` column against `x`.
        case scatter
        /// The colour of `y[0]` on the grid of `x` and `yAxis`.
        case heatmap
        /// An arrow from (`x`, `y[0]`) by (`dx`, `dy`) per row.
        case vectors
        /// A large open circle at each (`x`, `y`): reference positions, such as a mixture's
        /// centres, that must stay visible over data and heatmaps.
        case marks
    }

    public var style: Style
    /// The experiment's table the layer draws.
    public var data: String
    public var x: String
    /// The series (lines, scatter), the colour column (heatmap) or the arrows' y (vectors).
    public var y: [String]
    /// Series drawn against the right-hand axis (lines, scatter): quantities of another size.
    public var y2: [String] = []
    /// The series' names in the key, in the order of `y` then `y2` (the column names if not given).
    public var labels: [String]
    /// For a heatmap, the vertical axis column.
    public var yAxis: String?
    /// For vectors, the columns of each arrow's horizontal and vertical extent.
    public var dx: String?
    public var dy: String?

    /// Every column the layer reads.
    public var columns: [String] {
        [x] + y + y2 + [yAxis, dx, dy].compactMap { $0 }
    }
}

public struct TableView: Sendable, Equatable {
    public var data: String
    /// Columns to show; all when empty.
    public var columns: [String]
    /// Show every n-th row (1: all).
    public var every: Int
    public var caption: String
}

public struct ResultsView: Sendable, Equatable {
    public var names: [String]
    public var caption: String
}

public struct ImagesView: Sendable, Equatable {
    public var name: String
    public var data: String
    public var caption: String
}
