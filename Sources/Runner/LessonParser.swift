import Foundation
import Yams

/// Reads a lesson file: front matter, prose, and experiment cells.
///
/// A cell is a fenced block whose info string is `experiment`; its body is YAML. Other fenced
/// blocks are prose, and are not searched for cells.
public enum LessonParser {
    static let cellKeys = ["id", "kind", "parameters", "show", "expect"]
    /// What cell ids, lesson names and figure names are made of: they become file names, so
    /// nothing that could climb out of a folder or need quoting.
    static let namePattern = #"^[A-Za-z][A-Za-z0-9_-]*$"#

    /// Whether `name` can be a cell id, lesson name or figure name.
    public static func isValidName(_ name: String) -> Bool {
        name.count <= 100 && name.range(of: namePattern, options: .regularExpression) != nil
    }
    static let frontMatterKeys = ["title", "chapter", "seed", "summary"]

    public static func parse(_ text: String, name: String, path: String) throws -> Lesson {
        // Files saved on Windows end lines with CR LF and may start with a byte order mark; the
        // lesson means the same.
        let text = String(text.replacingOccurrences(of: "\r\n", with: "\n").trimmingPrefix("\u{FEFF}"))
        let lines = text.components(separatedBy: "\n")
        func error(_ message: String, line: Int) -> RunnerError { RunnerError(message, at: "\(path):\(line)") }

        // Front matter between two `---` lines.
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
            let end = lines.indices.dropFirst().first(where: { lines[$0].trimmingCharacters(in: .whitespaces) == "---" })
        else {
            throw error(
                "a lesson starts with front matter between two '---' lines, with \(frontMatterKeys.joined(separator: ", "))",
                line: 1)
        }
        let front = try mapping(lines[1..<end].joined(separator: "\n"), firstLine: 2, path: path, what: "front matter")
        for key in front.keys where !frontMatterKeys.contains(key) {
            throw error("unknown front matter key '\(key)'; the keys are \(frontMatterKeys.joined(separator: ", "))", line: front.line(key))
        }
        func required(_ key: String, _ expected: String) throws -> String {
            guard let value = front[key]?.scalar?.string, !value.isEmpty else {
                throw error("the front matter needs '\(key): \(expected)'", line: 1)
            }
            return value
        }
        let title = try required("title", "<the lesson's title>")
        let summary = try required("summary", "<one line: what the lesson shows>")
        guard let chapter = Int(try required("chapter", "<a number>")) else {
            throw error("'chapter' must be a whole number", line: front.line("chapter"))
        }
        guard let seed = UInt64(try required("seed", "<a whole number ≥ 0>")) else {
            throw error("'seed' must be a whole number ≥ 0", line: front.line("seed"))
        }

        // The body: prose and cells.
        var blocks: [Lesson.Block] = []
        var prose: [String] = []
        var proseStart = end + 2
        var openFence: Fence? = nil
        var index = end + 1
        func flushProse(nextLine: Int) {
            if !prose.joined().trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                blocks.append(.prose(prose.joined(separator: "\n"), line: proseStart))
            }
            prose = []
            proseStart = nextLine
        }
        while index < lines.count {
            let line = lines[index]
            if let fence = Fence(line) {
                if let open = openFence {
                    if fence.closes(open) { openFence = nil }
                } else if fence.info == "experiment" {
                    // A cell: read up to the closing fence.
                    let opening = index + 1
                    var body: [String] = []
                    index += 1
                    while index < lines.count, !(Fence(lines[index])?.closes(fence) ?? false) {
                        body.append(lines[index])
                        index += 1
                    }
                    guard index < lines.count else { throw error("this experiment cell has no closing fence", line: opening) }
                    flushProse(nextLine: index + 2)
                    blocks.append(.cell(try cell(body.joined(separator: "\n"), fenceLine: opening, path: path)))
                    index += 1
                    continue
                } else {
                    openFence = fence
                }
            }
            prose.append(line)
            index += 1
        }
        flushProse(nextLine: index + 1)

        var seen: [String: Int] = [:]
        for case .cell(let cell) in blocks {
            if let first = seen[cell.id] {
                throw error("cell id '\(cell.id)' is already used by the cell at line \(first)", line: cell.line)
            }
            seen[cell.id] = cell.line
        }
        return Lesson(
            name: name, path: path, title: title, chapter: chapter, seed: seed, summary: summary, blocks: blocks, text: text)
    }

    /// A fence line: ``` or ~~~ (three or more), indented at most three spaces, with its info string.
    struct Fence {
        var marker: Character
        var length: Int
        var info: String

        init?(_ line: String) {
            let trimmed = line.drop { $0 == " " }
            guard line.count - trimmed.count <= 3, let first = trimmed.first, first == "`" || first == "~" else { return nil }
            let run = trimmed.prefix { $0 == first }
            guard run.count >= 3 else { return nil }
            marker = first
            length = run.count
            info = trimmed.dropFirst(run.count).trimmingCharacters(in: .whitespaces)
        }

        /// Whether this line ends the block `open` started: same marker, at least as long, no
        /// info string (CommonMark).
        func closes(_ open: Fence) -> Bool {
            marker == open.marker && length >= open.length && info.isEmpty
        }
    }

    // MARK: - Cells

    static func cell(_ yaml: String, fenceLine: Int, path: String) throws -> Cell {
        let body = try mapping(yaml, firstLine: fenceLine + 1, path: path, what: "experiment cell")
        func error(_ message: String, line: Int? = nil) -> RunnerError {
            RunnerError(message, at: "\(path):\(line ?? fenceLine)")
        }
        for key in body.keys where !cellKeys.contains(key) {
            throw error("unknown cell key '\(key)'; a cell has \(cellKeys.joined(separator: ", "))", line: body.line(key))
        }
        guard let id = body["id"]?.scalar?.string, isValidName(id) else {
            throw error("a cell needs 'id: <name>' (letters, digits, - and _, starting with a letter)", line: body.line("id"))
        }
        guard let kind = body["kind"]?.scalar?.string else {
            throw error("cell '\(id)' needs 'kind: <experiment kind>' (see `minimax kinds`)")
        }
        var overrides = ParameterValue.object([:])
        var parameterLines: [String: Int] = [:]
        if let parameters = body["parameters"] {
            guard case .mapping = parameters else {
                throw error("'parameters' of cell '\(id)' must be a mapping of names to values", line: body.line("parameters"))
            }
            var budget = 100_000
            guard let value = ParameterValue(parameters, budget: &budget) else {
                throw error("'parameters' of cell '\(id)' hold more than 100,000 values (YAML aliases?)", line: body.line("parameters"))
            }
            overrides = value
            collectLines(parameters, path: "", firstLine: fenceLine + 1, into: &parameterLines)
        }
        var show: [Display] = []
        if let list = body["show"] {
            guard let items = list.sequence else {
                throw error("'show' of cell '\(id)' must be a list of things to show", line: body.line("show"))
            }
            for (index, item) in items.enumerated() {
                let line = fenceLine + 1 + (item.mark?.line ?? 1) - 1
                show.append(try display(item, cell: id, index: index, path: path, line: line))
            }
        }
        var claims: [(text: String, line: Int)] = []
        if let list = body["expect"] {
            guard let items = list.sequence else {
                throw error("'expect' of cell '\(id)' must be a list of claims, one per line: '- max_error < 0.1'", line: body.line("expect"))
            }
            for item in items {
                let line = fenceLine + (item.mark?.line ?? 1)
                guard let text = item.scalar?.string else {
                    throw error("a claim is one line of text such as 'max_error < 0.1', quoted if it contains ': '", line: line)
                }
                claims.append((text, line))
            }
        }
        return Cell(
            id: id, kind: kind, overrides: overrides, show: show, claims: claims, line: fenceLine, parameterLines: parameterLines)
    }

    /// The line of every key and list item under `node`, by the path `ParameterError` names
    /// (`grid.points`, `p_g[2].sd`).
    static func collectLines(_ node: Node, path: String, firstLine: Int, into lines: inout [String: Int], depth: Int = 0) {
        guard depth < 64 else { return }
        if let mapping = node.mapping {
            for (key, value) in mapping {
                let keyPath = parameterPath(path, key.string ?? "")
                lines[keyPath] = firstLine + (key.mark?.line ?? 1) - 1
                collectLines(value, path: keyPath, firstLine: firstLine, into: &lines, depth: depth + 1)
            }
        } else if let sequence = node.sequence {
            for (index, item) in sequence.enumerated() {
                let itemPath = "\(path)[\(index + 1)]"
                lines[itemPath] = firstLine + (item.mark?.line ?? 1) - 1
                collectLines(item, path: itemPath, firstLine: firstLine, into: &lines, depth: depth + 1)
            }
        }
    }

    static let displayKeys: [String: [String]] = [
        "chart": [
            "chart", "name", "data", "x", "y", "y2", "labels", "y_axis", "dx", "dy", "layers", "title", "x_label", "y_label",
            "y2_label", "caption", "log_y", "equal_axes", "window", "facet", "facet_values", "animate",
        ],
        "table": ["table", "columns", "every", "caption"],
        "results": ["results", "caption"],
        "images": ["images", "name", "caption"],
    ]
    /// The keys of one item of a chart's `layers:`.
    static let layerKeys = ["chart", "data", "x", "y", "y2", "labels", "y_axis", "dx", "dy"]

    static func display(_ node: Node, cell: String, index: Int, path: String, line: Int) throws -> Display {
        // `line` is the file line of the item's first key; other keys' lines are found from it.
        let firstKeyLine = node.mapping?.first?.key.mark?.line ?? 1
        func error(_ message: String, in part: Node = node, key: String? = nil) -> RunnerError {
            let keyLine = key.flatMap { key in part.mapping?.first { $0.key.string == key }?.key.mark?.line }
            let partLine = keyLine ?? part.mapping?.first?.key.mark?.line ?? firstKeyLine
            return RunnerError(message, at: "\(path):\(line + partLine - firstKeyLine)")
        }
        guard let mapping = node.mapping, let type = displayKeys.keys.sorted().first(where: { mapping[$0] != nil }) else {
            throw error("each item of 'show' starts with one of chart:, table:, results:, images:")
        }
        for key in mapping.keys.compactMap(\.string) where !displayKeys[type]!.contains(key) {
            throw error("unknown key '\(key)' in a \(type); its keys are \(displayKeys[type]!.joined(separator: ", "))", key: key)
        }
        func string(_ key: String) -> String? { mapping[key]?.string }
        func strings(_ key: String) -> [String] {
            if let list = mapping[key]?.sequence { return list.compactMap(\.string) }
            return string(key).map { [$0] } ?? []
        }
        func need(_ key: String, _ what: String) throws -> String {
            guard let value = string(key), !value.isEmpty else { throw error("this \(type) needs '\(key): <\(what)>'") }
            return value
        }
        let defaultName = index == 0 ? cell : "\(cell)-\(index + 1)"
        let name = string("name") ?? defaultName
        guard isValidName(name) else {
            throw error("'name: \(name)' cannot name a figure's files: use letters, digits, - and _, starting with a letter", key: "name")
        }
        func flag(_ key: String) throws -> Bool {
            guard let node = mapping[key] else { return false }
            guard let value = node.bool else { throw error("'\(key)' is true or false", key: key) }
            return value
        }
        switch type {
        case "chart":
            let layers: [ChartLayer]
            if string("chart") == "layers" {
                guard let items = mapping["layers"]?.sequence, !items.isEmpty else {
                    throw error("'chart: layers' needs 'layers:', a list of layers such as '- {chart: scatter, data: samples, x: x, y: y}'")
                }
                if let key = layerKeys.dropFirst().first(where: { mapping[$0] != nil }) {
                    throw error("'\(key)' belongs to a layer: with 'chart: layers', give it in the items of 'layers:'", key: key)
                }
                layers = try items.map { item in
                    guard let layer = item.mapping else {
                        throw error("each item of 'layers:' is a mapping such as '{chart: scatter, data: samples, x: x, y: y}'", key: "layers")
                    }
                    for key in layer.keys.compactMap(\.string) where !layerKeys.contains(key) {
                        throw error("unknown key '\(key)' in a layer; its keys are \(layerKeys.joined(separator: ", "))", in: item, key: key)
                    }
                    return try Self.layer(layer) { error($0, in: item, key: $1) }
                }
            } else {
                guard mapping["layers"] == nil else {
                    throw error("'layers:' goes with 'chart: layers'; this chart is '\(string("chart") ?? "")'", key: "layers")
                }
                layers = [try Self.layer(mapping) { error($0, key: $1) }]
            }
            if string("facet") != nil && string("animate") != nil {
                throw error("a chart is either small multiples ('facet:') or an animation ('animate:'), not both", key: "animate")
            }
            var facetValues: [Double]?
            if let node = mapping["facet_values"] {
                let largest = Gnuplot.largestSplit.panels
                // Not `Node.float`: Yams traps on some YAML 1.1 numbers (see `every` below).
                guard string("facet") != nil, let items = node.sequence, (1...largest).contains(items.count),
                    case let values = items.compactMap({ $0.string.flatMap(Double.init) }), values.count == items.count,
                    values.allSatisfy(\.isFinite), zip(values, values.dropFirst()).allSatisfy({ $0 < $1 })
                else {
                    throw error(
                        "'facet_values' goes with 'facet:' and lists the panels to draw, 1 to \(largest) increasing numbers such as [0, 1000, 2000]",
                        key: "facet_values")
                }
                facetValues = values
            }
            let window = string("window") ?? "data"
            guard ["data", "heatmap"].contains(window) else {
                throw error("'window' is 'data' (every point in view, the default) or 'heatmap' (the heatmap's grid only), got '\(window)'", key: "window")
            }
            if window == "heatmap" && !layers.contains(where: { $0.style == .heatmap }) {
                throw error("'window: heatmap' needs a heatmap layer, whose grid sets the axes", key: "window")
            }
            let first = layers[0]
            let defaultYLabel = first.style == .heatmap ? first.yAxis! : first.style == .vectors ? first.y[0] : ""
            return .chart(
                Chart(
                    name: name, layers: layers, title: string("title") ?? "", xLabel: string("x_label") ?? first.x,
                    yLabel: string("y_label") ?? defaultYLabel, y2Label: string("y2_label") ?? "", caption: string("caption") ?? "",
                    logScaleY: try flag("log_y"), equalAxes: try flag("equal_axes"), windowOnHeatmap: window == "heatmap", facet: string("facet"),
                    facetValues: facetValues, animate: string("animate")))
        case "table":
            // Not `Node.int`: Yams traps on a YAML 1.1 base-60 number that overflows
            // (`every: 1:2:3:4:5:6:7:8:9:10:11:12`), and it reads any other non-number as absent.
            let every = mapping["every"].map { Int($0.string ?? "") ?? 0 } ?? 1
            guard every >= 1 else { throw error("'every' must be a whole number ≥ 1", key: "every") }
            return .table(TableView(data: try need("table", "table"), columns: strings("columns"), every: every, caption: string("caption") ?? ""))
        case "results":
            let names = strings("results")
            guard !names.isEmpty else { throw error("'results' needs a list of result names") }
            return .results(ResultsView(names: names, caption: string("caption") ?? ""))
        default:
            return .images(ImagesView(name: name, data: try need("images", "image grid"), caption: string("caption") ?? ""))
        }
    }

    /// One layer from its keys (`chart:` the style, `data`, `x`, `y`…); `error` makes an error
    /// about a key.
    static func layer(_ mapping: Node.Mapping, error: (String, String?) -> RunnerError) throws -> ChartLayer {
        func string(_ key: String) -> String? { mapping[key]?.string }
        func strings(_ key: String) -> [String] {
            if let list = mapping[key]?.sequence { return list.compactMap(\.string) }
            return string(key).map { [$0] } ?? []
        }
        func need(_ key: String, _ what: String) throws -> String {
            guard let value = string(key), !value.isEmpty else { throw error("this layer needs '\(key): <\(what)>'", nil) }
            return value
        }
        let styles = ChartLayer.Style.allCases.map(\.rawValue).joined(separator: ", ")
        guard let style = ChartLayer.Style(rawValue: try need("chart", "style")) else {
            throw error("unknown chart style '\(string("chart")!)'; the styles are \(styles), and layers for several in one chart", "chart")
        }
        let y = strings("y")
        guard !y.isEmpty else { throw error("this chart needs 'y: <column>' or 'y: [<column>, ...]'", "y") }
        switch style {
        case .heatmap where y.count != 1 || string("y_axis") == nil:
            throw error("a heatmap needs 'y_axis: <column>' and one colour column in 'y'", "chart")
        case .vectors where y.count != 1 || string("dx") == nil || string("dy") == nil:
            throw error("vectors need one 'y' column and 'dx:', 'dy:' columns: arrows from (x, y) by (dx, dy)", "chart")
        default: break
        }
        let y2 = strings("y2")
        guard y2.isEmpty || style == .lines || style == .scatter else {
            throw error("'y2' (series on the right-hand axis) goes with lines and scatter", "y2")
        }
        let labels = strings("labels")
        guard labels.isEmpty || labels.count == y.count + y2.count else {
            let series = y2.isEmpty ? "the \(y.count) series of 'y'" : "the \(y.count + y2.count) series of 'y' then 'y2'"
            throw error("'labels' names \(series) in order; it has \(labels.count)", "labels")
        }
        return ChartLayer(
            style: style, data: try need("data", "table"), x: try need("x", "column"), y: y, y2: y2,
            labels: labels.isEmpty ? y + y2 : labels, yAxis: string("y_axis"), dx: string("dx"), dy: string("dy"))
    }

    // MARK: - YAML

    /// A YAML mapping with the file line of each key.
    struct Mapping {
        var node: Node
        var firstLine: Int

        var keys: [String] { node.mapping?.keys.compactMap(\.string) ?? [] }
        subscript(key: String) -> Node? { node.mapping?[key] }
        func line(_ key: String) -> Int {
            guard let pair = node.mapping?.first(where: { $0.key.string == key }) else { return firstLine }
            return firstLine + (pair.key.mark?.line ?? 1) - 1
        }
    }

    /// Parses YAML that must be a mapping; YAML errors are located in the lesson file.
    static func mapping(_ yaml: String, firstLine: Int, path: String, what: String) throws -> Mapping {
        do {
            guard let node = try Yams.compose(yaml: yaml), case .mapping = node else {
                throw RunnerError("the \(what) must be YAML 'key: value' lines", at: "\(path):\(firstLine)")
            }
            return Mapping(node: node, firstLine: firstLine)
        } catch let error as YamlError {
            // An error found at the end of the text (an unclosed bracket) is reported on its last line.
            let lastLine = firstLine + yaml.split(separator: "\n", omittingEmptySubsequences: false).count - 1
            throw RunnerError("invalid YAML in the \(what): \(describe(error))", at: "\(path):\(min(firstLine + yamlLine(error) - 1, lastLine))")
        }
    }

    static func yamlLine(_ error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: 1
        }
    }

    static func describe(_ error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _), .composer(let context, let problem, _, _):
            // libyaml's own words for its nesting limit name a C function.
            problem.contains("max_nest_level")
                ? "lists or mappings nested too deeply"
                : [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
        default: "\(error)"
        }
    }
}
