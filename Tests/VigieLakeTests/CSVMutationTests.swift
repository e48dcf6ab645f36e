// Thousands of random byte mutations of valid CSV files: every one must
// read to rows, rejects and maybe a LakeError, never a crash, and every row
// that comes out must be accounted for by line.

import Testing
@testable import VigieLake
import VigieTestSupport

@Suite struct CSVMutationTests {
    static let seeds: [[UInt8]] = [
        CSVFixture.windows1252(CSVDialectTests.french),
        CSVFixture.utf8(CSVReaderTests.quoted),
        CSVFixture.utf8("""
            id,montant,jour,horodatage,flag,code
            1,"1,234.50",2024-03-15,2024-03-15T10:30:00+02:00,true,01001
            2,7.25,2024-02-29,2024-03-15 08:00,false,2A004
            3,,2023-12-31,,yes,"a ""b"" c"
            Total,1241.75,,,,

            """),
    ]

    /// Bytes that matter to the reader, and some that do not.
    static let palette: [UInt8] = [0x3B, 0x2C, 0x22, 0x0A, 0x0D, 0x09, 0x7C, 0x20, 0xA0, 0xC2, 0xE2, 0xC3, 0xFF, 0x80, 0x2D, 0x2F, 0x3A, 0x2E, 0x30, 0x39, 0x45, 0x25, 0x00]

    @Test func mutatedFilesReadOrFailCleanly() {
        var random = SeededGenerator(seed: 4_180)
        var outcomes = (rows: 0, rejects: 0, errors: 0)
        for round in 0..<3000 {
            var bytes = Self.seeds[round % Self.seeds.count]
            for _ in 0..<(1 + Int(random.next() % 4)) {
                let at = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
                let byte = random.next() % 3 == 0 ? UInt8(truncatingIfNeeded: random.next()) : Self.palette[Int(random.next() % UInt64(Self.palette.count))]
                switch random.next() % 5 {
                case 0 where !bytes.isEmpty: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                case 2 where !bytes.isEmpty: bytes.remove(at: at)
                case 3: bytes.removeSubrange(at...)
                default: bytes.insert(contentsOf: repeatElement(byte, count: Int(random.next() % 5) + 1), at: at)
                }
            }
            let blockSize = [3, 17, 64, 4096][Int(random.next() % 4)]
            do {
                let result = try CSVFixture.typed(bytes, blockSize: blockSize)
                outcomes.rows += result.rows.count
                outcomes.rejects += result.rejects.count
                // Lines are where records start: increasing, within the file.
                let lines = (result.lines + result.rejects.map(\.line)).sorted()
                #expect(Set(lines).count == lines.count, "round \(round): two records on one line")
                #expect(lines.allSatisfy { $0 >= 1 && $0 <= bytes.count + 1 }, "round \(round)")
                #expect(result.rows.allSatisfy { $0.count == result.reader.schema.count })
            } catch {
                outcomes.errors += 1
                #expect(error is LakeError, "round \(round): \(error)")
            }
            // Typed on several threads, a few batches ahead, the file reads the same.
            #expect(Self.typedOutcome(bytes, blockSize: blockSize, threads: 3) == Self.typedOutcome(bytes, blockSize: blockSize, threads: 1),
                    "round \(round)")
            // The raw reader, with a fixed dialect, must hold up as well.
            do {
                _ = try CSVFixture.read(bytes, dialect: CSVDialect(separator: UInt8(ascii: ","), encoding: .utf8), blockSize: blockSize)
            } catch {
                outcomes.errors += 1
            }
        }
        #expect(outcomes.rows > 3000)
        #expect(outcomes.rejects > 100)
    }

    /// Everything a typed reading gives, as text: rows, lines, rejects and total line, or the error.
    static func typedOutcome(_ bytes: [UInt8], blockSize: Int, threads: Int) -> String {
        do {
            let result = try CSVFixture.typed(bytes, blockSize: blockSize, threads: threads)
            return "\(result.reader.schema) \(result.rows) \(result.lines) \(result.rejects) \(String(describing: result.reader.totalLine)) \(result.reader.bytesRead)"
        } catch {
            return "\(error)"
        }
    }

    @Test func headerlessFileWithDeclaredSchema() throws {
        let schema = [CSVColumnSchema(name: "n", type: .int), CSVColumnSchema(name: "montant", type: .decimal(scale: 2))]
        let typed = try CSVFixture.typed(CSVFixture.utf8("1;2,50\n2;3,75\n"), schema: schema, overrides: .init(hasHeader: false), blockSize: 4)
        #expect(typed.rows == [[.int(1), .decimal(250, scale: 2)], [.int(2), .decimal(375, scale: 2)]])
        #expect(typed.lines == [1, 2])
    }

    @Test func emptyAndBlankFiles() throws {
        for text in ["", "\n\n", "a;b\n", ";;\n;;\n", "\u{FEFF}"] {
            let typed = try CSVFixture.typed(CSVFixture.utf8(text))
            #expect(typed.rows.isEmpty, "\(text.debugDescription)")
            #expect(typed.rejects.isEmpty, "\(text.debugDescription)")
        }
    }
}
