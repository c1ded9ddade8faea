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
    @Test(
        "export, then the worked numpy solution, then compare: every array agrees, in float64 and in float32",
        .enabled(if: pythonWithNumPy, "python3 with numpy is not installed here: the worked solution could not be run"),
        arguments: ["float64", "float32"])
    func workedSolutionPasses(dtype: String) throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.copyCourseLesson("saturation")
        #expect(try cli.run("export", "saturation").status == 0)
        let solution = CLI.repository.appendingPathComponent("exercises/solutions/gan_gradients.py").path
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", solution, "exercises/saturation", "mine", "--dtype", dtype]
        python.currentDirectoryURL = cli.space.root
        python.standardOutput = FileHandle.nullDevice
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        let files = try cli.files(in: "mine")
        #expect(files.count == 52)
        let outcome = try cli.run(["compare", "saturation"] + files)
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
        let lines = outcome.output.split(separator: "\n")
        #expect(lines.first == "Compared with the exercise of lesson 'saturation' (cell 'exercise', seed 1).")
        #expect(lines.filter { $0.hasSuffix("  pass") }.count == 52, "\(outcome.output)")
        #expect(lines.last == "52/52 quantities agree")
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
        #expect(valueLine.contains(" -  ") && valueLine.contains("1e-03") && valueLine.contains("1e-09 + 1e-06·|e|") && valueLine.hasSuffix("FAIL"))
        #expect(lines.filter { $0.hasSuffix("  pass") }.count == 50)
        #expect(lines.last == "50/52 quantities agree; 2 do not: grad.generator_minimax.generator.2.weight, generator_nonsaturating")
        // The same files pass once the tolerances are loose enough.
        let loose = try cli.run(["compare", "saturation", "--rtol", "0.02", "--atol", "1e-3"] + (try cli.files(in: "mine")))
        #expect(loose.status == 0)
        #expect(loose.output.contains("1e-03 + 0.02·|e|"))
    }

    @Test("Arrays not given are counted, never hidden; a JSON file of names and nested lists is read like .npy files")
    func partialAndJSON() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.copyCourseLesson("saturation")
        let exercise = try cli.exercise("saturation")
        try cli.writeAnswers(exercise, into: "values") { name, array in name.hasPrefix("grad.") ? nil : array }
        let values = try cli.run(["compare", "saturation"] + (try cli.files(in: "values")))
        #expect(values.status == 0)
        #expect(values.output.hasSuffix(
            "\n4/4 quantities agree; 48 of the exercise's were not given (grad.discriminator_bce.generator.0.weight, grad.discriminator_bce.generator.0.bias, grad.discriminator_bce.generator.2.weight, …)\n"),
            "\(values.output)")

        let weight = try #require(exercise.answers.first { $0.name == "grad.critic_wasserstein.generator.4.weight" }?.array)
        let value = try #require(exercise.quantities.first { $0.name == "critic_wasserstein" }?.value)
        let rows = (0..<weight.shape[0]).map { row in
            "[" + (0..<weight.shape[1]).map { "\(weight.scalars[row * weight.shape[1] + $0])" }.joined(separator: ", ") + "]"
        }
        let json = "{\"critic_wasserstein\": \(value), \"grad.critic_wasserstein.generator.4.weight\": [\(rows.joined(separator: ", "))]}"
        try Data(json.utf8).write(to: cli.url("mine.json"))
        let outcome = try cli.run("compare", "saturation", "mine.json")
        #expect(outcome.status == 0, "\(outcome.output)\(outcome.errors)")
        #expect(outcome.output.contains("\n2/2 quantities agree; 50 of the exercise's were not given"))
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
    }

    @Test("Bad input is explained in one line, never crashed on", arguments: [
        (["compare", "quick", "mine/foo.npy"],
            "Error: mine/foo.npy: 'foo' is not an array of the exercise. Name each after what it holds: a value as <quantity>.npy, a gradient as grad.<quantity>.<parameter>.npy, with the quantities discriminator_bce, generator_minimax, generator_nonsaturating, critic_wasserstein and the parameters generator.0.weight, generator.0.bias, generator.2.weight, generator.2.bias, discriminator.0.weight, discriminator.0.bias, discriminator.2.weight, discriminator.2.bias\n"),
        (["compare", "quick", "mine/generator_minimx.npy"],
            "Error: mine/generator_minimx.npy: 'generator_minimx' is not an array of the exercise; did you mean generator_minimax? Name each after what it holds: a value as <quantity>.npy, a gradient as grad.<quantity>.<parameter>.npy, with the quantities discriminator_bce, generator_minimax, generator_nonsaturating, critic_wasserstein and the parameters generator.0.weight, generator.0.bias, generator.2.weight, generator.2.bias, discriminator.0.weight, discriminator.0.bias, discriminator.2.weight, discriminator.2.bias\n"),
        (["compare", "quick", "mine/z.npy"],
            "Error: mine/z.npy: 'z' is one of the exercise's inputs and parameters, not a result to compare; give only your values and gradients\n"),
        (["compare", "quick", "mine/shape/grad.generator_minimax.generator.0.weight.npy"],
            "Error: mine/shape/grad.generator_minimax.generator.0.weight.npy: 'grad.generator_minimax.generator.0.weight' has shape (1, 3); the gradient for generator.0.weight has the parameter's shape, (3, 1)\n"),
        (["compare", "quick", "mine/shape/generator_minimax.npy"],
            "Error: mine/shape/generator_minimax.npy: 'generator_minimax' has shape (2,), 2 numbers; a quantity's value is one number, saved as np.save(path, value)\n"),
        (["compare", "quick", "mine/nan/grad.generator_minimax.discriminator.0.bias.npy"],
            "Error: mine/nan/grad.generator_minimax.discriminator.0.bias.npy: 'grad.generator_minimax.discriminator.0.bias': element [2] is nan; every number must be finite (look for log(0), 0/0 or an overflow)\n"),
        (["compare", "quick", "mine/text.npy"],
            "Error: mine/text.npy: not a NumPy .npy file: it does not start with \\x93NUMPY (write arrays with np.save)\n"),
        (["compare", "quick", "mine/generator_minimax.npy", "mine/again.json"],
            "Error: mine/again.json: 'generator_minimax' is given twice, here and in mine/generator_minimax.npy; give each array once\n"),
        (["compare", "quick", "mine/nan.json"],
            "Error: mine/nan.json: 'critic_wasserstein': its value is nan; every number must be finite (look for log(0), 0/0 or an overflow)\n"),
        (["compare", "quick", "mine/ragged.json"],
            "Error: mine/ragged.json: 'grad.critic_wasserstein.generator.2.weight' is not rectangular: lists of 3 and of 2 items at the same depth\n"),
        (["compare", "quick", "mine/broken.json"],
            "Error: mine/broken.json: not JSON that can be read: write an object of names and values, {\"discriminator_bce\": 0.69, …}, with json.dump\n"),
        (["compare", "quick", "mine/list.json"],
            "Error: mine/list.json: JSON, but not an object of names and values: write {\"discriminator_bce\": 0.69, …}\n"),
        (["compare", "quick", "mine/columns.csv"],
            "Error: mine/columns.csv: column 'minimax_los' is in none of lesson 'quick''s data files; did you mean minimax_loss? Their columns: d, minimax_loss, nonsaturating_loss, maxlikelihood_loss, minimax_grad, nonsaturating_grad, maxlikelihood_grad (costs.tsv)\n"),
        (["compare", "quick", "mine/nan.csv"],
            "Error: mine/nan.csv: row 2, column 'minimax_loss' is nan; every number must be finite\n"),
        (["compare", "quick", "mine/points.csv"],
            "Error: mine/points.csv: row 1: d = 0.15 is not one of the lesson's 9 values of d (from 0.1 to 0.9); compute the curve at the lesson's points\n"),
        (["compare", "quick", "mine/index.csv"],
            "Error: mine/index.csv: column 1 of the header has no name (pandas writes its index so: to_csv(..., index=False))\n"),
        (["compare", "quick", "mine/binary.tsv"],
            "Error: mine/binary.tsv: not a text table: it holds binary data (it is a .npy file: name it .npy)\n"),
        (["compare", "quick", "mine/commas.tsv"],
            "Error: mine/commas.tsv: its header has no tab but has commas: name it .csv\n"),
        (["compare", "quick", "mine/short.csv"],
            "Error: mine/short.csv: row 1 has 1 values for 2 columns (d, minimax_loss)\n"),
        (["compare", "quick", "mine/notes.txt"],
            "Error: mine/notes.txt: compare reads .npy files (np.save), a .json file of named numbers or arrays, and .tsv or .csv tables; name the file by what it holds\n"),
        (["compare", "quick", "mine/missing.npy"], "Error: mine/missing.npy: no such file\n"),
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
        let outcome = try cli.run(arguments)
        #expect(outcome.status != 0)
        // Argument errors are followed by the usage lines.
        #expect(outcome.errors == expected || arguments.contains { $0.hasPrefix("--") || arguments.count < 3 } && outcome.errors.hasPrefix(expected), "\(outcome.errors)")
        #expect(outcome.output.isEmpty || !outcome.output.contains("agree"), "\(outcome.output)")
    }
}
