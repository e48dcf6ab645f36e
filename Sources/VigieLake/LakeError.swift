// The one error type of the lake: tables, logs, ingest. Errors of the
// expression language (VigieExpressions) become lake errors where ingest
// meets them, with the same message and the expression as context.

import VigieExpressions

/// A failure of the lake, naming what it was working on (table, version, file, line, field) and why.
public struct LakeError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is, to match on.
    public enum Code: String, Sendable, Equatable {
        /// The data or the log does not follow its format.
        case corrupt
        /// Valid, but uses a feature Vigie does not implement (deletion vectors, column mapping…).
        case unsupported
        /// Another writer committed the same version first and the changes conflict.
        case conflict
        /// The operating system refused a read or write.
        case io
        /// The caller asked for something that cannot be (unknown table, version, column).
        case invalidArgument
    }

    public var code: Code
    public var message: String
    /// Where it happened, outermost first (e.g. `["lake/activity", "version 12"]`).
    public var context: [String]

    public init(_ code: Code, _ message: String, context: [String] = []) {
        self.code = code
        self.message = message
        self.context = context
    }

    /// The same error with `place` added as the outermost context.
    public func within(_ place: String) -> LakeError {
        var copy = self
        copy.context.insert(place, at: 0)
        return copy
    }

    public var description: String {
        let place = context.isEmpty ? "" : context.joined(separator: ", ") + ": "
        return "\(place)\(message)"
    }
}

extension LakeError {
    /// The lake's error for an expression's: a text that is not a row expression (a syntax error, an
    /// aggregation) is an invalid argument (the pipeline is wrong), a row whose values do not fit is corrupt
    /// data (the row is). The message stays as
    /// it is and the expression becomes the context: "expression 'hours *': at column 8, expected …".
    init(_ error: ExpressionError) {
        let code: Code = switch error.code {
        case .syntax, .aggregation: .invalidArgument
        case .value: .corrupt
        }
        self.init(code, error.message, context: error.expression.map { ["expression '\($0)'"] } ?? [])
    }
}
