// Helpers for the CSV tests: Windows-1252 encoding of test text, reading a
// whole file through the reader, and a seeded generator.

import Foundation
@testable import VigieLake

func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

func removeFile(_ path: String) {
    try? FileManager.default.removeItem(atPath: path)
}

enum CSVFixture {
    /// `text` in Windows-1252 (test text only holds characters that it has).
    static func windows1252(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar in
            if scalar.value < 0x80 || (0xA0...0xFF).contains(scalar.value) { return UInt8(scalar.value) }
            guard let k = CSVText.windows1252High.firstIndex(of: UInt16(scalar.value)) else {
                fatalError("\(scalar) is not in Windows-1252")
            }
            return UInt8(0x80 + k)
        }
    }

    static func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// Everything a reader gives for `bytes`.
    struct Read {
        var dialect: CSVDialect
        var header: [String]
        var records: [(line: Int, fields: [String])]
        var rejects: [CSVReject]
        var total: CSVTotalLine?
        var blank: Int

        var lines: [Int] { records.map(\.line) }
        var rows: [[String]] { records.map(\.fields) }
    }

    static func read(
        _ bytes: [UInt8], dialect: CSVDialect? = nil, overrides: CSVDialect.Overrides = .init(), blockSize: Int = 4 << 20
    ) throws -> Read {
        let reader = try CSVReader(bytes: bytes, name: "test.csv", dialect: dialect, overrides: overrides, blockSize: blockSize)
        var records: [(Int, [String])] = []
        var rejects: [CSVReject] = []
        while let batch = try reader.nextBatch() {
            for record in batch { records.append((record.line, record.fields)) }
            rejects += batch.rejects
        }
        return Read(dialect: reader.dialect, header: reader.header, records: records, rejects: rejects, total: reader.totalLine, blank: reader.blankRecords)
    }

    /// Every typed row (as values) and reject of a file.
    static func typed(
        _ bytes: [UInt8], schema: [CSVColumnSchema]? = nil, overrides: CSVDialect.Overrides = .init(), blockSize: Int = 4 << 20, threads: Int = 1
    ) throws -> (reader: CSVTypedReader, rows: [[CSVValue]], lines: [Int], rejects: [CSVReject]) {
        let reader = try CSVTypedReader(
            reader: CSVReader(bytes: bytes, name: "test.csv", overrides: overrides, blockSize: blockSize), schema: schema, threads: threads)
        var rows: [[CSVValue]] = []
        var lines: [Int] = []
        var rejects: [CSVReject] = []
        while let batch = try reader.next() {
            for row in 0..<batch.rowCount { rows.append(batch.columns.map { $0[row] }) }
            lines += batch.lines
            rejects += batch.rejects
        }
        return (reader, rows, lines, rejects)
    }
}
