// The Apache parquet-testing files (../shared/data/parquet-testing, read in
// place), each compared with pyarrow (oracle: pyarrow via canonical.py):
// flat columns through readColumn, nested fields through readNested.

import Foundation
import Testing
@testable import Parquet
import VigieTestSupport

@Suite("parquet-testing conformance (oracle: pyarrow)", .enabled(if: Oracle.isAvailable && Oracle.parquetTesting != nil))
struct ConformanceTests {
    /// Files Vigie refuses, with a word the refusal must name. Everything else must read exactly as pyarrow reads it.
    static let outOfScope: [String: String] = [
        "hadoop_lz4_compressed.parquet": "LZ4",
        "hadoop_lz4_compressed_larger.parquet": "LZ4",
        "non_hadoop_lz4_compressed.parquet": "LZ4",
        "lz4_raw_compressed.parquet": "LZ4_RAW",
        "lz4_raw_compressed_larger.parquet": "LZ4_RAW",
        "large_string_map.brotli.parquet": "BROTLI",
        "float16_nonzeros_and_nans.parquet": "FLOAT16",
        "float16_zeros_and_nans.parquet": "FLOAT16",
    ]

    /// A top-level field as Vigie reads it: a flat column, or nested values with their shape.
    enum FieldData {
        case flat(ColumnData)
        case nested(NestedShape, [NestedValue])

        /// The field in canonical.py's forms.
        var canonical: [CanonicalValue] {
            switch self {
            case let .flat(data): Canonical.values(data).map { $0.map(CanonicalValue.scalar) ?? .null }
            case let .nested(shape, values): values.map { Canonical.nested(shape, $0) }
            }
        }
    }

    /// Outcome of reading every top-level field of a file with Vigie (flat columns with readColumn, others with readNested).
    static func readAll(_ path: String) -> (fields: [String: Result<FieldData, ParquetError>], fileError: ParquetError?) {
        do {
            let reader = try ParquetFileReader(path: path)
            var fields: [String: Result<FieldData, ParquetError>] = [:]
            for node in reader.schema.fields {
                do throws(ParquetError) {
                    if case let .leaf(c) = node, c.isFlat {
                        fields[node.name] = .success(.flat(try reader.readColumn(c.index)))
                    } else {
                        fields[node.name] = .success(.nested(try reader.nestedShape(field: node.name), try reader.readNested(field: node.name)))
                    }
                } catch {
                    fields[node.name] = .failure(error)
                }
            }
            return (fields, nil)
        } catch {
            return ([:], error)
        }
    }

    static var dataFiles: [String] {
        guard let root = Oracle.parquetTesting else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root + "/data")) ?? []
        return names.filter { $0.hasSuffix(".parquet") }.sorted()
    }

    @Test("every in-scope file reads exactly as pyarrow reads it; others are refused naming the feature")
    func dataFilesMatchPyarrow() throws {
        let root = try #require(Oracle.parquetTesting) + "/data/"
        let files = Self.dataFiles
        #expect(files.count > 50)
        let oracle = try Oracle.canonical(files.map { root + $0 })
        var matched = 0
        var nestedFields = 0
        for name in files {
            let path = root + name
            let (fields, fileError) = Self.readAll(path)
            let keyword = Self.outOfScope[name]
            if let fileError {
                #expect(fileError.code == .unsupported, "\(name): \(fileError)")
                continue
            }
            guard case let .table(rows, oracleColumns)? = oracle[path] else {
                // pyarrow refuses the file; Vigie only has to stay clean, which it did.
                continue
            }
            var refusedWithKeyword = false
            for column in oracleColumns {
                guard let result = fields[column.name] else {
                    Issue.record("\(name): Vigie has no field '\(column.name)'")
                    continue
                }
                switch result {
                case let .success(data):
                    guard let expected = column.nested else { continue }
                    let ours = data.canonical
                    #expect(ours.count == rows, "\(name) \(column.name): \(ours.count) rows, pyarrow \(rows)")
                    let diff = Canonical.firstDifference(ours, expected)
                    #expect(diff == nil, "\(name) field \(column.name): \(diff ?? "")")
                    if case .nested = data { nestedFields += 1 }
                case let .failure(error):
                    #expect(error.code == .unsupported, "\(name) field \(column.name): \(error)")
                    let namesFeature = keyword.map { error.message.contains($0) } ?? false
                    if namesFeature { refusedWithKeyword = true }
                    if keyword == nil && column.nested != nil {
                        Issue.record("\(name) field \(column.name): refused although in scope: \(error)")
                    }
                }
            }
            if keyword != nil {
                #expect(refusedWithKeyword, "\(name) should be refused naming \(keyword!)")
            } else {
                matched += 1
            }
        }
        #expect(nestedFields >= 30, "only \(nestedFields) nested fields were compared")
        print("parquet-testing: \(matched) files compared with pyarrow (\(nestedFields) nested fields), \(Self.outOfScope.count) refused as out of scope")
    }

    /// bad_data files that are valid after all: a dictionary-index bit width of 0 (every index 0)
    /// is allowed by the RLE encoding, and pyarrow and DuckDB both read the file. Compared with pyarrow instead.
    static let validInBadData: Set<String> = ["ARROW-GH-43605.parquet"]

    @Test("a bad_data file that is valid reads as pyarrow reads it")
    func validBadDataMatchesPyarrow() throws {
        let root = try #require(Oracle.parquetTesting) + "/bad_data/"
        let paths = Self.validInBadData.sorted().map { root + $0 }
        let oracle = try Oracle.canonical(paths)
        for path in paths {
            let (fields, fileError) = Self.readAll(path)
            #expect(fileError == nil)
            guard case let .table(_, oracleColumns)? = oracle[path] else { Issue.record("pyarrow did not read \(path)"); continue }
            for column in oracleColumns {
                guard let values = column.nested, case let .success(data)? = fields[column.name] else {
                    Issue.record("\(path) \(column.name) not read")
                    continue
                }
                #expect(Canonical.firstDifference(data.canonical, values) == nil)
            }
        }
    }

    @Test("every file of bad_data fails cleanly")
    func badDataFailsCleanly() throws {
        let root = try #require(Oracle.parquetTesting) + "/bad_data/"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasSuffix(".parquet") }.sorted()
        #expect(files.count >= 5)
        for name in files where !Self.validInBadData.contains(name) {
            let (fields, fileError) = Self.readAll(root + name)
            let failures = fields.values.compactMap { if case let .failure(e) = $0 { return e } else { return nil } }
            #expect(fileError != nil || !failures.isEmpty, "\(name) was read without error")
            for e in failures + (fileError.map { [$0] } ?? []) {
                #expect(!e.message.isEmpty, "\(name): empty error message")
            }
        }
    }
}
