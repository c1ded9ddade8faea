import Foundation
import MinimaxEngine
import MinimaxExperiments
import MinimaxRunner

/// An exercise as files a short numpy or PyTorch script can follow without reading any Swift:
/// `exercise.json`, the manifest, and one `.npy` file per input, parameter and gradient (the
/// gradients and values left out with `--without-answers`).
///
/// ```json
/// {
///   "lesson": "saturation", "cell": "exercise", "seed": 1, "dtype": "float64", "about": "…", …,
///   "networks": {
///     "generator": [{"op": "linear", "in_features": 1, "out_features": 16,
///                    "weight": "generator.0.weight.npy", "bias": "generator.0.bias.npy"},
///                   {"op": "leaky_relu", "slope": 0.2}, …],
///     "discriminator": […]
///   },
///   "inputs": {"z": {"file": "z.npy", "shape": [64, 1]}, …},
///   "parameters": {"generator.0.weight": {"file": "generator.0.weight.npy", "shape": [16, 1]}, …},
///   "quantities": [{"name": "discriminator_bce", "formula": "…", "value_file": "discriminator_bce.npy", "value": 0.0004,
///                   "gradients": {"generator.0.weight": "grad.discriminator_bce.generator.0.weight.npy", …}}, …]
/// }
/// ```
enum ExerciseFiles {
    static let manifestName = "exercise.json"

    /// The manifest's text; without our values when `answers` is false.
    static func manifest(_ found: LessonExercise, answers: Bool = true) throws -> Data {
        let exercise = found.exercise
        let values = exercise.quantities.map(\.value)
        guard values.allSatisfy(\.isFinite) else {
            // The kind reports non-finite losses as divergence; this is a guard, not a path.
            throw RunnerError("the exercise of lesson '\(found.lesson)' holds a value that is not finite; it cannot be exported")
        }
        func file(_ array: Exercise.NamedArray) -> JSONValue {
            .object([("file", .string(fileName(array.name))), ("shape", .array(array.array.shape.map { .integer($0) }))])
        }
        let manifest: JSONValue = .object([
            ("lesson", .string(found.lesson)), ("cell", .string(found.cell)), ("seed", .integer(found.seed)),
            ("dtype", .string("float64")),
            ("about", .string(
                "Recompute each quantity, and its gradient with respect to every parameter, from the networks and inputs below. "
                    + "Save each value as <quantity>.npy (its value_file), one number of shape () or (1,), and each gradient "
                    + "under the name of our file (grad.<quantity>.<parameter>.npy), of the parameter's shape, "
                    + "then check them with: minimax compare \(found.lesson) <your files>")),
            ("conventions", .string(
                "Arrays are .npy files (np.load), in C order; a batch has one example per row. "
                    + "linear: y = x·Wᵀ + b with W of shape (out, in), as in PyTorch's nn.Linear. "
                    + "leaky_relu: y = x where x > 0, slope·x elsewhere. relu: max(x, 0). sigmoid: σ(t) = 1/(1 + exp(−t)). "
                    + "The discriminator's steps end with its logit D(·), before any sigmoid. "
                    + "mean is over the batch's rows; log is natural. "
                    + "Every gradient is the full derivative of its quantity with respect to the parameter: nothing is detached, "
                    + "so a quantity of D(G(z)) has gradients for the generator's and the discriminator's parameters alike.")),
            ("answers", .string(
                answers
                    ? "Each quantity's value is below, and its gradients are in the files it names."
                    : "Not included: each quantity names the files to save, and minimax compare recomputes our answers from the lesson.")),
            ("networks", .object(exercise.networks.map { network in
                (network.name, .array(network.steps.map(step)))
            })),
            ("inputs", .object(exercise.inputs.map { ($0.name, file($0)) })),
            ("parameters", .object(exercise.parameters.map { ($0.name, file($0)) })),
            ("quantities", .array(exercise.quantities.map { quantity in
                .object([
                    ("name", .string(quantity.name)), ("formula", .string(quantity.formula)),
                    ("value_file", .string(fileName(quantity.name))),
                ] + (answers ? [("value", .number(quantity.value))] : []) + [
                    ("gradients", .object(exercise.parameters.map {
                        ($0.name, .string(fileName(Exercise.gradientName(quantity.name, $0.name))))
                    })),
                ])
            })),
        ])
        return Data((manifest.text(indent: "") + "\n").utf8)
    }

    /// A step as its layer describes itself: `{"op": "linear", "in_features": 1, "out_features": 16,
    /// "weight": "generator.0.weight.npy", "bias": …}`, `{"op": "leaky_relu", "slope": 0.2}`.
    static func step(_ step: LayerStep) -> JSONValue {
        func value(_ value: LayerOperation.Value) -> JSONValue {
            switch value {
            case .integer(let number): .integer(number)
            case .integers(let numbers): .array(numbers.map { .integer($0) })
            case .number(let number): .number(number)
            }
        }
        return .object(
            [("op", .string(step.operation.name))] + step.operation.arguments.map { ($0.name, value($0.value)) }
                + step.tensors.map { ($0.role, .string(fileName($0.name))) })
    }

    /// Every file of the exercise but the manifest, by name, with its array; our gradients
    /// only when `answers` is true.
    static func arrays(_ exercise: Exercise, answers: Bool = true) -> [(file: String, array: NumericArray)] {
        (exercise.inputs + exercise.parameters).map { (fileName($0.name), $0.array) }
            + (answers ? exercise.quantities : []).flatMap { quantity in
                zip(exercise.parameters, quantity.gradients).map { parameter, gradient in
                    (fileName(Exercise.gradientName(quantity.name, parameter.name)), gradient)
                }
            }
    }

    static func fileName(_ arrayName: String) -> String { "\(arrayName).npy" }

    /// Writes the manifest and the arrays into `folder`, created if missing. A folder that holds
    /// an earlier export loses its manifest and `.npy` files first, so that nothing of an older
    /// exercise stays; any other folder must be empty, so that no one's files are overwritten.
    /// Without `answers`, neither our values nor our gradients are written.
    static func write(_ found: LessonExercise, to folder: URL, answers: Bool = true) throws {
        let manager = FileManager.default
        let shown = displayPath(folder)
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw RunnerError("\(shown) is a file; give --to a folder (it is created if missing)")
            }
            let contents = (try? manager.contentsOfDirectory(atPath: folder.path)) ?? []
            if contents.contains(manifestName) {
                for name in contents where name == manifestName || name.hasSuffix(".npy") {
                    try? manager.removeItem(at: folder.appendingPathComponent(name))
                }
            } else if !contents.filter({ !$0.hasPrefix(".") }).isEmpty {
                throw RunnerError(
                    "\(shown) already holds files and no exercise; export into an empty or new folder (--to), so that nothing of yours is overwritten")
            }
        }
        do {
            try manager.createDirectory(at: folder, withIntermediateDirectories: true)
            try manifest(found, answers: answers).write(to: folder.appendingPathComponent(manifestName))
            for (file, array) in arrays(found.exercise, answers: answers) {
                try NumPyFile.encode(array).write(to: folder.appendingPathComponent(file))
            }
        } catch let error as RunnerError {
            throw error
        } catch {
            throw RunnerError("could not write the exercise into \(shown): \(fileErrorReason(error))")
        }
    }
}

/// A JSON value whose objects keep their keys in order (the generator before the
/// discriminator, layers in order), written compactly where it fits on a line.
indirect enum JSONValue {
    case string(String)
    /// A finite number, written as the shortest text that reads back as the same Double.
    case number(Double)
    /// Any whole number, written in full: a seed may be up to 2⁶⁴ − 1.
    case integer(any BinaryInteger)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// The value on one line if that line is short, else one item per line under `indent`.
    func text(indent: String) -> String {
        let flat = flatText
        guard flat.count + indent.count > 100 else { return flat }
        let inner = indent + "  "
        switch self {
        case .array(let items):
            return "[\n" + items.map { inner + $0.text(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let entries):
            return "{\n" + entries.map { inner + Self.quoted($0.0) + ": " + $0.1.text(indent: inner) }.joined(separator: ",\n") + "\n\(indent)}"
        default:
            return flat
        }
    }

    var flatText: String {
        switch self {
        case .string(let text): Self.quoted(text)
        case .number(let value): "\(value)"
        case .integer(let value): "\(value)"
        case .array(let items): "[" + items.map(\.flatText).joined(separator: ", ") + "]"
        case .object(let entries): "{" + entries.map { Self.quoted($0.0) + ": " + $0.1.flatText }.joined(separator: ", ") + "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
