import Foundation
import MinimaxExperiments
import Testing

@testable import MinimaxCommands
@testable import MinimaxRunner

extension CLI {
    /// A shipped lesson, copied under its own name.
    func copyCourseLesson(_ name: String, as copy: String? = nil) throws {
        try space.write(copy ?? name, try String(contentsOf: Self.repository.appendingPathComponent("Lessons/\(name).md"), encoding: .utf8))
    }

    /// The workspace path as the binary sees it (resolved, without /private or symlinks).
    var root: String { space.root.resolvingSymlinksInPath().path }

    func url(_ path: String) -> URL { space.root.appendingPathComponent(path) }
}

@Suite("minimax export", .serialized)
struct ExportTests {
    @Test("export writes the manifest and one .npy file per input, parameter and gradient, with our numbers")
    func writesTheExercise() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.copyCourseLesson("saturation")
        let outcome = try cli.run("export", "saturation")
        #expect(outcome.status == 0, "\(outcome.errors)")
        #expect(outcome.output.hasPrefix(
            "saturation: wrote exercises/saturation/ (exercise.json; 2 inputs, 12 parameters and 48 gradients as .npy files) for cell 'exercise' with seed 1\n"),
            "\(outcome.output)")
        let folder = cli.url("exercises/saturation")
        let text = try String(contentsOf: folder.appendingPathComponent("exercise.json"), encoding: .utf8)
        // The keys in the order a reader wants them, as the issue shows them.
        let keys = ["\"lesson\"", "\"seed\"", "\"dtype\"", "\"networks\"", "\"generator\"", "\"discriminator\"", "\"inputs\"", "\"quantities\""]
        let positions = keys.map { text.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil } && zip(positions, positions.dropFirst()).allSatisfy { $0! < $1! }, "\(text.prefix(400))")

        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(manifest["lesson"] as? String == "saturation" && manifest["seed"] as? Int == 1 && manifest["dtype"] as? String == "float64")
        func load(_ file: String) throws -> NumericArray {
            try NumPyFile.decode(try Data(contentsOf: folder.appendingPathComponent(file)))
        }
        // Follow each network's steps: every weight is out × in, maps the previous width to
        // the next, and the bias has the out size; D ends with a linear layer to one logit.
        let networks = try #require(manifest["networks"] as? [String: [[String: Any]]])
        // Each input with its file and shape, like the parameters.
        let inputs = try #require(manifest["inputs"] as? [String: [String: Any]])
        let z = try load(inputs["z"]!["file"] as! String), x = try load(inputs["x"]!["file"] as! String)
        #expect(z.shape == [64, 1] && x.shape == [64, 1])
        #expect(inputs["z"]!["shape"] as? [Int] == [64, 1] && inputs["x"]!["shape"] as? [Int] == [64, 1])
        // What a student had to guess: the value files, and that no gradient is detached.
        #expect(text.contains("Save each value as <quantity>.npy (its value_file), one number of shape () or (1,)"))
        #expect(text.contains("Every gradient is the full derivative of its quantity with respect to the parameter: nothing is detached"))
        func outputWidth(_ steps: [[String: Any]], input: Int) throws -> Int {
            var width = input
            for step in steps {
                switch step["op"] as? String {
                case "linear":
                    let weight = try load(step["weight"] as! String), bias = try load(step["bias"] as! String)
                    #expect(weight.shape.count == 2 && weight.shape[1] == width && bias.shape == [weight.shape[0]])
                    width = weight.shape[0]
                case "leaky_relu": #expect(step["slope"] as? Double == 0.2)
                default: Issue.record("unexpected step \(step)")
                }
            }
            return width
        }
        #expect(try outputWidth(networks["generator"]!, input: z.shape[1]) == x.shape[1])
        #expect(try outputWidth(networks["discriminator"]!, input: x.shape[1]) == 1)
        #expect(networks["discriminator"]!.last?["op"] as? String == "linear")

        // The numbers are the exercise's, which the kind's tests check by finite differences. The
        // binary may pick other BLAS kernels than this process (KernelSelection), whose sums can
        // differ in the last bits: hence a relative 1e-12, not bit for bit.
        func close(_ a: [Double], _ b: [Double]) -> Bool {
            let scale = b.map(abs).max() ?? 0
            return a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * scale }
        }
        let workspace = Workspace(root: cli.space.root)
        let exercise = try LessonExercise.find("saturation", cell: nil, seed: nil, workspace: workspace).exercise
        let quantities = try #require(manifest["quantities"] as? [[String: Any]])
        #expect(quantities.map { $0["name"] as? String } == ["discriminator_bce", "generator_minimax", "generator_nonsaturating", "critic_wasserstein"])
        let decoded = try JSONDecoder().decode(Quantities.self, from: Data(text.utf8))
        for (entry, quantity) in zip(decoded.quantities, exercise.quantities) {
            #expect(close([entry.value], [quantity.value]), "\(quantity.name)")
            #expect(entry.value_file == "\(quantity.name).npy")
            #expect(!(entry.formula.isEmpty))
            #expect(Array(entry.gradients.keys).sorted() == exercise.parameters.map(\.name).sorted())
            for (parameter, gradient) in zip(exercise.parameters, quantity.gradients) {
                let file = try #require(entry.gradients[parameter.name])
                #expect(file == "grad.\(quantity.name).\(parameter.name).npy")
                let read = try load(file)
                #expect(read.shape == parameter.array.shape && close(read.scalars, gradient.scalars))
            }
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count == 1 + 2 + 12 + 48)
    }

    struct Quantities: Decodable {
        struct Entry: Decodable {
            var name: String
            var formula: String
            var value_file: String
            var value: Double
            var gradients: [String: String]
        }
        var quantities: [Entry]
    }

    @Test("Exporting again replaces an earlier export, leaving nothing of it; --to and --seed are followed")
    func exportsAgain() throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.copyCourseLesson("js-vs-wasserstein")
        let folder = cli.url("mine/exercise")
        #expect(try cli.run("export", "js-vs-wasserstein", "--to", "mine/exercise").status == 0)
        let first = try Data(contentsOf: folder.appendingPathComponent("x.npy"))
        try Data([1, 2, 3]).write(to: folder.appendingPathComponent("grad.stale.npy"))
        let again = try cli.run("export", "js-vs-wasserstein", "--to", "mine/exercise", "--seed", "2")
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.output.contains("with seed 2"))
        #expect(again.output.contains("minimax compare js-vs-wasserstein <folder>/*.npy --seed 2"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("grad.stale.npy").path))
        #expect(try Data(contentsOf: folder.appendingPathComponent("x.npy")) != first)
        // The linear generator of lesson 2: one weight and one bias.
        let manifest = try String(contentsOf: folder.appendingPathComponent("exercise.json"), encoding: .utf8)
        let networks = try #require((try JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any])?["networks"] as? [String: Any])
        let generator = try #require(networks["generator"] as? [[String: Any]])
        #expect(generator.count == 1)
        #expect(generator.first?["op"] as? String == "linear")
        #expect(generator.first?["in_features"] as? Int == 1 && generator.first?["out_features"] as? Int == 1)
        #expect(generator.first?["weight"] as? String == "generator.0.weight.npy" && generator.first?["bias"] as? String == "generator.0.bias.npy")
    }

    @Test("Seeds up to 2⁶⁴ − 1, in the front matter or given with --seed, work with export, compare, run and check",
        arguments: ["9223372036854775808", "18446744073709551615"])
    func largeSeeds(seed: String) throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.space.write("quick", quickExerciseLesson.replacingOccurrences(of: "seed: 1\n", with: "seed: \(seed)\n"))
        try cli.space.write("other", quickExerciseLesson)
        let number = try #require(UInt64(seed))
        let workspace = Workspace(root: cli.space.root)
        for (lesson, seedArguments) in [("quick", [String]()), ("other", ["--seed", seed])] {
            let export = try cli.run(["export", lesson] + seedArguments)
            #expect(export.status == 0, "\(export.errors)")
            #expect(export.output.hasPrefix("\(lesson): wrote exercises/\(lesson)/ (exercise.json; 2 inputs, 8 parameters and 32 gradients as .npy files) for cell 'exercise' with seed \(seed)\n"))
            let manifest = try String(contentsOf: cli.url("exercises/\(lesson)/exercise.json"), encoding: .utf8)
            #expect(manifest.contains("\n  \"seed\": \(seed),\n"), "\(manifest.prefix(200))")

            let exercise = try LessonExercise.find(lesson, cell: nil, seed: number, workspace: workspace).exercise
            try cli.writeAnswers(exercise, into: "answers-\(lesson)")
            let compare = try cli.run(["compare", lesson] + (try cli.files(in: "answers-\(lesson)")) + seedArguments)
            #expect(compare.status == 0, "\(compare.output)\(compare.errors)")
            #expect(compare.output.hasPrefix("Compared with the exercise of lesson '\(lesson)' (cell 'exercise', seed \(seed)).\n"))

            let run = try cli.run(["run", lesson] + seedArguments)
            #expect(run.status == 0, "\(run.errors)")
            let recorded = OutputCheck.readJSON(cli.space.output.appendingPathComponent("\(lesson)/results.json"))?.value(at: "seed")
            #expect(recorded == (Double(exactly: number).map { .number($0) } ?? .string(seed)))
        }
        // The seed read back is the one written: the lesson's is current, the other names both.
        let check = try cli.run("check", "quick", "other")
        #expect(check.output.hasPrefix("quick: current\nother: not current\n  it was written with seed \(seed), the lesson's seed is 1\n"), "\(check.output)")
    }

    @Test("Bad exports end with one line that says what to do", arguments: [
        (["export", "first"], "Error: lesson 'first' has no exercise: none of its cells is of kind gan-gradients; lessons with one: saturation\n"),
        (["export", "saturation", "--to", "file.txt"], "Error: file.txt is a file; give --to a folder (it is created if missing)\n"),
        (["export", "saturation", "--to", "full"], "Error: full already holds files and no exercise; export into an empty or new folder (--to), so that nothing of yours is overwritten\n"),
        (["export", "saturation", "--to", ""], "Error: --to needs a folder name, such as --to /tmp/exercise\n"),
        (["export", "saturation", "--cell", "sat"], "Error: lesson 'saturation' has no exercise cell 'sat'; its exercise cells are exercise\n"),
        (["export", "saturatoin"], "Error: no lesson named 'saturatoin'; did you mean saturation? The lessons are: first, saturation (`minimax list`).\n"),
    ])
    func badExports(arguments: [String], expected: String) throws {
        let cli = try CLI()
        defer { cli.space.remove() }
        try cli.writeCourseLesson("first")
        try cli.copyCourseLesson("saturation")
        try Data("x".utf8).write(to: cli.url("file.txt"))
        try FileManager.default.createDirectory(at: cli.url("full"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: cli.url("full/notes.txt"))
        let outcome = try cli.run(arguments)
        #expect(outcome.status != 0)
        #expect(outcome.errors == expected)
        #expect(try String(contentsOf: cli.url("full/notes.txt"), encoding: .utf8) == "mine")
    }
}
