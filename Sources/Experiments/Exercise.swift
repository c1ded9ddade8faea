import MinimaxEngine
import MinimaxRunner

/// An exercise a student solves in their own language: networks and inputs given as arrays, the
/// quantities to recompute from them, and our answers, values and gradients, in Double.
///
/// `minimax export` writes it as `exercise.json` and `.npy` files; `minimax compare` rebuilds it
/// from the lesson and checks the student's arrays against `answers`. The kind whose cell defines
/// it reports the same numbers, so the report, the export and the comparison agree exactly.
public struct Exercise: Sendable {
    /// A network: its name (the prefix of its parameters' names) and its steps, input first,
    /// each as its layer describes itself (`Layer.steps(prefix:)`).
    public struct Network: Sendable {
        public var name: String
        public var steps: [LayerStep]

        /// The network's steps, its tensors named under `name`: `generator.0.weight`.
        public init(name: String, _ network: any Layer<Double>) {
            self.name = name
            steps = network.steps(prefix: name)
        }
    }

    /// An array with its name and what it is.
    public struct NamedArray: Sendable {
        public var name: String
        public var meaning: String
        public var array: NumericArray
    }

    /// A number to recompute, with its gradient with respect to every parameter.
    public struct Quantity: Sendable {
        public var name: String
        /// In words and in math.
        public var formula: String
        public var value: Double
        /// ∂quantity/∂parameter for each of `Exercise.parameters`, in their order and shapes.
        public var gradients: [NumericArray]
    }

    /// One array a student computes: a quantity's value, or its gradient for one parameter.
    public struct Answer: Sendable {
        /// The file name a student gives it, without `.npy`: `discriminator_bce`, or
        /// `grad.discriminator_bce.generator.0.weight`.
        public var name: String
        public var quantity: String
        /// The parameter of a gradient; nil for a value.
        public var parameter: String?
        public var array: NumericArray
    }

    public var seed: UInt64
    public var networks: [Network]
    /// The batch the quantities are computed on (noise `z`, data `x`).
    public var inputs: [NamedArray]
    /// Every parameter of every network, named as PyTorch's `named_parameters()` would:
    /// `generator.0.weight`.
    public var parameters: [NamedArray]
    public var quantities: [Quantity]

    /// The name of the file holding the gradient of `quantity` with respect to `parameter`,
    /// without `.npy`.
    public static func gradientName(_ quantity: String, _ parameter: String) -> String {
        "grad.\(quantity).\(parameter)"
    }

    /// Every array a student computes, in order: each quantity's value, then its gradients.
    public var answers: [Answer] {
        quantities.flatMap { quantity in
            [Answer(name: quantity.name, quantity: quantity.name, parameter: nil, array: NumericArray(quantity.value))]
                + zip(parameters, quantity.gradients).map { parameter, gradient in
                    Answer(
                        name: Self.gradientName(quantity.name, parameter.name), quantity: quantity.name,
                        parameter: parameter.name, array: gradient)
                }
        }
    }
}

/// A kind whose cells define an exercise: `minimax export` and `minimax compare` find the
/// lesson's cell of such a kind and rebuild the exercise from its parameters.
public protocol ExerciseKind: ExperimentKind {
    /// The exercise of a cell with these parameters under `seed`: the very numbers `run`
    /// reports with the same parameters and seed.
    static func exercise(_ parameters: Parameters, seed: UInt64) throws -> Exercise
}

/// How to build the exercise of a cell of one exercise kind, from the cell's complete
/// parameters (`LessonPlan.PlannedCell.parameters`) and a seed.
public struct ExerciseBuilder: Sendable {
    public let kind: String
    public let build: @Sendable (_ parameters: ParameterValue, _ seed: UInt64) throws -> Exercise

    public init<Kind: ExerciseKind>(_ kind: Kind.Type) {
        self.kind = Kind.name
        build = { value, seed in
            try Kind.exercise(try Kind.Parameters.read(value, over: Kind.Parameters.defaults, at: ""), seed: seed)
        }
    }
}
