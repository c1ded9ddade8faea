import Foundation

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

/// A short reason for a file system error, without Foundation's error domains and codes.
func describe(_ error: any Error) -> String {
    let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
    if let underlying, underlying.domain == NSPOSIXErrorDomain, let message = strerror(Int32(underlying.code)) {
        return String(cString: message).lowercased()
    }
    if let error = error as? RunnerError { return error.description }
    // Our own errors (ExperimentError, ...) describe themselves; Foundation's would print a domain and code.
    let domain = (error as NSError).domain
    if domain != NSCocoaErrorDomain, domain != NSPOSIXErrorDomain, let error = error as? any CustomStringConvertible {
        return error.description
    }
    switch (error as NSError).code {
    case NSFileWriteNoPermissionError, NSFileReadNoPermissionError: return "permission denied"
    case NSFileWriteOutOfSpaceError: return "no space left on the device"
    case NSFileWriteVolumeReadOnlyError: return "read-only file system"
    case NSFileWriteFileExistsError: return "a file is in the way"
    case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file or folder"
    default: return error.localizedDescription
    }
}
