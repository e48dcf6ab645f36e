// Single values with their logical meaning: used for statistics (row-group
// pruning, `inspect`) and for printing values (`cat`). Bulk data never goes
// through this type.

/// One value, compared the way its column's sort order says.
public enum ParquetValue: Sendable, Hashable, Comparable, CustomStringConvertible {
    case boolean(Bool)
    /// Signed integers, and dates, times, timestamps as their integer count.
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    /// Byte strings, compared as unsigned bytes.
    case bytes([UInt8])
    /// A decimal's unscaled value (the scale is the column's).
    case decimal(Int128)

    public static func < (a: ParquetValue, b: ParquetValue) -> Bool {
        switch (a, b) {
        case let (.boolean(x), .boolean(y)): return !x && y
        case let (.int(x), .int(y)): return x < y
        case let (.uint(x), .uint(y)): return x < y
        case let (.double(x), .double(y)): return x < y
        case let (.bytes(x), .bytes(y)): return x.lexicographicallyPrecedes(y)
        case let (.decimal(x), .decimal(y)): return x < y
        default: return false
        }
    }

    public var description: String {
        switch self {
        case let .boolean(b): "\(b)"
        case let .int(i): "\(i)"
        case let .uint(u): "\(u)"
        case let .double(d): "\(d)"
        case let .bytes(b): String(decoding: b, as: UTF8.self)
        case let .decimal(d): "\(d)"
        }
    }
}

extension ColumnDescriptor {
    /// Whether statistics written with the legacy signed min/max fields can be trusted for this column.
    var legacyStatisticsAreValid: Bool {
        switch physicalType {
        case .boolean, .int32, .int64, .float, .double:
            if case let .integer(_, signed)? = logicalType { return signed }
            if case .decimal? = logicalType { return false }
            return true
        default: return false
        }
    }

    /// Decodes a statistics value (PLAIN encoding, no length prefix) of this column.
    public func statisticValue(_ bytes: [UInt8]) -> ParquetValue? {
        func load<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard bytes.count == MemoryLayout<T>.size else { return nil }
            return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
        }
        switch physicalType {
        case .boolean:
            return bytes.count == 1 ? .boolean(bytes[0] != 0) : nil
        case .int32:
            guard let v = load(Int32.self) else { return nil }
            if case .decimal? = logicalType { return .decimal(Int128(v)) }
            if case .integer(_, false)? = logicalType { return .uint(UInt64(UInt32(bitPattern: v))) }
            return .int(Int64(v))
        case .int64:
            guard let v = load(Int64.self) else { return nil }
            if case .decimal? = logicalType { return .decimal(Int128(v)) }
            if case .integer(_, false)? = logicalType { return .uint(UInt64(bitPattern: v)) }
            return .int(v)
        case .float:
            guard let v = load(UInt32.self) else { return nil }
            let f = Float(bitPattern: v)
            return f.isNaN ? nil : .double(Double(f))
        case .double:
            guard let v = load(UInt64.self) else { return nil }
            let d = Double(bitPattern: v)
            return d.isNaN ? nil : .double(d)
        case .byteArray, .fixedLenByteArray:
            if case .decimal? = logicalType { return Self.bigEndianInteger(bytes[...]).map { .decimal($0) } }
            return .bytes(bytes)
        default:
            return nil
        }
    }

    /// The column chunk's (min, max), when its statistics say and can be trusted.
    public func bounds(_ statistics: Statistics?) -> (min: ParquetValue, max: ParquetValue)? {
        guard let s = statistics else { return nil }
        var minBytes = s.minValue
        var maxBytes = s.maxValue
        if minBytes == nil || maxBytes == nil, legacyStatisticsAreValid {
            minBytes = s.legacyMin
            maxBytes = s.legacyMax
        }
        guard let lo = minBytes.flatMap(statisticValue), let hi = maxBytes.flatMap(statisticValue) else { return nil }
        return (lo, hi)
    }

    /// Two's-complement big-endian bytes as an integer (nil when it does not fit 128 bits).
    public static func bigEndianInteger(_ bytes: ArraySlice<UInt8>) -> Int128? {
        guard let first = bytes.first else { return 0 }
        let negative = first & 0x80 != 0
        var trimmed = bytes
        while trimmed.count > 16, let f = trimmed.first, f == (negative ? 0xFF : 0) { trimmed = trimmed.dropFirst() }
        guard trimmed.count <= 16 else { return nil }
        var value: UInt128 = negative ? ~0 : 0
        for b in trimmed { value = value << 8 | UInt128(b) }
        return Int128(bitPattern: value)
    }
}

extension ParquetFileReader {
    /// Row groups whose statistics for `column` allow a value in `lower ... upper`
    /// (either bound may be nil). Row groups without usable statistics are kept.
    public func rowGroups(where columnName: String, from lower: ParquetValue?, through upper: ParquetValue?) throws(ParquetError) -> [Int] {
        let column = try column(named: columnName)
        return metadata.rowGroups.indices.filter { g in
            let chunk = metadata.rowGroups[g].columns[column.index]
            guard let (lo, hi) = column.bounds(chunk.metaData?.statistics) else { return true }
            if let lower, hi < lower { return false }
            if let upper, upper < lo { return false }
            return true
        }
    }
}
