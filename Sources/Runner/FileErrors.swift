/// A short reason for a file system error ("no such file or folder", "permission denied"), as
/// the runner words it, for the commands' own messages about files.
public func fileErrorReason(_ error: any Error) -> String {
    describe(error)
}
