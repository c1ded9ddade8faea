import Foundation
import MinimaxEngine
import MinimaxRunner
import Testing

@testable import MinimaxExperiments

typealias GANGradients = GANGradientsExperiment

/// Small networks with every activation, so that every parameter can be checked by differences.
func smallExercise(_ activation: GANGradients.HiddenActivation, noise: GANGradients.Noise = .normal) -> GANGradients.Parameters {
    var parameters = GANGradients.defaults
    parameters.noiseSize = 2
    parameters.noise = noise
    parameters.generatorHidden = [3]
    parameters.discriminatorHidden = [4, 3]
    parameters.activation = activation
    parameters.batch = 5
    parameters.discriminatorSteps = 20
    return parameters
}

/// The exercise as a student reads it: a network is its list of operations over named arrays.
/// This is an implementation independent of the engine: plain loops over the arrays.
struct StudentModel {
    var exercise: Exercise
    var arrays: [String: NumericArray]

    init(_ exercise: Exercise) {
        self.exercise = exercise
        arrays = Dictionary(uniqueKeysWithValues: (exercise.inputs + exercise.parameters).map { ($0.name, $0.array) })
    }

    func network(_ name: String) -> Exercise.Network {
        exercise.networks.first { $0.name == name }!
    }

    /// The operations applied in turn to a batch whose rows are examples.
    func forward(_ network: Exercise.Network, _ input: NumericArray) -> NumericArray {
        network.steps.reduce(input) { x, step in
            switch step.operation.name {
            case "linear":
                let tensors = Dictionary(uniqueKeysWithValues: step.tensors.map { ($0.role, $0.name) })
                let weight = arrays[tensors["weight"]!]!, bias = arrays[tensors["bias"]!]!
                let (rows, inputs, outputs) = (x.shape[0], weight.shape[1], weight.shape[0])
                let y = (0..<rows * outputs).map { index in
                    let (row, output) = (index / outputs, index % outputs)
                    return (0..<inputs).reduce(bias.scalars[output]) { $0 + x.scalars[row * inputs + $1] * weight.scalars[output * inputs + $1] }
                }
                return NumericArray(shape: [rows, outputs], scalars: y)
            case "leaky_relu":
                let slope = try! step.operation.number("slope")
                return NumericArray(shape: x.shape, scalars: x.scalars.map { $0 > 0 ? $0 : slope * $0 })
            case "relu": return NumericArray(shape: x.shape, scalars: x.scalars.map { max($0, 0) })
            case "tanh": return NumericArray(shape: x.shape, scalars: x.scalars.map { Foundation.tanh($0) })
            case "sigmoid": return NumericArray(shape: x.shape, scalars: x.scalars.map { 1 / (1 + Foundation.exp(-$0)) })
            default: fatalError("a step the student model does not know: \(step.operation)")
            }
        }
    }

    /// The four quantities from their definitions, log σ(t) computed without overflow.
    func quantities() -> [String: Double] {
        let real = forward(network("discriminator"), arrays["x"]!).scalars
        let fake = forward(network("discriminator"), forward(network("generator"), arrays["z"]!)).scalars
        func logSigmoid(_ t: Double) -> Double { t >= 0 ? -Foundation.log1p(Foundation.exp(-t)) : t - Foundation.log1p(Foundation.exp(t)) }
        func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
        return [
            "discriminator_bce": -mean(real.map(logSigmoid)) - mean(fake.map { logSigmoid(-$0) }),
            "generator_minimax": mean(fake.map { logSigmoid(-$0) }),
            "generator_nonsaturating": -mean(fake.map(logSigmoid)),
            "critic_wasserstein": mean(fake) - mean(real),
        ]
    }

    /// The same model with one element of one parameter moved by `step`.
    func moving(_ parameter: String, element: Int, by step: Double) -> StudentModel {
        var moved = self
        let array = arrays[parameter]!
        var scalars = array.scalars
        scalars[element] += step
        moved.arrays[parameter] = NumericArray(shape: array.shape, scalars: scalars)
        return moved
    }
}

@Suite("gan-gradients")
struct GANGradientsTests {
    @Test("The manifest's networks are PyTorch's: W is out × in, names as named_parameters(), D ends with its logit")
    func networks() throws {
        let exercise = try GANGradients.exercise(GANGradients.defaults, seed: 1)
        #expect(exercise.networks.map(\.name) == ["generator", "discriminator"])
        func linear(_ name: String, _ inputs: Int, _ outputs: Int) -> LayerStep {
            LayerStep(
                operation: LayerOperation("linear", [.init("in_features", .integer(inputs)), .init("out_features", .integer(outputs))]),
                tensors: [("weight", "\(name).weight"), ("bias", "\(name).bias")])
        }
        let leaky = LayerStep(operation: LayerOperation("leaky_relu", [.init("slope", .number(0.2))]), tensors: [])
        #expect(exercise.networks[0].steps == [
            linear("generator.0", 1, 16), leaky, linear("generator.2", 16, 16), leaky, linear("generator.4", 16, 1),
        ])
        #expect(exercise.networks[1].steps.last == linear("discriminator.4", 32, 1))
        let shapes = Dictionary(uniqueKeysWithValues: exercise.parameters.map { ($0.name, $0.array.shape) })
        #expect(shapes["generator.0.weight"] == [16, 1] && shapes["generator.0.bias"] == [16] && shapes["generator.2.weight"] == [16, 16])
        #expect(shapes["generator.4.weight"] == [1, 16] && shapes["discriminator.0.weight"] == [32, 1] && shapes["discriminator.4.bias"] == [1])
        #expect(exercise.inputs.map(\.name) == ["z", "x"])
        #expect(exercise.inputs.map(\.array.shape) == [[64, 1], [64, 1]])
        #expect(exercise.quantities.map(\.name) == ["discriminator_bce", "generator_minimax", "generator_nonsaturating", "critic_wasserstein"])
        for quantity in exercise.quantities {
            #expect(quantity.gradients.map(\.shape) == exercise.parameters.map(\.array.shape))
        }
        // One value and one gradient per parameter for each quantity, named as the files.
        let answers = exercise.answers.map(\.name)
        #expect(answers.count == 4 * (1 + 12))
        #expect(answers.prefix(2) == ["discriminator_bce", "grad.discriminator_bce.generator.0.weight"])
        #expect(Set(answers).count == answers.count)
    }

    @Test("Each activation and both noises give the listed operation, and the operations reproduce every value",
        arguments: GANGradients.HiddenActivation.allCases, GANGradients.Noise.allCases)
    func operationsReproduceValues(activation: GANGradients.HiddenActivation, noise: GANGradients.Noise) throws {
        let exercise = try GANGradients.exercise(smallExercise(activation, noise: noise), seed: 3)
        let expected: LayerOperation = switch activation {
        case .leaky_relu: LayerOperation("leaky_relu", [.init("slope", .number(0.2))])
        case .relu: LayerOperation("relu")
        case .tanh: LayerOperation("tanh")
        case .sigmoid: LayerOperation("sigmoid")
        }
        #expect(exercise.networks[0].steps[1].operation == expected)
        let z = exercise.inputs[0].array.scalars
        #expect(exercise.inputs[0].array.shape == [5, 2])
        #expect(noise == .uniform ? z.allSatisfy { abs($0) < 1 } : z.contains { abs($0) > 1 })
        let values = StudentModel(exercise).quantities()
        for quantity in exercise.quantities {
            #expect(abs(values[quantity.name]! - quantity.value) <= 1e-13 * max(1, abs(quantity.value)), "\(quantity.name)")
        }
    }

    @Test("Every gradient agrees with central differences of the values, for every element of every parameter",
        arguments: GANGradients.HiddenActivation.allCases)
    func gradientsAgreeWithDifferences(activation: GANGradients.HiddenActivation) throws {
        try checkByDifferences(try GANGradients.exercise(smallExercise(activation), seed: 2))
    }

    @Test("The default exercise's gradients agree with central differences too, every element")
    func defaultGradientsAgreeWithDifferences() throws {
        try checkByDifferences(try GANGradients.exercise(GANGradients.defaults, seed: 1))
    }

    /// (q(θ + h) − q(θ − h)) / 2h for every element θ of every parameter, by the student model,
    /// against the exercise's gradient: the reference answers are right.
    func checkByDifferences(_ exercise: Exercise) throws {
        let model = StudentModel(exercise)
        let step = 1e-6
        var checked = 0
        for (index, parameter) in exercise.parameters.enumerated() {
            for element in parameter.array.scalars.indices {
                let up = model.moving(parameter.name, element: element, by: step).quantities()
                let down = model.moving(parameter.name, element: element, by: -step).quantities()
                for quantity in exercise.quantities {
                    let difference = (up[quantity.name]! - down[quantity.name]!) / (2 * step)
                    let gradient = quantity.gradients[index].scalars[element]
                    #expect(
                        abs(difference - gradient) <= 1e-7 + 1e-6 * abs(gradient),
                        "\(quantity.name) by \(parameter.name)[\(element)]: \(difference) by differences, \(gradient) by autodiff")
                    checked += 1
                }
            }
        }
        #expect(checked == 4 * exercise.parameters.reduce(0) { $0 + $1.array.scalars.count })
    }

    @Test("run reports the exercise's own numbers, bit for bit, and the norms of its gradients")
    func runReportsTheExercise() throws {
        let parameters = smallExercise(.tanh)
        let result = try GANGradients.run(parameters, context: ExperimentContext(seed: 4))
        let exercise = try GANGradients.exercise(parameters, seed: 4)
        let generatorCount = exercise.parameters.filter { $0.name.hasPrefix("generator.") }.count
        for quantity in exercise.quantities {
            #expect(result.scalars[quantity.name]?.bitPattern == quantity.value.bitPattern)
            let squares = quantity.gradients.map { $0.scalars.reduce(0) { $0 + $1 * $1 } }
            #expect(abs(result.scalars["\(quantity.name)_grad_g"]! - squares.prefix(generatorCount).reduce(0, +).squareRoot()) < 1e-15)
            #expect(abs(result.scalars["\(quantity.name)_grad_d"]! - squares.dropFirst(generatorCount).reduce(0, +).squareRoot()) < 1e-15)
        }
        let generatorParameters: Double = 2 * 3 + 3 + 3 * 1 + 1
        let discriminatorParameters: Double = 1 * 4 + 4 + 4 * 3 + 3 + 3 * 1 + 1
        #expect(result.scalars["generator_parameters"] == generatorParameters)
        #expect(result.scalars["discriminator_parameters"] == discriminatorParameters)
        #expect(Set(result.scalars.keys) == Set(GANGradients.results.map(\.name)))
    }

    @Test("The same seed gives the same exercise to the bit; another seed another one")
    func deterministic() throws {
        func bits(_ exercise: Exercise) -> [UInt64] {
            (exercise.inputs + exercise.parameters).flatMap { $0.array.scalars.map(\.bitPattern) }
                + exercise.quantities.flatMap { [$0.value.bitPattern] + $0.gradients.flatMap { $0.scalars.map(\.bitPattern) } }
        }
        let first = try GANGradients.exercise(GANGradients.defaults, seed: 7)
        #expect(bits(first) == bits(try GANGradients.exercise(GANGradients.defaults, seed: 7)))
        #expect(bits(first) != bits(try GANGradients.exercise(GANGradients.defaults, seed: 8)))
    }

    @Test("The generator costs' gradients split the critic's: ∇(minimax + non-saturating + critic) = 0 for G, and D's loss gives G minimax's gradient")
    func identities() throws {
        for seed: UInt64 in 1...3 {
            let result = try GANGradients.run(GANGradients.defaults, context: ExperimentContext(seed: seed))
            let s = result.scalars
            #expect(s["cost_sum_grad_g"]! < 1e-12 * s["critic_wasserstein_grad_g"]!)
            #expect(abs(s["discriminator_bce_grad_g"]! - s["generator_minimax_grad_g"]!) < 1e-12 * s["generator_minimax_grad_g"]!)
        }
    }

    @Test("Where D rejects the samples, the minimax gradient is a tiny fraction of the non-saturating one; against an untrained D they are alike")
    func saturation() throws {
        for seed: UInt64 in 1...5 {
            let trained = try GANGradients.run(GANGradients.defaults, context: ExperimentContext(seed: seed)).scalars
            #expect(trained["mean_fake_d"]! < 0.01)
            #expect(trained["generator_nonsaturating_grad_g"]! > 100 * trained["generator_minimax_grad_g"]!)
            var untrainedParameters = GANGradients.defaults
            untrainedParameters.discriminatorSteps = 0
            let untrained = try GANGradients.run(untrainedParameters, context: ExperimentContext(seed: seed)).scalars
            #expect(abs(untrained["mean_fake_d"]! - 0.5) < 0.2)
            let ratio = untrained["generator_nonsaturating_grad_g"]! / untrained["generator_minimax_grad_g"]!
            #expect(ratio > 0.5 && ratio < 2)
        }
    }

    @Test("Values that would make arrays too big, or name no activation, are refused", arguments: ganGradientsRejections)
    func rejects(overrides: ParameterValue, error: ParameterError) {
        #expect(rejection(overrides, for: GANGradients.Parameters.self) == error)
    }
}

/// Overrides of gan-gradients' defaults, and the error each must raise.
let ganGradientsRejections: [(ParameterValue, ParameterError)] = [
        (["batch": 1e15], ParameterError.invalid("batch", message: "must be a whole number from 1 to 4096, got 1000000000000000")),
        (["generator_hidden": [16, 1000]], .invalid("generator_hidden", message: "must be a list of whole numbers of 0 to 4 items, each from 1 to 256, got [16, 1000]")),
        (["noise_size": 0], .invalid("noise_size", message: "must be a whole number from 1 to 64, got 0")),
        (["activation": "gelu"], .invalid("activation", message: "must be one of leaky_relu, relu, tanh, sigmoid, got gelu")),
        (["noise": "cauchy"], .invalid("noise", message: "must be one of normal, uniform, got cauchy")),
        (["discriminator_steps": 1e9], .invalid("discriminator_steps", message: "must be a whole number from 0 to 10000, got 1000000000")),
        (["learning_rate": 0], .invalid("learning_rate", message: "must be a number above 0 and at most 1, got 0")),
]
