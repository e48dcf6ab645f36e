// How a value is shown: number patterns as in Qlik and Excel (`# ##0,00 €`,
// `#,##0.0`, `0.0%`) and date patterns (`DD/MM/YYYY`, `MMM YYYY`,
// `DD/MM/YYYY hh:mm`). The measures of an app carry one, `num(x, '…')` and
// `date(x, '…')` apply one, and the result grid gives each cell's text
// through it.
//
// A number pattern is a prefix, digits and a suffix. In the digits, `0` is
// a digit always shown and `#` one shown when needed; the decimal separator
// is the last `.` or `,` when both appear, the `,` or `.` beside a space
// (`# ##0,00`), a lone `.`, or a lone `,` unless three digits follow it
// after a `#` (`#,##0` groups thousands). A `%` in the prefix or suffix
// shows the value × 100.

import Foundation

/// A number or date pattern, and the language of month and day names.
public struct ValueFormat: Sendable, Equatable, Hashable {
    public enum Language: String, Sendable, Equatable, Hashable, CaseIterable {
        case french = "fr", english = "en"
    }

    public let pattern: String
    public let language: Language
    let kind: Kind

    enum Kind: Sendable, Equatable, Hashable {
        case number(NumberPattern)
        case date([DateToken])
    }

    /// A number pattern.
    public init(number pattern: String, language: Language = .french) {
        self.pattern = pattern
        self.language = language
        kind = .number(NumberPattern(pattern))
    }

    /// A date (and time) pattern.
    public init(date pattern: String, language: Language = .french) {
        self.pattern = pattern
        self.language = language
        kind = .date(DateToken.parse(pattern))
    }

    /// A pattern whose kind is read from its letters: a date when it has `Y`, `M`, `D`, `W`, `h`, `m` or `s` outside
    /// quotes and no `0` or `#`.
    public init(_ pattern: String, language: Language = .french) {
        let isDate = !pattern.contains(where: { "0#".contains($0) }) && pattern.contains(where: { "YMDWhms".contains($0) })
        if isDate { self.init(date: pattern, language: language) } else { self.init(number: pattern, language: language) }
    }

    /// `value` as this pattern shows it; a value of the other kind (a text under a number pattern) is shown as it is,
    /// null as the empty text.
    public func text(_ value: RowValue) -> String {
        switch (kind, value) {
        case (_, .null): return ""
        case let (.number(pattern), _):
            guard let number = value.numericValue else { return value.text ?? "" }
            return pattern.text(number)
        case let (.date(tokens), .date(day)):
            return DateToken.text(tokens, day: Int64(day), microseconds: 0, language: language)
        case let (.date(tokens), .timestamp(micros)):
            let (day, inDay) = ExpressionCalendar.split(micros)
            return DateToken.text(tokens, day: day, microseconds: inDay, language: language)
        default: return value.text ?? ""
        }
    }
}

extension RowValue {
    /// The value as a Double when it is a number (int, decimal, double; NaN is none).
    public var numericValue: Double? { doubleNumber.flatMap { $0.isNaN ? nil : $0 } }
}

/// The parts of a number pattern.
struct NumberPattern: Sendable, Equatable, Hashable {
    var prefix = ""
    var suffix = ""
    var minimumIntegerDigits = 0
    var minimumDecimals = 0
    var maximumDecimals = 0
    var decimalSeparator = ","
    var groupSeparator: String?
    var percent = false
    /// Whether the pattern has digits (`0`, `#`); without, it is all prefix.
    var hasDigits = false

    init(_ pattern: String) {
        let characters = Array(pattern)
        guard let first = characters.firstIndex(where: { "0#".contains($0) }),
              let last = characters.lastIndex(where: { "0#".contains($0) }) else {
            prefix = pattern
            return
        }
        hasDigits = true
        prefix = String(characters[..<first])
        suffix = String(characters[(last + 1)...])
        percent = (prefix + suffix).contains("%")
        let digits = characters[first...last]
        let separators = digits.indices.filter { !"0#".contains(digits[$0]) }
        let hasSpace = separators.contains { digits[$0] == " " || digits[$0] == "\u{A0}" || digits[$0] == "\u{202F}" }
        let dots = separators.filter { digits[$0] == "." }, commas = separators.filter { digits[$0] == "," }
        var decimal: Int?
        if let lastDot = dots.last, let lastComma = commas.last {
            decimal = Swift.max(lastDot, lastComma)
        } else if hasSpace {
            decimal = dots.last ?? commas.last
        } else if dots.count == 1 {
            decimal = dots[0]
        } else if commas.count == 1 {
            let after = digits[(commas[0] + 1)...].prefix { "0#".contains($0) }
            let grouped = after.count == 3 && digits[..<commas[0]].contains("#")
            decimal = grouped ? nil : commas[0]
        }
        let integerPart = digits[..<(decimal ?? digits.endIndex)]
        minimumIntegerDigits = integerPart.filter { $0 == "0" }.count
        if let separator = integerPart.first(where: { !"0#".contains($0) }) { groupSeparator = String(separator) }
        if let decimal {
            decimalSeparator = String(digits[decimal])
            let fraction = digits[(decimal + 1)...].filter { "0#".contains($0) }
            maximumDecimals = fraction.count
            minimumDecimals = fraction.prefix { $0 == "0" }.count
        } else {
            decimalSeparator = groupSeparator == "." ? "," : "."
        }
    }

    func text(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "" : (value < 0 ? "-∞" : "∞") }
        let scaled = percent ? value * 100 : value
        var (digits, fraction) = Self.rounded(abs(scaled), decimals: maximumDecimals)
        while fraction.count > minimumDecimals && fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        if digits == [UInt8(ascii: "0")] && minimumIntegerDigits == 0 && !fraction.isEmpty { digits = [] }
        if digits.count < minimumIntegerDigits { digits.insert(contentsOf: repeatElement(UInt8(ascii: "0"), count: minimumIntegerDigits - digits.count), at: 0) }
        let isZero = !digits.contains { $0 != UInt8(ascii: "0") } && !fraction.contains { $0 != UInt8(ascii: "0") }
        var out: [UInt8] = []
        out.reserveCapacity(prefix.utf8.count + digits.count * 2 + fraction.count + suffix.utf8.count + 2)
        if scaled < 0 && !isZero { out.append(UInt8(ascii: "-")) }
        out += prefix.utf8
        if digits.isEmpty && fraction.isEmpty {
            out.append(UInt8(ascii: "0"))
        } else if let groupSeparator, digits.count > 3 {
            for (i, digit) in digits.enumerated() {
                if i > 0 && (digits.count - i) % 3 == 0 { out += groupSeparator.utf8 }
                out.append(digit)
            }
        } else {
            out += digits
        }
        if !fraction.isEmpty {
            out += decimalSeparator.utf8
            out += fraction
        }
        out += suffix.utf8
        return String(decoding: out, as: UTF8.self)
    }

    /// The decimal digits of `magnitude` (≥ 0) rounded half away from zero to `decimals` decimals, from its 15
    /// significant digits (as spreadsheets show numbers): the integer part's (at least one, without leading zeros) and
    /// exactly `decimals` after the separator, in ASCII.
    static func rounded(_ magnitude: Double, decimals: Int) -> (integer: [UInt8], fraction: [UInt8]) {
        let zero = UInt8(ascii: "0")
        guard magnitude > 0 else { return ([zero], Array(repeating: zero, count: decimals)) }
        // d.dddddddddddddde±x: the 15 significant digits, correctly rounded by the C library, and the exponent.
        var buffer = [CChar](repeating: 0, count: 40)
        let length = withVaList([magnitude]) { arguments in buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress!, 40, "%.14e", arguments) } }
        let text = buffer[..<Int(length)].map { UInt8(bitPattern: $0) }
        let e = text.firstIndex(of: UInt8(ascii: "e"))!
        var all = text[..<e].filter { $0 != UInt8(ascii: ".") }
        let exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self))!
        // The decimal point falls after `point` digits of `all`, made to lie within it by leading or trailing zeros.
        var point = exponent + 1
        if point < 0 {
            all.insert(contentsOf: repeatElement(zero, count: -point), at: 0)
            point = 0
        }
        if all.count < point { all += repeatElement(zero, count: point - all.count) }
        let kept = point + decimals
        if kept < all.count {
            let up = all[kept] >= UInt8(ascii: "5")
            all.removeLast(all.count - kept)
            if up {
                var i = kept - 1
                while i >= 0 && all[i] == UInt8(ascii: "9") {
                    all[i] = zero
                    i -= 1
                }
                if i >= 0 {
                    all[i] += 1
                } else {
                    all.insert(UInt8(ascii: "1"), at: 0)
                    point += 1
                }
            }
        } else {
            all += repeatElement(zero, count: kept - all.count)
        }
        var integer = Array(all[..<point].drop { $0 == zero })
        if integer.isEmpty { integer = [zero] }
        return (integer, Array(all[point...]))
    }
}

/// A piece of a date pattern.
enum DateToken: Sendable, Equatable, Hashable {
    case literal(String)
    case year4, year2, month, month2, monthShort, monthLong, day, day2, weekdayShort, weekdayLong
    case hour, hour2, minute2, second2, fraction(Int)

    static func parse(_ pattern: String) -> [DateToken] {
        let table: [(String, DateToken)] = [
            ("YYYY", .year4), ("YY", .year2), ("MMMM", .monthLong), ("MMM", .monthShort), ("MM", .month2), ("M", .month),
            ("WWWW", .weekdayLong), ("WWW", .weekdayShort), ("DD", .day2), ("D", .day),
            ("hh", .hour2), ("h", .hour), ("mm", .minute2), ("ss", .second2), ("fff", .fraction(3)), ("ff", .fraction(2)), ("f", .fraction(1)),
        ]
        var tokens: [DateToken] = []
        var rest = Substring(pattern)
        while !rest.isEmpty {
            if let (text, token) = table.first(where: { rest.hasPrefix($0.0) }) {
                tokens.append(token)
                rest = rest.dropFirst(text.count)
            } else {
                if case let .literal(previous)? = tokens.last {
                    tokens[tokens.count - 1] = .literal(previous + String(rest.first!))
                } else {
                    tokens.append(.literal(String(rest.first!)))
                }
                rest = rest.dropFirst()
            }
        }
        return tokens
    }

    static let monthNames: [ValueFormat.Language: [String]] = [
        .french: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        .english: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    ]
    static let shortMonthNames: [ValueFormat.Language: [String]] = [
        .french: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
        .english: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    ]
    /// Monday first, as ISO weekdays.
    static let weekdayNames: [ValueFormat.Language: [String]] = [
        .french: ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
        .english: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    ]
    static let shortWeekdayNames: [ValueFormat.Language: [String]] = [
        .french: ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."],
        .english: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
    ]

    static func text(_ tokens: [DateToken], day: Int64, microseconds: Int64, language: ValueFormat.Language) -> String {
        let (y, m, d) = ExpressionCalendar.civil(day)
        let weekday = ExpressionCalendar.weekday(day)
        let seconds = microseconds / 1_000_000
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var out = ""
        for token in tokens {
            switch token {
            case let .literal(text): out += text
            case .year4: out += String(y)
            case .year2: out += two(Int64(y) % 100)
            case .month: out += String(m)
            case .month2: out += two(Int64(m))
            case .monthShort: out += shortMonthNames[language]![m - 1]
            case .monthLong: out += monthNames[language]![m - 1]
            case .day: out += String(d)
            case .day2: out += two(Int64(d))
            case .weekdayShort: out += shortWeekdayNames[language]![weekday - 1]
            case .weekdayLong: out += weekdayNames[language]![weekday - 1]
            case .hour: out += String(seconds / 3600)
            case .hour2: out += two(seconds / 3600)
            case .minute2: out += two(seconds / 60 % 60)
            case .second2: out += two(seconds % 60)
            case let .fraction(n):
                let micros = String(microseconds % 1_000_000)
                out += String((String(repeating: "0", count: 6 - micros.count) + micros).prefix(n))
            }
        }
        return out
    }
}
