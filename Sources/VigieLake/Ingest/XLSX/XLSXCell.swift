// One cell of an Excel sheet as Vigie reads it, and Excel's A1 references.
//
// A cell element of SpreadsheetML (ECMA-376 part 1, §18.3.1.4) holds a type
// (`t`), a style index (`s`), a reference (`r`, e.g. "AA10") and a value
// (`<v>`, or `<is>` for inline strings). The type and the style's number
// format together say what the value means: the same `<v>45672</v>` is a
// number under "General" and 2025-01-15 under "dd/mm/yyyy". XLSXCell is that
// meaning, already decided.
//
// References: columns are letters in bijective base 26 (A = 1, Z = 26,
// AA = 27, XFD = 16 384, Excel's last column), rows are 1 … 1 048 576.

import Parquet

/// The value of one cell, typed the way Excel shows it.
///
/// Dates, times and timestamps carry no time zone: Excel stores wall-clock
/// values. They have millisecond precision, as in Excel itself.
public enum XLSXCell: Sendable, Hashable {
    /// No cell, a cell without a value, or an empty string (Excel shows all three alike).
    case empty
    /// A shared string, an inline string or a formula's string result; never empty.
    case text(String)
    /// A number without a date or time format.
    case number(Double)
    /// TRUE or FALSE.
    case bool(Bool)
    /// A date without a time of day: days since 1970-01-01.
    case date(Int32)
    /// A date with a time of day: microseconds since 1970-01-01T00:00:00 (wall clock, no zone).
    case timestamp(Int64)
    /// A time of day alone (a serial value under one day with a date or time format):
    /// microseconds since midnight.
    case time(Int64)
    /// An error value such as `#DIV/0!` or `#N/A`.
    case error(String)

    /// Whether the cell holds nothing.
    public var isEmpty: Bool { self == .empty }

    /// The cell as text: what goes into a reject's raw text and what names a column
    /// when the cell is a header.
    ///
    /// Whole numbers print without a fraction (`2025`, not `2025.0`), other numbers in
    /// Swift's shortest exact form; booleans as `TRUE`/`FALSE`; dates as `2025-01-31`;
    /// timestamps as `2025-01-31T08:30:00` (milliseconds only when not zero); times as
    /// `08:30:00`.
    public var text: String {
        switch self {
        case .empty: return ""
        case let .text(s): return s
        case let .number(v): return XLSXCell.numberText(v)
        case let .bool(b): return b ? "TRUE" : "FALSE"
        case let .date(days): return CivilDate.dateText(days: Int64(days))
        case let .timestamp(us):
            let day = XLSXCell.floorDivide(us, XLSXCell.microsecondsPerDay)
            return CivilDate.dateText(days: day) + "T" + XLSXCell.timeText(us - day * XLSXCell.microsecondsPerDay)
        case let .time(us): return XLSXCell.timeText(us)
        case let .error(e): return e
        }
    }

    static let microsecondsPerDay: Int64 = 86_400_000_000

    /// a / b rounded towards minus infinity (b > 0).
    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return a % b < 0 ? q - 1 : q
    }

    static func numberText(_ v: Double) -> String {
        if v == v.rounded(), v.magnitude < 9_007_199_254_740_992 { return String(Int64(v)) }
        return "\(v)"
    }

    /// HH:mm:ss, with .mmm or .uuuuuu only when there is a fraction.
    static func timeText(_ microseconds: Int64) -> String {
        let seconds = floorDivide(microseconds, 1_000_000)
        let fraction = microseconds - seconds * 1_000_000
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        if fraction != 0 {
            let digits = String(fraction + 1_000_000).dropFirst()
            text += "." + (fraction % 1000 == 0 ? digits.prefix(3) : digits)
        }
        return text
    }
}

/// The place of a cell in a sheet: Excel row number and column number, both from 1.
public struct XLSXCellReference: Sendable, Hashable, CustomStringConvertible {
    /// Excel's last row.
    public static let maximumRow = 1_048_576
    /// Excel's last column (XFD).
    public static let maximumColumn = 16_384

    /// The row number, 1 … 1 048 576.
    public var row: Int
    /// The column number, 1 (A) … 16 384 (XFD).
    public var column: Int

    public init(row: Int, column: Int) {
        self.row = row
        self.column = column
    }

    /// Parses an A1 reference ("C14", "AA10"); nil when it is not one or is outside Excel's grid.
    public init?(_ text: some StringProtocol) {
        var column = 0
        var row = 0
        var letters = 0
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                letters += 1
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                letters += 1
                column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                digits += 1
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
            default:
                return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0,
              (1...Self.maximumColumn).contains(column), (1...Self.maximumRow).contains(row) else { return nil }
        self.init(row: row, column: column)
    }

    /// The column's letters: 1 → "A", 27 → "AA", 16 384 → "XFD".
    public static func columnName(_ column: Int) -> String {
        guard column > 0 else { return "?" }
        var n = column
        var scalars: [Unicode.Scalar] = []
        while n > 0 {
            let remainder = (n - 1) % 26
            scalars.append(Unicode.Scalar(UInt8(ascii: "A") + UInt8(remainder)))
            n = (n - 1) / 26
        }
        return String(String.UnicodeScalarView(scalars.reversed()))
    }

    /// "C14".
    public var description: String { Self.columnName(column) + String(row) }
}
