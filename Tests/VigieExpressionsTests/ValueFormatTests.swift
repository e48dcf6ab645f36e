// Number and date patterns (ValueFormat.swift): what a cell shows. Fixed
// cases as Qlik and Excel show them, and random numbers under random
// patterns against Foundation's decimal arithmetic, rounding the same 15
// significant digits half away from zero.

import Foundation
import Testing
@testable import VigieExpressions
import VigieTestSupport

@Suite("value formats")
struct ValueFormatTests {
    @Test("number patterns show values as Qlik and Excel do", arguments: [
        ("# ##0,00 €", 1_234_567.891, "1 234 567,89 €"), ("# ##0 €", -1_234.5, "-1 235 €"), ("#,##0.0", 999_999.95, "1,000,000.0"),
        ("0.0%", 0.1234, "12.3%"), ("0,0 %", 0.9999, "100,0 %"), ("0.00", 0.005, "0.01"), ("0.00", -0.004, "0.00"),
        ("#.##", 0.5, ".5"), ("0.##", 2, "2"), ("000", 7, "007"), ("#,##0", 0, "0"), ("# ##0,00", 1e-300, "0,00"),
        ("0.000", 1.0005, "1.001"), ("0", 2.5, "3"), ("0", -2.5, "-3"), ("#,##0", 1e20, "100,000,000,000,000,000,000"),
        ("0.0", 0.1 + 0.2, "0.3"), ("€ #.##0,00", 1234.5, "€ 1.234,50"), ("n° 0", 12, "n° 12"),
    ] as [(String, Double, String)])
    func fixed(pattern: String, value: Double, shown: String) {
        #expect(ValueFormat(number: pattern).text(.double(value)) == shown)
    }

    @Test("random numbers under random patterns are rounded as Foundation's decimals round them")
    func againstFoundation() {
        var generator = SeededGenerator(seed: 20261129)
        let patterns = ["# ##0,00 €", "#,##0", "#,##0.0", "0.0%", "0,0 %", "0.000", "0.##", "#.####", "000.0", "0", "# ##0,0000"]
        for _ in 0..<20_000 {
            let pattern = NumberPattern(patterns.randomElement(using: &generator)!)
            let magnitude = Double.random(in: -12...12, using: &generator)
            var value = Double.random(in: -1...1, using: &generator) * pow(10, magnitude)
            // Ties at the last shown decimal, where rounding half away from zero shows.
            if Bool.random(using: &generator) { value = (value * 1000).rounded() / 1000 + 0.0005 }
            let expected = Self.foundation(pattern, value)
            #expect(pattern.text(value) == expected, "\(value) under \(pattern)")
        }
    }

    /// The number as Foundation's `Decimal` rounds it: `%.15g`, then `NSDecimalRound` `.plain` at the pattern's decimals.
    static func foundation(_ pattern: NumberPattern, _ value: Double) -> String {
        let scaled = pattern.percent ? value * 100 : value
        var exact = Decimal(string: String(format: "%.15g", abs(scaled)), locale: Locale(identifier: "en_US_POSIX")) ?? 0
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, pattern.maximumDecimals, .plain)
        let parts = rounded.description.split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(parts[0])
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        while fraction.count > pattern.minimumDecimals && fraction.hasSuffix("0") { fraction.removeLast() }
        if fraction.count < pattern.minimumDecimals { fraction += String(repeating: "0", count: pattern.minimumDecimals - fraction.count) }
        if digits == "0" && pattern.minimumIntegerDigits == 0 && !fraction.isEmpty { digits = "" }
        if digits.count < pattern.minimumIntegerDigits { digits = String(repeating: "0", count: pattern.minimumIntegerDigits - digits.count) + digits }
        if let separator = pattern.groupSeparator, digits.count > 3 {
            var grouped = ""
            for (i, digit) in digits.enumerated() {
                if i > 0 && (digits.count - i) % 3 == 0 { grouped += separator }
                grouped.append(digit)
            }
            digits = grouped
        }
        let body = fraction.isEmpty ? (digits.isEmpty ? "0" : digits) : digits + pattern.decimalSeparator + fraction
        let isZero = !body.contains { ("1"..."9").contains($0) }
        return (scaled < 0 && !isZero ? "-" : "") + pattern.prefix + body + pattern.suffix
    }
}
