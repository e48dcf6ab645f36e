// Nested fields (structs, lists, maps): record assembly against pyarrow on
// the parquet-testing files, on files pyarrow writes and on Delta Lake
// checkpoints; shredding by Vigie read back by pyarrow and by Vigie
// (oracle: pyarrow through canonical.py).

import Foundation
import Testing
@testable import Parquet

@Suite("Nested fields (oracle: pyarrow)", .enabled(if: Oracle.isAvailable), .serialized)
struct NestedOracleTests {
    /// Reads every top-level field of `path` with readNested and compares it with the oracle's reading.
    /// Returns the number of fields compared.
    @discardableResult
    static func compareNested(_ path: String, with oracle: Oracle.Result?, _ comment: Comment? = nil) -> Int {
        guard case let .table(rows, columns)? = oracle else {
            Issue.record("pyarrow could not read \(path): \(oracle.map { "\($0)" } ?? "no result") \(comment.map { "\($0)" } ?? "")")
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

    @Test("the nested parquet-testing files read as pyarrow reads them", arguments: parquetTestingFiles)
    func parquetTestingFile(_ name: String) throws {
        let path = try #require(Oracle.parquetTesting) + "/data/\(name).parquet"
        let oracle = try Oracle.canonical([path])
        #expect(Self.compareNested(path, with: oracle[path]) > 0)
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
        #expect { try writer.write([]) } throws: { "\($0)".contains("writeRows") }
        try writer.close()
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
