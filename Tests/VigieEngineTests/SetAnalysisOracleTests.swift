// Set analysis against DuckDB (the oracle): random set expressions —
// from the current selection or from nothing, with modifiers that
// replace, clear, add to, remove from, intersect or flip a field's values
// (by values or by a search), combined by union, intersection, exclusion
// and symmetric difference — over the random snowflake models of the
// state tests. The test builds each set's selection by ASSOCIATIVE.md's
// rule; DuckDB finds the fact rows it makes possible (the SQL of the state
// tests) and combines them by row identity, then groups as the chart does.

import Foundation
import Testing
import VigieTestSupport
@testable import VigieEngine

@Suite("Set analysis against DuckDB", .enabled(if: Oracle.isAvailable))
struct SetAnalysisOracleTests {
    typealias Table = StatesOracleTests.Table

    /// A random set expression, its text and the SQL of the fact rowids it keeps.
    static func randomSet(_ tables: [Table], _ links: [(String, String, String, String)], current: [String: [String]],
                          depth: Int = 0, _ g: inout SeededGenerator) -> (text: String, rowids: String) {
        if depth == 0 && Int.random(in: 0..<4, using: &g) == 0 {
            let a = randomSet(tables, links, current: current, depth: 1, &g), b = randomSet(tables, links, current: current, depth: 1, &g)
            let (op, sql) = [("+", "UNION"), ("*", "INTERSECT"), ("-", "EXCEPT"), ("/", "")].randomElement(using: &g)!
            let left = String(a.text.dropFirst().dropLast()), right = String(b.text.dropFirst().dropLast())
            let rows = sql.isEmpty
                ? "((\(a.rowids)) EXCEPT (\(b.rowids))) UNION ((\(b.rowids)) EXCEPT (\(a.rowids)))"
                : "(\(a.rowids)) \(sql) (\(b.rowids))"
            return ("{\(left) \(op) \(right)}", rows)
        }
        let fromNothing = Bool.random(using: &g)
        var selection = fromNothing ? [:] : current
        var modifiers: [String] = []
        let candidates = tables.flatMap { t in t.columns.map { (t.name, $0) } }
        for _ in 0..<Int.random(in: 0...2, using: &g) {
            let (table, column) = candidates.randomElement(using: &g)!
            let name = "\(table).\(column.name)"
            let domain = Array(Set(column.integers?.compactMap { $0.map(String.init) } ?? column.texts!.compactMap { $0 })).sorted()
            guard !domain.isEmpty else { continue }
            let values = Array(Set((0..<Int.random(in: 1...3, using: &g)).map { _ in domain.randomElement(using: &g)! })).sorted()
            var written = values.map { column.integers != nil ? $0 : "'\($0.replacingOccurrences(of: "'", with: "''"))'" }.joined(separator: ", ")
            var given = values
            if column.integers != nil && Bool.random(using: &g) {
                // A search: the values at least as large as one of them.
                let bound = Int64(values[0])!
                written = "\">=\(bound)\""
                given = domain.filter { Int64($0)! >= bound }
            }
            let free = selection[name] == nil
            let selected = Set(selection[name] ?? domain)
            switch Int.random(in: 0..<6, using: &g) {
            case 0:
                modifiers.append("[\(name)]=")
                selection[name] = nil
            case 1:
                modifiers.append("[\(name)]={\(written)}")
                selection[name] = given
            case 2:
                // Adding to a free field (all its values) changes nothing.
                modifiers.append("[\(name)]+={\(written)}")
                if !free { selection[name] = selected.union(given).sorted() }
            case 3:
                modifiers.append("[\(name)]-={\(written)}")
                selection[name] = selected.subtracting(given).sorted()
            case 4:
                modifiers.append("[\(name)]*={\(written)}")
                selection[name] = selected.intersection(given).sorted()
            default:
                modifiers.append("[\(name)]/={\(written)}")
                selection[name] = selected.symmetricDifference(given).sorted()
            }
        }
        // A field restricted to no value keeps no row: a value no row has stands for it.
        for (name, values) in selection where values.isEmpty {
            let integer = candidates.first { "\($0.0).\($0.1.name)" == name }!.1.integers != nil
            selection[name] = [integer ? "-999999" : "zz-none"]
        }
        let facts = StatesOracleTests.possibleSQL("Facts", except: nil, selection: selection, tables: tables, links: links)
        let text = "{" + (fromNothing ? "1" : "$") + (modifiers.isEmpty ? "" : "<" + modifiers.joined(separator: ", ") + ">") + "}"
        return (text, "SELECT rowid" + facts.dropFirst("SELECT *".count))
    }

    @Test("measures with random set expressions equal DuckDB's over 200 random models, selections and dimensions")
    func randomSets() throws {
        var g = SeededGenerator(seed: 0x5E7)
        var cases: [[String: Any]] = []
        var expected: [OracleCharts.Chart] = []
        let aggregations = [("Sum", "sum(f.x)"), ("Count", "count(f.x)"), ("Count", "count(DISTINCT f.k2)")]
        for _ in 0..<200 {
            let (tables, links) = StatesOracleTests.randomModel(&g)
            let model = try StatesOracleTests.engineModel(tables, links)
            let (selection, chosen) = StatesOracleTests.randomSelection(tables, fields: 0...2, absent: false, &g)
            let dims = Array(QueryOracleTests.dimensions.shuffled(using: &g).prefix(Int.random(in: 0...2, using: &g)))
            let sets = aggregations.map { _ in Self.randomSet(tables, links, current: chosen, &g) }
            let texts = zip(aggregations, sets).enumerated().map { i, pair in
                "\(pair.0.0)(\(pair.1.text) \(i == 2 ? "distinct [Facts.k2]" : "[Facts.x]"))"
            }
            let cube = Hypercube(dimensions: dims.map { FieldReference(table: $0.0, field: $0.1) }, measures: try texts.map { try Measure($0) })
            let result = try model.query(cube, selection: selection)
            var lines: [[String?]: [Double?]] = [:]
            for line in result.lines { lines[line.dimensionTexts] = line.numbers }
            expected.append(OracleCharts.Chart(lines: lines, totals: result.totalNumbers, dimensions: dims.count, label: "\(texts) by \(dims.map(\.2)) under \(selection.json)"))
            var queries: [String] = []
            for (aggregation, set) in zip(aggregations, sets) {
                let from = "(SELECT * FROM \"Facts\" WHERE rowid IN (\(set.rowids))) f LEFT JOIN D1 d1 ON f.k1 = d1.k1 "
                    + "LEFT JOIN D2 d2 ON f.k2 = d2.k2 LEFT JOIN D3 d3 ON d1.k3 = d3.k3"
                let groupBy = dims.isEmpty ? "" : " GROUP BY ALL"
                queries.append("SELECT \((dims.map(\.2) + [aggregation.1]).joined(separator: ", ")) FROM \(from)\(groupBy)")
                queries.append("SELECT \(aggregation.1) FROM \(from)")
            }
            cases.append(OracleCharts.oracleCase(tables, queries))
        }
        let oracle = try OracleCharts.answers(cases, name: "sets")
        for (chart, answers) in zip(expected, oracle) { OracleCharts.compare(chart, answers, empty: [nil, 0, 0]) }
    }
}
