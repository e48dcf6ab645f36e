// The demo group at a tiny scale (a site per activity line, shrunk to a
// few places): the same seed gives the same lake (the same rows in each
// table; a Delta table has no row order, and its files' names are random), the rejects are exactly
// the planted defects, every fact's establishment and every commune code
// exist, a figure of an app equals DuckDB's SQL over the same files
// (oracle: DuckDB, with delta-rs listing the tables' files), and every
// object of every sheet of every app computes, for the whole group and for
// each demo user's rows.

import Foundation
import Parquet
import Testing
import VigieEngine
import VigieLake
import VigieModel
import VigieTestSupport
@testable import VigieDemo

@Suite("vigie demo", .serialized)
struct DemoTests {
    static let scale = 0.002

    /// A demo built once for the suite (seed 7), removed when the tests end.
    static let shared = Result { () throws -> DemoSummary in
        let summary = try Demo.build(DemoOptions(directory: folder("shared"), seed: 7, scale: scale))
        atexit { for folder in DemoTests.folders.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: folder) } }
        return summary
    }

    static let folders = Locked<[String]>([])

    /// A fresh temporary folder, removed when the tests end.
    static func folder(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "vigie-demo-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        folders.withLock { $0.append(path) }
        return path
    }

    /// Every lake table's column names and rows (canonical texts, tab-separated), the rows sorted, by table.
    static func contents(_ root: String) throws -> [String: (columns: [String], rows: [String])] {
        let workspace = try Workspace(at: root)
        var tables: [String: (columns: [String], rows: [String])] = [:]
        for name in workspace.tableNames() {
            let columns = try workspace.table(name).snapshot().read()
            let values = columns.map(Canonical.values)
            let rows = (0..<(columns.first?.rowCount ?? 0)).map { r in values.map { $0[r] ?? "∅" }.joined(separator: "\t") }
            tables[name] = (columns.map(\.descriptor.name), rows.sorted())
        }
        return tables
    }

    /// One column of a lake table, as text.
    static func column(_ root: String, _ table: String, _ name: String, rejects: Bool = false) throws -> [String?] {
        let path = (rejects ? root + "/rejects/" : root + "/lake/") + table
        return try DeltaTable(path: path).snapshot().read(columns: [name]).first.map(Canonical.values) ?? []
    }

    @Test("the same seed and scale give the same tables, row for row; another seed gives others")
    func determinism() throws {
        let first = try Self.shared.get()
        let again = try Demo.build(DemoOptions(directory: Self.folder("again"), seed: 7, scale: Self.scale))
        let a = try Self.contents(first.directory), b = try Self.contents(again.directory)
        #expect(a.keys.sorted() == b.keys.sorted() && a.count >= 29)
        for (name, table) in a.sorted(by: { $0.key < $1.key }) {
            guard let other = b[name] else { continue }
            #expect(table.columns == other.columns && table.rows.count == other.rows.count, "table \(name): columns or row counts differ")
            let row = zip(table.rows, other.rows).first { $0 != $1 }
            #expect(row == nil, "table \(name) differs between two builds of seed 7: \(row.map { "\($0.0) ≠ \($0.1)" } ?? "")")
        }
        #expect(first.defects == again.defects)
        // Another seed: the generator alone (no ingest) already writes other facts.
        let other = Self.folder("other")
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        let context = try DemoContext(options: DemoOptions(seed: 8, scale: Self.scale), root: other, reference: ReferenceData.load())
        _ = try DemoGeneration.run(context: context) { _ in }
        for file in ["sources/optique/ventes-2024.csv", "sources/ehpad/journees-2023.csv", "sources/referentiel/etablissements.csv"] {
            let x = FileManager.default.contents(atPath: first.directory + "/" + file), y = FileManager.default.contents(atPath: other + "/" + file)
            #expect(x != nil && y != nil && x != y, "\(file) is the same with seeds 7 and 8")
        }
    }

    @Test("the rejects zone holds exactly the planted defects, with their file, line and reason")
    func rejectsAreThePlantedDefects() throws {
        let summary = try Self.shared.get()
        #expect(summary.defects.count == 7)
        var found: [String] = []
        for table in summary.tables where table.rejects > 0 {
            let files = try Self.column(summary.directory, table.name, "file", rejects: true)
            let lines = try Self.column(summary.directory, table.name, "line", rejects: true)
            let reasons = try Self.column(summary.directory, table.name, "reason", rejects: true)
            for k in files.indices { found.append("\(table.name) \(files[k] ?? "") \(lines[k] ?? "") \(reasons[k] ?? "")") }
        }
        #expect(found.count == summary.defects.count, "\(found)")
        for defect in summary.defects {
            let name = (defect.file as NSString).lastPathComponent
            #expect(found.contains { $0.hasPrefix("\(defect.table) \(name) \(defect.line) ") && $0.contains(defect.reason) }, "\(defect) not in \(found)")
        }
        // One of each kind the brief lists: a bad date, a text amount, a duplicated key, an unknown establishment, a missing field.
        let reasons = summary.defects.map(\.reason).joined(separator: " | ")
        for kind in ["does not exist in month", "not a number", "duplicate key", "missing lookup: establishment", "has 11 fields"] {
            #expect(reasons.contains(kind), "no planted \(kind)")
        }
    }

    @Test("every fact's establishment exists; every commune code is in the shipped reference list, as five characters")
    func referentialIntegrity() throws {
        let root = try Self.shared.get().directory
        let establishments = Set(try Self.column(root, "establishments", "establishment").compactMap { $0 })
        #expect(establishments.allSatisfy { $0.count == 9 })
        let facts = ["creche_attendance", "creche_opening", "ehpad_days", "ehpad_stays", "dental_acts", "optical_sales", "hearing_acts",
                     "ssiad_visits", "clinic_stays", "ambulance_trips", "teleassistance_subscribers", "staff_fte", "gl_lines"]
        for table in facts {
            let values = Set(try Self.column(root, table, "establishment").map { $0 ?? "(null)" })
            #expect(!values.isEmpty && values.isSubset(of: establishments), "\(table): \(values.subtracting(establishments))")
        }
        let devices = Set(try Self.column(root, "teleassistance_subscribers", "device").compactMap { $0 })
        #expect(Set(try Self.column(root, "teleassistance_events", "device").compactMap { $0 }).isSubset(of: devices))
        // The reference list as shipped (not the lake's copy).
        let text = try String(contentsOfFile: root + "/sources/reference/fr-communes.csv", encoding: .utf8)
        let communes = Set(text.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) })
        #expect(communes.count == 34_867 && communes.contains("01001") && communes.contains("2A004"))
        for (table, column) in [("establishments", "commune"), ("ambulance_trips", "from_commune"), ("ambulance_trips", "to_commune"),
                                ("teleassistance_subscribers", "subscriber_commune"), ("prescribers", "prescriber_commune"),
                                ("competitors", "competitor_commune")] {
            let values = Set(try Self.column(root, table, column).map { $0 ?? "(null)" })
            #expect(!values.isEmpty && values.isSubset(of: communes), "\(table).\(column): \(values.subtracting(communes))")
        }
        let accounts = Set(try Self.column(root, "accounts", "account").compactMap { $0 })
        #expect(Set(try Self.column(root, "gl_lines", "account").compactMap { $0 }).isSubset(of: accounts))
    }

    @Test("the history keeps the merger and a site's move between unions")
    func history() throws {
        let root = try Self.shared.get().directory
        let events = try Self.column(root, "structure_history", "event")
        #expect(events.contains("Fusion dans S11") && events.contains("Absorption de S14"))
        let sites = try Self.column(root, "establishment_history", "establishment")
        let unions = try Self.column(root, "establishment_history", "union_at")
        let moved = Dictionary(grouping: sites.indices, by: { sites[$0] ?? "" }).values.filter { rows in Set(rows.map { unions[$0] }).count > 1 }
        #expect(moved.count == 1, "one site changes union")
    }

    @Test("a query over the optical app equals DuckDB's SQL over the lake's files (revenue by structure)", .enabled(if: Oracle.isAvailable))
    func opticalRevenueByStructureAgainstDuckDB() throws {
        let root = try Self.shared.get().directory
        let workspace = try Workspace(at: root)
        let model = try AppModel.load(path: workspace.appsPath + "/optique.yaml").load(from: workspace)
        let result = try model.query(Hypercube(dimensions: [try model.resolve("structure_name")],
                                               measures: [try Measure("Sum(amount)"), try Measure("Count(distinct customer)")]), selection: Selection())
        let script = """
            import duckdb, json, sys
            from deltalake import DeltaTable
            lake = sys.argv[1]
            con = duckdb.connect()
            for name in ["optical_sales", "establishments", "structures"]:
                files = DeltaTable(lake + "/" + name).file_uris()
                con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({files!r})")
            rows = con.execute('''
                SELECT s.structure_name, sum(v.amount), count(DISTINCT v.customer)
                FROM optical_sales v JOIN establishments e USING (establishment) JOIN structures s ON e.structure = s.structure
                GROUP BY 1 ORDER BY 1''').fetchall()
            print(json.dumps([[str(v) for v in row] for row in rows]))
            """
        let expected = try #require(try JSONSerialization.jsonObject(with: Oracle.run(code: script, [workspace.lakePath])) as? [[String]])
        #expect(!expected.isEmpty && result.lines.count == expected.count)
        for (line, row) in zip(result.lines, expected) {
            #expect(line.dimensionTexts == [row[0]])
            let revenue = try #require(Double(row[1]))
            #expect(abs((line.numbers[0] ?? .nan) - revenue) <= 1e-9 * revenue, "\(line) vs \(row)")
            #expect(line.numbers[1] == Double(row[2]), "\(line) vs \(row)")
        }
    }

    @Test("every app loads; every object of every sheet computes for each demo user, and a structure's user sees a part of the group")
    func appsComputeForEveryUser() throws {
        let root = try Self.shared.get().directory
        let workspace = try Workspace(at: root)
        let names = try FileManager.default.contentsOfDirectory(atPath: workspace.appsPath).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names.count == 10)
        for name in names {
            let app = try LoadedApp.load(path: workspace.appsPath + "/" + name, workspace: workspace)
            #expect(!app.model.sheets.isEmpty && !app.model.measures.isEmpty, "\(name)")
            for user in Demo.users {
                let rights = try #require(app.rights(try UserRights(rules: user.rules, hidden: [])), "\(name): \(user.name)")
                for sheet in app.model.sheets {
                    for object in sheet.objects {
                        if object.kind == .filter {
                            _ = try app.states(of: try app.fields(of: object), selection: Selection(), rights: rights)
                        } else {
                            _ = try app.data(of: object, selection: Selection(), rights: rights, language: .french)
                        }
                    }
                }
            }
            // The first KPI's first measure: a structure's share is at most the group's, and the structures add up to it
            // where the measure is a sum.
            let kpi = try #require(app.model.sheets.first?.objects.first { $0.kind == .kpi }, "\(name)")
            let whole = try app.data(of: kpi, selection: Selection(), rights: Rights(), language: .french).result.lines.first?.numbers.first ?? nil
            let brittany = try app.data(of: kpi, selection: Selection(), rights: try #require(app.rights(UserRights(rules: ["structure in [S01]"], hidden: []))),
                                        language: .french).result.lines.first?.numbers.first ?? nil
            #expect(whole != nil, "\(name): \(kpi.name) has no value for the group")
            let expression = app.model.measure(kpi.measures[0].name)?.expression.text ?? ""
            if let whole, let brittany, expression.hasPrefix("Sum("), !expression.contains("/") {
                #expect(brittany <= whole, "\(name): S01 \(brittany) > group \(whole)")
            }
            // Whatever the measures, the rows a structure's user reaches are a part of the group's, apart from the other's.
            func rows(_ rules: [String]) throws -> Double {
                let rights = try #require(app.rights(try UserRights(rules: rules, hidden: [])))
                return try app.data.query(Hypercube(dimensions: [], measures: [try Measure("Count(*)")]), selection: Selection(), rights: rights)
                    .totals.first?.number ?? 0
            }
            let group = try rows([]), s01 = try rows(["structure in [S01]"]), s13 = try rows(["structure in [S13]"])
            #expect(group > 0 && s01 + s13 <= group, "\(name): S01 \(s01) + S13 \(s13) rows against \(group) for the group")
        }
    }

    @Test("the line apps load their own line's establishments only (the table's where)")
    func lineAppsKeepTheirEstablishments() throws {
        let root = try Self.shared.get().directory
        let workspace = try Workspace(at: root)
        for line in ["creches", "ehpad", "dentaire", "optique", "audition", "ssiad", "cliniques", "ambulances", "teleassistance"] {
            let app = try LoadedApp.load(path: workspace.appsPath + "/\(line).yaml", workspace: workspace)
            let states = try app.states(of: [try app.data.resolve("line")], selection: Selection(), rights: Rights())
            #expect(states.first?.map(\.value) == [line], "\(line): \(states)")
        }
    }
}
