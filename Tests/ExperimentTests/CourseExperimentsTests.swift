import Foundation
import MinimaxExperiments
import MinimaxRunner
import Testing

/// Every key path of an encoded JSON object, nested keys joined with dots (arrays are values).
func keyPaths(_ object: Any, prefix: String = "") -> Set<String> {
    guard let dictionary = object as? [String: Any] else { return [] }
    return dictionary.reduce(into: Set<String>()) { paths, entry in
        let path = prefix.isEmpty ? entry.key : "\(prefix).\(entry.key)"
        paths.insert(path)
        paths.formUnion(keyPaths(entry.value, prefix: path))
    }
}

func encodedDefaults<Kind: ExperimentKind>(_ kind: Kind.Type) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(kind.defaults)) as? [String: Any])
}

/// Every name a result holds: scalars, images, tables and `table.column`.
func resultNames(_ result: ExperimentResult) -> Set<String> {
    Set(result.scalars.keys).union(result.images.keys)
        .union(result.tables.flatMap { name, table in [name] + table.columns.map { "\(name).\($0)" } })
}

@Suite("Course experiments")
struct CourseExperimentsTests {
    @Test("The kinds have distinct kebab-case names, in lesson order")
    func names() {
        let names = CourseExperiments.kinds.map { $0.name }
        #expect(names == ["optimal-discriminator", "generator-value", "fashion-mnist-samples"])
        #expect(names.allSatisfy { $0.allSatisfy { $0.isLowercase || $0 == "-" } })
    }

    @Test("Every parameter key has help, and every help entry is a parameter")
    func parameterHelp() throws {
        func check<Kind: ExperimentKind>(_ kind: Kind.Type) throws {
            let keys = keyPaths(try encodedDefaults(kind))
            #expect(keys == Set(kind.parameterHelp.keys), "\(kind.name)")
            #expect(kind.parameterHelp.values.allSatisfy { !$0.isEmpty })
            #expect(keys.allSatisfy { !$0.contains(where: \.isUppercase) }, "keys must be snake_case: \(keys)")
        }
        for kind in CourseExperiments.kinds {
            try check(kind)
        }
    }

    @Test("Every scalar, table, column and image an experiment returns has help, and no help is stale")
    func resultHelp() throws {
        func check<Kind: ExperimentKind>(_ kind: Kind.Type) throws {
            let result: ExperimentResult
            switch kind {
            case is OptimalDiscriminatorExperiment.Type:
                result = try defaultRun.get()  // its defaults train for 2000 steps: the shared run
            case is FashionMNISTSamplesExperiment.Type:
                // The test split: the default training split takes seconds more to load.
                var parameters = FashionMNISTSamplesExperiment.defaults
                parameters.split = .test
                result = try FashionMNISTSamplesExperiment.run(parameters, context: ExperimentContext(seed: 1))
            default:
                result = try kind.run(kind.defaults, context: ExperimentContext(seed: 1))
            }
            #expect(resultNames(result) == Set(kind.resultHelp.keys), "\(kind.name)")
            #expect(kind.resultHelp.values.allSatisfy { !$0.isEmpty }, "\(kind.name)")
        }
        for kind in CourseExperiments.kinds {
            try check(kind)
        }
    }

    @Test("Parameters decode from the encoded defaults with an override, and every key is required")
    func parameterCoding() throws {
        // What the runner does: encode the defaults, replace keys from the lesson, decode.
        var object = try encodedDefaults(OptimalDiscriminatorExperiment.self)
        object["steps"] = 10
        object["p_g"] = [["weight": 1, "mean": 3, "sd": 0.25]]
        object["grid"] = ["from": -1, "to": 1, "points": 3]
        let decoded = try JSONDecoder().decode(
            OptimalDiscriminatorExperiment.Parameters.self, from: JSONSerialization.data(withJSONObject: object))
        var expected = OptimalDiscriminatorExperiment.defaults
        expected.steps = 10
        expected.pG = .gaussian(mean: 3, sd: 0.25)
        expected.grid = UniformGrid(from: -1, to: 1, points: 3)
        #expect(decoded == expected)

        // No key is optional, so each one appears when the defaults are encoded.
        for key in object.keys {
            var missing = object
            missing[key] = nil
            #expect(throws: DecodingError.self, "\(key)") {
                try JSONDecoder().decode(
                    OptimalDiscriminatorExperiment.Parameters.self, from: JSONSerialization.data(withJSONObject: missing))
            }
        }
        let generatorDefaults = try encodedDefaults(GeneratorValueExperiment.self)
        #expect(Set(generatorDefaults.keys) == ["p_data", "generator_sd", "means"])
        #expect(
            try JSONDecoder().decode(
                GeneratorValueExperiment.Parameters.self, from: JSONSerialization.data(withJSONObject: generatorDefaults))
                == GeneratorValueExperiment.defaults)
    }
}
