// The Apache parquet-testing files (../shared/data/parquet-testing, read in
// place), each compared with pyarrow (oracle: pyarrow via canonical.py).

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

    /// Outcome of reading every column of a file with Vigie.
    static func readAll(_ path: String) -> (columns: [String: Result<ColumnData, ParquetError>], fileError: ParquetError?) {
        do {
            let reader = try ParquetFileReader(path: path)
            var columns: [String: Result<ColumnData, ParquetError>] = [:]
            for c in reader.schema.columns {
                do { columns[c.name] = .success(try reader.readColumn(c.index)) } catch { columns[c.name] = .failure(error) }
            }
            return (columns, nil)
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
        for name in files {
            let path = root + name
            let (columns, fileError) = Self.readAll(path)
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
            for (columnName, oracleValues) in oracleColumns {
                // pyarrow names top-level columns; Vigie names leaves. Nested columns are compared by refusal.
                let leaves = columns.filter { $0.key == columnName || $0.key.hasPrefix(columnName + ".") }
                for (leaf, result) in leaves {
                    switch result {
                    case let .success(data):
                        guard leaf == columnName, let oracleValues else { continue }
                        #expect(data.rowCount == rows, "\(name) \(leaf): \(data.rowCount) rows, pyarrow \(rows)")
                        let diff = Canonical.firstDifference(Canonical.values(data), oracleValues)
                        #expect(diff == nil, "\(name) column \(leaf): \(diff ?? "")")
                    case let .failure(error):
                        #expect(error.code == .unsupported, "\(name) column \(leaf): \(error)")
                        let namesFeature = keyword.map { error.message.contains($0) } ?? false
                        if namesFeature { refusedWithKeyword = true }
                        if keyword == nil && oracleValues != nil && leaf == columnName {
                            Issue.record("\(name) column \(leaf): refused although in scope: \(error)")
                        }
                    }
                }
            }
            if keyword != nil {
                #expect(refusedWithKeyword, "\(name) should be refused naming \(keyword!)")
            } else {
                matched += 1
            }
        }
        print("parquet-testing: \(matched) files compared with pyarrow, \(Self.outOfScope.count) refused as out of scope")
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
            let (columns, fileError) = Self.readAll(path)
            #expect(fileError == nil)
            guard case let .table(_, oracleColumns)? = oracle[path] else { Issue.record("pyarrow did not read \(path)"); continue }
            for (name, values) in oracleColumns {
                guard let values, case let .success(data)? = columns[name] else { Issue.record("\(path) \(name) not read"); continue }
                #expect(Canonical.firstDifference(Canonical.values(data), values) == nil)
            }
        }
    }

    @Test("every file of bad_data fails cleanly")
    func badDataFailsCleanly() throws {
        let root = try #require(Oracle.parquetTesting) + "/bad_data/"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter { $0.hasSuffix(".parquet") }.sorted()
        #expect(files.count >= 5)
        for name in files where !Self.validInBadData.contains(name) {
            let (columns, fileError) = Self.readAll(root + name)
            let failures = columns.values.compactMap { if case let .failure(e) = $0 { return e } else { return nil } }
            #expect(fileError != nil || !failures.isEmpty, "\(name) was read without error")
            for e in failures + (fileError.map { [$0] } ?? []) {
                #expect(!e.message.isEmpty, "\(name): empty error message")
            }
        }
    }
}
