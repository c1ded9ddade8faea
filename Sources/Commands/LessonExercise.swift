import Foundation
import MinimaxExperiments
import MinimaxRunner

/// A lesson's exercise, rebuilt from its cell: what `export` writes and `compare` checks against.
///
/// Nothing is read from an earlier run: the lesson is planned (which checks its parameters) and
/// the exercise built from the cell's parameters and the seed, the same numbers the lesson's run
/// reports. It takes a moment.
struct LessonExercise {
    var lesson: String
    var cell: String
    var seed: UInt64
    var exercise: Exercise

    /// The exercise of lesson `name`: its cell of an exercise kind (the one with id `cell`, when
    /// a lesson has several), under `seed` or the lesson's own.
    static func find(_ name: String, cell: String?, seed: UInt64?, workspace: Workspace) throws -> LessonExercise {
        let plan = try LessonPlan(try workspace.lesson(name), registry: Course.registry)
        let exercises = plan.cells.filter { exerciseKind($0.cell.kind) != nil }
        guard !exercises.isEmpty else {
            let others = lessonsWithExercises(workspace)
            throw RunnerError(
                "lesson '\(name)' has no exercise: none of its cells is of kind \(exerciseKindNames)"
                    + (others.isEmpty ? "" : "; lessons with one: \(others.joined(separator: ", "))"))
        }
        let chosen: LessonPlan.PlannedCell
        if let cell {
            guard let found = exercises.first(where: { $0.cell.id == cell }) else {
                throw RunnerError(
                    "lesson '\(name)' has no exercise cell '\(cell)'; its exercise cells are \(exercises.map(\.cell.id).joined(separator: ", "))")
            }
            chosen = found
        } else {
            guard exercises.count == 1 else {
                throw RunnerError(
                    "lesson '\(name)' has several exercises (cells \(exercises.map(\.cell.id).joined(separator: ", "))); choose one with --cell")
            }
            chosen = exercises[0]
        }
        let seed = seed ?? plan.lesson.seed
        let exercise: Exercise
        do {
            exercise = try exerciseKind(chosen.cell.kind)!.build(chosen.parameters, seed)
        } catch let error as ExperimentError {
            throw RunnerError("the exercise of cell '\(chosen.cell.id)' could not be built: \(fileErrorReason(error))", at: plan.lesson.path)
        }
        return LessonExercise(lesson: name, cell: chosen.cell.id, seed: seed, exercise: exercise)
    }

    static func exerciseKind(_ name: String) -> ExerciseBuilder? {
        CourseExperiments.exercises.first { $0.kind == name }
    }

    static var exerciseKindNames: String {
        CourseExperiments.exercises.map(\.kind).joined(separator: " or ")
    }

    /// The lessons that have a cell of an exercise kind, in chapter order.
    static func lessonsWithExercises(_ workspace: Workspace) -> [String] {
        workspace.plans(registry: Course.registry).compactMap { name, plan in
            guard let plan = try? plan.get(), plan.cells.contains(where: { exerciseKind($0.cell.kind) != nil }) else { return nil }
            return name
        }
    }
}

/// A path as the user should read it: relative to the current folder when it is inside it.
func displayPath(_ url: URL) -> String {
    let current = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).standardizedFileURL.resolvingSymlinksInPath().path
    let path = url.standardizedFileURL.resolvingSymlinksInPath().path
    return path.hasPrefix(current + "/") ? String(path.dropFirst(current.count + 1)) : path
}
