// Pipelines end to end: files as they arrive → raw/, the lake and rejects/.

import Foundation
import Parquet
import Testing
@testable import VigieLake
import VigieTestSupport

@Suite("Ingest")
struct IngestTests {
    static func workspace() throws -> Workspace {
        try Workspace.create(at: LakeFixtures.temporaryDirectory("ingest"))
    }

    static func write(_ ws: Workspace, _ name: String, _ text: String, windows1252: Bool = false) throws -> String {
        let path = ws.root + "/" + name
        let data = windows1252 ? Data(CSVFixture.windows1252(text)) : Data(text.utf8)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    static let pipeline = """
    name: creches
    source:
      format: csv
      path: inbox/*.csv
    target:
      table: attendance
      key: [establishment, child, day]
    schema:
      - { name: establishment, type: string, required: true }
      - { name: commune, type: string }
      - { name: child, type: string, required: true }
      - { name: day, type: date, required: true }
      - { name: hours, type: "decimal(6,2)" }
    transforms:
      - rename: { "Établissement": establishment, Commune: commune, Enfant: child, Jour: day, Heures: hours }
    """

    static let export = """
    Établissement;Commune;Enfant;Jour;Heures\r
    Crèche Les Écureuils;01001;E1;03/03/2025;7,50\r
    Crèche Les Écureuils;01001;E2;03/03/2025;1 007,25\r
    Crèche du Port;2A004;E3;31/02/2025;8,00\r
    Crèche du Port;2A004;;04/03/2025;6,00\r
    Crèche du Port;2A004;E1;03/03/2025;2,00\r
    Crèche Les Écureuils;01001;E1;03/03/2025;9,00\r
    Total;;;;1 039,75\r

    """

    func read(_ ws: Workspace, _ table: String, _ columns: [String]) throws -> [[String?]] {
        let data = try DeltaTable(path: ws.lakePath + "/" + table).snapshot().read(columns: columns)
        return canonicalRows(data.map { ($0.descriptor.name, Canonical.values($0)) })
    }

    @Test("a French Windows-1252 export lands in the table; each bad row is rejected with line, column, reason and raw text")
    func frenchExport() throws {
        let ws = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: ws.root) }
        try FileManager.default.createDirectory(atPath: ws.root + "/inbox", withIntermediateDirectories: true)
        let file = try Self.write(ws, "inbox/presence-mars.csv", Self.export, windows1252: true)
        let ingest = Ingest(workspace: ws, pipeline: try Pipeline.parse(Self.pipeline, file: "creches.yaml"))
        let report = try ingest.run(file: file)
        #expect(report.rowsRead == 6 && report.rowsAccepted == 3 && report.rejects.count == 3)
        #expect(report.version == 1)
        let reasons = Dictionary(uniqueKeysWithValues: report.rejects.map { ($0.line, $0) })
        #expect(reasons[4]?.column == "Jour" && reasons[4]?.reason.contains("31") == true)
        #expect(reasons[5]?.reason.contains("required field 'child'") == true)
        #expect(reasons[7]?.reason.contains("duplicate key") == true && reasons[7]?.raw.contains("Crèche Les Écureuils;01001;E1") == true)
        #expect(try read(ws, "attendance", ["commune", "child", "hours"]) == [["01001", "E1", "7.50"], ["01001", "E2", "1007.25"], ["2A004", "E1", "2.00"]])
        // The source is kept verbatim, once; the rejects are a table of their own; the lineage is in the log.
        #expect(try Data(contentsOf: URL(fileURLWithPath: ws.rawPath + "/" + report.sha256 + ".csv")) == Data(contentsOf: URL(fileURLWithPath: file)))
        let rejects = try DeltaTable(path: ws.rejectsPath + "/attendance").snapshot().read(columns: ["line", "reason"])
        #expect(rejects.first?.rowCount == 3)
        let info = try DeltaTable(path: ws.lakePath + "/attendance").log.actions(version: 1).compactMap { if case let .commitInfo(i) = $0 { i } else { nil } }.first
        #expect(info?["vigie.sourceHash"]?.stringValue == report.sha256 && info?["vigie.rowsRejected"]?.int64Value == 3)
        // The same file again is a reported no-op.
        let again = try ingest.run(file: file)
        #expect(again.version == nil && again.skipped?.contains("already ingested") == true)
        #expect(try DeltaTable(path: ws.lakePath + "/attendance").snapshot().version == 1)
    }

    @Test("above the reject threshold nothing is committed; a missing required column rejects the whole file")
    func thresholdAndMissingColumn() throws {
        let ws = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: ws.root) }
        var pipeline = try Pipeline.parse(Self.pipeline, file: "creches.yaml")
        pipeline.maxRejectRatio = 0.2
        let file = try Self.write(ws, "a.csv", Self.export, windows1252: true)
        let report = try Ingest(workspace: ws, pipeline: pipeline).run(file: file)
        #expect(report.version == nil && report.skipped?.contains("nothing committed") == true)
        #expect(!FileManager.default.fileExists(atPath: ws.lakePath + "/attendance/_delta_log"))
        #expect(try DeltaTable(path: ws.rejectsPath + "/attendance").snapshot().read().first?.rowCount == 3)
        let noChild = try Self.write(ws, "b.csv", "Établissement;Commune;Jour;Heures\nCrèche du Port;2A004;04/03/2025;6,00\n")
        let refused = try Ingest(workspace: ws, pipeline: pipeline).run(file: noChild)
        #expect(refused.version == nil && refused.rejects.count == 1 && refused.rejects[0].reason.contains("required column 'child' is missing"))
    }

    @Test("a new column in a later export is added as nullable; upsert replaces rows by key")
    func evolutionAndUpsert() throws {
        let ws = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: ws.root) }
        let p = Pipeline(name: "structures", format: .csv, sourcePath: "s.csv", table: "structures", mode: .upsert, key: ["code"],
                         schema: [PipelineField(name: "code", type: .string, required: true), PipelineField(name: "name", type: .string)])
        let first = try Self.write(ws, "s1.csv", "code;name\nS03;Mutualité Bretagne\nS07;Mutualité Loire\n")
        _ = try Ingest(workspace: ws, pipeline: p).run(file: first)
        let second = try Self.write(ws, "s2.csv", "code;name;union\nS07;Mutualité Pays de la Loire;Ouest\nS11;Mutualité Corse;Sud\n")
        let report = try Ingest(workspace: ws, pipeline: p).run(file: second)
        #expect(report.warnings.contains { $0.contains("new column 'union'") })
        #expect(try read(ws, "structures", ["code", "name", "union"]) == [
            ["S03", "Mutualité Bretagne", nil], ["S07", "Mutualité Pays de la Loire", "Ouest"], ["S11", "Mutualité Corse", "Sud"],
        ])
    }

    @Test("NDJSON and XLSX sources, with derive, filter and lookup")
    func otherSourcesAndTransforms() throws {
        let ws = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: ws.root) }
        let structures = Pipeline(name: "establishments", format: .ndjson, sourcePath: "e.ndjson", table: "establishments")
        let lines = """
        {"establishment": "E01", "structure": "S03", "places": 40}
        {"establishment": "E02", "structure": "S07", "places": 25}
        not json
        """
        let e = try Self.write(ws, "e.ndjson", lines)
        let er = try Ingest(workspace: ws, pipeline: structures).run(file: e)
        #expect(er.rowsAccepted == 2 && er.rejects.count == 1 && er.rejects[0].line == 3)
        let workbook = try XLSXFixture.zip(XLSXFixture.parts(sheets: [("Budget", """
        <row r="1"><c r="A1" t="inlineStr"><is><t>Budget 2025</t></is></c></row>
        <row r="3"><c r="A3" t="inlineStr"><is><t>establishment</t></is></c><c r="B3" t="inlineStr"><is><t>hours</t></is></c></row>
        <row r="4"><c r="A4" t="inlineStr"><is><t>E01</t></is></c><c r="B4"><v>300</v></c></row>
        <row r="5"><c r="A5" t="inlineStr"><is><t>E02</t></is></c><c r="B5"><v>0</v></c></row>
        <row r="6"><c r="A6" t="inlineStr"><is><t>E09</t></is></c><c r="B6"><v>10</v></c></row>
        """)]))
        let x = ws.root + "/budget.xlsx"
        try workbook.write(to: URL(fileURLWithPath: x))
        let budget = Pipeline(name: "budget", format: .xlsx, sourcePath: "budget.xlsx", table: "budget", headerRow: 3)
        var withTransforms = budget
        withTransforms.transforms = [
            .filter("hours > 0"),
            .lookup(table: "establishments", key: "establishment", fields: ["structure", "places"]),
            .derive([(field: "per_place", expression: "hours / places")]),
        ]
        let report = try Ingest(workspace: ws, pipeline: withTransforms).run(file: x)
        #expect(report.rowsAccepted == 1)
        #expect(report.rejects.count == 1 && report.rejects[0].reason.contains("missing lookup") && report.rejects[0].line == 6)
        #expect(try read(ws, "budget", ["establishment", "structure", "per_place"]) == [["E01", "S03", "7.500000"]])
    }

    @Test("NDJSON with CR LF line ends: every line is a row; ISO timestamps with T and Z cast to timestamps")
    func ndjsonWindowsLinesAndTimestamps() throws {
        let ws = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: ws.root) }
        let file = try Self.write(ws, "events.ndjson", "{\"device\": \"D1\", \"at\": \"2024-03-01T03:12:45Z\"}\r\n"
            + "{\"device\": \"D2\", \"at\": \" 2024-03-01 23:59:59\"}\r\n\r\n{\"device\": \"D3\", \"at\": \"2024-03-0\r\n")
        let pipeline = Pipeline(name: "events", format: .ndjson, sourcePath: "events.ndjson", table: "events",
                                schema: [PipelineField(name: "device", type: .string), PipelineField(name: "at", type: .timestamp)],
                                transforms: [.cast([(field: "at", type: .timestamp)])])
        let report = try Ingest(workspace: ws, pipeline: pipeline).run(file: file)
        #expect(report.rowsAccepted == 2 && report.rejects.count == 1 && report.rejects[0].line == 4, "\(report.rejects)")
        #expect(try read(ws, "events", ["device", "at"]) == [["D1", "1709262765000000000Z"], ["D2", "1709337599000000000Z"]])
    }
}
