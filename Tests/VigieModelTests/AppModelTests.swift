// App files: parsing, errors that name the file and line, loading lake tables.

import Foundation
import Testing
import VigieEngine
import VigieLake
@testable import VigieModel

@Suite("App models")
struct AppModelTests {
    @Test("an app names lake tables, optional field lists and links")
    func parse() throws {
        let app = try AppModel.parse("""
            name: Activité
            tables:
              - name: Activity
                lake: activity
                fields: [structure, amount]
              - Structures
            links:
              - Activity.structure = Structures.code
            """, file: "apps/activity.yaml")
        #expect(app == AppModel(name: "Activité", tables: [
            .init(name: "Activity", lake: "activity", fields: ["structure", "amount"]), .init(name: "Structures"),
        ], links: [Link(FieldReference(table: "Activity", field: "structure"), FieldReference(table: "Structures", field: "code"))]))
    }

    @Test("mistakes name the file, the line and what is expected", arguments: [
        ("tables:\n  - name: A\n    lake: a\n    colour: red\n", "line 4", "unknown key 'colour'"),
        ("tables:\n  - A\nlinks:\n  - A.x == B.y\n", "line 4", "Table.field = OtherTable.field"),
        ("name: x\n", "line 1", "needs a list of tables"),
        ("tables: [A\n", "apps/bad.yaml", "invalid YAML"),
        ("tables:\n  - name: A\n    where: \"beds >\"\n", "line 3", "where beds >"),
    ])
    func mistakes(_ text: String, _ place: String, _ message: String) throws {
        #expect { try AppModel.parse(text, file: "apps/bad.yaml") } throws: { error in
            "\(error)".contains(place) && "\(error)".contains(message) && "\(error)".contains("apps/bad.yaml")
        }
    }

    @Test("loading reads each lake table's columns into fields of the right types, and refuses a loop")
    func load() throws {
        let root = NSTemporaryDirectory() + "vigie-app-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ws = try Workspace.create(at: root)
        try "code;opened;beds;rate;open\nS1;2020-01-15;40;1,5;true\nS2;2021-06-01;;2;false\n".write(toFile: root + "/s.csv", atomically: true, encoding: .utf8)
        _ = try Ingest(workspace: ws, pipeline: Pipeline(name: "s", format: .csv, sourcePath: root + "/s.csv", table: "structures")).run(file: root + "/s.csv")
        let model = try AppModel(name: "a", tables: [.init(name: "S", lake: "structures")], links: []).load(from: ws)
        let fields = model.tables[0].fields
        #expect(fields.map(\.type) == [.text, .date, .integer, .number, .bool])
        #expect(fields[1].symbols.text(0) == "2020-01-15" && fields[2].codes[1] == fields[2].nullCode)
        #expect(fields[3].numbers == [1.5, 2])
        let loop = AppModel(name: "a", tables: [.init(name: "S", lake: "structures"), .init(name: "T", lake: "structures")],
                            links: [Link(FieldReference(table: "S", field: "code"), FieldReference(table: "T", field: "code")),
                                    Link(FieldReference(table: "T", field: "beds"), FieldReference(table: "S", field: "beds"))])
        #expect { try loop.load(from: ws) } throws: { "\($0)".contains("closes a loop") }
    }

    @Test("a table's where keeps the rows that meet it; values no kept row has leave the fields; a bad field is named")
    func whereKeepsRows() throws {
        let root = NSTemporaryDirectory() + "vigie-app-where-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ws = try Workspace.create(at: root)
        try "code;line;beds\nS1;ehpad;40\nS2;creche;\nS3;ehpad;90\nS4;clinic;120\n".write(toFile: root + "/s.csv", atomically: true, encoding: .utf8)
        _ = try Ingest(workspace: ws, pipeline: Pipeline(name: "s", format: .csv, sourcePath: root + "/s.csv", table: "sites")).run(file: root + "/s.csv")
        let app = try AppModel.parse("""
            tables:
              - {name: Sites, lake: sites, where: "line = 'ehpad' or beds > 100"}
            """, file: "apps/sites.yaml")
        let table = try app.load(from: ws).tables[0]
        #expect(table.rowCount == 3)
        let code = try #require(table.field("code"))
        #expect((0..<code.symbols.count).map { code.symbols.text($0) } == ["S1", "S3", "S4"])
        #expect(try #require(table.field("line")).symbols.count == 2)
        let unknown = try AppModel.parse("tables:\n  - {name: Sites, lake: sites, where: \"colour = 'red'\"}\n", file: "apps/sites.yaml")
        #expect { try unknown.load(from: ws) } throws: { "\($0)".contains("line 2") && "\($0)".contains("no field colour in table Sites") }
    }

    @Test("labels name fields for users, in their language; a label of no field is refused with its line")
    func labels() throws {
        let root = NSTemporaryDirectory() + "vigie-app-labels-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ws = try Workspace.create(at: root)
        try "code;line\nS1;ehpad\n".write(toFile: root + "/s.csv", atomically: true, encoding: .utf8)
        _ = try Ingest(workspace: ws, pipeline: Pipeline(name: "s", format: .csv, sourcePath: root + "/s.csv", table: "sites")).run(file: root + "/s.csv")
        try "tables: [{name: Sites, lake: sites}]\nlabels:\n  code: {fr: Établissement, en: Site}\n  Sites.line: Activité\n"
            .write(toFile: ws.appsPath + "/a.yaml", atomically: true, encoding: .utf8)
        let app = try LoadedApp.load(path: ws.appsPath + "/a.yaml", workspace: ws)
        #expect(app.model.label(of: try app.data.resolve("code"), .french) == "Établissement")
        #expect(app.model.label(of: try app.data.resolve("code"), .english) == "Site")
        #expect(app.model.label(of: try app.data.resolve("line"), .english) == "Activité")
        try "tables: [{name: Sites, lake: sites}]\nlabels:\n  code: Site\n  colour: Couleur\n".write(toFile: ws.appsPath + "/b.yaml", atomically: true, encoding: .utf8)
        #expect { try LoadedApp.load(path: ws.appsPath + "/b.yaml", workspace: ws) } throws: { "\($0)".contains("line 4") && "\($0)".contains("colour") }
    }
}
