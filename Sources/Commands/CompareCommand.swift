import ArgumentParser
import Foundation
import MinimaxExperiments
import MinimaxRunner

/// `minimax compare`: checks a student's numbers against a lesson's exercise and data.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Check numbers you computed in your own code against a lesson's exercise and data.",
        discussion: """
            Give the files your code wrote. A .npy file is matched to the exercise's array of the \
            same name (see `minimax export`): a value as <quantity>.npy, such as \
            discriminator_bce.npy, a gradient as grad.<quantity>.<parameter>.npy, such as \
            grad.generator_minimax.generator.0.weight.npy; float64 or float32. A .json file holds \
            an object of the same names, each a number or nested lists, such as \
            {"generator_minimax": -0.00035, "grad.generator_minimax.generator.4.bias": [0.0012]}. \
            A .tsv or .csv table with named columns is matched to the lesson's data/*.tsv by \
            column names (run the lesson first): its first column is the curve's x, whose values \
            pick the rows, and an overlay chart of your points on the lesson's curves is written \
            next to it, as <file>-overlay.png.

            compare prints one line per array or column: the element where the error is \
            nearest its bound, your number (a) and ours (e), the absolute and relative errors, \
            and the rule |a − e| ≤ atol + rtol·|e| it must meet. The defaults: rtol 1e-6, atol \
            1e-9 for values and curves (closed forms of the given numbers); rtol 1e-4, atol 1e-5 \
            times the largest |e| of the array for gradients, which float32 code meets. \
            --rtol and --atol replace them for every line. It exits with status 0 only when \
            every line passes.

            Examples:
              minimax export saturation
              python3 exercises/solutions/gan_gradients.py exercises/saturation /tmp/mine
              minimax compare saturation /tmp/mine/*.npy
              minimax compare saturation answers.json --rtol 1e-3
              minimax compare saturation my-costs.csv      (columns d, minimax_loss, …)
            """)

    @OptionGroup var course: CourseOptions

    @Argument(help: ArgumentHelp("The lesson (see `minimax list`).", valueName: "lesson"))
    var lesson: String

    @Argument(help: ArgumentHelp("Your results: .npy, .json, .tsv or .csv files.", valueName: "file"))
    var files: [String] = []

    @Option(help: ArgumentHelp("The relative tolerance of every line, instead of the defaults.", valueName: "r"))
    var rtol: Double?

    @Option(help: ArgumentHelp("The absolute tolerance of every line, instead of the defaults.", valueName: "a"))
    var atol: Double?

    @Option(help: ArgumentHelp("The exercise cell, for a lesson with several.", valueName: "id"))
    var cell: String?

    @Option(help: ArgumentHelp("The seed the exercise was exported with, if not the lesson's.", valueName: "n"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("The reports folder whose data/*.tsv tables are compared (default: Output/).", valueName: "folder"))
    var output: String?

    func validate() throws {
        if files.isEmpty {
            throw ValidationError("give the files your code wrote, such as: minimax compare \(lesson) mine/*.npy")
        }
        for (name, value) in [("--rtol", rtol), ("--atol", atol)] {
            if let value, !(value >= 0 && value.isFinite) { throw ValidationError("\(name) must be a number ≥ 0, got \(value)") }
        }
    }

    func run() throws {
        let workspace = try course.workspace()
        _ = try workspace.lesson(lesson)  // an unknown lesson is reported before any file
        var arrays: [(name: String, array: NumericArray, file: String)] = []
        var tables: [(file: String, table: DataTable)] = []
        for file in files {
            switch try StudentFiles.kind(of: file) {
            case .numpy:
                let (name, array) = try StudentFiles.numpyArray(file)
                arrays.append((name, array, file))
            case .json:
                arrays += try StudentFiles.jsonArrays(file).map { ($0.name, $0.array, file) }
            case .table(let separator):
                tables.append((file, try StudentFiles.table(file, separator: separator)))
            }
        }

        var comparisons: [Comparison] = []
        var notGiven: [String] = []
        var overlays: [(figure: URL, reference: DataTable, obtained: DataTable, key: String, columns: [String], title: String)] = []
        if !arrays.isEmpty {
            let found = try LessonExercise.find(lesson, cell: cell, seed: seed, workspace: workspace)
            let matched = try exerciseComparisons(arrays, found.exercise)
            comparisons += matched.comparisons
            notGiven = matched.notGiven
            print("Compared with the exercise of lesson '\(lesson)' (cell '\(found.cell)', seed \(found.seed)).")
        }
        if !tables.isEmpty {
            let folder = try outputFolder(output, workspace: workspace).appendingPathComponent(lesson).appendingPathComponent("data")
            let references = try referenceTables(in: folder)
            for (file, table) in tables {
                let match = try tableComparisons(file, table, references: references)
                comparisons += match.comparisons
                print("\(file): compared with \(displayPath(match.reference.file)), row by row on \(match.key) (\(table.rows.count) of its \(match.reference.table.rows.count) rows).")
                let url = URL(fileURLWithPath: file)
                overlays.append((
                    url.deletingLastPathComponent().appendingPathComponent(url.deletingPathExtension().lastPathComponent + "-overlay.png"),
                    match.reference.table, table, match.key, Array(table.columns.dropFirst()),
                    "Your \(url.lastPathComponent) (points) on the lesson's \(match.reference.file.lastPathComponent) (lines)"))
            }
        }
        let report = comparisonReport(comparisons, notGiven: notGiven)
        print(report.text, terminator: "")
        for overlay in overlays {
            do {
                try ComparisonChart.draw(
                    reference: overlay.reference, obtained: overlay.obtained, x: overlay.key, columns: overlay.columns,
                    title: overlay.title, to: overlay.figure)
                print("Drew \(displayPath(overlay.figure)): your points on the lesson's curves.")
            } catch {
                print("No overlay chart for \(displayPath(overlay.figure)): \(error)")
            }
        }
        if !report.allPass { throw ExitCode(1) }
    }

    // MARK: - Arrays against the exercise

    /// Each array given, checked (a name of the exercise, given once, of the right shape, finite)
    /// and paired with our answer, in the exercise's order; and the answers not given.
    func exerciseComparisons(
        _ arrays: [(name: String, array: NumericArray, file: String)], _ exercise: Exercise
    ) throws -> (comparisons: [Comparison], notGiven: [String]) {
        let answers = exercise.answers
        var given: [String: (array: NumericArray, file: String)] = [:]
        for (name, array, file) in arrays {
            guard let answer = answers.first(where: { $0.name == name }) else {
                throw RunnerError(unknownName(name, exercise), at: file)
            }
            if let other = given[name] {
                throw RunnerError("'\(name)' is given twice, here and in \(other.file); give each array once", at: file)
            }
            if answer.parameter == nil {
                guard array.scalars.count == 1 else {
                    throw RunnerError(
                        "'\(name)' has shape \(array.shapeText), \(array.scalars.count) numbers; a quantity's value is one number, saved as np.save(path, value)",
                        at: file)
                }
            } else if array.shape != answer.array.shape {
                throw RunnerError(
                    "'\(name)' has shape \(array.shapeText); the gradient for \(answer.parameter!) has the parameter's shape, \(answer.array.shapeText)",
                    at: file)
            }
            if let bad = array.scalars.firstIndex(where: { !$0.isFinite }) {
                let element = answer.parameter == nil ? "its value" : "element \(array.index(ofElement: bad))"
                throw RunnerError("'\(name)': \(element) is \(array.scalars[bad]); every number must be finite (look for log(0), 0/0 or an overflow)", at: file)
            }
            given[name] = (array, file)
        }
        var comparisons: [Comparison] = []
        var notGiven: [String] = []
        for answer in answers {
            guard let (array, _) = given[answer.name] else {
                notGiven.append(answer.name)
                continue
            }
            let isValue = answer.parameter == nil
            let tolerance = (isValue ? Tolerance.value : Tolerance.gradient(answer.array)).overridden(rtol: rtol, atol: atol)
            let obtained = isValue ? NumericArray(array.scalars[0]) : array
            comparisons.append(Comparison(
                name: answer.name, obtained: obtained, expected: answer.array, tolerance: tolerance,
                location: { isValue ? "-" : "\(answer.array.index(ofElement: $0))" }))
        }
        return (comparisons, notGiven)
    }

    /// Why `name` is no array to compare, with the names that are.
    func unknownName(_ name: String, _ exercise: Exercise) -> String {
        let given = exercise.inputs.map(\.name) + exercise.parameters.map(\.name)
        if given.contains(name) {
            return "'\(name)' is one of the exercise's inputs and parameters, not a result to compare; give only your values and gradients"
        }
        let names = exercise.answers.map(\.name)
        let close = closeMatches(name, among: names).prefix(3)
        let quantities = exercise.quantities.map(\.name)
        let parameters = exercise.parameters.map(\.name)
        return "'\(name)' is not an array of the exercise" + (close.isEmpty ? "." : "; did you mean \(close.joined(separator: " or "))?")
            + " Name each after what it holds: a value as <quantity>.npy, a gradient as grad.<quantity>.<parameter>.npy, "
            + "with the quantities \(quantities.joined(separator: ", ")) and the parameters \(parameters.joined(separator: ", "))"
    }

    // MARK: - Tables against the lesson's data

    /// The lesson's data files, each read as a table.
    func referenceTables(in folder: URL) throws -> [(file: URL, table: DataTable)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let tables = names.filter { $0.hasSuffix(".tsv") }.sorted()
        guard !tables.isEmpty else {
            throw RunnerError(
                "no data of lesson '\(lesson)' in \(displayPath(folder))/ to compare tables with: run `minimax run \(lesson)` first")
        }
        return try tables.map { name in
            let file = folder.appendingPathComponent(name)
            return (file, try StudentFiles.table(file.path, separator: "\t"))
        }
    }

    /// The student's columns against the lesson's data file that has them all (the one of the
    /// same name first), rows matched by the first column.
    func tableComparisons(
        _ file: String, _ table: DataTable, references: [(file: URL, table: DataTable)]
    ) throws -> (reference: (file: URL, table: DataTable), key: String, comparisons: [Comparison]) {
        let key = table.columns[0]
        guard table.columns.count >= 2 else {
            throw RunnerError("it has one column, '\(key)'; give the curve's x first, then the columns to compare", at: file)
        }
        let everyColumn = references.map { "\($0.table.columns.joined(separator: ", ")) (\($0.file.lastPathComponent))" }.joined(separator: "; ")
        if let unknown = table.columns.first(where: { column in !references.contains { $0.table.columns.contains(column) } }) {
            let close = closeMatches(unknown, among: Array(Set(references.flatMap(\.table.columns))).sorted()).prefix(3)
            throw RunnerError(
                "column '\(unknown)' is in none of lesson '\(lesson)''s data files"
                    + (close.isEmpty ? "" : "; did you mean \(close.joined(separator: " or "))?") + " Their columns: \(everyColumn)",
                at: file)
        }
        var candidates = references.filter { Set(table.columns).isSubset(of: $0.table.columns) }
        guard !candidates.isEmpty else {
            throw RunnerError(
                "no data file of lesson '\(lesson)' has the columns \(table.columns.joined(separator: ", ")) together; their columns: \(everyColumn)",
                at: file)
        }
        let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        if let same = candidates.first(where: { $0.file.deletingPathExtension().lastPathComponent == stem }) { candidates = [same] }
        if let bad = table.rows.firstIndex(where: { !$0.allSatisfy(\.isFinite) }) {
            let column = table.columns[table.rows[bad].firstIndex { !$0.isFinite }!]
            throw RunnerError("row \(bad + 1), column '\(column)' is \(table.rows[bad].first { !$0.isFinite }!); every number must be finite", at: file)
        }
        // Rows by the value of the key column: a student may give some of the points only.
        func rowsMatching(_ reference: DataTable) -> Result<[Int], RunnerError> {
            let keys = reference.column(key)!
            var matched: [Int] = []
            for (index, row) in table.rows.enumerated() {
                guard let found = keys.firstIndex(where: { abs($0 - row[0]) <= 1e-9 * max(1, abs($0)) }) else {
                    return .failure(RunnerError(
                        "row \(index + 1): \(key) = \(formatNumber(row[0])) is not one of the lesson's \(keys.count) values of \(key) "
                            + "(from \(formatNumber(keys.min() ?? 0)) to \(formatNumber(keys.max() ?? 0))); compute the curve at the lesson's points",
                        at: file))
                }
                matched.append(found)
            }
            return .success(matched)
        }
        let results = candidates.map { rowsMatching($0.table) }
        guard let chosen = results.firstIndex(where: { (try? $0.get()) != nil }) else {
            // No candidate has every row: the first one's reason, which names the row.
            if case .failure(let error) = results[0] { throw error }
            preconditionFailure("a candidate that matched was not chosen")
        }
        let reference = candidates[chosen]
        let rows = try results[chosen].get()
        let referenceStem = reference.file.deletingPathExtension().lastPathComponent
        let comparisons = table.columns.enumerated().dropFirst().map { index, column in
            let expectedColumn = reference.table.columns.firstIndex(of: column)!
            let keys = table.rows.map { $0[0] }
            return Comparison(
                name: "\(referenceStem).\(column)",
                obtained: NumericArray(shape: [table.rows.count], scalars: table.rows.map { $0[index] }),
                expected: NumericArray(shape: [rows.count], scalars: rows.map { reference.table.rows[$0][expectedColumn] }),
                tolerance: Tolerance.curve.overridden(rtol: rtol, atol: atol),
                location: { "\(key) = " + String(format: "%.6g", keys[$0]) })
        }
        return (reference, key, comparisons)
    }
}
