import Foundation
import MinimaxExperiments
import Testing

@testable import MinimaxCommands
@testable import MinimaxRunner

/// Whether `python3` can import numpy here: the worked solution needs it.
let pythonWithNumPy: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import numpy"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do {
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus == 0
    } catch {
        return false
    }
}()

/// A lesson that runs in a moment: a table of the generator costs, and a small exercise.
let quickExerciseLesson = """
    ---
    title: Costs and an exercise
    chapter: 3
    seed: 1
    summary: For testing compare.
    ---

    ```experiment
    id: costs
    kind: generator-costs
    parameters:
      d: {from: 0.1, to: 0.9, points: 9}
    show:
      - chart: lines
        name: costs
        data: costs
        x: d
        y: [minimax_loss, nonsaturating_loss]
    ```

    ```experiment
    id: exercise
    kind: gan-gradients
    parameters:
      generator_hidden: [3]
      discriminator_hidden: [4]
      batch: 8
      discriminator_steps: 10
    show:
      - results: [generator_minimax]
    ```
    """

extension CLI {
    /// The exercise of a lesson in this workspace, as compare rebuilds it.
    func exercise(_ lesson: String) throws -> Exercise {
        try LessonExercise.find(lesson, cell: nil, seed: nil, workspace: Workspace(root: space.root)).exercise
    }

    /// Our own answers written as a student would write them, into `folder`, after `change`
    /// (which may alter or drop arrays by name).
    func writeAnswers(
        _ exercise: Exercise, into folder: String, _ change: (String, NumericArray) -> NumericArray? = { $1 }
    ) throws {
        try FileManager.default.createDirectory(at: url(folder), withIntermediateDirectories: true)
        for answer in exercise.answers {
            guard let array = change(answer.name, answer.array) else { continue }
            try NumPyFile.encode(array).write(to: url("\(folder)/\(answer.name).npy"))
        }
    }

    /// The `.npy` files of a folder, as a shell's `folder/*.npy` would list them.
    func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url(folder).path).filter { $0.hasSuffix(".npy") }.sorted().map { "\(folder)/\($0)" }
    }
}

/// `array` with element `index` replaced.
func changing(_ array: NumericArray, at index: Int, to value: Double) -> NumericArray {
    var scalars = array.scalars
    scalars[index] = value
    return NumericArray(shape: array.shape, scalars: scalars)
}

@Suite("minimax compare", .serialized)
struct CompareTests {
    /// Exports lesson `lesson` (with `exportArguments`), runs the worked numpy solution on it in
    /// `dtype` and returns the `.npy` files it wrote.
    func solve(_ cli: CLI, _ lesson: String, dtype: String, exportArguments: [String] = []) throws -> [String] {
        let export = try cli.run(["export", lesson] + exportArguments)
        #expect(export.status == 0, "\(export.errors)")
        let solution = CLI.repository.appendingPathComponent("exercises/solutions/gan_gradients.py").path
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", solution, "exercises/\(lesson)", "mine", "--dtype", dtype]
        python.currentDirectoryURL = cli.space.root
        python.standardOutput = FileHandle.nullDevice
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        return try cli.files(in: "mine")
    }

    @Test(
        "export, then the worked numpy solution, then compare: every array agrees, in float64 and in float32, each held to its own tolerance",
        .enabled(if: pythonWithNumPy, "python3 with numpy is not installed here: the worked solution could not be run"),
        arguments: ["float64", "float32"])
    func workedSolutionPasses(dtype: String) throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.copyCourseLesson("saturation")
        let files = try solve(cli, "saturation", dtype: dtype)
        #expect(files.count == 52)
        let outcome = try cli.run(["compare", "saturation"] + files)
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
        let lines = outcome.output.split(separator: "\n")
        #expect(lines.first == "Compared with the exercise of lesson 'saturation' (cell 'exercise', seed 1).")
        #expect(lines[1] == "Each line passes when |a − e| ≤ atol + rtol·|e|, with e ours:")
        #expect(lines[2] == (dtype == "float64"
            ? "  52 arrays in float64: values atol 1e-12, rtol 1e-09; gradients atol max(1e-10·|e|max, 1e-12), rtol 1e-08"
            : "  52 arrays in float32, not the manifest's float64, held to float32's tolerance: values atol 1e-09, rtol 1e-06; gradients atol max(1e-05·|e|max, 1e-09), rtol 1e-04"))
        #expect(lines.filter { $0.hasSuffix("  pass") }.count == 52, "\(outcome.output)")
        #expect(lines.last == "52/52 quantities agree")
    }

    @Test(
        "An exercise exported --without-answers holds no value and no gradient file, and compare passes the worked solution against it",
        .enabled(if: pythonWithNumPy, "python3 with numpy is not installed here: the worked solution could not be run"))
    func withoutAnswers() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.copyCourseLesson("saturation")
        let files = try solve(cli, "saturation", dtype: "float64", exportArguments: ["--without-answers"])
        let again = try cli.run("export", "saturation", "--without-answers")
        #expect(again.output.hasPrefix(
            "saturation: wrote exercises/saturation/ (exercise.json; 2 inputs, 12 parameters, without our answers, as .npy files) for cell 'exercise' with seed 1\n"),
            "\(again.output)")
        let handed = try FileManager.default.contentsOfDirectory(atPath: cli.url("exercises/saturation").path)
        #expect(handed.count == 1 + 2 + 12 && !handed.contains { $0.hasPrefix("grad.") }, "\(handed)")
        let manifest = try String(contentsOf: cli.url("exercises/saturation/exercise.json"), encoding: .utf8)
        #expect(!manifest.contains("\"value\":") && manifest.contains("\"value_file\": \"generator_minimax.npy\""))
        #expect(manifest.contains("\"answers\": \"Not included: each quantity names the files to save, and minimax compare recomputes our answers from the lesson.\""))
        let outcome = try cli.run(["compare", "saturation"] + files)
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
        #expect(outcome.output.hasSuffix("\n52/52 quantities agree\n"))
        // Exported over an export with answers, it leaves none of them behind.
        #expect(try cli.run("export", "saturation", "--to", "class").status == 0)
        #expect(try cli.run("export", "saturation", "--to", "class", "--without-answers").status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: cli.url("class").path).sorted() == handed.sorted())
    }

    @Test("A corrupted gradient element and a corrupted value each fail with their line, and the status is 1")
    func corruptedValues() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.copyCourseLesson("saturation")
        let exercise = try cli.exercise("saturation")
        let gradient = try #require(exercise.answers.first { $0.name == "grad.generator_minimax.generator.2.weight" }?.array)
        // Element [3, 5] of a 16 × 16 matrix, made 1% too large.
        let wrong = gradient.scalars[3 * 16 + 5] * 1.01
        try cli.writeAnswers(exercise, into: "mine") { name, array in
            switch name {
            case "grad.generator_minimax.generator.2.weight": changing(array, at: 3 * 16 + 5, to: wrong)
            case "generator_nonsaturating": NumericArray(array.scalars[0] + 1e-3)
            default: array
            }
        }
        let outcome = try cli.run(["compare", "saturation"] + (try cli.files(in: "mine")))
        #expect(outcome.status == 1)
        let lines = outcome.output.split(separator: "\n").map(String.init)
        let gradientLine = try #require(lines.first { $0.hasPrefix("grad.generator_minimax.generator.2.weight ") })
        let fields = gradientLine.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        #expect(fields[1] == "[3," && fields[2] == "5]", "\(gradientLine)")
        #expect(fields[3] == String(format: "%.10g", wrong) && fields[4] == String(format: "%.10g", gradient.scalars[3 * 16 + 5]))
        #expect(fields[6] == "0.01" && fields.last == "FAIL", "\(gradientLine)")
        let valueLine = try #require(lines.first { $0.hasPrefix("generator_nonsaturating ") })
        #expect(valueLine.contains(" -  ") && valueLine.contains("1e-03") && valueLine.contains("1e-12 + 1e-09·|e|") && valueLine.hasSuffix("FAIL"))
        #expect(lines.filter { $0.hasSuffix("  pass") }.count == 50)
        #expect(lines.last == "50/52 quantities agree; 2 do not: grad.generator_minimax.generator.2.weight, generator_nonsaturating")
        // The same files pass once the tolerances are loose enough.
        let loose = try cli.run(["compare", "saturation", "--rtol", "0.02", "--atol", "1e-3"] + (try cli.files(in: "mine")))
        #expect(loose.status == 0)
        #expect(loose.output.contains("1e-03 + 0.02·|e|"))
        #expect(loose.output.contains("\n  --rtol 0.02 and --atol 1e-03 replace the default on every line\n"))
    }

    @Test("A partial answer never passes: what is missing is named, and --only chooses a subset; JSON is read like .npy files")
    func partialAndJSON() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.copyCourseLesson("saturation")
        let exercise = try cli.exercise("saturation")
        // Every array but one gradient: 51 lines agree, and it still fails.
        try cli.writeAnswers(exercise, into: "most") { name, array in name == "grad.critic_wasserstein.generator.4.bias" ? nil : array }
        let most = try cli.run(["compare", "saturation"] + (try cli.files(in: "most")))
        #expect(most.status == 1)
        #expect(most.output.hasSuffix("""
            \n51/51 quantities agree; 1 of the exercise's arrays was not given: grad.critic_wasserstein.generator.4.bias
            compare passes only a complete answer: give every array of the exercise, or name the ones you computed with --only (such as --only grad.critic_wasserstein.generator.4.bias)

            """), "\(most.output)")

        try cli.writeAnswers(exercise, into: "values") { name, array in name.hasPrefix("grad.") ? nil : array }
        let values = try cli.run(["compare", "saturation"] + (try cli.files(in: "values")))
        #expect(values.status == 1)
        #expect(values.output.contains(
            "\n4/4 quantities agree; 48 of the exercise's arrays were not given: grad.discriminator_bce.generator.0.weight, grad.discriminator_bce.generator.0.bias, grad.discriminator_bce.generator.2.weight, …\n"),
            "\(values.output)")
        // The same files pass when --only names what they hold, repeated or with commas.
        let named = try cli.run(
            ["compare", "saturation", "--only", "discriminator_bce,generator_minimax", "--only", "generator_nonsaturating", "--only", "critic_wasserstein"]
                + (try cli.files(in: "values")))
        #expect(named.status == 0, "\(named.output)")
        #expect(named.output.hasPrefix("Compared with the exercise of lesson 'saturation' (cell 'exercise', seed 1); --only asks for 4 of its 52 arrays.\n"))
        #expect(named.output.hasSuffix("\n4/4 quantities agree\n"))
        // A prefix with * asks for a quantity's gradients, which are then missing.
        let prefix = try cli.run(["compare", "saturation", "--only", "grad.critic_wasserstein.*"] + (try cli.files(in: "values")))
        #expect(prefix.status == 1)
        #expect(prefix.output.contains("; 12 of the exercise's arrays were not given: grad.critic_wasserstein.generator.0.weight, "))
        let unknown = try cli.run(["compare", "saturation", "--only", "generator_minimx"] + (try cli.files(in: "values")))
        #expect(unknown.status == 1)
        #expect(unknown.errors == "Error: --only generator_minimx names no array of the exercise; did you mean generator_minimax? Name a value (discriminator_bce), a gradient (grad.discriminator_bce.generator.0.weight) or several with a final * (grad.discriminator_bce.*)\n")

        let weight = try #require(exercise.answers.first { $0.name == "grad.critic_wasserstein.generator.4.weight" }?.array)
        let value = try #require(exercise.quantities.first { $0.name == "critic_wasserstein" }?.value)
        func json(_ number: (Double) -> String) -> String {
            let rows = (0..<weight.shape[0]).map { row in
                "[" + (0..<weight.shape[1]).map { number(weight.scalars[row * weight.shape[1] + $0]) }.joined(separator: ", ") + "]"
            }
            return "{\"critic_wasserstein\": \(number(value)), \"grad.critic_wasserstein.generator.4.weight\": [\(rows.joined(separator: ", "))]}"
        }
        let only = ["--only", "critic_wasserstein,grad.critic_wasserstein.generator.4.weight"]
        try Data(json { "\($0)" }.utf8).write(to: cli.url("mine.json"))
        let outcome = try cli.run(["compare", "saturation", "mine.json"] + only)
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
        #expect(outcome.output.contains("\n  2 arrays in float64: "))
        #expect(outcome.output.hasSuffix("\n2/2 quantities agree\n"))
        // Numbers that are all float32 values, as torch's tolist() writes a float32 tensor, are float32.
        try Data(json { "\(Double(Float($0)))" }.utf8).write(to: cli.url("torch.json"))
        let torch = try cli.run(["compare", "saturation", "torch.json"] + only)
        #expect(torch.status == 0, "\(torch.output)\(torch.errors)")
        #expect(torch.output.contains("\n  2 arrays in float32, not the manifest's float64, held to float32's tolerance: "))
    }

    @Test("Float32 files are held to float32's tolerance; float32 numbers saved as float64 fail float64's, with a hint")
    func precisions() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.copyCourseLesson("saturation")
        let exercise = try cli.exercise("saturation")
        func rounded(_ array: NumericArray) -> NumericArray { NumericArray(shape: array.shape, scalars: array.scalars.map { Double(Float($0)) }) }
        try cli.writeAnswers(exercise, into: "widened") { rounded($1) }
        let widened = try cli.run(["compare", "saturation"] + (try cli.files(in: "widened")))
        #expect(widened.status == 1)
        let failing = widened.output.split(separator: "\n").filter { $0.hasSuffix("  FAIL") }.count
        #expect(failing > 40, "\(widened.output)")
        #expect(widened.output.contains("\n\(failing) of the float64 arrays that fail meet float32's tolerance: if your code computes in float32, save its arrays as float32 (not converted to float64) to be held to float32's tolerance\n"))
        // The same numbers in float32 files pass.
        try FileManager.default.createDirectory(at: cli.url("float32"), withIntermediateDirectories: true)
        for answer in exercise.answers {
            let bytes = answer.array.scalars.flatMap { value in withUnsafeBytes(of: Float(value).bitPattern.littleEndian) { Array($0) } }
            try npyFile("{'descr': '<f4', 'fortran_order': False, 'shape': \(answer.array.shapeText), }", data: bytes)
                .write(to: cli.url("float32/\(answer.name).npy"))
        }
        let float32 = try cli.run(["compare", "saturation"] + (try cli.files(in: "float32")))
        #expect(float32.status == 0, "\(float32.output)")
        #expect(float32.output.contains("\n  52 arrays in float32, not the manifest's float64, held to float32's tolerance: "))
    }

    @Test("One bad file does not hide the rest: a transposed gradient and a NaN are each their file's line, and the others are compared")
    func badFilesDoNotHideTheRest() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.copyCourseLesson("saturation")
        let exercise = try cli.exercise("saturation")
        try cli.writeAnswers(exercise, into: "mine") { name, array in
            switch name {
            case "grad.generator_minimax.generator.0.weight": NumericArray(shape: array.shape.reversed(), scalars: array.scalars)
            case "grad.critic_wasserstein.discriminator.0.bias": changing(array, at: 1, to: .nan)
            default: array
            }
        }
        try Data("not numpy".utf8).write(to: cli.url("mine/generator_nonsaturating.npy"))
        let outcome = try cli.run(["compare", "saturation"] + (try cli.files(in: "mine")))
        #expect(outcome.status == 1)
        #expect(outcome.output.hasSuffix("""
            Not compared:
            mine/generator_nonsaturating.npy: not a NumPy .npy file: it does not start with \\x93NUMPY (write arrays with np.save)
            mine/grad.critic_wasserstein.discriminator.0.bias.npy: 'grad.critic_wasserstein.discriminator.0.bias': element [1] is nan; every number must be finite (look for log(0), 0/0 or an overflow)
            mine/grad.generator_minimax.generator.0.weight.npy: 'grad.generator_minimax.generator.0.weight' has shape (1, 16); the gradient for generator.0.weight has the parameter's shape, (16, 1): it looks transposed (save its .T)
            49/49 quantities agree; 3 files could not be compared (listed above)

            """), "\(outcome.output)")
    }

    @Test("Tables are matched to the lesson's data by column names, row by row on the first column, and drawn over it")
    func tables() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.space.write("quick", quickExerciseLesson)
        #expect(try cli.run("run", "quick").status == 0)
        let ds = [0.1, 0.3, 0.5, 0.7, 0.9]
        let rows = ds.map { "\($0),\(Foundation.log1p(-$0)),\(-Foundation.log($0))" }
        try Data((["d,minimax_loss,nonsaturating_loss"] + rows).joined(separator: "\n").utf8).write(to: cli.url("mine.csv"))
        let outcome = try cli.run("compare", "quick", "mine.csv")
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
        #expect(outcome.output.hasPrefix("mine.csv: compared with Output/quick/data/costs.tsv, row by row on d (5 of its 9 rows).\n"), "\(outcome.output)")
        #expect(outcome.output.contains("\n2/2 quantities agree\n"))
        #expect(outcome.output.hasSuffix("Drew mine-overlay.png: your points on the lesson's curves.\n"))
        let png = try Data(contentsOf: cli.url("mine-overlay.png"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))

        // A wrong point fails on its row.
        let wrong = ds.map { "\($0)\t\(Foundation.log1p(-$0) + ($0 == 0.7 ? 1e-3 : 0))" }
        try Data((["d\tminimax_loss"] + wrong).joined(separator: "\n").utf8).write(to: cli.url("wrong.tsv"))
        let failing = try cli.run("compare", "quick", "wrong.tsv")
        #expect(failing.status == 1)
        let line = try #require(failing.output.split(separator: "\n").first { $0.hasPrefix("costs.minimax_loss") })
        #expect(line.contains("d = 0.7 ") && line.hasSuffix("FAIL"), "\(line)")

        // A table inside the reports folder draws its chart in the current folder, or in
        // --charts, never beside itself: the report's files are the run's.
        let inside = try cli.run("compare", "quick", "Output/quick/data/costs.tsv")
        #expect(inside.status == 0, "\(inside.output)")
        #expect(inside.output.hasSuffix("Drew costs-overlay.png: your points on the lesson's curves.\n"))
        #expect(FileManager.default.fileExists(atPath: cli.url("costs-overlay.png").path))
        let charted = try cli.run("compare", "quick", "Output/quick/data/costs.tsv", "--charts", "charts/new")
        #expect(charted.output.hasSuffix("Drew charts/new/costs-overlay.png: your points on the lesson's curves.\n"), "\(charted.output)")
        #expect(FileManager.default.fileExists(atPath: cli.url("charts/new/costs-overlay.png").path))
        let refused = try cli.run("compare", "quick", "mine.csv", "--charts", "Output/quick")
        #expect(refused.status == 1)
        #expect(refused.errors == "Error: compare draws its charts in --charts Output/quick, which is inside the reports folder Output/ that runs write; give --charts a folder outside it\n")
        let overlays = try FileManager.default.subpathsOfDirectory(atPath: cli.space.output.path).filter { $0.contains("overlay") }
        #expect(overlays.isEmpty, "\(overlays)")
    }

    @Test("A table wider or longer than the lesson's largest is refused as soon as the excess is read, in well under a second")
    func hostileTables() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.space.write("quick", quickExerciseLesson)
        #expect(try cli.run("run", "quick").status == 0)
        // A million columns took an hour (a quadratic search for repeated names); a line of
        // 10⁸ fields took 284 s and 5.2 GB before its error.
        let wide = (0..<1_000_000).map { "c\($0)" }.joined(separator: ",") + "\n" + String(repeating: "0,", count: 999_999) + "0\n"
        try Data(wide.utf8).write(to: cli.url("wide.csv"))
        let long = "d,minimax_loss\n" + String(repeating: "0.1,", count: 10_000_000) + "1\n"
        try Data(long.utf8).write(to: cli.url("long.csv"))
        let rows = "d,minimax_loss\n" + String(repeating: "0.1,-0.1\n", count: 10)
        try Data(rows.utf8).write(to: cli.url("rows.csv"))
        try Data(("d,minimax_loss\n0.1," + String(repeating: "1", count: 10_000_000) + "\n").utf8).write(to: cli.url("field.csv"))
        let limits = TableText.Limits(columns: 7, rows: 9, source: "lesson 'quick''s data tables")
        for (file, message) in [
            ("wide.csv", "its header has more than 7 columns, the most of lesson 'quick''s data tables; give the curve's x, then the columns to compare"),
            ("long.csv", "row 1 has more values than its 2 columns (d, minimax_loss)"),
            ("rows.csv", "it has more than 9 rows, the most of lesson 'quick''s data tables; give each of the lesson's points once"),
            ("field.csv", "row 1, column 2 is longer than 200 characters"),
        ] {
            let path = cli.url(file).path
            let start = Date()
            #expect(throws: RunnerError(message, at: path)) { try StudentFiles.table(path, separator: ",", limits: limits) }
            #expect(Date().timeIntervalSince(start) < 0.5, "\(file) took \(Date().timeIntervalSince(start)) s")
            let outcome = try cli.run("compare", "quick", file)
            #expect(outcome.status == 1)
            #expect(outcome.output == "Not compared:\n\(file): \(message)\n1 file could not be compared (listed above)\n", "\(outcome.output)")
        }
    }

    /// A message that starts with "Error: " ends the command (on standard error); any other is
    /// the line of one file that could not be compared, after which compare goes on.
    @Test("Bad input is explained in one line, never crashed on", arguments: [
        (["compare", "quick", "mine/foo.npy"],
            "mine/foo.npy: 'foo' is not an array of the exercise. Name each after what it holds: a value as <quantity>.npy, a gradient as grad.<quantity>.<parameter>.npy, with the quantities discriminator_bce, generator_minimax, generator_nonsaturating, critic_wasserstein and the parameters generator.0.weight, generator.0.bias, generator.2.weight, generator.2.bias, discriminator.0.weight, discriminator.0.bias, discriminator.2.weight, discriminator.2.bias\n"),
        (["compare", "quick", "mine/generator_minimx.npy"],
            "mine/generator_minimx.npy: 'generator_minimx' is not an array of the exercise; did you mean generator_minimax? Name each after what it holds: a value as <quantity>.npy, a gradient as grad.<quantity>.<parameter>.npy, with the quantities discriminator_bce, generator_minimax, generator_nonsaturating, critic_wasserstein and the parameters generator.0.weight, generator.0.bias, generator.2.weight, generator.2.bias, discriminator.0.weight, discriminator.0.bias, discriminator.2.weight, discriminator.2.bias\n"),
        (["compare", "quick", "mine/z.npy"],
            "mine/z.npy: 'z' is one of the exercise's inputs and parameters, not a result to compare; give only your values and gradients\n"),
        (["compare", "quick", "mine/shape/grad.generator_minimax.generator.0.weight.npy"],
            "mine/shape/grad.generator_minimax.generator.0.weight.npy: 'grad.generator_minimax.generator.0.weight' has shape (1, 3); the gradient for generator.0.weight has the parameter's shape, (3, 1): it looks transposed (save its .T)\n"),
        (["compare", "quick", "mine/shape/generator_minimax.npy"],
            "mine/shape/generator_minimax.npy: 'generator_minimax' has shape (2,), 2 numbers; a quantity's value is one number, saved as np.save(path, value)\n"),
        (["compare", "quick", "mine/nan/grad.generator_minimax.discriminator.0.bias.npy"],
            "mine/nan/grad.generator_minimax.discriminator.0.bias.npy: 'grad.generator_minimax.discriminator.0.bias': element [2] is nan; every number must be finite (look for log(0), 0/0 or an overflow)\n"),
        (["compare", "quick", "mine/text.npy"],
            "mine/text.npy: not a NumPy .npy file: it does not start with \\x93NUMPY (write arrays with np.save)\n"),
        (["compare", "quick", "mine/generator_minimax.npy", "mine/again.json"],
            "mine/again.json: 'generator_minimax' is given twice, here and in mine/generator_minimax.npy; give each array once\n"),
        (["compare", "quick", "mine/nan.json"],
            "mine/nan.json: 'critic_wasserstein': its value is nan; every number must be finite (look for log(0), 0/0 or an overflow)\n"),
        (["compare", "quick", "mine/ragged.json"],
            "mine/ragged.json: 'grad.critic_wasserstein.generator.2.weight' is not rectangular: lists of 3 and of 2 items at the same depth\n"),
        (["compare", "quick", "mine/broken.json"],
            "mine/broken.json: not JSON that can be read: write an object of names and values, {\"discriminator_bce\": 0.69, …}, with json.dump\n"),
        (["compare", "quick", "mine/list.json"],
            "mine/list.json: JSON, but not an object of names and values: write {\"discriminator_bce\": 0.69, …}\n"),
        (["compare", "quick", "mine/columns.csv"],
            "mine/columns.csv: column 'minimax_los' is in none of lesson 'quick''s data files; did you mean minimax_loss? Their columns: d, minimax_loss, nonsaturating_loss, maxlikelihood_loss, minimax_grad, nonsaturating_grad, maxlikelihood_grad (costs.tsv)\n"),
        (["compare", "quick", "mine/nan.csv"],
            "mine/nan.csv: row 2, column 'minimax_loss' is nan; every number must be finite\n"),
        (["compare", "quick", "mine/points.csv"],
            "mine/points.csv: row 1: d = 0.15 is not one of the lesson's 9 values of d (from 0.1 to 0.9); compute the curve at the lesson's points\n"),
        (["compare", "quick", "mine/index.csv"],
            "mine/index.csv: column 1 of the header has no name (pandas writes its index so: to_csv(..., index=False))\n"),
        (["compare", "quick", "mine/binary.tsv"],
            "mine/binary.tsv: not a text table: it holds binary data (it is a .npy file: name it .npy)\n"),
        (["compare", "quick", "mine/commas.tsv"],
            "mine/commas.tsv: its header has no tab but has commas: name it .csv\n"),
        (["compare", "quick", "mine/short.csv"],
            "mine/short.csv: row 1 has 1 values for 2 columns (d, minimax_loss)\n"),
        (["compare", "quick", "mine/notes.txt"],
            "mine/notes.txt: compare reads .npy files (np.save), a .json file of named numbers or arrays, and .tsv or .csv tables; name the file by what it holds\n"),
        (["compare", "quick", "mine/missing.npy"], "mine/missing.npy: no such file\n"),
        (["compare", "quick", "mine/huge/generator_minimax.npy"],
            "mine/huge/generator_minimax.npy: its header says shape (4294967296, 4294967296, 0) of float64, more elements than any file can hold\n"),
        (["compare", "quick", "mine/huge/critic_wasserstein.npy"],
            "mine/huge/critic_wasserstein.npy: its header says shape (9223372036854775807, 9223372036854775807) of float64, more elements than any file can hold\n"),
        // Refused by their size, unread: 1 GB of .npy, 1 GB of JSON.
        (["compare", "quick", "mine/huge/discriminator_bce.npy"],
            "mine/huge/discriminator_bce.npy: it holds 1073741824 bytes, more than the exercise's arrays can fill (131104): is it the right file?\n"),
        (["compare", "quick", "mine/huge/answers.json"],
            "mine/huge/answers.json: it holds 1073741824 bytes, more than the exercise's arrays can fill (1054720): is it the right file?\n"),
        (["compare", "quick", "mine/columns.csv", "--charts", ""], "Error: --charts needs a folder name, such as --charts /tmp/charts\n"),
        (["compare", "first", "mine/generator_minimax.npy"],
            "Error: lesson 'first' has no exercise: none of its cells is of kind gan-gradients; lessons with one: quick\n"),
        (["compare", "first", "mine/columns.csv"],
            "Error: no data of lesson 'first' in Output/first/data/ to compare tables with: run `minimax run first` first\n"),
        (["compare", "quick"], "Error: give the files your code wrote, such as: minimax compare quick mine/*.npy\n"),
        (["compare", "quick", "mine/generator_minimax.npy", "--rtol=-1"], "Error: --rtol must be a number ≥ 0, got -1.0\n"),
    ])
    func badInput(arguments: [String], expected: String) throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.space.write("quick", quickExerciseLesson)
        try cli.writeCourseLesson("first")
        #expect(try cli.run("run", "quick").status == 0)
        let exercise = try cli.exercise("quick")
        func answer(_ name: String) -> NumericArray { exercise.answers.first { $0.name == name }!.array }
        func write(_ file: String, _ data: Data) throws { try data.write(to: cli.url("mine/\(file)")) }
        func write(_ file: String, _ text: String) throws { try write(file, Data(text.utf8)) }
        try FileManager.default.createDirectory(at: cli.url("mine"), withIntermediateDirectories: true)
        try write("foo.npy", NumPyFile.encode(NumericArray(1)))
        try write("generator_minimx.npy", NumPyFile.encode(NumericArray(1)))
        try write("z.npy", NumPyFile.encode(exercise.inputs[0].array))
        let weight = answer("grad.generator_minimax.generator.0.weight")
        try FileManager.default.createDirectory(at: cli.url("mine/shape"), withIntermediateDirectories: true)
        try write("shape/grad.generator_minimax.generator.0.weight.npy", NumPyFile.encode(NumericArray(shape: weight.shape.reversed(), scalars: weight.scalars)))
        try write("shape/generator_minimax.npy", NumPyFile.encode(NumericArray(shape: [2], scalars: [1, 2])))
        try write("generator_minimax.npy", NumPyFile.encode(NumericArray(-0.5)))
        try FileManager.default.createDirectory(at: cli.url("mine/nan"), withIntermediateDirectories: true)
        try write("nan/grad.generator_minimax.discriminator.0.bias.npy", NumPyFile.encode(changing(answer("grad.generator_minimax.discriminator.0.bias"), at: 2, to: .nan)))
        try write("text.npy", "0.1 0.2\n")
        try write("again.json", "{\"generator_minimax\": -0.5}")
        try write("nan.json", "{\"critic_wasserstein\": NaN}")
        try write("ragged.json", "{\"grad.critic_wasserstein.generator.2.weight\": [[1, 2, 3], [4, 5]]}")
        try write("broken.json", "{\"generator_minimax\": -0.5,,}")
        try write("list.json", "[1, 2]")
        try write("columns.csv", "d,minimax_los\n0.1,0.2\n")
        try write("nan.csv", "d,minimax_loss\n0.1,-0.1\n0.2,nan\n")
        try write("points.csv", "d,minimax_loss\n0.15,-0.1\n")
        try write("index.csv", ",d,minimax_loss\n0,0.1,-0.1\n")
        try write("binary.tsv", NumPyFile.encode(NumericArray(1)))
        try write("commas.tsv", "d,minimax_loss\n0.1,-0.1\n")
        try write("short.csv", "d,minimax_loss\n0.1\n")
        try write("notes.txt", "hello\n")
        try FileManager.default.createDirectory(at: cli.url("mine/huge"), withIntermediateDirectories: true)
        try write("huge/generator_minimax.npy", npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296, 0), }", data: []))
        for file in ["huge/discriminator_bce.npy", "huge/answers.json"] {
            // Sparse: a gigabyte that takes no room on the disk.
            try write(file, npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (134217720,), }", data: []))
            let handle = try FileHandle(forWritingTo: cli.url("mine/\(file)"))
            try handle.truncate(atOffset: 1 << 30)
            try handle.close()
        }
        try write("huge/critic_wasserstein.npy", npyFile("{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 9223372036854775807), }", data: []))
        let outcome = try cli.run(arguments)
        #expect(outcome.status != 0)
        if expected.hasPrefix("Error: ") {
            // Argument errors are followed by the usage lines.
            #expect(outcome.errors == expected || arguments.contains { $0.hasPrefix("--") || arguments.count < 3 } && outcome.errors.hasPrefix(expected), "\(outcome.errors)")
            #expect(outcome.output.isEmpty || !outcome.output.contains("agree"), "\(outcome.output)")
        } else {
            #expect(outcome.errors.isEmpty, "\(outcome.errors)")
            #expect(outcome.output.contains("Not compared:\n\(expected)"), "\(outcome.output)")
            #expect(outcome.output.contains("1 file could not be compared (listed above)"), "\(outcome.output)")
        }
    }
}
