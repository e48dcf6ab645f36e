// Tests of the non-PLAIN value encodings: round trips, golden vectors from an
// independent implementation (pyarrow 26.0.1 / Arrow C++, and the worked examples of
// apache/parquet-format Encodings.md), and random mutations that must decode or
// throw ParquetError, never crash.
//
// The golden page bytes were produced by writing one-column Parquet files with
// pyarrow 26.0.1 (`compression='none'`, `use_dictionary=False`, a non-nullable
// column, `column_encoding={'x': ENCODING}`) and cutting the data page body out of
// the file after its Thrift page header. For dictionary indices, definition levels
// and RLE booleans the dictionary / nullable / RLE settings are named at each vector.

import Testing
@testable import Parquet
import VigieTestSupport

// MARK: - Helpers

/// Bytes from a hex string (whitespace ignored).
fileprivate func hexBytes(_ hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var high: UInt8? = nil
    for c in hex.unicodeScalars {
        guard let d = UInt8(String(c), radix: 16) else { continue }
        if let h = high { out.append(h << 4 | d); high = nil } else { high = d }
    }
    return out
}

/// The shared deterministic generator (Support/TestData.swift), so failures reproduce.
fileprivate typealias TestRandom = SeededGenerator
extension SeededGenerator {
    init(_ seed: UInt64) { self.init(seed: seed) }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
}

/// Applies one to three random corruptions (bit flips, byte overwrites, truncation,
/// insertion, deletion) to a copy of `bytes`.
fileprivate func mutate(_ bytes: [UInt8], _ rng: inout TestRandom) -> [UInt8] {
    var b = bytes
    for _ in 0...(rng.below(3)) {
        switch rng.below(7) {
        case 0 where !b.isEmpty:
            b[rng.below(b.count)] ^= UInt8(1) << UInt8(rng.below(8))
        case 1 where !b.isEmpty:
            b[rng.below(b.count)] = UInt8(truncatingIfNeeded: rng.next())
        case 2 where !b.isEmpty:
            b[rng.below(b.count)] = [0x00, 0xFF, 0x7F, 0x80, 0x41][rng.below(5)]
        case 3:
            b.removeLast(min(b.count, 1 + rng.below(max(1, b.count / 4))))
        case 4:
            b.insert(UInt8(truncatingIfNeeded: rng.next()), at: rng.below(b.count + 1))
        case 5 where !b.isEmpty:
            b.remove(at: rng.below(b.count))
        default:
            // Corrupt the first bytes, where the headers are.
            if !b.isEmpty { b[rng.below(min(b.count, 8))] = UInt8(truncatingIfNeeded: rng.next()) }
        }
    }
    return b
}

/// Runs `decode` on `mutations` corrupted copies of each seed buffer; each must return or
/// throw a `ParquetError` (a crash would end the test run). Returns how many decoded.
fileprivate func fuzz(
    _ seeds: [[UInt8]], mutations: Int, seed: UInt64,
    _ decode: (UnsafeRawBufferPointer, Int) throws(ParquetError) -> Void
) -> (decoded: Int, failed: Int) {
    var rng = TestRandom(seed)
    var decoded = 0
    var failed = 0
    for i in 0..<mutations {
        let original = seeds[i % seeds.count]
        let bytes = mutate(original, &rng)
        do throws(ParquetError) {
            try bytes.withBytes { (raw) throws(ParquetError) in try decode(raw, i) }
            decoded += 1
        } catch {
            #expect(!error.message.isEmpty)
            failed += 1
        }
    }
    return (decoded, failed)
}

/// RLE-decodes `count` values of `bitWidth` bits from `bytes` into [UInt32].
fileprivate func rleDecode(_ bytes: [UInt8], bitWidth: Int, count: Int) throws(ParquetError) -> [UInt32] {
    var out: [UInt32] = []
    try bytes.withBytes { (raw) throws(ParquetError) in
        try RLEHybrid.decode(raw, bitWidth: bitWidth, count: count, into: &out)
    }
    return out
}

/// RLE-encodes `values` at `bitWidth` bits.
fileprivate func rleEncode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
    var sink = ByteSink()
    values.withUnsafeBufferPointer { RLEHybrid.encode($0, bitWidth: bitWidth, into: &sink) }
    return sink.bytes
}

/// DELTA_BINARY_PACKED-encodes `values`.
fileprivate func deltaEncode<T: FixedWidthInteger & SignedInteger>(_ values: [T]) -> [UInt8] {
    var sink = ByteSink()
    values.withUnsafeBufferPointer { DeltaBinaryPacked.encode($0, into: &sink) }
    return sink.bytes
}

/// DELTA_BINARY_PACKED-decodes `count` values; returns them and the bytes consumed.
fileprivate func deltaDecode<T: FixedWidthInteger & SignedInteger>(
    _ bytes: [UInt8], count: Int, as _: T.Type = T.self
) throws(ParquetError) -> ([T], Int) {
    var out: [T] = []
    let used = try bytes.withBytes { (raw) throws(ParquetError) -> Int in
        try DeltaBinaryPacked.decode(raw, count: count, into: &out)
    }
    return (out, used)
}

fileprivate func encodeByteArrays(_ values: ByteArrays, incremental: Bool) -> [UInt8] {
    var sink = ByteSink()
    if incremental { DeltaByteArray.encode(values, into: &sink) } else { DeltaLengthByteArray.encode(values, into: &sink) }
    return sink.bytes
}

fileprivate func decodeByteArrays(_ bytes: [UInt8], count: Int, incremental: Bool) throws(ParquetError) -> (ByteArrays, Int) {
    var out = ByteArrays()
    let used = try bytes.withBytes { (raw) throws(ParquetError) -> Int in
        incremental
            ? try DeltaByteArray.decode(raw, count: count, into: &out)
            : try DeltaLengthByteArray.decode(raw, count: count, into: &out)
    }
    return (out, used)
}

/// BYTE_STREAM_SPLIT-encodes the plain bytes of values of `width` bytes.
fileprivate func bssEncode(_ bytes: [UInt8], width: Int) -> [UInt8] {
    var sink = ByteSink()
    bytes.withUnsafeBytes { ByteStreamSplit.encode($0, width: width, into: &sink) }
    return sink.bytes
}

/// BYTE_STREAM_SPLIT-decodes `count` values of `width` bytes to their plain bytes.
fileprivate func bssDecode(_ bytes: [UInt8], count: Int, width: Int) throws(ParquetError) -> [UInt8] {
    var out: [UInt8] = []
    try bytes.withBytes { (raw) throws(ParquetError) in
        try ByteStreamSplit.decode(raw, count: count, width: width, into: &out)
    }
    return out
}

/// Appends `value` as ULEB128.
fileprivate func appendULEB(_ value: UInt64, to out: inout [UInt8]) {
    var v = value
    while v >= 0x80 {
        out.append(UInt8(v & 0x7F) | 0x80)
        v >>= 7
    }
    out.append(UInt8(v))
}

/// Appends `values` packed LSB-first at `width` bits, one bit at a time (independent of BitPacking).
fileprivate func appendBits(_ values: [UInt64], width: Int, to out: inout [UInt8]) {
    var bit = 0
    let start = out.count
    out += [UInt8](repeating: 0, count: (values.count * width + 7) / 8)
    for v in values {
        for b in 0..<width {
            if (v >> UInt64(b)) & 1 == 1 { out[start + bit / 8] |= UInt8(1) << UInt8(bit % 8) }
            bit += 1
        }
    }
}

/// A deliberately plain DELTA_BINARY_PACKED writer for any block shape, to check the decoder
/// on layouts our encoder never writes. Unused miniblocks get the width byte `unusedWidth`.
fileprivate func referenceDeltaEncode<T: FixedWidthInteger & SignedInteger>(
    _ values: [T], blockSize: Int, miniblocks: Int, unusedWidth: UInt8 = 0
) -> [UInt8] {
    var out: [UInt8] = []
    appendULEB(UInt64(blockSize), to: &out)
    appendULEB(UInt64(miniblocks), to: &out)
    appendULEB(UInt64(values.count), to: &out)
    let first = Int64(values.first ?? 0)
    appendULEB(UInt64(bitPattern: (first << 1) ^ (first >> 63)), to: &out)
    let perMiniblock = blockSize / miniblocks
    var i = 1
    while i < values.count {
        let n = min(blockSize, values.count - i)
        let deltas = (0..<n).map { values[i + $0] &- values[i + $0 - 1] }
        let minDelta = deltas.min() ?? 0
        let relative = deltas.map { UInt64(truncatingIfNeeded: $0 &- minDelta) & BitPacking.mask(T.bitWidth) }
        let m64 = Int64(minDelta)
        appendULEB(UInt64(bitPattern: (m64 << 1) ^ (m64 >> 63)), to: &out)
        var widths: [Int] = []
        for m in 0..<miniblocks {
            let slice = relative[min(n, m * perMiniblock)..<min(n, (m + 1) * perMiniblock)]
            widths.append(slice.isEmpty ? -1 : 64 - (slice.max() ?? 0).leadingZeroBitCount)
        }
        for w in widths { out.append(w < 0 ? unusedWidth : UInt8(w)) }
        for (m, w) in widths.enumerated() where w >= 0 {
            let chunk = (0..<perMiniblock).map { m * perMiniblock + $0 < n ? relative[m * perMiniblock + $0] : 0 }
            appendBits(chunk, width: w, to: &out)
        }
        i += n
    }
    return out
}

/// Values of exactly `bitWidth` significant bits at most, with runs and edge values mixed in.
fileprivate func rleTestValues(bitWidth: Int, count: Int, seed: UInt64) -> [UInt32] {
    var rng = TestRandom(seed)
    let mask = UInt32(truncatingIfNeeded: BitPacking.mask(bitWidth))
    var values: [UInt32] = []
    values.reserveCapacity(count)
    while values.count < count {
        let v: UInt32
        switch rng.below(4) {
        case 0: v = mask
        case 1: v = 0
        default: v = UInt32(truncatingIfNeeded: rng.next()) & mask
        }
        // Mostly single values, sometimes runs of 2...40 (some crossing the RLE threshold of 8).
        let run = rng.below(5) == 0 ? 2 + rng.below(39) : 1
        for _ in 0..<min(run, count - values.count) { values.append(v) }
    }
    return values
}

/// Int64 values whose deltas need up to `bitWidth` bits, plus wrapping extremes.
fileprivate func deltaTestValues(bitWidth: Int, count: Int, seed: UInt64) -> [Int64] {
    var rng = TestRandom(seed)
    let mask = BitPacking.mask(bitWidth)
    var values: [Int64] = []
    var current = Int64(bitPattern: rng.next())
    for i in 0..<count {
        if i % 97 == 50 { current = i % 2 == 0 ? .max : .min }
        values.append(current)
        current = current &+ Int64(bitPattern: rng.next() & mask)
    }
    return values
}

// MARK: - RLE / bit-packed hybrid

@Suite("RLE / bit-packed hybrid")
struct RLEHybridTests {
    /// Encodings.md: the numbers 0...7 bit-packed at width 3 are 10001000 11000110 11111010.
    @Test func specBitPackingExample() throws {
        let runs: [UInt8] = [0x03, 0x88, 0xC6, 0xFA]  // header: 1 group, bit-packed
        #expect(try rleDecode(runs, bitWidth: 3, count: 8) == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(rleEncode([0, 1, 2, 3, 4, 5, 6, 7], bitWidth: 3) == runs)
    }

    @Test func rleRunAndPaddedFinalGroup() throws {
        // RLE run of 10 × 5 at width 3 (1 value byte), then 1 group holding 3 values + 5 padding.
        let bytes: [UInt8] = [20, 5, 0x03, 0x88, 0xC6, 0xFA]
        #expect(try rleDecode(bytes, bitWidth: 3, count: 13) == Array(repeating: 5, count: 10) + [0, 1, 2])
        // A final bit-packed run cut after the needed values still decodes.
        #expect(try rleDecode([0x05, 0x88], bitWidth: 3, count: 2) == [0, 1])
        #expect(throws: ParquetError.self) { try rleDecode([0x05, 0x88], bitWidth: 3, count: 3) }
        // Encoder: 10 equal values become one RLE run.
        #expect(rleEncode(Array(repeating: 5, count: 10), bitWidth: 3) == [20, 5])
        // Width 0: everything is zero; runs carry no value bytes.
        #expect(try rleDecode([0x10, 0x03], bitWidth: 0, count: 12) == Array(repeating: 0, count: 12))
    }

    @Test(arguments: 0...32)
    func roundTripEveryBitWidth(bitWidth: Int) throws {
        let counts = [0, 1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 503, 504, 505, 1000, 4099]
        for (k, count) in counts.enumerated() {
            let values = rleTestValues(bitWidth: bitWidth, count: count, seed: UInt64(bitWidth * 100 + k))
            let encoded = rleEncode(values, bitWidth: bitWidth)
            #expect(try rleDecode(encoded, bitWidth: bitWidth, count: count) == values, "width \(bitWidth), count \(count)")
            // The preallocated fast path agrees.
            var direct = [UInt32](repeating: 0xDEAD_BEEF, count: count + 1)
            try encoded.withUnsafeBytes { (raw) in
                try direct.withUnsafeMutableBufferPointer { (buf) in
                    try RLEHybrid.decodeIndices(raw, bitWidth: bitWidth, count: count, to: buf.baseAddress!)
                }
            }
            #expect(Array(direct[0..<count]) == values)
            #expect(direct[count] == 0xDEAD_BEEF, "wrote past the requested count")
            // Narrower element types get the same values.
            if bitWidth <= 8 {
                var bytes: [UInt8] = [9]
                try encoded.withUnsafeBytes { (raw) in
                    try RLEHybrid.decode(raw, bitWidth: bitWidth, count: count, into: &bytes)
                }
                #expect(bytes == [9] + values.map { UInt8($0) })
            }
            var wide: [UInt64] = []
            try encoded.withUnsafeBytes { (raw) in
                try RLEHybrid.decode(raw, bitWidth: bitWidth, count: count, into: &wide)
            }
            #expect(wide == values.map { UInt64($0) })
            // Asking for more values than were encoded must fail (the last group's padding aside).
            // (At most 7 padding values can follow the last real one.)
            if bitWidth > 0 && count > 0 {
                #expect(throws: ParquetError.self) { try rleDecode(encoded, bitWidth: bitWidth, count: count + 8) }
            }
        }
    }

    /// Streams laid out unlike our encoder: RLE runs of 1, empty runs, bit-packed runs far longer
    /// than 63 groups, packed bit by bit by a reference writer.
    @Test(arguments: [1, 3, 8, 12, 19, 25, 32])
    func decodesReferenceLayouts(bitWidth: Int) throws {
        var rng = TestRandom(UInt64(bitWidth))
        let mask = BitPacking.mask(bitWidth)
        var bytes: [UInt8] = []
        var expected: [UInt32] = []
        for _ in 0..<60 {
            switch rng.below(4) {
            case 0:
                let length = rng.below(20)  // 0 is tolerated
                let value = rng.next() & mask
                appendULEB(UInt64(length) << 1, to: &bytes)
                for k in 0..<((bitWidth + 7) / 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * k))) }
                expected += [UInt32](repeating: UInt32(value), count: length)
            default:
                let groups = rng.below(3) == 0 ? 64 + rng.below(200) : rng.below(5)
                let values = (0..<(groups * 8)).map { _ in rng.next() & mask }
                appendULEB(UInt64(groups) << 1 | 1, to: &bytes)
                appendBits(values, width: bitWidth, to: &bytes)
                expected += values.map { UInt32($0) }
            }
        }
        #expect(try rleDecode(bytes, bitWidth: bitWidth, count: expected.count) == expected)
        // Any prefix of the values decodes too.
        let cut = rng.below(expected.count + 1)
        #expect(try rleDecode(bytes, bitWidth: bitWidth, count: cut) == Array(expected[0..<cut]))
    }

    @Test func longRunsAndMixedRuns() throws {
        var values = [UInt32](repeating: 3, count: 1_000_000)
        values += (0..<1000).map { UInt32($0 % 4) }
        values += [UInt32](repeating: 1, count: 7) + [2] + [UInt32](repeating: 0, count: 9) + [1, 2, 3]
        let encoded = rleEncode(values, bitWidth: 2)
        #expect(encoded.count < 300)
        #expect(try rleDecode(encoded, bitWidth: 2, count: values.count) == values)
        // A single RLE run longer than the count is cut to the count.
        #expect(try rleDecode([0xC8, 0x01, 0x01], bitWidth: 1, count: 5) == [1, 1, 1, 1, 1])
    }

    @Test func decodesAcrossManyRunsAtLargeWidths() throws {
        var rng = TestRandom(7)
        for bitWidth in [17, 24, 31, 32] {
            let values = (0..<10_007).map { _ in UInt32(truncatingIfNeeded: rng.next()) & UInt32(truncatingIfNeeded: BitPacking.mask(bitWidth)) }
            #expect(try rleDecode(rleEncode(values, bitWidth: bitWidth), bitWidth: bitWidth, count: values.count) == values)
        }
    }

    @Test func rejectsBadInput() {
        // Width above 32.
        #expect(throws: ParquetError.self) { try rleDecode([0x02, 0, 0, 0, 0, 0], bitWidth: 33, count: 1) }
        // No data at all.
        #expect(throws: ParquetError.self) { try rleDecode([], bitWidth: 1, count: 1) }
        // Runs end before the count.
        #expect(throws: ParquetError.self) { try rleDecode([0x04, 0x01], bitWidth: 1, count: 3) }
        // RLE value cut off.
        #expect(throws: ParquetError.self) { try rleDecode([0x04, 0x01], bitWidth: 9, count: 2) }
        // RLE value wider than the bit width.
        #expect(throws: ParquetError.self) { try rleDecode([0x04, 0x02], bitWidth: 1, count: 2) }
        // Bit-packed run whose bytes are missing.
        #expect(throws: ParquetError.self) { try rleDecode([0x03, 0xFF], bitWidth: 8, count: 8) }
        // Truncated / overlong varint header.
        #expect(throws: ParquetError.self) { try rleDecode([0x80], bitWidth: 1, count: 1) }
        #expect(throws: ParquetError.self) {
            try rleDecode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], bitWidth: 1, count: 1)
        }
        // Huge bit-packed group count with few bytes.
        #expect(throws: ParquetError.self) {
            try rleDecode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0xAA], bitWidth: 3, count: 100)
        }
        // A narrow element type cannot take a wide bit width.
        var small: [UInt8] = []
        #expect(throws: ParquetError.self) {
            try [UInt8](arrayLiteral: 0x02, 0x01, 0x01).withUnsafeBytes { (raw) in
                try RLEHybrid.decode(raw, bitWidth: 9, count: 1, into: &small)
            }
        }
        // On error the output array is left as it was.
        var kept: [UInt32] = [1, 2]
        _ = try? [UInt8](arrayLiteral: 0x04, 0x01).withUnsafeBytes { (raw) in
            try RLEHybrid.decode(raw, bitWidth: 1, count: 5, into: &kept)
        }
        #expect(kept == [1, 2])
    }

    @Test func errorMessagesNameTheEncodingAndOffset() {
        do {
            _ = try rleDecode([0x04, 0x01, 0x80], bitWidth: 1, count: 4)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .corrupt)
            #expect(error.message.hasPrefix("RLE:"))
            #expect(error.message.contains("byte 2"))
        }
    }

    /// pyarrow, `use_dictionary=True`: the data page is 1 byte of bit width, then the index runs.
    @Test func goldenDictionaryIndices() throws {
        let page = Golden.dictionaryIndicesPage
        let bitWidth = Int(page[0])
        #expect(bitWidth == 6)
        #expect(try rleDecode(Array(page.dropFirst()), bitWidth: bitWidth, count: 300) == Golden.dictionaryIndicesValues)
    }

    /// pyarrow, nullable INT32 column, data page v1: 4-byte length, then the definition level runs.
    @Test func goldenDefinitionLevels() throws {
        let page = Golden.definitionLevelsPage
        let length = Int(page[0]) | Int(page[1]) << 8 | Int(page[2]) << 16 | Int(page[3]) << 24
        var levels: [UInt8] = []
        try page.withUnsafeBytes { (raw) in
            try RLEHybrid.decode(UnsafeRawBufferPointer(rebasing: raw[4..<(4 + length)]), bitWidth: 1, count: 200, into: &levels)
        }
        #expect(levels == Golden.definitionLevelsValues)
    }

    /// pyarrow, BOOLEAN with `column_encoding={'x': 'RLE'}`: 4-byte length, then the runs.
    @Test func goldenBooleans() throws {
        let page = Golden.booleansPage
        let length = Int(page[0]) | Int(page[1]) << 8 | Int(page[2]) << 16 | Int(page[3]) << 24
        #expect(length == page.count - 4)
        let values = try rleDecode(Array(page[4...]), bitWidth: 1, count: 250)
        #expect(values.map { UInt8($0) } == Golden.booleansValues)
    }

    @Test func mutatedInputNeverCrashes() {
        var seeds: [([UInt8], Int, Int)] = []
        for (k, bitWidth) in [0, 1, 2, 3, 7, 8, 10, 13, 16, 20, 31, 32].enumerated() {
            let values = rleTestValues(bitWidth: bitWidth, count: 300 + k * 17, seed: UInt64(k))
            seeds.append((rleEncode(values, bitWidth: bitWidth), bitWidth, values.count))
        }
        seeds.append((Array(Golden.dictionaryIndicesPage.dropFirst()), 6, 300))
        var rng = TestRandom(99)
        var decoded = 0
        var failed = 0
        for i in 0..<3000 {
            let (bytes, bitWidth, count) = seeds[i % seeds.count]
            let mutated = mutate(bytes, &rng)
            // Sometimes also lie about the bit width or the count.
            let width = i % 11 == 0 ? rng.below(34) : bitWidth
            let n = i % 13 == 0 ? rng.below(count * 2 + 1) : count
            var out = [UInt32](repeating: 0, count: n)
            do {
                try mutated.withUnsafeBytes { (raw) in
                    try out.withUnsafeMutableBufferPointer { (buf) in
                        if let base = buf.baseAddress {
                            try RLEHybrid.decodeIndices(raw, bitWidth: width, count: n, to: base)
                        }
                    }
                }
                decoded += 1
                if width < 32 { #expect(out.allSatisfy { $0 >> width == 0 }) }
            } catch is ParquetError {
                failed += 1
            } catch {
                Issue.record("unexpected error type: \(error)")
            }
        }
        #expect(decoded + failed == 3000)
        #expect(failed > 0)
    }
}

// MARK: - DELTA_BINARY_PACKED

@Suite("DELTA_BINARY_PACKED")
struct DeltaBinaryPackedTests {
    /// Encodings.md example 1 (1, 2, 3, 4, 5) with the real block shape of 128 values in 4 miniblocks:
    /// header 128, 4, 5, first 1; block min delta 1, all widths 0, no miniblock bytes.
    @Test func specExample1() throws {
        let expected: [UInt8] = [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0]
        #expect(deltaEncode([1, 2, 3, 4, 5] as [Int32]) == expected)
        let (values, used) = try deltaDecode(expected, count: 5, as: Int32.self)
        #expect(values == [1, 2, 3, 4, 5])
        #expect(used == expected.count)
    }

    /// Encodings.md example 2 (7, 5, 3, 1, 2, 3, 4, 5): min delta -2, the 7 relative deltas 0,0,0,3,3,3,3 on 2 bits
    /// (LSB first: 0xC0 0x3F, then zero padding to 32 values).
    @Test func specExample2() throws {
        let expected: [UInt8] = [0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0, 0, 0, 0xC0, 0x3F, 0, 0, 0, 0, 0, 0]
        #expect(deltaEncode([7, 5, 3, 1, 2, 3, 4, 5] as [Int64]) == expected)
        let (values, used) = try deltaDecode(expected, count: 8, as: Int64.self)
        #expect(values == [7, 5, 3, 1, 2, 3, 4, 5])
        #expect(used == expected.count)
    }

    /// The spec's examples use a block size of 8 "to keep the examples short, but in real cases it would be invalid";
    /// the decoder rejects it.
    @Test func specExampleBlockSizeIsRejected() {
        let example1: [UInt8] = [0x08, 0x01, 0x05, 0x02, 0x02, 0x00]
        do {
            _ = try deltaDecode(example1, count: 5, as: Int32.self)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .corrupt)
            #expect(error.message.hasPrefix("DELTA_BINARY_PACKED:"))
            #expect(error.message.contains("block size 8"))
            #expect(error.message.contains("at byte 0"))
        }
    }

    /// pyarrow INT64 (Arrow writes blocks of 256 values here), including Int64.min/max jumps.
    @Test func goldenInt64() throws {
        let page = Golden.deltaInt64Page
        let (values, used) = try deltaDecode(page, count: Golden.deltaInt64Values.count, as: Int64.self)
        #expect(values == Golden.deltaInt64Values)
        #expect(used == page.count)
        // Our encoder's output round-trips (its block shape differs from Arrow's for INT64).
        let again = try deltaDecode(deltaEncode(Golden.deltaInt64Values), count: values.count, as: Int64.self)
        #expect(again.0 == Golden.deltaInt64Values)
    }

    /// pyarrow INT32: Arrow also writes 128-value blocks of 4 miniblocks, so our encoder must match byte for byte.
    @Test func goldenInt32() throws {
        let page = Golden.deltaInt32Page
        let (values, used) = try deltaDecode(page, count: Golden.deltaInt32Values.count, as: Int32.self)
        #expect(values == Golden.deltaInt32Values)
        #expect(used == page.count)
        #expect(deltaEncode(Golden.deltaInt32Values) == page)
    }

    @Test(arguments: 0...64)
    func roundTripInt64EveryBitWidth(bitWidth: Int) throws {
        for (k, count) in [0, 1, 2, 31, 32, 33, 127, 128, 129, 130, 255, 256, 257, 1000, 5003].enumerated() {
            let values = deltaTestValues(bitWidth: bitWidth, count: count, seed: UInt64(bitWidth * 1000 + k))
            let encoded = deltaEncode(values)
            let (decoded, used) = try deltaDecode(encoded, count: count, as: Int64.self)
            #expect(decoded == values, "width \(bitWidth), count \(count)")
            #expect(used == encoded.count)
        }
    }

    @Test(arguments: 0...32)
    func roundTripInt32EveryBitWidth(bitWidth: Int) throws {
        for (k, count) in [0, 1, 2, 33, 128, 129, 1000].enumerated() {
            let values = deltaTestValues(bitWidth: bitWidth, count: count, seed: UInt64(bitWidth * 77 + k))
                .map { Int32(truncatingIfNeeded: $0) }
            let encoded = deltaEncode(values)
            let (decoded, used) = try deltaDecode(encoded, count: count, as: Int32.self)
            #expect(decoded == values, "width \(bitWidth), count \(count)")
            #expect(used == encoded.count)
        }
    }

    /// Block shapes other writers may use (1 miniblock of 128, 8 of 32, 4 of 128, 32 of 32 ...),
    /// written by the plain reference writer, with garbage in the unused width bytes.
    @Test(arguments: [(128, 1), (128, 4), (256, 8), (256, 2), (512, 4), (1024, 32), (384, 3)])
    func decodesOtherBlockShapes(blockSize: Int, miniblocks: Int) throws {
        var rng = TestRandom(UInt64(blockSize * 100 + miniblocks))
        for count in [1, 2, 33, 129, 700, 2050] {
            var v64: [Int64] = []
            var current = Int64(bitPattern: rng.next())
            for _ in 0..<count {
                v64.append(current)
                let shift = UInt64(rng.below(64))
                current = current &+ Int64(bitPattern: rng.next() >> shift)
            }
            let e64 = referenceDeltaEncode(v64, blockSize: blockSize, miniblocks: miniblocks, unusedWidth: 0xC3)
            let (d64, used64) = try deltaDecode(e64, count: count, as: Int64.self)
            #expect(d64 == v64 && used64 == e64.count, "\(blockSize)/\(miniblocks), \(count) values")
            let v32 = v64.map { Int32(truncatingIfNeeded: $0) }
            let e32 = referenceDeltaEncode(v32, blockSize: blockSize, miniblocks: miniblocks, unusedWidth: 77)
            let (d32, used32) = try deltaDecode(e32, count: count, as: Int32.self)
            #expect(d32 == v32 && used32 == e32.count)
        }
    }

    @Test func decodesIntoCallerMemory() throws {
        let values = deltaTestValues(bitWidth: 40, count: 1000, seed: 5)
        let encoded = deltaEncode(values)
        var out = [Int64](repeating: 42, count: 1001)
        let used = try encoded.withBytes { (raw) throws(ParquetError) -> Int in
            try out.withUnsafeMutableBufferPointer { (buf) throws(ParquetError) -> Int in
                try DeltaBinaryPacked.decode(raw, count: 1000, to: buf.baseAddress!)
            }
        }
        #expect(used == encoded.count)
        #expect(Array(out[0..<1000]) == values && out[1000] == 42)
        // Our encoder and the reference writer agree on the default shape.
        #expect(referenceDeltaEncode(values, blockSize: 128, miniblocks: 4) == encoded)
    }

    @Test func wrappingExtremes() throws {
        let i64: [Int64] = [.min, .max, .min, .max, 0, -1, .max, .max, .min, .min, 1]
        #expect(try deltaDecode(deltaEncode(i64), count: i64.count, as: Int64.self).0 == i64)
        let i32: [Int32] = [.min, .max, .min, 0, .max, -1, .min]
        #expect(try deltaDecode(deltaEncode(i32), count: i32.count, as: Int32.self).0 == i32)
        // A constant step that wraps around through bit width 0 miniblocks.
        let stepped = (0..<1000).map { Int64.max &- 5 &+ Int64($0) &* 3 }
        let encoded = deltaEncode(stepped)
        #expect(encoded.count < 80)
        #expect(try deltaDecode(encoded, count: stepped.count, as: Int64.self).0 == stepped)
    }

    @Test func emptyAndSingleValueStreams() throws {
        let empty = deltaEncode([Int64]())
        #expect(empty == [0x80, 0x01, 0x04, 0x00, 0x00])
        #expect(try deltaDecode(empty, count: 0, as: Int64.self) == ([], 5))
        #expect(try deltaDecode([], count: 0, as: Int64.self) == ([], 0))
        let one = deltaEncode([Int64.min])
        #expect(try deltaDecode(one, count: 1, as: Int64.self) == ([.min], one.count))
    }

    @Test func reportsStreamLengthWithTrailingData() throws {
        let values = (0..<300).map { Int32($0 * $0 % 1013) }
        let encoded = deltaEncode(values)
        let (decoded, used) = try deltaDecode(encoded + [1, 2, 3], count: values.count, as: Int32.self)
        #expect(decoded == values)
        #expect(used == encoded.count)
        // Fewer values requested than the header holds: the rest is walked over.
        let (prefix, usedPrefix) = try deltaDecode(encoded + [9], count: 10, as: Int32.self)
        #expect(prefix == Array(values[0..<10]))
        #expect(usedPrefix == encoded.count)
        #expect(try encoded.withUnsafeBytes { (raw) in try DeltaBinaryPacked.totalCount(raw) } == 300)
    }

    @Test func acceptsArbitraryUnusedWidthsAndShortLastMiniblock() throws {
        // 40 values: the first block uses 2 miniblocks; widths of the unused ones are garbage.
        let values = (0..<40).map { Int64($0 * 7 % 11) }
        var encoded = deltaEncode(values)
        let widthsAt = 5 + 1  // header is 5 bytes here, then the 1-byte min delta
        #expect(encoded[widthsAt + 2] == 0 && encoded[widthsAt + 3] == 0)
        encoded[widthsAt + 2] = 0xFF
        encoded[widthsAt + 3] = 200
        #expect(try deltaDecode(encoded, count: 40, as: Int64.self).0 == values)
        // The last miniblock cut just after the bits of its 7 needed values.
        let width = Int(encoded[widthsAt + 1])
        let cut = encoded.count - (32 * width / 8) + (7 * width + 7) / 8
        let (decoded, used) = try deltaDecode(Array(encoded[0..<cut]), count: 40, as: Int64.self)
        #expect(decoded == values)
        #expect(used == cut)
    }

    @Test func rejectsImpossibleHeaders() {
        func fails(_ bytes: [UInt8], count: Int, int32: Bool = false, _ fragment: String) {
            do {
                if int32 { _ = try deltaDecode(bytes, count: count, as: Int32.self) } else { _ = try deltaDecode(bytes, count: count, as: Int64.self) }
                Issue.record("expected an error containing \(fragment)")
            } catch {
                #expect(error.code == .corrupt)
                #expect(error.message.hasPrefix("DELTA_BINARY_PACKED:"))
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
        fails([0x00, 0x04, 0x01, 0x00], count: 1, "block size 0")
        fails([0x81, 0x01, 0x04, 0x01, 0x00], count: 1, "block size 129")
        fails([0x80, 0x01, 0x00, 0x01, 0x00], count: 1, "0 miniblocks")
        fails([0x80, 0x01, 0x03, 0x01, 0x00], count: 1, "3 miniblocks")
        fails([0x80, 0x01, 0x08, 0x01, 0x00], count: 1, "8 miniblocks")  // 16 values each
        fails([0x80, 0x01, 0x04, 0x02, 0x00], count: 3, "header holds 2 values but 3")
        fails([0x80, 0x01, 0x04, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10], count: 1, int32: true, "first value")
        fails([0x80, 0x01, 0x04, 0x02, 0x00, 0x00, 65, 0, 0, 0], count: 2, "bit width 65 exceeds 64")
        fails([0x80, 0x01, 0x04, 0x02, 0x00, 0x00, 33, 0, 0, 0], count: 2, int32: true, "bit width 33 exceeds 32")
        fails([0x80, 0x01, 0x04, 0x02, 0x00, 0x00, 8, 0, 0, 0], count: 2, "needs 1 bytes for 1 values of 8 bits but only 0 remain")
        fails([0x80, 0x01, 0x04, 0x22, 0x00, 0x00, 8, 0, 0, 0] + [UInt8](repeating: 1, count: 31), count: 34, "needs 32 bytes")
        fails([0x80, 0x01, 0x04, 0x02, 0x00, 0x00, 8], count: 2, "miniblock bit widths")
        fails([0x80, 0x01, 0x04, 0x02, 0x00], count: 2, "min delta")
        fails([0x80, 0x01], count: 2, "miniblock count")
        fails([0x80, 0x01, 0x04, 0x02, 0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], count: 2, int32: true, "min delta")
        // A lying total (2^62) with count 1 must fail when the blocks it promises are missing.
        fails([0x80, 0x01, 0x04, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x00], count: 1, "min delta")
    }

    @Test func mutatedInputNeverCrashes() {
        var seeds32: [[UInt8]] = [Golden.deltaInt32Page]
        var seeds64: [[UInt8]] = [Golden.deltaInt64Page]
        for (k, bitWidth) in [0, 1, 5, 17, 31, 32].enumerated() {
            seeds32.append(deltaEncode(deltaTestValues(bitWidth: bitWidth, count: 40 + 97 * k, seed: UInt64(k)).map { Int32(truncatingIfNeeded: $0) }))
        }
        for (k, bitWidth) in [0, 3, 12, 33, 57, 58, 63, 64].enumerated() {
            seeds64.append(deltaEncode(deltaTestValues(bitWidth: bitWidth, count: 30 + 101 * k, seed: UInt64(k))))
        }
        let counts32 = seeds32.map { seed in (try? seed.withUnsafeBytes { (raw) in try DeltaBinaryPacked.totalCount(raw) }) ?? 0 }
        let counts64 = seeds64.map { seed in (try? seed.withUnsafeBytes { (raw) in try DeltaBinaryPacked.totalCount(raw) }) ?? 0 }
        let r32 = fuzz(seeds32, mutations: 2500, seed: 32) { (raw, i) throws(ParquetError) in
            var out: [Int32] = []
            let count = counts32[i % counts32.count]
            let used = try DeltaBinaryPacked.decode(raw, count: count, into: &out)
            #expect(out.count == count && used <= raw.count)
        }
        let r64 = fuzz(seeds64, mutations: 2500, seed: 64) { (raw, i) throws(ParquetError) in
            var out: [Int64] = []
            let count = counts64[i % counts64.count]
            let used = try DeltaBinaryPacked.decode(raw, count: count, into: &out)
            #expect(out.count == count && used <= raw.count)
        }
        #expect(r32.decoded + r32.failed == 2500 && r32.failed > 0)
        #expect(r64.decoded + r64.failed == 2500 && r64.failed > 0)
    }
}

// MARK: - DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY

@Suite("DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY")
struct DeltaByteArrayTests {
    static let samples: [[String]] = [
        [],
        [""],
        ["", "", ""],
        ["a"],
        ["Hello", "World", "Foobar", "ABCDEF"],
        ["axis", "axle", "babble", "babyhood"],
        ["same", "same", "same", "sam", "sa", "same", "samey", ""],
        (0..<1000).map { "prefix/\($0 / 10)/\($0 % 10)" },
        (0..<300).map { String(repeating: "x", count: $0) },
        [String(repeating: "long-", count: 5000), String(repeating: "long-", count: 4999) + "!"],
    ]

    @Test(arguments: [false, true])
    func roundTrips(incremental: Bool) throws {
        for strings in Self.samples {
            let values = ByteArrays(strings)
            let encoded = encodeByteArrays(values, incremental: incremental)
            let (decoded, used) = try decodeByteArrays(encoded + [0xAB], count: values.count, incremental: incremental)
            #expect(decoded == values)
            #expect(used == encoded.count)
        }
    }

    @Test(arguments: [false, true])
    func randomBinaryRoundTrips(incremental: Bool) throws {
        var rng = TestRandom(incremental ? 1 : 2)
        var values = ByteArrays()
        var previous: [UInt8] = []
        for _ in 0..<2000 {
            var v = Array(previous.prefix(rng.below(previous.count + 1)))
            for _ in 0..<rng.below(20) { v.append(UInt8(truncatingIfNeeded: rng.next() % 4)) }
            v.withUnsafeBytes { values.append($0) }
            previous = v
        }
        let (decoded, _) = try decodeByteArrays(encodeByteArrays(values, incremental: incremental), count: values.count, incremental: incremental)
        #expect(decoded == values)
    }

    @Test func appendsToExistingValues() throws {
        var out = ByteArrays(["keep", "these"])
        let encoded = encodeByteArrays(ByteArrays(["axis", "axle"]), incremental: true)
        _ = try encoded.withUnsafeBytes { (raw) in try DeltaByteArray.decode(raw, count: 2, into: &out) }
        #expect(out == ByteArrays(["keep", "these", "axis", "axle"]))
        let encoded2 = encodeByteArrays(ByteArrays(["x", ""]), incremental: false)
        _ = try encoded2.withUnsafeBytes { (raw) in try DeltaLengthByteArray.decode(raw, count: 2, into: &out) }
        #expect(out == ByteArrays(["keep", "these", "axis", "axle", "x", ""]))
    }

    /// Encodings.md: "axis", "axle", "babble", "babyhood" have prefix lengths 0, 2, 0, 3,
    /// suffix lengths 4, 2, 6, 5 and suffix bytes "axislebabbleyhood".
    @Test func specDeltaStringsExample() throws {
        var expected = deltaEncode([0, 2, 0, 3] as [Int32])
        expected += deltaEncode([4, 2, 6, 5] as [Int32])
        expected += Array("axislebabbleyhood".utf8)
        let values = ByteArrays(["axis", "axle", "babble", "babyhood"])
        #expect(encodeByteArrays(values, incremental: true) == expected)
        #expect(try decodeByteArrays(expected, count: 4, incremental: true).0 == values)
    }

    /// Encodings.md: "Hello", "World", "Foobar", "ABCDEF" are lengths 5, 5, 6, 6 then "HelloWorldFoobarABCDEF".
    @Test func specDeltaLengthExample() throws {
        let expected = deltaEncode([5, 5, 6, 6] as [Int32]) + Array("HelloWorldFoobarABCDEF".utf8)
        let values = ByteArrays(["Hello", "World", "Foobar", "ABCDEF"])
        #expect(encodeByteArrays(values, incremental: false) == expected)
        #expect(try decodeByteArrays(expected, count: 4, incremental: false).0 == values)
    }

    /// pyarrow BYTE_ARRAY with DELTA_LENGTH_BYTE_ARRAY; Arrow's INT32 length stream matches ours byte for byte.
    @Test func goldenDeltaLength() throws {
        let page = Golden.deltaLengthStringsPage
        let (decoded, used) = try decodeByteArrays(page, count: Golden.deltaLengthStringsValues.count, incremental: false)
        #expect(decoded == ByteArrays(Golden.deltaLengthStringsValues))
        #expect(used == page.count)
        #expect(encodeByteArrays(decoded, incremental: false) == page)
    }

    /// pyarrow BYTE_ARRAY with DELTA_BYTE_ARRAY.
    @Test func goldenDeltaByteArray() throws {
        let page = Golden.deltaByteArrayStringsPage
        let (decoded, used) = try decodeByteArrays(page, count: Golden.deltaByteArrayStringsValues.count, incremental: true)
        #expect(decoded == ByteArrays(Golden.deltaByteArrayStringsValues))
        #expect(used == page.count)
        #expect(encodeByteArrays(decoded, incremental: true) == page)
    }

    /// pyarrow FIXED_LEN_BYTE_ARRAY(4) with DELTA_BYTE_ARRAY.
    @Test func goldenDeltaByteArrayFixedLength() throws {
        let page = Golden.deltaByteArrayFixed4Page
        let expected = Golden.deltaByteArrayFixed4Values.map(hexBytes)
        let (decoded, used) = try decodeByteArrays(page, count: expected.count, incremental: true)
        #expect(used == page.count)
        #expect(decoded.count == expected.count)
        for i in 0..<expected.count { #expect(Array(decoded[i]) == expected[i]) }
    }

    @Test func rejectsCorruptStreams() {
        func fails(_ bytes: [UInt8], count: Int, incremental: Bool, _ fragment: String) {
            do {
                _ = try decodeByteArrays(bytes, count: count, incremental: incremental)
                Issue.record("expected an error containing \(fragment)")
            } catch {
                #expect(error.code == .corrupt)
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
        // Prefix longer than the previous value.
        let tooLong = deltaEncode([0, 5] as [Int32]) + deltaEncode([2, 1] as [Int32]) + Array("abc".utf8)
        fails(tooLong, count: 2, incremental: true, "prefix length 5 but the previous value has 2 bytes")
        // First prefix not 0.
        fails(deltaEncode([1] as [Int32]) + deltaEncode([1] as [Int32]) + [0x41], count: 1, incremental: true, "prefix length 1")
        // Negative prefix and negative length.
        fails(deltaEncode([0, -1] as [Int32]) + deltaEncode([1, 1] as [Int32]) + [0x41, 0x42], count: 2, incremental: true, "prefix length -1")
        fails(deltaEncode([3, -2] as [Int32]) + [0x41, 0x42, 0x43], count: 2, incremental: false, "negative length -2")
        // Lengths promising more bytes than there are.
        fails(deltaEncode([3, 4] as [Int32]) + [0x41, 0x42, 0x43], count: 2, incremental: false, "DELTA_LENGTH_BYTE_ARRAY: values need more than the 3 bytes")
        fails(deltaEncode([0] as [Int32]) + deltaEncode([9] as [Int32]) + [0x41], count: 1, incremental: true, "DELTA_BYTE_ARRAY: suffixes")
        // A broken length stream.
        fails([0x80, 0x01, 0x04, 0x09], count: 2, incremental: false, "DELTA_LENGTH_BYTE_ARRAY: lengths: DELTA_BINARY_PACKED")
        fails([0x07], count: 1, incremental: true, "DELTA_BYTE_ARRAY: prefix lengths: DELTA_BINARY_PACKED")
        // The output is untouched on error.
        var out = ByteArrays(["x"])
        _ = try? tooLong.withUnsafeBytes { (raw) in try DeltaByteArray.decode(raw, count: 2, into: &out) }
        #expect(out == ByteArrays(["x"]))
    }

    @Test(arguments: [false, true])
    func mutatedInputNeverCrashes(incremental: Bool) {
        var seeds = Self.samples.filter { !$0.isEmpty && $0.count < 1000 }.map { encodeByteArrays(ByteArrays($0), incremental: incremental) }
        seeds.append(incremental ? Golden.deltaByteArrayStringsPage : Golden.deltaLengthStringsPage)
        let counts = Self.samples.filter { !$0.isEmpty && $0.count < 1000 }.map(\.count)
            + [incremental ? Golden.deltaByteArrayStringsValues.count : Golden.deltaLengthStringsValues.count]
        let result = fuzz(seeds, mutations: 2500, seed: incremental ? 7 : 6) { (raw, i) throws(ParquetError) in
            var out = ByteArrays()
            let count = counts[i % counts.count]
            let used = incremental
                ? try DeltaByteArray.decode(raw, count: count, into: &out)
                : try DeltaLengthByteArray.decode(raw, count: count, into: &out)
            #expect(out.count == count && used <= raw.count)
        }
        #expect(result.decoded + result.failed == 2500 && result.failed > 0)
    }
}

// MARK: - BYTE_STREAM_SPLIT

@Suite("BYTE_STREAM_SPLIT")
struct ByteStreamSplitTests {
    /// Encodings.md: three floats AA BB CC DD, 00 11 22 33, A3 B4 C5 D6 become AA 00 A3 BB 11 B4 CC 22 C5 DD 33 D6.
    @Test func specStreamsExample() throws {
        let plain: [UInt8] = [0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x11, 0x22, 0x33, 0xA3, 0xB4, 0xC5, 0xD6]
        let split: [UInt8] = [0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4, 0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6]
        #expect(bssEncode(plain, width: 4) == split)
        #expect(try bssDecode(split, count: 3, width: 4) == plain)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 7, 8, 12, 16, 17])
    func roundTrips(width: Int) throws {
        var rng = TestRandom(UInt64(width))
        for count in [0, 1, 2, 3, 31, 1000] {
            let plain = (0..<(count * width)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let split = bssEncode(plain, width: width)
            #expect(split.count == plain.count)
            #expect(try bssDecode(split, count: count, width: width) == plain)
            // Into caller memory.
            var raw = [UInt8](repeating: 0x5A, count: plain.count + 1)
            try split.withUnsafeBytes { (s) in
                try raw.withUnsafeMutableBytes { (r) in
                    try ByteStreamSplit.decode(s, count: count, width: width, to: r.baseAddress!)
                }
            }
            #expect(Array(raw[0..<plain.count]) == plain && raw[plain.count] == 0x5A)
        }
    }

    /// pyarrow FLOAT, DOUBLE and FIXED_LEN_BYTE_ARRAY(3) with BYTE_STREAM_SPLIT.
    @Test func golden() throws {
        let doubles: [Double] = [1.5, -2.25, 0.0, 3.0e38, -1e-30] + (0..<20).map { Double($0) * 0.1 }
        var expectedDouble: [UInt8] = []
        for d in doubles { withUnsafeBytes(of: d.bitPattern.littleEndian) { expectedDouble += $0 } }
        var expectedFloat: [UInt8] = []
        for d in doubles { withUnsafeBytes(of: Float(d).bitPattern.littleEndian) { expectedFloat += $0 } }
        #expect(try bssDecode(Golden.byteStreamSplitFloatPage, count: 25, width: 4) == expectedFloat)
        #expect(try bssDecode(Golden.byteStreamSplitDoublePage, count: 25, width: 8) == expectedDouble)
        #expect(bssEncode(expectedDouble, width: 8) == Golden.byteStreamSplitDoublePage)
        let fixed = Golden.byteStreamSplitFixed3Values.flatMap(hexBytes)
        #expect(try bssDecode(Golden.byteStreamSplitFixed3Page, count: 10, width: 3) == fixed)
    }

    @Test func lengthChecks() throws {
        let split = bssEncode(Array(0..<12), width: 4)
        // Shorter than count * width, or not a multiple of the width: corrupt.
        #expect(throws: ParquetError.self) { try bssDecode(split, count: 4, width: 4) }
        #expect(throws: ParquetError.self) { try bssDecode(split + [0], count: 3, width: 4) }
        #expect(throws: ParquetError.self) { try bssDecode(split, count: Int.max / 2, width: 4) }
        #expect(throws: ParquetError.self) { try bssDecode(split, count: 1, width: 0) }
        // Longer, whole multiple: the first values of streams of data.count / width bytes.
        #expect(try bssDecode(split, count: 2, width: 4) == [0, 1, 2, 3, 4, 5, 6, 7])
        #expect(try bssDecode([], count: 0, width: 8) == [])
    }

    @Test func mutatedInputNeverCrashes() {
        var seeds: [[UInt8]] = [Golden.byteStreamSplitFloatPage, Golden.byteStreamSplitDoublePage, Golden.byteStreamSplitFixed3Page]
        seeds.append(bssEncode(Array(repeating: 7, count: 35), width: 5))
        let shapes = [(25, 4), (25, 8), (10, 3), (7, 5)]
        let result = fuzz(seeds, mutations: 2500, seed: 9) { (raw, i) throws(ParquetError) in
            let (count, width) = shapes[i % shapes.count]
            var out: [UInt8] = []
            try ByteStreamSplit.decode(raw, count: count, width: width, into: &out)
            #expect(out.count == count * width)
        }
        #expect(result.decoded + result.failed == 2500 && result.failed > 0 && result.decoded > 0)
    }
}


// MARK: - Golden vectors

/// Page bytes written by pyarrow 26.0.1 (Arrow C++), see the header comment of this file.
fileprivate enum Golden {
    /// delta_i64: expected values.
    static let deltaInt64Values: [Int64] = [
        1, 2, 3, 4, 5, 9223372036854775807, -9223372036854775808, 0, -1, 7, -50000, -42081,
        -18324, 21271, -23299, 47972, 35078, 38022, -43199, -8579, 41879, 8172, -9697, -11728,
        2079, 31724, -22796, 38525, 15681, 8675, 17507, 42177, -17318, 39028, 11209, -772,
        3085, 22780, -41690, 9681, -23113, -40069, -41187, -26467, 4091, -49516, 12718, -9213,
        -15306, -5561, 20022, -38560, 18699, -8207, -19275, -14505, 6103, 42549, -5170, -37051,
        46909, 46704, -37666, -6195, 41114, 4258, -16760, -21940, -11282, 15214, -42455, 15717,
        -10276, -20431, -14748, 6773, 44132, -2674, -33642, -48772, -48064, -31518, 866, 49088,
        13145, -6960, -11227, 344, 27753, -29003, 30082, 5002, -4240, 2356, 24790, -36941,
        17169, -12886, -27103, -25482, -8023, 25274, -25594, 39379, 20187, 16833, 29317, -42364,
        1796, -38209, 37627, 29298, 36807, -39849, -664, -45644, 25217, 11913, 14447, 32819,
        -32974, 17074, -17043, -35322, -37763, -24366, 4869, 49942, 10850, -12404, -19820, -11398,
        12862, -47043, 8893, -19336, -31727, -28280, -8995, 26128, -22914, 43885, 26519, 24991,
        39301, -30554, 15432, -22747, -45088, 48412, -42256, -17083, 23928, -19226, -46542, 41983,
        46343, -33462, 2574, -45555, 22157, 5704, 5089, 20312, -48630, -1731, -38997, 39578,
        33988, 44236, -29681, 12243, -29998, 43602, 33037, 38310, -40582, -3633, 49154, 17776,
        2236, 2534, 18670, -49359, -1547, -37900, 41588, 36911, 48072, -24932, 17905, -23423,
        -48913, 41438, 47624, -30355, 7507, -38796, 30742, 16115, -9223372036854775808, 9223372036854775807, -9223372036854775808,
    ]
    /// delta_i64: page bytes written by pyarrow 26.0.1.
    static let deltaInt64Page = hexBytes(
        "800204cb0102ffffffffffffffffff01404040400100000000000080010000000000008001000000000000800100000000000080faffffff" +
        "ffffffff01000000000000800000000000000000ffffffffffffff7f0800000000000080a93cffffffffff7fef1e000000000080cd5c0000" +
        "00000080ab9a000000000080e651ffffffffff7f6716010000000080a2cdffffffffff7f800b000000000080bbc2feffffffff7f3c870000" +
        "000000801ac5000000000080557cffffffffff7f33baffffffffff7f11f8ffffffffff7fef35000000000080cd73000000000080082bffff" +
        "ffffff7f89ef000000000080c4a6ffffffffff7fa2e4ffffffffff7f80220000000000805e600000000000809917ffffffffff7f1adc0000" +
        "000000805593ffffffffff7f33d1ffffffffff7f110f000000000080ef4c0000000000802a04ffffffffff7fabc8000000000080e67fffff" +
        "ffffff7fc4bdffffffffff7fa2fbffffffffff7f80390000000000805e77000000000080992effffffffff7f1af300000000008055aaffff" +
        "ffffff7f33e8ffffffffff7f1126000000000080ef630000000000802a1bffffffffff7fabdf000000000080e696ffffffffff7fc4d4ffff" +
        "ffffff7fa21200000000008080500000000000805e8e0000000000809945ffffffffff7f7783ffffffffff7ff84701000000008033ffffff" +
        "ffffff7f6eb6feffffffff7fef7a000000000080cdb80000000000800870ffffffffff7fe6adffffffffff7fc4ebffffffffff7fa2290000" +
        "000000808067000000000080bb1effffffffff7f3ce3000000000080779affffffffff7f55d8ffffffffff7f331600000000008011540000" +
        "00000080ef910000000000802a49ffffffffff7f0887ffffffffff7fe6c4ffffffffff7fc402000000000080a240000000000080807e0000" +
        "000000805ebc0000000000809973ffffffffff7f77b1ffffffffff7f55efffffffffff7f332d000000000080116b0000000000804c22ffff" +
        "ffffff7fcde6000000000080089effffffffff7fe6dbffffffffff7fc419000000000080a257000000000080dd0effffffffff7f5ed30000" +
        "00000080998affffffffff7f77c8ffffffffff7f5506000000000080334400000000008011820000000000804c39ffffffffff7fcdfd0000" +
        "0000008008b5ffffffffff7fe6f2ffffffffff7fc430000000000080ffe7feffffffff7f80ac000000000080bb63ffffffffff7f3c280100" +
        "0000008077dfffffffffff7f551d00000000008090d4feffffffff7f11990000000000804c50ffffffffff7fcd1401000000008008ccffff" +
        "ffffff7fe609000000000080c447000000000080fffefeffffffff7f80c3000000000080bb7affffffffff7f99b8ffffffffff7f77f6ffff" +
        "ffffff7f5534000000000080337200000000008011b00000000000804c67ffffffffff7f2aa5ffffffffff7f08e3ffffffffff7fe6200000" +
        "00000080c45e000000000080ff15ffffffffff7f80da000000000080bb91ffffffffff7f99cfffffffffff7f770d000000000080554b0000" +
        "0000008033890000000000806e40ffffffffff7fef040100000000802abcffffffffff7f08faffffffffff7fe63700000000008021effeff" +
        "ffffff7fa2b3000000000080dd6affffffffff7fbba8ffffffffff7f3c6d010000000080d49dfeffffffff7f556200000000008033a00000" +
        "000000806e57ffffffffff7f4c95ffffffffff7fcd59010000000080081100000000008043c8feffffffff7fc48c000000000080ff43ffff" +
        "ffffff7f8008010000000080bbbfffffffffff7f99fdffffffffff7f773b000000000080b2f2feffffffff7f33b70000000000806e6effff" +
        "ffffff7fef320100000000802aeaffffffffff7f082800000000008043dffeffffffff7fc4a3000000000080ff5affffffffff7f801f0100" +
        "00000080bbd6ffffffffff7f9914000000000080d4cbfeffffffff7f559000000000008033ce0000000000806e85ffffffffff7f4cc3ffff" +
        "ffffff7f2a01000000000080083f00000000008043f6feffffffff7fc4ba000000000080ff71ffffffffff7f8036010000000080bbedffff" +
        "ffffff7f992b000000000080d4e2feffffffff7f55a7000000000080905effffffffff7f6e9cffffffffff7fef600100000000802a180000" +
        "0000008065cffeffffffff7fe693000000000080214bffffffffff7fa20f010000000080ddc6ffffffffff7f0dc1ffffffffffffffffffff" +
        "ffffff7f01000000000000800000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
        "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000" +
        "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    )

    /// delta_i32: expected values.
    static let deltaInt32Values: [Int32] = [
        7, 5, 3, 1, 2, 3, 4, 5, 2147483647, -2147483648, 2147483647, -30000,
        -13037, 3926, 20889, -27684, -10721, 6242, 23205, -25368, -8405, 8558, 25521, -23052,
        -6089, 10874, 27837, -20736, -3773, 13190, 30153, -18420, -1457, 15506, 32469, -16104,
        859, 17822, 34785, -13788, 3175, 20138, -28435, -11472, 5491, 22454, -26119, -9156,
        7807, 24770, -23803, -6840, 10123, 27086, -21487, -4524, 12439, 29402, -19171, -2208,
        14755, 31718, -16855, 108, 17071, 34034, -14539, 2424, 19387, -29186, -12223, 4740,
        21703, -26870, -9907, 7056, 24019, -24554, -7591, 9372, 26335, -22238, -5275, 11688,
        28651, -19922, -2959, 14004, 30967, -17606, -643, 16320, 33283, -15290, 1673, 18636,
        -29937, -12974, 3989, 20952, -27621, -10658, 6305, 23268, -25305, -8342, 8621, 25584,
        -22989, -6026, 10937, 27900, -20673, -3710, 13253, 30216, -18357, -1394, 15569, 32532,
        -16041, 922, 17885, 34848, -13725, 3238, 20201, -28372, -11409, 5554, 22517, -26056,
        -9093, 7870, 24833, -23740, -6777, 10186, 27149, -21424, -4461, 12502, 29465, -19108,
        -2145, 14818, 31781, -16792, 171, 17134, 34097, -14476, 2487, 19450, -29123, -12160,
        4803, 21766, -26807, -9844, 7119,
    ]
    /// delta_i32: page bytes written by pyarrow 26.0.1.
    static let deltaInt32Page = hexBytes(
        "800104a1010ef9f60520111111bbbd0000bbbd0000bbbd0000bebd0000bebd0000bebd0000bebd0000b7bd0080bebd0000bcbd00008e4800" +
        "8000000100000001000000010000000000000001000000010000000100000000000000010000000100000001000000000000000100000001" +
        "0000000100000000000000010000000100000001000000000000000100000001000200000008001000200000008000000100000004000800" +
        "1000000040008000000100000004000800100000004000800000010000000400080010000000400080000001000000040008000000200040" +
        "0080000000000200040008000000200040008000000000020004000800000020004000800000000002000400080000002000400000000001" +
        "0002000400000010002000400000000001000200040000001000200040000000000100020004000000100020004000000000010002000400" +
        "000010002000000080f9f6051100000000000100020000000800100020000000800000010002000000080010002000000080000001000200" +
        "00000800100020000000800000010000000400080010000000400080"
    )

    /// DELTA_LENGTH_BYTE_ARRAY: expected values.
    static let deltaLengthStringsValues: [String] = [
        "axis", "axle", "babble", "babyhood", "", "Hello",
        "World", "Foobar", "ABCDEF", "item-00000", "item-00037", "item-00074",
        "item-00111", "item-00148", "item-00185", "item-00222", "item-00259", "item-00296",
        "item-00333", "item-00370", "item-00407", "item-00444", "item-00481", "item-00518",
        "item-00555", "item-00592", "item-00629", "item-00666", "item-00703", "item-00740",
        "item-00777", "item-00814", "item-00851", "item-00888", "item-00925", "item-00962",
        "item-00999", "item-00036", "item-00073", "item-00110", "item-00147", "item-00184",
        "item-00221", "item-00258", "item-00295", "item-00332", "item-00369", "item-00406",
        "item-00443", "item-00480", "item-00517", "item-00554", "item-00591", "item-00628",
        "item-00665", "item-00702", "item-00739", "item-00776", "item-00813", "item-00850",
        "item-00887", "item-00924", "item-00961", "item-00998", "item-00035", "item-00072",
        "item-00109", "item-00146", "item-00183", "item-00220", "item-00257", "item-00294",
        "item-00331", "item-00368", "item-00405", "item-00442", "item-00479", "item-00516",
        "item-00553", "item-00590", "item-00627", "item-00664", "item-00701", "item-00738",
        "item-00775", "item-00812", "item-00849", "item-00886", "item-00923", "item-00960",
        "item-00997", "item-00034", "item-00071", "item-00108", "item-00145", "item-00182",
        "item-00219", "item-00256", "item-00293", "item-00330", "item-00367", "item-00404",
        "item-00441", "item-00478", "item-00515", "item-00552", "item-00589", "item-00626",
        "item-00663", "item-00700", "item-00737", "item-00774", "item-00811", "item-00848",
        "item-00885", "item-00922", "item-00959", "item-00996", "item-00033", "item-00070",
        "item-00107", "item-00144", "item-00181", "item-00218", "item-00255", "item-00292",
        "item-00329", "item-00366", "item-00403", "item-00440", "item-00477", "item-00514",
        "item-00551", "item-00588", "item-00625", "item-00662", "item-00699", "item-00736",
        "item-00773", "item-00810", "item-00847", "item-00884", "item-00921", "item-00958",
        "item-00995", "item-00032", "item-00069", "item-00106", "item-00143",
    ]
    /// DELTA_LENGTH_BYTE_ARRAY: page bytes written by pyarrow 26.0.1.
    static let deltaLengthStringsPage = hexBytes(
        "8001049501080f04040404a80a8d898c88888888888888888888888888888888888888888888888888888888888888888888888888888888" +
        "8888888888888888888888888888888888888800000000006178697361786c65626162626c6562616279686f6f6448656c6c6f576f726c64" +
        "466f6f6261724142434445466974656d2d30303030306974656d2d30303033376974656d2d30303037346974656d2d30303131316974656d" +
        "2d30303134386974656d2d30303138356974656d2d30303232326974656d2d30303235396974656d2d30303239366974656d2d3030333333" +
        "6974656d2d30303337306974656d2d30303430376974656d2d30303434346974656d2d30303438316974656d2d30303531386974656d2d30" +
        "303535356974656d2d30303539326974656d2d30303632396974656d2d30303636366974656d2d30303730336974656d2d30303734306974" +
        "656d2d30303737376974656d2d30303831346974656d2d30303835316974656d2d30303838386974656d2d30303932356974656d2d303039" +
        "36326974656d2d30303939396974656d2d30303033366974656d2d30303037336974656d2d30303131306974656d2d30303134376974656d" +
        "2d30303138346974656d2d30303232316974656d2d30303235386974656d2d30303239356974656d2d30303333326974656d2d3030333639" +
        "6974656d2d30303430366974656d2d30303434336974656d2d30303438306974656d2d30303531376974656d2d30303535346974656d2d30" +
        "303539316974656d2d30303632386974656d2d30303636356974656d2d30303730326974656d2d30303733396974656d2d30303737366974" +
        "656d2d30303831336974656d2d30303835306974656d2d30303838376974656d2d30303932346974656d2d30303936316974656d2d303039" +
        "39386974656d2d30303033356974656d2d30303037326974656d2d30303130396974656d2d30303134366974656d2d30303138336974656d" +
        "2d30303232306974656d2d30303235376974656d2d30303239346974656d2d30303333316974656d2d30303336386974656d2d3030343035" +
        "6974656d2d30303434326974656d2d30303437396974656d2d30303531366974656d2d30303535336974656d2d30303539306974656d2d30" +
        "303632376974656d2d30303636346974656d2d30303730316974656d2d30303733386974656d2d30303737356974656d2d30303831326974" +
        "656d2d30303834396974656d2d30303838366974656d2d30303932336974656d2d30303936306974656d2d30303939376974656d2d303030" +
        "33346974656d2d30303037316974656d2d30303130386974656d2d30303134356974656d2d30303138326974656d2d30303231396974656d" +
        "2d30303235366974656d2d30303239336974656d2d30303333306974656d2d30303336376974656d2d30303430346974656d2d3030343431" +
        "6974656d2d30303437386974656d2d30303531356974656d2d30303535326974656d2d30303538396974656d2d30303632366974656d2d30" +
        "303636336974656d2d30303730306974656d2d30303733376974656d2d30303737346974656d2d30303831316974656d2d30303834386974" +
        "656d2d30303838356974656d2d30303932326974656d2d30303935396974656d2d30303939366974656d2d30303033336974656d2d303030" +
        "37306974656d2d30303130376974656d2d30303134346974656d2d30303138316974656d2d30303231386974656d2d30303235356974656d" +
        "2d30303239326974656d2d30303332396974656d2d30303336366974656d2d30303430336974656d2d30303434306974656d2d3030343737" +
        "6974656d2d30303531346974656d2d30303535316974656d2d30303538386974656d2d30303632356974656d2d30303636326974656d2d30" +
        "303639396974656d2d30303733366974656d2d30303737336974656d2d30303831306974656d2d30303834376974656d2d30303838346974" +
        "656d2d30303932316974656d2d30303935386974656d2d30303939356974656d2d30303033326974656d2d30303036396974656d2d303031" +
        "30366974656d2d3030313433"
    )

    /// DELTA_BYTE_ARRAY: expected values.
    static let deltaByteArrayStringsValues: [String] = [
        "axis", "axle", "babble", "babyhood", "", "Hello",
        "World", "Foobar", "ABCDEF", "item-00000", "item-00037", "item-00074",
        "item-00111", "item-00148", "item-00185", "item-00222", "item-00259", "item-00296",
        "item-00333", "item-00370", "item-00407", "item-00444", "item-00481", "item-00518",
        "item-00555", "item-00592", "item-00629", "item-00666", "item-00703", "item-00740",
        "item-00777", "item-00814", "item-00851", "item-00888", "item-00925", "item-00962",
        "item-00999", "item-00036", "item-00073", "item-00110", "item-00147", "item-00184",
        "item-00221", "item-00258", "item-00295", "item-00332", "item-00369", "item-00406",
        "item-00443", "item-00480", "item-00517", "item-00554", "item-00591", "item-00628",
        "item-00665", "item-00702", "item-00739", "item-00776", "item-00813", "item-00850",
        "item-00887", "item-00924", "item-00961", "item-00998", "item-00035", "item-00072",
        "item-00109", "item-00146", "item-00183", "item-00220", "item-00257", "item-00294",
        "item-00331", "item-00368", "item-00405", "item-00442", "item-00479", "item-00516",
        "item-00553", "item-00590", "item-00627", "item-00664", "item-00701", "item-00738",
        "item-00775", "item-00812", "item-00849", "item-00886", "item-00923", "item-00960",
        "item-00997", "item-00034", "item-00071", "item-00108", "item-00145", "item-00182",
        "item-00219", "item-00256", "item-00293", "item-00330", "item-00367", "item-00404",
        "item-00441", "item-00478", "item-00515", "item-00552", "item-00589", "item-00626",
        "item-00663", "item-00700", "item-00737", "item-00774", "item-00811", "item-00848",
        "item-00885", "item-00922", "item-00959", "item-00996", "item-00033", "item-00070",
        "item-00107", "item-00144", "item-00181", "item-00218", "item-00255", "item-00292",
        "item-00329", "item-00366", "item-00403", "item-00440", "item-00477", "item-00514",
        "item-00551", "item-00588", "item-00625", "item-00662", "item-00699", "item-00736",
        "item-00773", "item-00810", "item-00847", "item-00884", "item-00921", "item-00958",
        "item-00995", "item-00032", "item-00069", "item-00106", "item-00143",
    ]
    /// DELTA_BYTE_ARRAY: page bytes written by pyarrow 26.0.1.
    static let deltaByteArrayStringsPage = hexBytes(
        "800104950100050403030315063333b3233442232434422324344213278a13278a13278a13274e14274e14274e14274e9c284e9c284e9c28" +
        "4e9c38519c3851010200000086618861880000008001049501080f04040404c6378d890c9887799897877998978779988779799887797998" +
        "8779799887799897877998978779989787799887797998877979988779799887799897877998970102000000244922492200000061786973" +
        "6c65626162626c6579686f6f6448656c6c6f576f726c64466f6f6261724142434445466974656d2d30303030303337373431313134383835" +
        "3232323539393633333337303430373434383135313835353932363239363637303334303737383134353138383932353632393930333637" +
        "3331313034373834323231353839353333323639343036343338303531373534393136323836353730323339373638313335303837393234" +
        "3631393830333537323130393436383332323035373934333331363834303534323739353136353339303632373634373031333837353831" +
        "3234393836393233363039373033343731313038343538323231393536393333333036373430343431373835313535323839363236363337" +
        "3030333737343831313438383539323235393936303333373031303734343831323138353539323332393636343033343037373531343531" +
        "3838363235363239393733363733383130343738343932313538393530333236393130363433"
    )

    /// DELTA_BYTE_ARRAY_flba: expected values.
    static let deltaByteArrayFixed4Values: [String] = [
        "00410042", "01410142", "02410242", "03410042", "04410142", "05410242",
        "06410042", "00410142", "01410242", "02410042", "03410142", "04410242",
        "05410042", "06410142", "00410242", "01410042", "02410142", "03410242",
        "04410042", "05410142", "06410242", "00410042", "01410142", "02410242",
        "03410042", "04410142", "05410242", "06410042", "00410142", "01410242",
        "02410042", "03410142", "04410242", "05410042", "06410142", "00410242",
        "01410042", "02410142", "03410242", "04410042",
    ]
    /// DELTA_BYTE_ARRAY_flba: page bytes written by pyarrow 26.0.1.
    static let deltaByteArrayFixed4Page = hexBytes(
        "8001042800000000000080010428080000000000004100420141014202410242034100420441014205410242064100420041014201410242" +
        "0241004203410142044102420541004206410142004102420141004202410142034102420441004205410142064102420041004201410142" +
        "0241024203410042044101420541024206410042004101420141024202410042034101420441024205410042064101420041024201410042" +
        "024101420341024204410042"
    )

    /// bss_flba3: expected values.
    static let byteStreamSplitFixed3Values: [String] = [
        "00ff00", "01fe03", "02fd06", "03fc09", "04fb0c", "05fa0f",
        "06f912", "07f815", "08f718", "09f61b",
    ]
    /// bss_flba3: page bytes written by pyarrow 26.0.1.
    static let byteStreamSplitFixed3Page = hexBytes(
        "00010203040506070809fffefdfcfbfaf9f8f7f6000306090c0f1215181b"
    )

    /// rle_dict_indices: expected values.
    static let dictionaryIndicesValues: [UInt32] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
        12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
        24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
        36, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
        11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
        23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
        35, 36, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
        10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21,
        22, 23, 24, 25, 26, 26, 26, 26, 26, 26, 26, 26,
        26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26, 26,
        9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
        9, 9, 9, 9, 9, 9, 9, 9, 29, 29, 29, 29,
        29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29, 29,
        29, 29, 29, 29, 12, 12, 12, 12, 12, 12, 12, 12,
        12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
        32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32, 32,
        32, 32, 32, 32, 32, 32, 32, 32, 15, 16, 17, 18,
        19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32, 33, 34, 35, 36, 0, 1, 2, 3, 4, 5,
        6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17,
        18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
        30, 31, 32, 33, 34, 35, 36, 0, 1, 2, 3, 4,
        5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
        17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
        29, 30, 31, 32, 33, 34, 35, 36, 0, 1, 2, 3,
    ]
    /// rle_dict_indices: page bytes written by pyarrow 26.0.1.
    static let dictionaryIndicesPage = hexBytes(
        "061b40200c44611c48a22c4ce33c50244d54655d58a66d5ce77d60288e2410080351180792280bd3380f14491355591796691bd7791f188a" +
        "230904c24014c68124cac234ce0345d24455d685659aa669201a2809281d280c28201b0f14491355591796691bd7791f188a230904c24014" +
        "c68124cac234ce0345d24455d68565dac675de0786e2480281301085712089b2308df34091345195756199b6719df781a1389240200c0000" +
        "00"
    )

    /// rle_def_levels: expected values.
    static let definitionLevelsValues: [UInt8] = [
            0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1,
            0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1,
            0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1,
            0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1,
        ]
    /// rle_def_levels: page bytes written by pyarrow 26.0.1.
    static let definitionLevelsPage = hexBytes(
        "1a0000000fde7befbdf7de0332001fefbdf7de7befbdf7de7befbdf7de7b0100000002000000030000000400000006000000070000000800" +
        "0000090000000b0000000c0000000d0000000e00000010000000110000001200000013000000150000001600000017000000180000001a00" +
        "00001b0000001c0000001d0000001f00000020000000210000002200000024000000250000002600000027000000290000002a0000002b00" +
        "00002c0000002e0000002f000000300000003100000051000000520000005300000054000000560000005700000058000000590000005b00" +
        "00005c0000005d0000005e00000060000000610000006200000063000000650000006600000067000000680000006a0000006b0000006c00" +
        "00006d0000006f00000070000000710000007200000074000000750000007600000077000000790000007a0000007b0000007c0000007e00" +
        "00007f00000080000000810000008300000084000000850000008600000088000000890000008a0000008b0000008d0000008e0000008f00" +
        "000090000000920000009300000094000000950000009700000098000000990000009a0000009c0000009d0000009e0000009f000000a100" +
        "0000a2000000a3000000a4000000a6000000a7000000a8000000a9000000ab000000ac000000ad000000ae000000b0000000b1000000b200" +
        "0000b3000000b5000000b6000000b7000000b8000000ba000000bb000000bc000000bd000000bf000000c0000000c1000000c2000000c400" +
        "0000c5000000c6000000c7000000"
    )

    /// rle_bool: expected values.
    static let booleansValues: [UInt8] = [
            1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1,
            0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0,
            0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
            1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1,
            0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0,
            0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0,
            1, 0, 0, 1, 0, 0, 1, 0, 0, 1,
        ]
    /// rle_bool: page bytes written by pyarrow 26.0.1.
    static let booleansPage = hexBytes(
        "200000001b499224499224499224499224f934011f244992244992244992244992244992"
    )

    static let byteStreamSplitFloatPage = hexBytes(
        "000000e66000cdcd9acd009a33cd6600cd9a663300cd9a6633000000b14200cccc99cc009933cc6600cc99663300cc996633c0100061a200" +
        "cc4c99cc0019334c66808c99a6b3c0ccd9e6f33fc0007f8d003d3e3e3e3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f"
    )
    static let byteStreamSplitDoublePage = hexBytes(
        "0000008aa0009a9a349a0034679acd009a34cd67009a34cd67000000f2c2009999339900336699cc009933cc66009933cc6600000021eb00" +
        "9999339900336699cc009933cc66009933cc66000000bffe009999339900336699cc009933cc66009933cc660000003c4b00999933990033" +
        "6699cc009933cc66009933cc660000003648009999339900336699cc009933cc66009933cc66f80200ecb400b9c9d3d9e0e3e6e9ecf0f1f3" +
        "f4f6f8f9fbfcfe3fc00047b9003f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f3f"
    )
}

// MARK: - Dictionary building

@Suite("Dictionary building") struct DictionaryBuilderTests {
    /// Strings of every length around the 8 bytes a table slot holds itself, some differing only by
    /// trailing zero bytes or by their last byte, repeated in random order through several table growths:
    /// the indices give back every value, and the dictionary holds each once, in first-seen order.
    @Test func stringsOfEveryLengthRoundTrip() throws {
        var random = TestRandom(8_131)
        var distinct: [[UInt8]] = [[], [0], [0, 0], [0x61], [0x61, 0], [0x61, 0, 0]]
        for n in 1...20 {
            for k in 0..<200 { distinct.append((0..<n).map { UInt8(truncatingIfNeeded: $0 == n - 1 ? k : 0x30 + ($0 % 10)) }) }
        }
        var values = ByteArrays()
        var expected: [[UInt8]] = []
        for _ in 0..<20_000 {
            let value = distinct[random.below(distinct.count)]
            expected.append(value)
            value.withUnsafeBytes { values.append($0) }
        }
        let encoded = try #require(DictionaryBuilder.encode(values, rows: 0..<expected.count, limitBytes: 1 << 20))
        #expect(encoded.indices.map { Array(encoded.distinct[Int($0)]) } == expected)
        var seen = Set<[UInt8]>()
        let firstSeen = expected.filter { seen.insert($0).inserted }
        #expect((0..<encoded.distinct.count).map { Array(encoded.distinct[$0]) } == firstSeen)
    }
}
