// Compact numbers for axis ticks: three significant digits and a unit —
// `1,25 M`, `350 k`, `12,5 k`, `0,25` in French (k, M, Md, decimal comma),
// `1.25 M`, `350 k`, `2.5 B` in English.

import Foundation

public enum NumberText {
    /// The units of a language, from the largest.
    public struct CompactStyle: Sendable, Hashable {
        public var decimalSeparator: String
        public var thousand: String
        public var million: String
        public var billion: String

        public init(decimalSeparator: String, thousand: String, million: String, billion: String) {
            self.decimalSeparator = decimalSeparator
            self.thousand = thousand
            self.million = million
            self.billion = billion
        }

        public static let french = CompactStyle(decimalSeparator: ",", thousand: "k", million: "M", billion: "Md")
        public static let english = CompactStyle(decimalSeparator: ".", thousand: "k", million: "M", billion: "B")
    }

    public static let compactFrench: @Sendable (Double) -> String = { compact($0, style: .french) }
    public static let compactEnglish: @Sendable (Double) -> String = { compact($0, style: .english) }

    /// `value` with three significant digits (no trailing zeros) and a unit once it reaches a thousand.
    public static func compact(_ value: Double, style: CompactStyle = .french) -> String {
        guard value.isFinite, value != 0 else { return value.isNaN ? "" : value == 0 ? "0" : value < 0 ? "-∞" : "∞" }
        let magnitude = floor(log10(value.magnitude))
        let factor = pow(10, magnitude - 2)
        let rounded = (value / factor).rounded() * factor
        let units: [(Double, String)] = [(1e9, style.billion), (1e6, style.million), (1e3, style.thousand)]
        let (divisor, unit) = units.first { rounded.magnitude >= $0.0 } ?? (1, "")
        // Two decimals at most, trailing zeros dropped (as "%.2f" then trimmed, without Foundation's formatter: axes and
        // labels format thousands of numbers a page).
        let hundredths = Int64(((rounded / divisor) * 100).rounded(.toNearestOrEven))
        var digits = hundredths < 0 ? "-" : ""
        digits += String(hundredths.magnitude / 100)
        var fraction = Int(hundredths.magnitude % 100)
        if fraction > 0 {
            digits += style.decimalSeparator + (fraction < 10 ? "0" : "")
            while fraction % 10 == 0 { fraction /= 10 }
            digits += String(fraction)
        }
        if digits == "-0" { digits = "0" }
        return unit.isEmpty ? digits : digits + " " + unit
    }
}
