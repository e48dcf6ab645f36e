// The row-level expressions of ingest pipelines (docs/ingest-expressions.md): syntax
// and precedence, every function, null propagation and three-valued logic,
// exact decimals, errors with their positions, limits, a fuzz test of the
// parser, and generated expressions against an oracle (DuckDB).

import Foundation
import Testing
@testable import VigieExpressions
import VigieTestSupport

/// Helpers to write values and evaluate expressions briefly.
enum Ex {
    /// 2024-06-15, the day `today()` is in these tests.
    static let today = day("2024-06-15")

    static func day(_ text: String) -> Int32 {
        let parts = text.split(separator: "-").map { Int($0)! }
        return Int32(ExpressionCalendar.dayCount(year: Int64(parts[0]), month: parts[1], day: parts[2]))
    }

    static func date(_ text: String) -> RowValue { .date(day(text)) }

    /// "2024-03-05 14:30:00" as a timestamp.
    static func timestamp(_ text: String) -> RowValue {
        let (d, t) = (text.prefix(10), text.dropFirst(11).split(separator: ":").map { Int64($0)! })
        return .timestamp(Int64(day(String(d))) * 86_400_000_000 + ((t[0] * 60 + t[1]) * 60 + t[2]) * 1_000_000)
    }

    /// "12.30" as .decimal(1230, scale: 2).
    static func decimal(_ text: String) -> RowValue {
        let number = DecimalText(Array(text.utf8))!
        return .decimal(number.unscaled(scale: number.naturalScale)!, scale: number.naturalScale)
    }

    static func expression(_ text: String) throws(ExpressionError) -> RowExpression {
        try RowExpression(text, today: { Ex.today })
    }

    static func eval(_ text: String, _ row: [String: RowValue] = [:]) throws(ExpressionError) -> RowValue {
        try expression(text).evaluate { row[$0] ?? .null }
    }

    /// The message of the error `text` throws (parsing or evaluating), or nil.
    static func error(_ text: String, _ row: [String: RowValue] = [:]) -> String? {
        do {
            _ = try eval(text, row)
            return nil
        } catch {
            return error.description
        }
    }
}

// MARK: - Syntax

@Suite("Expression syntax")
struct ExpressionSyntaxTests {
    @Test("literals", arguments: [
        ("123", RowValue.int(123)),
        ("12.50", .decimal(1250, scale: 2)),
        (".5", .decimal(5, scale: 1)),
        ("1e3", .double(1000)),
        ("2.5E-2", .double(0.025)),
        ("99999999999999999999", .decimal(99_999_999_999_999_999_999, scale: 0)),
        ("'crèche'", .string("crèche")),
        ("'l''hôpital'", .string("l'hôpital")),
        ("''", .string("")),
        ("true", .bool(true)),
        ("FALSE", .bool(false)),
        ("Null", .null),
    ])
    func literals(text: String, value: RowValue) throws {
        #expect(try Ex.eval(text) == value)
    }

    @Test("precedence and associativity", arguments: [
        ("1 + 2 * 3", RowValue.int(7)),
        ("(1 + 2) * 3", .int(9)),
        ("2 - 3 - 4", .int(-5)),
        ("-2 * 3", .int(-6)),
        ("- -2", .int(2)),
        ("-(2 - 5)", .int(3)),
        ("+4", .int(4)),
        ("17 % 5 * 2", .int(4)),
        ("2 * 17 % 5", .int(4)),
        ("'a' & 1 + 2", .string("a3")),
        ("'a' & 2 * 3 & 'b'", .string("a6b")),
        ("1 + 2 = 3", .bool(true)),
        ("'ab' = 'a' & 'b'", .bool(true)),
        ("not 1 = 2", .bool(true)),
        ("not true or true", .bool(true)),
        ("not (true or true)", .bool(false)),
        ("true or false and false", .bool(true)),
        ("(true or false) and false", .bool(false)),
        ("1 < 2 and 2 < 3", .bool(true)),
        ("3 between 1 and 5 and 2 > 1", .bool(true)),
        ("not 3 between 4 and 5", .bool(true)),
        ("3 not between 4 and 5", .bool(true)),
        ("1 + 1 in (2, 3)", .bool(true)),
        ("null is null and 1 is not null", .bool(true)),
        ("2 * 3 <> 7", .bool(true)),
        ("2 * 3 != 6", .bool(false)),
        ("2 == 2", .bool(true)),
    ])
    func precedence(text: String, value: RowValue) throws {
        #expect(try Ex.eval(text) == value)
    }

    @Test func keywordsAndFunctionsIgnoreCase() throws {
        let row: [String: RowValue] = ["day": Ex.date("2024-03-05"), "x": .null]
        #expect(try Ex.eval("MONTH(day) = 3 AND x IS NOT NULL OR Year(day) = 2024", row) == .bool(true))
        #expect(try Ex.eval("If(x Is Null, 'vide', 'plein')", row) == .string("vide"))
        #expect(try Ex.eval("CASE WHEN month(day) = 3 THEN 'mars' ELSE 'autre' END", row) == .string("mars"))
    }

    @Test func fieldNames() throws {
        let row: [String: RowValue] = [
            "Établissement": .string("Crèche Les Lilas"), "Code établissement": .string("750012345"),
            "CA HT": .decimal(120_050, scale: 2), "a\"b": .int(1), "a]b": .int(2), "end": .int(3),
            "heures_2024": .int(4), "day": Ex.date("2024-03-05"),
        ]
        #expect(try Ex.eval("Établissement & ' (' & \"Code établissement\" & ')'", row) == .string("Crèche Les Lilas (750012345)"))
        #expect(try Ex.eval("[CA HT] * 2", row) == .decimal(240_100, scale: 2))
        #expect(try Ex.eval("\"a\"\"b\" + [a]]b] + \"end\" + [end] + heures_2024", row) == .int(13))
        // A bare word is a function only before '(': `day` here is the field.
        #expect(try Ex.eval("day(day) + month(day)", row) == .int(8))
        let expression = try Ex.expression("if(\"Code établissement\" is null, [CA HT], Établissement) & day & day(day)")
        #expect(expression.fields == ["Code établissement", "CA HT", "Établissement", "day"])
        #expect(try Ex.expression("1 + 2").fields.isEmpty)
    }

    @Test func whitespaceAndLines() throws {
        #expect(try Ex.eval("\n  1 +\t2\r\n  * 3 ") == .int(7))
        #expect(try Ex.eval("1\u{00A0}+\u{00A0}2") == .int(3))
    }

    @Test func constantPartsAreFoldedOnce() throws {
        let taxed = try Ex.expression("amount * (1 + 5.5 / 100)")
        #expect(taxed.fields == ["amount"])
        #expect(try taxed.evaluate { _ in .decimal(10000, scale: 2) } == .decimal(10_550_000_000, scale: 8))
        #expect(try Ex.expression("2 * 3 & 'x'").constantValue == .string("6x"))
        #expect(try Ex.expression("today()").constantValue == nil)
        #expect(try Ex.expression("upper('a') = 'A'").constantValue == .bool(true))
        // A constant part that fails is left for evaluation, where its error names it.
        #expect(try Ex.expression("if(x > 0, 1, month('abc'))").evaluate { _ in .int(1) } == .int(1))
        #expect(Ex.error("month('abc')") == "expression 'month('abc')': month('abc'): not a date")
    }
}

// MARK: - Numbers

@Suite("Expression numbers")
struct ExpressionNumberTests {
    @Test("exact decimal arithmetic", arguments: [
        ("0.1 + 0.2", "0.3"),
        ("0.1 + 0.2 - 0.3", "0.0"),
        ("1.20 + 3", "4.20"),
        ("1.20 * 3", "3.60"),
        ("12.30 * 1.5", "18.450"),
        ("10.00 - 0.005", "9.995"),
        ("7.50 % 2", "1.50"),
        ("-7.5 % 2", "-1.5"),
        ("10 / 4", "2.500000"),
        ("1 / 3", "0.333333"),
        ("2 / 3", "0.666667"),
        ("-2 / 3", "-0.666667"),
        ("1.00000000 / 3", "0.33333333"),
        // Quotients round half to even at their scale.
        ("1 / 2000000", "0.000000"),
        ("3 / 2000000", "0.000002"),
        ("-3 / 2000000", "-0.000002"),
        // Products keep at most 18 decimals, rounded half to even.
        ("0.000000001 * 0.0000000015", "0.000000000000000002"),
        ("0.000000001 * 0.0000000025", "0.000000000000000002"),
        ("0.0000000001 * 0.0000000001", "0.000000000000000000"),
        ("123456789012345678.12 * 1000", "123456789012345678120.00"),
    ])
    func exactDecimals(text: String, expected: String) throws {
        #expect(try Ex.eval(text) == Ex.decimal(expected))
    }

    @Test func mixedKinds() throws {
        #expect(try Ex.eval("0.1 + 0.2 = 0.3") == .bool(true))
        #expect(try Ex.eval("1.20 = 1.2") == .bool(true))
        #expect(try Ex.eval("1 = 1.0") == .bool(true))
        #expect(try Ex.eval("1 < 1.5 and 1.5 < 2e0") == .bool(true))
        #expect(try Ex.eval("0.1 = 1e-1") == .bool(true))
        #expect(try Ex.eval("1 + 0.5e0") == .double(1.5))
        #expect(try Ex.eval("0.1e0 + 0.2e0") == .double(0.1 + 0.2))
        #expect(try Ex.eval("7 % 3") == .int(1))
        #expect(try Ex.eval("-7 % 3") == .int(-1))
        #expect(try Ex.eval("7.5e0 % 2") == .double(1.5))
        #expect(try Ex.eval("6 / 3") == .decimal(2_000_000, scale: 6))
        #expect(try Ex.eval("1 / 4e0") == .double(0.25))
        // 99999999999999999999 does not fit an Int64: it is a decimal of scale 0.
        #expect(try Ex.eval("99999999999999999999 = 99999999999999999999.0") == .bool(true))
        #expect(try Ex.eval("99999999999999999999 > 9223372036854775807") == .bool(true))
        #expect(try Ex.eval("0.000000000000000000000000000000000001 < 1") == .bool(true))
        #expect(try Ex.eval("(0e0 / 0e0 + 1) is null") == .bool(true))
    }

    @Test func occupancyOfACreche() throws {
        let row: [String: RowValue] = ["hours_billed": .decimal(1_234_550, scale: 2), "hours_offered": .int(15_000)]
        #expect(try Ex.eval("hours_billed / hours_offered", row) == .decimal(823_033, scale: 6))
        #expect(try Ex.eval("round(hours_billed / hours_offered * 100, 1)", row) == .decimal(823, scale: 1))
    }

    @Test("division and remainder by zero give null", arguments: [
        "1 / 0", "1.5 / 0", "1 / 0.00", "1e0 / 0", "1 / 0e0", "7 % 0", "7.5 % 0.0", "7e0 % 0",
    ])
    func divisionByZero(text: String) throws {
        #expect(try Ex.eval(text) == .null)
    }

    @Test func overflowIsAnErrorNamingTheExpression() throws {
        let row: [String: RowValue] = ["hours": .int(.max), "rate": .int(2), "low": .int(.min), "big": .decimal(.max / 3 * 2, scale: 0)]
        #expect(Ex.error("hours * rate", row) == "expression 'hours * rate': 9223372036854775807 * 2: overflow (the result does not fit)")
        #expect(Ex.error("hours + 1", row) == "expression 'hours + 1': 9223372036854775807 + 1: overflow (the result does not fit)")
        #expect(Ex.error("low - 1", row)?.contains("-9223372036854775808 - 1: overflow") == true)
        #expect(Ex.error("-low", row)?.contains("-(-9223372036854775808): overflow") == true)
        #expect(Ex.error("abs(low)", row)?.contains("abs(-9223372036854775808): overflow") == true)
        #expect(Ex.error("big * 100", row)?.contains("overflow") == true)
        #expect(Ex.error("big + big", row)?.contains("overflow") == true)
        #expect(Ex.error("big / 0.000001", row)?.contains("overflow") == true)
        #expect(Ex.error("1e308 * 10") == "expression '1e308 * 10': 1e+308 * 10: overflow (the result does not fit)")
        #expect(Ex.error("toint(1e20)")?.contains("toint(1e+20): overflow") == true)
        #expect(Ex.error("9223372036854775807 + 1") != nil)
        #expect(try Ex.eval("low % -1", row) == .int(0))
        #expect(try Ex.eval("low / -1", row) == .decimal((Int128(Int64.max) + 1) * 1_000_000, scale: 6))
    }

    @Test func roundingFunctions() throws {
        #expect(try Ex.eval("round(2.5)") == .decimal(3, scale: 0))
        #expect(try Ex.eval("round(-2.5)") == .decimal(-3, scale: 0))
        #expect(try Ex.eval("round(2.345, 2)") == .decimal(235, scale: 2))
        #expect(try Ex.eval("round(-2.345, 2)") == .decimal(-235, scale: 2))
        #expect(try Ex.eval("round(2.3, 4)") == .decimal(23, scale: 1))
        #expect(try Ex.eval("round(1250.5, -2)") == .decimal(1300, scale: 0))
        #expect(try Ex.eval("round(1234, -2)") == .int(1200))
        #expect(try Ex.eval("round(-1250, -2)") == .int(-1300))
        #expect(try Ex.eval("round(1234, 2)") == .int(1234))
        #expect(try Ex.eval("round(1234, -30)") == .int(0))
        #expect(try Ex.eval("round(0.125e0, 2)") == .double(0.13))
        #expect(try Ex.eval("round(2.5e0)") == .double(3))
        #expect(try Ex.eval("round(1234.5e0, -2)") == .double(1200))
        #expect(Ex.error("round(9000000000000000000, -19)")?.contains("overflow") == true)
        #expect(Ex.error("round(2.5, 'x')") == "expression 'round(2.5, 'x')': round(2.5, 'x'): 'x' is not a whole number")
        #expect(try Ex.eval("floor(-2.5)") == .decimal(-3, scale: 0))
        #expect(try Ex.eval("ceil(-2.5)") == .decimal(-2, scale: 0))
        #expect(try Ex.eval("ceil(2.01)") == .decimal(3, scale: 0))
        #expect(try Ex.eval("floor(7)") == .int(7))
        #expect(try Ex.eval("floor(-2.5e0)") == .double(-3))
        #expect(try Ex.eval("ceil(2.1e0)") == .double(3))
        #expect(try Ex.eval("abs(-12.30)") == .decimal(1230, scale: 2))
        #expect(try Ex.eval("abs(-3)") == .int(3))
        #expect(try Ex.eval("abs(-0.5e0)") == .double(0.5))
    }

    @Test func minAndMax() throws {
        #expect(try Ex.eval("min(3, 1.5, 2)") == .decimal(15, scale: 1))
        #expect(try Ex.eval("max(3, 1.5, 2e0)") == .int(3))
        #expect(try Ex.eval("max(null, 2, null)") == .int(2))
        #expect(try Ex.eval("min(null, null)") == .null)
        #expect(try Ex.eval("min('b', 'a', 'é')") == .string("a"))
        #expect(try Ex.eval("max('Z', 'a', 'é')") == .string("é"))
        #expect(try Ex.eval("max(d1, d2)", ["d1": Ex.date("2024-01-31"), "d2": Ex.date("2024-02-01")]) == Ex.date("2024-02-01"))
        #expect(Ex.error("min(1, 'a')") == "expression 'min(1, 'a')': min(… 1, 'a' …): cannot compare a text with a number")
    }

    @Test func conversions() throws {
        #expect(try Ex.eval("toint('12')") == .int(12))
        #expect(try Ex.eval("toint(' 1 234 ')") == .int(1234))
        #expect(try Ex.eval("toint('1\u{202F}234')") == .int(1234))
        #expect(try Ex.eval("toint('12,7')") == .int(13))
        #expect(try Ex.eval("toint('-12.5')") == .int(-13))
        #expect(try Ex.eval("toint(2.5)") == .int(3))
        #expect(try Ex.eval("toint(-2.5e0)") == .int(-3))
        #expect(try Ex.eval("toint(true)") == .int(1))
        #expect(try Ex.eval("toint('')") == .null)
        #expect(try Ex.eval("toint('  ')") == .null)
        #expect(Ex.error("toint('abc')") == "expression 'toint('abc')': toint('abc'): not a number")
        #expect(Ex.error("toint('12 €')") == "expression 'toint('12 €')': toint('12 €'): not a number")
        #expect(try Ex.eval("todouble('12,5')") == .double(12.5))
        #expect(try Ex.eval("todouble('1.234,5')") == .double(1234.5))
        #expect(try Ex.eval("todouble('1,234.5')") == .double(1234.5))
        #expect(try Ex.eval("todouble('1e-3')") == .double(0.001))
        #expect(try Ex.eval("todouble(0.1)") == .double(0.1))
        #expect(try Ex.eval("todouble(3)") == .double(3))
        #expect(try Ex.eval("todecimal('1 234,50', 2)") == .decimal(123_450, scale: 2))
        #expect(try Ex.eval("todecimal('1 234,505', 2)") == .decimal(123_451, scale: 2))
        #expect(try Ex.eval("todecimal(0.1e0, 2)") == .decimal(10, scale: 2))
        #expect(try Ex.eval("todecimal(0.1e0 + 0.2e0, 2)") == .decimal(30, scale: 2))
        #expect(try Ex.eval("todecimal(2.345, 2)") == .decimal(235, scale: 2))
        #expect(try Ex.eval("todecimal(-2.345, 2)") == .decimal(-235, scale: 2))
        #expect(try Ex.eval("todecimal(12, 2)") == .decimal(1200, scale: 2))
        #expect(try Ex.eval("todecimal(1e-50, 2)") == .decimal(0, scale: 2))
        #expect(try Ex.eval("todecimal(12.5, 0)") == .decimal(13, scale: 0))
        #expect(Ex.error("todecimal(1e30, 10)")?.contains("overflow") == true)
        #expect(Ex.error("todecimal(1, 39)")?.contains("at column 14, expected a scale from 0 to 38, found '39'") == true)
        #expect(Ex.error("todecimal(1, s)", ["s": .int(40)]) == "expression 'todecimal(1, s)': todecimal(1, 40): the scale must be 0 to 38")
        #expect(try Ex.eval("tostring(12.30)") == .string("12.30"))
        #expect(try Ex.eval("tostring(-0.05)") == .string("-0.05"))
        #expect(try Ex.eval("tostring(0.1e0)") == .string("0.1"))
        #expect(try Ex.eval("tostring(100e0)") == .string("100.0"))
        #expect(try Ex.eval("tostring(true)") == .string("true"))
        #expect(try Ex.eval("tostring(d)", ["d": Ex.date("2024-01-31")]) == .string("2024-01-31"))
        #expect(try Ex.eval("tostring(t)", ["t": Ex.timestamp("2024-01-31 08:05:09")]) == .string("2024-01-31 08:05:09"))
        #expect(try Ex.eval("tostring(t)", ["t": .timestamp(1)]) == .string("1970-01-01 00:00:00.000001"))
        #expect(try Ex.eval("tostring(t)", ["t": .timestamp(-1)]) == .string("1969-12-31 23:59:59.999999"))
    }
}

// MARK: - Nulls and logic

@Suite("Expression nulls and logic")
struct ExpressionLogicTests {
    static let truth: [(String, Bool?)] = [("true", true), ("false", false), ("null", nil)]

    @Test("and, or, not are three-valued", arguments: 0..<3, 0..<3)
    func threeValuedLogic(i: Int, j: Int) throws {
        let (a, x) = Self.truth[i], (b, y) = Self.truth[j]
        let and: Bool? = x == false || y == false ? false : (x == nil || y == nil ? nil : true)
        let or: Bool? = x == true || y == true ? true : (x == nil || y == nil ? nil : false)
        let value = { (b: Bool?) -> RowValue in b.map(RowValue.bool) ?? .null }
        let row: [String: RowValue] = ["a": value(x), "b": value(y)]
        #expect(try Ex.eval("\(a) and \(b)") == value(and))
        #expect(try Ex.eval("\(a) or \(b)") == value(or))
        #expect(try Ex.eval("a and b", row) == value(and))
        #expect(try Ex.eval("a or b", row) == value(or))
        #expect(try Ex.eval("not a", row) == value(x.map { !$0 }))
    }

    @Test("operations on null give null", arguments: [
        "x + 1", "1 - x", "x * 2", "x / 2", "2 / x", "x % 2", "-x", "x & 'a'", "'a' & x",
        "x = 1", "x <> 1", "x < 'a'", "1 >= x", "x = null", "null = null", "not x",
        "x in (1, 2)", "x between 1 and 2", "month(x)", "upper(x)", "left('abc', x)", "addmonths(x, 1)",
        "round(x, 2)", "round(2.5, x)", "toint(x)", "todate(x, 'dd/MM/yyyy')", "tostring(x)", "len(x)",
        "substr('abc', x)", "replace('abc', x, 'b')", "min(x)", "coalesce(x, null)", "case when true then x end",
        "case when x then 1 end", "case x when 1 then 2 end",
    ])
    func nullPropagation(text: String) throws {
        #expect(try Ex.eval(text, ["x": .null]) == .null)
    }

    @Test func nullAwareOperations() throws {
        let row: [String: RowValue] = ["x": .null, "n": .int(5)]
        #expect(try Ex.eval("x is null", row) == .bool(true))
        #expect(try Ex.eval("x is not null", row) == .bool(false))
        #expect(try Ex.eval("n is not null", row) == .bool(true))
        #expect(try Ex.eval("coalesce(x, null, n, 1)", row) == .int(5))
        #expect(try Ex.eval("concat('a', x, n, 'b')", row) == .string("a5b"))
        #expect(try Ex.eval("concat(x)", row) == .string(""))
        #expect(try Ex.eval("if(x > 1, 'big', 'small or unknown')", row) == .string("small or unknown"))
        #expect(try Ex.eval("case when x > 1 then 'big' when n > 1 then 'n' else 'none' end", row) == .string("n"))
        #expect(try Ex.eval("case when x then 1 else 2 end", row) == .int(2))
        #expect(try Ex.eval("case x when null then 1 else 2 end", row) == .int(2))
        #expect(try Ex.eval("case n when 4 then 'four' when 5 then 'five' end", row) == .string("five"))
        #expect(try Ex.eval("case n when 4 then 'four' end", row) == .null)
        // and/or decide without looking further: the error on the right is never reached.
        #expect(try Ex.eval("false and month('abc') = 1") == .bool(false))
        #expect(try Ex.eval("true or month('abc') = 1") == .bool(true))
        #expect(try Ex.eval("if(true, 1, month('abc'))") == .int(1))
    }

    @Test func inAndBetween() throws {
        #expect(try Ex.eval("'EHPAD' in ('crèche', 'EHPAD')") == .bool(true))
        #expect(try Ex.eval("'SSIAD' in ('crèche', 'EHPAD')") == .bool(false))
        #expect(try Ex.eval("'SSIAD' not in ('crèche', 'EHPAD')") == .bool(true))
        #expect(try Ex.eval("1 in (1, null)") == .bool(true))
        #expect(try Ex.eval("3 in (1, null)") == .null)
        #expect(try Ex.eval("3 not in (1, null)") == .null)
        #expect(try Ex.eval("2 in (1.0, 2.00)") == .bool(true))
        #expect(try Ex.eval("5 between 1 and 5") == .bool(true))
        #expect(try Ex.eval("5 between 5.5 and 6") == .bool(false))
        #expect(try Ex.eval("5 not between 1 and 4") == .bool(true))
        #expect(try Ex.eval("5 between 1 and null") == .null)
        #expect(try Ex.eval("0 between 1 and null") == .bool(false))
        #expect(try Ex.eval("0 not between 1 and null") == .bool(true))
        #expect(try Ex.eval("'b' between 'a' and 'c'") == .bool(true))
        #expect(try Ex.eval("d between '2024-01-01' and '2024-12-31'", ["d": Ex.date("2024-02-29")]) == .bool(true))
    }

    @Test func filters() throws {
        let filter = try Ex.expression("hours > 0 and not (kind = 'test')")
        #expect(try filter.matches { ["hours": .int(3), "kind": .string("réel")][$0] ?? .null })
        #expect(try !filter.matches { ["hours": .int(3), "kind": .string("test")][$0] ?? .null })
        #expect(try !filter.matches { ["hours": .null, "kind": .string("réel")][$0] ?? .null })
        #expect(throws: ExpressionError.self) { try Ex.expression("hours + 1").matches { _ in .int(1) } }
        #expect(Ex.error("x and true", ["x": .int(1)]) == "expression 'x and true': 1 is not true or false, as the operands of 'and' must be")
        #expect(Ex.error("if(x, 1, 2)", ["x": .string("oui")]) == "expression 'if(x, 1, 2)': 'oui' is not true or false, as a condition must be")
    }

    @Test func comparisons() throws {
        #expect(try Ex.eval("'Z' < 'a' and 'a' < 'é' and 'é' < 'ê'") == .bool(true))
        #expect(try Ex.eval("'e\u{301}' = 'é'") == .bool(false))
        #expect(try Ex.eval("'abc' < 'abd' and 'ab' < 'abc' and '' < 'a'") == .bool(true))
        #expect(try Ex.eval("false < true") == .bool(true))
        let row: [String: RowValue] = ["day": Ex.date("2024-03-05"), "at": Ex.timestamp("2024-03-05 14:30:00")]
        #expect(try Ex.eval("day > '2024-03-04' and day = '2024-03-05' and day < '2024-03-06'", row) == .bool(true))
        #expect(try Ex.eval("'2024-03-04' < day", row) == .bool(true))
        #expect(try Ex.eval("day = '05/03/2024'", row) == .bool(true))
        #expect(try Ex.eval("at > day and at < adddays(day, 1) and at = '2024-03-05 14:30'", row) == .bool(true))
        #expect(try Ex.eval("at > '2024-03-05T14:29:59'", row) == .bool(true))
        #expect(try Ex.eval("todate('05/03/2024 00:00', 'dd/MM/yyyy HH:mm') = day", row) == .bool(true))
        #expect(try Ex.eval("day in ('2024-03-05', '2024-03-06')", row) == .bool(true))
        #expect(Ex.error("day > 'mars'", row) == "expression 'day > 'mars'': 2024-03-05 > 'mars': 'mars' is not a date")
        #expect(Ex.error("x < 3", ["x": .string("abc")]) == "expression 'x < 3': 'abc' < 3: cannot compare a text with a number")
        #expect(Ex.error("x = true", ["x": .int(1)]) == "expression 'x = true': 1 = true: cannot compare a number with true or false")
        #expect(try Ex.eval("x = x", ["x": .double(.nan)]) == .bool(true))
        #expect(try Ex.eval("x > 1e300", ["x": .double(.nan)]) == .bool(true))
    }
}

// MARK: - Dates

@Suite("Expression dates")
struct ExpressionDateTests {
    @Test("date parts", arguments: [
        ("2024-02-29", 2024, 1, 2, 9, 29, 4),
        ("2024-01-01", 2024, 1, 1, 1, 1, 1),
        ("2024-01-07", 2024, 1, 1, 1, 7, 7),
        ("2021-01-03", 2021, 1, 1, 53, 3, 7),
        ("2020-12-31", 2020, 4, 12, 53, 31, 4),
        ("2024-12-30", 2024, 4, 12, 1, 30, 1),
        ("2026-01-01", 2026, 1, 1, 1, 1, 4),
        ("2027-01-03", 2027, 1, 1, 53, 3, 7),
        ("1969-12-31", 1969, 4, 12, 1, 31, 3),
        ("1900-03-01", 1900, 1, 3, 9, 1, 4),
    ])
    func parts(day: String, year: Int64, quarter: Int64, month: Int64, week: Int64, dayOfMonth: Int64, weekday: Int64) throws {
        let row: [String: RowValue] = ["d": Ex.date(day), "t": .string(day)]
        for field in ["d", "t"] {
            #expect(try Ex.eval("year(\(field))", row) == .int(year))
            #expect(try Ex.eval("quarter(\(field))", row) == .int(quarter))
            #expect(try Ex.eval("month(\(field))", row) == .int(month))
            #expect(try Ex.eval("week(\(field))", row) == .int(week))
            #expect(try Ex.eval("day(\(field))", row) == .int(dayOfMonth))
            #expect(try Ex.eval("weekday(\(field))", row) == .int(weekday))
        }
    }

    @Test("addmonths clamps to the end of the month", arguments: [
        ("2024-01-31", 1, "2024-02-29"),
        ("2023-01-31", 1, "2023-02-28"),
        ("2024-03-31", -1, "2024-02-29"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2024-02-29", 48, "2028-02-29"),
        ("2024-05-31", 1, "2024-06-30"),
        ("2024-01-15", -13, "2022-12-15"),
        ("2024-12-31", 2, "2025-02-28"),
        ("2000-02-29", -1200, "1900-02-28"),
        ("2024-06-15", 0, "2024-06-15"),
    ])
    func addMonths(day: String, months: Int, expected: String) throws {
        #expect(try Ex.eval("addmonths(d, \(months))", ["d": Ex.date(day)]) == Ex.date(expected))
    }

    @Test func calendarFunctions() throws {
        let row: [String: RowValue] = ["d": Ex.date("2024-02-29"), "t": Ex.timestamp("2024-01-31 08:30:00")]
        #expect(try Ex.eval("adddays(d, 1)", row) == Ex.date("2024-03-01"))
        #expect(try Ex.eval("adddays('2023-02-28', 1)") == Ex.date("2023-03-01"))
        #expect(try Ex.eval("adddays('2024-12-31', 1)") == Ex.date("2025-01-01"))
        #expect(try Ex.eval("adddays(d, -60)", row) == Ex.date("2023-12-31"))
        #expect(try Ex.eval("d + 1", row) == Ex.date("2024-03-01"))
        #expect(try Ex.eval("1 + d", row) == Ex.date("2024-03-01"))
        #expect(try Ex.eval("d - 29", row) == Ex.date("2024-01-31"))
        #expect(try Ex.eval("d - todate('2024-01-01')", row) == .int(59))
        #expect(try Ex.eval("monthstart(d)", row) == Ex.date("2024-02-01"))
        #expect(try Ex.eval("yearstart(d)", row) == Ex.date("2024-01-01"))
        #expect(try Ex.eval("monthstart(t)", row) == Ex.date("2024-01-01"))
        #expect(try Ex.eval("addmonths(t, 1)", row) == Ex.timestamp("2024-02-29 08:30:00"))
        #expect(try Ex.eval("adddays(t, 1)", row) == Ex.timestamp("2024-02-01 08:30:00"))
        #expect(try Ex.eval("year(t) * 100 + month(t)", row) == .int(202_401))
        #expect(try Ex.eval("date(2024, 2, 29)") == Ex.date("2024-02-29"))
        #expect(try Ex.eval("date(2000, 2, 29)") == Ex.date("2000-02-29"))
        #expect(try Ex.eval("date(2024, 12, 31) - date(2024, 1, 1)") == .int(365))
        #expect(Ex.error("date(2023, 2, 29)") == "expression 'date(2023, 2, 29)': date(2023, 2, 29): not a valid date")
        #expect(Ex.error("date(1900, 2, 29)") != nil)
        #expect(Ex.error("date(2024, 13, 1)") != nil)
        #expect(Ex.error("date(2024, 0, 1)") != nil)
        #expect(Ex.error("addmonths(d, 99999999999)", row) != nil)
        #expect(Ex.error("adddays(d, 9223372036854775807)", row) != nil)
        #expect(Ex.error("d + 9223372036854775807", row) != nil)
        #expect(try Ex.eval("today()") == Ex.date("2024-06-15"))
        #expect(try Ex.eval("addmonths(today(), -1)") == Ex.date("2024-05-15"))
        #expect(Ex.error("month('abc')") == "expression 'month('abc')': month('abc'): not a date")
        #expect(Ex.error("month(day)", ["day": .string("abc")]) == "expression 'month(day)': month('abc'): not a date")
        #expect(Ex.error("addmonths(d, 1)", ["d": .string("31/02/2024")]) == "expression 'addmonths(d, 1)': addmonths('31/02/2024', 1): '31/02/2024' is not a date")
        #expect(Ex.error("year(12)") == "expression 'year(12)': year(12): not a date")
        #expect(Ex.error("addmonths(d, 1.5)", row) == "expression 'addmonths(d, 1.5)': addmonths(2024-02-29, 1.5): 1.5 is not a whole number")
        #expect(try Ex.eval("addmonths(d, 2.0)", row) == Ex.date("2024-04-29"))
    }

    @Test("todate", arguments: [
        ("todate('05/03/2024', 'dd/MM/yyyy')", Ex.date("2024-03-05")),
        ("todate('5/3/2024', 'dd/MM/yyyy')", Ex.date("2024-03-05")),
        ("todate('05-03-2024', 'dd/MM/yyyy')", Ex.date("2024-03-05")),
        ("todate('05.03.2024', 'DD/MM/YYYY')", Ex.date("2024-03-05")),
        ("todate(' 2024-03-05 ', 'yyyy-MM-dd')", Ex.date("2024-03-05")),
        ("todate('29/02/24', 'dd/MM/yy')", Ex.date("2024-02-29")),
        ("todate('05/03/69', 'dd/MM/yy')", Ex.date("2069-03-05")),
        ("todate('05/03/70', 'dd/MM/yy')", Ex.date("1970-03-05")),
        ("todate('05/03/2024 14:30', 'dd/MM/yyyy HH:mm')", Ex.timestamp("2024-03-05 14:30:00")),
        ("todate('05/03/2024 14:30:15', 'dd/MM/yyyy HH:mm:ss')", Ex.timestamp("2024-03-05 14:30:15")),
        ("todate('05/03/2024', 'dd/MM/yyyy HH:mm')", Ex.timestamp("2024-03-05 00:00:00")),
        ("todate('2024-03-05T07:05:09', 'yyyy-MM-dd HH:mm:ss')", Ex.timestamp("2024-03-05 07:05:09")),
        ("todate('2024-03-05 7:05', 'yyyy-MM-dd HH:mm')", Ex.timestamp("2024-03-05 07:05:00")),
        ("todate('05/03/2024 00:00:00', 'dd/MM/yyyy')", Ex.date("2024-03-05")),
        ("todate('2024-03-05')", Ex.date("2024-03-05")),
        ("todate('05/03/2024')", Ex.date("2024-03-05")),
        ("todate('2024-03-05 23:59:59')", Ex.date("2024-03-05")),
        ("todate('', 'dd/MM/yyyy')", RowValue.null),
        ("todate(' ')", RowValue.null),
    ])
    func toDate(text: String, expected: RowValue) throws {
        #expect(try Ex.eval(text) == expected)
    }

    @Test func toDateFailures() throws {
        #expect(Ex.error("todate('31/02/2024', 'dd/MM/yyyy')") == "expression 'todate('31/02/2024', 'dd/MM/yyyy')': todate('31/02/2024', 'dd/MM/yyyy'): '31/02/2024' is not a date in the format 'dd/MM/yyyy'")
        #expect(Ex.error("todate('2024-03-05', 'dd/MM/yyyy')") != nil)
        #expect(Ex.error("todate('05/03/2024 25:00', 'dd/MM/yyyy HH:mm')") != nil)
        #expect(Ex.error("todate('05/03/2024 12:60', 'dd/MM/yyyy HH:mm')") != nil)
        #expect(Ex.error("todate('05/03/202', 'dd/MM/yyyy')") != nil)
        #expect(Ex.error("todate('05/03/20245', 'dd/MM/yyyy')") != nil)
        #expect(Ex.error("todate('05/03-2024', 'dd/MM/yyyy')") != nil)
        #expect(Ex.error("todate(x, f)", ["x": .string("05/03/2024"), "f": .string("MM/dd")]) == "expression 'todate(x, f)': todate('05/03/2024', 'MM/dd'): 'MM/dd' is not a date format (dd/MM/yyyy, yyyy-MM-dd or dd/MM/yy, optionally followed by HH:mm or HH:mm:ss)")
        #expect(Ex.error("todate(x, 'MM/dd/yyyy')")?.hasPrefix("expression 'todate(x, 'MM/dd/yyyy')': at column 11, expected a date format") == true)
    }
}

// MARK: - Texts

@Suite("Expression texts")
struct ExpressionTextTests {
    @Test("text functions", arguments: [
        ("upper('crèche Les Lilas')", "CRÈCHE LES LILAS"),
        ("lower('EHPAD Saint-Éloi')", "ehpad saint-éloi"),
        ("trim('  Optique  ')", "Optique"),
        ("trim('\u{00A0}Audio\u{202F}\t')", "Audio"),
        ("trim('   ')", ""),
        ("left('750012345', 2)", "75"),
        ("left('Hôpital', 2)", "Hô"),
        ("left('abc', 10)", "abc"),
        ("left('abc', 0)", ""),
        ("left('hello', -2)", "hel"),
        ("right('750012345', 3)", "345"),
        ("right('hello', -2)", "llo"),
        ("substr('2A004', 1, 2)", "2A"),
        ("substr('hello', 2, 3)", "ell"),
        ("substr('hello', 2)", "ello"),
        ("substr('hello', 4, 10)", "lo"),
        ("substr('hello', 9)", ""),
        ("substr('hello', 0, 2)", "h"),
        ("substr('hello', -3)", "llo"),
        ("substr('hello', -2, 1)", "l"),
        ("substr('hello', -10, 8)", "hel"),
        ("substr('hello', 2, 0)", ""),
        ("substr('Zoé', 3, 1)", "é"),
        ("replace('Centre dentaire', 'dentaire', 'optique')", "Centre optique"),
        ("replace('a-b-c', '-', '')", "abc"),
        ("replace('abc', '', 'x')", "abc"),
        ("concat('SSIAD', ' ', 12, ' ', 1.50, ' ', true)", "SSIAD 12 1.50 true"),
        ("structure & ' - ' & upper(name)", "Mutualité 13 - CRÈCHE DU PORT"),
        ("'Site ' & 12", "Site 12"),
        ("tostring(len('é'))", "1"),
    ])
    func textFunctions(text: String, expected: String) throws {
        let row: [String: RowValue] = ["structure": .string("Mutualité 13"), "name": .string("crèche du port")]
        #expect(try Ex.eval(text, row) == .string(expected))
    }

    @Test func predicatesAndLengths() throws {
        #expect(try Ex.eval("len('Hôpital')") == .int(7))
        #expect(try Ex.eval("len('')") == .int(0))
        #expect(try Ex.eval("len(12.30)") == .int(5))
        #expect(try Ex.eval("contains('Centre dentaire', 'dent')") == .bool(true))
        #expect(try Ex.eval("contains('Centre dentaire', 'Dent')") == .bool(false))
        #expect(try Ex.eval("contains('abc', '')") == .bool(true))
        #expect(try Ex.eval("startswith('2A004', '2A')") == .bool(true))
        #expect(try Ex.eval("startswith('02A004', '2A')") == .bool(false))
        #expect(Ex.error("substr('abc', 1, -1)") == "expression 'substr('abc', 1, -1)': substr('abc', 1, -1): the length must not be negative")
        #expect(Ex.error("left('abc', 'x')")?.contains("'x' is not a whole number") == true)
        #expect(Ex.error("'a' * 2") == "expression ''a' * 2': 'a' * 2: 'a' is not a number")
        #expect(Ex.error("-x", ["x": .string("a")]) == "expression '-x': -('a'): not a number")
    }
}

// MARK: - Parse errors and limits

@Suite("Expression parse errors")
struct ExpressionParseErrorTests {
    @Test("messages give the column, what was expected and what was found", arguments: [
        ("hours *", "at column 8, expected a value after '*'"),
        ("hours * )", "at column 9, expected a value after '*', found ')'"),
        ("", "at column 1, expected a value"),
        ("   ", "at column 4, expected a value"),
        ("(hours + 1", "at column 11, expected ')' to close the '(' at column 1"),
        ("hours > 0 xyz", "at column 11, expected an operator or the end of the expression, found 'xyz'"),
        ("hours > 0)", "at column 10, expected an operator or the end of the expression, found ')'"),
        ("1 < 2 < 3", "at column 7, expected an operator or the end of the expression, found '<'"),
        ("'abc", "at column 1, expected a closing ' for the text that starts here, found the end of the expression"),
        ("x & \"Code", "at column 5, expected a closing \" for the name that starts here, found the end of the expression"),
        ("[CA HT", "at column 1, expected a closing ] for the name that starts here, found the end of the expression"),
        ("\"\" + 1", "at column 1, expected a field name between \" and \""),
        ("a # b", "at column 3, expected a value, a name or an operator, found '#'"),
        ("a + 'b' 'c'", "at column 9, expected an operator or the end of the expression, found the text 'c'"),
        ("a [b]", "at column 3, expected an operator or the end of the expression, found the name [b]"),
        ("foo(1)", "at column 1, expected a function (year, quarter, month, week, day, weekday, monthstart, yearstart, addmonths, adddays, date, today, upper, lower, trim, left, right, substr, mid, index, len, replace, contains, startswith, concat, coalesce, alt, abs, round, floor, ceil, min, max, num, toint, todouble, todecimal, tostring, todate, or if), found 'foo'"),
        ("left('a')", "at column 1, expected 2 arguments for left(text, count), found 1"),
        ("x + substr('a')", "at column 5, expected 2 or 3 arguments for substr(text, start[, length]), found 1"),
        ("coalesce()", "at column 1, expected at least 1 argument for coalesce(value, …), found 0"),
        ("today(1)", "at column 1, expected 0 arguments for today(), found 1"),
        ("if(a, b)", "at column 1, expected 3 arguments for if(condition, then, else), found 2"),
        ("left('a' 2)", "at column 10, expected ',' or ')' after item 1 of left(text, count), found '2'"),
        ("x is 3", "at column 6, expected 'null' or 'not null' after 'is', found '3'"),
        ("x is not 3", "at column 10, expected 'null' after 'is not', found '3'"),
        ("x in 1", "at column 6, expected '(' after 'in', found '1'"),
        ("x in ()", "at column 7, expected a value in the list of 'in', found ')'"),
        ("x in (1, 2", "at column 11, expected ',' or ')' after item 2 of the list of 'in'"),
        ("x between 1 or 2", "at column 13, expected 'and' between the bounds of 'between', found 'or'"),
        ("case x then 1 end", "at column 8, expected 'when' after 'case', found 'then'"),
        ("case when x 1 end", "at column 13, expected 'then' after the condition of 'when', found '1'"),
        ("case when x then 1", "at column 19, expected 'when', 'else' or 'end' to finish the 'case' at column 1"),
        ("and", "at column 1, expected a value, found 'and'"),
        ("x and or", "at column 7, expected a value after 'and', found 'or'"),
        ("end + 1", "at column 1, expected a value, found 'end'"),
        ("1 + 99999999999999999999999999999999999999999", "at column 5, expected a number of at most 38 digits, found '99999999999999999999999999999999999999999'"),
        ("1e999", "at column 1, expected a number within the range of doubles, found '1e999'"),
        ("2e", "at column 2, expected an operator or the end of the expression, found 'e'"),
        ("1.2.3", "at column 4, expected an operator or the end of the expression, found '.3'"),
        ("todate(x, 'MM/dd/yyyy')", "at column 11, expected a date format (dd/MM/yyyy, yyyy-MM-dd or dd/MM/yy, optionally followed by HH:mm or HH:mm:ss), found the text 'MM/dd/yyyy'"),
        ("todecimal(x, -1)", "at column 14, expected a scale from 0 to 38, found '-'"),
        ("Établissement é", "at column 15, expected an operator or the end of the expression, found 'é'"),
        ("hours\n  * ", "at line 2, column 5, expected a value after '*'"),
        ("a +\r\n (b", "at line 2, column 4, expected ')' to close the '(' at line 2, column 2"),
    ])
    func messages(text: String, expected: String) {
        let escaped = text
        #expect(Ex.error(text) == "expression '\(escaped)': \(expected)")
    }

    @Test func parseErrorsAreSyntaxErrorsWithTheirPosition() {
        #expect(throws: ExpressionError(.syntax, "at column 8, expected a value after '*'", expression: "hours *",
                                        position: .init(offset: 7, line: 1, column: 8))) {
            try RowExpression("hours *")
        }
        #expect(throws: ExpressionError.self) { try RowExpression("hours >") }
        do {
            _ = try RowExpression("a +\n  * b")
        } catch {
            #expect(error.code == .syntax)
            #expect(error.position == .init(offset: 6, line: 2, column: 3))
            #expect(error.description == "expression 'a +\n  * b': at line 2, column 3, expected a value after '+', found '*'")
        }
        do {
            _ = try Ex.eval("month(x)", ["x": .string("x")])
        } catch {
            #expect(error.code == .value)
            #expect(error.message == "month('x'): not a date")
            #expect(error.expression == "month(x)")
            #expect(error.position == nil)
        }
    }

    @Test func nestingAndDepthAreBounded() throws {
        let deep = 10_000
        for text in [
            String(repeating: "(", count: deep) + "1" + String(repeating: ")", count: deep),
            String(repeating: "-", count: deep) + "1",
            String(repeating: "not ", count: deep) + "true",
            String(repeating: "abs(", count: deep) + "1" + String(repeating: ")", count: deep),
            String(repeating: "case when true then ", count: deep) + "1",
            "x" + String(repeating: " + x", count: deep),
            "x" + String(repeating: " & x", count: 300),
            "x" + String(repeating: " or x", count: 300),
        ] {
            #expect(throws: ExpressionError.self) { try RowExpression(text) }
        }
        // The deepest accepted expressions evaluate without exhausting the stack.
        let limit = ExpressionParser.maxDepth
        let chain = try RowExpression("x" + String(repeating: " + x", count: limit - 1))
        #expect(try chain.evaluate { _ in .int(1) } == .int(Int64(limit)))
        let nested = ExpressionParser.maxNesting
        let parentheses = try RowExpression(String(repeating: "abs(", count: nested - 1) + "x" + String(repeating: ")", count: nested - 1))
        #expect(try parentheses.evaluate { _ in .int(-2) } == .int(2))
        // Long runs of constants fold as they are read, so their depth stays 1.
        let constants = try RowExpression("1" + String(repeating: " + 1", count: 20_000))
        #expect(constants.constantValue == .int(20_001))
        let list = try RowExpression("x in (" + (1...5_000).map(String.init).joined(separator: ", ") + ")")
        #expect(try list.evaluate { _ in .int(4_999) } == .bool(true))
    }
}

// MARK: - Fuzzing

/// The shared seeded generator, with the draws the generated tests use.
typealias SeededRandom = SeededGenerator

extension SeededGenerator {
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }
}

@Suite("Expression fuzzing")
struct ExpressionFuzzTests {
    static let pieces = [
        "(", ")", ",", "+", "-", "*", "/", "%", "&", "=", "<>", "!=", "<", "<=", ">", ">=", "'", "''", "\"", "[", "]",
        " ", "  ", "\n", "x", "y", "hours", "Établissement", "[CA HT]", "\"Code établissement\"", "1", "0", "-1", "12.5",
        "1e3", "1e308", "9223372036854775807", "99999999999999999999999999999999999999", ".", "e", "and", "or", "not",
        "is", "null", "in", "between", "true", "false", "case", "when", "then", "else", "end", "if(", "month(", "week(",
        "addmonths(", "adddays(", "date(", "substr(", "left(", "right(", "todate(", "todecimal(", "toint(", "round(",
        "coalesce(", "concat(", "min(", "max(", "abs(", "upper(", "replace(", "len(", "'abc'", "'2024-02-29'",
        "'dd/MM/yyyy'", "'31/12/1999 23:59'", "'1 234,5'", "é", "#", "\u{0301}", "😀", "\\", "today()",
    ]

    /// Values at the edges of every kind, for the fields of fuzzed expressions.
    static let values: [RowValue] = [
        .null, .bool(true), .int(0), .int(-1), .int(.max), .int(.min), .decimal(.max, scale: 0), .decimal(.min, scale: 38),
        .decimal(-1, scale: 2), .decimal(5, scale: 40), .decimal(7, scale: -3), .double(.nan), .double(.infinity),
        .double(-0.0), .double(1e308), .string(""), .string("abc"), .string("2024-02-29"), .string("31/12/1999 23:59"),
        .string("1 234,5"), .date(.max), .date(.min), .date(0), .timestamp(.max), .timestamp(.min), .timestamp(-1),
    ]

    /// A random text of the language's grammar, not always well typed nor of the right arity.
    static func expression(_ random: inout SeededRandom, depth: Int) -> String {
        let leaves = ["x", "y", "[CA HT]", "\"Code établissement\"", "Établissement", "1", "0", "-3", "12.50", "2.5e0", "null",
                      "true", "'abc'", "'2024-01-31'", "'05/03/2024 14:30'", "9223372036854775807", "today()"]
        if depth == 0 || random.chance(0.25) { return random.pick(leaves) }
        let a = expression(&random, depth: depth - 1), b = expression(&random, depth: depth - 1)
        switch random.int(0...9) {
        case 0, 1: return "\(a) \(random.pick(["+", "-", "*", "/", "%", "&", "=", "<>", "<", ">=", "and", "or"])) \(b)"
        case 2: return "(\(a))"
        case 3: return random.pick(["-", "not ", "+"]) + a
        case 4: return "\(a) is \(random.chance(0.5) ? "not " : "")null"
        case 5: return "\(a) in (\(b), \(expression(&random, depth: depth - 1)))"
        case 6: return "\(a) between \(b) and \(expression(&random, depth: 0))"
        case 7: return "case when \(a) then \(b) else \(expression(&random, depth: 0)) end"
        default:
            let function = random.pick(ExpressionFunction.allCases)
            let count = random.chance(0.9) ? min(function.arity.upperBound, function.arity.lowerBound + random.int(0...1)) : random.int(0...4)
            let arguments = (0..<count).map { k in k == 0 ? a : k == 1 ? b : expression(&random, depth: depth - 1) }
            return "\(function.rawValue)(\(arguments.joined(separator: ", ")))"
        }
    }

    @Test("random texts parse or throw, and evaluate or throw, without crashing or hanging")
    func randomTexts() {
        var random = SeededRandom(seed: 0x5EED_2024)
        var parsed = 0, evaluated = 0
        for i in 0..<5_000 {
            var text = ""
            switch i % 4 {
            case 0:
                for _ in 0..<random.int(0...30) {
                    text.unicodeScalars.append(Unicode.Scalar(UInt8(random.int(9...126))))
                }
            case 1:
                for _ in 0..<random.int(1...24) { text += random.pick(Self.pieces) }
            default:
                // Grammatical texts, one in two with a piece inserted or removed somewhere.
                text = Self.expression(&random, depth: 4)
                if i % 4 == 3, !text.isEmpty {
                    var chars = Array(text)
                    let at = random.int(0...chars.count - 1)
                    if random.chance(0.5) { chars.remove(at: at) } else { chars.insert(contentsOf: random.pick(Self.pieces), at: at) }
                    text = String(chars)
                }
            }
            let expression: RowExpression
            do { expression = try RowExpression(text, today: { 19_800 }) } catch { continue }
            parsed += 1
            for _ in 0..<4 {
                do {
                    _ = try expression.evaluate { _ in random.pick(Self.values) }
                    evaluated += 1
                } catch {
                    #expect(!error.message.isEmpty)
                }
            }
        }
        // The generator must reach the evaluator often enough for the test to mean something.
        #expect(parsed > 500)
        #expect(evaluated > 500)
    }

    @Test("every function on values at the edges of every kind fails cleanly or succeeds")
    func functionsOnEdgeValues() {
        var outcomes = 0
        for function in ExpressionFunction.allCases where function != .today {
            let count = min(function.arity.upperBound, 3)
            let names = ["a", "b", "c"].prefix(count)
            let expression = try! RowExpression("\(function.rawValue)(\(names.joined(separator: ", ")))")
            for a in Self.values {
                for b in count > 1 ? Self.values : [.null] {
                    for c in count > 2 ? [RowValue.int(1), .int(-5), .string("x"), .null] : [.null] {
                        let row = ["a": a, "b": b, "c": c]
                        _ = try? expression.evaluate { row[$0] ?? .null }
                        outcomes += 1
                    }
                }
            }
        }
        for op in ["+", "-", "*", "/", "%", "&", "=", "<", "and", "or"] {
            let expression = try! RowExpression("a \(op) b")
            for a in Self.values {
                for b in Self.values {
                    _ = try? expression.evaluate { $0 == "a" ? a : b }
                    outcomes += 1
                }
            }
        }
        #expect(outcomes > 10_000)
    }
}

// MARK: - Oracle: DuckDB

/// Random well-typed expressions over the fields of `ExpressionOracleTests.rows`, each with its
/// DuckDB translation (`&` is `||`, `x / y` is `x / NULLIF(y, 0)` as Vigie gives null there…),
/// restricted to what both define the same way: ints and decimals (exact), texts without ß, dates.
struct OracleExpressionGenerator {
    typealias Pair = (vigie: String, duck: String)
    var random: SeededRandom

    static let texts = ["'crèche'", "'EHPAD'", "'e'", "'é'", "''", "'l''hôpital'", "'Optique Lyon'", "'2A'", "'centre'", "'ÉTÉ'"]

    private mutating func same(_ text: String) -> Pair { (text, text) }

    /// An int or a decimal.
    mutating func number(_ depth: Int) -> Pair {
        if depth == 0 || random.chance(0.25) {
            switch random.int(0...5) {
            case 0: return same(String(random.int(0...20)))
            case 1: return same("\(random.int(0...99)).\(random.int(0...9))\(random.int(0...9))")
            default: return same(random.pick(["i1", "i2", "d1", "d2"]))
            }
        }
        let a = number(depth - 1), b = number(depth - 1)
        switch random.int(0...21) {
        case 0, 1: return ("(\(a.vigie) + \(b.vigie))", "(\(a.duck) + \(b.duck))")
        case 2, 3: return ("(\(a.vigie) - \(b.vigie))", "(\(a.duck) - \(b.duck))")
        case 4, 5: return ("(\(a.vigie) * \(b.vigie))", "(\(a.duck) * \(b.duck))")
        case 6: return ("(\(a.vigie) % \(b.vigie))", "(\(a.duck) % NULLIF(\(b.duck), 0))")
        case 7: return ("-(\(a.vigie))", "-(\(a.duck))")
        case 8: return ("abs(\(a.vigie))", "abs(\(a.duck))")
        case 9:
            let k = random.int(0...2)
            return ("round(\(a.vigie), \(k))", "round(\(a.duck), \(k))")
        case 10: return ("floor(\(a.vigie))", "floor(\(a.duck))")
        case 11: return ("ceil(\(a.vigie))", "ceil(\(a.duck))")
        case 12: return ("coalesce(\(a.vigie), \(b.vigie))", "coalesce(\(a.duck), \(b.duck))")
        case 13: return ("min(\(a.vigie), \(b.vigie))", "least(\(a.duck), \(b.duck))")
        case 14: return ("max(\(a.vigie), \(b.vigie))", "greatest(\(a.duck), \(b.duck))")
        case 15:
            let c = condition(depth - 1)
            return ("if(\(c.vigie), \(a.vigie), \(b.vigie))", "(CASE WHEN \(c.duck) THEN \(a.duck) ELSE \(b.duck) END)")
        case 16:
            let c = condition(depth - 1)
            return ("case when \(c.vigie) then \(a.vigie) end", "(CASE WHEN \(c.duck) THEN \(a.duck) END)")
        case 17:
            let s = text(depth - 1)
            return ("len(\(s.vigie))", "length(\(s.duck))")
        case 18:
            let (ours, theirs) = random.pick([("year", "year"), ("quarter", "quarter"), ("month", "month"), ("day", "day"),
                                              ("week", "week"), ("weekday", "isodow")])
            let d = date(depth - 1)
            return ("\(ours)(\(d.vigie))", "\(theirs)(\(d.duck))")
        case 19:
            let d = date(depth - 1), e = date(depth - 1)
            return ("(\(d.vigie) - \(e.vigie))", "(\(d.duck) - \(e.duck))")
        case 20: return ("toint(\(a.vigie))", "CAST(\(a.duck) AS BIGINT)")
        default: return ("todecimal(\(a.vigie), 3)", "CAST(\(a.duck) AS DECIMAL(18, 3))")
        }
    }

    /// A number whose text both write alike (fields, ints, and sums of them), for `&`.
    mutating func printable() -> Pair {
        switch random.int(0...3) {
        case 0: return same(String(random.int(0...500)))
        case 1:
            let d = date(0)
            return ("year(\(d.vigie))", "year(\(d.duck))")
        default: return same(random.pick(["i1", "i2", "d1", "d2", "(i1 + d2)", "(d1 - d2)", "(i1 * i2)"]))
        }
    }

    mutating func text(_ depth: Int) -> Pair {
        if depth == 0 || random.chance(0.25) {
            return same(random.chance(0.6) ? random.pick(["s1", "s2"]) : random.pick(Self.texts))
        }
        let a = text(depth - 1)
        switch random.int(0...13) {
        case 0: return ("upper(\(a.vigie))", "upper(\(a.duck))")
        case 1: return ("lower(\(a.vigie))", "lower(\(a.duck))")
        case 2: return ("trim(\(a.vigie))", "trim(\(a.duck))")
        case 3, 4:
            let (f, k) = (random.pick(["left", "right"]), random.int(-3...6))
            return ("\(f)(\(a.vigie), \(k))", "\(f)(\(a.duck), \(k))")
        case 5:
            let (start, length) = (random.int(-7...8), random.int(0...6))
            return ("substr(\(a.vigie), \(start), \(length))", "substring(\(a.duck), \(start), \(length))")
        case 6:
            let start = random.int(-7...8)
            return ("substr(\(a.vigie), \(start))", "substring(\(a.duck), \(start))")
        case 7:
            let (x, y) = (random.pick(Self.texts), random.pick(Self.texts))
            guard x != "''" else { return a }
            return ("replace(\(a.vigie), \(x), \(y))", "replace(\(a.duck), \(x), \(y))")
        case 8, 9:
            let b = text(depth - 1)
            return ("\(a.vigie) & \(b.vigie)", "(\(a.duck) || \(b.duck))")
        case 10:
            let n = printable()
            return ("\(a.vigie) & \(n.vigie)", "(\(a.duck) || \(n.duck))")
        case 11:
            let b = text(depth - 1), n = printable()
            return ("concat(\(a.vigie), \(n.vigie), \(b.vigie))", "concat(\(a.duck), \(n.duck), \(b.duck))")
        case 12:
            let b = text(depth - 1)
            return ("coalesce(\(a.vigie), \(b.vigie))", "coalesce(\(a.duck), \(b.duck))")
        default:
            let d = date(depth - 1)
            return ("tostring(\(d.vigie))", "CAST(\(d.duck) AS VARCHAR)")
        }
    }

    mutating func date(_ depth: Int) -> Pair {
        if depth == 0 || random.chance(0.4) { return same(random.pick(["dt", "dt2"])) }
        let d = date(depth - 1)
        switch random.int(0...5) {
        case 0: return ("monthstart(\(d.vigie))", "CAST(date_trunc('month', \(d.duck)) AS DATE)")
        case 1: return ("yearstart(\(d.vigie))", "CAST(date_trunc('year', \(d.duck)) AS DATE)")
        case 2:
            let k = random.int(-30...30)
            return ("addmonths(\(d.vigie), \(k))", "CAST(\(d.duck) + to_months(\(k)) AS DATE)")
        case 3:
            let k = random.int(-400...400)
            return ("adddays(\(d.vigie), \(k))", "CAST(\(d.duck) + to_days(\(k)) AS DATE)")
        case 4:
            let k = random.int(-40...40)
            return ("(\(d.vigie) + \(k))", "(\(d.duck) + \(k))")
        default:
            let (y, m, day) = (random.int(1990...2030), random.int(1...12), random.int(1...28))
            return ("date(\(y), \(m), \(day))", "make_date(\(y), \(m), \(day))")
        }
    }

    mutating func condition(_ depth: Int) -> Pair {
        if depth == 0 || random.chance(0.2) { return same(random.chance(0.7) ? "b1" : random.pick(["true", "false", "null"])) }
        let op = random.pick(["=", "<>", "<", "<=", ">", ">="])
        switch random.int(0...12) {
        case 0, 1:
            let (a, b) = (number(depth - 1), number(depth - 1))
            return ("(\(a.vigie) \(op) \(b.vigie))", "(\(a.duck) \(op) \(b.duck))")
        case 2:
            let (a, b) = (text(depth - 1), text(depth - 1))
            return ("(\(a.vigie) \(op) \(b.vigie))", "(\(a.duck) \(op) \(b.duck))")
        case 3:
            let (d, y, m) = (date(depth - 1), random.int(1995...2025), random.int(1...12))
            let literal = "'\(y)-\(m < 10 ? "0" : "")\(m)-15'"
            return ("(\(d.vigie) \(op) \(literal))", "(\(d.duck) \(op) \(literal))")
        case 4:
            let (a, b) = (condition(depth - 1), condition(depth - 1))
            return ("(\(a.vigie) and \(b.vigie))", "(\(a.duck) AND \(b.duck))")
        case 5:
            let (a, b) = (condition(depth - 1), condition(depth - 1))
            return ("(\(a.vigie) or \(b.vigie))", "(\(a.duck) OR \(b.duck))")
        case 6:
            let a = condition(depth - 1)
            return ("not \(a.vigie)", "(NOT \(a.duck))")
        case 7:
            let a = random.chance(0.5) ? number(depth - 1) : text(depth - 1)
            let not = random.chance(0.5) ? "not " : ""
            return ("(\(a.vigie) is \(not)null)", "(\(a.duck) IS \(not)NULL)")
        case 8:
            let a = number(depth - 1)
            let items = (0..<random.int(1...3)).map { _ in random.chance(0.2) ? same("null") : number(0) }
            let not = random.chance(0.3) ? "not " : ""
            return ("(\(a.vigie) \(not)in (\(items.map(\.vigie).joined(separator: ", "))))",
                    "(\(a.duck) \(not)IN (\(items.map(\.duck).joined(separator: ", "))))")
        case 9:
            let (a, low, high) = (number(depth - 1), number(0), number(0))
            let not = random.chance(0.3) ? "not " : ""
            return ("(\(a.vigie) \(not)between \(low.vigie) and \(high.vigie))", "(\(a.duck) \(not)BETWEEN \(low.duck) AND \(high.duck))")
        case 10:
            let (a, part) = (text(depth - 1), random.pick(Self.texts))
            return ("contains(\(a.vigie), \(part))", "contains(\(a.duck), \(part))")
        case 11:
            let (a, part) = (text(depth - 1), random.pick(Self.texts))
            return ("startswith(\(a.vigie), \(part))", "starts_with(\(a.duck), \(part))")
        default:
            let (a, b) = (date(depth - 1), date(depth - 1))
            return ("(\(a.vigie) \(op) \(b.vigie))", "(\(a.duck) \(op) \(b.duck))")
        }
    }

    /// An expression of any kind; divisions only at the top, where a tolerance covers
    /// Vigie's 6 decimals against DuckDB's doubles.
    mutating func any() -> (Pair, division: Bool) {
        switch random.int(0...9) {
        case 0, 1, 2: return (number(3), false)
        case 3, 4: return (text(3), false)
        case 5: return (date(2), false)
        case 6:
            let (a, b) = (number(2), number(2))
            return (("\(a.vigie) / \(b.vigie)", "(\(a.duck) / NULLIF(\(b.duck), 0))"), true)
        default: return (condition(3), false)
        }
    }
}

@Suite("Expressions against DuckDB (oracle: duckdb)", .enabled(if: Oracle.isAvailable))
struct ExpressionOracleTests {
    /// Rows with every field null now and then; decimals DECIMAL(9,2), dates around month ends.
    static func rows(_ random: inout SeededRandom) -> [[String: RowValue]] {
        let texts = ["crèche", "EHPAD", "Optique Lyon", "centre dentaire", "  audio  ", "l'hôpital", "", "Zoé", "SSIAD 13",
                     "e", "ÉTÉ", "abc", "2A004", "75012", "Centre"]
        let days = (0..<40).map { _ in Int32(random.int(7305...22280)) }
            + ["2024-02-29", "2024-01-31", "2023-12-31", "2021-01-03", "2020-12-31"].map(Ex.day)
        return (0..<60).map { _ in
            var row: [String: RowValue] = [
                "i1": .int(Int64(random.int(-50...50))), "i2": .int(Int64(random.int(-50...50))),
                "d1": .decimal(Int128(random.int(-9_999...9_999)), scale: 2), "d2": .decimal(Int128(random.int(-9_999...9_999)), scale: 2),
                "s1": .string(random.pick(texts)), "s2": .string(random.pick(texts)),
                "dt": .date(random.pick(days)), "dt2": .date(random.pick(days)), "b1": .bool(random.chance(0.5)),
            ]
            for key in row.keys where random.chance(0.12) { row[key] = .null }
            return row
        }
    }

    static let columns = [("i1", "BIGINT"), ("i2", "BIGINT"), ("d1", "DECIMAL(9,2)"), ("d2", "DECIMAL(9,2)"), ("s1", "VARCHAR"),
                          ("s2", "VARCHAR"), ("dt", "DATE"), ("dt2", "DATE"), ("b1", "BOOLEAN")]

    static func sqlLiteral(_ value: RowValue) -> String {
        switch value {
        case .null: "NULL"
        case let .date(d): "DATE '\(ExpressionCalendar.dateText(Int64(d)))'"
        default: value.description
        }
    }

    /// Runs each query as `SELECT query FROM t ORDER BY rid`; per query, [kind, text] per row or an error.
    static let script = #"""
    import sys, json, decimal, datetime, duckdb
    request = json.load(sys.stdin)
    con = duckdb.connect()
    for statement in request["setup"]:
        con.execute(statement)
    def encode(v):
        if v is None: return ["null", ""]
        if isinstance(v, bool): return ["bool", "true" if v else "false"]
        if isinstance(v, int): return ["int", str(v)]
        if isinstance(v, decimal.Decimal): return ["decimal", format(v, "f")]
        if isinstance(v, float): return ["double", repr(v)]
        if isinstance(v, str): return ["string", v]
        if isinstance(v, datetime.datetime): return ["timestamp", v.isoformat(sep=" ")]
        if isinstance(v, datetime.date): return ["date", v.isoformat()]
        return ["other", repr(v)]
    results = []
    for query in request["queries"]:
        try:
            rows = con.execute("SELECT " + query + " FROM t ORDER BY rid").fetchall()
            results.append({"values": [encode(r[0]) for r in rows]})
        except Exception as e:
            results.append({"error": str(e).splitlines()[0]})
    json.dump(results, sys.stdout)
    """#

    static func duckDB(setup: [String], queries: [String]) throws -> [[String: Any]] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Oracle.python ?? "python3")
        process.arguments = ["-c", script]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: ["setup": setup, "queries": queries]))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let results = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw Oracle.Failure(description: "the DuckDB script failed: \(String(decoding: message, as: UTF8.self))")
        }
        return results
    }

    /// Whether Vigie's value is DuckDB's [kind, text]; quotients within 1e-6 (Vigie rounds them to 6 decimals).
    static func agree(_ ours: RowValue, _ kind: String, _ text: String, division: Bool) -> Bool {
        switch kind {
        case "null": return ours.isNull
        case "bool", "string", "date": return ours.text == text && !(ours.isNull)
        case "int", "decimal":
            return (try? RowValue.compare(ours, Ex.decimal(text))) == 0
        case "double":
            guard let x = ours.doubleNumber, let y = Double(text) else { return false }
            return abs(x - y) <= (division ? 6e-7 : 0) + 1e-12 * abs(y)
        default: return false
        }
    }

    @Test("generated expressions give DuckDB's values on random rows")
    func generatedExpressions() throws {
        var random = SeededRandom(seed: 0xD0C_DB)
        let rows = Self.rows(&random)
        var generator = OracleExpressionGenerator(random: random)
        let expressions = (0..<600).map { _ in generator.any() }

        let values = rows.enumerated().map { index, row in
            "(\(index), " + Self.columns.map { Self.sqlLiteral(row[$0.0] ?? .null) }.joined(separator: ", ") + ")"
        }
        let setup = ["CREATE TABLE t (rid INTEGER, " + Self.columns.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + ")",
                     "INSERT INTO t VALUES " + values.joined(separator: ", ")]
        let results = try Self.duckDB(setup: setup, queries: expressions.map(\.0.duck))
        try #require(results.count == expressions.count)

        var compared = 0, refused: [String] = [], mismatches: [String] = []
        for ((pair, division), result) in zip(expressions, results) {
            let expression = try RowExpression(pair.vigie, today: { Ex.today })
            guard let theirs = result["values"] as? [[String]] else {
                // DuckDB refused the query (an overflow on some row): Vigie must fail on a row too.
                refused.append("\(pair.duck): \(result["error"] ?? "")")
                let failures = rows.filter { row in (try? expression.evaluate { row[$0] ?? .null }) == nil }
                if failures.isEmpty { mismatches.append("\(pair.vigie): DuckDB failed (\(result["error"] ?? "")), Vigie did not") }
                continue
            }
            for (row, their) in zip(rows, theirs) {
                compared += 1
                do {
                    let ours = try expression.evaluate { row[$0] ?? .null }
                    if !Self.agree(ours, their[0], their[1], division: division) {
                        mismatches.append("\(pair.vigie) on \(row): Vigie \(ours), DuckDB \(their[1]) (\(their[0])) [\(pair.duck)]")
                    }
                } catch {
                    mismatches.append("\(pair.vigie) on \(row): Vigie failed (\(error)), DuckDB \(their[1]) [\(pair.duck)]")
                }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) differences, the first: \(mismatches.prefix(5).joined(separator: "\n"))")
        #expect(refused.count <= expressions.count / 20, "DuckDB refused \(refused.count): \(refused.prefix(5))")
        #expect(compared >= 30_000)
    }
}

// MARK: - Documentation

@Suite("Expression documentation")
struct ExpressionDocumentationTests {
    /// The tables of a section of docs/ingest-expressions.md, each a list of rows of cells (header and rule left out).
    static func tables(inSection title: String) throws -> [[[String]]] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/ingest-expressions.md").path
        let document = try String(contentsOfFile: path, encoding: .utf8)
        let parts = document.components(separatedBy: "## \(title)\n")
        try #require(parts.count == 2, "no section '\(title)' in \(path)")
        let section = parts[1].components(separatedBy: "\n## ")[0]
        var tables: [[[String]]] = [], table: [[String]] = []
        for line in section.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.hasPrefix("|") else {
                if !table.isEmpty { tables.append(Array(table.dropFirst())) }
                table = []
                continue
            }
            if line.hasPrefix("|---") { continue }
            table.append(line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: ["`"]) })
        }
        if !table.isEmpty { tables.append(Array(table.dropFirst())) }
        return tables
    }

    @Test("the worked examples give the values the documentation shows")
    func workedExamples() throws {
        let tables = try Self.tables(inSection: "Worked examples")
        try #require(tables.count == 2)
        var row: [String: RowValue] = [:]
        for cells in tables[0] {
            row[cells[0]] = try RowExpression(cells[1]).evaluate { _ in .null }
        }
        #expect(row.count >= 10)
        for cells in tables[1] {
            let value = try Ex.expression(cells[0]).evaluate { row[$0] ?? .null }
            #expect(value.description == cells[1], "\(cells[0])")
        }
        #expect(tables[1].count >= 20)
    }

    @Test("the formatting examples give the texts the documentation shows")
    func formattingExamples() throws {
        let tables = try Self.tables(inSection: "Formatting")
        try #require(tables.count == 1 && tables[0].count >= 12)
        for cells in tables[0] {
            let value = try RowExpression(cells[0]).evaluate { _ in .null }
            #expect(value == .string(cells[1]), "\(cells[0]) gives \(value)")
        }
    }

    @Test("index, mid and alt")
    func textPositions() throws {
        let cases: [(String, RowValue)] = [
            ("index('a-b-c', '-')", .int(2)), ("index('a-b-c', '-', 2)", .int(4)), ("index('a-b-c', '-', -1)", .int(4)),
            ("index('a-b-c', '-', 3)", .int(0)), ("index('abc', '')", .int(0)), ("mid('750012345', 3, 3)", .string("001")),
            ("alt(null, 'x', 2, 3)", .int(2)), ("alt('x', 'y')", .string("y")), ("alt(null)", .null),
        ]
        for (text, expected) in cases {
            #expect(try RowExpression(text).evaluate { _ in .null } == expected, "\(text)")
        }
    }
}
