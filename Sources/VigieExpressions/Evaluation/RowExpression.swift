// The expressions of ingest pipelines: `derive` computes fields with them,
// `filter` keeps the rows where one is true. The language and its rules are
// documented for pipeline authors in docs/ingest-expressions.md.
//
// An expression is parsed once (ExpressionParser) into a tree whose
// constant parts are already computed (ExpressionNode); evaluating it on a
// row walks the tree and asks the caller for the fields it reads. A row
// expression holds no aggregation: `Sum(x)` is refused where it is written
// (measures over many rows are MeasureExpression's).

/// A parsed expression such as `hours * rate`, `month(day)` or
/// `hours > 0 and not (kind = 'test')`, ready to be evaluated on many rows.
///
/// ```swift
/// let occupancy = try RowExpression("hours_billed / hours_offered")
/// let value = try occupancy.evaluate { row[$0] ?? .null }
/// ```
public struct RowExpression: Sendable, CustomStringConvertible {
    /// The expression as written.
    public let text: String
    /// The names of the fields the expression reads, as written (without quotes or brackets).
    public let fields: Set<String>
    /// The parsed tree, row-level (`root.isRowLevel`), its constant parts folded.
    public let root: ExpressionNode
    private let today: @Sendable () -> Int32

    /// Parses `text`. Throws an `ExpressionError` (`.syntax`) giving the column, what was
    /// expected and what was found: "expression 'hours *': at column 8, expected a value after '*'";
    /// `.aggregation` for an aggregation: "at column 1, Sum() is an aggregation; pipelines compute one row at a time".
    public init(_ text: String) throws(ExpressionError) {
        try self.init(text, today: ExpressionCalendar.localToday)
    }

    /// Parses `text`, with `today()` given by `today` (days since 1970-01-01) instead of the
    /// machine's clock and time zone: for tests, and for replaying a load as of a past day.
    public init(_ text: String, today: @escaping @Sendable () -> Int32) throws(ExpressionError) {
        (root, fields) = try ExpressionParser.parse(text)
        self.text = text
        self.today = today
    }

    /// The expression's value for one row, whose fields `field` gives by name (`.null` for a missing one).
    /// Throws an `ExpressionError` (`.value`) naming the expression, the operation and its values when
    /// the row's values do not fit it: "expression 'month(day)': month('abc'): not a date".
    public func evaluate(_ field: (String) -> RowValue) throws(ExpressionError) -> RowValue {
        do { return try root.evaluate(field, today) } catch { throw error.within(expression: text) }
    }

    /// Whether the row passes the expression used as a filter: true passes, false and null do not.
    /// Throws when the value is neither true, false nor null.
    public func matches(_ field: (String) -> RowValue) throws(ExpressionError) -> Bool {
        switch try evaluate(field) {
        case let .bool(b): return b
        case .null: return false
        case let other:
            throw ExpressionError(.value, "gives \(other.brief), which is not true or false", expression: text)
        }
    }

    /// The constant value of an expression that reads no field and does not call today(), if it is one.
    public var constantValue: RowValue? {
        if case let .constant(value) = root { return value }
        return nil
    }

    public var description: String { text }
}
