// Interoperability with independent implementations, both directions:
// files written by pyarrow and DuckDB (Tests/Oracles/make_fixtures.py) read
// by Vigie, and files written by Vigie read by pyarrow and DuckDB. Values are
// compared exactly (oracles: pyarrow and DuckDB through canonical.py).

import Foundation
import Testing
@testable import Parquet
import VigieTestSupport

@Suite("Interoperability (oracles: pyarrow, DuckDB)", .enabled(if: Oracle.isAvailable), .serialized)
struct OracleTests {
    static func temporaryDirectory(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "vigie-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Compares every column Vigie reads from `path` with the oracle's table.
    static func compare(_ path: String, with oracle: Oracle.Result?, engine: String) {
        guard case let .table(rows, columns)? = oracle else {
            Issue.record("\(engine) could not read \(path): \(oracle.map { "\($0)" } ?? "no result")")
            return
        }
        do {
            let reader = try ParquetFileReader(path: path)
            #expect(reader.rowCount == rows, "\(path): Vigie \(reader.rowCount) rows, \(engine) \(rows)")
            for column in columns {
                guard let expected = column.values else { continue }
                let name = column.name
                let data = try reader.readColumn(try reader.column(named: name).index)
                let diff = Canonical.firstDifference(Canonical.values(data), expected)
                #expect(diff == nil, "\((path as NSString).lastPathComponent) column \(name) vs \(engine): \(diff ?? "")")
            }
        } catch {
            Issue.record("Vigie could not read \(path): \(error)")
        }
    }

    @Test("files written by pyarrow and DuckDB read exactly as those engines read them")
    func peerFilesReadExactly() throws {
        let dir = try Self.temporaryDirectory("fixtures")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fixtures = try Oracle.makeFixtures("make_fixtures.py", into: dir)
        #expect(fixtures.count > 30)
        let files = fixtures.map(\.path)
        let writers = Dictionary(uniqueKeysWithValues: fixtures.map { ($0.path, $0.writer) })
        let byPyarrow = try Oracle.canonical(files)
        let duckFiles = files.filter { writers[$0] == "duckdb" }
        let byDuck = try Oracle.canonical(duckFiles, engine: "duckdb")
        for file in files {
            if case .error? = byPyarrow[file], writers[file] == "duckdb" {
                // pyarrow refuses a few DuckDB files (e.g. DuckDB's uint32 delta quirk); DuckDB is the oracle for those.
                Self.compare(file, with: byDuck[file], engine: "duckdb")
                continue
            }
            Self.compare(file, with: byPyarrow[file], engine: "pyarrow")
            if writers[file] == "duckdb" { Self.compare(file, with: byDuck[file], engine: "duckdb") }
        }
    }

    /// The writer configurations exercised against the oracles.
    static let configurations: [(name: String, options: ParquetWriterOptions)] = {
        var out: [(String, ParquetWriterOptions)] = []
        for codec in [CompressionCodec.uncompressed, .snappy, .gzip, .zstd] {
            for version in [1, 2] {
                for dictionary in [true, false] {
                    var o = ParquetWriterOptions()
                    o.codec = codec
                    o.dataPageVersion = version
                    o.dictionary = dictionary
                    out.append(("\(codec)-v\(version)-\(dictionary ? "dict" : "plain")", o))
                }
            }
        }
        var small = ParquetWriterOptions()
        small.rowGroupRows = 700
        small.pageBytes = 512
        out.append(("small-groups-and-pages", small))
        var parallel = small
        parallel.threads = 4
        out.append(("small-groups-columns-on-4-threads", parallel))
        var fallback = ParquetWriterOptions()
        fallback.dictionaryBytesLimit = 2048
        out.append(("dictionary-fallback", fallback))
        var metadata = ParquetWriterOptions()
        metadata.keyValueMetadata = [KeyValue(key: "vigie.source", value: "activité.csv"), KeyValue(key: "empty", value: nil)]
        out.append(("key-value-metadata", metadata))
        return out
    }()

    @Test("files written by Vigie read exactly in pyarrow and DuckDB")
    func vigieFilesReadByPeers() throws {
        let dir = try Self.temporaryDirectory("written")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let table = TestTable.make(rows: 3000)
        let expected = table.columns.map(Canonical.values)
        var files: [String] = []
        for (name, options) in Self.configurations {
            let path = "\(dir)/\(name).parquet"
            try ParquetFileWriter.write(path: path, fields: table.fields, columns: table.columns, options: options)
            files.append(path)
        }
        let empty = "\(dir)/empty.parquet"
        try ParquetFileWriter.write(path: empty, fields: table.fields, columns: table.columns.map {
            ColumnData(descriptor: $0.descriptor, values: .empty(for: $0.descriptor.physicalType, width: $0.descriptor.typeLength), validity: nil, rowCount: 0)
        })
        for engine in ["pyarrow", "duckdb"] {
            let results = try Oracle.canonical(files + [empty], engine: engine)
            for file in files {
                guard case let .table(rows, columns)? = results[file] else {
                    Issue.record("\(engine) could not read \(file): \(results[file].map { "\($0)" } ?? "-")")
                    continue
                }
                #expect(rows == 3000)
                #expect(columns.map(\.name) == table.fields.map(\.name), "\(engine) \(file)")
                for (i, column) in columns.enumerated() where i < expected.count {
                    guard let values = column.values else { Issue.record("\(engine) cannot read column \(column.name)"); continue }
                    let diff = Canonical.firstDifference(expected[i], values)
                    #expect(diff == nil, "\(engine) reading \((file as NSString).lastPathComponent) column \(column.name): \(diff ?? "")")
                }
            }
            if case let .table(rows, columns)? = results[empty] {
                #expect(rows == 0 && columns.count == table.fields.count, "\(engine) reading the empty file")
            } else {
                Issue.record("\(engine) could not read the empty file")
            }
        }
        // And Vigie reads its own files back.
        for file in files {
            let reader = try ParquetFileReader(path: file)
            for (i, column) in try reader.read().enumerated() {
                #expect(Canonical.firstDifference(Canonical.values(column), expected[i]) == nil, "Vigie reading \(file) column \(i)")
            }
        }
    }

    @Test("key/value metadata written by Vigie is what pyarrow sees")
    func keyValueMetadata() throws {
        let dir = try Self.temporaryDirectory("kv")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/kv.parquet"
        var options = ParquetWriterOptions()
        options.keyValueMetadata = [KeyValue(key: "vigie.pipeline", value: "activité crèches")]
        let table = TestTable.make(rows: 10)
        try ParquetFileWriter.write(path: path, fields: table.fields, columns: table.columns, options: options)
        let script = "import pyarrow.parquet as pq, sys, json; m = pq.ParquetFile(sys.argv[1]).metadata.metadata; print(json.dumps({k.decode(): v.decode() for k, v in m.items()}))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Oracle.python))
        process.arguments = ["-c", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: String])
        #expect(object["vigie.pipeline"] == "activité crèches")
    }
}
