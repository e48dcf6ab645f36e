// Shared by the DuckDB differential tests of charts: running the cases in
// DuckDB, and comparing a chart computed one measure per pair of queries
// (its lines, then its total) with the engine's lines and totals.

import Foundation
import Testing
import VigieTestSupport

enum OracleCharts {
    /// One case for the oracle script: the tables to create and the queries to run.
    static func oracleCase(_ tables: [StatesOracleTests.Table], _ queries: [String]) -> [String: Any] {
        ["tables": tables.map { t in ["name": t.name, "columns": t.columns.map { ["name": $0.name, "integer": $0.integers != nil, "values": $0.json] }] },
         "queries": queries]
    }

    /// Each case's answers from DuckDB: for each query, its rows, each value as text or null.
    static func answers(_ cases: [[String: Any]], name: String) throws -> [[[[Any]]]] {
        let path = NSTemporaryDirectory() + "vigie-\(name)-\(getpid()).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try JSONSerialization.data(withJSONObject: cases).write(to: URL(fileURLWithPath: path))
        let oracle = try #require(try JSONSerialization.jsonObject(with: try Oracle.run(code: StatesOracleTests.script, [path])) as? [[[[Any]]]])
        #expect(oracle.count == cases.count)
        return oracle
    }

    /// The engine's chart: its lines by dimension texts, its totals, and how to name it in a failure.
    struct Chart {
        var lines: [[String?]: [Double?]]
        var totals: [Double?]
        var dimensions: Int
        var label: String
    }

    /// Compares `chart` with answers holding, for each measure, the query of its lines (dimension values then the
    /// measure's) and that of its total. A line missing from a measure's answer takes its `empty` value. Without
    /// dimensions only the totals are compared: DuckDB gives a line even over no row.
    static func compare(_ chart: Chart, _ answers: [[[Any]]], empty: [Double?]) {
        let n = chart.dimensions
        var duck: [[String?]: [Double?]] = [:]
        for m in empty.indices {
            for row in answers[2 * m] {
                let texts = row.map { $0 as? String }
                duck[Array(texts.prefix(n)), default: empty][m] = texts[n].flatMap(Double.init)
            }
        }
        if n > 0 {
            #expect(Set(duck.keys) == Set(chart.lines.keys), "lines of \(chart.label)")
            for (key, values) in duck {
                guard let mine = chart.lines[key] else { continue }
                #expect(zip(values, mine).allSatisfy(QueryOracleTests.close), "\(key) of \(chart.label): DuckDB \(values), Vigie \(mine)")
            }
        }
        let totals = empty.indices.map { answers[2 * $0 + 1].first?.first.flatMap { $0 as? String }.flatMap(Double.init) }
        #expect(zip(totals, chart.totals).allSatisfy(QueryOracleTests.close), "totals of \(chart.label): DuckDB \(totals), Vigie \(chart.totals)")
    }
}
