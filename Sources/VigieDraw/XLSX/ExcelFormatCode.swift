// A column's format as an Excel number format code (ECMA-376 part 1,
// §18.8.31). A column's format is either an Excel code, kept as it is, or
// a Vigie pattern, translated by VigieExpressions' ValueFormat (the one
// place that reads patterns: `# ##0,00 €` becomes `#,##0.00" €"`,
// `DD/MM/YYYY` becomes `dd/mm/yyyy`).
//
// A code is taken for Excel's when it has what Vigie's patterns never have:
// a quoted literal, a bracket ([Red], [$-40C]), an escape (`\`), sections
// (`;`), a fill or padding (`*`, `_`), a text placeholder (`@`), an exponent
// (`E+`), Excel's lower-case day and year letters (`dd/mm/yyyy`), or the
// word General. Whether an Excel code shows dates is decided as Excel does:
// date or time letters outside quotes and brackets, and no digit placeholder.

import VigieExpressions

/// An Excel number format code made from a Vigie pattern or taken as it is, and what it shows.
struct ExcelFormatCode: Sendable, Hashable {
    /// The code as styles.xml holds it.
    let code: String
    /// Whether the code shows a date (so date and timestamp cells take it, and numbers do not).
    let isDate: Bool

    static let general = ExcelFormatCode(code: "General", isDate: false)
    /// Dates and timestamps without a column format: the French order, the time to the second.
    static let date = ExcelFormatCode(code: "dd/mm/yyyy", isDate: true)
    static let timestamp = ExcelFormatCode(code: "dd/mm/yyyy hh:mm:ss", isDate: true)
    /// Integers without a column format: all digits, never General's scientific notation past 11 digits.
    static let integer = ExcelFormatCode(code: "0", isDate: false)

    private init(code: String, isDate: Bool) {
        self.code = code
        self.isDate = isDate
    }

    /// A decimal's default: thousands grouped and exactly `scale` decimals.
    static func decimal(scale: Int) -> ExcelFormatCode {
        let decimals = max(0, min(scale, 30))
        return ExcelFormatCode(code: decimals == 0 ? "#,##0" : "#,##0." + String(repeating: "0", count: decimals), isDate: false)
    }

    /// The Excel code for a Vigie pattern or an Excel code.
    init(_ pattern: String) {
        let shown = Self.unquoted(Array(pattern.unicodeScalars))
        let isExcel = pattern.isEmpty || pattern.lowercased() == "general"
            || pattern.contains(where: { "\"[\\;*_@".contains($0) }) || pattern.contains("E+") || pattern.contains("E-")
            || shown.contains { $0 == "d" || $0 == "y" }
        if isExcel {
            let hasDigits = shown.contains { "0#?".unicodeScalars.contains($0) }
            let hasDateLetters = shown.contains { "YyMmDdHhSs".unicodeScalars.contains($0) }
            self.init(code: pattern.isEmpty ? "General" : pattern, isDate: !hasDigits && hasDateLetters)
        } else {
            let format = ValueFormat(pattern)
            self.init(code: format.excelCode, isDate: format.isDate)
        }
    }

    /// The scalars a code shows as placeholders: those outside quotes and brackets.
    private static func unquoted(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        var inQuotes = false
        var inBrackets = false
        for c in scalars {
            switch c {
            case "\"" where !inBrackets: inQuotes.toggle()
            case "[" where !inQuotes: inBrackets = true
            case "]" where !inQuotes: inBrackets = false
            default: if !inQuotes && !inBrackets { out.append(c) }
            }
        }
        return out
    }
}
