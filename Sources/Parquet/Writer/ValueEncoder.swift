// PLAIN encoding, dictionary building and statistics for the writer.

enum ValueEncoder {
    /// values[range] as a new ColumnValues.
    static func slice(_ values: ColumnValues, _ r: Range<Int>) -> ColumnValues {
        if r.lowerBound == 0 && r.upperBound == values.count { return values }
        switch values {
        case let .boolean(v): return .boolean(Array(v[r]))
        case let .int32(v): return .int32(Array(v[r]))
        case let .int64(v): return .int64(Array(v[r]))
        case let .float(v): return .float(Array(v[r]))
        case let .double(v): return .double(Array(v[r]))
        case let .byteArray(v):
            let base = v.offsets[r.lowerBound]
            return .byteArray(ByteArrays(offsets: v.offsets[r.lowerBound...r.upperBound].map { $0 - base },
                                         bytes: Array(v.bytes[base..<v.offsets[r.upperBound]])))
        case let .fixed(w, b): return .fixed(width: w, bytes: Array(b[(r.lowerBound * w)..<(r.upperBound * w)]))
        }
    }

    /// Bytes the PLAIN encoding of `values` takes.
    static func plainSize(_ values: ColumnValues) -> Int {
        switch values {
        case let .boolean(v): (v.count + 7) / 8
        case let .int32(v): v.count * 4
        case let .float(v): v.count * 4
        case let .int64(v): v.count * 8
        case let .double(v): v.count * 8
        case let .byteArray(v): v.bytes.count + 4 * v.count
        case let .fixed(_, b): b.count
        }
    }

    static func plain(_ values: ColumnValues, into sink: inout ByteSink) {
        func raw<T>(_ v: [T]) { v.withUnsafeBytes { sink.append(contentsOf: $0) } }
        switch values {
        case let .boolean(v):
            var byte: UInt8 = 0
            for (i, b) in v.enumerated() {
                if b { byte |= 1 << UInt8(i & 7) }
                if i & 7 == 7 { sink.append(byte); byte = 0 }
            }
            if v.count & 7 != 0 { sink.append(byte) }
        case let .int32(v): raw(v)
        case let .int64(v): raw(v)
        case let .float(v): raw(v)
        case let .double(v): raw(v)
        case let .byteArray(v):
            sink.bytes.reserveCapacity(sink.count + v.bytes.count + 4 * v.count)
            v.bytes.withUnsafeBytes { bytes in
                for i in 0..<v.count {
                    sink.appendLittleEndian(UInt32(v.length(i)))
                    sink.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[v.offsets[i]..<v.offsets[i + 1]]))
                }
            }
        case let .fixed(_, b): sink.append(contentsOf: b)
        }
    }

    /// Dictionary-encodes `values`, or nil if the dictionary would exceed `limitBytes`.
    static func dictionary(_ values: ColumnValues, limitBytes: Int) -> DictionaryEncoded? {
        switch values {
        case .boolean: return nil
        case let .int32(v):
            return v.withUnsafeBufferPointer { DictionaryBuilder.encode(bits: $0, limitBytes: limitBytes) }
                .map { DictionaryEncoded(dictionary: .int32($0.distinct), indices: $0.indices) }
        case let .int64(v):
            return v.withUnsafeBufferPointer { DictionaryBuilder.encode(bits: $0, limitBytes: limitBytes) }
                .map { DictionaryEncoded(dictionary: .int64($0.distinct), indices: $0.indices) }
        case let .float(v):
            let bits = v.map(\.bitPattern)
            return bits.withUnsafeBufferPointer { DictionaryBuilder.encode(bits: $0, limitBytes: limitBytes) }
                .map { DictionaryEncoded(dictionary: .float($0.distinct.map(Float.init(bitPattern:))), indices: $0.indices) }
        case let .double(v):
            let bits = v.map(\.bitPattern)
            return bits.withUnsafeBufferPointer { DictionaryBuilder.encode(bits: $0, limitBytes: limitBytes) }
                .map { DictionaryEncoded(dictionary: .double($0.distinct.map(Double.init(bitPattern:))), indices: $0.indices) }
        case let .byteArray(v):
            return DictionaryBuilder.encode(v, limitBytes: limitBytes).map { DictionaryEncoded(dictionary: .byteArray($0.distinct), indices: $0.indices) }
        case let .fixed(w, b):
            var arrays = ByteArrays()
            arrays.reserve(values: b.count / max(w, 1), bytes: b.count)
            b.withUnsafeBytes { raw in
                for i in 0..<(b.count / max(w, 1)) { arrays.append(UnsafeRawBufferPointer(rebasing: raw[(i * w)..<(i * w + w)])) }
            }
            return DictionaryBuilder.encode(arrays, limitBytes: limitBytes)
                .map { DictionaryEncoded(dictionary: .fixed(width: w, bytes: $0.distinct.bytes), indices: $0.indices) }
        }
    }

    /// PLAIN bytes of the smallest and largest of `values`, compared signed or (through `U`) unsigned.
    private static func integerBounds<T: FixedWidthInteger & SignedInteger, U: FixedWidthInteger & UnsignedInteger>(
        _ values: [T], unsigned: Bool, as _: U.Type
    ) -> ([UInt8]?, [UInt8]?) {
        func bytes<V: FixedWidthInteger>(_ v: V) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
        if unsigned {
            guard let lo = values.lazy.map({ U(truncatingIfNeeded: $0) }).min(), let hi = values.lazy.map({ U(truncatingIfNeeded: $0) }).max() else {
                return (nil, nil)
            }
            return (bytes(lo), bytes(hi))
        }
        guard let lo = values.min(), let hi = values.max() else { return (nil, nil) }
        return (bytes(lo), bytes(hi))
    }

    /// Min, max (by the column's sort order) and null count.
    static func statistics(_ values: ColumnValues, descriptor: ColumnDescriptor, nullCount: Int) -> Statistics {
        var s = Statistics()
        s.nullCount = Int64(nullCount)
        func bytes<T>(_ v: T) -> [UInt8] { withUnsafeBytes(of: v) { Array($0) } }
        let unsigned: Bool = { if case .integer(_, false)? = descriptor.logicalType { return true }; return false }()
        switch values {
        case let .boolean(v):
            if !v.isEmpty {
                s.minValue = [v.contains(false) ? 0 : 1]
                s.maxValue = [v.contains(true) ? 1 : 0]
            }
        case let .int32(v):
            (s.minValue, s.maxValue) = integerBounds(v, unsigned: unsigned, as: UInt32.self)
        case let .int64(v):
            (s.minValue, s.maxValue) = integerBounds(v, unsigned: unsigned, as: UInt64.self)
        case let .float(v):
            var nan: Int64 = 0
            var lo = Float.infinity, hi = -Float.infinity
            for x in v { if x.isNaN { nan += 1 } else { lo = min(lo, x); hi = max(hi, x) } }
            s.nanCount = nan
            if lo <= hi {
                if lo == 0 { lo = -0.0 }
                if hi == 0 { hi = 0.0 }
                s.minValue = bytes(lo.bitPattern.littleEndian); s.maxValue = bytes(hi.bitPattern.littleEndian)
            }
        case let .double(v):
            var nan: Int64 = 0
            var lo = Double.infinity, hi = -Double.infinity
            for x in v { if x.isNaN { nan += 1 } else { lo = min(lo, x); hi = max(hi, x) } }
            s.nanCount = nan
            if lo <= hi {
                if lo == 0 { lo = -0.0 }
                if hi == 0 { hi = 0.0 }
                s.minValue = bytes(lo.bitPattern.littleEndian); s.maxValue = bytes(hi.bitPattern.littleEndian)
            }
        case let .byteArray(v):
            guard v.count > 0 else { break }
            var lo = 0, hi = 0
            v.bytes.withUnsafeBytes { raw in
                func value(_ i: Int) -> UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: raw[v.offsets[i]..<v.offsets[i + 1]]) }
                for i in 1..<v.count {
                    if value(i).lexicographicallyPrecedes(value(lo)) { lo = i }
                    if value(hi).lexicographicallyPrecedes(value(i)) { hi = i }
                }
            }
            s.minValue = Array(v[lo]); s.maxValue = Array(v[hi])
        case let .fixed(w, b):
            let n = b.count / max(w, 1)
            guard n > 0 else { break }
            let isDecimal: Bool = { if case .decimal? = descriptor.logicalType { return true }; return false }()
            let items = (0..<n).map { b[($0 * w)..<($0 * w + w)] }
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
