// The engine's one error type: a matchable code and a message that names
// the table, field, value or link concerned.

/// An error from the associative engine.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// A table, field or value that does not exist.
        case unknownName
        /// Two tables or fields with the same name, columns of different lengths, a value of the wrong type.
        case invalidData
        /// Links that form a loop, or a link whose fields do not exist.
        case invalidModel
        /// A selection or a query that cannot be applied (a condition on a text field…).
        case invalidSelection
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
