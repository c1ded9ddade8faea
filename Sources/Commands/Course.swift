import Foundation
import MinimaxEngine
import MinimaxExperiments
import MinimaxRunner

/// The course as the commands see it: its experiment kinds and this machine's engine.
enum Course {
    static let registry = ExperimentRegistry(CourseExperiments.kinds)

    static var environment: RunEnvironment {
        RunEnvironment(engineVersion: Engine.version, kernels: KernelSelection.summary)
    }
}
