/// The engine's identity, part of every cached result's key.
public enum Engine {
    /// Bumped whenever a change can alter any number the engine computes, so cached lesson
    /// results computed by an older engine are not reused.
    public static let version = "0.1.0"
}
