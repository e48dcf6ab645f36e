// Comparing byte strings in place, 8 bytes at a time, for the writer's
// hot loops (dictionary lookups, min/max statistics). Every function reads
// only the `n` bytes it is given: tails shorter than 8 bytes are read
// with overlapping loads that end exactly at the string's end, or byte by
// byte; so a pointer only needs to be valid for its own bytes.

enum RawBytes {
    @inline(__always)
    static func load64(_ p: UnsafeRawPointer) -> UInt64 { UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)) }

    /// 4 bytes, zero-extended.
    @inline(__always)
    static func load32(_ p: UnsafeRawPointer) -> UInt64 { UInt64(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))) }

    /// Whether the `n` bytes at `a` and at `b` are equal.
    @inline(__always)
    static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        if n >= 8 {
            var i = 0
            while i &+ 8 < n {
                if load64(a + i) != load64(b + i) { return false }
                i &+= 8
            }
            return load64(a + (n &- 8)) == load64(b + (n &- 8))
        }
        if n >= 4 { return load32(a) == load32(b) && load32(a + (n &- 4)) == load32(b + (n &- 4)) }
        var i = 0
        while i < n {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i &+= 1
        }
        return true
    }

    /// Whether the `na` bytes at `a` sort before the `nb` bytes at `b`: bytes compared unsigned,
    /// a proper prefix first (the order of Parquet's BYTE_ARRAY statistics).
    @inline(__always)
    static func precedes(_ a: UnsafeRawPointer, _ na: Int, _ b: UnsafeRawPointer, _ nb: Int) -> Bool {
        let common = min(na, nb)
        var i = 0
        while i &+ 8 <= common {
            let x = load64(a + i), y = load64(b + i)
            // Byte-swapped, the first differing byte is the most significant.
            if x != y { return x.byteSwapped < y.byteSwapped }
            i &+= 8
        }
        while i < common {
            let x = a.load(fromByteOffset: i, as: UInt8.self), y = b.load(fromByteOffset: i, as: UInt8.self)
            if x != y { return x < y }
            i &+= 1
        }
        return na < nb
    }
}
