import ArgumentParser
import Foundation
import MinimaxRunner
import MinimaxEngine

/// `minimax`: the root command.
public struct MinimaxCommand: ParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "minimax",
            abstract: "Generative Adversarial Networks, taught by experiment.",
            discussion: """
                Lessons are Markdown files in Lessons/ whose experiment cells run on Minimax's own \
                training engine; each run writes a report with figures and data to Output/<lesson>/.

                Start with `minimax list`, then `minimax run <lesson>`. Lessons/README.md explains \
                how to write one; `minimax kinds` lists the experiments a lesson can use.

                A lesson with an exercise cell lets you check your own code: `minimax \
                export <lesson>` writes its networks, inputs and our answers as .npy files, and \
                `minimax compare <lesson> <your files>` checks your values and gradients against ours.

                Instructors: `minimax regenerate` rewrites every report and the course's index, \
                and `minimax check --rerun` tells whether the committed reports are what the code \
                produces today. `minimax survey <lesson> --seeds 1-10` runs a lesson over seeds and \
                shows the numbers that decided each claim on each, to set its threshold from data.
                """,
            version: "minimax \(Engine.version)\n\(KernelSelection.summary)",
            subcommands: [
                RunCommand.self, ListCommand.self, KindsCommand.self, ExportCommand.self, CompareCommand.self, CheckCommand.self,
                RegenerateCommand.self, SurveyCommand.self,
            ]
        )
    }

    public init() {}

    /// Parses and runs the command. Errors from Foundation (a file that cannot be read, a
    /// program that cannot start) are told in words, never as a raw NSError with its domain
    /// and code; everything else is reported as ArgumentParser does.
    public static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as NSError where error.domain == NSCocoaErrorDomain || error.domain == NSPOSIXErrorDomain {
            exit(withError: RunnerError(fileErrorReason(error)))
        } catch {
            exit(withError: error)
        }
    }
}
