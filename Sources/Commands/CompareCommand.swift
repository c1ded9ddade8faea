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
            same name (see `minimax export`): a value as <quantity>.npy, one number of shape () or \
            (1,), such as discriminator_bce.npy, a gradient as grad.<quantity>.<parameter>.npy, of \
            the parameter's shape, such as grad.generator_minimax.generator.0.weight.npy; float64 \
            or float32. A .json file holds an object of the same names, each a number or nested \
            lists, such as {"generator_minimax": -0.00035, "grad.generator_minimax.generator.4.bias": [0.0012]}. \
            A .tsv or .csv table with named columns is matched to the lesson's data/*.tsv by \
            column names (run the lesson first): its first column is the curve's x, whose values \
            pick the rows; it may have no more columns or rows than the lesson's largest table. \
            An overlay chart of your points on the lesson's curves is written as \
            <file>-overlay.png in the current folder, or in --charts DIR.

            compare prints one line per array or column: the element where the error is \
            nearest its bound, your number (a) and ours (e), the absolute and relative errors, \
            and the rule |a − e| ≤ atol + rtol·|e| it must meet. The defaults depend on the \
            precision of your file (a .npy file's dtype; a JSON array whose every number is a \
            float32 value, as torch's tolist() writes them, counts as float32):
              values, float64:    atol 1e-12, rtol 1e-9
              values, float32:    atol 1e-9,  rtol 1e-6
              gradients, float64: atol max(1e-10·|e|max, 1e-12), rtol 1e-8
              gradients, float32: atol max(1e-5·|e|max, 1e-9),   rtol 1e-4
              table columns:      atol 1e-9,  rtol 1e-6 (six significant digits)
            where |e|max is the largest |e| of the array (rounding errors of a gradient scale with \
            its largest terms) and the second number is the floor for arrays of zeros. compare \
            prints the rules it used, and says when it holds files to float32's tolerance, since \
            the manifest asks for float64. --rtol and --atol replace the defaults for every line.

            A file that cannot be compared (unreadable, larger than the exercise's arrays can \
            fill, misnamed, of the wrong shape, with a NaN) \
            is reported on its own line, and the others are compared all the same. compare \
            exits with status 0 only when every line passes, every file was compared and every \
            array of the exercise was given; to check part of an answer, name the arrays with \
            --only: a value (generator_minimax), a gradient (grad.generator_minimax.generator.0.weight), \
            or several with a final * (--only 'grad.generator_minimax.*'), repeated or separated \
            by commas. Our answers are recomputed from the lesson and the seed, so an exercise \
            exported --without-answers is checked all the same.

            Examples:
              minimax export saturation
              python3 exercises/solutions/gan_gradients.py exercises/saturation /tmp/mine
              minimax compare saturation /tmp/mine/*.npy
              minimax compare saturation answers.json --rtol 1e-3
              minimax compare saturation /tmp/mine/grad.*.npy --only 'grad.*'
              minimax compare saturation my-costs.csv    (columns d, minimax_loss, …)
              minimax compare saturation my-costs.csv --charts /tmp/charts
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

    @Option(help: ArgumentHelp(
        "Check only these arrays of the exercise (a name, or a prefix ending in *); repeat it or separate names by commas.",
        valueName: "name"))
    var only: [String] = []

    @Option(help: ArgumentHelp("The exercise cell, for a lesson with several.", valueName: "id"))
    var cell: String?

    @Option(help: ArgumentHelp("The seed the exercise was exported with, if not the lesson's.", valueName: "n"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("The reports folder whose data/*.tsv tables are compared (default: Output/).", valueName: "folder"))
    var output: String?

    @Option(help: ArgumentHelp("The folder to draw overlay charts in (default: the current folder).", valueName: "dir"))
    var charts: String?

    func validate() throws {
        if files.isEmpty {
            throw ValidationError("give the files your code wrote, such as: minimax compare \(lesson) mine/*.npy")
        }
        for (name, value) in [("--rtol", rtol), ("--atol", atol)] {
            if let value, !(value >= 0 && value.isFinite) { throw ValidationError("\(name) must be a number ≥ 0, got \(value)") }
        }
        if let charts, charts.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--charts needs a folder name, such as --charts /tmp/charts")
        }
    }

    func run() throws {
        let workspace = try course.workspace()
        _ = try workspace.lesson(lesson)  // an unknown lesson is reported before any file
        let kinds = files.map { file in Result { try StudentFiles.kind(of: file) } }
        let usesExercise = !only.isEmpty || kinds.contains {
            switch $0 {
            case .success(.numpy), .success(.json): true
            default: false
            }
        }
        let found = usesExercise ? try LessonExercise.find(lesson, cell: cell, seed: seed, workspace: workspace) : nil
        var report = ComparisonReport()
        var arrays: [StudentFiles.GivenArray] = []
        var tableFiles: [(file: String, separator: Character)] = []
        // The names of .npy files that could not be read: given, though not compared.
        var unreadable: Set<String> = []
        let limits = Self.fileLimits(found?.exercise)
        for (file, kind) in zip(files, kinds) {
            do {
                switch try kind.get() {
                case .numpy:
                    do {
                        arrays.append(try StudentFiles.numpyArray(file, limit: limits.numpy))
                    } catch {
                        unreadable.insert(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)
                        throw error
                    }
                case .json:
                    arrays += try StudentFiles.jsonArrays(file, limit: limits.json)
                case .table(let separator):
                    tableFiles.append((file, separator))
                }
            } catch let error as RunnerError {
                report.problems.append(error)
            }
        }

        if let found {
            let required = try requiredAnswers(found.exercise)
            let matched = exerciseComparisons(arrays, found.exercise)
            report.comparisons += matched.comparisons
            report.problems += matched.problems
            let given = Set(arrays.map(\.name)).union(unreadable)
            report.notGiven = required.filter { !given.contains($0) }
            print(
                "Compared with the exercise of lesson '\(lesson)' (cell '\(found.cell)', seed \(found.seed))"
                    + (only.isEmpty ? "." : "; --only asks for \(required.count) of its \(found.exercise.answers.count) arrays."))
        }
        let overlays = tableFiles.isEmpty ? [] : try compareTables(tableFiles, into: &report, workspace: workspace)
        if !report.comparisons.isEmpty { print(rules(report.comparisons)) }
        print(report.text, terminator: "")
        if !report.notGiven.isEmpty {
            print(
                "compare passes only a complete answer: give every array of the exercise, "
                    + "or name the ones you computed with --only (such as --only \(report.notGiven.first!))")
        }
        if let hint = float32Hint(report.comparisons) { print(hint) }
        for overlay in overlays { overlay.draw() }
        if !report.allPass { throw ExitCode(1) }
    }

    /// The most bytes a student's file can need to hold the exercise's arrays: the largest array
    /// in float64 with the largest .npy header, or every array as JSON text of 64 bytes a number
    /// (indented, at full precision), and a margin. A larger file is refused unread.
    static func fileLimits(_ exercise: Exercise?) -> (numpy: Int, json: Int) {
        let counts = (exercise?.answers ?? []).map(\.array.scalars.count)
        return (8 * (counts.max() ?? 0) + (1 << 17), 64 * counts.reduce(0, +) + (1 << 20))
    }

    /// Float32 numbers saved as float64 (`.double()`, `.astype(np.float64)`) fail float64's
    /// tolerance by float32's rounding: a hint that says so, rather than leave a student hunting
    /// a bug, when some failing float64 array meets float32's tolerance.
    func float32Hint(_ comparisons: [Comparison]) -> String? {
        guard rtol == nil && atol == nil else { return nil }
        let rounded = comparisons.filter { comparison in
            guard comparison.precision == .float64, !comparison.outcome.passes else { return false }
            var float32 = comparison
            float32.tolerance = comparison.name.hasPrefix("grad.") ? .gradient(comparison.expected, .float32) : .value(.float32)
            return float32.outcome.passes
        }
        guard !rounded.isEmpty else { return nil }
        return "\(rounded.count) of the float64 arrays that fail meet float32's tolerance: if your code computes in float32, "
            + "save its arrays as float32 (not converted to float64) to be held to float32's tolerance"
    }

    /// An overlay chart to draw: a student's table as points on the lesson's curves.
    struct Overlay {
        var figure: URL
        var reference: DataTable
        var obtained: DataTable
        var key: String
        var title: String

        /// Draws it, or says why it could not: the comparison stands either way.
        func draw() {
            do {
                try FileManager.default.createDirectory(at: figure.deletingLastPathComponent(), withIntermediateDirectories: true)
                try ComparisonChart.draw(
                    reference: reference, obtained: obtained, x: key, columns: Array(obtained.columns.dropFirst()), title: title, to: figure)
                print("Drew \(displayPath(figure)): your points on the lesson's curves.")
            } catch {
                print("No overlay chart for \(displayPath(figure)): \(fileErrorReason(error))")
            }
        }
    }

    /// Each table against the lesson's data (read once, and bounding the student's tables), its
    /// lines added to `report`; the charts to draw.
    func compareTables(
        _ tableFiles: [(file: String, separator: Character)], into report: inout ComparisonReport, workspace: Workspace
    ) throws -> [Overlay] {
        let reports = try outputFolder(output, workspace: workspace)
        let references = try referenceTables(in: reports.appendingPathComponent(lesson).appendingPathComponent("data"))
        let chartFolder = try self.chartFolder(reports: reports)
        let limits = TableText.Limits(
            columns: references.map(\.table.columns.count).max()!, rows: references.map(\.table.rows.count).max()!,
            source: "lesson '\(lesson)''s data tables")
        var overlays: [Overlay] = []
        for (file, separator) in tableFiles {
            do {
                let table = try StudentFiles.table(file, separator: separator, limits: limits)
                let match = try tableComparisons(file, table, references: references)
                report.comparisons += match.comparisons
                print("\(file): compared with \(displayPath(match.reference.file)), row by row on \(match.key) (\(table.rows.count) of its \(match.reference.table.rows.count) rows).")
                let name = URL(fileURLWithPath: file)
                overlays.append(Overlay(
                    figure: chartFolder.appendingPathComponent(name.deletingPathExtension().lastPathComponent + "-overlay.png"),
                    reference: match.reference.table, obtained: table, key: match.key,
                    title: "Your \(name.lastPathComponent) (points) on the lesson's \(match.reference.file.lastPathComponent) (lines)"))
            } catch let error as RunnerError {
                report.problems.append(error)
            }
        }
        return overlays
    }

    /// The folder overlay charts go in: --charts, or the current folder; never inside the reports
    /// folder, whose files a run owns (`minimax check` would not know them).
    func chartFolder(reports: URL) throws -> URL {
        let folder = URL(fileURLWithPath: charts ?? FileManager.default.currentDirectoryPath, isDirectory: true)
        func resolved(_ url: URL) -> String { url.standardizedFileURL.resolvingSymlinksInPath().path + "/" }
        if resolved(folder).hasPrefix(resolved(reports)) {
            throw RunnerError(
                "compare draws its charts in \(charts == nil ? "the current folder" : "--charts \(charts!)"), which is inside the reports folder "
                    + "\(displayPath(reports))/ that runs write; give --charts a folder outside it")
        }
        return folder
    }

    /// The rules the lines are held to, one line per precision of the arrays and one for tables.
    func rules(_ comparisons: [Comparison]) -> String {
        var lines = ["Each line passes when |a − e| ≤ atol + rtol·|e|, with e ours:"]
        for precision in [Precision.float64, .float32] {
            let count = comparisons.filter { $0.precision == precision }.count
            guard count > 0 else { continue }
            let value = Tolerance.value(precision), gradient = Tolerance.gradientRule(precision)
            lines.append(
                "  \(count) arrays in \(precision)" + (precision == .float32 ? ", not the manifest's float64, held to float32's tolerance" : "")
                    + ": values atol \(short(value.atol)), rtol \(short(value.rtol)); "
                    + "gradients atol max(\(short(gradient.scale))·|e|max, \(short(gradient.floor))), rtol \(short(gradient.rtol))")
        }
        if comparisons.contains(where: { $0.precision == nil }) {
            lines.append("  table columns: atol \(short(Tolerance.curve.atol)), rtol \(short(Tolerance.curve.rtol))")
        }
        if rtol != nil || atol != nil {
            lines.append("  " + [rtol.map { "--rtol \(short($0))" }, atol.map { "--atol \(short($0))" }].compactMap { $0 }.joined(separator: " and ")
                + " replace\(rtol != nil && atol != nil ? "" : "s") the default on every line")
        }
        return lines.joined(separator: "\n")
    }

    // MARK: - Arrays against the exercise

    /// The exercise's arrays a complete answer gives, in its order: every one, or those --only names.
    func requiredAnswers(_ exercise: Exercise) throws -> [String] {
        let names = exercise.answers.map(\.name)
        let patterns = only.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !patterns.isEmpty else { return names }
        var chosen: Set<String> = []
        for pattern in patterns {
            let matching = names.filter { pattern.hasSuffix("*") ? $0.hasPrefix(pattern.dropLast()) : $0 == pattern }
            guard !matching.isEmpty else {
                let close = closeMatches(pattern, among: names).prefix(3)
                throw RunnerError(
                    "--only \(pattern) names no array of the exercise" + (close.isEmpty ? "" : "; did you mean \(close.joined(separator: " or "))?")
                        + " Name a value (\(exercise.quantities[0].name)), a gradient (\(names.first { $0.hasPrefix("grad.") } ?? "")) "
                        + "or several with a final * (grad.\(exercise.quantities[0].name).*)")
            }
            chosen.formUnion(matching)
        }
        return names.filter(chosen.contains)
    }

    /// Each array given, checked (a name of the exercise, given once, of the right shape, finite)
    /// and paired with our answer, in the exercise's order; an array that fails a check is a
    /// problem of its file, and the others are compared all the same.
    func exerciseComparisons(
        _ arrays: [StudentFiles.GivenArray], _ exercise: Exercise
    ) -> (comparisons: [Comparison], problems: [RunnerError]) {
        var given: [String: StudentFiles.GivenArray] = [:]
        var problems: [RunnerError] = []
        for array in arrays {
            do {
                try check(array, exercise, given: given)
                given[array.name] = array
            } catch let error as RunnerError {
                problems.append(error)
            } catch {
                problems.append(RunnerError(fileErrorReason(error), at: array.file))
            }
        }
        let comparisons = exercise.answers.compactMap { answer -> Comparison? in
            guard let array = given[answer.name] else { return nil }
            let isValue = answer.parameter == nil
            let tolerance = (isValue ? Tolerance.value(array.precision) : Tolerance.gradient(answer.array, array.precision))
                .overridden(rtol: rtol, atol: atol)
            return Comparison(
                name: answer.name, obtained: isValue ? NumericArray(array.array.scalars[0]) : array.array, expected: answer.array,
                tolerance: tolerance, location: { isValue ? "-" : "\(answer.array.index(ofElement: $0))" }, precision: array.precision)
        }
        return (comparisons, problems)
    }

    /// Nothing, or why `given` cannot be compared with the exercise's array of its name.
    func check(_ given: StudentFiles.GivenArray, _ exercise: Exercise, given earlier: [String: StudentFiles.GivenArray]) throws {
        let (name, array, file) = (given.name, given.array, given.file)
        guard let answer = exercise.answers.first(where: { $0.name == name }) else {
            throw RunnerError(unknownName(name, exercise), at: file)
        }
        if let other = earlier[name] {
            throw RunnerError("'\(name)' is given twice, here and in \(other.file); give each array once", at: file)
        }
        if let parameter = answer.parameter {
            let shape = answer.array.shape
            if array.shape != shape {
                let transposed = array.shape.count > 1 && array.shape == shape.reversed()
                throw RunnerError(
                    "'\(name)' has shape \(array.shapeText); the gradient for \(parameter) has the parameter's shape, \(answer.array.shapeText)"
                        + (transposed ? ": it looks transposed (save its .T)" : ""),
                    at: file)
            }
        } else if array.scalars.count != 1 {
            throw RunnerError(
                "'\(name)' has shape \(array.shapeText), \(array.scalars.count) numbers; a quantity's value is one number, saved as np.save(path, value)",
                at: file)
        }
        if let bad = array.scalars.firstIndex(where: { !$0.isFinite }) {
            let element = answer.parameter == nil ? "its value" : "element \(array.index(ofElement: bad))"
            throw RunnerError("'\(name)': \(element) is \(array.scalars[bad]); every number must be finite (look for log(0), 0/0 or an overflow)", at: file)
        }
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
