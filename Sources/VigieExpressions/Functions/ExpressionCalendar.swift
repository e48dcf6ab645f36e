// Calendar arithmetic for expressions, on days since 1970-01-01 (proleptic
// Gregorian) and microseconds since the epoch, plus the date texts
// expressions read.
//
// - ISO weeks start on Monday; week 1 is the week holding the year's first
//   Thursday (so 2021-01-03 is in week 53 of 2020, 2024-12-30 in week 1).
// - Adding months keeps the day of month, clamped to the target month's last
//   day: 2024-01-31 + 1 month = 2024-02-29, 2023-01-31 + 1 month = 2023-02-28.
// - Date texts: yyyy-MM-dd (also yyyy/MM/dd), dd/MM/yyyy and dd/MM/yy (also
//   with '-' or '.' between the parts), each optionally followed by a time
//   HH:mm, HH:mm:ss or HH:mm:ss.ffffff after a space or a 'T'. Day, month and
//   hour may have one digit. Two-digit years 00–69 are 2000–2069, 70–99 are
//   1970–1999 (the POSIX rule).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum ExpressionCalendar {
    static let microsPerDay: Int64 = 86_400_000_000

    /// A date, or a timestamp split into its day and its microseconds within the day.
    struct Moment {
        var day: Int64
        /// Microseconds since midnight; nil for a date.
        var time: Int64?
    }

    /// (day, microseconds within the day) of a timestamp.
    static func split(_ micros: Int64) -> (day: Int64, time: Int64) {
        let (day, time) = (micros / microsPerDay, micros % microsPerDay)
        return time < 0 ? (day - 1, time + microsPerDay) : (day, time)
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(_ year: Int64, _ month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The day count of a calendar date, nil when the date does not exist or is out of range.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64? {
        guard (1...12).contains(month), abs(year) <= 5_000_000 else { return nil }
        guard day >= 1, day <= Int64(daysInMonth(year, Int(month))) else { return nil }
        return dayCount(year: year, month: Int(month), day: Int(day))
    }

    /// 1 for Monday … 7 for Sunday (1970-01-01 was a Thursday).
    static func weekday(_ days: Int64) -> Int {
        Int((days + 3) - floorDiv(days + 3, 7) * 7) + 1
    }

    /// The ISO 8601 week number, 1…53.
    static func isoWeek(_ days: Int64) -> Int {
        let thursday = days - Int64(weekday(days)) + 4
        let year = civil(thursday).year
        let firstOfJanuary = dayCount(year: year, month: 1, day: 1)
        return Int((thursday - firstOfJanuary) / 7) + 1
    }

    /// `days` plus `months` months, the day of month clamped to the month's end; nil out of range.
    static func addMonths(_ days: Int64, _ months: Int64) -> Int64? {
        let (y, m, d) = civil(days)
        let (total, overflow) = (y * 12 + Int64(m - 1)).addingReportingOverflow(months)
        guard !overflow else { return nil }
        let year = floorDiv(total, 12)
        let month = Int(total - year * 12) + 1
        guard abs(year) <= 5_000_000 else { return nil }
        return dayCount(year: year, month: month, day: min(d, daysInMonth(year, month)))
    }

    /// A date value, or a failure when `days` is beyond what a date holds.
    static func date(_ days: Int64) throws(ValueFailure) -> RowValue {
        guard let d = Int32(exactly: days) else { throw ValueFailure("the date is out of range") }
        return .date(d)
    }

    /// The date or timestamp of a moment.
    static func value(_ moment: Moment) throws(ValueFailure) -> RowValue {
        guard let time = moment.time else { return try date(moment.day) }
        let (base, o1) = moment.day.multipliedReportingOverflow(by: microsPerDay)
        let (micros, o2) = base.addingReportingOverflow(time)
        guard !o1, !o2 else { throw ValueFailure("the timestamp is out of range") }
        return .timestamp(micros)
    }

    /// A date, a timestamp, or a text holding one (yyyy-MM-dd or dd/MM/yyyy, with an optional time).
    static func moment(_ value: RowValue) throws(ValueFailure) -> Moment {
        switch value {
        case let .date(d): return Moment(day: Int64(d))
        case let .timestamp(t):
            let (day, time) = split(t)
            return Moment(day: day, time: time)
        case let .string(s):
            if let m = parse(s, .yearMonthDay) ?? parse(s, .dayMonthYear) { return m }
        default: break
        }
        throw ValueFailure.notA("a date", value)
    }

    /// Today in the machine's time zone (the group's servers run on Europe/Paris time).
    @Sendable static func localToday() -> Int32 {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        let days = dayCount(year: Int64(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
        return Int32(clamping: days)
    }
}

// MARK: - Date texts

extension ExpressionCalendar {
    /// The order of a date text's parts.
    enum DateOrder: Sendable {
        case yearMonthDay, dayMonthYear, dayMonthShortYear
    }

    /// A format `todate` accepts: `dd/MM/yyyy`, `yyyy-MM-dd` or `dd/MM/yy`, optionally
    /// followed by ` HH:mm` or ` HH:mm:ss` (a time makes `todate` give a timestamp).
    struct DateFormat: Sendable {
        var order: DateOrder
        var withTime: Bool

        static let accepted = "dd/MM/yyyy, yyyy-MM-dd or dd/MM/yy, optionally followed by HH:mm or HH:mm:ss"

        init?(_ text: String) {
            let lowered = text.lowercased()
            var datePart = Substring(lowered)
            withTime = false
            for suffix in [" hh:mm:ss", " hh:mm", "thh:mm:ss", "thh:mm"] where lowered.hasSuffix(suffix) {
                datePart = lowered.dropLast(suffix.count)
                withTime = true
                break
            }
            switch datePart {
            case "dd/mm/yyyy": order = .dayMonthYear
            case "yyyy-mm-dd": order = .yearMonthDay
            case "dd/mm/yy": order = .dayMonthShortYear
            default: return nil
            }
        }
    }

    /// Reads a date text in `order`, with an optional time; nil when it is not one or the date does not exist.
    static func parse(_ text: String, _ order: DateOrder) -> Moment? {
        var reader = DateTextReader(bytes: Array(text.utf8))
        reader.skipBlanks()
        let year, month, day: Int64
        switch order {
        case .yearMonthDay:
            guard let y = reader.number(4...4), let sep = reader.separator(["-", "/"]),
                  let m = reader.number(1...2), reader.separator([sep]) != nil, let d = reader.number(1...2)
            else { return nil }
            (year, month, day) = (y, m, d)
        case .dayMonthYear, .dayMonthShortYear:
            let yearDigits = order == .dayMonthYear ? 4...4 : 2...2
            guard let d = reader.number(1...2), let sep = reader.separator(["/", "-", "."]),
                  let m = reader.number(1...2), reader.separator([sep]) != nil, let y = reader.number(yearDigits)
            else { return nil }
            (year, month, day) = (order == .dayMonthYear ? y : (y < 70 ? 2000 + y : 1900 + y), m, d)
        }
        guard let days = days(year: year, month: month, day: day) else { return nil }
        var time: Int64?
        if reader.skipTimeSeparator() {
            guard let t = reader.timeOfDay() else { return nil }
            time = t
        }
        reader.skipBlanks()
        guard reader.atEnd else { return nil }
        return Moment(day: days, time: time)
    }
}

/// A cursor over the bytes of a date text.
private struct DateTextReader {
    var bytes: [UInt8]
    var i = 0

    var atEnd: Bool { i == bytes.count }

    mutating func skipBlanks() {
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 { i += 1 }
    }

    /// A run of `digits` digits (as many as there are, within the range).
    mutating func number(_ digits: ClosedRange<Int>) -> Int64? {
        var value: Int64 = 0, count = 0
        while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57, count < digits.upperBound {
            value = value * 10 + Int64(bytes[i] - 48)
            count += 1
            i += 1
        }
        if i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 { return nil }
        return digits.contains(count) ? value : nil
    }

    /// One of `allowed`, consumed; nil when the next byte is none of them.
    mutating func separator(_ allowed: [Character]) -> Character? {
        guard i < bytes.count else { return nil }
        let c = Character(Unicode.Scalar(bytes[i]))
        guard allowed.contains(c) else { return nil }
        i += 1
        return c
    }

    /// Consumes the blanks or the 'T' between a date and a time; false at the end of the text.
    mutating func skipTimeSeparator() -> Bool {
        let start = i
        skipBlanks()
        if atEnd { return false }
        if i == start, bytes[i] == UInt8(ascii: "T") { i += 1 }
        return true
    }

    /// HH:mm[:ss[.ffffff]] as microseconds since midnight.
    mutating func timeOfDay() -> Int64? {
        guard let h = number(1...2), h < 24, separator([":"]) != nil, let m = number(2...2), m < 60 else { return nil }
        var s: Int64 = 0, fraction: Int64 = 0
        if separator([":"]) != nil {
            guard let seconds = number(2...2), seconds < 60 else { return nil }
            s = seconds
            if separator(["."]) != nil {
                var digits = 0
                while i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 {
                    if digits < 6 { fraction = fraction * 10 + Int64(bytes[i] - 48) }
                    digits += 1
                    i += 1
                }
                guard digits > 0 else { return nil }
                for _ in digits..<max(digits, 6) { fraction *= 10 }
            }
        }
        return ((h * 60 + m) * 60 + s) * 1_000_000 + fraction
    }
}

// MARK: - For other modules

extension RowValue {
    /// The date written `text` (yyyy-MM-dd or dd/MM/yyyy), or the timestamp when a time follows
    /// (` HH:mm[:ss[.ffffff]]`); nil when it is neither or the date does not exist.
    public static func moment(_ text: String) -> RowValue? {
        guard let m = ExpressionCalendar.parse(text, .yearMonthDay) ?? ExpressionCalendar.parse(text, .dayMonthYear) else { return nil }
        guard let time = m.time else { return Int32(exactly: m.day).map(RowValue.date) }
        let (base, o1) = m.day.multipliedReportingOverflow(by: 86_400_000_000)
        let (micros, o2) = base.addingReportingOverflow(time)
        return o1 || o2 ? nil : .timestamp(micros)
    }

    /// Today in the machine's time zone, as days since 1970-01-01 (what `today()` gives).
    public static func localToday() -> Int32 { ExpressionCalendar.localToday() }
}
