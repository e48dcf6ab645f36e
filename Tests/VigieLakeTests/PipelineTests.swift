import Foundation
import Testing
@testable import VigieLake

@Suite("Pipelines as YAML")
struct PipelineTests {
    static let example = """
    name: creches-attendance
    source:
      format: csv
      path: inbox/creches/*.csv
      csv: { separator: ";", encoding: windows-1252, decimal: ",", thousands: " " }
    target:
      table: creches_attendance
      mode: upsert
      key: [child, day]
    schema:
      - { name: establishment, type: string, required: true }
      - { name: child, type: string, required: true }
      - { name: day, type: date, required: true }
      - { name: hours, type: "decimal(6,2)" }
      - { name: commune, type: text }
    transforms:
      - rename: { "Code établissement": establishment, Enfant: child }
      - cast: { hours: double }
      - derive: { month: "month(day)", label: "establishment & ' ' & child" }
      - filter: "hours > 0"
      - drop: [note]
      - lookup: { table: establishments, key: establishment, fields: [structure, union] }
    rejects:
      max_ratio: 0.05
    """

    @Test("a full pipeline loads, and writes back to YAML that loads the same")
    func roundTrip() throws {
        let p = try Pipeline.parse(Self.example, file: "pipelines/creches.yaml")
        #expect(p.name == "creches-attendance" && p.format == .csv && p.mode == .upsert && p.key == ["child", "day"])
        #expect(p.csvOptions == ["separator": ";", "encoding": "windows-1252", "decimal": ",", "thousands": " "])
        #expect(p.schema?.map(\.type) == [.string, .string, .date, .decimal(precision: 6, scale: 2), .string])
        #expect(p.schema?.first?.required == true)
        #expect(p.transforms.count == 6)
        #expect(p.transforms[0] == .rename([(from: "Code établissement", to: "establishment"), (from: "Enfant", to: "child")]))
        #expect(p.transforms[5] == .lookup(table: "establishments", key: "establishment", fields: ["structure", "union"]))
        #expect(p.maxRejectRatio == 0.05)
        #expect(try Pipeline.parse(p.yaml(), file: "again.yaml") == p)
    }

    @Test("mistakes are reported with the file, the line and what is wrong", arguments: [
        ("name: x\nsource: { format: csv, path: a.csv }\ntarget: { table: t }\nschema:\n  - { name: a, type: wat }\n", "line 5", "unknown type 'wat'"),
        ("name: x\nsource: { format: parquet, path: a }\ntarget: { table: t }\n", "line 2", "unknown source format 'parquet'"),
        ("name: x\nsource: { format: csv, path: a.csv }\ntarget: { table: t, mode: upsert }\n", "line 3", "needs a key"),
        ("name: x\nsource: { format: csv, path: a.csv }\ntarget: { table: t }\ntransforms:\n  - explode: {}\n", "line 5", "unknown transform 'explode'"),
        ("name: x\nsource: { format: csv, path: a.csv }\ntarget: { table: t }\nsurprise: 1\n", "line 4", "unknown key 'surprise'"),
        ("name: x\nsource: [", "pipelines/bad.yaml", "invalid YAML"),
    ])
    func errors(text: String, place: String, message: String) {
        #expect { try Pipeline.parse(text, file: "pipelines/bad.yaml") } throws: { error in
            let text = "\(error)"
            return text.contains("pipelines/bad.yaml") && text.contains(place) && text.contains(message)
        }
    }
}
