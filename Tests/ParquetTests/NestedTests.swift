// Nested fields (structs, lists, maps): record assembly against pyarrow on
// the parquet-testing files, on files pyarrow and DuckDB write and on Delta
// Lake checkpoints; shredding by Vigie read back by Vigie, pyarrow, DuckDB
// and delta-rs (oracles: pyarrow and DuckDB through canonical.py, delta-rs
// through delta_snapshot.py).

import Foundation
import Testing
@testable import Parquet
import VigieTestSupport

@Suite("Nested fields (oracles: pyarrow, DuckDB, delta-rs)", .enabled(if: Oracle.isAvailable))
struct NestedOracleTests {
    /// Reads every top-level field of `path` with readNested and compares it with the oracle's reading.
    /// Returns the number of fields compared.
    @discardableResult
    static func compareNested(_ path: String, with oracle: Oracle.Result?) -> Int {
        guard case let .table(rows, columns)? = oracle else {
            Issue.record("pyarrow could not read \(path): \(oracle.map { "\($0)" } ?? "no result")")
            return 0
        }
        let name = (path as NSString).lastPathComponent
        var compared = 0
        do {
            let reader = try ParquetFileReader(path: path)
            #expect(reader.schema.fields.map(\.name) == columns.map(\.name), "\(name): top-level fields")
            for column in columns {
                guard let expected = column.nested else { continue }
                let shape = try reader.nestedShape(field: column.name)
                let values = try reader.readNested(field: column.name)
                #expect(values.count == rows, "\(name) field \(column.name): \(values.count) rows, pyarrow \(rows)")
                let diff = Canonical.firstDifference(values.map { Canonical.nested(shape, $0) }, expected)
                #expect(diff == nil, "\(name) field \(column.name): \(diff ?? "")")
                compared += 1
            }
        } catch {
            Issue.record("Vigie could not read \(name): \(error)")
        }
        return compared
    }

    static let parquetTestingFiles = [
        "nested_lists.snappy", "nested_maps.snappy", "nested_structs.rust", "list_columns", "null_list", "old_list_structure",
        "repeated_no_annotation", "repeated_primitive_no_list", "nullable.impala", "nonnullable.impala", "map_no_value",
        "datapage_v2.snappy", "nulls.snappy",
    ]

    @Test("the nested parquet-testing files read as pyarrow reads them", .enabled(if: Oracle.parquetTesting != nil),
          arguments: parquetTestingFiles)
    func parquetTestingFile(_ name: String) throws {
        let path = try #require(Oracle.parquetTesting) + "/data/\(name).parquet"
        let oracle = try Oracle.canonical([path])
        #expect(Self.compareNested(path, with: oracle[path]) > 0)
    }

    @Test("nested files written by pyarrow and DuckDB read exactly as pyarrow reads them")
    func peerFilesReadExactly() throws {
        let dir = try OracleTests.temporaryDirectory("nested-fixtures")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let files = try Oracle.makeFixtures("make_nested_fixtures.py", into: dir).map(\.path)
        #expect(files.count >= 9)
        let oracle = try Oracle.canonical(files)
        var compared = 0
        for file in files { compared += Self.compareNested(file, with: oracle[file]) }
        #expect(compared >= 130, "only \(compared) fields compared")
    }

    @Test("nested files written by Vigie read exactly in pyarrow and DuckDB")
    func vigieFilesReadByPeers() throws {
        let dir = try OracleTests.temporaryDirectory("nested-written")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rows = NestedTestData.rows(800, seed: 11)
        var files: [String] = []
        for (name, options) in NestedTests.configurations {
            let path = "\(dir)/\(name).parquet"
            try ParquetFileWriter.write(path: path, schema: NestedTestData.schema, rows: rows, options: options)
            files.append(path)
        }
        // What the rows are in canonical form, through the shapes of the file written.
        let reader = try ParquetFileReader(path: files[0])
        let expected = try NestedTestData.schema.enumerated().map { (f, node) in
            let shape = try reader.nestedShape(field: node.name)
            return rows.map { Canonical.nested(shape, $0[f]) }
        }
        for engine in ["pyarrow", "duckdb"] {
            let results = try Oracle.canonical(files, engine: engine)
            for file in files {
                let name = (file as NSString).lastPathComponent
                guard case let .table(count, columns)? = results[file] else {
                    Issue.record("\(engine) could not read \(name): \(results[file].map { "\($0)" } ?? "-")")
                    continue
                }
                #expect(count == rows.count)
                #expect(columns.map(\.name) == NestedTestData.schema.map(\.name), "\(engine) \(name)")
                for (i, column) in columns.enumerated() where i < expected.count {
                    guard let values = column.nested else { Issue.record("\(engine) cannot read \(name) field \(column.name)"); continue }
                    let diff = Canonical.firstDifference(expected[i], values)
                    #expect(diff == nil, "\(engine) reading \(name) field \(column.name): \(diff ?? "")")
                }
            }
        }
    }

    @Test("the Delta checkpoints of the golden tables read as pyarrow reads them", .enabled(if: Oracle.deltaGolden != nil))
    func deltaGoldenCheckpoints() throws {
        let root = try #require(Oracle.deltaGolden)
        let paths = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? [])
            .filter { $0.contains("_delta_log/") && $0.contains(".checkpoint") && $0.hasSuffix(".parquet") }
            .sorted().map { root + "/" + $0 }
        #expect(paths.contains { $0.hasSuffix("/checkpoint/_delta_log/00000000000000000010.checkpoint.parquet") })
        #expect(paths.filter { $0.contains("/multi-part-checkpoint/") }.count == 2)
        let oracle = try Oracle.canonical(paths)
        var compared = 0
        for path in paths { compared += Self.compareNested(path, with: oracle[path]) }
        #expect(compared >= paths.count * 5)
    }

    @Test("a Delta checkpoint written by Vigie reads in pyarrow and in delta-rs")
    func vigieDeltaCheckpoint() throws {
        let table = try OracleTests.temporaryDirectory("delta-table")
        defer { try? FileManager.default.removeItem(atPath: table) }
        var checkpoint = DeltaCheckpoint(table: table)
        try checkpoint.write()
        // Vigie reads its checkpoint back.
        let reader = try ParquetFileReader(path: checkpoint.checkpointPath)
        for (f, node) in DeltaCheckpoint.schema.enumerated() {
            #expect(try reader.readNested(field: node.name) == checkpoint.rows.map { $0[f] }, "field \(node.name)")
        }
        let actions = try reader.readNested(field: "add").filter { !$0.isNull }
        #expect(actions.map { $0[field: "partitionValues"]?[key: "region"] } == [.string("Bretagne"), .null])
        // pyarrow reads the checkpoint exactly.
        let oracle = try Oracle.canonical([checkpoint.checkpointPath])
        #expect(Self.compareNested(checkpoint.checkpointPath, with: oracle[checkpoint.checkpointPath]) == 4)
        // delta-rs loads the table from the checkpoint alone (the log has no JSON commit).
        let data = try Oracle.run("delta_snapshot.py", [table])
        let snapshot = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(snapshot["error"] == nil, "delta-rs: \(snapshot["error"] ?? "")")
        #expect(snapshot["version"] as? Int == 1)
        let metadata = snapshot["metadata"] as? [String: Any]
        #expect(metadata?["id"] as? String == DeltaCheckpoint.tableID)
        #expect(metadata?["name"] as? String == "activité")
        #expect(metadata?["partition_columns"] as? [String] == ["region"])
        #expect(metadata?["configuration"] as? [String: String] == ["delta.appendOnly": "false", "vigie.source": "crèches"])
        #expect(metadata?["created_time"] as? Int == 1_700_000_000_000)
        let protocolVersions = snapshot["protocol"] as? [String: Any]
        #expect(protocolVersions?["min_reader_version"] as? Int == 1 && protocolVersions?["min_writer_version"] as? Int == 2)
        let adds = snapshot["add_actions"] as? [[String: Any]] ?? []
        #expect(adds.map { $0["path"] as? String } == checkpoint.liveFiles.map(\.path))
        #expect(adds.map { $0["size_bytes"] as? Int } == checkpoint.liveFiles.map(\.size))
        #expect(adds.map { $0["num_records"] as? Int } == checkpoint.liveFiles.map { $0.ids.count })
        #expect(adds.map { ($0["partition_values"] as? [String: Any])?["region"] as? String } == ["Bretagne", nil])
        let rows = snapshot["table"] as? [String: Any]
        let columns = rows?["columns"] as? [[String: Any]] ?? []
        let byName = Dictionary(uniqueKeysWithValues: columns.map { ($0["name"] as? String ?? "", $0["values"] as? [Any] ?? []) })
        #expect(byName["id"]?.map { $0 as? String } == ["1", "2", "3", "10", "11"])
        #expect(byName["amount"]?.map { $0 as? String } == ["1.5", "2.25", nil, "-4.0", "0.5"])
        #expect(byName["region"]?.map { $0 as? String } == ["Bretagne", "Bretagne", "Bretagne", nil, nil])
    }
}

/// A small partitioned Delta table whose log is a single checkpoint written by Vigie: a protocol, a
/// metaData, two add actions (one with a null partition value and tags) and one remove, one action per
/// row with the other structs null, as Delta checkpoints are.
struct DeltaCheckpoint {
    static let tableID = "6f1c2a4e-9b1d-4c55-8a2e-1f0a5e3b7c9d"

    /// A nullable map<string, string> (partitionValues, tags, options, configuration).
    static func stringMap(_ name: String) -> ParquetSchemaNode {
        .map(name: name, nullable: true, key: .string("key"), value: .leaf(.string("value")))
    }

    static let schema: [ParquetSchemaNode] = [
        .group(name: "add", nullable: true, children: [
            .leaf(.string("path")), stringMap("partitionValues"), .leaf(.int64("size")), .leaf(.int64("modificationTime")),
            .leaf(.boolean("dataChange")), .leaf(.string("stats")), stringMap("tags"),
        ]),
        .group(name: "remove", nullable: true, children: [
            .leaf(.string("path")), .leaf(.int64("deletionTimestamp")), .leaf(.boolean("dataChange")),
        ]),
        .group(name: "metaData", nullable: true, children: [
            .leaf(.string("id")), .leaf(.string("name")), .leaf(.string("description")),
            .group(name: "format", nullable: true, children: [.leaf(.string("provider")), stringMap("options")]),
            .leaf(.string("schemaString")),
            .list(name: "partitionColumns", nullable: true, element: .leaf(.string("element"))),
            stringMap("configuration"),
            .leaf(.int64("createdTime")),
        ]),
        .group(name: "protocol", nullable: true, children: [.leaf(.int32("minReaderVersion")), .leaf(.int32("minWriterVersion"))]),
    ]

    struct DataFile {
        var path: String
        var region: String?
        var ids: [Int64]
        var amounts: [Double?]
        var size = 0
    }

    let table: String
    var checkpointPath: String { table + "/_delta_log/00000000000000000001.checkpoint.parquet" }
    private(set) var files: [DataFile] = [
        DataFile(path: "region=Bretagne/part-00000-removed.snappy.parquet", region: "Bretagne", ids: [99], amounts: [9]),
        DataFile(path: "region=Bretagne/part-00001.snappy.parquet", region: "Bretagne", ids: [1, 2, 3], amounts: [1.5, 2.25, nil]),
        DataFile(path: "region=__HIVE_DEFAULT_PARTITION__/part-00002.snappy.parquet", region: nil, ids: [10, 11], amounts: [-4, 0.5]),
    ]
    var liveFiles: [DataFile] { Array(files.dropFirst()) }

    init(table: String) {
        self.table = table
    }

    /// The checkpoint's rows (one action each), once `write` has set the data files' sizes.
    var rows: [[NestedValue]] {
        let schemaString = #"{"type":"struct","fields":[{"name":"id","type":"long","nullable":false,"metadata":{}},"#
            + #"{"name":"amount","type":"double","nullable":true,"metadata":{}},{"name":"region","type":"string","nullable":true,"metadata":{}}]}"#
        let metaData: NestedValue = .record([
            "id": .string(Self.tableID), "name": "activité", "description": .null,
            "format": .record(["provider": "parquet", "options": .map([NestedMapEntry]())]),
            "schemaString": .string(schemaString), "partitionColumns": ["region"],
            "configuration": .stringMap(["delta.appendOnly": "false", "vigie.source": "crèches"]),
            "createdTime": 1_700_000_000_000,
        ])
        func add(_ file: DataFile, tags: NestedValue) -> NestedValue {
            let stats = #"{"numRecords":\#(file.ids.count),"minValues":{"id":\#(file.ids.min()!)},"maxValues":{"id":\#(file.ids.max()!)},"nullCount":{"id":0}}"#
            return .record([
                "path": .string(file.path), "partitionValues": .stringMap(["region": file.region]), "size": .int(Int64(file.size)),
                "modificationTime": 1_700_000_100_000, "dataChange": false, "stats": .string(stats), "tags": tags,
            ])
        }
        let remove: NestedValue = .record(["path": .string(files[0].path), "deletionTimestamp": 1_700_000_200_000, "dataChange": true])
        return [
            [.null, .null, .null, .record(["minReaderVersion": 1, "minWriterVersion": 2])],
            [.null, .null, metaData, .null],
            [add(files[1], tags: .null), .null, .null, .null],
            [add(files[2], tags: .stringMap(["origin": "vigie", "empty": nil])), .null, .null, .null],
            [.null, remove, .null, .null],
        ]
    }

    /// Writes the data files, the checkpoint and _last_checkpoint.
    mutating func write() throws {
        let fields: [ParquetField] = [.int64("id", nullable: false), .double("amount")]
        for i in files.indices {
            let file = files[i]
            try FileManager.default.createDirectory(atPath: (table + "/" + file.path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            let present = file.amounts.compactMap { $0 }
            try ParquetFileWriter.write(path: table + "/" + file.path, fields: fields, columns: [
                ColumnData(descriptor: fields[0].descriptor(index: 0), values: .int64(file.ids), validity: nil, rowCount: file.ids.count),
                ColumnData(descriptor: fields[1].descriptor(index: 1), values: .double(present),
                           validity: present.count == file.amounts.count ? nil : file.amounts.map { $0 != nil }, rowCount: file.ids.count),
            ])
            files[i].size = try FileManager.default.attributesOfItem(atPath: table + "/" + file.path)[.size] as? Int ?? 0
        }
        try FileManager.default.createDirectory(atPath: table + "/_delta_log", withIntermediateDirectories: true)
        try ParquetFileWriter.write(path: checkpointPath, schema: Self.schema, rows: rows)
        try Data(#"{"version":1,"size":5}"#.utf8).write(to: URL(fileURLWithPath: table + "/_delta_log/_last_checkpoint"))
    }
}

@Suite("Nested fields")
struct NestedTests {
    static func path(_ name: String) -> String {
        NSTemporaryDirectory() + "vigie-nested-\(getpid())-\(name).parquet"
    }

    static func testingFile(_ name: String) throws -> ParquetFileReader {
        try ParquetFileReader(path: try #require(Oracle.parquetTesting) + "/data/\(name).parquet")
    }

    @Test("maps of maps, with a null and an empty inner map (nested_maps.snappy)", .enabled(if: Oracle.parquetTesting != nil))
    func mapsOfMaps() throws {
        let values = try Self.testingFile("nested_maps.snappy").readNested(field: "a")
        #expect(values == [
            .map([("a", .map([(1, true), (2, false)]))]),
            .map([("b", .map([(1, true)]))]),
            .map([("c", .null)]),
            .map([("d", .map([NestedMapEntry]()))]),
            .map([("e", .map([(1, true)]))]),
            .map([("f", .map([(3, true), (4, false), (5, true)]))]),
        ])
        #expect(values[0][key: "a"]?[key: "x"] == nil)
    }

    @Test("nulls at every level of lists, maps and structs (nullable.impala)", .enabled(if: Oracle.parquetTesting != nil))
    func nullsAtEveryLevel() throws {
        let reader = try Self.testingFile("nullable.impala")
        #expect(try reader.readNested(field: "int_array").prefix(4) == [[1, 2, 3], [.null, 1, 2, .null, 3, .null], [], .null])
        #expect(try reader.readNested(field: "int_array_Array")[1] == [[.null, 1, 2, .null], [3, .null, 4], [], .null])
        let g = try reader.readNested(field: "nested_struct")[1][field: "g"]
        #expect(g == .map([
            ("g1", .record(["H": .record(["i": [2.2, .null]])])),
            ("g2", .record(["H": .record(["i": []])])),
            ("g3", .null),
            ("g4", .record(["H": .record(["i": .null])])),
            ("g5", .record(["H": .null])),
        ]))
        #expect(try reader.readNested(field: "nested_struct")[5] == .null)
    }

    @Test("legacy lists: 2-level, unannotated repeated fields and groups", .enabled(if: Oracle.parquetTesting != nil))
    func legacyLists() throws {
        #expect(try Self.testingFile("old_list_structure").readNested(field: "a") == [[[1, 2], [3, 4]]])
        let phones = try Self.testingFile("repeated_no_annotation").readNested(field: "phoneNumbers")
        #expect(phones.prefix(4) == [.null, .null, .record(["phone": []]),
                                     .record(["phone": [.record(["number": 5_555_555_555, "kind": .null])]])])
        let primitive = try Self.testingFile("repeated_primitive_no_list")
        #expect(try primitive.readNested(field: "Int32_list") == [[0, 1, 2, 3], [], [4], [5, 6, 7, 8]])
        #expect(try primitive.readNested(field: "group_of_lists")[1] == .record(["Int32_list_in_group": [], "String_list_in_group": ["three"]]))
        // A MAP whose key_value group has no value field reads as a list of keys.
        #expect(try Self.testingFile("map_no_value").readNested(field: "my_map_no_v")[0] == [1, 2, 3])
        // A MAP with optional keys (Presto), which pyarrow refuses, reads as its map.
        #expect(try Self.testingFile("incorrect_map_schema").readNested(field: "my_map") == [.stringMap(["parent": "another", "name": "report"])])
    }

    @Test("readColumn refuses a nested column naming it; readNested reads flat columns too", .enabled(if: Oracle.parquetTesting != nil))
    func flatAndNestedAPIs() throws {
        let reader = try Self.testingFile("nested_maps.snappy")
        let key = try #require(reader.schema.columns.first { $0.name == "a.key_value.key" })
        #expect(key.unsupportedReason == nil)
        #expect { try reader.readColumn(key.index) } throws: { error in
            let e = error as? ParquetError
            return e?.code == .unsupported && e?.message.contains("'a.key_value.key'") == true && e?.message.contains("readNested") == true
        }
        let b = try reader.readColumn(try reader.column(named: "b").index)
        #expect(try reader.readNested(field: "b") == b.nestedValues())
        #expect(try reader.readNested(field: "c", rowGroups: [0]) == Array(repeating: 1.0, count: 6))
        #expect { try reader.readNested(field: "nope") } throws: { error in
            (error as? ParquetError)?.code == .invalidArgument && "\(error)".contains("fields are: a, b, c")
        }
        #expect { try reader.readNested(field: "a", rowGroups: [3]) } throws: { ($0 as? ParquetError)?.code == .invalidArgument }
        let nulls = try Self.testingFile("nulls.snappy")
        let inner = try #require(nulls.schema.columns.first)
        #expect(inner.flatReadRefusal?.contains("inside group 'b_struct'") == true)
        #expect(try nulls.readNested(field: "b_struct") == Array(repeating: .record(["b_c_int": .null]), count: 8))
    }

    /// Writer configurations for nested rows.
    static let configurations: [(name: String, options: ParquetWriterOptions)] = {
        var out: [(String, ParquetWriterOptions)] = []
        for codec in [CompressionCodec.snappy, .uncompressed, .gzip, .zstd] {
            for version in [1, 2] {
                var o = ParquetWriterOptions()
                o.codec = codec
                o.dataPageVersion = version
                o.dictionary = codec != .gzip
                out.append(("\(codec)-v\(version)-\(o.dictionary ? "dict" : "plain")", o))
            }
        }
        var small = ParquetWriterOptions()
        small.rowGroupRows = 90
        small.pageBytes = 300
        out.append(("small-groups-and-pages", small))
        var smallV2 = small
        smallV2.dataPageVersion = 2
        smallV2.dictionary = false
        out.append(("small-groups-and-pages-v2-plain", smallV2))
        var parallel = small
        parallel.threads = nil
        out.append(("small-groups-columns-on-every-processor", parallel))
        return out
    }()

    @Test("nested rows written by Vigie read back exactly", arguments: configurations.map(\.name))
    func roundTrip(_ name: String) throws {
        let options = try #require(Self.configurations.first { $0.name == name }).options
        let rows = NestedTestData.rows(400, seed: 3)
        let file = Self.path("round-trip-\(name)")
        defer { unlink(file) }
        try ParquetFileWriter.write(path: file, schema: NestedTestData.schema, rows: rows, options: options)
        let reader = try ParquetFileReader(path: file)
        #expect(reader.rowCount == rows.count)
        for (f, node) in NestedTestData.schema.enumerated() {
            let values = try reader.readNested(field: node.name)
            let diff = values.indices.first { values[$0] != rows[$0][f] }
            #expect(values.count == rows.count && diff == nil,
                    "\(name) field \(node.name) row \(diff ?? -1): read \(diff.map { "\(values[$0])" } ?? ""), wrote \(diff.map { "\(rows[$0][f])" } ?? "")")
        }
        // Row groups read alone give their own rows.
        if reader.rowGroupCount > 1 {
            let second = try reader.readNested(field: "person", rowGroups: [1])
            let start = Int(reader.metadata.rowGroups[0].numRows)
            #expect(second == rows[start..<(start + second.count)].map { $0[4] })
        }
    }

    @Test("lists and maps are written in the standard 3-level forms")
    func standardForms() throws {
        let file = Self.path("forms")
        defer { unlink(file) }
        try ParquetFileWriter.write(path: file, schema: NestedTestData.schema, rows: NestedTestData.rows(3))
        let reader = try ParquetFileReader(path: file)
        let names = reader.schema.columns.map(\.name)
        #expect(names.contains("tags.list.element"))
        #expect(names.contains("attrs.key_value.key") && names.contains("attrs.key_value.value"))
        #expect(names.contains("matrix.list.element.list.element"))
        #expect(names.contains("props.key_value.value.list.element"))
        let tags = reader.metadata.schema.first { $0.name == "tags" }
        #expect(tags?.logicalType == .list && tags?.convertedType == .list && tags?.repetition == .optional)
        let attrs = reader.metadata.schema.first { $0.name == "attrs" }
        #expect(attrs?.logicalType == .map && attrs?.convertedType == .map)
        let key = try #require(reader.schema.columns.first { $0.name == "attrs.key_value.key" })
        #expect(key.repetition == .required && key.maxDefinitionLevel == 2 && key.maxRepetitionLevel == 1)
        let cell = try #require(reader.schema.columns.first { $0.name == "matrix.list.element.list.element" })
        #expect(cell.maxDefinitionLevel == 5 && cell.maxRepetitionLevel == 2)
        // Nested leaves carry null counts (and min/max) in their chunk statistics.
        let stats = reader.metadata.rowGroups[0].columns[cell.index].metaData?.statistics
        #expect(stats?.nullCount != nil)
    }

    @Test("the flat API keeps working on a writer declared with leaves only, and writeRows writes flat rows too")
    func flatSchemaThroughRows() throws {
        let file = Self.path("flat-rows")
        defer { unlink(file) }
        let schema: [ParquetSchemaNode] = [.leaf(.int64("id", nullable: false)), .leaf(.string("name"))]
        try ParquetFileWriter.write(path: file, schema: schema, rows: [[1, "a"], [2, .null], [3, "ç"]])
        let reader = try ParquetFileReader(path: file)
        let names = try reader.readColumn(1)
        #expect(names.validity == [true, false, true])
        #expect(try reader.readNested(field: "name") == ["a", .null, "ç"])
        let writer = try ParquetFileWriter(path: file, schema: schema)
        #expect(writer.fields.map(\.name) == ["id", "name"])
        try writer.write([ColumnData(descriptor: try reader.column(named: "id"), values: .int64([7]), validity: nil, rowCount: 1),
                          ColumnData(descriptor: names.descriptor, values: .byteArray(ByteArrays(["x"])), validity: nil, rowCount: 1)])
        try writer.close()
        #expect(try ParquetFileReader(path: file).readNested(field: "name") == ["x"])
    }

    @Test("writing refuses values that do not fit the schema, naming the field and the row")
    func writeErrors() throws {
        let file = Self.path("errors")
        defer { unlink(file) }
        let schema: [ParquetSchemaNode] = [
            .leaf(.int32("n", nullable: false)),
            .group(name: "g", nullable: true, children: [.leaf(.string("s")), .list(name: "l", nullable: false, element: .leaf(.int64("e", nullable: false)))]),
            .map(name: "m", nullable: true, key: .string("key"), value: .leaf(.double("value"))),
        ]
        func refusal(_ rows: [[NestedValue]]) -> String? {
            do {
                try ParquetFileWriter.write(path: file, schema: schema, rows: rows)
                return nil
            } catch {
                #expect(error.code == .invalidArgument)
                return "\(error)"
            }
        }
        #expect(refusal([[1, .null, .null]]) == nil)
        #expect(refusal([[1, .null, .null], [.null, .null, .null]])?.contains("row 1") == true)
        #expect(refusal([[1, .null, .null], [.null, .null, .null]])?.contains("field 'n' is not nullable") == true)
        #expect(refusal([[.int(1 << 40), .null, .null]])?.contains("does not fit its INT32 column") == true)
        #expect(refusal([[1, .record(["s": "x", "l": .null]), .null]])?.contains("field 'g.l' is not nullable") == true)
        #expect(refusal([[1, .record(["s": "x", "l": [.null]]), .null]])?.contains("field 'g.l.list.element' is not nullable") == true)
        #expect(refusal([[1, .record(["s": "x", "l": [], "zz": 1]), .null]])?.contains("group 'g' has no field 'zz'") == true)
        #expect(refusal([[1, [1, 2], .null]])?.contains("field 'g' needs a record, not a list") == true)
        #expect(refusal([[1, .null, .map([(.null, 1.5)])]])?.contains("field 'm.key_value.key' is not nullable") == true)
        #expect(refusal([[1, .null, .map([("k", "text")])]])?.contains("field 'm.key_value.value' (DOUBLE) cannot hold bytes") == true)
        #expect(refusal([[1, .null]])?.contains("row 0 has 2 values for 3 fields") == true)
        #expect { try ParquetFileWriter(path: file, schema: [.group(name: "empty", nullable: true, children: [])]) } throws: {
            "\($0)".contains("group 'empty' has no fields")
        }
        #expect { try ParquetFileWriter(path: file, schema: [.group(name: "g", nullable: true, children: [.leaf(.int32("a")), .leaf(.int32("a"))])]) } throws: {
            "\($0)".contains("two fields named 'a'")
        }
        let writer = try ParquetFileWriter(path: file, schema: schema)
        #expect(writer.fields.isEmpty && writer.schema == schema)
        #expect { try writer.write([]) } throws: { "\($0)".contains("writeRows") }
        try writer.close()
    }

    @Test("a nested chunk holding more level entries than its metadata announces is refused")
    func entriesBeyondMetadata() throws {
        let file = Self.path("lying-num-values")
        defer { unlink(file) }
        try ParquetFileWriter.write(path: file, schema: NestedTestData.schema, rows: NestedTestData.rows(50))
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        let reader = try ParquetFileReader(bytes: bytes)
        let matrix = try #require(reader.schema.columns.first { $0.name == "matrix.list.element.list.element" })
        var metadata = reader.metadata
        metadata.rowGroups[0].columns[matrix.index].metaData?.numValues = 3
        let footer = metadata.encoded()
        var lying = Array(bytes[0..<(bytes.count - 8 - reader.footerLength)]) + footer
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { lying.append(contentsOf: $0) }
        lying.append(contentsOf: Array("PAR1".utf8))
        let damaged = try ParquetFileReader(bytes: lying, name: "lying")
        #expect(try damaged.readNested(field: "tags") == reader.readNested(field: "tags"))
        #expect { try damaged.readNested(field: "matrix") } throws: { error in
            let e = error as? ParquetError
            return e?.code == .corrupt && e?.message.contains("3 values its metadata announces") == true
                && e?.context.contains("row group 0, column 'matrix.list.element.list.element'") == true
        }
    }

    @Test("empty files and row groups of a nested schema")
    func emptyNested() throws {
        let file = Self.path("empty")
        defer { unlink(file) }
        try ParquetFileWriter.write(path: file, schema: NestedTestData.schema, rows: [])
        let reader = try ParquetFileReader(path: file)
        #expect(reader.rowCount == 0)
        #expect(try reader.readNested(field: "person") == [])
    }
}
