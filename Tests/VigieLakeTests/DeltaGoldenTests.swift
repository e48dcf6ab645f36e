// The Delta project's golden tables (../shared/data/delta-golden, read in
// place), each compared with delta-rs (oracle: the `deltalake` package
// through Tests/Oracles/delta_canonical.py). Where delta-rs itself is wrong
// or refuses a table Vigie reads, the table's own statistics are the oracle.

import Foundation
import Parquet
import Testing
@testable import VigieLake
import VigieTestSupport

/// Rows of canonical values, sorted, so two readers that return files in different orders compare equal.
func canonicalRows(_ columns: [(name: String, values: [String?])]) -> [[String?]] {
    guard let n = columns.first?.values.count else { return [] }
    let rows = (0..<n).map { r in columns.map { $0.values[r] } }
    return rows.sorted { a, b in a.map { $0 ?? "\u{0}" }.lexicographicallyPrecedes(b.map { $0 ?? "\u{0}" }) }
}

func sameRows(_ a: [[String?]], _ b: [[String?]]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.count == $1.count && zip($0, $1).allSatisfy { Canonical.equal($0, $1) } }
}

@Suite("Delta golden tables (oracle: delta-rs)", .enabled(if: Oracle.isAvailable && Oracle.deltaGolden != nil))
struct DeltaGoldenTests {
    static var root: String { Oracle.deltaGolden ?? "" }

    static var tables: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()
    }

    /// Tables with nested column types: Vigie's tables are flat, so it refuses them, naming the column.
    static let nestedTypes: Set<String> = [
        "data-reader-array-complex-objects", "data-reader-array-primitives", "data-reader-map", "data-reader-nested-struct",
        "data-reader-nullable-field-invalid-schema-key", "data-reader-partition-values", "parquet-all-types",
        "parquet-all-types-legacy-format", "table-with-columnmapping-mode-id", "table-with-columnmapping-mode-name",
        "table-with-icebegCompatV2Enabled",
    ]

    /// Tables with the semi-structured variant type, which Vigie does not store; refused naming the feature.
    static let variantTypes: Set<String> = ["spark-variant-checkpoint"]

    /// Tables delta-rs gets wrong or refuses although they are valid and in Vigie's scope; checked against their statistics.
    static let checkedByStatistics: [String: String] = [
        "basic-decimal-table": "delta-rs misparses the negative decimal partition value -2342342.23423",
        "basic-decimal-table-legacy": "delta-rs misparses the negative decimal partition value -2342342.23423",
        "data-skipping-basic-stats-all-types-columnmapping-id": "delta-rs returns nulls for column-mapped columns",
        "data-skipping-basic-stats-all-types-columnmapping-name": "delta-rs returns nulls for column-mapped columns",
        "data-reader-timestamp_ntz-id-mode": "delta-rs refuses column mapping under reader version 3",
        "data-reader-timestamp_ntz-name-mode": "delta-rs refuses column mapping under reader version 3",
    ]

    @Test("each in-scope table reads exactly as delta-rs reads it; each other one is refused with a message naming why")
    func goldenTables() throws {
        let paths = Self.tables.map { Self.root + "/" + $0 }
        let oracle = try Oracle.parseResults(try Oracle.run("delta_canonical.py", paths))
        var compared = 0
        for name in Self.tables {
            let path = Self.root + "/" + name
            let ours: Result<[ColumnData], LakeError>
            do { ours = .success(try DeltaTable(path: path).snapshot().read()) } catch { ours = .failure(error) }
            switch (oracle[path], ours) {
            case let (.table(_, theirColumns)?, .success(columns)):
                if Self.checkedByStatistics[name] != nil { continue }
                let a = canonicalRows(columns.map { ($0.descriptor.name, Canonical.values($0)) })
                let b = canonicalRows(theirColumns.map { ($0.name, $0.values ?? []) })
                #expect(sameRows(a, b), "\(name): Vigie and delta-rs differ (\(a.count) and \(b.count) rows)")
                compared += 1
            case let (.table?, .failure(error)):
                if Self.nestedTypes.contains(name) {
                    #expect(error.code == .unsupported && error.message.contains("nested type"), "\(name): \(error)")
                } else if Self.variantTypes.contains(name) {
                    #expect(error.code == .unsupported && error.message.contains("variantType"), "\(name): \(error)")
                } else {
                    Issue.record("\(name): delta-rs reads it but Vigie fails: \(error)")
                }
            case (.error?, .success):
                #expect(Self.checkedByStatistics[name] != nil, "\(name): delta-rs refuses it but Vigie reads it")
            case (.error?, .failure(let error)), (nil, .failure(let error)):
                #expect(!error.message.isEmpty, "\(name)")
            case (nil, .success):
                Issue.record("\(name): no oracle result")
            }
        }
        print("delta-golden: \(compared) tables compared with delta-rs")
        #expect(compared >= 40)
    }

    @Test("tables delta-rs misreads match their own statistics", arguments: checkedByStatistics.keys.sorted())
    func checkedAgainstStatistics(name: String) throws {
        let snapshot = try DeltaTable(path: Self.root + "/" + name).snapshot()
        for file in snapshot.files {
            let stats = try JSONValue.parse(try #require(file.stats))
            guard stats["numRecords"]?.int64Value == 1, let minimums = stats["minValues"] else { continue }
            // One row per file: each column's value is its min (and max).
            let single = DeltaSnapshot(copying: snapshot, files: [file])
            let columns = try single.read()
            for (column, field) in zip(columns, snapshot.schema.fields) where !snapshot.metadata.partitionColumns.contains(field.name) {
                guard let expected = minimums[field.physicalName] else { continue }
                let value = try #require(Canonical.values(column).first ?? nil, "\(name) \(field.name) is null")
                #expect(DeltaStatistics.matches(value, expected, type: field.type), "\(name) \(field.name): read \(value), statistics say \(expected)")
            }
        }
    }
}
