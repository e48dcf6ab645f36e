// Dates and timestamps from field bytes.
//
// Accepted, with `/`, `-` or `.` between the date's parts (the same twice):
//   yyyy-MM-dd                     always (a four-digit first group is a year)
//   dd/MM/yyyy, dd/MM/yy           with the dialect's day-month-year order
//   MM/dd/yyyy, MM/dd/yy           with month-day-year
//   yy-MM-dd                       with year-month-day
// then optionally a time after `T` or spaces: HH:mm, HH:mm:ss, HH:mm:ss.f…
// (1–9 fraction digits, `.` or `,`; below the microsecond they must be zeros),
// then optionally `Z` or an offset `±HH`, `±HHmm`, `±HH:mm`, after optional spaces.
//
// Two-digit years follow POSIX strptime's %y rule: 00–68 are 2000–2068,
// 69–99 are 1969–1999.
//
// A date column accepts a time only when it is midnight without an offset
// (exports often write `15/03/2024 00:00:00`). A timestamp with an offset is
// converted to UTC; without one its wall-clock value is kept.

import Parquet

extension CSVValueParser {
    /// A date and time as written.
    struct DateTime {
        var days: Int
        /// Microseconds since midnight.
        var timeOfDay: Int64 = 0
        var hasTime = false
        /// Seconds east of UTC, when written.
        var offset: Int?
    }

    /// Reads a date, maybe with a time and offset; `.invalid` carries the reason.
    func scanDateTime(_ s: UnsafePointer<UInt8>, _ n: Int, kind: String) -> CSVParsed<DateTime> {
        var i = 0
        @inline(__always) func digits(max: Int) -> (value: Int, count: Int) {
            var v = 0
            var k = 0
            while i < n && k < max, s[i] &- 48 < 10 {
                v = v * 10 + Int(s[i] &- 48)
                i += 1
                k += 1
            }
            return (v, k)
        }
        // A function, so that the text of the reason is only made for invalid fields.
        func shape() -> CSVParsed<DateTime> { .invalid("not a \(kind): \(quoted(s, n))") }
        let g1 = digits(max: 4)
        guard g1.count > 0, i < n else { return shape() }
        let separator = s[i]
        guard separator == UInt8(ascii: "/") || separator == UInt8(ascii: "-") || separator == UInt8(ascii: ".") else { return shape() }
        i += 1
        let g2 = digits(max: 2)
        guard g2.count > 0, i < n, s[i] == separator else { return shape() }
        i += 1
        let g3 = digits(max: 4)
        guard g3.count > 0 else { return shape() }

        var year: (value: Int, count: Int), month: Int, day: Int
        if g1.count == 4 {
            guard g3.count <= 2 else { return shape() }
            (year, month, day) = (g1, g2.value, g3.value)
        } else {
            switch dateOrder {
            case .dayMonthYear: (day, month, year) = (g1.value, g2.value, g3)
            case .monthDayYear: (month, day, year) = (g1.value, g2.value, g3)
            case .yearMonthDay: (year, month, day) = (g1, g2.value, g3.value)
            }
            guard dateOrder == .yearMonthDay ? g3.count <= 2 : g1.count <= 2 else { return shape() }
        }
        switch year.count {
        case 4: break
        case 2: year.value += year.value <= 68 ? 2000 : 1900
        default: return .invalid("year of \(year.count) digits in \(quoted(s, n)): write 2 or 4")
        }
        guard month >= 1 && month <= 12 else { return .invalid("month \(month) does not exist: \(quoted(s, n))") }
        guard day >= 1 && day <= CSVCalendar.daysInMonth(month, year: year.value) else {
            let mm = month < 10 ? "0\(month)" : "\(month)"
            return .invalid("day \(day) does not exist in month \(mm) of \(year.value): \(quoted(s, n))")
        }
        var result = DateTime(days: Int(CivilDate.days(year: Int64(year.value), month: month, day: day)))
        guard i < n else { return .value(result) }

        // Time.
        guard s[i] == UInt8(ascii: "T") || s[i] == 0x20 else { return shape() }
        while i < n && (s[i] == UInt8(ascii: "T") || s[i] == 0x20) { i += 1 }
        let hour = digits(max: 2)
        guard hour.count > 0, i < n, s[i] == UInt8(ascii: ":") else { return shape() }
        i += 1
        let minute = digits(max: 2)
        guard minute.count == 2 else { return shape() }
        var second = 0
        var micros = 0
        if i < n && s[i] == UInt8(ascii: ":") {
            i += 1
            let sec = digits(max: 2)
            guard sec.count == 2 else { return shape() }
            second = sec.value
            if i < n && (s[i] == UInt8(ascii: ".") || s[i] == UInt8(ascii: ",")) {
                i += 1
                let first = i
                let fraction = digits(max: 6)
                guard fraction.count > 0 else { return shape() }
                micros = fraction.value
                for _ in fraction.count..<6 { micros *= 10 }
                while i < n, s[i] &- 48 < 10 {
                    guard s[i] == 48, i - first < 9 else {
                        return .invalid("more than microsecond precision: \(quoted(s, n))")
                    }
                    i += 1
                }
            }
        }
        guard hour.value <= 23 else { return .invalid("hour \(hour.value) does not exist: \(quoted(s, n))") }
        guard minute.value <= 59 else { return .invalid("minute \(minute.value) does not exist: \(quoted(s, n))") }
        guard second <= 59 else { return .invalid("second \(second) does not exist: \(quoted(s, n))") }
        result.hasTime = true
        result.timeOfDay = Int64((hour.value * 60 + minute.value) * 60 + second) * 1_000_000 + Int64(micros)

        // Zone.
        while i < n && s[i] == 0x20 { i += 1 }
        guard i < n else { return .value(result) }
        if s[i] == UInt8(ascii: "Z") {
            result.offset = 0
            i += 1
        } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            let h = digits(max: 2)
            guard h.count == 2 else { return shape() }
            if i < n && s[i] == UInt8(ascii: ":") { i += 1 }
            var m = (value: 0, count: 0)
            if i < n { m = digits(max: 2) }
            guard m.count == 0 || m.count == 2, h.value <= 18, m.value <= 59 else { return shape() }
            result.offset = sign * (h.value * 3600 + m.value * 60)
        }
        guard i == n else { return shape() }
        return .value(result)
    }

    /// Parses a date into days since 1970-01-01.
    public func parseDate(_ field: UnsafeRawBufferPointer) -> CSVParsed<Int32> { onBytes(field, parseDate) }

    func parseDate(_ start: UnsafePointer<UInt8>, _ count: Int) -> CSVParsed<Int32> {
        let (s, n) = CSVText.trimmed(start, count)
        if n == 0 { return .null }
        return scanDateTime(s, n, kind: "date").flatMap { d in
            guard !d.hasTime || (d.timeOfDay == 0 && d.offset == nil) else {
                return .invalid("\(quoted(s, n)) has a time of day, the column holds dates")
            }
            return .value(Int32(d.days))
        }
    }

    /// Parses a date and time into microseconds since 1970-01-01T00:00:00 (UTC when an offset is written).
    public func parseTimestamp(_ field: UnsafeRawBufferPointer) -> CSVParsed<Int64> { onBytes(field, parseTimestamp) }

    func parseTimestamp(_ start: UnsafePointer<UInt8>, _ count: Int) -> CSVParsed<Int64> {
        let (s, n) = CSVText.trimmed(start, count)
        if n == 0 { return .null }
        return scanDateTime(s, n, kind: "timestamp").flatMap { d in
            .value(Int64(d.days) * 86_400_000_000 + d.timeOfDay - Int64(d.offset ?? 0) * 1_000_000)
        }
    }
}
