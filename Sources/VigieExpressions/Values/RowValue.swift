// One field of one row, as the expressions of ingest pipelines read and
// compute it (docs/ingest-expressions.md).
//
// Invariants the expression code relies on and checks where a caller could
// break them: a decimal's scale is 0...38; dates are days since 1970-01-01
// in the proleptic Gregorian calendar; timestamps are microseconds since
// 1970-01-01T00:00:00 UTC.

/// The value of one field of one row.
///
/// Equality and hashing are structural: `.decimal(120, scale: 2)` (1.20) and
/// `.decimal(12, scale: 1)` (1.2) are different values, and so are `.int(1)`
/// and `.double(1)`. Expressions compare numbers by value (`1.20 = 1.2` is true).
public enum RowValue: Sendable, Hashable, CustomStringConvertible {
    /// A missing value: an empty cell, a JSON `null`.
    case null
    /// True or false: a comparison, a condition, a checkbox column.
    case bool(Bool)
    /// A 64-bit integer: counts, hours as whole numbers, years.
    case int(Int64)
    /// An exact decimal, `unscaled × 10^-scale`: 12.30 is `.decimal(1230, scale: 2)`. Scales are 0...38.
    case decimal(Int128, scale: Int)
    /// A binary floating-point number, as spreadsheets and sensors give them.
    case double(Double)
    /// A text.
    case string(String)
    /// Days since 1970-01-01.
    case date(Int32)
    /// Microseconds since 1970-01-01 00:00:00 UTC.
    case timestamp(Int64)

    /// Whether this is `.null`.
    @inlinable public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The value written as an expression would write it, for messages:
    /// `null`, `true`, `12`, `12.30`, `0.1`, `'it''s'`, `2024-01-31`, `2024-01-31 08:30:00`.
    public var description: String {
        switch self {
        case .null: "null"
        case let .string(s): "'" + s.replacing("'", with: "''") + "'"
        default: text ?? "null"
        }
    }

    /// `description`, cut to 60 characters, for messages.
    var brief: String {
        let full = description
        return full.count <= 60 ? full : String(full.prefix(57)) + "…"
    }

    /// What kind of value this is, for messages: "a number", "a text", "a date"…
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "true or false"
        case .int, .decimal, .double: "a number"
        case .string: "a text"
        case .date: "a date"
        case .timestamp: "a timestamp"
        }
    }
}

/// Why an operation on values failed, without saying which operation: the
/// evaluator adds that and makes an `ExpressionError` of both, e.g.
/// `month('abc'): not a date` or `addmonths('abc', 1): 'abc' is not a date`.
struct ValueFailure: Error {
    /// What is wrong, as a predicate of `subject` when there is one ("not a date").
    var reason: String
    /// The operand the reason is about; named in the message when the operation has several.
    var subject: RowValue?

    init(_ reason: String, subject: RowValue? = nil) {
        self.reason = reason
        self.subject = subject
    }

    static func notA(_ kind: String, _ value: RowValue) -> ValueFailure {
        ValueFailure("not \(kind)", subject: value)
    }

    static let overflow = ValueFailure("overflow (the result does not fit)")

    /// The message for a failure of `operation` (already rendered with its operands).
    func message(operation: String, operands: Int) -> String {
        guard let subject, operands > 1 else { return "\(operation): \(reason)" }
        return "\(operation): \(subject.brief) is \(reason)"
    }
}
