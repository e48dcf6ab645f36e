// The demo's one error type: a matchable code, a message that names the
// thing (a folder, a file, a pipeline) and the underlying cause.

/// Why building the demo failed.
public struct DemoError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The shipped reference data could not be read.
        case reference
        /// A file or folder could not be written, read or removed.
        case io
        /// The target folder exists and is not a demo workspace, or another argument is wrong.
        case invalidArgument
        /// A pipeline failed, or rejected rows the demo did not plant.
        case ingest
    }

    public var code: Code
    public var message: String
    public var cause: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { message + (cause.map { ": \($0)" } ?? "") }
}
