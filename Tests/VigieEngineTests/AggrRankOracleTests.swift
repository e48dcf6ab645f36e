// Aggr() and Rank() against DuckDB (the oracle), on the random snowflake
// models of the state tests: an aggregation of Aggr's values is the SQL
// aggregation of a grouped subquery (grouped by the chart's dimensions and
// Aggr's), and Rank(total …, 1) is SQL's rank() over the chart's lines.

import Foundation
import Testing
import VigieTestSupport
@testable import VigieEngine

@Suite("Aggr and Rank against DuckDB", .enabled(if: Oracle.isAvailable))
struct AggrRankOracleTests {
    /// Each measure, the SQL of its inner value per combination (nil: a plain aggregation) and the outer aggregation.
    static let measures: [(String, inner: (dimension: String, value: String)?, outer: String)] = [
        ("Avg(Aggr(Sum([Facts.x]), [Facts.k2]))", ("f.k2", "sum(f.x)"), "avg(v)"),
        ("Max(Aggr(Count(distinct [Facts.x]), [D1.c]))", ("d1.c", "count(DISTINCT f.x)"), "max(v)"),
        ("Count(Aggr(Sum([Facts.x]), [D2.d]))", ("d2.d", "sum(f.x)"), "count(v)"),
        ("Sum(distinct Aggr(Min([Facts.x]), [Facts.k2]))", ("f.k2", "min(f.x)"), "sum(DISTINCT v)"),
        ("Median(Aggr(Sum([Facts.x]), [D1.c]))", ("d1.c", "sum(f.x)"), "median(v)"),
        ("StDev(Aggr(Count([Facts.x]), [Facts.k2]))", ("f.k2", "count(f.x)"), "stddev_samp(v)"),
        ("Rank(total Sum([Facts.x]), 1)", nil, "CASE WHEN v IS NULL THEN NULL ELSE rank() OVER (ORDER BY v DESC NULLS LAST) END"),
        // `total <D1.c>`: the sum over the lines of the same D1.c (all lines when D1.c is not a dimension of the chart).
        ("Sum(total <[D1.c]> [Facts.x])", nil, "sum(v) OVER (PARTITION BY %)"),
    ]

    @Test("aggregations of Aggr() and Rank() over lines and totals equal DuckDB's grouped subqueries over 80 random cases")
    func randomCases() throws {
        var g = SeededGenerator(seed: 0xA66)
        var cases: [[String: Any]] = []
        var expected: [OracleCharts.Chart] = []
        for _ in 0..<80 {
            let (tables, links) = StatesOracleTests.randomModel(&g)
            let model = try StatesOracleTests.engineModel(tables, links)
            let (selection, chosen) = StatesOracleTests.randomSelection(tables, fields: 0...2, absent: false, &g)
            let dims = Array(QueryOracleTests.dimensions.shuffled(using: &g).prefix(Int.random(in: 0...2, using: &g)))
            let cube = Hypercube(dimensions: dims.map { FieldReference(table: $0.0, field: $0.1) },
                                 measures: try Self.measures.map { try Measure($0.0) })
            let result = try model.query(cube, selection: selection)
            var lines: [[String?]: [Double?]] = [:]
            for line in result.lines { lines[line.dimensionTexts] = line.numbers }
            expected.append(OracleCharts.Chart(lines: lines, totals: result.totalNumbers, dimensions: dims.count, label: "\(dims.map(\.2)) under \(selection.json)"))
            let facts = StatesOracleTests.possibleSQL("Facts", except: nil, selection: chosen, tables: tables, links: links)
            let from = "(\(facts)) f LEFT JOIN D1 d1 ON f.k1 = d1.k1 LEFT JOIN D2 d2 ON f.k2 = d2.k2 LEFT JOIN D3 d3 ON d1.k3 = d3.k3"
            let groups = dims.enumerated().map { "\($1.2) AS g\($0)" }
            let names = dims.indices.map { "g\($0)" }
            var queries: [String] = []
            for (_, inner, outer) in Self.measures {
                if let inner {
                    let grouped = "SELECT \((groups + ["\(inner.dimension) AS a", "\(inner.value) AS v"]).joined(separator: ", ")) FROM \(from) GROUP BY ALL"
                    queries.append("SELECT \((names + [outer]).joined(separator: ", ")) FROM (\(grouped)) GROUP BY ALL")
                    let whole = "SELECT \(inner.dimension) AS a, \(inner.value) AS v FROM \(from) GROUP BY ALL"
                    queries.append("SELECT \(outer) FROM (\(whole))")
                } else {
                    let grouped = "SELECT \((groups + ["sum(f.x) AS v"]).joined(separator: ", ")) FROM \(from)\(dims.isEmpty ? "" : " GROUP BY ALL")"
                    let partition = dims.firstIndex { $0.2 == "d1.c" }.map { "g\($0)" } ?? "NULL"
                    queries.append("SELECT \((names + [outer.replacingOccurrences(of: "%", with: partition)]).joined(separator: ", ")) FROM (\(grouped))")
                    queries.append(outer.contains("%") ? "SELECT sum(f.x) FROM \(from)" : "SELECT NULL")
                }
            }
            cases.append(OracleCharts.oracleCase(tables, queries))
        }
        let oracle = try OracleCharts.answers(cases, name: "aggr")
        for (chart, answers) in zip(expected, oracle) { OracleCharts.compare(chart, answers, empty: Self.measures.map { _ in nil }) }
    }
}
