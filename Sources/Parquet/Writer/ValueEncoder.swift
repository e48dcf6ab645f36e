// PLAIN encoding, dictionary building and statistics for the writer.
//
// Every function takes the column's values and the range of them to
// encode (a row group's, a page's), so no range is ever copied out.

enum ValueEncoder {
    /// Bytes the PLAIN encoding of values[r] takes.
    static func plainSize(_ values: ColumnValues, _ r: Range<Int>) -> Int {
        switch values {
        case .boolean: (r.count + 7) / 8
        case .int32, .float: r.count * 4
        case .int64, .double: r.count * 8
        case let .byteArray(v): v.offsets[r.upperBound] - v.offsets[r.lowerBound] + 4 * r.count
        case let .fixed(w, _): r.count * w
        }
    }

    /// Appends the PLAIN encoding of values[r] to `sink`.
    static func plain(_ values: ColumnValues, _ r: Range<Int>, into sink: inout ByteSink) {
        func raw<T>(_ v: [T]) { v.withUnsafeBytes { sink.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[(r.lowerBound * MemoryLayout<T>.stride)..<(r.upperBound * MemoryLayout<T>.stride)])) } }
        switch values {
        case let .boolean(v):
            var byte: UInt8 = 0
            for (i, b) in v[r].enumerated() {
                if b { byte |= 1 << UInt8(i & 7) }
                if i & 7 == 7 { sink.append(byte); byte = 0 }
            }
            if r.count & 7 != 0 { sink.append(byte) }
        case let .int32(v): raw(v)
        case let .int64(v): raw(v)
        case let .float(v): raw(v)
        case let .double(v): raw(v)
        case let .byteArray(v):
            // Each value as a 4-byte length and its bytes, written in place into room made at once.
            sink.append(count: plainSize(values, r)) { out in
                v.bytes.withUnsafeBytes { bytes in
                    v.offsets.withUnsafeBufferPointer { offsets in
                        var at = 0
                        for i in r {
                            let start = offsets[i], length = offsets[i + 1] - start
                            out.storeBytes(of: UInt32(truncatingIfNeeded: length).littleEndian, toByteOffset: at, as: UInt32.self)
                            if length > 0, let base = bytes.baseAddress { (out + (at + 4)).copyMemory(from: base + start, byteCount: length) }
                            at += 4 + length
                        }
                    }
                }
            }
        case let .fixed(w, b): b.withUnsafeBytes { sink.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[(r.lowerBound * w)..<(r.upperBound * w)])) }
        }
    }

    /// Dictionary-encodes values[r], or nil if the dictionary would exceed `limitBytes`.
    static func dictionary(_ values: ColumnValues, _ r: Range<Int>, limitBytes: Int) -> DictionaryEncoded? {
        switch values {
        case .boolean: return nil
        case let .int32(v):
            return v.withUnsafeBufferPointer { DictionaryBuilder.encode(bits: UnsafeBufferPointer(rebasing: $0[r]), limitBytes: limitBytes) }
                .map { DictionaryEncoded(dictionary: .int32($0.distinct), indices: $0.indices) }
        case let .int64(v):
            return v.withUnsafeBufferPointer { DictionaryBuilder.encode(bits: UnsafeBufferPointer(rebasing: $0[r]), limitBytes: limitBytes) }
                .map { DictionaryEncoded(dictionary: .int64($0.distinct), indices: $0.indices) }
        case let .float(v):
            // Keyed by bit pattern: -0.0 and 0.0 stay apart, and so do NaNs of different payloads.
            return v.withUnsafeBufferPointer {
                UnsafeBufferPointer(rebasing: $0[r]).withMemoryRebound(to: UInt32.self) { DictionaryBuilder.encode(bits: $0, limitBytes: limitBytes) }
            }.map { DictionaryEncoded(dictionary: .float($0.distinct.map(Float.init(bitPattern:))), indices: $0.indices) }
        case let .double(v):
            return v.withUnsafeBufferPointer {
                UnsafeBufferPointer(rebasing: $0[r]).withMemoryRebound(to: UInt64.self) { DictionaryBuilder.encode(bits: $0, limitBytes: limitBytes) }
            }.map { DictionaryEncoded(dictionary: .double($0.distinct.map(Double.init(bitPattern:))), indices: $0.indices) }
        case let .byteArray(v):
            return DictionaryBuilder.encode(v, rows: r, limitBytes: limitBytes).map { DictionaryEncoded(dictionary: .byteArray($0.distinct), indices: $0.indices) }
        case let .fixed(w, b):
            var arrays = ByteArrays()
            arrays.reserve(values: r.count, bytes: r.count * w)
            b.withUnsafeBytes { raw in
                for i in r { arrays.append(UnsafeRawBufferPointer(rebasing: raw[(i * w)..<(i * w + w)])) }
            }
            return DictionaryBuilder.encode(arrays, rows: 0..<r.count, limitBytes: limitBytes)
                .map { DictionaryEncoded(dictionary: .fixed(width: w, bytes: $0.distinct.bytes), indices: $0.indices) }
        }
    }

    /// PLAIN bytes of the smallest and largest of `values`, compared signed or (through `U`) unsigned.
    private static func integerBounds<T: FixedWidthInteger & SignedInteger, U: FixedWidthInteger & UnsignedInteger>(
        _ values: ArraySlice<T>, unsigned: Bool, as _: U.Type
    ) -> ([UInt8]?, [UInt8]?) {
        func bytes<V: FixedWidthInteger>(_ v: V) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        guard let first = values.first else { return (nil, nil) }
        if unsigned {
            var lo = U(truncatingIfNeeded: first), hi = lo
            for x in values {
                let u = U(truncatingIfNeeded: x)
                lo = min(lo, u)
                hi = max(hi, u)
            }
            return (bytes(lo), bytes(hi))
        }
        var lo = first, hi = first
        for x in values {
            lo = min(lo, x)
            hi = max(hi, x)
        }
        return (bytes(lo), bytes(hi))
    }

    /// Min, max (by the column's sort order) and null count of values[r].
    static func statistics(_ values: ColumnValues, _ r: Range<Int>, descriptor: ColumnDescriptor, nullCount: Int) -> Statistics {
        var s = Statistics()
        s.nullCount = Int64(nullCount)
        func bytes<T>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
        let unsigned: Bool = { if case .integer(_, false)? = descriptor.logicalType { return true }; return false }()
        switch values {
        case let .boolean(v):
            if !r.isEmpty {
                s.minValue = [v[r].contains(false) ? 0 : 1]
                s.maxValue = [v[r].contains(true) ? 1 : 0]
            }
        case let .int32(v):
            (s.minValue, s.maxValue) = integerBounds(v[r], unsigned: unsigned, as: UInt32.self)
        case let .int64(v):
            (s.minValue, s.maxValue) = integerBounds(v[r], unsigned: unsigned, as: UInt64.self)
        case let .float(v):
            var nan: Int64 = 0
            var lo = Float.infinity, hi = -Float.infinity
            for x in v[r] { if x.isNaN { nan += 1 } else { lo = min(lo, x); hi = max(hi, x) } }
            s.nanCount = nan
            if lo <= hi {
                if lo == 0 { lo = -0.0 }
                if hi == 0 { hi = 0.0 }
                s.minValue = bytes(lo.bitPattern.littleEndian); s.maxValue = bytes(hi.bitPattern.littleEndian)
            }
        case let .double(v):
            var nan: Int64 = 0
            var lo = Double.infinity, hi = -Double.infinity
            for x in v[r] { if x.isNaN { nan += 1 } else { lo = min(lo, x); hi = max(hi, x) } }
            s.nanCount = nan
            if lo <= hi {
                if lo == 0 { lo = -0.0 }
                if hi == 0 { hi = 0.0 }
                s.minValue = bytes(lo.bitPattern.littleEndian); s.maxValue = bytes(hi.bitPattern.littleEndian)
            }
        case let .byteArray(v):
            guard !r.isEmpty else { break }
            var lo = r.lowerBound, hi = r.lowerBound
            v.bytes.withUnsafeBytes { raw in
                v.offsets.withUnsafeBufferPointer { offsets in
                    // A dummy address when every value is empty: no byte is read through it.
                    let base = raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
                    func precedes(_ i: Int, _ j: Int) -> Bool {
                        RawBytes.precedes(base + offsets[i], offsets[i + 1] - offsets[i], base + offsets[j], offsets[j + 1] - offsets[j])
                    }
                    for i in r.dropFirst() {
                        if precedes(i, lo) { lo = i }
                        if precedes(hi, i) { hi = i }
                    }
                }
            }
            s.minValue = Array(v[lo]); s.maxValue = Array(v[hi])
        case let .fixed(w, b):
            guard !r.isEmpty else { break }
            let isDecimal: Bool = { if case .decimal? = descriptor.logicalType { return true }; return false }()
            let items = r.map { b[($0 * w)..<($0 * w + w)] }
            if isDecimal {
                let keyed = items.map { (ColumnDescriptor.bigEndianInteger($0) ?? 0, $0) }
                if let lo = keyed.min(by: { $0.0 < $1.0 }), let hi = keyed.max(by: { $0.0 < $1.0 }) {
                    s.minValue = Array(lo.1); s.maxValue = Array(hi.1)
                }
            } else if let lo = items.min(by: { $0.lexicographicallyPrecedes($1) }), let hi = items.max(by: { $0.lexicographicallyPrecedes($1) }) {
                s.minValue = Array(lo); s.maxValue = Array(hi)
            }
        }
        return s
    }
}
