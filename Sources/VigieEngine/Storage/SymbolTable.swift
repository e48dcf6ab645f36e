// A field's distinct values, sorted, each at the position that is its code:
// the engine works on codes and only comes back to values to show them,
// to match a selection or a search, or to compute. The values are stored
// by type in plain arrays (texts, integers, doubles, dates as days since
// 1970-01-01, timestamps as microseconds), never as one enum per value.

import Foundation

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

/// Days and timestamps as ISO texts, in the proleptic Gregorian calendar.
enum CivilDay {
    /// `yyyy-MM-dd` of a day number (days since 1970-01-01).
    static func text(_ days: Int64) -> String {
        let (y, m, d) = civil(days)
        return String(format: "%04d-%02d-%02d", y, m, d)
    }

    /// `yyyy-MM-dd HH:mm:ss` (and `.ffffff` when there are microseconds) of microseconds since 1970.
    static func timestampText(_ micros: Int64) -> String {
        let day = floorDiv(micros, 86_400_000_000)
        let rest = micros - day * 86_400_000_000
        let seconds = rest / 1_000_000, fraction = rest % 1_000_000
        let time = String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        return text(day) + " " + time + (fraction == 0 ? "" : String(format: ".%06d", fraction))
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

    /// Year, month, day of a day number (Howard Hinnant's algorithm).
    static func civil(_ days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = floorDiv(z, 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The day number of a date.
    static func days(_ y: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y - 1 : y
        let era = floorDiv(y, 400)
        let yoe = y - era * 400
        let mp = m > 2 ? m - 3 : m + 9
        let doy = (153 * mp + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `yyyy-MM-dd` or `dd/MM/yyyy`.
    static func parseDate(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let iso = t.split(separator: "-", omittingEmptySubsequences: false)
        let french = t.split(separator: "/", omittingEmptySubsequences: false)
        let parts: [Int64]
        if iso.count == 3, iso[0].count == 4 {
            parts = iso.compactMap { Int64($0) }
        } else if french.count == 3, french[2].count == 4 {
            parts = french.reversed().compactMap { Int64($0) }
        } else {
            return nil
        }
        guard parts.count == 3, (1...12).contains(parts[1]), parts[2] >= 1 else { return nil }
        let day = days(parts[0], parts[1], parts[2])
        // Reject 31 April and the like: the day must read back the same.
        guard civil(day) == (parts[0], parts[1], parts[2]) else { return nil }
        return day
    }

    /// `yyyy-MM-dd HH:mm[:ss[.ffffff]]` (or with `T`), or a date alone (midnight).
    static func parseTimestamp(_ text: String) -> Int64? {
        let t = text.trimmingCharacters(in: .whitespaces)
        let pieces = t.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard let first = pieces.first, let day = parseDate(String(first)) else { return nil }
        var micros = day * 86_400_000_000
        if pieces.count == 2 {
            let clock = pieces[1].split(separator: ":")
            guard clock.count >= 2, clock.count <= 3, let h = Int64(clock[0]), let m = Int64(clock[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
            var seconds = 0.0
            if clock.count == 3 {
                guard let s = Double(clock[2]), s >= 0, s < 60 else { return nil }
                seconds = s
            }
            micros += (h * 3600 + m * 60) * 1_000_000 + Int64((seconds * 1_000_000).rounded())
        } else if pieces.count != 1 {
            return nil
        }
        return micros
    }
}
