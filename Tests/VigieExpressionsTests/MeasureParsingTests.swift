// Parsing measures (docs/expressions.md): aggregations with their
// qualifiers, set analysis, Aggr and Rank. Each accepted text is written
// back in canonical form (`description`), which must parse to the same tree;
// each refused text gives its position and what was expected. Row
// expressions refuse aggregations. No evaluation here: the engine does it.

import Foundation
import Testing
@testable import VigieExpressions

@Suite("Measure parsing")
struct MeasureParsingTests {
    /// The canonical text of `text`, checked to parse back to the same tree.
    static func canonical(_ text: String) throws -> String {
        let measure = try MeasureExpression(text)
        let again = try MeasureExpression(measure.canonical)
        #expect(again.root == measure.root, "\(text) → \(measure.canonical)")
        return measure.canonical
    }

    @Test("canonical forms", arguments: [
        ("Sum(Amount)", "Sum(Amount)"),
        ("sum(amount) / count(distinct PatientId)", "Sum(amount) / Count(distinct PatientId)"),
        ("Sum({<Year={2016}>} Amount)", "Sum({<Year={2016}>} Amount)"),
        ("Sum({1} Amount)", "Sum({1} Amount)"),
        ("Sum({$} Amount)", "Sum({$} Amount)"),
        ("Sum({<Year={\">=2015<=2017\"}>} Amount)", "Sum({<Year={\">=2015<=2017\"}>} Amount)"),
        ("Sum({<Region={'Bretagne','Pays de la Loire'}>} Amount)", "Sum({<Region={'Bretagne', 'Pays de la Loire'}>} Amount)"),
        ("Sum({<Region=>} Amount)", "Sum({<Region=>} Amount)"),
        ("Sum({<Region= , Year={2016}>} Amount)", "Sum({<Region=, Year={2016}>} Amount)"),
        ("Sum({<Year+={2016}>} Amount)", "Sum({<Year+={2016}>} Amount)"),
        ("Sum({<Year-={2016}>} Amount)", "Sum({<Year-={2016}>} Amount)"),
        ("Sum({<Year*={2016, 2017}>} Amount)", "Sum({<Year*={2016, 2017}>} Amount)"),
        ("Sum({<Year/={2016}>} Amount)", "Sum({<Year/={2016}>} Amount)"),
        ("Sum({<Year={$(=Max(Year)-1)}>} Amount)", "Sum({<Year={$(=Max(Year) - 1)}>} Amount)"),
        ("Sum({<Établissement={\"Crèche*\"}>} Heures)", "Sum({<Établissement={\"Crèche*\"}>} Heures)"),
        ("Sum({<[Type de structure]={'EHPAD'}, Year={}>} Amount)", "Sum({<[Type de structure]={'EHPAD'}, Year={}>} Amount)"),
        ("Sum({1<Region={'Bretagne'}>} Amount)", "Sum({1<Region={'Bretagne'}>} Amount)"),
        ("Sum({BM01} Amount)", "Sum({BM01} Amount)"),
        ("Sum({[Budget 2025]<Year={2025}>} Amount)", "Sum({[Budget 2025]<Year={2025}>} Amount)"),
        ("Sum({1-$} Amount)", "Sum({1-$} Amount)"),
        ("Sum({-$} Amount)", "Sum({-$} Amount)"),
        ("Sum({$ + 1 * BM01} Amount)", "Sum({$+1*BM01} Amount)"),
        ("Sum({($ + 1) * BM01} Amount)", "Sum({($+1)*BM01} Amount)"),
        ("Sum({$ - (1 - BM01)} Amount)", "Sum({$-(1-BM01)} Amount)"),
        ("Sum({$<Year={2016}> + 1<Year={2017}>} Amount)", "Sum({$<Year={2016}>+1<Year={2017}>} Amount)"),
        ("Sum({<Amount={-3, 12.50, 0.5e0}>} Amount)", "Sum({<Amount={-3, 12.50, 0.5e0}>} Amount)"),
        ("Sum(total Amount)", "Sum(total Amount)"),
        ("Sum(total <Region, Year> Amount)", "Sum(total <Region, Year> Amount)"),
        ("Sum(all Amount)", "Sum(all Amount)"),
        ("Sum({1} distinct total Amount * 2)", "Sum({1} distinct total Amount * 2)"),
        ("Sum(total)", "Sum([total])"),
        ("Count(*)", "Count(*)"),
        ("Count({<Year={2016}>} *)", "Count({<Year={2016}>} *)"),
        ("Count(distinct PatientId)", "Count(distinct PatientId)"),
        ("Avg(Amount)", "Avg(Amount)"),
        ("Min(Amount)", "Min(Amount)"),
        ("Max(Amount, 2)", "Max(Amount, 2)"),
        ("Median(Amount)", "Median(Amount)"),
        ("Fractile(Amount, 0.9)", "Fractile(Amount, 0.9)"),
        ("StDev(Amount)", "StDev(Amount)"),
        ("Only(Region)", "Only(Region)"),
        ("Concat(distinct Region, ', ')", "Concat(distinct Region, ', ')"),
        ("FirstSortedValue(Establishment, -Amount)", "FirstSortedValue(Establishment, -Amount)"),
        ("Sum(max(Hours, 0))", "Sum(max(Hours, 0))"),
        ("Sum(if(Activity = 'crèche', Hours, 0)) / Sum(HoursOffered)", "Sum(if(Activity = 'crèche', Hours, 0)) / Sum(HoursOffered)"),
        ("Avg(Aggr(Sum(Amount), Establishment))", "Avg(Aggr(Sum(Amount), Establishment))"),
        ("Aggr({1} nodistinct Sum(Amount), Region, Year)", "Aggr({1} nodistinct Sum(Amount), Region, Year)"),
        ("Aggr(distinct Sum(Amount), Region)", "Aggr(Sum(Amount), Region)"),
        ("Rank(Sum(Amount))", "Rank(Sum(Amount))"),
        ("Rank(total Sum(Amount), 1, 2)", "Rank(total Sum(Amount), 1, 2)"),
        ("Sum({<Year={2016}>} Amount) - Sum({<Year={2015}>} Amount)", "Sum({<Year={2016}>} Amount) - Sum({<Year={2015}>} Amount)"),
        ("(Sum(a) - Sum(b)) / Sum(b)", "(Sum(a) - Sum(b)) / Sum(b)"),
        ("if(Sum(Amount) > 0, Sum(Margin) / Sum(Amount), null)", "if(Sum(Amount) > 0, Sum(Margin) / Sum(Amount), null)"),
        ("Sum(Amount) * (1 + 5.5 / 100)", "Sum(Amount) * 1.055000"),
        ("Region & ': ' & Sum(Amount)", "Region & ': ' & Sum(Amount)"),
    ])
    func canonicalForms(text: String, expected: String) throws {
        #expect(try Self.canonical(text) == expected)
    }

    @Test("row-level operators and constants read back the same", arguments: [
        "a - (b - c)", "a - b - c", "(a + b) * c", "a * (b / c) % d", "-(a + b)", "- -a", "a & (b & c)",
        "not (a and b)", "not not a", "a or (b or c)", "(a or b) and c", "(a < b) = c", "a + 1 is not null",
        "(a = b) is null", "a not in (1, 2, null)", "a between 1 and 2 and b", "a not between b - 1 and b + 1",
        "case when a then 1 when b then 2 else 3 end", "case a when 1 then 'un' end", "if(a, b, c)",
        "date(2024, 2, 29) + 1", "todate('2024-03-05 14:30:00')", "todate('2024-03-05 14:30:00', 'yyyy-MM-dd HH:mm:ss')",
        "0.1e0 + a", "1e-05 * a", "-2.5e0 * a", "a - -5", "[end] + [Code établissement] + [a]]b]", "\"total\" + distinct_x",
        "99999999999999999999 + a", "'l''hôpital' & a", "upper(a) & lower(b)", "today() - a",
    ])
    func rowLevelRoundTrip(text: String) throws {
        let row = try RowExpression(text)
        let again = try RowExpression(row.root.description)
        #expect(again.root == row.root, "\(text) → \(row.root.description)")
        #expect(try Self.canonical(text) == row.root.description)
    }

    @Test func treeShape() throws {
        let measure = try MeasureExpression("Sum({$<Year={$(=Max(Year)-1)}, Region={'Bretagne'}>} distinct total <Region> Amount) / Count(*)")
        guard case let .arithmetic(.divide, .aggregation(sum), .aggregation(count)) = measure.root else {
            Issue.record("\(measure.root)")
            return
        }
        #expect(sum.function == .sum && sum.distinct && sum.total == ["Region"] && !sum.all)
        #expect(sum.arguments == [.field("Amount")])
        let lastYear = ExpressionNode.arithmetic(.subtract, .aggregation(Aggregation(.max, arguments: [.field("Year")])), .constant(.int(1)))
        #expect(sum.set == .selection(.current, [
            SetModifier(field: "Year", values: [.expansion(lastYear)]),
            SetModifier(field: "Region", values: [.text("Bretagne")]),
        ]))
        #expect(count == Aggregation(.count, arguments: []))
        #expect(measure.aggregations.map(\.function) == [.sum, .count])
        #expect(measure.fields == ["Year", "Region", "Amount"])
        #expect(!measure.root.isRowLevel)
        let argumentsAreRowLevel = sum.arguments.allSatisfy { $0.isRowLevel }
        #expect(argumentsAreRowLevel)

        let nested = try MeasureExpression("Avg({1} Aggr(Sum(Amount), Establishment)) + Rank(Sum(Hours))")
        #expect(nested.aggregations.map(\.function) == [.avg])
        guard case let .arithmetic(.add, .aggregation(avg), .rank(rank)) = nested.root,
              case let .aggr(aggr) = avg.arguments.first else {
            Issue.record("\(nested.root)")
            return
        }
        #expect(avg.set == .selection(.all, []))
        #expect(aggr.dimensions == ["Establishment"] && aggr.measure.aggregations.map(\.function) == [.sum])
        #expect(rank.measure == .aggregation(Aggregation(.sum, arguments: [.field("Hours")])))

        let sets = try MeasureExpression("Sum({1 - $ * BM01 + -BM02} x)")
        #expect(sets.aggregations.first?.set == .operation(.union,
                                                          .operation(.exclusion, .selection(.all, []),
                                                                     .operation(.intersection, .selection(.current, []), .selection(.named("BM01"), []))),
                                                          .complement(.selection(.named("BM02"), []))))
        let modifiers = try MeasureExpression("Sum({<A=, B+={1}, C-={'x'}, D*={\"y*\"}, E/={2.5}>} x)")
        #expect(modifiers.aggregations.first?.set == .selection(nil, [
            SetModifier(field: "A", values: nil),
            SetModifier(field: "B", combining: .union, values: [.number(.int(1))]),
            SetModifier(field: "C", combining: .exclusion, values: [.text("x")]),
            SetModifier(field: "D", combining: .intersection, values: [.search("y*")]),
            SetModifier(field: "E", combining: .symmetricDifference, values: [.number(.decimal(25, scale: 1))]),
        ]))
    }

    @Test("the examples of the engine's issue parse", arguments: [
        "Sum(Amount) / Count(distinct PatientId)", "Sum({<Year={2016}>} Amount)", "Sum({1} Amount)", "Sum({$} Amount)",
        "Sum({<Year={\">=2015<=2017\"}>} Amount)", "Sum({<Region={'Bretagne','Pays de la Loire'}>} Amount)",
        "Sum({<Region=>} Amount)", "Sum({<Year+={2016}>} Amount)", "Sum({<Year-={2016}>} Amount)", "Sum({<Year*={2016}>} Amount)",
        "Sum({<Year={$(=Max(Year)-1)}>} Amount)", "Avg(Amount) + Min(Amount) + Max(Amount) + Median(Amount) + Fractile(Amount, 0.25)",
        "StDev(Amount) & Only(Region) & Concat(Region, ', ') & FirstSortedValue(Region, -Amount)",
        "Sum(Aggr(Sum(Amount), Region))", "Rank(Sum(Amount))",
    ])
    func issueExamples(text: String) throws {
        _ = try Self.canonical(text)
    }
}

@Suite("Measure parse errors")
struct MeasureParseErrorTests {
    static func error(_ text: String) -> ExpressionError? {
        do {
            _ = try MeasureExpression(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("messages give the position, what was expected and what was found", arguments: [
        ("Sum({<Year={2016}> Amount)", "at column 20, expected '}' to close the set at column 5, found 'Amount'"),
        ("Sum({<Year={2016}} Amount)", "at column 18, expected ',' or '>' to close the modifiers at column 6, found '}'"),
        ("Sum({<Year={2016>} Amount)", "at column 17, expected ',' or '}' to close the values of Year at column 12, found '>'"),
        ("Sum({<Year 2016>} Amount)", "at column 12, expected '=', '+=', '-=', '*=' or '/=' after the field Year, found '2016'"),
        ("Sum({<Year+>} Amount)", "at column 11, expected '=', '+=', '-=', '*=' or '/=' after the field Year, found '+'"),
        ("Sum({<Year+=>} Amount)", "at column 13, expected '{' and the values of Year, found '>'"),
        ("Sum({<Year=2016>} Amount)", "at column 12, expected '{' and the values of Year, or ',' or '>' to clear its selection, found '2016'"),
        ("Sum({<'Year'={2016}>} Amount)", "at column 7, expected a field name in a set modifier (Field = {values}), found the text 'Year'"),
        ("Sum({<Year={x}>} Amount)", "at column 13, expected a value of Year: a number, a 'text', a \"search\" or $(=expression), found 'x'"),
        ("Sum({<Year={-'x'}>} Amount)", "at column 14, expected a number after '-', found the text 'x'"),
        ("Sum({<Year={$(Max(Year))}>} Amount)", "at column 15, expected '=' after '$(' (a dollar expansion is $(=expression); variables are not supported), found 'Max'"),
        ("Sum({<Year={$(=Max(Year)}>} Amount)", "at column 25, expected ')' to close the '$(' at column 13, found '}'"),
        ("Sum({2} Amount)", "at column 6, expected a set: 1, $, a bookmark name or <modifiers>, found '2'"),
        ("Sum({} Amount)", "at column 6, expected a set: 1, $, a bookmark name or <modifiers>, found '}'"),
        ("Sum({1 +} Amount)", "at column 9, expected a set (1, $, a bookmark name or <modifiers>) after '+', found '}'"),
        ("Sum({(1 + $} Amount)", "at column 12, expected ')' to close the '(' at column 6, found '}'"),
        ("Sum({1} Amount", "at column 15, expected ',' or ')' to close Sum( at column 1"),
        ("Sum(Amount, 2)", "at column 1, expected 1 argument for Sum([{set}] [distinct] [total] value), found 2"),
        ("Fractile(Amount)", "at column 1, expected 2 arguments for Fractile([{set}] [distinct] [total] value, fraction), found 1"),
        ("FirstSortedValue(a)", "at column 1, expected 2 to 3 arguments for FirstSortedValue([{set}] [distinct] [total] value, sort weight[, rank]), found 1"),
        ("Max(distinct Amount)", "at column 5, expected a value (Max takes no 'distinct'), found 'distinct'"),
        ("Sum(total <Region Amount)", "at column 19, expected ',' or '>' after field 1 of 'total <…>', found 'Amount'"),
        ("Sum(Count(x))", "at column 5, expected a row-level value in Sum() (an aggregation of aggregations goes through Aggr()), found 'Count'"),
        ("Sum(Rank(x))", "at column 5, expected a row-level value in Sum() (an aggregation of aggregations goes through Aggr()), found 'Rank'"),
        ("Aggr(Sum(x))", "at column 12, expected ',' and a dimension after the measure of Aggr(measure, dimension, …), found ')'"),
        ("Aggr(Sum(x), 1)", "at column 14, expected a field name in the dimensions of Aggr(measure, dimension, …), found '1'"),
        ("Rank()", "at column 1, expected 1 to 3 arguments for Rank([total] measure[, mode[, format]]), found 0"),
        ("Sum(x) +", "at column 9, expected a value after '+'"),
        ("Sum(x) {1}", "at column 8, expected an operator or the end of the expression, found '{'"),
        ("Sum(x)\n  + Sum({<Year={2016}> x)", "at line 2, column 24, expected '}' to close the set at line 2, column 9, found 'x'"),
    ])
    func messages(text: String, expected: String) {
        let error = Self.error(text)
        #expect(error?.message == expected)
        #expect(error?.code == .syntax)
        #expect(error?.description == "expression '\(text)': \(expected)")
    }

    @Test func positionsAreStructured() {
        let error = Self.error("Sum({<Year={2016}> Amount)")
        #expect(error?.position == .init(offset: 19, line: 1, column: 20))
    }

    @Test("nesting in sets is bounded")
    func nestingIsBounded() {
        let deep = 10_000
        for text in [
            "Sum({" + String(repeating: "(", count: deep) + "1" + String(repeating: ")", count: deep) + "} x)",
            "Sum({" + String(repeating: "-", count: deep) + "1} x)",
            String(repeating: "Sum({<Y={$(=", count: deep) + "1",
            String(repeating: "Aggr(", count: deep) + "x",
        ] {
            #expect(Self.error(text)?.code == .syntax)
        }
    }
}

@Suite("Row expressions refuse aggregations")
struct RowAggregationTests {
    @Test("pipelines name the aggregation and where it is", arguments: [
        ("Sum(hours)", "at column 1, Sum() is an aggregation; pipelines compute one row at a time"),
        ("hours / count(distinct patient)", "at column 9, Count() is an aggregation; pipelines compute one row at a time"),
        ("avg({1} x)", "at column 1, Avg() is an aggregation; pipelines compute one row at a time"),
        ("1 + Aggr(Sum(x), y)", "at column 5, Aggr() is an aggregation; pipelines compute one row at a time"),
        ("RANK(x)", "at column 1, Rank() is an aggregation; pipelines compute one row at a time"),
    ])
    func refused(text: String, expected: String) {
        do {
            _ = try RowExpression(text)
            Issue.record("\(text) parsed as a row expression")
        } catch {
            #expect(error.code == .aggregation)
            #expect(error.message == expected)
            #expect(error.description == "expression '\(text)': \(expected)")
        }
    }

    @Test func minMaxAndConcatStayRowFunctions() throws {
        #expect(try RowExpression("max(a, b)").evaluate { $0 == "a" ? .int(1) : .int(2) } == .int(2))
        #expect(try RowExpression("min(a)").evaluate { _ in .int(7) } == .int(7))
        #expect(try RowExpression("concat(a, 'x')").evaluate { _ in .string("b") } == .string("bx"))
        // Braces and dollars are not tokens of row expressions: their messages are the ones pipelines always had.
        #expect(throws: ExpressionError(.syntax, "at column 3, expected a value, a name or an operator, found '{'", expression: "a {",
                                        position: .init(offset: 2, line: 1, column: 3))) { try RowExpression("a {") }
    }

    @Test func theRowEvaluatorRefusesMeasureNodes() throws {
        let measure = try MeasureExpression("Sum(x) + 1")
        #expect(throws: ExpressionError(.aggregation, "Sum() is an aggregation; pipelines compute one row at a time")) {
            try measure.root.evaluate({ _ in .int(1) }, today: { 0 })
        }
        let rowPart = try MeasureExpression("if(a > 0, a * 2, 0)")
        #expect(rowPart.root.isRowLevel)
        #expect(try rowPart.root.evaluate({ _ in .int(3) }, today: { 0 }) == .int(6))
    }
}

@Suite("Measure documentation")
struct MeasureDocumentationTests {
    static func document() throws -> String {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/expressions.md").path
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test("every measure of the examples parses, and every error shown is the one given")
    func examplesAndErrors() throws {
        let document = try Self.document()
        let examples = document.components(separatedBy: "## Examples\n")[1].components(separatedBy: "\n## ")[0]
        var parsed = 0
        for line in examples.split(separator: "\n") where line.hasPrefix("| `") {
            let measure = String(line.split(separator: "|")[0].trimmingCharacters(in: .whitespaces).dropFirst().dropLast())
            _ = try MeasureParsingTests.canonical(measure)
            parsed += 1
        }
        #expect(parsed >= 9)
        let errors = document.components(separatedBy: "## Errors\n")[1].components(separatedBy: "\n## ")[0]
        var checked = 0
        for line in errors.split(separator: "\n") where line.hasPrefix("expression '") {
            let text = String(line.dropFirst("expression '".count).components(separatedBy: "': at ")[0])
            // Aggregations refused in pipelines are shown as pipelines see them: row expressions.
            let inPipeline = line.hasSuffix("pipelines compute one row at a time")
            do {
                _ = inPipeline ? try RowExpression(text).text : try MeasureExpression(text).text
                Issue.record("'\(text)' parsed")
            } catch {
                #expect(error.description == line)
            }
            checked += 1
        }
        #expect(checked >= 5)
    }
}
