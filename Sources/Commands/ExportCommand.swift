import ArgumentParser
import Foundation
import MinimaxExperiments
import MinimaxRunner

/// `minimax export`: writes a lesson's exercise as files a student's own code can read.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a lesson's exercise as .npy files and a manifest, to recompute in your own code.",
        discussion: """
            An exercise freezes one moment of a lesson's game: two small networks and one batch. \
            You recompute its quantities (the discriminator's cross-entropy, the minimax and \
            non-saturating generator costs, the critic's loss) and their gradients with respect \
            to every parameter, with numpy, PyTorch or anything else, then check them with \
            `minimax compare`.

            The folder gets exercise.json, which says how to compute everything (each network's \
            steps, the inputs and parameters with their shapes, each quantity's definition, the \
            file to save its value in, our value and our gradient files), and one .npy file per \
            input (z.npy, x.npy), per parameter (generator.0.weight.npy, W stored out × in as in \
            PyTorch) and per gradient (grad.discriminator_bce.generator.0.weight.npy). Every \
            gradient is the full derivative, with nothing detached. Values and gradients are \
            computed in double precision. np.load and torch.from_numpy read the files as they are.

            With --without-answers, for handing out: no values and no gradient files, only what \
            a student computes from. compare needs no answers on disk: it recomputes ours from \
            the lesson and the seed, so it checks a student's files all the same.

            The exercise is rebuilt from the lesson itself, so `minimax run` is not needed first. \
            A folder holding an earlier export is replaced; any other folder must be empty.

            Examples:
              minimax export saturation                  writes exercises/saturation/
              minimax export js-vs-wasserstein --to ~/gan/exercise
              minimax export saturation --without-answers --to handout/
              python3 exercises/solutions/gan_gradients.py exercises/saturation /tmp/mine
              minimax compare saturation /tmp/mine/*.npy
            """)

    @OptionGroup var course: CourseOptions

    @Argument(help: ArgumentHelp("The lesson whose exercise to write (see `minimax list`).", valueName: "lesson"))
    var lesson: String

    @Option(help: ArgumentHelp("The folder to write into (default: exercises/<lesson>/ in the Minimax checkout).", valueName: "folder"))
    var to: String?

    @Option(help: ArgumentHelp("The exercise cell, for a lesson with several.", valueName: "id"))
    var cell: String?

    @Option(help: ArgumentHelp("Build the exercise with this seed instead of the lesson's (give compare the same).", valueName: "n"))
    var seed: UInt64?

    @Flag(help: "Leave out our values and gradient files, to hand the exercise out (compare recomputes them).")
    var withoutAnswers = false

    func run() throws {
        let workspace = try course.workspace()
        if let to, to.trimmingCharacters(in: .whitespaces).isEmpty {
            throw RunnerError("--to needs a folder name, such as --to /tmp/exercise")
        }
        let folder = to.map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? workspace.root.appendingPathComponent("exercises").appendingPathComponent(lesson, isDirectory: true)
        let found = try LessonExercise.find(lesson, cell: cell, seed: seed, workspace: workspace)
        try ExerciseFiles.write(found, to: folder, answers: !withoutAnswers)
        let exercise = found.exercise
        let gradients = exercise.quantities.count * exercise.parameters.count
        let shown = displayPath(folder)
        print(
            "\(lesson): wrote \(shown)/ (\(ExerciseFiles.manifestName); \(exercise.inputs.count) inputs, "
                + "\(exercise.parameters.count) parameters" + (withoutAnswers ? ", without our answers," : " and \(gradients) gradients")
                + " as .npy files) for cell '\(found.cell)' with seed \(found.seed)")
        print(
            "Recompute the \(exercise.quantities.count) quantities it lists (\(exercise.quantities.map(\.name).joined(separator: ", "))) "
                + "and their gradients, save them as .npy files named as \(ExerciseFiles.manifestName) says, then run: "
                + "minimax compare \(lesson) <folder>/*.npy" + (seed.map { " --seed \($0)" } ?? ""))
    }
}
