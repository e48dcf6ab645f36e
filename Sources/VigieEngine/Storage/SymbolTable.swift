// A field's distinct values, sorted, each at the position that is its code:
// the engine works on codes and only comes back to values to show them,
// to match a selection or a search, or to compute. The values are stored
// by type in plain arrays (texts, integers, doubles, dates as days since
// 1970-01-01, timestamps as microseconds), never as one enum per value.

import Foundation
import VigieExpressions

/// The type of a field's values.
public enum FieldType: Sendable, Equatable, CustomStringConvertible {
    case text, integer, number, date, timestamp, bool

    public var description: String {
        switch self {
        case .text: "text"
        case .integer: "integer"
        case .number: "number"
        case .date: "date"
        case .timestamp: "timestamp"
        case .bool: "bool"
        }
    }

    /// Whether the values are numbers (dates and timestamps count: they compare and subtract as numbers).
    public var isNumeric: Bool { self != .text && self != .bool }
}

/// The distinct values of a field in ascending order; a value's position is its code.
public struct SymbolTable: Sendable, Equatable {
    public enum Values: Sendable, Equatable {
        case text([String])
        case integer([Int64])
        case number([Double])
        /// Days since 1970-01-01.
        case date([Int32])
        /// Microseconds since 1970-01-01 00:00 UTC.
        case timestamp([Int64])
        case bool([Bool])
    }

    public let values: Values

    /// Values that must be distinct and sorted ascending (texts by their UTF-8 bytes).
    public init(sorted values: Values) { self.values = values }

    public var type: FieldType {
        switch values {
        case .text: .text
        case .integer: .integer
        case .number: .number
        case .date: .date
        case .timestamp: .timestamp
        case .bool: .bool
        }
    }

    public var count: Int {
        switch values {
        case let .text(v): v.count
        case let .integer(v): v.count
        case let .number(v): v.count
        case let .date(v): v.count
        case let .timestamp(v): v.count
        case let .bool(v): v.count
        }
    }

    /// The value of `code` as its users read it: `Bretagne`, `2016`, `12.5`, `2024-03-05`, `2024-03-05 14:30:00`, `true`.
    public func text(_ code: Int) -> String {
        switch values {
        case let .text(v): v[code]
        case let .integer(v): String(v[code])
        case let .number(v): Self.numberText(v[code])
        case let .date(v): CivilDay.text(Int64(v[code]))
        case let .timestamp(v): CivilDay.timestampText(v[code])
        case let .bool(v): v[code] ? "true" : "false"
        }
    }

    /// The value of `code` for the expression language.
    public func rowValue(_ code: Int) -> RowValue {
        switch values {
        case let .text(v): .string(v[code])
        case let .integer(v): .int(v[code])
        case let .number(v): .double(v[code])
        case let .date(v): .date(v[code])
        case let .timestamp(v): .timestamp(v[code])
        case let .bool(v): .bool(v[code])
        }
    }

    /// The value of `code` as a number, for numeric fields (dates in days, timestamps in microseconds).
    public func number(_ code: Int) -> Double? {
        switch values {
        case .text, .bool: nil
        case let .integer(v): Double(v[code])
        case let .number(v): v[code]
        case let .date(v): Double(v[code])
        case let .timestamp(v): Double(v[code])
        }
    }

    /// The code of the value written `text` (as `text(_:)` writes it, or any spelling the type accepts), or nil.
    public func code(of text: String) -> Int? {
        switch values {
        case let .text(v): return Self.search(v, text)
        case let .integer(v): return Int64(text.trimmingCharacters(in: .whitespaces)).flatMap { Self.search(v, $0) }
        case let .number(v): return Self.parseNumber(text).flatMap { Self.search(v, $0) }
        case let .date(v): return CivilDay.parseDate(text).flatMap { Self.search(v, Int32(truncatingIfNeeded: $0)) }
        case let .timestamp(v): return CivilDay.parseTimestamp(text).flatMap { Self.search(v, $0) }
        case let .bool(v): return ["true", "false"].contains(text.lowercased()) ? v.firstIndex(of: text.lowercased() == "true") : nil
        }
    }

    /// The codes whose numeric value lies in `range` (numeric fields).
    public func codes(inNumbers range: ClosedRange<Double>) -> [Int] {
        (0..<count).filter { number($0).map(range.contains) ?? false }
    }

    static func search<T: Comparable>(_ sorted: [T], _ value: T) -> Int? {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == value ? low : nil
    }

    static func search(_ sorted: [String], _ value: String) -> Int? {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid].utf8.lexicographicallyPrecedes(value.utf8) { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == value ? low : nil
    }

    /// A number written with a point or a comma as decimal separator.
    static func parseNumber(_ text: String) -> Double? {
        Double(text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "."))
    }

    /// The shortest text that reads back as `value`: `12`, `12.5`, `0.1`.
    static func numberText(_ value: Double) -> String {
        if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}

/// Days and timestamps as texts, through the expression language's calendar (one calendar for all of Vigie).
enum CivilDay {
    /// `yyyy-MM-dd` of a day number (days since 1970-01-01).
    static func text(_ days: Int64) -> String { RowValue.date(Int32(truncatingIfNeeded: days)).text ?? "" }

    /// `yyyy-MM-dd HH:mm:ss` (and `.ffffff` when there are microseconds) of microseconds since 1970.
    static func timestampText(_ micros: Int64) -> String { RowValue.timestamp(micros).text ?? "" }

    /// The day number of `yyyy-MM-dd` or `dd/MM/yyyy`.
    static func parseDate(_ text: String) -> Int64? {
        guard case let .date(day)? = RowValue.moment(text) else { return nil }
        return Int64(day)
    }

    /// Microseconds of `yyyy-MM-dd HH:mm[:ss]` (or a date alone: midnight).
    static func parseTimestamp(_ text: String) -> Int64? {
        switch RowValue.moment(text) {
        case let .date(day)?: return Int64(day) * 86_400_000_000
        case let .timestamp(micros)?: return micros
        default: return nil
        }
    }
}
