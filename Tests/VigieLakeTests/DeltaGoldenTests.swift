// The Delta project's golden tables (../shared/data/delta-golden, read in
// place), each compared with delta-rs (oracle: the `deltalake` package
// through Tests/Oracles/delta_canonical.py).

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

@Suite("Delta golden tables (oracle: delta-rs)", .enabled(if: Oracle.isAvailable && Oracle.deltaGolden != nil))
struct DeltaGoldenTests {
    static var tables: [String] {
        guard let root = Oracle.deltaGolden else { return [] }
        return ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted().map { root + "/" + $0 }
    }

    @Test("report")
    func report() throws {
        let tables = Self.tables
        let oracle = try Oracle.parseResults(try Oracle.run("delta_canonical.py", tables))
        for path in tables {
            let name = (path as NSString).lastPathComponent
            var vigie: String
            do {
                let snapshot = try DeltaTable(path: path).snapshot()
                let columns = try snapshot.read()
                let ours = canonicalRows(columns.map { ($0.descriptor.name, Canonical.values($0)) })
                if case let .table(_, theirColumns)? = oracle[path] {
                    let theirs = canonicalRows(theirColumns.map { ($0.name, $0.values ?? []) })
                    let same = ours.count == theirs.count && zip(ours, theirs).allSatisfy { zip($0, $1).allSatisfy { Canonical.equal($0, $1) } }
                    vigie = same ? "SAME" : "DIFF ours \(ours.count) rows \(ours.first ?? []) theirs \(theirs.count) \(theirs.first ?? [])"
                } else {
                    vigie = "read \(ours.count) rows"
                }
            } catch {
                vigie = "ERR \(error)"
            }
            let theirs: String
            switch oracle[path] {
            case let .table(rows, _)?: theirs = "rs \(rows) rows"
            case let .error(e)?: theirs = "rs ERR \(e.prefix(100))"
            case nil: theirs = "rs -"
            }
            print("GOLDEN \(name): \(theirs) | \(vigie.prefix(300))")
        }
    }
}
