// Building a column chunk's dictionary: distinct values in first-seen
// order and one index per value, through an open-addressing hash table
// (linear probing, power-of-two capacity, at most half full). Building
// stops as soon as the dictionary outgrows its byte limit, so a
// high-cardinality column costs little before it falls back to PLAIN.

/// The result of dictionary-encoding a column chunk.
struct DictionaryEncoded {
    var dictionary: ColumnValues
    var indices: [UInt32]
}

enum DictionaryBuilder {
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A slot table of `capacity` (a power of two) holding entry `k + 1` for the k-th hash.
    static func table<S: Sequence<UInt64>>(capacity: Int, hashes: S) -> [UInt32] {
        let mask = capacity - 1
        var slots = [UInt32](repeating: 0, count: capacity)
        for (k, h) in hashes.enumerated() {
            var j = Int(truncatingIfNeeded: h) & mask
            while slots[j] != 0 { j = (j + 1) & mask }
            slots[j] = UInt32(k + 1)
        }
        return slots
    }

    /// Dictionary-encodes fixed-width values, or returns nil when the dictionary would exceed `limitBytes`.
    static func encode<T: FixedWidthInteger>(bits values: UnsafeBufferPointer<T>, limitBytes: Int) -> (distinct: [T], indices: [UInt32])? {
        let maxEntries = max(1, limitBytes / MemoryLayout<T>.size)
        var capacity = 1024
        var slots = [UInt32](repeating: 0, count: capacity)
        var distinct: [T] = []
        var indices = [UInt32](repeating: 0, count: values.count)
        var mask = capacity - 1
        for (row, value) in values.enumerated() {
            var i = Int(truncatingIfNeeded: mix(UInt64(truncatingIfNeeded: value))) & mask
            while true {
                let slot = slots[i]
                if slot == 0 {
                    if distinct.count >= maxEntries { return nil }
                    distinct.append(value)
                    slots[i] = UInt32(distinct.count)
                    indices[row] = UInt32(distinct.count - 1)
                    if distinct.count * 2 > capacity {
                        capacity *= 2
                        mask = capacity - 1
                        slots = table(capacity: capacity, hashes: distinct.lazy.map { mix(UInt64(truncatingIfNeeded: $0)) })
                    }
                    break
                }
                if distinct[Int(slot) - 1] == value {
                    indices[row] = slot - 1
                    break
                }
                i = (i + 1) & mask
            }
        }
        return (distinct, indices)
    }

    @inline(__always)
    static func hashBytes(_ p: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(p.count)
        var i = 0
        let n = p.count
        while i + 8 <= n {
            h = mix(h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < n {
            tail |= UInt64(p[i]) << shift
            shift += 8
            i += 1
        }
        return mix(h ^ tail)
    }

    /// Dictionary-encodes byte strings, or returns nil when the dictionary would exceed `limitBytes`.
    static func encode(_ values: ByteArrays, limitBytes: Int) -> (distinct: ByteArrays, indices: [UInt32])? {
        var capacity = 1024
        var slots = [UInt32](repeating: 0, count: capacity)
        var hashes: [UInt64] = []
        var distinct = ByteArrays()
        var indices = [UInt32](repeating: 0, count: values.count)
        var mask = capacity - 1
        var dictionaryBytes = 0
        let ok: Bool = values.bytes.withUnsafeBytes { bytes in
            values.offsets.withUnsafeBufferPointer { offsets in
                for row in 0..<values.count {
                    let value = UnsafeRawBufferPointer(rebasing: bytes[offsets[row]..<offsets[row + 1]])
                    let h = hashBytes(value)
                    var i = Int(truncatingIfNeeded: h) & mask
                    while true {
                        let slot = slots[i]
                        if slot == 0 {
                            dictionaryBytes += 4 + value.count
                            if dictionaryBytes > limitBytes { return false }
                            distinct.append(value)
                            hashes.append(h)
                            slots[i] = UInt32(distinct.count)
                            indices[row] = UInt32(distinct.count - 1)
                            if distinct.count * 2 > capacity {
                                capacity *= 2
                                mask = capacity - 1
                                slots = table(capacity: capacity, hashes: hashes)
                            }
                            break
                        }
                        let k = Int(slot) - 1
                        if hashes[k] == h && distinct.length(k) == value.count {
                            let equal = distinct.bytes.withUnsafeBytes { d in
                                value.count == 0 || memcmp(d.baseAddress! + distinct.offsets[k], value.baseAddress!, value.count) == 0
                            }
                            if equal {
                                indices[row] = UInt32(k)
                                break
                            }
                        }
                        i = (i + 1) & mask
                    }
                }
                return true
            }
        }
        return ok ? (distinct, indices) : nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
