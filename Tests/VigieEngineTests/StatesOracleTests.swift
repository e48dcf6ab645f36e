// Value states against DuckDB (the oracle): random snowflake models with
// nulls, orphans and unmatched keys, random selections, and for every
// field the possible values with their frequencies — and, in selected
// fields, the alternatives — compared with SQL that states ASSOCIATIVE.md's
// rule literally: a table's possible rows are those meeting its own
// selections and, across each link whose far side holds a selection, whose
// key is IN the keys of the far side's possible rows computed without
// coming back over that link.

import Foundation
import Testing
import VigieTestSupport
@testable import VigieEngine

@Suite("Value states against DuckDB", .enabled(if: Oracle.isAvailable))
struct StatesOracleTests {
    /// A column of the random model: its name, and integer or text values (nil: null).
    struct Column {
        var name: String
        var integers: [Int64?]?
        var texts: [String?]?

        var field: EngineField { integers.map { .integer(name, $0) } ?? .text(name, texts!) }
        var json: Any { integers.map { $0.map { $0.map { NSNumber(value: $0) } ?? NSNull() } } ?? texts!.map { $0 ?? NSNull() as Any } }

        func sql(_ value: String) -> String { integers != nil ? value : "'" + value.replacingOccurrences(of: "'", with: "''") + "'" }
    }

    struct Table {
        var name: String
        var columns: [Column]
    }

    /// Facts → D1 → D3, and Facts → D2: keys with values missing on either side, and nulls.
    static func randomModel(_ g: inout SeededGenerator) -> ([Table], [(String, String, String, String)]) {
        func ints(_ n: Int, _ domain: Int, nulls: Double) -> [Int64?] {
            (0..<n).map { _ in Double.random(in: 0..<1, using: &g) < nulls ? nil : Int64.random(in: 0..<Int64(domain), using: &g) }
        }
        func texts(_ n: Int, _ domain: [String], nulls: Double) -> [String?] {
            (0..<n).map { _ in Double.random(in: 0..<1, using: &g) < nulls ? nil : domain.randomElement(using: &g)! }
        }
        let facts = Int.random(in: 5...60, using: &g), d1 = Int.random(in: 2...12, using: &g)
        let d2 = Int.random(in: 2...8, using: &g), d3 = Int.random(in: 1...6, using: &g)
        let lines = ["Crèche", "EHPAD", "Dentaire", "Optique", "l'Audition"]
        let tables = [
            Table(name: "Facts", columns: [
                Column(name: "k1", integers: ints(facts, 14, nulls: 0.1)), Column(name: "k2", texts: texts(facts, ["a", "b", "c", "d", "e", "f"], nulls: 0.1)),
                Column(name: "x", integers: ints(facts, 5, nulls: 0.2)),
            ]),
            // Dimension keys are unique here, as dimension keys are; several facts share them.
            Table(name: "D1", columns: [
                Column(name: "k1", integers: Array(Set((0..<d1).map { _ in Int64.random(in: 0..<14, using: &g) })).sorted().map { $0 }),
                Column(name: "k3", integers: []), Column(name: "c", texts: []),
            ]),
            Table(name: "D2", columns: [
                Column(name: "k2", texts: Array(Set((0..<d2).map { _ in ["a", "b", "c", "d", "e", "f", "g"].randomElement(using: &g)! })).sorted()),
                Column(name: "d", integers: []),
            ]),
            Table(name: "D3", columns: [
                Column(name: "k3", integers: Array(Set((0..<d3).map { _ in Int64.random(in: 0..<5, using: &g) })).sorted().map { $0 }),
                Column(name: "e", texts: []),
            ]),
        ]
        var filled = tables
        let n1 = filled[1].columns[0].integers!.count, n2 = filled[2].columns[0].texts!.count, n3 = filled[3].columns[0].integers!.count
        filled[1].columns[1].integers = ints(n1, 6, nulls: 0.15)
        filled[1].columns[2].texts = texts(n1, lines, nulls: 0.1)
        filled[2].columns[1].integers = ints(n2, 3, nulls: 0.1)
        filled[3].columns[1].texts = texts(n3, ["Bretagne", "Normandie", "Pays de la Loire"], nulls: 0.1)
        return (filled, [("Facts", "k1", "D1", "k1"), ("Facts", "k2", "D2", "k2"), ("D1", "k3", "D3", "k3")])
    }

    /// The engine's model of the random tables.
    static func engineModel(_ tables: [Table], _ links: [(String, String, String, String)]) throws -> DataModel {
        try DataModel(tables: tables.map { t in try EngineTable(name: t.name, fields: t.columns.map(\.field)) },
                      links: links.map { Link(FieldReference(table: $0.0, field: $0.1), FieldReference(table: $0.2, field: $0.3)) })
    }

    /// A selection of 1–3 values in a random number of random fields (with `absent`, sometimes a value no row has),
    /// and the same values by field name for the SQL (without values that cannot be written in the column's type).
    static func randomSelection(_ tables: [Table], fields: ClosedRange<Int>, absent: Bool,
                                _ g: inout SeededGenerator) -> (Selection, [String: [String]]) {
        var selection = Selection()
        var chosen: [String: [String]] = [:]
        let candidates = tables.flatMap { t in t.columns.map { (t.name, $0) } }
        for _ in 0..<Int.random(in: fields, using: &g) {
            let (table, column) = candidates.randomElement(using: &g)!
            let domain = (column.integers?.compactMap { $0.map(String.init) } ?? column.texts!.compactMap { $0 }) + (absent ? ["zz-absent"] : [])
            guard !domain.isEmpty else { continue }
            let values = Array(Set((0..<Int.random(in: 1...3, using: &g)).map { _ in domain.randomElement(using: &g)! })).sorted()
            let reference = FieldReference(table: table, field: column.name)
            selection.select(values, in: reference)
            chosen[reference.description] = values.filter { column.integers == nil || Int64($0) != nil }
        }
        return (selection, chosen)
    }

    /// SQL for the possible rows of `table` under `selection`, not crossing back over link `except`.
    static func possibleSQL(_ table: String, except: Int?, selection: [String: [String]], tables: [Table],
                            links: [(String, String, String, String)]) -> String {
        func column(_ t: String, _ f: String) -> Column { tables.first { $0.name == t }!.columns.first { $0.name == f }! }
        func sideSelected(_ t: String, except link: Int) -> Bool {
            if selection.keys.contains(where: { $0.hasPrefix(t + ".") }) { return true }
            for (i, l) in links.enumerated() where i != link && (l.0 == t || l.2 == t) {
                if sideSelected(l.0 == t ? l.2 : l.0, except: i) { return true }
            }
            return false
        }
        var conditions: [String] = []
        for (name, values) in selection.sorted(by: { $0.key < $1.key }) where name.hasPrefix(table + ".") {
            let field = String(name.dropFirst(table.count + 1))
            conditions.append("\"\(field)\" IN (\(values.map { column(table, field).sql($0) }.joined(separator: ", ")))")
        }
        for (i, l) in links.enumerated() where i != except && (l.0 == table || l.2 == table) {
            let (mine, other, theirs) = l.0 == table ? (l.1, l.2, l.3) : (l.3, l.0, l.1)
            guard sideSelected(other, except: i) else { continue }
            let inner = possibleSQL(other, except: i, selection: selection, tables: tables, links: links)
            conditions.append("\"\(mine)\" IN (SELECT \"\(theirs)\" FROM (\(inner)))")
        }
        return "SELECT * FROM \"\(table)\"" + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND "))
    }

    /// Loads each case's tables into DuckDB and runs its queries; every value comes back as text (or null).
    static let script = """
        import duckdb, json, sys
        spec = json.load(open(sys.argv[1]))
        out = []
        for case in spec:
            con = duckdb.connect()
            # On a loaded machine a query outlasts the progress bar's delay, and the bar would go into the JSON on stdout.
            con.execute("SET enable_progress_bar=false")
            for table in case["tables"]:
                cols = table["columns"]
                defs = ", ".join(f'"{c["name"]}" {"BIGINT" if c["integer"] else "VARCHAR"}' for c in cols)
                con.execute(f'CREATE TABLE "{table["name"]}" ({defs})')
                rows = list(zip(*[c["values"] for c in cols])) if cols and cols[0]["values"] else []
                if rows:
                    con.executemany(f'INSERT INTO "{table["name"]}" VALUES ({", ".join("?" for _ in cols)})', rows)
            answers = []
            for q in case["queries"]:
                answers.append([[None if v is None else str(v) for v in row] for row in con.execute(q).fetchall()])
            out.append(answers)
        print(json.dumps(out))
        """

    @Test("possible values, frequencies and alternatives equal DuckDB's over 150 random models and selections")
    func randomStates() throws {
        var g = SeededGenerator(seed: 0xA550C1A7)
        var cases: [[String: Any]] = []
        var expected: [[[String: Int]]] = []
        var labels: [[String]] = []
        for _ in 0..<150 {
            let (tables, links) = Self.randomModel(&g)
            let model = try Self.engineModel(tables, links)
            // One to three fields, each with one to three values (sometimes a value the field lacks).
            let (selection, chosen) = Self.randomSelection(tables, fields: 1...3, absent: true, &g)
            let candidates = tables.flatMap { t in t.columns.map { (t.name, $0) } }
            var queries: [String] = []
            var answers: [[String: Int]] = []
            var names: [String] = []
            for (table, column) in candidates {
                let reference = FieldReference(table: table, field: column.name)
                let states = try model.states(of: reference, selection: selection)
                let sql = Self.possibleSQL(table, except: nil, selection: chosen, tables: tables, links: links)
                queries.append("SELECT \"\(column.name)\", count(*) FROM (\(sql)) GROUP BY ALL")
                answers.append(Dictionary(uniqueKeysWithValues: states.filter { $0.frequency > 0 }.map { ($0.value ?? "-", $0.frequency) }))
                names.append("possible \(reference)")
                if let values = chosen[reference.description] {
                    var without = chosen
                    without[reference.description] = nil
                    let sqlWithout = Self.possibleSQL(table, except: nil, selection: without, tables: tables, links: links)
                    let list = values.map { column.sql($0) }.joined(separator: ", ")
                    queries.append("SELECT \"\(column.name)\", 0 FROM (\(sqlWithout)) WHERE \"\(column.name)\" IS NOT NULL AND \"\(column.name)\" NOT IN (\(list)) GROUP BY ALL")
                    answers.append(Dictionary(uniqueKeysWithValues: states.filter { $0.state == .alternative }.map { ($0.value ?? "-", 0) }))
                    names.append("alternatives \(reference)")
                }
            }
            cases.append([
                "tables": tables.map { t in ["name": t.name, "columns": t.columns.map { ["name": $0.name, "integer": $0.integers != nil, "values": $0.json] }] },
                "queries": queries,
            ])
            expected.append(answers)
            labels.append(names.map { "\($0) under \(selection.json)" })
        }
        let path = NSTemporaryDirectory() + "vigie-states-\(getpid()).json"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try JSONSerialization.data(withJSONObject: cases).write(to: URL(fileURLWithPath: path))
        let output = try Oracle.run(code: Self.script, [path])
        let oracle = try #require(try JSONSerialization.jsonObject(with: output) as? [[[[Any]]]])
        var compared = 0
        for (c, answers) in oracle.enumerated() {
            for (q, rows) in answers.enumerated() {
                let duck = Dictionary(uniqueKeysWithValues: rows.map { (($0[0] as? String) ?? "-", ($0[1] as? String).flatMap { Int($0) } ?? -1) })
                #expect(duck == expected[c][q], "\(labels[c][q])")
                compared += 1
            }
        }
        #expect(compared > 1000)
    }
}
