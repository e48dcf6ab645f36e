// The functions of the expression language (docs/ingest-expressions.md,
// "Functions"). Names are case-insensitive. Functions of a fixed number of
// arguments give null when any argument is null; the evaluator checks that
// before calling `apply`, which therefore never sees a null. coalesce,
// concat, min and max take any number of arguments and handle nulls
// themselves (see ExpressionNode+Evaluation.swift).


/// A row function an expression can call (its raw value is its name).
public enum ExpressionFunction: String, CaseIterable, Sendable, Equatable {
    case year, quarter, month, week, day, weekday, monthstart, yearstart, addmonths, adddays, date, today
    case upper, lower, trim, left, right, substr, mid, index, len, replace, contains, startswith, concat
    case coalesce, alt, abs, round, floor, ceil, min, max, num
    case toint, todouble, todecimal, tostring, todate

    /// How it is called, for messages.
    public var signature: String {
        switch self {
        case .year, .quarter, .month, .week, .day, .weekday, .monthstart, .yearstart: "\(rawValue)(date)"
        case .addmonths: "addmonths(date, months)"
        case .adddays: "adddays(date, days)"
        case .date: "date(year, month, day) or date(date[, format])"
        case .num: "num(number[, format])"
        case .today: "today()"
        case .upper, .lower, .trim, .len: "\(rawValue)(text)"
        case .left, .right: "\(rawValue)(text, count)"
        case .substr, .mid: "\(rawValue)(text, start[, length])"
        case .index: "index(text, part[, occurrence])"
        case .replace: "replace(text, search, replacement)"
        case .contains: "contains(text, part)"
        case .startswith: "startswith(text, prefix)"
        case .concat, .coalesce, .alt, .min, .max: "\(rawValue)(value, …)"
        case .abs, .floor, .ceil: "\(rawValue)(number)"
        case .round: "round(number[, digits])"
        case .toint, .todouble, .tostring: "\(rawValue)(value)"
        case .todecimal: "todecimal(value, scale)"
        case .todate: "todate(text[, format])"
        }
    }

    /// How many arguments it takes.
    public var arity: ClosedRange<Int> {
        switch self {
        case .today: 0...0
        case .addmonths, .adddays, .left, .right, .contains, .startswith, .todecimal: 2...2
        case .replace: 3...3
        case .date: 1...3
        case .substr, .mid, .index: 2...3
        case .round, .todate, .num: 1...2
        case .concat, .coalesce, .alt, .min, .max: 1...Int.max
        default: 1...1
        }
    }

    /// Whether it takes any number of arguments and handles their nulls itself.
    var isVariadic: Bool { arity.upperBound == Int.max }

    /// Whether the same arguments always give the same value (all but today()).
    var isDeterministic: Bool { self != .today }

    /// The value of a call with `count` (≤ 3) non-null arguments `a`, `b`, `c`.
    func apply(_ a: RowValue, _ b: RowValue, _ c: RowValue, count: Int, today: () -> Int32) throws(ValueFailure) -> RowValue {
        switch self {
        case .year, .quarter, .month, .week, .day, .weekday:
            let day = try ExpressionCalendar.moment(a).day
            return .int(Int64(datePart(day)))
        case .monthstart, .yearstart:
            let (y, m, _) = ExpressionCalendar.civil(try ExpressionCalendar.moment(a).day)
            return try ExpressionCalendar.date(ExpressionCalendar.dayCount(year: y, month: self == .yearstart ? 1 : m, day: 1))
        case .addmonths:
            var moment = try ExpressionCalendar.moment(a)
            guard let day = ExpressionCalendar.addMonths(moment.day, try Self.integer(b)) else {
                throw ValueFailure("the date is out of range")
            }
            moment.day = day
            return try ExpressionCalendar.value(moment)
        case .adddays:
            var moment = try ExpressionCalendar.moment(a)
            let (day, overflow) = moment.day.addingReportingOverflow(try Self.integer(b))
            guard !overflow else { throw ValueFailure("the date is out of range") }
            moment.day = day
            return try ExpressionCalendar.value(moment)
        case .date where count < 3:
            // date(x[, format]): the date as text.
            let moment = try ExpressionCalendar.moment(a)
            let format = ValueFormat(date: count == 2 ? b.text ?? "" : moment.time == nil ? "DD/MM/YYYY" : "DD/MM/YYYY hh:mm:ss")
            return .string(format.text(try ExpressionCalendar.value(moment)))
        case .num:
            guard a.numericValue != nil else { throw .notA("a number", a) }
            return .string(count == 2 ? ValueFormat(number: b.text ?? "").text(a) : a.text ?? "")
        case .date:
            guard let days = ExpressionCalendar.days(year: try Self.integer(a), month: try Self.integer(b), day: try Self.integer(c)) else {
                throw ValueFailure("not a valid date")
            }
            return try ExpressionCalendar.date(days)
        case .today:
            return .date(today())
        case .upper, .lower, .trim, .left, .right, .substr, .mid, .index, .len, .replace, .contains, .startswith:
            return try applyText(a.text ?? "", b, c, count: count)
        case .abs:
            switch a {
            case let .int(x):
                guard x != .min else { throw .overflow }
                return .int(Swift.abs(x))
            case let .decimal(u, s):
                _ = try a.exactNumber()
                guard u != .min else { throw .overflow }
                return .decimal(Swift.abs(u), scale: s)
            case let .double(d): return .double(Swift.abs(d))
            default: throw .notA("a number", a)
            }
        case .round:
            return try Self.round(a, digits: count == 2 ? Self.integer(b) : 0)
        case .floor, .ceil:
            switch a {
            case .int: return a
            case let .decimal(u, s):
                _ = try a.exactNumber()
                return .decimal(DecimalMath.integerPart(u, scale: s, up: self == .ceil), scale: 0)
            case let .double(d): return .double(self == .ceil ? d.rounded(.up) : d.rounded(.down))
            default: throw .notA("a number", a)
            }
        case .toint: return try Self.toInt(a)
        case .todouble: return try Self.toDouble(a)
        case .todecimal: return try Self.toDecimal(a, scale: Self.integer(b))
        case .tostring: return .string(a.text ?? "")
        case .todate: return try Self.toDate(a, format: count == 2 ? b : nil)
        case .concat, .coalesce, .alt, .min, .max:
            assertionFailure("the evaluator applies \(rawValue), which takes any number of arguments")
            throw ValueFailure("takes any number of arguments")
        }
    }

    private func datePart(_ day: Int64) -> Int {
        let (y, m, d) = ExpressionCalendar.civil(day)
        switch self {
        case .year: return Int(y)
        case .quarter: return (m - 1) / 3 + 1
        case .month: return m
        case .week: return ExpressionCalendar.isoWeek(day)
        case .weekday: return ExpressionCalendar.weekday(day)
        default: return d
        }
    }

    /// The text functions, on the text of their first argument.
    private func applyText(_ s: String, _ b: RowValue, _ c: RowValue, count: Int) throws(ValueFailure) -> RowValue {
        switch self {
        case .upper: return .string(s.uppercased())
        case .lower: return .string(s.lowercased())
        case .trim:
            guard let first = s.firstIndex(where: { !$0.isWhitespace }) else { return .string("") }
            let last = s.lastIndex(where: { !$0.isWhitespace }) ?? first
            return .string(String(s[first...last]))
        case .len: return .int(Int64(s.count))
        case .left, .right:
            // A negative count keeps all but that many characters from the other end (as in DuckDB).
            let n = try Self.integer(b)
            let k = Int(clamping: n.magnitude)
            if self == .left { return .string(String(n >= 0 ? s.prefix(k) : s.dropLast(k))) }
            return .string(String(n >= 0 ? s.suffix(k) : s.dropFirst(k)))
        case .index:
            // The 1-based position of the occurrence-th `part` (counted from the end when negative), 0 when there is none.
            let part = Array(b.text ?? ""), text = Array(s)
            let occurrence = count == 3 ? try Self.integer(c) : 1
            guard !part.isEmpty, occurrence != 0, part.count <= text.count else { return .int(0) }
            let starts = (0...(text.count - part.count)).filter { text[$0..<($0 + part.count)].elementsEqual(part) }
            let k = occurrence > 0 ? Int(clamping: occurrence) - 1 : starts.count - Int(clamping: occurrence.magnitude)
            return .int(starts.indices.contains(k) ? Int64(starts[k] + 1) : 0)
        case .substr, .mid:
            // 1-based; a negative start counts from the end (-1 is the last character), as in SQL engines.
            let length = Int128(s.count)
            var start = Int128(try Self.integer(b))
            if start < 0 { start += length + 1 }
            var end = length + 1
            if count == 3 {
                let n = try Self.integer(c)
                guard n >= 0 else { throw ValueFailure("the length must not be negative") }
                end = Swift.min(end, start + Int128(n))
            }
            let from = Swift.max(start, 1)
            guard end > from else { return .string("") }
            return .string(String(s.dropFirst(Int(from - 1)).prefix(Int(end - from))))
        case .replace:
            let search = b.text ?? ""
            return .string(search.isEmpty ? s : s.replacing(search, with: c.text ?? ""))
        case .contains:
            let part = b.text ?? ""
            return .bool(part.isEmpty || s.contains(part))
        default: return .bool(s.hasPrefix(b.text ?? ""))
        }
    }

    /// A whole number argument (an int, or a decimal or double without fraction).
    static func integer(_ v: RowValue) throws(ValueFailure) -> Int64 {
        switch v {
        case let .int(i): return i
        case .decimal:
            if let (x, scale) = try? v.exactNumber() {
                let unit = Int128(DecimalMath.powerOfTen[scale])
                if x % unit == 0, let i = Int64(exactly: x / unit) { return i }
            }
        case let .double(d):
            if d.rounded() == d, let i = Int64(exactly: d) { return i }
        default: break
        }
        throw .notA("a whole number", v)
    }

    /// round(x, digits): half away from zero, like Excel and SQL; ints stay ints.
    static func round(_ a: RowValue, digits: Int64) throws(ValueFailure) -> RowValue {
        let digits = Int(Swift.max(-400, Swift.min(400, digits)))
        switch a {
        case let .int(x):
            guard digits < 0 else { return a }
            guard case let .decimal(u, _) = try DecimalMath.round(Int128(x), scale: 0, digits: digits),
                  let i = Int64(exactly: u) else { throw .overflow }
            return .int(i)
        case .decimal:
            guard let (u, s) = try a.exactNumber() else { throw .notA("a number", a) }
            return try DecimalMath.round(u, scale: s, digits: digits)
        case let .double(d):
            guard d.isFinite, digits < 300 else { return a }
            if digits < -308 { return .double(0) }
            let p = pow10(Swift.abs(digits))
            let scaled = digits >= 0 ? d * p : d / p
            guard scaled.isFinite else { return a }
            let r = scaled.rounded(.toNearestOrAwayFromZero)
            return .double(digits >= 0 ? r / p : r * p)
        default:
            throw .notA("a number", a)
        }
    }

    private static func pow10(_ n: Int) -> Double {
        var p = 1.0
        for _ in 0..<n { p *= 10 }
        return p
    }

    /// toint: to the nearest integer, halves away from zero (like SQL's CAST); texts are read leniently.
    static func toInt(_ a: RowValue) throws(ValueFailure) -> RowValue {
        switch a {
        case .int: return a
        case let .bool(b): return .int(b ? 1 : 0)
        case .decimal:
            guard let (u, s) = try a.exactNumber(), case let .decimal(r, _) = try DecimalMath.round(u, scale: s, digits: 0),
                  let i = Int64(exactly: r) else { throw .overflow }
            return .int(i)
        case let .double(d):
            guard d.isFinite else { throw .notA("a finite number", a) }
            guard let i = Int64(exactly: d.rounded(.toNearestOrAwayFromZero)) else { throw .overflow }
            return .int(i)
        case let .string(s):
            if isBlank(s) { return .null }
            guard let number = DecimalText.lenient(s) else { throw .notA("a number", a) }
            guard let u = number.unscaled(scale: 0), let i = Int64(exactly: u) else { throw .overflow }
            return .int(i)
        default: throw .notA("a number", a)
        }
    }

    /// todouble: the nearest double; texts are read leniently.
    static func toDouble(_ a: RowValue) throws(ValueFailure) -> RowValue {
        switch a {
        case let .bool(b): return .double(b ? 1 : 0)
        case .int, .decimal, .double:
            _ = try a.exactNumber()
            return .double(a.doubleNumber ?? 0)
        case let .string(s):
            if isBlank(s) { return .null }
            guard let number = DecimalText.lenient(s) else { throw .notA("a number", a) }
            let digits = number.digits.isEmpty ? "0" : String(decoding: number.digits.map { $0 + 48 }, as: UTF8.self)
            return .double(Double((number.negative ? "-" : "") + digits + "e\(number.exponent)") ?? 0)
        default: throw .notA("a number", a)
        }
    }

    /// todecimal: exactly `scale` decimals, rounded half away from zero; doubles by their shortest text (0.1 is 0.10).
    static func toDecimal(_ a: RowValue, scale: Int64) throws(ValueFailure) -> RowValue {
        guard (0...Int64(DecimalMath.maxScale)).contains(scale) else {
            throw ValueFailure("the scale must be 0 to 38")
        }
        let scale = Int(scale)
        let number: DecimalText
        switch a {
        case let .bool(b): return .decimal(b ? DecimalMath.rescale(1, by: scale) ?? 0 : 0, scale: scale)
        case .int, .decimal:
            guard let (u, s) = try a.exactNumber() else { throw .notA("a number", a) }
            if scale >= s {
                guard let r = DecimalMath.rescale(u, by: scale - s) else { throw .overflow }
                return .decimal(r, scale: scale)
            }
            return try DecimalMath.round(u, scale: s, digits: scale)
        case let .double(d):
            guard d.isFinite, let text = DecimalText(Array("\(d)".utf8)) else { throw .notA("a finite number", a) }
            number = text
        case let .string(s):
            if isBlank(s) { return .null }
            guard let text = DecimalText.lenient(s) else { throw .notA("a number", a) }
            number = text
        default: throw .notA("a number", a)
        }
        guard let u = number.unscaled(scale: scale) else { throw .overflow }
        return .decimal(u, scale: scale)
    }

    /// todate: a date from a text in `format` (a timestamp when the format has a time);
    /// without a format, yyyy-MM-dd or dd/MM/yyyy. Dates and timestamps convert directly.
    static func toDate(_ a: RowValue, format: RowValue?) throws(ValueFailure) -> RowValue {
        var withTime = false
        var moment: ExpressionCalendar.Moment?
        if let format {
            guard case let .string(f) = format, let parsed = ExpressionCalendar.DateFormat(f) else {
                throw ValueFailure("not a date format (\(ExpressionCalendar.DateFormat.accepted))", subject: format)
            }
            withTime = parsed.withTime
            if case let .string(s) = a {
                if isBlank(s) { return .null }
                moment = ExpressionCalendar.parse(s, parsed.order)
                if moment == nil { throw ValueFailure("not a date in the format \(format)", subject: a) }
            }
        } else if case let .string(s) = a, isBlank(s) {
            return .null
        }
        var m: ExpressionCalendar.Moment
        if let moment { m = moment } else { m = try ExpressionCalendar.moment(a) }
        m.time = withTime ? m.time ?? 0 : nil
        return try ExpressionCalendar.value(m)
    }

    private static func isBlank(_ s: String) -> Bool {
        s.allSatisfy(\.isWhitespace)
    }
}
