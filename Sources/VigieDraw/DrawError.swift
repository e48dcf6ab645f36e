// VigieDraw's one error type: a matchable code, a message that names the
// file, sheet or column concerned, and the underlying cause.

/// An error from writing a drawing or an export.
public struct DrawError: Error, Sendable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// A table whose rows do not fit its columns, or a sheet without a name that can be made valid.
        case invalidData
        /// The file or archive could not be written.
        case cannotWrite
    }

    public var code: Code
    public var message: String
    /// What failed underneath (a file system or zip error), when something did.
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        guard let cause else { return message }
        return "\(message): \(cause)"
    }
}
