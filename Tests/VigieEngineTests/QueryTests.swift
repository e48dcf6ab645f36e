// Hypercubes on the small model of SelectionTests, with answers worked out by hand.

import Foundation
import Testing
import VigieExpressions
import VigieTestSupport
@testable import VigieEngine

@Suite("Hypercubes")
struct QueryTests {
    static func cube(_ model: DataModel, _ dimensions: [String], sort: [SortKey] = [], limit: Int? = nil,
                     suppressNulls: Bool = false) throws -> Hypercube {
        Hypercube(dimensions: try dimensions.map { try model.resolve($0) },
                  measures: [Measure("Amount", FieldAggregation(.sum, try model.resolve("Amount"))),
                             Measure("Establishments", FieldAggregation(.countDistinct, try model.resolve("Activity.Establishment")))],
                  sort: sort, limit: limit, suppressNulls: suppressNulls)
    }

    @Test("a dimension two tables away, sorted by measure, with the null line and totals over the rows")
    func byRegion() throws {
        let model = try SmallModel.make()
        let result = try model.query(try Self.cube(model, ["Region"], sort: [.measure(0, descending: true)]))
        #expect(result.lines.map(\.dimensionTexts) == [["Bretagne"], ["Normandie"], [nil]])
        #expect(result.lines.map(\.numbers) == [[350.5, 2], [75, 1], [11, 1]])
        // The total's distinct count is over the rows: E1, E2, E3, E9.
        #expect(result.totalNumbers == [436.5, 4])
        let suppressed = try model.query(try Self.cube(model, ["Region"], suppressNulls: true))
        #expect(suppressed.lines.map(\.dimensionTexts) == [["Bretagne"], ["Normandie"]])
    }

    @Test("top N gathers the rest in an Others line computed over its rows")
    func topAndOthers() throws {
        let model = try SmallModel.make()
        let result = try model.query(try Self.cube(model, ["Activity.Month"], sort: [.measure(0, descending: true)], limit: 1))
        #expect(result.lines.count == 2)
        #expect(result.lines[0].dimensionTexts == ["202401"] && result.lines[0].numbers == [300, 2])
        #expect(result.lines[1].isOthers && result.lines[1].numbers == [136.5, 3])
    }

    @Test("the grid gives typed values and their text through each measure's format")
    func typedGrid() throws {
        let model = try SmallModel.make()
        let cube = Hypercube(dimensions: [try model.resolve("Region")],
                             measures: [try Measure("Sum(Amount)", format: ValueFormat("# ##0,00 €")), try Measure("Count(Amount)"),
                                        try Measure("If(Sum(Amount) > 100, 'high', 'low')"), try Measure("Sum(Amount) / 4")],
                             suppressNulls: true)
        let result = try model.query(cube)
        let bretagne = try #require(result.lines.first)
        #expect(bretagne.dimensions == [QueryResult.Cell(.string("Bretagne"), text: "Bretagne")])
        #expect(bretagne.measures.map(\.value) == [.double(350.5), .int(3), .string("high"), .double(87.625)])
        #expect(bretagne.measures.map(\.text) == ["350,50 €", "3", "high", "87.625"])
        #expect(result.totals.map(\.text) == ["436,50 €", "6", "high", "109.125"])
    }

    @Test("an aggregated expression reads fields of tables reached from many rows to one")
    func expressionAcrossTables() throws {
        let model = try SmallModel.make()
        let cube = Hypercube(dimensions: [try model.resolve("Line")],
                             measures: [try Measure("Sum(If(Region = 'Bretagne', Amount, 0))"), try Measure("Max(Year * 100 + Amount)")])
        let result = try model.query(cube)
        #expect(result.lines.map(\.dimensionTexts) == [["Crèche"], ["Dentaire"], ["EHPAD"]])
        // Rows without a partner (E9, no establishment) see a null region.
        #expect(result.lines.map(\.numbers) == [[150.5, 202_500], [0, 202_475], [200, 202_600]])
        #expect(result.totalNumbers == [350.5, 202_600])
        // Regions and years are on two tables that only meet through the activity rows.
        #expect(throws: EngineError.self) { try model.query(Hypercube(dimensions: [], measures: [try Measure("Sum(Year + Len(Region))")])) }
    }

    @Test("under a selection and rights, lines and totals only count what both allow")
    func selectionAndRights() throws {
        let model = try SmallModel.make()
        var selection = Selection()
        selection.select(["Crèche", "EHPAD"], in: try model.resolve("Line"))
        let rights = Rights(allowed: ["Establishments.Region": ["Bretagne"]])
        let result = try model.query(try Self.cube(model, ["Line"]), selection: selection, rights: rights)
        #expect(result.lines.map(\.dimensionTexts) == [["Crèche"], ["EHPAD"]])
        #expect(result.lines.map(\.numbers) == [[150.5, 1], [200, 1]])
        #expect(result.totalNumbers == [350.5, 2])
        #expect(throws: EngineError.self) {
            try model.query(try Self.cube(model, ["Line"]), rights: Rights(hidden: ["Activity.Amount"]))
        }
    }

    @Test("a dimension reached from one row to many is refused with the table and value that repeat")
    func oneToManyRefused() throws {
        let model = try SmallModel.make()
        let cube = Hypercube(dimensions: [try model.resolve("Line")],
                             measures: [Measure("Establishments", FieldAggregation(.countRows, try model.resolve("Region")))])
        let error = #expect(throws: EngineError.self) { try model.query(cube) }
        #expect(error?.message.contains("Activity.Establishment = E1 is on several rows") == true, "\(error?.message ?? "")")
    }
}

@Suite("Measure expressions and set analysis")
struct MeasureExpressionTests {
    static func run(_ measures: [String], by dimensions: [String] = ["Region"], select: [(String, [String])] = [],
                    rights: Rights = .unrestricted, limit: Int? = nil) throws -> QueryResult {
        let model = try SmallModel.make()
        var selection = Selection()
        for (field, values) in select { selection.select(values, in: try model.resolve(field)) }
        let cube = Hypercube(dimensions: try dimensions.map { try model.resolve($0) }, measures: try measures.map { try Measure($0) },
                             sort: limit == nil ? [] : [.measure(0, descending: true)], limit: limit)
        return try model.query(cube, selection: selection, rights: rights)
    }

    @Test("arithmetic around aggregations, evaluated per line and on the total line; division by zero is null")
    func arithmetic() throws {
        let r = try Self.run(["Sum(Amount) / Count(distinct [Activity.Establishment])", "Sum(Amount) / 0", "If(Sum(Amount) > 100, 'big', 'small')"])
        #expect(r.lines.map(\.dimensionTexts) == [["Bretagne"], ["Normandie"], [nil]])
        #expect(r.lines.map { $0.numbers[0] } == [350.5 / 2, 75, 11])
        #expect(r.lines.allSatisfy { $0.numbers[1] == nil } && r.totalNumbers[1] == nil)
        #expect(r.totalNumbers[0] == 436.5 / 4)
    }

    @Test("set analysis: {1} ignores the selection, modifiers replace, add, remove, clear; total ignores the dimensions")
    func sets() throws {
        let r = try Self.run([
            "Sum(Amount)", "Sum({1} Amount)", "Sum({<Line={'Dentaire'}>} Amount)", "Sum({<Line+={'Dentaire'}>} Amount)",
            "Sum({<Line-={'EHPAD'}>} Amount)", "Sum({<Line=>} Amount)", "Sum(total Amount)", "Sum({<Line={\"E*\"}>} Amount)",
            "Sum({1-$} Amount)",
        ], select: [("Line", ["Crèche", "EHPAD"])])
        let bretagne = try #require(r.lines.first { $0.dimensionTexts == ["Bretagne"] })
        // Bretagne: E1 Crèche 100 + 50.5, E2 EHPAD 200.
        #expect(bretagne.numbers == [350.5, 350.5, nil, 350.5, 150.5, 350.5, 361.5, 200, nil])
        let normandie = try #require(r.lines.first { $0.dimensionTexts == ["Normandie"] })
        #expect(normandie.numbers == [nil, 75, 75, 75, nil, 75, 361.5, nil, 75])
        #expect(r.totalNumbers == [361.5, 436.5, 75, 436.5, 151.5, 436.5, 361.5, 210, 75])
    }

    @Test("an aggregated row expression is computed on each row of its table; nulls are left out")
    func rowExpressions() throws {
        let r = try Self.run(["Sum(Amount * 2 + 1)", "Avg([Activity.Month] - 202400)", "Max(If(Line = 'EHPAD', Amount, null))"])
        let bretagne = try #require(r.lines.first { $0.dimensionTexts == ["Bretagne"] })
        #expect(bretagne.numbers == [704, 4 / 3, 200])
        #expect(r.totalNumbers == [879, 11 / 6, 200])
    }

    @Test("a dollar expansion is computed once in the current selection: last month's amount")
    func dollarExpansion() throws {
        let r = try Self.run(["Sum({<[Activity.Month]={$(=Max([Activity.Month]) - 1)}>} Amount)", "Max([Activity.Month])"], by: [])
        #expect(r.totalNumbers == [61.5, 202403])
        let selected = try Self.run(["Sum({<[Activity.Month]={$(=Max([Activity.Month]) - 1)}>} Amount)"], by: [],
                                    select: [("Activity.Month", ["202401", "202402"])])
        #expect(selected.totalNumbers == [300])
    }

    @Test("Aggr() computes a measure per combination of the chart's dimensions and its own, then aggregates them per line")
    func aggr() throws {
        let r = try Self.run(["Avg(Aggr(Sum(Amount), [Activity.Establishment]))", "Max(Aggr(Sum(Amount), [Activity.Establishment]))",
                              "Count(Aggr(Sum(Amount), [Activity.Establishment]))", "Sum(Amount) / Count(Aggr(Sum(Amount), [Activity.Establishment]))"])
        #expect(r.lines.map(\.dimensionTexts) == [["Bretagne"], ["Normandie"], [nil]])
        // Bretagne: E1 150.5 and E2 200; Normandie: E3 75; no region: E9 10 and the row without establishment, 1.
        #expect(r.lines.map(\.numbers) == [[175.25, 200, 2, 175.25], [75, 75, 1, 75], [5.5, 10, 2, 5.5]])
        // The totals aggregate Aggr's values over its own dimensions alone.
        #expect(r.totalNumbers == [87.3, 200, 5, 87.3])
        let median = try Self.run(["Median(Aggr(Sum(Amount), [Activity.Establishment]))"])
        #expect(median.lines.map(\.numbers) == [[175.25], [75], [5.5]] && median.totalNumbers == [75])
        let top = try Self.run(["Sum(Amount)", "Max(Aggr(Sum(Amount), [Activity.Establishment]))"], limit: 1)
        #expect(top.lines.map(\.numbers) == [[350.5, 200], [86, 75]])
        #expect { try Self.run(["Aggr(Sum(Amount), Region)"]) } throws: { "\($0)".contains("aggregate them") }
    }

    @Test("Rank() ranks a measure among the lines, within the other dimensions' groups unless total")
    func rank() throws {
        let r = try Self.run(["Sum(Amount)", "Rank(Sum(Amount))", "Rank(total Sum(Amount))", "If(Rank(total Sum(Amount)) <= 2, 'top', 'rest')"],
                             by: ["Region", "Line"])
        var found: [String: [String]] = [:]
        for line in r.lines { found[line.dimensionTexts.map { $0 ?? "-" }.joined(separator: "/")] = line.measures.dropFirst().map(\.text) }
        #expect(found == ["Bretagne/Crèche": ["2", "2", "top"], "Bretagne/EHPAD": ["1", "1", "top"], "Normandie/Dentaire": ["1", "3", "rest"],
                          "-/Crèche": ["2", "5", "rest"], "-/EHPAD": ["1", "4", "rest"]])
        #expect(r.totals.dropFirst().map(\.value) == [.null, .null, .string("rest")])
        func ranks(_ values: [Double], _ mode: Int) -> [RowValue] {
            let ranked = Dictionary(uniqueKeysWithValues: DataModel.ranks(values.enumerated().map { ($0, [$0], $1) }, mode: mode))
            return values.indices.map { ranked[$0]! }
        }
        #expect(ranks([5, 5, 3, 1], 0) == [.int(1), .int(1), .int(3), .int(4)])
        #expect(ranks([3, 1, 1], 0) == [.int(1), .int(3), .int(3)])
        #expect(ranks([2, 1, 1, 0], 0) == [.int(1), .double(2.5), .double(2.5), .int(4)])
        #expect(ranks([5, 5, 3], 1) == [.int(1), .int(1), .int(3)])
        #expect(ranks([5, 5, 3], 2) == [.double(1.5), .double(1.5), .int(3)])
        #expect(ranks([5, 5, 3], 3) == [.int(2), .int(2), .int(3)])
        #expect(ranks([5, 5, 3], 4) == [.int(1), .int(2), .int(3)])
    }

    @Test("total <fields> keeps those of the chart's dimensions and ignores the others")
    func totalKeepingFields() throws {
        let r = try Self.run(["Sum(Amount) / Sum(total <Region> Amount)", "Sum(total <Line> Amount)", "Sum(total Amount)"], by: ["Region", "Line"])
        var found: [String: [Double?]] = [:]
        for line in r.lines { found[line.dimensionTexts.map { $0 ?? "-" }.joined(separator: "/")] = line.numbers }
        let expected: [String: [Double?]] = [
            "Bretagne/Crèche": [150.5 / 350.5, 151.5, 436.5], "Bretagne/EHPAD": [200 / 350.5, 210, 436.5],
            "Normandie/Dentaire": [1, 75, 436.5], "-/Crèche": [1 / 11, 151.5, 436.5], "-/EHPAD": [10 / 11, 210, 436.5],
        ]
        #expect(found == expected)
        #expect(r.totalNumbers == [1, 436.5, 436.5])
    }

    @Test("subtotals group by each leading part of the dimensions, over their rows")
    func subtotals() throws {
        let model = try SmallModel.make()
        var cube = try QueryTests.cube(model, ["Region", "Line"], sort: [.measure(0, descending: true)])
        cube.subtotals = true
        let result = try model.query(cube)
        #expect(result.lines.count == 5)
        let byRegion = try #require(result.subtotals.first)
        #expect(result.subtotals.count == 1)
        #expect(byRegion.map(\.dimensionTexts) == [["Bretagne"], ["Normandie"], [nil]])
        // The distinct count of a region is over its rows, not the sum of its lines'.
        #expect(byRegion.map(\.numbers) == [[350.5, 2], [75, 1], [11, 1]])
    }

    @Test("a drill-down dimension shows the first level of its hierarchy with more than one possible value")
    func drillDown() throws {
        let model = try SmallModel.make()
        let hierarchy = [try model.resolve("Region"), try model.resolve("Establishments.Establishment")]
        #expect(try model.drillDownLevel(hierarchy, selection: Selection()) == hierarchy[0])
        var selection = Selection()
        selection.select(["Bretagne"], in: hierarchy[0])
        #expect(try model.drillDownLevel(hierarchy, selection: selection) == hierarchy[1])
        // Rights leaving one region drill down at once.
        #expect(try model.drillDownLevel(hierarchy, selection: Selection(), rights: Rights(allowed: ["Establishments.Region": ["Normandie"]])) == hierarchy[1])
    }

    @Test("a set expression may start from a bookmark, alone, modified or combined with the current selection")
    func bookmarks() throws {
        let model = try SmallModel.make()
        var normandie = Selection()
        normandie.select(["Normandie"], in: try model.resolve("Region"))
        var current = Selection()
        current.select(["Crèche"], in: try model.resolve("Line"))
        let cube = Hypercube(dimensions: [], measures: try ["Sum({BM01} Amount)", "Sum({$ + BM01} Amount)", "Sum({BM01<Line={'Crèche'}>} Amount)",
                                                            "Sum(Amount)"].map { try Measure($0) })
        let result = try model.query(cube, selection: current, bookmarks: ["BM01": normandie])
        #expect(result.totalNumbers == [75, 226.5, nil, 151.5])
        // Rights apply to a bookmark's rows as to any set's.
        let limited = try model.query(cube, selection: current, rights: Rights(allowed: ["Establishments.Region": ["Bretagne"]]), bookmarks: ["BM01": normandie])
        #expect(limited.totalNumbers == [nil, 150.5, nil, 150.5])
        #expect { try model.query(cube, selection: current) } throws: { "\($0)".contains("'BM01', which is no bookmark") }
    }

    @Test("what is not evaluated yet, or not allowed, says so")
    func refusals() throws {
        #expect { try Self.run(["Only(Aggr(Sum(Amount), Region))"]) } throws: { "\($0)".contains("Only() of Aggr() is not evaluated yet") }
        #expect { try Self.run(["Sum(Aggr(Sum(Amount), Region) * 2)"]) } throws: { "\($0)".contains("Aggr() and Rank() are not evaluated yet") }
        #expect { try Self.run(["Sum(Year + Len(Region))"]) } throws: { "\($0)".contains("none of these tables reaches the others") }
        #expect { try Self.run(["Median(Line)"]) } throws: { "\($0)".contains("needs numbers") }
        #expect { try Self.run(["Max(Amount, 0)"]) } throws: { "\($0)".contains("a whole number from 1") }
        #expect { try Self.run(["Fractile(Amount, Amount)"]) } throws: { "\($0)".contains("it must be a constant") }
        #expect { try Self.run(["Fractile(Amount, 1.5)"]) } throws: { "\($0)".contains("from 0 to 1") }
        #expect { try Self.run(["Sum({<Line={2016}> Amount)"]) } throws: { "\($0)".contains("expected '}'") }
        #expect { try Self.run(["Sum(Amount)"], rights: Rights(hidden: ["Activity.Amount"])) } throws: { "\($0)".contains("no field Amount") }
        #expect { try Self.run(["Median(Amount * 2)"], rights: Rights(hidden: ["Activity.Amount"])) } throws: { "\($0)".contains("no field Amount") }
        #expect { try Self.run(["Sum({<Amount={1}>} [Activity.Month])"], rights: Rights(hidden: ["Activity.Amount"])) } throws: {
            "\($0)".contains("no field Amount")
        }
    }
}

/// Aggregations computed from all of a group's values, on SmallModel. Amounts by region: Bretagne 100 (E1 Crèche
/// 202401), 50.5 (E1 Crèche 202402), 200 (E2 EHPAD 202401); Normandie 75 (E3 Dentaire 202403); no region 10 (E9 EHPAD
/// 202402) and 1 (no establishment, Crèche 202402).
@Suite("Collected aggregations: Median, Fractile, StDev, Only, Concat, FirstSortedValue, distinct, ranks")
struct CollectedAggregationTests {
    static func lines(_ r: QueryResult) -> [String: [RowValue]] {
        Dictionary(uniqueKeysWithValues: r.lines.map { ($0.dimensionTexts[0] ?? "-", $0.measures.map(\.value)) })
    }

    static func stdev(_ x: [Double]) -> Double {
        let mean = x.reduce(0, +) / Double(x.count)
        return (x.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(x.count - 1)).squareRoot()
    }

    @Test("Median and Fractile interpolate between the two nearest values; StDev is null under two values")
    func numbers() throws {
        let r = try MeasureExpressionTests.run(["Median(Amount)", "Fractile(Amount, 0.25)", "StDev(Amount)", "Median(Amount * 2)"])
        let lines = Self.lines(r)
        #expect(lines["Bretagne"] == [.double(100), .double(75.25), .double(Self.stdev([50.5, 100, 200])), .double(200)])
        #expect(lines["Normandie"] == [.double(75), .double(75), .null, .double(150)])
        #expect(lines["-"] == [.double(5.5), .double(3.25), .double(Self.stdev([1, 10])), .double(11)])
        // Over the rows: 1, 10, 50.5, 75, 100, 200.
        #expect(r.totals.map(\.value) == [.double(62.75), .double(20.125), .double(Self.stdev([1, 10, 50.5, 75, 100, 200])), .double(125.5)])
    }

    @Test("Only gives the one value (a text or a number), else null; Concat joins texts in value order or by weight")
    func texts() throws {
        let r = try MeasureExpressionTests.run([
            "Only(Line)", "Only([Activity.Month])", "Only(Line & '!')", "Concat(Line, ', ')", "Concat(distinct Line, '-')",
            "Concat(Line, '/', -Amount)", "Concat(Amount / 2, ';')",
        ])
        let lines = Self.lines(r)
        #expect(lines["Bretagne"] == [.null, .null, .null, .string("Crèche, Crèche, EHPAD"), .string("Crèche-EHPAD"),
                                      .string("EHPAD/Crèche/Crèche"), .string("25.25;50;100")])
        #expect(lines["Normandie"] == [.string("Dentaire"), .int(202403), .string("Dentaire!"), .string("Dentaire"), .string("Dentaire"),
                                       .string("Dentaire"), .string("37.5")])
        #expect(lines["-"] == [.null, .int(202402), .null, .string("Crèche, EHPAD"), .string("Crèche-EHPAD"), .string("EHPAD/Crèche"),
                               .string("0.5;5")])
        #expect(r.totals.map(\.value) == [.null, .null, .null, .string("Crèche, Crèche, Crèche, Dentaire, EHPAD, EHPAD"),
                                          .string("Crèche-Dentaire-EHPAD"), .string("EHPAD/Crèche/Dentaire/Crèche/EHPAD/Crèche"),
                                          .string("0.5;5;25.25;37.5;50;100")])
    }

    @Test("FirstSortedValue: the value of the row with the smallest weight, null on a tie; distinct counts pairs once")
    func firstSortedValue() throws {
        let r = try MeasureExpressionTests.run([
            "FirstSortedValue(Line, -Amount)", "FirstSortedValue(Line, [Activity.Month])", "FirstSortedValue(Line, [Activity.Month], 3)",
            "FirstSortedValue(Line, [Activity.Month], 2)", "FirstSortedValue(Amount, Amount, 2)",
        ])
        let lines = Self.lines(r)
        // Bretagne's months: 202401 (Crèche), 202401 (EHPAD), 202402 (Crèche): the first two tie.
        #expect(lines["Bretagne"] == [.string("EHPAD"), .null, .string("Crèche"), .null, .double(100)])
        #expect(lines["Normandie"] == [.string("Dentaire"), .string("Dentaire"), .null, .null, .null])
        #expect(lines["-"] == [.string("EHPAD"), .null, .null, .null, .double(10)])
        #expect(r.totals.map(\.value) == [.string("EHPAD"), .null, .null, .null, .double(10)])
        // By line, all weights 0: Crèche's rows with a region are two Bretagne rows (a tie, unless distinct); the third has none.
        let byLine = try MeasureExpressionTests.run(["FirstSortedValue(Region, [Activity.Month] * 0)",
                                                     "FirstSortedValue(distinct Region, [Activity.Month] * 0)"], by: ["Line"])
        #expect(Self.lines(byLine)["Crèche"] == [.null, .string("Bretagne")])
        #expect(Self.lines(byLine)["Dentaire"] == [.string("Normandie"), .string("Normandie")])
        #expect(byLine.totals.map(\.value) == [.null, .null])
    }

    @Test("distinct Sum and Avg, counted expressions, and Min and Max of a rank (distinct values)")
    func distinctAndRanks() throws {
        let r = try MeasureExpressionTests.run([
            "Sum(distinct [Activity.Month] - 202400)", "Avg(distinct [Activity.Month])", "Count(If(Amount > 20, Line, null))",
            "Count(distinct If(Amount > 20, Line, null))", "Max(Amount, 2)", "Min([Activity.Month], 2)", "StDev(distinct [Activity.Month] - 202400)",
        ])
        let lines = Self.lines(r)
        #expect(lines["Bretagne"] == [.double(3), .double(202_401.5), .int(3), .int(2), .double(100), .double(202_402), .double(Self.stdev([1, 2]))])
        #expect(lines["Normandie"] == [.double(3), .double(202_403), .int(1), .int(1), .null, .null, .null])
        // Both rows without a region are under 20: the line is there, with nothing counted.
        #expect(lines["-"] == [.double(2), .double(202_402), .int(0), .int(0), .double(1), .null, .null])
        #expect(r.totals.map(\.value) == [.double(6), .double(202_402), .int(4), .int(3), .double(100), .double(202_402), .double(1)])
    }

    @Test("total, {1}, selections, rights, a dollar expansion and an Others line computed over its rows")
    func sets() throws {
        let r = try MeasureExpressionTests.run(["Median(Amount)", "Median({1} Amount)", "Median(total Amount)", "Concat(all Line, ',')"],
                                               select: [("Line", ["Crèche"])])
        let lines = Self.lines(r)
        #expect(lines["Bretagne"] == [.double(75.25), .double(100), .double(50.5), .string("Crèche,Crèche,Crèche,Dentaire,EHPAD,EHPAD")])
        #expect(lines["-"] == [.double(1), .double(5.5), .double(50.5), .string("Crèche,Crèche,Crèche,Dentaire,EHPAD,EHPAD")])
        #expect(r.totals.map(\.value) == [.double(50.5), .double(62.75), .double(50.5), .string("Crèche,Crèche,Crèche,Dentaire,EHPAD,EHPAD")])
        let allowed = try MeasureExpressionTests.run(["Concat(Line, ',')", "Only(Region)"], by: [],
                                                     rights: Rights(allowed: ["Establishments.Region": ["Bretagne"]]))
        #expect(allowed.totals.map(\.value) == [.string("Crèche,Crèche,EHPAD"), .string("Bretagne")])
        // Max([Activity.Month], 2) is 202402: its amounts are 50.5, 10 and 1.
        let expansion = try MeasureExpressionTests.run(["Sum({<[Activity.Month]={$(=Max([Activity.Month], 2))}>} Amount)"], by: [])
        #expect(expansion.totalNumbers == [61.5])

        let model = try SmallModel.make()
        let cube = Hypercube(dimensions: [try model.resolve("Activity.Establishment")],
                             measures: [try Measure("Sum(Amount)"), try Measure("Median(Amount)"), try Measure("Concat(Line, ',')")],
                             sort: [.measure(0, descending: true)], limit: 2)
        let result = try model.query(cube)
        #expect(result.lines.map(\.dimensionTexts) == [["E2"], ["E1"], [nil]])
        #expect(result.lines[1].measures.map(\.value) == [.double(150.5), .double(75.25), .string("Crèche,Crèche")])
        // Others: E3 (75, Dentaire), E9 (10, EHPAD) and the row without an establishment (1, Crèche).
        #expect(result.lines[2].isOthers && result.lines[2].measures.map(\.value) == [.double(86), .double(10), .string("Crèche,Dentaire,EHPAD")])
        #expect(result.totals.map(\.value) == [.double(436.5), .double(62.75), .string("Crèche,Crèche,Crèche,Dentaire,EHPAD,EHPAD")])
    }

    @Test("a FieldAggregation built by code computes the same as the measure")
    func byCode() throws {
        let model = try SmallModel.make()
        var fractile = FieldAggregation(.fractile, try model.resolve("Amount"))
        fractile.fraction = 0.25
        var maximum = FieldAggregation(.max, try model.resolve("Amount"))
        maximum.rank = 2
        var sum = FieldAggregation(.sum, try model.resolve("Activity.Month"))
        sum.distinct = true
        let cube = Hypercube(dimensions: [], measures: [Measure("f", fractile), Measure("m", maximum), Measure("s", sum),
                                                        Measure("o", FieldAggregation(.only, try model.resolve("Year")))])
        #expect(try model.query(cube).totals.map(\.value) == [.double(20.125), .double(100), .double(607_206), .int(2024)])
    }
}

@Suite("Hypercubes over several chunks")
struct ChunkedQueryTests {
    @Test("an Others line's distinct count keeps what earlier chunks saw when a suppressed group first appears later")
    func othersAcrossChunks() throws {
        // 10,000 rows: regions A, B, C on the first 6,000, then rows without a region (suppressed) on the rest.
        let n = 10_000
        let region: [String?] = (0..<n).map { $0 < 6_000 ? ["A", "A", "B", "C"][$0 % 4] : nil }
        // Every row of the first 6,000 has its own patient; the later rows share 50.
        let patient: [String?] = (0..<n).map { $0 < 6_000 ? "P\($0)" : "Q\($0 % 50)" }
        let model = try DataModel(tables: [try EngineTable(name: "T", fields: [.text("Region", region), .text("Patient", patient)])], links: [])
        let cube = Hypercube(dimensions: [FieldReference(table: "T", field: "Region")],
                             measures: [Measure("patients", FieldAggregation(.countDistinct, FieldReference(table: "T", field: "Patient")))],
                             sort: [.measure(0, descending: true)], limit: 1, suppressNulls: true)
        let result = try model.query(cube)
        #expect(result.lines.map(\.dimensionTexts) == [["A"], [nil]])
        #expect(result.lines[1].isOthers)
        // B and C are the rows i % 4 in 2...3 of the first 6,000, each with its own patient; most lie in the first chunk.
        #expect(result.lines[1].numbers == [3_000])
        #expect(result.totalNumbers == [6_050])
    }
}

@Suite("Hypercubes with many dimension combinations")
struct WideQueryTests {
    @Test("dimensions whose combinations overflow a 64-bit group number are numbered as they occur")
    func wideDimensions() throws {
        // Six fields of 3,000 values each: 3,000^6 ≈ 7·10^20 combinations, 3,000 of them present, and a null.
        let n = 3_000
        var fields: [EngineField] = (0..<6).map { f in .integer("f\(f)", (0..<n).map { Int64(($0 * (f + 1) * 7_919) % n) }) }
        fields.append(.text("g", (0..<n).map { $0 == 5 ? nil : "g\($0 % 3)" }))
        fields.append(.number("x", (0..<n).map { Double($0) }))
        let model = try DataModel(tables: [try EngineTable(name: "T", fields: fields)], links: [])
        let dimensions = try (0..<6).map { try model.resolve("f\($0)") } + [try model.resolve("g")]
        let result = try model.query(Hypercube(dimensions: dimensions, measures: [try Measure("Sum(x)"), try Measure("Count(x)")],
                                               sort: [.measure(0, descending: true)], limit: 10))
        #expect(result.lines.count == 11)
        var first: [String?] = []
        for f in 0..<6 {
            let code: Int = (n - 1) * (f + 1) * 7_919 % n
            first.append(String(code))
        }
        first.append("g\((n - 1) % 3)")
        #expect(result.lines[0].dimensionTexts == first)
        #expect(result.lines[0].numbers == [Double(n - 1), 1])
        #expect(result.lines[10].isOthers && result.lines[10].numbers == [Double((n - 10) * (n - 11) / 2), Double(n - 10)])
        #expect(result.totalNumbers == [Double(n * (n - 1) / 2), Double(n)])
        let withNull = try #require(try model.query(Hypercube(dimensions: dimensions, measures: [try Measure("Sum(x)")]))
            .lines.first { $0.dimensionTexts.last == .some(nil) })
        #expect(withNull.numbers == [5])
    }
}

@Suite("Aggregated arithmetic by chunks")
struct NumericColumnTests {
    @Test("arithmetic over doubles and expressions of one field give, by chunks of rows or of gathered rows, what the evaluator gives row by row; other expressions stay with it")
    func sameAsEvaluator() throws {
        var g = SeededGenerator(seed: 42)
        let n = 10_000
        let x: [Double?] = (0..<n).map { _ in Int.random(in: 0..<10, using: &g) == 0 ? nil : Double(Int.random(in: -500...500, using: &g)) / 8 }
        let y: [Double?] = (0..<n).map { _ in Int.random(in: 0..<10, using: &g) == 0 ? 0 : Double(Int.random(in: -4...4, using: &g)) }
        let k: [Int64?] = (0..<n).map { _ in Int.random(in: 0..<20, using: &g) == 0 ? nil : Int64.random(in: 0..<30, using: &g) }
        let facts = try EngineTable(name: "F", fields: [.number("x", x), .number("y", y), .integer("k", k)])
        let dimension = try EngineTable(name: "D", fields: [.integer("k", (0..<25).map { Int64($0) }), .number("z", (0..<25).map { $0 % 7 == 0 ? nil : Double($0) / 3 })])
        let model = try DataModel(tables: [facts, dimension], links: [Link(FieldReference(table: "F", field: "k"), FieldReference(table: "D", field: "k"))])
        let vectorized = ["x * (1 - y)", "-x / y", "x + z * 2", "z / (y - y)", "(x - 1.5) * (1 + z) / 4", "x * [F.k]"]
        let chunk = 1_000
        let out = UnsafeMutablePointer<Double>.allocate(capacity: chunk)
        let selected = UnsafeMutablePointer<Int>.allocate(capacity: chunk)
        defer {
            out.deallocate()
            selected.deallocate()
        }
        // Any expression of one field is its number per value; several fields outside arithmetic on doubles stay with the evaluator.
        let perValue = ["[F.k] * 2", "If(x > 0, x, 0)", "case [F.k] when 1 then 1000 when 2 then 840 else 70 end", "If([F.k] > 10, 1, 2)"]
        for text in vectorized + perValue + ["If(x > 0, z, 0)", "[F.k] * [D.k]"] {
            let expression = try MeasureExpression("Sum(\(text))").root.aggregations[0].arguments[0]
            let reader = try model.rowReader(of: [expression], rights: .unrestricted)
            let arithmetic = reader.arithmetic()
            #expect((arithmetic != nil) == (vectorized + perValue).contains(text), "\(text)")
            guard let kernel = arithmetic?.kernel(chunk: chunk) else { continue }
            func expected(_ row: Int) -> Double { (try? reader.evaluate(row: row))?.number ?? .nan }
            func same(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }
            for start in stride(from: 0, to: n, by: chunk) {
                kernel(start, chunk, nil, out)
                for i in 0..<chunk { #expect(same(out[i], expected(start + i)), "\(text) on row \(start + i): \(out[i])") }
                // Every third row, gathered.
                let m = (chunk + 2) / 3
                for j in 0..<m { selected[j] = j * 3 }
                kernel(start, m, selected, out)
                for j in 0..<m { #expect(same(out[j], expected(start + j * 3)), "\(text) gathered on row \(start + j * 3): \(out[j])") }
            }
        }
    }

    @Test("an expression of one field, computed once per distinct value, gives what the evaluator gives row by row; a failure names a row")
    func perDistinctValue() throws {
        var g = SeededGenerator(seed: 7)
        let n = 5_000
        let k: [Int64?] = (0..<n).map { _ in Int.random(in: 0..<15, using: &g) == 0 ? nil : Int64.random(in: 0..<30, using: &g) }
        let x: [Double?] = (0..<n).map { _ in Double(Int.random(in: -50...50, using: &g)) }
        let facts = try EngineTable(name: "F", fields: [.integer("k", k), .number("x", x)])
        let dimension = try EngineTable(name: "D", fields: [.integer("k", (0..<25).map { Int64($0) }),
                                                            .text("label", (0..<25).map { $0 % 6 == 0 ? nil : "L\($0 % 4)" })])
        let model = try DataModel(tables: [facts, dimension], links: [Link(FieldReference(table: "F", field: "k"), FieldReference(table: "D", field: "k"))])
        for text in ["If(x > 0, x, 0)", "case [F.k] when 1 then 1000 when 2 then 840 else 70 end", "If(label = 'L1', 1, 2)", "Len(label) * 3"] {
            let expression = try MeasureExpression("Sum(\(text))").root.aggregations[0].arguments[0]
            let reader = try model.rowReader(of: [expression], rights: .unrestricted)
            let all = try reader.evaluateAll(in: model) { $0 }
            #expect(all.count == model.tables[reader.table].rowCount)
            for row in all.indices { #expect(all[row] == (try reader.evaluate(row: row)), "\(text) on row \(row + 1)") }
        }
        // An overflow where k is 3 fails on the first row holding 3, and says which.
        let first = try #require(k.firstIndex(of: 3))
        let failing = try MeasureExpression("Sum(If([F.k] = 3, [F.k] * 1e308, 0))").root.aggregations[0].arguments[0]
        do {
            _ = try model.rowReader(of: [failing], rights: .unrestricted).evaluateAll(in: model) { $0 }
            Issue.record("an overflow on the rows holding 3 was not reported")
        } catch {
            #expect(error.message.contains("on row \(first + 1) of F"), "\(error.message)")
        }
    }

    @Test("an infinite result is reported as the evaluator reports an overflow, in a chunk of all rows or of gathered ones")
    func overflow() throws {
        let n = 10_000
        let x = (0..<n).map { Double($0) }
        let model = try DataModel(tables: [try EngineTable(name: "F", fields: [.number("x", x), .integer("g", (0..<n).map { Int64($0 % 3) })])], links: [])
        let evaluator = try #require(throws: EngineError.self) {
            try model.rowReader(of: [try MeasureExpression("Sum(x * 1e308 * 10)").root.aggregations[0].arguments[0]], rights: .unrestricted)
                .evaluateAll(in: model) { $0.number ?? .nan }
        }
        let field = try model.resolve("x")
        for condition in [nil, ">=9000", ">=10"] {
            var selection = Selection()
            if let condition { selection.select(try model.values(matching: condition, in: field), in: field) }
            let error = try #require(throws: EngineError.self) {
                try model.query(Hypercube(dimensions: [try model.resolve("g")], measures: [try Measure("Sum(x * 1e308 * 10)")]), selection: selection)
            }
            #expect(error.message == evaluator.message)
        }
        // Without an infinite result, the same query gives the sums.
        let fine = try model.query(Hypercube(dimensions: [try model.resolve("g")], measures: [try Measure("Sum(x * 2)")]))
        #expect(fine.totalNumbers == [Double(n * (n - 1))])
    }
}

@Suite("Numbers in the grid")
struct GridNumberTests {
    @Test("numbers are written with up to 10 significant digits, as %.10g writes them")
    func tenDigits() {
        var g = SeededGenerator(seed: 9)
        var values: [Double] = [0.1 + 0.2, 87.625, -2.5, 1e-5, 123_456.789_012_3, 9_999_999_999.5, 0.000_123_456_789_12, 1e20, -0.5, 3]
        for _ in 0..<2_000 { values.append(Double(Int.random(in: -1_000_000_000...1_000_000_000, using: &g)) / pow(10, Double(Int.random(in: 0...12, using: &g)))) }
        for d in values { #expect(Measure.text(d) == String(format: "%.10g", d), "\(d)") }
    }
}
