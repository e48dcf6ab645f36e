// Hypercubes against DuckDB (the oracle): on the random snowflake models of
// the state tests, random dimensions (of the fact table or of dimension
// tables one or two links away), every aggregation of a fact field and
// measure expressions (Median, Fractile, StDev, Only, Concat,
// FirstSortedValue, distinct and ranked forms, expressions over several
// tables), under random selections; lines and totals must equal GROUP BY
// over the fact table's possible rows joined to its dimensions (floats to
// 1e-9, texts exactly).

import Foundation
import Testing
import VigieExpressions
import VigieTestSupport
@testable import VigieEngine

@Suite("Hypercubes against DuckDB", .enabled(if: Oracle.isAvailable))
struct QueryOracleTests {
    static let functions: [(AggregateFunction, String)] = [
        (.sum, "sum(f.x)"), (.count, "count(f.x)"), (.countDistinct, "count(DISTINCT f.x)"), (.avg, "avg(f.x)"),
        (.min, "min(f.x)"), (.max, "max(f.x)"), (.countRows, "count(*)"),
    ]
    /// Measure expressions and their SQL, through the joins below.
    static let expressions: [(String, String)] = [
        ("Sum([Facts.x] * [Facts.k1] - 3)", "sum(f.x * f.k1 - 3)"), ("Sum(x) * 2 + Count(distinct x)", "sum(f.x) * 2 + count(DISTINCT f.x)"),
        ("Median(x)", "quantile_cont(f.x, 0.5)"), ("Fractile(x, 0.3)", "quantile_cont(f.x, 0.3)"),
        ("Fractile(distinct x, 0.7)", "quantile_cont(DISTINCT f.x, 0.7)"), ("Median([Facts.x] + [D1.k3])", "quantile_cont(f.x + d1.k3, 0.5)"),
        ("StDev(x)", "stddev_samp(f.x)"), ("StDev(distinct [Facts.x] * [Facts.k1])", "stddev_samp(DISTINCT f.x * f.k1)"),
        ("Only([Facts.k2])", "CASE WHEN count(DISTINCT f.k2) = 1 THEN min(f.k2) END"),
        ("Only(x)", "CASE WHEN count(DISTINCT f.x) = 1 THEN min(f.x) END"),
        ("Concat([Facts.k2], ',', [Facts.k1])", "string_agg(f.k2, ',' ORDER BY f.k1 NULLS LAST, f.k2)"),
        ("Concat(distinct [Facts.k2], '|')", "string_agg(DISTINCT f.k2, '|' ORDER BY f.k2)"),
        ("Concat([Facts.k2] & [D2.d], ';', -[Facts.x])", "string_agg(f.k2 || d2.d, ';' ORDER BY -f.x NULLS LAST, f.k2 || d2.d)"),
        ("FirstSortedValue([Facts.k2], -x)", firstSorted("f.k2", "-f.x", rank: 1)),
        ("FirstSortedValue(x, [Facts.k1], 2)", firstSorted("f.x", "f.k1", rank: 2)),
        ("FirstSortedValue([D1.c], [Facts.x] * 10 + [D1.k3], 3)", firstSorted("d1.c", "f.x * 10 + d1.k3", rank: 3)),
        ("Sum(distinct x)", "sum(DISTINCT f.x)"), ("Avg(distinct x)", "avg(DISTINCT f.x)"),
        ("Count([Facts.x] * [Facts.k1])", "count(f.x * f.k1)"), ("Count(distinct [Facts.x] + [Facts.k1])", "count(DISTINCT f.x + f.k1)"),
        ("Max(x, 2)", "list_sort(list_distinct(list(f.x)), 'DESC')[2]"), ("Min([Facts.x] - [D1.k3], 2)", "list_sort(list_distinct(list(f.x - d1.k3)))[2]"),
    ]

    /// Collected aggregations of numbers over the large tables, gathered on several threads or in groups numbered as met.
    static let collected: [(String, String)] = [
        ("Median(x)", "quantile_cont(f.x, 0.5)"), ("Fractile(x, 0.9)", "quantile_cont(f.x, 0.9)"), ("StDev(distinct x)", "stddev_samp(DISTINCT f.x)"),
        ("Max(x, 2)", "list_sort(list_distinct(list(f.x)), 'DESC')[2]"), ("Count(x * 2)", "count(f.x * 2)"),
    ]

    /// FirstSortedValue in SQL: the `rank`-th value by weight among the rows that have both, null when its weight is shared.
    static func firstSorted(_ value: String, _ weight: String, rank r: Int) -> String {
        let filter = "FILTER (WHERE \(value) IS NOT NULL AND \(weight) IS NOT NULL)"
        let weights = "(list(\(weight) ORDER BY \(weight)) \(filter))", values = "(list(\(value) ORDER BY \(weight)) \(filter))"
        let untied = "coalesce(\(weights)[\(r + 1)] <> \(weights)[\(r)], true)" + (r > 1 ? " AND \(weights)[\(r - 1)] <> \(weights)[\(r)]" : "")
        return "CASE WHEN len(\(weights)) >= \(r) AND \(untied) THEN \(values)[\(r)] END"
    }

    /// Whether a column holds a value on several rows.
    static func repeats(_ column: StatesOracleTests.Column) -> Bool {
        let values = column.integers?.compactMap { $0.map(String.init) } ?? column.texts?.compactMap { $0 } ?? []
        return Set(values).count < values.count
    }

    /// Whether the engine's value is DuckDB's (given as text): numbers to 1e-9, texts exactly.
    static func same(_ duck: String?, _ mine: RowValue) -> Bool {
        guard let number = mine.number else { return duck == mine.text }
        return close(duck.flatMap(Double.init), number)
    }

    /// Dimensions and their SQL column, through the joins below.
    static let dimensions: [(String, String, String)] = [
        ("Facts", "k2", "f.k2"), ("Facts", "x", "f.x"), ("D1", "c", "d1.c"), ("D1", "k3", "d1.k3"), ("D2", "d", "d2.d"), ("D3", "e", "d3.e"),
    ]

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (x?, y?): return x == y || abs(x - y) <= 1e-9 * max(abs(x), abs(y))
        default: return false
        }
    }

    @Test("lines and totals equal DuckDB's GROUP BY over 150 random models, dimensions and selections")
    func randomCubes() throws {
        var g = SeededGenerator(seed: 0xC0BE)
        var cases: [[String: Any]] = []
        var expected: [(lines: [[String?]: [RowValue]], totals: [RowValue], label: String)] = []
        for _ in 0..<150 {
            // Fact keys that repeat, so that expressions over facts and D1 or D2 run on the fact rows, as the SQL does: with
            // unique keys the dimension table, reaching the facts from one row to one and having more rows, would be chosen.
            var (tables, links) = StatesOracleTests.randomModel(&g)
            while !tables[0].columns.prefix(2).allSatisfy(Self.repeats) { (tables, links) = StatesOracleTests.randomModel(&g) }
            let model = try StatesOracleTests.engineModel(tables, links)
            let (selection, chosen) = StatesOracleTests.randomSelection(tables, fields: 0...2, absent: false, &g)
            let dims = Array(Self.dimensions.shuffled(using: &g).prefix(Int.random(in: 0...2, using: &g)))
            let cube = Hypercube(dimensions: dims.map { FieldReference(table: $0.0, field: $0.1) },
                                 measures: Self.functions.map { Measure($0.1, FieldAggregation($0.0, FieldReference(table: "Facts", field: "x"))) }
                                    + (try Self.expressions.map { try Measure($0.0) }))
            let result = try model.query(cube, selection: selection)
            var lines: [[String?]: [RowValue]] = [:]
            for line in result.lines { lines[line.dimensionTexts] = line.measures.map(\.value) }
            expected.append((lines, result.totals.map(\.value), "\(dims.map(\.2)) under \(selection.json)"))
            let facts = StatesOracleTests.possibleSQL("Facts", except: nil, selection: chosen, tables: tables, links: links)
            let from = "(\(facts)) f LEFT JOIN D1 d1 ON f.k1 = d1.k1 LEFT JOIN D2 d2 ON f.k2 = d2.k2 LEFT JOIN D3 d3 ON d1.k3 = d3.k3"
            let measures = (Self.functions.map(\.1) + Self.expressions.map(\.1)).joined(separator: ", ")
            let groupBy = dims.isEmpty ? "" : " GROUP BY " + dims.map(\.2).joined(separator: ", ")
            let select = (dims.map(\.2) + [measures]).joined(separator: ", ")
            cases.append([
                "tables": tables.map { t in ["name": t.name, "columns": t.columns.map { ["name": $0.name, "integer": $0.integers != nil, "values": $0.json] }] },
                "queries": ["SELECT \(select) FROM \(from)\(groupBy)", "SELECT \(measures) FROM \(from)"],
            ])
        }
        let path = NSTemporaryDirectory() + "vigie-cubes-\(getpid()).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try JSONSerialization.data(withJSONObject: cases).write(to: URL(fileURLWithPath: path))
        let output = try Oracle.run(code: StatesOracleTests.script, [path])
        let oracle = try #require(try JSONSerialization.jsonObject(with: output) as? [[[[Any]]]])
        #expect(oracle.count == expected.count && oracle.allSatisfy { $0.count == 2 })
        for (c, answers) in oracle.enumerated() {
            let measureCount = Self.functions.count + Self.expressions.count
            let dimensionCount = expected[c].lines.keys.first?.count ?? (answers[0].first.map { $0.count - measureCount } ?? 0)
            var duck: [[String?]: [String?]] = [:]
            for row in answers[0] {
                let texts = row.map { $0 as? String }
                duck[Array(texts.prefix(dimensionCount))] = Array(texts.dropFirst(dimensionCount))
            }
            // With no possible fact row DuckDB still gives one line without dimensions (count 0); the engine gives none.
            if dimensionCount == 0 && expected[c].lines.isEmpty { duck = [:] }
            #expect(Set(duck.keys) == Set(expected[c].lines.keys), "lines of \(expected[c].label)")
            for (key, values) in duck {
                guard let mine = expected[c].lines[key] else { continue }
                #expect(values.count == mine.count && zip(values, mine).allSatisfy(Self.same),
                        "\(key) of \(expected[c].label): DuckDB \(values), Vigie \(mine)")
            }
            let totals = answers[1][0].map { $0 as? String }
            #expect(zip(totals, expected[c].totals).allSatisfy(Self.same), "totals of \(expected[c].label): DuckDB \(totals), Vigie \(expected[c].totals)")
        }
    }

    @Test("large tables: rows split across threads, and groups too many for arrays, equal DuckDB's", arguments: [false, true])
    func large(manyGroups: Bool) throws {
        var g = SeededGenerator(seed: manyGroups ? 7 : 8)
        // 120,000 rows (two threads' worth); with many groups, about 80,000 values of a × 61 of b exceed the arrays' 4 Mi groups.
        let n = 120_000
        let a: [Int64?] = (0..<n).map { _ in Int64.random(in: 0..<(manyGroups ? 150_000 : 40), using: &g) }
        let b: [String?] = (0..<n).map { _ in Int.random(in: 0..<20, using: &g) == 0 ? nil : "v\(Int.random(in: 0..<60, using: &g))" }
        let x: [Int64?] = (0..<n).map { _ in Int.random(in: 0..<10, using: &g) == 0 ? nil : Int64.random(in: -1000...1000, using: &g) }
        let table = StatesOracleTests.Table(name: "Facts", columns: [
            .init(name: "a", integers: a), .init(name: "b", texts: b), .init(name: "x", integers: x),
        ])
        let model = try StatesOracleTests.engineModel([table], [])
        var selection = Selection()
        selection.select((0..<30).map { "v\($0)" }, in: FieldReference(table: "Facts", field: "b"))
        let cube = Hypercube(dimensions: [FieldReference(table: "Facts", field: "a"), FieldReference(table: "Facts", field: "b")],
                             measures: Self.functions.map { Measure($0.1, FieldAggregation($0.0, FieldReference(table: "Facts", field: "x"))) }
                                + (try Self.collected.map { try Measure($0.0) }))
        let result = try model.query(cube, selection: selection)
        let chosen = ["Facts.b": (0..<30).map { "v\($0)" }]
        let sql = StatesOracleTests.possibleSQL("Facts", except: nil, selection: chosen, tables: [table], links: [])
        let measures = (Self.functions.map(\.1) + Self.collected.map(\.1)).joined(separator: ", ")
        let spec: [[String: Any]] = [[
            "tables": [["name": "Facts", "columns": table.columns.map { ["name": $0.name, "integer": $0.integers != nil, "values": $0.json] }]],
            "queries": ["SELECT f.a, f.b, \(measures) FROM (\(sql)) f GROUP BY ALL", "SELECT \(measures) FROM (\(sql)) f"],
        ]]
        let path = NSTemporaryDirectory() + "vigie-large-\(getpid())-\(manyGroups).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try JSONSerialization.data(withJSONObject: spec).write(to: URL(fileURLWithPath: path))
        let oracle = try #require(try JSONSerialization.jsonObject(with: try Oracle.run(code: StatesOracleTests.script, [path])) as? [[[[Any]]]])
        var duck: [[String?]: [Double?]] = [:]
        for row in oracle[0][0] {
            let texts = row.map { $0 as? String }
            duck[Array(texts.prefix(2))] = texts.dropFirst(2).map { $0.flatMap(Double.init) }
        }
        var mine: [[String?]: [Double?]] = [:]
        for line in result.lines { mine[line.dimensionTexts] = line.numbers }
        #expect(duck.count == mine.count && duck.count > (manyGroups ? 50_000 : 1000))
        var mismatches = 0
        for (key, values) in duck where !(mine[key].map { zip(values, $0).allSatisfy(Self.close) } ?? false) { mismatches += 1 }
        #expect(mismatches == 0)
        let totals = oracle[0][1][0].map { ($0 as? String).flatMap(Double.init) }
        #expect(zip(totals, result.totalNumbers).allSatisfy(Self.close), "DuckDB \(totals), Vigie \(result.totalNumbers)")
    }
}
