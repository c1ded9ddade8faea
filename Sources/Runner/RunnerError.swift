/// An error a lesson author or a student can act on: where it is, what is wrong, what to do.
public struct RunnerError: Error, CustomStringConvertible, Equatable {
    /// `Lessons/name.md:12`, or empty when the error has no place in a file.
    public var location: String
    public var message: String

    public init(_ message: String, at location: String = "") {
        self.location = location
        self.message = message
    }

    public var description: String {
        location.isEmpty ? message : "\(location): \(message)"
    }
}
