// A value format as an Excel number format code (ECMA-376 part 1,
// §18.8.31), for exports: Excel codes always group thousands with `,` and
// mark decimals with `.`, whatever the reader's locale shows, so a pattern
// written the way its reader sees it (`# ##0,00 €`) becomes `#,##0.00" €"`.
// Text around the digits becomes a quoted literal, except `%`, which scales
// by 100 in Excel too. Date letters become Excel's (`DD/MM/YYYY` →
// `dd/mm/yyyy`, `WWW` → `ddd`, `fff` → `.000`); Excel tells minutes from
// months by the hours or seconds beside them, as `hh:mm` and `mm:ss` read.

extension ValueFormat {
    /// Whether the pattern shows dates (and times) rather than numbers.
    public var isDate: Bool {
        if case .date = kind { true } else { false }
    }

    /// The pattern as an Excel number format code.
    public var excelCode: String {
        switch kind {
        case let .number(pattern): pattern.excelCode
        case let .date(tokens): DateToken.excelCode(tokens)
        }
    }

    /// `text` as an Excel literal: quoted, except `%` (which scales the value).
    static func excelLiteral(_ text: String) -> String {
        text.split(separator: "%", omittingEmptySubsequences: false)
            .map { $0.isEmpty ? "" : "\"" + $0 + "\"" }
            .joined(separator: "%")
    }
}

extension NumberPattern {
    var excelCode: String {
        guard hasDigits else {
            // No digits at all: the pattern is text shown before the number.
            return prefix.isEmpty || prefix == "General" ? "General" : ValueFormat.excelLiteral(prefix) + "General"
        }
        var integer = String(repeating: "0", count: max(minimumIntegerDigits, maximumDecimals == 0 ? 1 : 0))
        if integer.isEmpty { integer = "#" }
        if groupSeparator != nil {
            while integer.count < 4 { integer = "#" + integer }
            integer.insert(",", at: integer.index(integer.endIndex, offsetBy: -3))
        }
        var fraction = ""
        if maximumDecimals > 0 {
            fraction = "." + String(repeating: "0", count: minimumDecimals) + String(repeating: "#", count: maximumDecimals - minimumDecimals)
        }
        return ValueFormat.excelLiteral(prefix) + integer + fraction + ValueFormat.excelLiteral(suffix)
    }
}

extension DateToken {
    static func excelCode(_ tokens: [DateToken]) -> String {
        var code = ""
        for token in tokens {
            switch token {
            case let .literal(text):
                var quoted = ""
                for character in text {
                    if "/-:., ()".contains(character) {
                        if !quoted.isEmpty { code += "\"\(quoted)\"" }
                        quoted = ""
                        code.append(character)
                    } else {
                        quoted.append(character)
                    }
                }
                if !quoted.isEmpty { code += "\"\(quoted)\"" }
            case .year4: code += "yyyy"
            case .year2: code += "yy"
            case .month: code += "m"
            case .month2: code += "mm"
            case .monthShort: code += "mmm"
            case .monthLong: code += "mmmm"
            case .day: code += "d"
            case .day2: code += "dd"
            case .weekdayShort: code += "ddd"
            case .weekdayLong: code += "dddd"
            case .hour: code += "h"
            case .hour2: code += "hh"
            case .minute2: code += "mm"
            case .second2: code += "ss"
            case let .fraction(digits):
                // Excel's fractions of a second always follow a `.`.
                if code.hasSuffix(",") { code.removeLast() }
                if !code.hasSuffix(".") { code += "." }
                code += String(repeating: "0", count: digits)
            }
        }
        return code
    }
}
