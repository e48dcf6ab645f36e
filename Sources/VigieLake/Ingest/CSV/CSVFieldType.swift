// The types a CSV column can take and the values they hold once parsed.
//
// Representations (the ones the lake writes to Parquet):
// - int: Int64
// - decimal(scale): Int128 unscaled value, `value = unscaled × 10^-scale`, at most 38 digits
// - double: Double
// - bool: Bool
// - date: days since 1970-01-01 (Int32, proleptic Gregorian)
// - timestamp: microseconds since 1970-01-01T00:00:00 (Int64); an offset or Z in the
//   text is applied (the value is then UTC); without one the wall-clock time is kept as is

import Parquet
// - string: UTF-8 text

/// The type of one CSV column.
public enum CSVFieldType: Sendable, Hashable, CustomStringConvertible {
    case string
    case int
    /// Fixed-point with `scale` digits after the decimal separator (0...38).
    case decimal(scale: Int)
    case double
    case bool
    case date
    case timestamp

    /// `string`, `int`, `decimal(2)`, …: what `vigie ingest` shows.
    public var description: String {
        switch self {
        case .string: "string"
        case .int: "int"
        case let .decimal(scale): "decimal(\(scale))"
        case .double: "double"
        case .bool: "bool"
        case .date: "date"
        case .timestamp: "timestamp"
        }
    }
}

/// One parsed value, in the representation its type documents.
public enum CSVValue: Sendable, Hashable, CustomStringConvertible {
    case null
    case string(String)
    case int(Int64)
    /// `unscaled × 10^-scale`.
    case decimal(Int128, scale: Int)
    case double(Double)
    case bool(Bool)
    /// Days since 1970-01-01.
    case date(Int32)
    /// Microseconds since 1970-01-01T00:00:00.
    case timestamp(Int64)

    /// Canonical text: `2024-03-15`, `2024-03-15T10:30:00.000000`, `1234.50`, `true`, `null`.
    public var description: String {
        switch self {
        case .null: return "null"
        case let .string(s): return s
        case let .int(v): return String(v)
        case let .decimal(v, scale): return decimalText(v, scale: scale)
        case let .double(v): return String(v)
        case let .bool(v): return v ? "true" : "false"
        case let .date(d): return CivilDate.dateText(days: Int64(d))
        case let .timestamp(t): return CivilDate.timestampText(t, unit: .micros, utc: false)
        }
    }
}

/// What parsing one field gives: a value, a null (empty field), or why the text is not a value of the type.
public enum CSVParsed<Value>: CustomStringConvertible {
    case value(Value)
    case null
    /// A reason naming the text, e.g. `not a number: '12,5,3'`, `day 31 does not exist in month 02`.
    case invalid(String)

    /// The value, or nil for a null or an invalid text.
    public var value: Value? {
        if case let .value(v) = self { return v }
        return nil
    }

    /// The reason, when invalid.
    public var reason: String? {
        if case let .invalid(r) = self { return r }
        return nil
    }

    /// `transform` of the value; nulls and reasons pass through.
    public func flatMap<U>(_ transform: (Value) -> CSVParsed<U>) -> CSVParsed<U> {
        switch self {
        case let .value(v): transform(v)
        case .null: .null
        case let .invalid(r): .invalid(r)
        }
    }

    public var description: String {
        switch self {
        case let .value(v): "\(v)"
        case .null: "null"
        case let .invalid(r): "invalid: \(r)"
        }
    }
}

extension CSVParsed: Sendable where Value: Sendable {}
extension CSVParsed: Equatable where Value: Equatable {}

/// Calendar checks for the date parser (day counts come from `CivilDate`).
enum CSVCalendar {
    @inline(__always)
    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    @inline(__always)
    static func daysInMonth(_ month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
