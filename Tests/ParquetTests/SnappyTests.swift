import Testing
@testable import Parquet
import VigieTestSupport

/// Tests of the raw Snappy codec: round trips, vectors from an independent
/// implementation, hand-built elements, and corrupted input.
@Suite struct SnappyTests {
    // MARK: - Helpers


    /// The xorshift32 byte stream also used (in Python) to make the pyarrow vectors.
    static func xorshiftBytes(_ count: Int, seed: UInt32) -> [UInt8] {
        var x = seed
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            x ^= x << 13
            x ^= x >> 17
            x ^= x << 5
            out.append(UInt8(truncatingIfNeeded: x))
        }
        return out
    }

    static func bytes(fromHex hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        var out: [UInt8] = []
        var i = 0
        while i + 1 < digits.count {
            let high = digits[i] <= 57 ? digits[i] - 48 : digits[i] - 87
            let low = digits[i + 1] <= 57 ? digits[i + 1] - 48 : digits[i + 1] - 87
            out.append(high << 4 | low)
            i += 2
        }
        return out
    }

    static func compress(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        // Exact-size copy of the input, so an address sanitizer sees overreads.
        withExactCopy(data) { Snappy.compress(UnsafeRawBufferPointer($0), into: &out) }
        return out
    }

    /// Runs `body` on a heap copy of `data` whose allocation is exactly its size.
    static func withExactCopy<R, E: Error>(_ data: [UInt8], _ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: data.count, alignment: 1)
        defer { buffer.deallocate() }
        data.withUnsafeBytes { buffer.copyMemory(from: $0) }
        return try body(buffer)
    }

    /// Decompresses from and into exact-size allocations.
    static func decompress(_ block: [UInt8], maxLength: Int = 1 << 26) throws(ParquetError) -> [UInt8] {
        try withExactCopy(block) { (input: UnsafeMutableRawBufferPointer) throws(ParquetError) -> [UInt8] in
            let source = UnsafeRawBufferPointer(input)
            let length = try Snappy.uncompressedLength(source, maxLength: maxLength)
            let output = UnsafeMutableRawBufferPointer.allocate(byteCount: length, alignment: 1)
            defer { output.deallocate() }
            try Snappy.decompress(source, into: output)
            return Array(output)
        }
    }

    static func roundTrip(_ data: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let block = compress(data)
        #expect(block.count <= Snappy.maxCompressedLength(data.count), sourceLocation: sourceLocation)
        let back = try decompress(block)
        #expect(back == data, "round trip of \(data.count) bytes", sourceLocation: sourceLocation)
        // The array convenience agrees.
        let viaArray = try block.withUnsafeBytes { buffer in try Snappy.decompress(buffer, maxLength: data.count) }
        #expect(viaArray == data, sourceLocation: sourceLocation)
    }

    static func text(_ count: Int, using rng: inout SeededGenerator) -> [UInt8] {
        let words = ["the", "quick", "parquet", "column", "page", "dictionary", "snappy", " ", ", ", "\n", "value=", "42", "2024-05-01"]
        var out: [UInt8] = []
        while out.count < count { out += Array(words[Int(rng.next() % UInt64(words.count))].utf8) }
        return Array(out.prefix(count))
    }

    static func randomBytes(_ count: Int, using rng: inout SeededGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    static func int64Deltas(_ count: Int, using rng: inout SeededGenerator) -> [UInt8] {
        var value: Int64 = 1_700_000_000_000
        var out: [UInt8] = []
        out.reserveCapacity(count * 8)
        for _ in 0..<count {
            value += Int64(rng.next() % 100)
            withUnsafeBytes(of: value.littleEndian) { out += $0 }
        }
        return out
    }

    // MARK: - Round trips

    @Test func emptyInput() throws {
        let block = Self.compress([])
        #expect(block == [0x00])
        #expect(try Self.decompress(block) == [])
        try Self.roundTrip([])
    }

    @Test func oneByte() throws {
        #expect(Self.compress([0x61]) == [0x01, 0x00, 0x61])
        try Self.roundTrip([0x61])
        try Self.roundTrip([0x00])
    }

    @Test func runs() throws {
        try Self.roundTrip([UInt8](repeating: 0, count: 100_000))
        try Self.roundTrip([UInt8](repeating: 0xAB, count: 65_536 * 3 + 7))
        // Repeating patterns of every period 1...20 exercise the overlapping copies.
        for period in 1...20 {
            let pattern = (0..<period).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let data = (0..<5_000).map { pattern[$0 % period] }
            try Self.roundTrip(data)
        }
    }

    @Test func everySmallLength() throws {
        // Lengths 0...300 of several kinds reach every path near the buffer ends.
        var rng = SeededGenerator(seed: 1)
        for n in 0...300 {
            try Self.roundTrip(Self.randomBytes(n, using: &rng))
            try Self.roundTrip(Self.text(n, using: &rng))
            try Self.roundTrip((0..<n).map { UInt8(truncatingIfNeeded: $0 % 3) })
        }
    }

    @Test func randomBytes() throws {
        var rng = SeededGenerator(seed: 2)
        for n in [15, 16, 17, 64, 65, 1_000, 65_535, 65_536, 65_537, 200_000] {
            try Self.roundTrip(Self.randomBytes(n, using: &rng))
        }
    }

    @Test func text() throws {
        var rng = SeededGenerator(seed: 3)
        let data = Self.text(300_000, using: &rng)
        let block = Self.compress(data)
        #expect(block.count < data.count / 2)
        try Self.roundTrip(data)
        try Self.roundTrip(Array("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".utf8))
    }

    @Test func oneMegabyteMixed() throws {
        var rng = SeededGenerator(seed: 4)
        var data: [UInt8] = []
        while data.count < 1 << 20 {
            let n = Int(rng.next() % 20_000) + 1
            switch rng.next() % 4 {
            case 0: data += Self.randomBytes(n, using: &rng)
            case 1: data += [UInt8](repeating: UInt8(truncatingIfNeeded: rng.next()), count: n)
            case 2: data += Self.text(n, using: &rng)
            default: data += Self.int64Deltas(n / 8 + 1, using: &rng)
            }
        }
        data = Array(data.prefix(1 << 20))
        try Self.roundTrip(data)
    }

    /// Mixtures the writer meets, at sizes that cross the 64 KiB fragments: PLAIN strings (a length
    /// prefix that repeats every few bytes, then digits), back-references to earlier windows at random
    /// distances (long matches split into 64-byte copies), runs, and bytes that never repeat.
    @Test(arguments: [11, 12, 13, 14, 15, 16] as [UInt64])
    func randomizedMixtures(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var data: [UInt8] = []
        let size = Int(rng.next() % 300_000) + 1
        while data.count < size {
            let n = Int(rng.next() % 5_000) + 1
            switch rng.next() % 5 {
            case 0: data += Self.randomBytes(n, using: &rng)
            case 1: data += [UInt8](repeating: UInt8(truncatingIfNeeded: rng.next()), count: n)
            case 2:
                for _ in 0..<(n / 13 + 1) {
                    data += [9, 0, 0, 0, UInt8(ascii: "P")]
                    data += (0..<8).map { _ in UInt8(ascii: "0") + UInt8(rng.next() % 10) }
                }
            case 3 where !data.isEmpty:
                let start = Int(rng.next() % UInt64(data.count))
                data += data[start..<min(data.count, start + n)]
            default: data += Self.int64Deltas(n / 8 + 1, using: &rng)
            }
        }
        try Self.roundTrip(data)
        try Self.roundTrip(Array(data.prefix(Int(rng.next() % UInt64(data.count)))))
    }

    @Test func incompressible() throws {
        var rng = SeededGenerator(seed: 5)
        let data = Self.randomBytes(1 << 20, using: &rng)
        let block = Self.compress(data)
        #expect(block.count <= Snappy.maxCompressedLength(data.count))
        #expect(block.count <= data.count + data.count / 100 + 16)
        try Self.roundTrip(data)
    }

    @Test func compressAppendsToExistingOutput() throws {
        let data = Array("abcabcabcabcabcabcabcabc-appended".utf8)
        var out: [UInt8] = [1, 2, 3]
        data.withUnsafeBytes { Snappy.compress($0, into: &out) }
        #expect(Array(out.prefix(3)) == [1, 2, 3])
        #expect(Array(out.dropFirst(3)) == Self.compress(data))
        #expect(try Self.decompress(Array(out.dropFirst(3))) == data)
    }

    @Test func maxCompressedLengthFormula() {
        #expect(Snappy.maxCompressedLength(0) == 32)
        #expect(Snappy.maxCompressedLength(600) == 732)
    }

    // MARK: - Vectors from an independent implementation

    /// Raw Snappy blocks produced by pyarrow 26.0.1 (the C++ Snappy library):
    /// `pa.compress(data, codec='snappy', asbytes=True).hex()`, with the inputs
    /// built as in `goldenInputs`.
    static let pyarrowVectors: [(name: String, hex: String)] = [
        ("empty", "00"),
        ("oneByte", "010061"),
        ("hello", "221848656c6c6f2c2052070014776f726c6421"),
        ("abc100", "ac0208616263fe0300fe0300fe0300fe0300a20300"),
        ("zeros1000", "e8070000fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe0100fe01009a0100"),
        ("rows", "b60314726f7720303b010600310506003205060033050600340506003505060036050600370506003805060039050600310d3d093e0031093f0031094000310941043135092a09430031094404313809150946003209460032094600320946003209460032094600320946003209460032094600320946003209460033094600330946043332056200330946003309460033094600330946003309460033094600330946003409460034094600340946003409460034094600340946003409460034094600340946003409460035094600350946003509460035094600350946003509460035094604353705af00350946043539050e00360946003609462436323b726f772036333b"),
        ("random300", "ac02f42b01a5a3c498884d1d29a711f8f8a015c669929dc994bf3e0c21d65168f9847bfaac4759ac07ac9a620eeed2290df514be195dc0a500cdef04080eca5fecb879988717b9fc651373d3632482825cc4090a3dcc2d5cc31779407a0eef2d7036dd66baad18f208a507821560472b3e0857791bffb7aaa5aa5949b5eae1ac63abe1d51e41774ebf781413c236f998ae28c0f523767f175d1caeabc3be6e0d45d803e756fa2b58627cbbf13129c44c3eba934c40d41158b6be734c552d6f636b1385e88ef1ade8ac65f9d9109cd2f79c26c3a70ee459bb4662497802fdaca02ebee536addc0e4216ce6d0767617beab7f666b721527a6fba6419e8e0133fc12b1464d3e9e4b073e8aa568b70018f4ff9601665f968baec547999a1e5c4715073df3cecde9ee7a9312346817f2b976454"),
        ("int64Deltas", "80040c40420f00010100470d0800480d0800500d0800520d08005b0d08005e0d0800680d08006c0d0800770d08007c0d0800880d08008e3a080000950d1000960d08009e0d0800a00d0800a90d0800ac0d0800b60d0800ba0d0800c50d0800ca0d0800d60d0800dc3a080000e30d1000e40d0800ec0d0800ee0d0800f70d0800fa0d08040443290800080d0800130d0800180d0800240d08002a3a080000310d1000320d08003a0d08003c0d0800450d0800480d0800520d0800560d0800610d0800660d0800720d0800783a0800007f0d1000800d0800880d08008a0d0800930d0800960d0800a00d0800a40d0800af0d083cb4430f0000000000c0430f0000000000"),
        ("farCopy", "9811f069c5e9b73c7fae33d20d0efbfb4550112d0f65be421ddf3e2ba3bfd18704e4000a9fe2bed8fec3f82265a3c798e166d6503da9d82791a5b613e042c9c3527760e62017619a02f5c690d2971fa850b65bcc547ff732329297d5078def7b7b9836f0fcf2e030000000000000fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe0400fe04001904fe34088e3408"),
    ]

    /// The inputs of `pyarrowVectors`, built the same way as in the Python script.
    static func goldenInput(_ name: String) -> [UInt8] {
        switch name {
        case "empty": return []
        case "oneByte": return Array("a".utf8)
        case "hello": return Array("Hello, Hello, Hello, Hello, world!".utf8)
        case "abc100": return Array(String(repeating: "abc", count: 100).utf8)
        case "zeros1000": return [UInt8](repeating: 0, count: 1000)
        case "rows": return Array((0..<64).map { "row \($0);" }.joined().utf8)
        case "random300": return xorshiftBytes(300, seed: 0x1234_5678)
        case "int64Deltas":
            // value_i = 1_000_000 + sum over j in 0...i of (j * 7) % 13
            var out: [UInt8] = []
            var value: Int64 = 1_000_000
            for i in 0..<64 {
                value += Int64((i * 7) % 13)
                withUnsafeBytes(of: value.littleEndian) { out += $0 }
            }
            return out
        case "farCopy": return xorshiftBytes(100, seed: 99) + [UInt8](repeating: 0, count: 2000) + xorshiftBytes(100, seed: 99)
        default: return []
        }
    }

    @Test func pyarrowVectorsDecompress() throws {
        for vector in Self.pyarrowVectors {
            let block = Self.bytes(fromHex: vector.hex)
            let expected = Self.goldenInput(vector.name)
            #expect(try Self.decompress(block) == expected, "vector \(vector.name)")
            // Our own compressor's output round-trips too.
            try Self.roundTrip(expected)
        }
    }

    // MARK: - Hand-built elements

    @Test func fourByteOffsetCopy() throws {
        // "abcd" literal, then a copy of 8 bytes at offset 4 with a 4-byte offset.
        let block: [UInt8] = [12, 0x0C, 0x61, 0x62, 0x63, 0x64, 0x1F, 0x04, 0x00, 0x00, 0x00]
        #expect(try Self.decompress(block) == Array("abcdabcdabcd".utf8))
    }

    @Test func literalLengthEncodings() throws {
        // The same 5-byte literal with its length in the tag and in 1...4 extra bytes.
        let hello = Array("hello".utf8)
        for header in [[0x10], [0xF0, 0x04], [0xF4, 0x04, 0x00], [0xF8, 0x04, 0x00, 0x00], [0xFC, 0x04, 0x00, 0x00, 0x00]] as [[UInt8]] {
            #expect(try Self.decompress([5] + header + hello) == hello)
        }
        // 100-byte literal with a 1-byte length.
        let hundred = (0..<100).map { UInt8($0) }
        #expect(try Self.decompress([100, 0xF0, 99] + hundred) == hundred)
    }

    @Test func oneByteOffsetCopyUsesTagHighBits() throws {
        // 300-byte literal, then a copy of 4 bytes at offset 300 (0x12C): tag 0x21, byte 0x2C.
        let literal = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let block: [UInt8] = [0xB0, 0x02, 0xF4, 0x2B, 0x01] + literal + [0x21, 0x2C]
        #expect(try Self.decompress(block) == literal + literal.prefix(4))
    }

    // MARK: - Headers and corruption

    @Test func uncompressedLengthHeader() throws {
        let block = Self.compress([UInt8](repeating: 7, count: 300))
        try block.withUnsafeBytes { buffer throws in
            let length = try Snappy.uncompressedLength(buffer, maxLength: 300)
            #expect(length == 300)
            #expect(throws: ParquetError.self) { try Snappy.uncompressedLength(buffer, maxLength: 299) }
        }
        for bad in [[], [0x80], [0xFF, 0xFF, 0xFF, 0xFF, 0x10], [0x80, 0x80, 0x80, 0x80, 0x80, 0x01]] as [[UInt8]] {
            bad.withUnsafeBytes { buffer -> Void in
                #expect(throws: ParquetError.self) { try Snappy.uncompressedLength(buffer, maxLength: Int.max) }
            }
        }
        // 2^32 - 1 is the largest length the header can hold.
        [UInt8]([0xFF, 0xFF, 0xFF, 0xFF, 0x0F]).withUnsafeBytes { buffer -> Void in
            #expect((try? Snappy.uncompressedLength(buffer, maxLength: Int.max)) == 0xFFFF_FFFF)
        }
    }

    /// Expects `block` to be rejected as corrupt with a message containing `words`.
    static func expectCorrupt(_ block: [UInt8], _ words: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let out = try decompress(block)
            Issue.record("accepted corrupt block, produced \(out.count) bytes", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .corrupt, sourceLocation: sourceLocation)
            #expect(error.message.hasPrefix("snappy: "), sourceLocation: sourceLocation)
            #expect(error.message.contains(words), "message: \(error.message)", sourceLocation: sourceLocation)
        }
    }

    @Test func specificCorruptions() {
        Self.expectCorrupt([], "length header")
        Self.expectCorrupt([4, 0x00, 0x61, 0x05, 0x00], "offset 0")                  // copy-1, offset 0
        Self.expectCorrupt([6, 0x00, 0x61, 0x05, 0x02], "offset 2 but 1 bytes")     // offset past written bytes
        Self.expectCorrupt([5, 0x10, 0x61, 0x62], "runs past the end of input")     // literal cut short
        Self.expectCorrupt([2, 0x10, 0x61, 0x62, 0x63, 0x64, 0x65], "runs past the announced length")
        Self.expectCorrupt([7, 0x00, 0x61, 0x0D, 0x01], "runs past the announced length") // copy of 7, 6 left
        Self.expectCorrupt([1, 0x00, 0x61, 0x00, 0x62], "trailing data")
        Self.expectCorrupt([0, 0x00], "trailing data")
        Self.expectCorrupt([3, 0x00, 0x61], "after 1 of the announced 3 bytes")
        Self.expectCorrupt([8, 0x00, 0x61, 0x02, 0x01], "cut off")                   // copy-2 missing a byte
        Self.expectCorrupt([8, 0x00, 0x61, 0x03, 0x01, 0x00], "cut off")             // copy-4 missing bytes
        Self.expectCorrupt([8, 0xF4, 0x01], "cut off")                               // literal length missing a byte
        // The error names the input offset of the bad element.
        Self.expectCorrupt([2, 0x00, 0x61, 0x00, 0x62, 0x05, 0x09], "at input offset 5")
        // Output buffer of the wrong size.
        [UInt8]([3, 0x08, 0x61, 0x62, 0x63]).withUnsafeBytes { input -> Void in
            let output = UnsafeMutableRawBufferPointer.allocate(byteCount: 2, alignment: 1)
            defer { output.deallocate() }
            #expect(throws: ParquetError.self) { try Snappy.decompress(input, into: output) }
        }
        // Announced length above the caller's limit.
        [UInt8]([3, 0x08, 0x61, 0x62, 0x63]).withUnsafeBytes { input -> Void in
            #expect(throws: ParquetError.self) { try Snappy.decompress(input, maxLength: 2) }
        }
    }

    @Test func corruptCopiesInFastLoop() {
        // Bad offsets far from both ends, where the fast loop decodes.
        let literal = (0..<200).map { UInt8(truncatingIfNeeded: $0) }
        let prefix: [UInt8] = [0xF0, 199] + literal
        Self.expectCorrupt([0xE8, 0x07] + prefix + [0xFE, 0x00, 0x00] + [UInt8](repeating: 0, count: 60), "offset 0")
        Self.expectCorrupt([0xE8, 0x07] + prefix + [0xFE, 0xC9, 0x00] + [UInt8](repeating: 0, count: 60), "offset 201 but 200")
        Self.expectCorrupt([0xE8, 0x07] + prefix + [0xFF, 0x00, 0x00, 0x01, 0x00] + [UInt8](repeating: 0, count: 60), "offset 65536")
    }

    @Test func randomMutationsNeverCrash() throws {
        var rng = SeededGenerator(seed: 6)
        var sources: [[UInt8]] = [
            Self.text(5_000, using: &rng),
            Self.int64Deltas(500, using: &rng),
            [UInt8](repeating: 3, count: 3_000),
            Self.randomBytes(400, using: &rng),
            (0..<4_000).map { UInt8(truncatingIfNeeded: $0 % 7) },
            Self.text(100, using: &rng),
        ]
        sources += Self.pyarrowVectors.map { Self.goldenInput($0.name) }
        var blocks = sources.map { Self.compress($0) }
        blocks += Self.pyarrowVectors.map { Self.bytes(fromHex: $0.hex) }
        blocks.append([12, 0x0C, 0x61, 0x62, 0x63, 0x64, 0x1F, 0x04, 0x00, 0x00, 0x00])

        var accepted = 0
        var rejected = 0
        for round in 0..<3_000 {
            var block = blocks[round % blocks.count]
            switch rng.next() % 5 {
            case 0, 1: // flip 1...4 bytes
                for _ in 0...(rng.next() % 4) where !block.isEmpty {
                    block[Int(rng.next() % UInt64(block.count))] ^= UInt8(truncatingIfNeeded: rng.next() % 255 + 1)
                }
            case 2: // truncate
                block.removeLast(Int(rng.next() % UInt64(block.count + 1)))
            case 3: // append 1...16 bytes
                block += (0..<(rng.next() % 16 + 1)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            default: // overwrite one byte near the start, where the header and first tags are
                if !block.isEmpty {
                    block[Int(rng.next() % UInt64(min(block.count, 8)))] = UInt8(truncatingIfNeeded: rng.next())
                }
            }
            do {
                _ = try Self.decompress(block, maxLength: 1 << 20)
                accepted += 1
            } catch {
                #expect(error.code == .corrupt)
                rejected += 1
            }
        }
        #expect(accepted + rejected == 3_000)
        #expect(rejected > 1_000)
        #expect(accepted > 0)
    }

    @Test func randomGarbageNeverCrashes() {
        // Arbitrary bytes behind a small valid header.
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let n = Int(rng.next() % 200)
            var block = [UInt8(truncatingIfNeeded: rng.next() % 128)]
            block += Self.randomBytes(n, using: &rng)
            do {
                _ = try Self.decompress(block, maxLength: 1 << 20)
            } catch {
                #expect(error.code == .corrupt)
            }
        }
    }
}
