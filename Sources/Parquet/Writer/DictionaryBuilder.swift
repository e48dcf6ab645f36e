// Building a column chunk's dictionary: distinct values in first-seen
// order and one index per value, through an open-addressing hash table
// (linear probing, power-of-two capacity, at most half full). Building
// stops as soon as the dictionary outgrows its byte limit, so a
// high-cardinality column costs little before it falls back to PLAIN.
//
// Fixed-width values: 4-byte slots holding an entry number, the keys apart
// in first-seen order; the small table and the frequent keys (seen early,
// so stored close together) stay in cache. Byte strings: 16-byte slots
// holding 32 bits of the hash and, for strings of up to 8 bytes (codes,
// postcodes), the bytes themselves, so a probe reads one slot and nothing
// else; longer strings keep where the entry's first occurrence sits in the
// input, read to compare when the hashes agree. Strings are hashed with
// two overlapping loads (up to 16 bytes) folded by a 64×64→128-bit
// multiply. The dictionary's bytes are copied out of the input only once
// building has succeeded, and the indices array is never zero-filled, so
// a fallback costs little.

/// The result of dictionary-encoding a column chunk.
struct DictionaryEncoded {
    var dictionary: ColumnValues
    var indices: [UInt32]
}

enum DictionaryBuilder {
    /// Slots a table starts with (log2).
    private static let initialBits = 10

    /// A slot of the byte-string table (16 bytes): `code` is the entry's index + 1 (0: empty); `tag` the
    /// high half of the hash, whose low half gave the position, with its low four bits replaced by the
    /// length, or 9 for any length above 8; `place` a string of up to 8 bytes itself (zero-padded), or
    /// where a longer entry's bytes are in the input, its start in the low 40 bits and its length in the high 24.
    private struct StringSlot {
        var place: UInt64
        var tag: UInt32
        var code: UInt32

        static let empty = StringSlot(place: 0, tag: 0, code: 0)
        /// Largest start and length a slot holds; a string beyond either makes the chunk fall back to PLAIN.
        static let maxStart = (1 << 40) - 1
        static let maxLength = (1 << 24) - 1
        /// Longest string held in the slot itself.
        static let maxInline = 8

        init(place: UInt64, tag: UInt32, code: UInt32) {
            self.place = place
            self.tag = tag
            self.code = code
        }

        /// The slot of the `length` bytes at `value`, which are at `start` in the input.
        @inline(__always)
        init(_ value: UnsafeRawPointer, start: Int, length: Int, hash: UInt64, code: Int) {
            place = length <= Self.maxInline ? Self.inline(value, length)
                : UInt64(truncatingIfNeeded: start) | UInt64(truncatingIfNeeded: length) << 40
            tag = Self.tag(hash, length: length)
            self.code = UInt32(truncatingIfNeeded: code)
        }

        /// The hash's high half, its low four bits giving the length (9: longer than 8), so that equal
        /// tags mean strings held the same way.
        @inline(__always)
        static func tag(_ hash: UInt64, length: Int) -> UInt32 {
            UInt32(truncatingIfNeeded: hash &>> 32) & ~0xF | UInt32(truncatingIfNeeded: min(length, maxInline + 1))
        }

        /// The `n` ≤ 8 bytes at `p` as a zero-padded little-endian word, reading none beyond them.
        @inline(__always)
        static func inline(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
            if n == 8 { return RawBytes.load64(p) }
            // Overlapping loads put the shared bytes at the same places, so or-ing them is exact.
            if n >= 4 { return RawBytes.load32(p) | RawBytes.load32(p + (n &- 4)) << (8 &* UInt64(n &- 4)) }
            guard n > 0 else { return 0 }
            let middle = n >> 1
            return UInt64(p.load(as: UInt8.self)) | UInt64(p.load(fromByteOffset: middle, as: UInt8.self)) << (8 &* UInt64(middle))
                | UInt64(p.load(fromByteOffset: n &- 1, as: UInt8.self)) << (8 &* UInt64(n &- 1))
        }

        var start: Int { Int(truncatingIfNeeded: place & 0xFF_FFFF_FFFF) }
        var length: Int { Int(truncatingIfNeeded: place &>> 40) }
    }

    /// A distinct byte string: its hash and where its first occurrence sits in the input.
    private struct StringEntry {
        var hash: UInt64
        var start: Int
        var length: Int
    }

    /// Table position of fixed-width `value` among 2^(64 - shift) slots: xor-shift, then a
    /// Fibonacci multiply whose high bits depend on every bit of the value.
    @inline(__always)
    private static func position(_ value: UInt64, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((value ^ (value &>> 29)) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    /// Dictionary-encodes fixed-width values, or returns nil when the dictionary would exceed `limitBytes`.
    static func encode<T: FixedWidthInteger>(bits values: UnsafeBufferPointer<T>, limitBytes: Int) -> (distinct: [T], indices: [UInt32])? {
        let maxEntries = max(1, limitBytes / MemoryLayout<T>.size)
        let n = values.count
        var bits = initialBits
        // slots[i]: index + 1 of the entry whose key is keys[index] (0: empty). 4-byte slots keep
        // the table small enough to stay in cache; the keys, in first-seen order, put the
        // frequent values (seen early) close together.
        var slots = UnsafeMutablePointer<UInt32>.allocate(capacity: 1 << bits)
        slots.initialize(repeating: 0, count: 1 << bits)
        var keys = UnsafeMutablePointer<T>.allocate(capacity: 1 << (bits - 1))
        var count = 0
        defer {
            slots.deallocate()
            keys.deallocate()
        }
        var complete = false
        let indices = [UInt32](unsafeUninitializedCapacity: n) { out, initialized in
            var shift = UInt64(64 - bits)
            var mask = (1 << bits) - 1
            for row in 0..<n {
                let value = values[row]
                var i = position(UInt64(truncatingIfNeeded: value), shift: shift)
                while true {
                    let code = slots[i]
                    if code == 0 {
                        if count >= maxEntries { return }
                        // The table is at most half full, so the keys have room for this one.
                        (keys + count).initialize(to: value)
                        count &+= 1
                        slots[i] = UInt32(truncatingIfNeeded: count)
                        out[row] = UInt32(truncatingIfNeeded: count &- 1)
                        if count * 2 > mask {
                            bits += 1
                            shift = UInt64(64 - bits)
                            mask = (1 << bits) - 1
                            slots.deallocate()
                            slots = .allocate(capacity: 1 << bits)
                            slots.initialize(repeating: 0, count: 1 << bits)
                            let grown = UnsafeMutablePointer<T>.allocate(capacity: 1 << (bits - 1))
                            grown.moveInitialize(from: keys, count: count)
                            keys.deallocate()
                            keys = grown
                            for k in 0..<count {
                                var j = position(UInt64(truncatingIfNeeded: keys[k]), shift: shift)
                                while slots[j] != 0 { j = (j &+ 1) & mask }
                                slots[j] = UInt32(truncatingIfNeeded: k &+ 1)
                            }
                        }
                        break
                    }
                    if keys[Int(code) &- 1] == value {
                        out[row] = code &- 1
                        break
                    }
                    i = (i &+ 1) & mask
                }
            }
            initialized = n
            complete = true
        }
        return complete ? (Array(UnsafeBufferPointer(start: keys, count: count)), indices) : nil
    }

    /// Dictionary-encodes the byte strings values[rows], or returns nil when the dictionary would exceed
    /// `limitBytes` (counting 4 length bytes per entry, as its PLAIN page does).
    static func encode(_ values: ByteArrays, rows: Range<Int>, limitBytes: Int) -> (distinct: ByteArrays, indices: [UInt32])? {
        let n = rows.count
        let first = rows.lowerBound
        var bits = initialBits
        var slots = UnsafeMutablePointer<StringSlot>.allocate(capacity: 1 << bits)
        slots.initialize(repeating: .empty, count: 1 << bits)
        defer { slots.deallocate() }
        /// Per entry, its hash (to rebuild the table as it grows) and where its bytes are.
        var entries: [StringEntry] = []
        var dictionaryBytes = 0
        var complete = false
        let indices = [UInt32](unsafeUninitializedCapacity: n) { out, initialized in
            values.bytes.withUnsafeBytes { raw in
                values.offsets.withUnsafeBufferPointer { offsets in
                    // A dummy address for an all-empty input: no byte is ever read through it.
                    let base = raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
                    var mask = (1 << bits) - 1
                    for row in 0..<n {
                        let start = offsets[first &+ row]
                        let length = offsets[first &+ row &+ 1] &- start
                        let value = base + start
                        let h = hashBytes(value, length)
                        let tag = StringSlot.tag(h, length: length)
                        let inline = length <= StringSlot.maxInline ? StringSlot.inline(value, length) : 0
                        var i = Int(truncatingIfNeeded: h) & mask
                        while true {
                            let slot = slots[i]
                            if slot.code == 0 {
                                dictionaryBytes += 4 + length
                                if dictionaryBytes > limitBytes || start > StringSlot.maxStart || length > StringSlot.maxLength { return }
                                entries.append(StringEntry(hash: h, start: start, length: length))
                                slots[i] = StringSlot(value, start: start, length: length, hash: h, code: entries.count)
                                out[row] = UInt32(truncatingIfNeeded: entries.count &- 1)
                                if entries.count * 2 > mask + 1 {
                                    bits += 1
                                    mask = (1 << bits) - 1
                                    slots.deallocate()
                                    slots = .allocate(capacity: 1 << bits)
                                    slots.initialize(repeating: .empty, count: 1 << bits)
                                    for (k, entry) in entries.enumerated() {
                                        var j = Int(truncatingIfNeeded: entry.hash) & mask
                                        while slots[j].code != 0 { j = (j &+ 1) & mask }
                                        slots[j] = StringSlot(base + entry.start, start: entry.start, length: entry.length, hash: entry.hash, code: k &+ 1)
                                    }
                                }
                                break
                            }
                            if slot.tag == tag
                                && (length <= StringSlot.maxInline ? slot.place == inline
                                    : slot.length == length && RawBytes.equal(base + slot.start, value, length)) {
                                out[row] = slot.code &- 1
                                break
                            }
                            i = (i &+ 1) & mask
                        }
                    }
                    initialized = n
                    complete = true
                }
            }
        }
        guard complete else { return nil }
        var distinct = ByteArrays()
        distinct.reserve(values: entries.count, bytes: dictionaryBytes - 4 * entries.count)
        values.bytes.withUnsafeBytes { raw in
            for entry in entries { distinct.append(UnsafeRawBufferPointer(rebasing: raw[entry.start..<(entry.start + entry.length)])) }
        }
        return (distinct, indices)
    }

    /// The high and low halves of a 128-bit product, xored: every input bit reaches most output bits.
    @inline(__always)
    private static func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let (high, low) = a.multipliedFullWidth(by: b)
        return high ^ low
    }

    /// Hash of the `n` bytes at `p`, reading none outside them: up to 16 bytes as two overlapping
    /// loads, longer strings 16 bytes at a time, then their last 16.
    @inline(__always)
    static func hashBytes(_ p: UnsafeRawPointer, _ n: Int) -> UInt64 {
        var a: UInt64
        var b: UInt64
        var seed: UInt64 = 0xA076_1D64_78BD_642F
        if n <= 16 {
            if n >= 8 {
                a = RawBytes.load64(p)
                b = RawBytes.load64(p + (n &- 8))
            } else if n >= 4 {
                a = RawBytes.load32(p)
                b = RawBytes.load32(p + (n &- 4))
            } else if n > 0 {
                a = UInt64(p.load(as: UInt8.self)) << 16 | UInt64(p.load(fromByteOffset: n >> 1, as: UInt8.self)) << 8
                    | UInt64(p.load(fromByteOffset: n &- 1, as: UInt8.self))
                b = 0
            } else {
                a = 0
                b = 0
            }
        } else {
            var i = 0
            while i &+ 16 < n {
                seed = fold(RawBytes.load64(p + i) ^ 0xE703_7ED1_A0B4_28DB, RawBytes.load64(p + (i &+ 8)) ^ seed)
                i &+= 16
            }
            a = RawBytes.load64(p + (n &- 16))
            b = RawBytes.load64(p + (n &- 8))
        }
        return fold(a ^ 0xE703_7ED1_A0B4_28DB ^ UInt64(truncatingIfNeeded: n), b ^ seed ^ 0x8EBC_6AF0_9C88_C6E3)
    }
}
