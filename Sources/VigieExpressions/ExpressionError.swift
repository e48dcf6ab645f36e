// The one error type of the expression language. Its messages are the ones
// pipeline authors have always seen ("at column 8, expected a value after
// '*'"); the expression's text is kept apart from the message, so that a
// caller can show it as context (the lake does: `expression 'hours *': …`)
// or leave it out (a reject's reason names only the failing operation).

/// A failure to parse or to evaluate an expression.
public struct ExpressionError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is, to match on.
    public enum Code: String, Sendable, Equatable {
        /// The text is not an expression: a parse error, with its position.
        case syntax
        /// A row's values do not fit the expression: `month('abc')`, an overflow, a condition that is not true or false.
        case value
        /// An aggregation (`Sum(x)`, `Count(distinct x)`, `Aggr`, `Rank`) where values are computed one row at a
        /// time, as in ingest pipelines: "Sum() is an aggregation; pipelines compute one row at a time".
        case aggregation
    }

    /// Where in the expression's text a syntax error is, counted in characters as people see them.
    public struct Position: Sendable, Equatable, CustomStringConvertible {
        /// Characters before the position (0 is the first character).
        public var offset: Int
        /// 1 for the first line.
        public var line: Int
        /// 1 for the first character of the line.
        public var column: Int

        public init(offset: Int, line: Int, column: Int) {
            self.offset = offset
            self.line = line
            self.column = column
        }

        /// The position of `offset` in `text`.
        public init(offset: Int, in text: String) {
            var line = 1, column = 1
            for c in text.prefix(offset) {
                if c.isNewline {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            self.init(offset: offset, line: line, column: column)
        }

        /// "column 8", or "line 2, column 3" when the text has several lines.
        public func named(multiline: Bool) -> String {
            multiline ? "line \(line), column \(column)" : "column \(column)"
        }

        public var description: String { "line \(line), column \(column)" }
    }

    public var code: Code
    /// What went wrong, without the expression's text: "at column 8, expected a value after '*'",
    /// "month('abc'): not a date".
    public var message: String
    /// The text of the expression, when known.
    public var expression: String?
    /// Where a syntax error is in `expression`.
    public var position: Position?

    public init(_ code: Code, _ message: String, expression: String? = nil, position: Position? = nil) {
        self.code = code
        self.message = message
        self.expression = expression
        self.position = position
    }

    /// The same error, naming the expression it happened in (unless it already names one).
    public func within(expression text: String) -> ExpressionError {
        var copy = self
        if copy.expression == nil { copy.expression = text }
        return copy
    }

    /// "expression 'hours *': at column 8, expected a value after '*'".
    public var description: String {
        guard let expression else { return message }
        return "expression '\(expression)': \(message)"
    }
}
