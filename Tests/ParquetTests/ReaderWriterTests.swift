// Vigie's reader and writer against each other: the API the engine and the
// lake use (projection, pruning, dictionary chunks) and the writer's choices.

import Foundation
import Testing
@testable import Parquet

@Suite("Reader and writer")
struct ReaderWriterTests {
    static func path(_ name: String) -> String {
        NSTemporaryDirectory() + "vigie-rw-\(getpid())-\(name).parquet"
    }

    @Test("footer metadata survives an encode/decode round trip")
    func footerRoundTrip() throws {
        let table = TestTable.make(rows: 50)
        let file = Self.path("footer")
        defer { unlink(file) }
        var options = ParquetWriterOptions()
        options.keyValueMetadata = [KeyValue(key: "k", value: "v"), KeyValue(key: "nil", value: nil)]
        try ParquetFileWriter.write(path: file, fields: table.fields, columns: table.columns, options: options)
        let reader = try ParquetFileReader(path: file)
        let again = try reader.metadata.encoded().withBytes { (raw) throws(ParquetError) in try FileMetaData.decode(raw) }
        #expect(again.schema == reader.metadata.schema)
        #expect(again.rowGroups == reader.metadata.rowGroups)
        #expect(again.keyValueMetadata == options.keyValueMetadata)
        #expect(reader.schema.columns.map(\.name) == table.fields.map(\.name))
        #expect(reader.schema.columns.map(\.logicalType) == table.fields.map(\.logicalType))
    }

    @Test("projection reads only the named columns, in the order asked")
    func projection() throws {
        let table = TestTable.make(rows: 200)
        let file = Self.path("projection")
        defer { unlink(file) }
        try ParquetFileWriter.write(path: file, fields: table.fields, columns: table.columns)
        let reader = try ParquetFileReader(path: file)
        let read = try reader.read(columns: ["line", "id"])
        #expect(read.map(\.descriptor.name) == ["line", "id"])
        #expect(read[0].values == table.columns[9].values)
        #expect(read[1].values == table.columns[0].values)
        #expect { try reader.read(columns: ["nope"]) } throws: {
            ($0 as? ParquetError)?.code == .invalidArgument && "\($0)".contains("columns are: id")
        }
    }

    @Test("columns read in parallel equal columns read one by one")
    func parallelRead() throws {
        let table = TestTable.make(rows: 3000)
        let file = Self.path("parallel")
        defer { unlink(file) }
        var options = ParquetWriterOptions()
        options.rowGroupRows = 1000
        try ParquetFileWriter.write(path: file, fields: table.fields, columns: table.columns, options: options)
        let reader = try ParquetFileReader(path: file)
        let serial = try reader.read(threads: 1)
        let parallel = try reader.read(threads: 4)
        #expect(serial == parallel)
        #expect(serial.map(\.values) == table.columns.map(\.values))
        #expect(serial.map(\.validity) == table.columns.map(\.validity))
    }

    @Test("row groups are pruned by their min/max statistics")
    func pruning() throws {
        let rows = 10_000
        let ids = ColumnData(descriptor: ParquetField.int64("id").descriptor(index: 0), values: .int64((0..<rows).map(Int64.init)),
                             validity: nil, rowCount: rows)
        let days = ColumnData(descriptor: ParquetField.date("day").descriptor(index: 1),
                              values: .int32((0..<rows).map { Int32(18_000 + $0 / 100) }), validity: nil, rowCount: rows)
        let names = ColumnData(descriptor: ParquetField.string("name").descriptor(index: 2),
                               values: .byteArray(ByteArrays((0..<rows).map { String(format: "n%05d", $0) })), validity: nil, rowCount: rows)
        var options = ParquetWriterOptions()
        options.rowGroupRows = 1000
        let file = Self.path("pruning")
        defer { unlink(file) }
        try ParquetFileWriter.write(path: file, fields: [.int64("id"), .date("day"), .string("name")], columns: [ids, days, names], options: options)
        let reader = try ParquetFileReader(path: file)
        #expect(reader.rowGroupCount == 10)
        #expect(try reader.rowGroups(where: "id", from: .int(2500), through: .int(4100)) == [2, 3, 4])
        #expect(try reader.rowGroups(where: "id", from: .int(9999), through: nil) == [9])
        #expect(try reader.rowGroups(where: "id", from: nil, through: .int(-1)) == [])
        #expect(try reader.rowGroups(where: "day", from: .int(18_095), through: .int(18_095)) == [9])
        #expect(try reader.rowGroups(where: "name", from: .bytes(Array("n05000".utf8)), through: .bytes(Array("n05999".utf8))) == [5])
        let pruned = try reader.read(columns: ["id"], rowGroups: [2, 3, 4])
        #expect(pruned[0].values == .int64((2000..<5000).map(Int64.init)))
    }

    @Test("dictionary-encoded chunks read as dictionary and indices")
    func dictionaryChunks() throws {
        let words = ["crèche", "EHPAD", "dentaire", "optique"]
        let rows = 5000
        var validity: [Bool] = []
        var present: [String] = []
        for i in 0..<rows {
            validity.append(i % 7 != 0)
            if i % 7 != 0 { present.append(words[i % 4]) }
        }
        let column = ColumnData(descriptor: ParquetField.string("line").descriptor(index: 0), values: .byteArray(ByteArrays(present)),
                                validity: validity, rowCount: rows)
        let file = Self.path("dictionary")
        defer { unlink(file) }
        try ParquetFileWriter.write(path: file, fields: [.string("line")], columns: [column])
        let reader = try ParquetFileReader(path: file)
        let chunk = try #require(try reader.readDictionaryChunk(rowGroup: 0, column: 0))
        #expect(chunk.dictionary.count == 4)
        #expect(chunk.indices.count == present.count)
        #expect(chunk.validity == validity)
        guard case let .byteArray(dictionary) = chunk.dictionary else { Issue.record("not byte arrays"); return }
        #expect(chunk.indices.map { dictionary.string(Int($0)) } == present)
    }

    @Test("a dictionary that outgrows its limit falls back to PLAIN, and such chunks are not offered as dictionaries")
    func dictionaryFallback() throws {
        let rows = 20_000
        let column = ColumnData(descriptor: ParquetField.string("patient").descriptor(index: 0),
                                values: .byteArray(ByteArrays((0..<rows).map { "patient-\($0)" })), validity: nil, rowCount: rows)
        var options = ParquetWriterOptions()
        options.dictionaryBytesLimit = 4096
        let file = Self.path("fallback")
        defer { unlink(file) }
        try ParquetFileWriter.write(path: file, fields: [.string("patient")], columns: [column], options: options)
        let reader = try ParquetFileReader(path: file)
        let meta = try #require(reader.metadata.rowGroups[0].columns[0].metaData)
        #expect(!meta.encodings.contains(.rleDictionary))
        #expect(meta.dictionaryPageOffset == nil)
        #expect(try reader.readDictionaryChunk(rowGroup: 0, column: 0) == nil)
        #expect(try reader.readColumn(0).values == column.values)
    }

    @Test("statistics hold min, max and null count in the column's order")
    func statistics() throws {
        let table = TestTable.make(rows: 500)
        let file = Self.path("stats")
        defer { unlink(file) }
        try ParquetFileWriter.write(path: file, fields: table.fields, columns: table.columns)
        let reader = try ParquetFileReader(path: file)
        let group = reader.metadata.rowGroups[0]
        func bounds(_ name: String) throws -> (ParquetValue, ParquetValue)? {
            let c = try reader.column(named: name)
            return c.bounds(group.columns[c.index].metaData?.statistics)
        }
        #expect(try bounds("int64")?.0 == .int(Int64.min))
        #expect(try bounds("int64")?.1 == .int(Int64.max))
        #expect(try bounds("uint64")?.1 == .uint(UInt64.max))
        #expect(try bounds("double")?.0 == .double(-.infinity))
        #expect(try bounds("all_null") == nil)
        let allNull = try reader.column(named: "all_null")
        #expect(group.columns[allNull.index].metaData?.statistics?.nullCount == 500)
    }

    @Test("the writer refuses inconsistent input with a clear message")
    func writerValidation() throws {
        let file = Self.path("invalid")
        defer { unlink(file) }
        let two = ColumnData(descriptor: ParquetField.int64("a").descriptor(index: 0), values: .int64([1, 2]), validity: nil, rowCount: 2)
        let three = ColumnData(descriptor: ParquetField.int64("b").descriptor(index: 1), values: .int64([1, 2, 3]), validity: nil, rowCount: 3)
        #expect { try ParquetFileWriter.write(path: file, fields: [.int64("a"), .int64("b")], columns: [two, three]) } throws: {
            "\($0)".contains("has 3 rows")
        }
        #expect { try ParquetFileWriter.write(path: file, fields: [.double("a")], columns: [two]) } throws: {
            "\($0)".contains("another representation")
        }
        let nulls = ColumnData(descriptor: ParquetField.int64("a").descriptor(index: 0), values: .int64([1]), validity: [true, false], rowCount: 2)
        #expect { try ParquetFileWriter.write(path: file, fields: [.int64("a", nullable: false)], columns: [nulls]) } throws: {
            "\($0)".contains("not nullable")
        }
        #expect { try ParquetFileWriter.write(path: file, fields: [.int64("a"), .int64("a")], columns: [two, two]) } throws: {
            "\($0)".contains("duplicate")
        }
    }

    @Test("values print by their logical type")
    func formatting() {
        #expect(CivilDate.dateText(days: 0) == "1970-01-01")
        #expect(CivilDate.dateText(days: -1) == "1969-12-31")
        #expect(CivilDate.days(year: 2024, month: 2, day: 29) == 19_782)
        #expect(CivilDate.timestampText(1_700_000_000_123_456, unit: .micros, utc: true) == "2023-11-14T22:13:20.123456Z")
        #expect(CivilDate.timestampText(-1, unit: .millis, utc: false) == "1969-12-31T23:59:59.999")
        #expect(decimalText(-5, scale: 2) == "-0.05")
        #expect(decimalText(1230, scale: 2) == "12.30")
        #expect(decimalText(7, scale: 0) == "7")
        let uuid = ColumnDescriptor(index: 0, path: ["u"], physicalType: .fixedLenByteArray, typeLength: 16, repetition: .required,
                                    maxDefinitionLevel: 0, maxRepetitionLevel: 0, logicalType: .uuid, convertedType: nil)
        #expect(uuid.text(of: .fixed(width: 16, bytes: Array(0..<16)), at: 0) == "00010203-0405-0607-0809-0a0b0c0d0e0f")
    }
}
