import Foundation
import MinimaxExperiments
import MinimaxRunner
import Testing

/// Every name a result holds: scalars, tables and `table.column`, image grids.
func resultNames(_ result: ExperimentResult) -> Set<String> {
    Set(result.scalars.keys).union(result.images.keys)
        .union(result.tables.flatMap { name, table in [name] + table.columns.map { "\(name).\($0)" } })
}

/// The same names, as a kind declares them.
func declaredNames(_ results: [ResultDeclaration]) -> Set<String> {
    Set(results.flatMap { result in [result.name] + (result.columns ?? []).map { "\(result.name).\($0.name)" } })
}

/// The error reading `overrides` over a kind's defaults raises, if any: what the plan reports.
func rejection<Parameters: ParameterGroup>(_ overrides: ParameterValue, for _: Parameters.Type) -> ParameterError? {
    do {
        _ = try Parameters.read(overrides, over: Parameters.defaults, at: "")
        return nil
    } catch {
        return error
    }
}

/// Every parameter path a group declares, nested ones joined with dots (list items as `[]`).
func declaredPaths(_ fields: [FieldDescription], under parent: String = "") -> [String] {
    fields.flatMap { field -> [String] in
        let path = parent.isEmpty ? field.name : "\(parent).\(field.name)"
        return [path] + declaredPaths(field.nested, under: path)
    }
}

@Suite("Course experiments")
struct CourseExperimentsTests {
    @Test("The kinds have distinct kebab-case names, in lesson order")
    func names() {
        let names = CourseExperiments.kinds.map { $0.name }
        #expect(names == [
            "optimal-discriminator", "generator-value", "fashion-mnist-samples",
            "shifted-gaussian-divergences", "discriminator-and-critic", "parallel-lines",
            "generator-costs", "saturating-gradients", "mode-collapse", "fixed-discriminator",
            "label-smoothing", "label-smoothing-gan", "gan-gradients",
        ])
        #expect(names.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "-" } })
        #expect(ExperimentRegistry(CourseExperiments.kinds).names == names)
    }

    @Test("Every parameter, nested ones too, has a snake_case name and help; defaults write back to what they read")
    func parameterDeclarations() throws {
        func check<Kind: ExperimentKind>(_ kind: Kind.Type) throws {
            let fields = Kind.Parameters.nestedFields
            let paths = declaredPaths(fields)
            #expect(Set(paths).count == paths.count, "\(kind.name): a parameter is declared twice")
            #expect(paths.allSatisfy { !$0.contains(where: \.isUppercase) && !$0.contains("-") }, "keys must be snake_case: \(paths)")
            func allHelp(_ fields: [FieldDescription]) -> Bool {
                fields.allSatisfy { !$0.help.isEmpty && !$0.expected.isEmpty && allHelp($0.nested) }
            }
            #expect(allHelp(fields), "\(kind.name)")
            // Writing the defaults and reading them back gives the defaults: every field is stored
            // where it is read from.
            let written = Kind.defaults.parameterValue
            let read = try Kind.Parameters.read(written, over: Kind.Parameters.defaults, at: "")
            #expect(read.parameterValue == written, "\(kind.name)")
            guard case .object(let object) = written else { Issue.record("parameters must be a mapping"); return }
            #expect(Set(object.keys) == Set(fields.map(\.name)))
        }
        for kind in CourseExperiments.kinds { try check(kind) }
    }

    @Test("Every scalar, table, column and image grid an experiment returns is declared, and nothing more")
    func resultDeclarations() throws {
        func check<Kind: ExperimentKind>(_ kind: Kind.Type) throws {
            let result: ExperimentResult
            switch kind {
            case is OptimalDiscriminatorExperiment.Type:
                result = try defaultRun.get()  // its defaults train for 2000 steps: the shared run
            case is SaturatingGradientsExperiment.Type:
                result = try saturatingDefaultRun.get()  // the same: several thousand updates
            case is LabelSmoothingExperiment.Type:
                result = try labelSmoothingDefaultRun.get()
            case is LabelSmoothingGANExperiment.Type:
                result = try LabelSmoothingGANTests.run.get()
            case is ModeCollapseExperiment.Type:
                result = try defaultModeCollapseRun.get()
            case is FixedDiscriminatorExperiment.Type:
                result = try defaultFixedRun.get()
            case is FashionMNISTSamplesExperiment.Type:
                // The test split: the default training split takes seconds more to load.
                var parameters = FashionMNISTSamplesExperiment.defaults
                parameters.split = .test
                result = try FashionMNISTSamplesExperiment.run(parameters, context: ExperimentContext(seed: 1))
            case is ShiftedGaussianDivergencesExperiment.Type:
                result = try shiftedGaussiansRun.get()
            case is DiscriminatorAndCriticExperiment.Type:
                result = try quickLearnedRun.get()  // the defaults train 8 networks: a shorter run
            default:
                result = try kind.run(kind.defaults, context: ExperimentContext(seed: 1))
            }
            #expect(resultNames(result) == declaredNames(kind.results), "\(kind.name)")
            #expect(kind.results.allSatisfy { !$0.meaning.isEmpty && ($0.columns ?? []).allSatisfy { !$0.meaning.isEmpty } }, "\(kind.name)")
        }
        for kind in CourseExperiments.kinds {
            try check(kind)
        }
    }

    @Test("A lesson's overrides merge key by key over the defaults; lists replace the default whole")
    func overrides() throws {
        let read = try OptimalDiscriminatorExperiment.Parameters.read(
            ["steps": 10, "p_g": [["weight": 1, "mean": 3, "sd": 0.25]], "grid": ["points": 5]],
            over: OptimalDiscriminatorExperiment.defaults, at: "")
        var expected = OptimalDiscriminatorExperiment.defaults
        expected.steps = 10
        expected.pG = .gaussian(mean: 3, sd: 0.25)
        expected.grid.points = 5
        #expect(read == expected)
    }

    @Test("Values a kind cannot run with are errors at plan time, naming the path and what is accepted", arguments: optimalRejections)
    func optimalDiscriminatorRejects(overrides: ParameterValue, error: ParameterError) {
        #expect(rejection(overrides, for: OptimalDiscriminatorExperiment.Parameters.self) == error)
    }

    @Test("generator-value and fashion-mnist-samples reject what they cannot run with", arguments: otherRejections)
    func otherKindsReject(kind: String, overrides: ParameterValue, error: ParameterError) {
        let rejected = kind == GeneratorValueExperiment.name
            ? rejection(overrides, for: GeneratorValueExperiment.Parameters.self)
            : rejection(overrides, for: FashionMNISTSamplesExperiment.Parameters.self)
        #expect(rejected == error)
    }
}

/// Overrides of optimal-discriminator's defaults, and the error each must raise.
let optimalRejections: [(ParameterValue, ParameterError)] = [
        (["steps": 1e12], ParameterError.invalid("steps", message: "must be a whole number from 1 to 1000000, got 1000000000000")),
        (["batch": 1e15], .invalid("batch", message: "must be a whole number from 1 to 16384, got 1000000000000000")),
        (["monte_carlo": 1e15], .invalid("monte_carlo", message: "must be a whole number from 1 to 10000000, got 1000000000000000")),
        (["grid": ["points": 1e15]], .invalid("grid.points", message: "must be a whole number from 2 to 100001, got 1000000000000000")),
        (["hidden": [32, 1e15]], .invalid("hidden", message: "must be a list of whole numbers of 0 to 8 items, each from 1 to 1024, got [32, 1000000000000000]")),
        (["steps": 2.5], .invalid("steps", message: "must be a whole number from 1 to 1000000, got 2.5")),
        (["steps": 1e300], .invalid("steps", message: "must be a whole number from 1 to 1000000, got 1e+300")),
        (["steps": "many"], .invalid("steps", message: "must be a whole number from 1 to 1000000, got many")),
        (["learning_rate": .number(.nan)], .invalid("learning_rate", message: "must be a number above 0 and at most 10, got nan")),
        (["learning_rate": -1], .invalid("learning_rate", message: "must be a number above 0 and at most 10, got -1")),
        (["support_threshold": .number(.infinity)], .invalid("support_threshold", message: "must be a number from 0 to 100, got inf")),
        (["grid": ["to": -5]], .invalid("grid.to", message: "must be above from = -5, got -5")),
        (["grid": 3], .invalid("grid", message: "must be a mapping of from, to, points, got 3")),
        (["grid": ["step": 3]], .unknownKey("grid.step", valid: ["grid.from", "grid.points", "grid.to"])),
        (["p_g": []], .invalid("p_g", message: "must be a list of 1 to 16 components {weight, mean, sd}, got 0 components")),
        (["p_g": [["weight": 1, "mean": 0, "sd": 1, "skew": 2]]], .unknownKey("p_g[1].skew", valid: ["p_g[1].mean", "p_g[1].sd", "p_g[1].weight"])),
        (["p_g": [["weight": 1, "mean": 0]]], .invalid("p_g[1]", message: "needs sd (each item has weight, mean, sd)")),
        (["p_data": [["weight": 1, "mean": 0, "sd": 1], ["weight": 1, "mean": 0, "sd": 0]]], .invalid("p_data[2].sd", message: "must be a number from 0.001 to 10000, got 0")),
        (["p_data": [["weight": -0.5, "mean": 0, "sd": 1]]], .invalid("p_data[1].weight", message: "must be a number above 0 and at most 1000000, got -0.5")),
        (["support_threshold": 10], .invalid("support_threshold", message: "leaves no grid point where p_data + p_g is above it (10), so there is no error to measure; lower it or move the grid")),
]

/// Overrides of other kinds' defaults, and the error each must raise.
let otherRejections: [(String, ParameterValue, ParameterError)] = [
        (GeneratorValueExperiment.name, ["generator_sd": 0], ParameterError.invalid("generator_sd", message: "must be a number from 0.001 to 10000, got 0")),
        (GeneratorValueExperiment.name, ["means": ["points": 100_001]], .invalid("means", message: "must be a mapping of from, to, points of at most 10001 points, got {points: 100001}")),
        (GeneratorValueExperiment.name, ["means": ["from": .number(.nan)]], .invalid("means.from", message: "must be a number from -1000000 to 1000000, got nan")),
        (FashionMNISTSamplesExperiment.name, ["classes": [10]], .invalid("classes", message: "must be a list of whole numbers of 0 to 10 items, each from 0 to 9, got [10]")),
        (FashionMNISTSamplesExperiment.name, ["split": "validation"], .invalid("split", message: "must be one of train, test, got validation")),
        (FashionMNISTSamplesExperiment.name, ["count": 0], .invalid("count", message: "must be a whole number from 1 to 1000, got 0")),
]
