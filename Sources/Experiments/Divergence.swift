import MinimaxEngine
import MinimaxRunner

/// Runs a training (`fit`), reporting its divergence as lessons show it:
/// "training diverged at step t: <detail(loss)>".
@discardableResult
func reportingDivergence<T>(_ detail: (_ loss: Double) -> String, _ training: () throws(Divergence) -> T) throws(ExperimentError) -> T {
    do {
        return try training()
    } catch {
        throw .diverged(step: error.step, detail: detail(error.loss))
    }
}
