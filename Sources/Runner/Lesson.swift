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

    /// The file name its files share (figures/NAME.png, data/NAME.tsv, plots/NAME.gp), if any.
    public var fileName: String? {
        switch self {
        case .chart(let chart): chart.name
        case .images(let images): images.name
        case .table, .results: nil
        }
    }
}

/// A gnuplot chart of columns of one table.
public struct Chart: Sendable, Equatable {
    public enum Style: String, Sendable, CaseIterable {
        case lines, scatter, heatmap
    }

    public var style: Style
    /// Base name of the chart's files.
    public var name: String
    /// The experiment's table the chart draws.
    public var data: String
    public var x: String
    /// The series: columns drawn against x (for a heatmap, one column: the colour).
    public var y: [String]
    /// The series' names in the key, in the order of `y` (the column names if not given).
    public var labels: [String]
    /// For a heatmap, the vertical axis column.
    public var yAxis: String?
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var caption: String
    /// Draws the y axis on a log scale.
    public var logScaleY: Bool
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
