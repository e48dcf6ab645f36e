// An app's load of a lake table through Parquet dictionaries against the
// load through values: the same fields (symbols, codes, numbers, memory) for
// every type, from files of Vigie's writer, pyarrow's (Tests/Oracles/lake_files.py)
// and delta-rs's (Tests/Oracles/delta_write.py).

import Foundation
import Parquet
import Testing
import VigieEngine
import VigieExpressions
@testable import VigieLake
@testable import VigieModel
import VigieTestSupport

@Suite("Loading lake tables")
struct LakeLoadTests {
    static let schema = DeltaSchema(fields: [
        DeltaField(name: "s", type: .string), DeltaField(name: "l", type: .long), DeltaField(name: "i", type: .integer),
        DeltaField(name: "sh", type: .short), DeltaField(name: "b", type: .byte), DeltaField(name: "d", type: .double),
        DeltaField(name: "f", type: .float), DeltaField(name: "flag", type: .boolean), DeltaField(name: "day", type: .date),
        DeltaField(name: "at", type: .timestamp), DeltaField(name: "ntz", type: .timestampNtz),
        DeltaField(name: "p", type: .decimal(precision: 9, scale: 2)), DeltaField(name: "q", type: .decimal(precision: 18, scale: 4)),
        DeltaField(name: "r", type: .decimal(precision: 30, scale: 6)),
    ])
    static let words = ["", "crèche", "Crèche", "caf\u{e9}", "cafe\u{301}", "東京", "🚑 urgences", "EHPAD", String(repeating: "z", count: 30)]
    static let doubles = [0.0, -0.0, Double.nan, 1.5, -2.25, 1e300]

    /// Row `i` of the table, column by column (the same values as lake_files.py writes).
    static func row(_ i: Int) -> [RowValue] {
        func null(_ every: Int, _ value: RowValue) -> RowValue { i % every == 0 ? .null : value }
        let micros: Int64 = 1_704_067_200_000_000
        return [
            null(7, .string(words[i % words.count])), null(11, .int(Int64(i % 50) * 1000 - 7)), .int(Int64(i * 7919 % 100_003)),
            .int(Int64(i % 300 - 150)), null(13, .int(Int64(i % 100 - 50))),
            null(5, .double(i % 3 == 0 ? doubles[i % doubles.count] : Double(i) * 0.1)), .double(Double(i % 10) / 4),
            null(9, .bool(i % 2 == 0)), null(17, .date(Int32(19358 + i % 700))),
            null(19, .timestamp(micros + Int64(i % 40) * 3_601_000_000)), .timestamp(1_582_934_400_000_000 + Int64(i % 60) * 1_000_001),
            null(23, .decimal(Int128((i * 37) % 20000 - 10000), scale: 2)), .decimal(Int128((i * 7) % 900 - 450), scale: 4),
            null(29, .decimal(Int128(i % 80) * 100_000_000_000_000_000_000 - 4_000_000_000_000_000_000_000, scale: 6)),
        ]
    }

    /// Rows `range` as columns of the table's types.
    static func columns(_ range: Range<Int>) throws -> [ColumnData] {
        var builders = try schema.fields.enumerated().map { ColumnBuilder(field: try $0.element.parquetField(), index: $0.offset) }
        for i in range {
            for (k, value) in row(i).enumerated() {
                if let problem = builders[k].check(value) { throw Oracle.Failure(description: "row \(i), column \(k): \(problem)") }
                builders[k].append(value)
            }
        }
        return builders.map { $0.finish() }
    }

    /// The fields of `table` loaded through values (a whole column decoded, then its values hashed), as apps loaded them before.
    static func fieldsFromValues(_ workspace: Workspace, _ table: String, columns: [String]) throws -> [EngineField] {
        let snapshot = try workspace.table(table).snapshot()
        let data = try snapshot.read(columns: columns)
        return try zip(columns, data).map { name, column in
            try EngineField(name: name, column: column, type: try #require(snapshot.schema.field(named: name)).type)
        }
    }

    typealias ChunkKinds = (dictionaries: Int, values: Int)

    /// How many chunks of each column come as dictionaries and as values.
    static func chunkKinds(_ workspace: Workspace, _ table: String, columns: [String]) throws -> [ChunkKinds] {
        try workspace.table(table).snapshot().readChunks(columns: columns) { (_: DeltaField) -> ChunkKinds in (dictionaries: 0, values: 0) } append: {
            (count: inout ChunkKinds, chunk: DeltaColumnChunk) in
            if case .dictionary = chunk { count.dictionaries += 1 } else { count.values += 1 }
        } finish: { (count: ChunkKinds) -> ChunkKinds in count }
    }

    /// Runs `body` on a new workspace in a temporary folder, removed afterwards.
    static func withWorkspace(_ body: (Workspace) throws -> Void) throws {
        let root = NSTemporaryDirectory() + "vigie-lake-load-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try body(try Workspace.create(at: root))
    }

    static func expectSame(_ loaded: [EngineField], _ expected: [EngineField], _ table: String) {
        #expect(loaded.map(\.name) == expected.map(\.name))
        for (field, reference) in zip(loaded, expected) {
            let place = "\(table).\(field.name)"
            #expect(field.type == reference.type, "\(place): type")
            #expect(field.symbols == reference.symbols, "\(place): symbols")
            #expect(field.codes == reference.codes, "\(place): codes")
            #expect(field.numbers.map { $0.map(\.bitPattern) } == reference.numbers.map { $0.map(\.bitPattern) }, "\(place): numbers")
            #expect(field.memory == reference.memory, "\(place): memory")
        }
    }

    @Test("every type loads through dictionaries as through values: Vigie's and pyarrow's files, with and without dictionaries, several row groups")
    func dictionariesAndValues() throws {
        guard Oracle.isAvailable else { return }
        try Self.withWorkspace { workspace in
            let table = try DeltaTable.create(path: try workspace.table("mixed").path, schema: Self.schema)
            // Vigie's writer: dictionaries in row groups of 300 (the high-cardinality column falls back to PLAIN), then none.
            var options = ParquetWriterOptions()
            options.rowGroupRows = 300
            options.dictionaryBytesLimit = 1024
            try table.write(try Self.columns(0..<1000), options: options)
            options.dictionary = false
            try table.write(try Self.columns(1000..<1500), options: options)
            // pyarrow's files, added to the table as another writer would.
            let written = try #require(try JSONSerialization.jsonObject(with: try Oracle.run("lake_files.py", [table.path])) as? [[String: Any]])
            let files = written.map { DeltaAddFile(path: $0["path"] as? String ?? "", size: Int64($0["size"] as? Int ?? 0), modificationTime: 0) }
            try table.commit(files: files, on: try table.snapshot(), mode: .append)

            let columns = Self.schema.fields.map(\.name)
            let model = try AppModel(name: "a", tables: [.init(name: "Mixed", lake: "mixed")], links: []).load(from: workspace)
            let loaded = try #require(model.tables.first)
            #expect(loaded.rowCount == 1000 + 500 + 1200 + 700)
            Self.expectSame(loaded.fields, try Self.fieldsFromValues(workspace, "mixed", columns: columns), "mixed")

            // The load went both ways, within one column too: dictionaries in every column but the boolean one, values in every column.
            let kinds = try Self.chunkKinds(workspace, "mixed", columns: columns)
            for (name, kind) in zip(columns, kinds) {
                #expect(kind.values > 0, "\(name) has no chunk read as values")
                #expect((kind.dictionaries > 0) == (name != "flag"), "\(name): \(kind.dictionaries) chunks read as dictionaries")
            }
            // Null, NaN and -0 rows are the field's null and 0; both spellings of é are one symbol, as with values.
            let d = try #require(loaded.field("d"))
            #expect(d.symbols.code(of: "0") != nil && !(0..<d.symbols.count).contains { d.symbols.number($0)?.isNaN ?? true })
            let s = try #require(loaded.field("s"))
            #expect((0..<s.symbols.count).filter { s.symbols.text($0) == "caf\u{e9}" }.count == 1)
        }
    }

    @Test("a table written by delta-rs (dictionaries by arrow-rs, several versions) loads through dictionaries as through values")
    func deltaRS() throws {
        guard Oracle.isAvailable else { return }
        try Self.withWorkspace { workspace in
            _ = try Oracle.run("delta_write.py", [try workspace.table("rs").path])
            let columns = ["id", "structure", "amount", "qty", "small", "tiny", "ratio", "open", "day", "at", "price"]
            let model = try AppModel(name: "a", tables: [.init(name: "RS", lake: "rs", fields: columns)], links: []).load(from: workspace)
            Self.expectSame(try #require(model.tables.first).fields, try Self.fieldsFromValues(workspace, "rs", columns: columns), "rs")
            #expect(try Self.chunkKinds(workspace, "rs", columns: columns).contains { $0.dictionaries > 0 })
        }
    }

    @Test("a column apps cannot load is refused before any row is read, naming the table, the column and its type")
    func refusal() throws {
        try Self.withWorkspace { workspace in
            try DeltaTable.create(path: try workspace.table("blobs").path, schema: DeltaSchema(fields: [DeltaField(name: "blob", type: .binary)]))
            #expect { try AppModel(name: "a", tables: [.init(name: "B", lake: "blobs")], links: []).load(from: workspace) } throws: {
                "\($0)".contains("blobs") && "\($0)".contains("column blob") && "\($0)".contains("binary")
            }
        }
    }
}
