// Which number formats make a number a date, and how Excel's serial dates
// become calendar values.
//
// Number formats (ECMA-376 part 1, §18.8.30–31): a cell's style (`s`, an
// index into styles.xml's <cellXfs>) names a numFmtId; ids under 164 are
// built in (14–22 and 45–47 are Excel's date and time formats), higher ids
// are defined in <numFmts> with a format code. A code is a date format when
// its first section (before any `;`) holds d, m, y, h or s outside quoted
// literals ("…"), bracketed modifiers ([Red], [$-40C]), backslash escapes
// and the one character after `_` or `*`. [h], [mm] and [ss] are elapsed
// times (durations), not dates. These are openpyxl's rules.
//
// Serial dates: a day count with the time of day as the fraction.
// - 1900 system (the default): day 0 is 1899-12-30 for serials ≥ 61, and
//   1899-12-31 below, because Excel keeps Lotus 1-2-3's fictitious
//   1900-02-29 as serial 60. Serial 60 itself reads as 1900-02-28.
// - 1904 system (workbookPr date1904="1", old Mac workbooks): day 0 is
//   1904-01-01, no anomaly.
// Times are rounded to the millisecond, half to even, as openpyxl does;
// a serial in [0, 1) is a time of day alone.

import Parquet

/// What a number format says about the numbers it shows.
enum XLSXNumberKind: Sendable, Equatable {
    /// A plain number (General, 0.00, #,##0 €, percentages…).
    case number
    /// A calendar date; `hasTime` when the format also shows a time of day.
    case date(hasTime: Bool)
    /// An elapsed time ([h]:mm:ss): kept as a number of days.
    case duration

    /// The kind of a built-in format id (0–163) without a custom definition.
    static func builtIn(_ id: Int) -> XLSXNumberKind {
        switch id {
        case 14...17: return .date(hasTime: false)
        case 18...22, 45, 47: return .date(hasTime: true)
        case 46: return .duration
        default: return .number
        }
    }

    /// The kind of a format code.
    init(formatCode code: String) {
        var scalars = Array(code.unicodeScalars)
        // Only the first section (positive numbers) decides, as in Excel's own detection.
        if let end = XLSXNumberKind.firstSectionEnd(scalars) { scalars = Array(scalars[..<end]) }
        var sawDate = false
        var sawTime = false
        var sawElapsed = false
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case "\"":
                i += 1
                while i < scalars.count, scalars[i] != "\"" { i += 1 }
            case "\\", "_", "*":
                i += 1
            case "[":
                var j = i + 1
                while j < scalars.count, scalars[j] != "]" { j += 1 }
                let inside = String(String.UnicodeScalarView(scalars[(i + 1)..<min(j, scalars.count)])).lowercased()
                if ["h", "hh", "m", "mm", "s", "ss"].contains(inside) { sawElapsed = true }
                i = j
            case "d", "D", "y", "Y", "m", "M":
                sawDate = true
            case "h", "H", "s", "S":
                sawTime = true
            default:
                break
            }
            i += 1
        }
        if sawElapsed {
            self = .duration
        } else if sawDate || sawTime {
            self = .date(hasTime: sawTime)
        } else {
            self = .number
        }
    }

    /// Index of the first `;` outside quotes and brackets.
    private static func firstSectionEnd(_ scalars: [Unicode.Scalar]) -> Int? {
        var inQuotes = false
        var inBrackets = false
        var escaped = false
        for (i, c) in scalars.enumerated() {
            if escaped { escaped = false; continue }
            switch c {
            case "\\" where !inQuotes: escaped = true
            case "\"" where !inBrackets: inQuotes.toggle()
            case "[" where !inQuotes: inBrackets = true
            case "]" where !inQuotes: inBrackets = false
            case ";" where !inQuotes && !inBrackets: return i
            default: break
            }
        }
        return nil
    }
}

/// Excel's two calendars for serial dates.
enum XLSXDateSystem: Sendable, Equatable {
    case windows1900
    case mac1904

    static let millisecondsPerDay: Int64 = 86_400_000
    /// 1899-12-30 and 1904-01-01 as days since 1970-01-01.
    var epochDays: Int64 {
        switch self {
        case .windows1900: return -25_569
        case .mac1904: return -24_107
        }
    }

    /// The cell a serial number shows as under a date format, or nil when it falls outside
    /// years 1–9999 (it then stays a number).
    func cell(serial: Double, hasTime: Bool) -> XLSXCell? {
        guard serial.isFinite, serial.magnitude < 1e9 else { return nil }
        var day = serial.rounded(.down)
        let fraction = serial - day
        // Same operations as openpyxl (fraction × 86400 × 1000, rounded half to even).
        let milliseconds = Int64((fraction * 86_400 * 1000).rounded(.toNearestOrEven))
        if serial >= 0, serial < 1, milliseconds < Self.millisecondsPerDay {
            return .time(milliseconds * 1000)
        }
        if self == .windows1900, serial > 0, serial < 60 { day += 1 }
        let days = epochDays + Int64(day)
        let total = days * Self.millisecondsPerDay + milliseconds
        let wholeDays = XLSXCell.floorDivide(total, Self.millisecondsPerDay)
        guard wholeDays >= Self.firstDay, wholeDays <= Self.lastDay else { return nil }
        if !hasTime, total == wholeDays * Self.millisecondsPerDay {
            return .date(Int32(wholeDays))
        }
        return .timestamp(total * 1000)
    }

    /// 0001-01-01 and 9999-12-31 as days since 1970-01-01.
    static let firstDay = CivilDate.days(year: 1, month: 1, day: 1)
    static let lastDay = CivilDate.days(year: 9999, month: 12, day: 31)
}
