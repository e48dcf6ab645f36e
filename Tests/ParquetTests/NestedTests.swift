// Nested fields (structs, lists, maps): record assembly against pyarrow on
// the parquet-testing files (oracle: pyarrow through canonical.py).

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
}
