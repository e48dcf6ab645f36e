// Damaged files: each must give a ParquetError (or, for damage in a place that
// does not matter, a successful read), never a crash, a hang or an unbounded
// allocation. Thousands of random mutations of valid files run here, flat
// and nested (read through readNested).

import Foundation
import Testing
@testable import Parquet
import VigieTestSupport

@Suite("Corrupted input")
struct CorruptionTests {
    /// Valid files of several shapes, in memory.
    static let seeds: [(name: String, bytes: [UInt8])] = {
        var out: [(String, [UInt8])] = []
        let table = TestTable.make(rows: 150, seed: 7, distinctStrings: 20)
        let dir = NSTemporaryDirectory() + "vigie-corruption-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (codec, version, dictionary) in [(CompressionCodec.snappy, 1, true), (.gzip, 2, false), (.uncompressed, 1, false),
                                             (.zstd, 2, true), (.uncompressed, 2, true)] {
            var options = ParquetWriterOptions()
            options.codec = codec
            options.dataPageVersion = version
            options.dictionary = dictionary
            options.rowGroupRows = 100
            options.pageBytes = 256
            let path = "\(dir)/\(codec)-\(version)-\(dictionary).parquet"
            try! ParquetFileWriter.write(path: path, fields: table.fields, columns: table.columns, options: options)
            out.append((path, try! readBytes(path)))
        }
        let nested = NestedTestData.rows(120, seed: 9)
        for (version, dictionary) in [(1, true), (2, false)] {
            var options = ParquetWriterOptions()
            options.dataPageVersion = version
            options.dictionary = dictionary
            options.rowGroupRows = 70
            options.pageBytes = 200
            let path = "\(dir)/nested-\(version)-\(dictionary).parquet"
            try! ParquetFileWriter.write(path: path, schema: NestedTestData.schema, rows: nested, options: options)
            out.append((path, try! readBytes(path)))
        }
        if let root = Oracle.parquetTesting {
            for name in ["delta_byte_array", "delta_binary_packed", "alltypes_dictionary", "datapage_v2.snappy",
                         "byte_stream_split_extended.gzip", "delta_length_byte_array", "int32_with_null_pages", "fixed_length_decimal",
                         "nested_maps.snappy", "nested_lists.snappy", "nullable.impala", "repeated_primitive_no_list"] {
                if let bytes = try? readBytes("\(root)/data/\(name).parquet") { out.append((name, bytes)) }
            }
        }
        return out
    }()

    static func readBytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Opens and reads every field (flat columns as values and as dictionary chunks, nested fields
    /// through readNested); returns how it went without ever crashing.
    @discardableResult
    static func readEverything(_ bytes: [UInt8]) -> Bool {
        do {
            let reader = try ParquetFileReader(bytes: bytes, name: "mutant")
            for field in reader.schema.fields {
                for g in 0..<reader.rowGroupCount {
                    if case let .leaf(c) = field, c.isFlat {
                        guard c.unsupportedReason == nil else { continue }
                        _ = try reader.readColumnChunk(rowGroup: g, column: c.index)
                        _ = try reader.readDictionaryChunk(rowGroup: g, column: c.index)
                    } else {
                        _ = try reader.readNested(field: field.name, rowGroups: [g])
                    }
                }
            }
            _ = ParquetInspection(reader).text
            return true
        } catch {
            #expect(!error.message.isEmpty)
            return false
        }
    }

    @Test("the seed files read cleanly")
    func seedsRead() {
        #expect(Self.seeds.count >= 7)
        for seed in Self.seeds { #expect(Self.readEverything(seed.bytes), "\(seed.name)") }
    }

    @Test("truncated files, bad magic and lying footer lengths give clear errors")
    func structuralDamage() throws {
        let bytes = Self.seeds[0].bytes
        for length in [0, 1, 4, 7, 11, 12, 100, bytes.count / 2, bytes.count - 9, bytes.count - 1] {
            #expect(throws: ParquetError.self) { try ParquetFileReader(bytes: Array(bytes.prefix(length))) }
        }
        var badHead = bytes
        badHead[0] = UInt8(ascii: "X")
        #expect { try ParquetFileReader(bytes: badHead) } throws: { ($0 as? ParquetError)?.message.contains("start") == true }
        var badTail = bytes
        badTail[bytes.count - 1] = UInt8(ascii: "X")
        #expect { try ParquetFileReader(bytes: badTail) } throws: { ($0 as? ParquetError)?.message.contains("PAR1") == true }
        var encrypted = bytes
        encrypted.replaceSubrange((bytes.count - 4)..., with: Array("PARE".utf8))
        #expect { try ParquetFileReader(bytes: encrypted) } throws: { ($0 as? ParquetError)?.code == .unsupported }
        for footerLength in [UInt32(0), 1, 5, UInt32(bytes.count - 11), UInt32(bytes.count), UInt32.max] {
            var lying = bytes
            withUnsafeBytes(of: footerLength.littleEndian) { lying.replaceSubrange((bytes.count - 8)..<(bytes.count - 4), with: $0) }
            #expect(throws: ParquetError.self) {
                let reader = try ParquetFileReader(bytes: lying)
                _ = try reader.read()
            }
        }
    }

    /// One random mutation of `seed`: flipped bytes, a damaged footer, a run of extreme bytes, a cut or an insertion.
    static func mutate(_ seed: [UInt8], _ g: inout SeededGenerator) -> [UInt8] {
        var bytes = seed
        let footerStart = max(4, bytes.count - 8 - Int(UInt32(bytes[bytes.count - 8]) | UInt32(bytes[bytes.count - 7]) << 8 | UInt32(bytes[bytes.count - 6]) << 16))
        switch g.next() % 6 {
        case 0, 1: // flip a few bytes anywhere
            for _ in 0..<(1 + Int(g.next() % 4)) {
                bytes[Int(g.next() % UInt64(bytes.count))] ^= UInt8(1 + g.next() % 255)
            }
        case 2: // damage the footer
            for _ in 0..<(1 + Int(g.next() % 3)) {
                let at = footerStart + Int(g.next() % UInt64(max(1, bytes.count - 8 - footerStart)))
                bytes[min(at, bytes.count - 9)] = UInt8(truncatingIfNeeded: g.next())
            }
        case 3: // overwrite a run with extreme bytes
            let at = Int(g.next() % UInt64(bytes.count))
            let run = min(bytes.count - at, 1 + Int(g.next() % 16))
            let fill: UInt8 = g.next() % 2 == 0 ? 0xFF : 0x00
            for k in at..<(at + run) { bytes[k] = fill }
        case 4: // cut a piece out of the middle, keep the tail
            let at = 4 + Int(g.next() % UInt64(bytes.count - 12))
            let length = min(bytes.count - 8 - at, 1 + Int(g.next() % 64))
            if length > 0 { bytes.removeSubrange(at..<(at + length)) }
        default: // insert random bytes
            let at = 4 + Int(g.next() % UInt64(bytes.count - 12))
            bytes.insert(contentsOf: (0..<(1 + Int(g.next() % 16))).map { _ in UInt8(truncatingIfNeeded: g.next()) }, at: at)
        }
        return bytes
    }

    @Test("random mutations never crash, hang or allocate without bound", arguments: 0..<8)
    func randomMutations(batch: Int) {
        var g = SeededGenerator(seed: 1000 + UInt64(batch))
        var failures = 0
        let count = 500
        for i in 0..<count {
            let seed = Self.seeds[(i + batch * count) % Self.seeds.count].bytes
            if !Self.readEverything(Self.mutate(seed, &g)) { failures += 1 }
        }
        // Most mutations must be detected; the rest land where they do not matter.
        print("batch \(batch): \(failures) of \(count) mutations detected")
        #expect(failures > count / 4, "only \(failures) of \(count) mutations were detected")
    }

    @Test("random mutations of nested files read through readNested never crash", arguments: 0..<4)
    func nestedMutations(batch: Int) {
        let nested = Self.seeds.filter { $0.name.contains("nested") || $0.name.contains("impala") || $0.name.contains("repeated") }
        #expect(nested.count >= 2)
        guard !nested.isEmpty else { return }
        var g = SeededGenerator(seed: 5000 + UInt64(batch))
        var failures = 0
        let count = 400
        for i in 0..<count {
            if !Self.readEverything(Self.mutate(nested[(i + batch * count) % nested.count].bytes, &g)) { failures += 1 }
        }
        print("nested batch \(batch): \(failures) of \(count) mutations detected")
        #expect(failures > count / 4, "only \(failures) of \(count) mutations were detected")
    }
}
