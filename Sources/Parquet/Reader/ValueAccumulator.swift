// Where decoded values go: one typed Swift array per physical type, grown
// in place. Every page appends with bulk copies (memcpy for PLAIN
// fixed-width values, pointer loops for dictionary gathers and byte
// arrays), never one Array.append per value, and never through the
// ColumnValues enum, whose payload would be copied on each mutation.

/// A type whose all-zero bit pattern is a valid value, so arrays of it can be grown and then filled.
protocol ZeroFillable: BitwiseCopyable { static var zeroValue: Self { get } }
extension Int32: ZeroFillable { static var zeroValue: Int32 { 0 } }
extension Int64: ZeroFillable { static var zeroValue: Int64 { 0 } }
extension Float: ZeroFillable { static var zeroValue: Float { 0 } }
extension Double: ZeroFillable { static var zeroValue: Double { 0 } }
extension UInt8: ZeroFillable { static var zeroValue: UInt8 { 0 } }
extension UInt32: ZeroFillable { static var zeroValue: UInt32 { 0 } }
extension Int: ZeroFillable { static var zeroValue: Int { 0 } }
extension Bool: ZeroFillable { static var zeroValue: Bool { false } }

extension Array where Element: ZeroFillable {
    /// Grows by `n` elements and lets `fill` write them through a pointer to the first new one.
    @inline(__always)
    mutating func appendUninitialized(_ n: Int, _ fill: (UnsafeMutablePointer<Element>) throws(ParquetError) -> Void) throws(ParquetError) {
        guard n > 0 else { return }
        let start = count
        append(contentsOf: repeatElement(Element.zeroValue, count: n))
        let result: Result<Void, ParquetError> = withUnsafeMutableBufferPointer { buffer in
            Result { () throws(ParquetError) in try fill(buffer.baseAddress! + start) }
        }
        if case let .failure(error) = result {
            removeSubrange(start...)
            throw error
        }
    }
}

/// Decoded values of one column, in its physical representation.
struct ValueAccumulator {
    let type: PhysicalType
    /// Byte width of FIXED_LEN_BYTE_ARRAY (12 for INT96).
    let width: Int
    var booleans: [Bool] = []
    var int32s: [Int32] = []
    var int64s: [Int64] = []
    var floats: [Float] = []
    var doubles: [Double] = []
    var byteArrays = ByteArrays()
    var fixed: [UInt8] = []

    init(type: PhysicalType, width: Int, reserve: Int = 0) {
        self.type = type
        self.width = type == .int96 ? 12 : width
        switch type {
        case .boolean: booleans.reserveCapacity(reserve)
        case .int32: int32s.reserveCapacity(reserve)
        case .int64: int64s.reserveCapacity(reserve)
        case .float: floats.reserveCapacity(reserve)
        case .double: doubles.reserveCapacity(reserve)
        case .byteArray: byteArrays.offsets.reserveCapacity(reserve + 1)
        default: fixed.reserveCapacity(reserve * self.width)
        }
    }

    var count: Int {
        switch type {
        case .boolean: booleans.count
        case .int32: int32s.count
        case .int64: int64s.count
        case .float: floats.count
        case .double: doubles.count
        case .byteArray: byteArrays.count
        default: width == 0 ? 0 : fixed.count / width
        }
    }

    /// The values, as ColumnValues.
    func finish() -> ColumnValues {
        switch type {
        case .boolean: .boolean(booleans)
        case .int32: .int32(int32s)
        case .int64: .int64(int64s)
        case .float: .float(floats)
        case .double: .double(doubles)
        case .byteArray: .byteArray(byteArrays)
        default: .fixed(width: width, bytes: fixed)
        }
    }

    /// Byte width of fixed-width physical types (0 for BOOLEAN and BYTE_ARRAY).
    var valueWidth: Int {
        switch type {
        case .int32, .float: 4
        case .int64, .double: 8
        case .int96, .fixedLenByteArray: width
        default: 0
        }
    }

    /// Appends `count` values decoded with `encoding` (any but the dictionary encodings).
    mutating func append(_ data: UnsafeRawBufferPointer, encoding: Encoding, count: Int) throws(ParquetError) {
        switch encoding {
        case .plain:
            try appendPlain(data, count: count)
        case .rle where type == .boolean:
            var cursor = ByteCursor(data)
            let length = Int(try cursor.readLittleEndian(UInt32.self))
            let runs = try cursor.readBytes(length)
            var bits: [UInt8] = []
            bits.reserveCapacity(count)
            try RLEHybrid.decode(runs, bitWidth: 1, count: count, into: &bits)
            booleans.append(contentsOf: bits.lazy.map { $0 != 0 })
        case .deltaBinaryPacked where type == .int32:
            // Decoded in 64 bits then truncated: the same values modulo 2^32 as 32-bit
            // decoding, and DuckDB writes UINT32 columns with 33-bit deltas that only this reads.
            var wide: [Int64] = []
            wide.reserveCapacity(count)
            _ = try DeltaBinaryPacked.decode(data, count: count, into: &wide)
            int32s.append(contentsOf: wide.lazy.map { Int32(truncatingIfNeeded: $0) })
        case .deltaBinaryPacked where type == .int64:
            _ = try DeltaBinaryPacked.decode(data, count: count, into: &int64s)
        case .deltaLengthByteArray where type == .byteArray:
            _ = try DeltaLengthByteArray.decode(data, count: count, into: &byteArrays)
        case .deltaByteArray where type == .byteArray:
            _ = try DeltaByteArray.decode(data, count: count, into: &byteArrays)
        case .deltaByteArray where type == .fixedLenByteArray:
            var decoded = ByteArrays()
            _ = try DeltaByteArray.decode(data, count: count, into: &decoded)
            for i in 0..<decoded.count where decoded.length(i) != width {
                throw .corrupt("DELTA_BYTE_ARRAY value \(i) has \(decoded.length(i)) bytes in a FIXED_LEN_BYTE_ARRAY(\(width)) column")
            }
            fixed.append(contentsOf: decoded.bytes)
        case .byteStreamSplit where [.float, .double, .int32, .int64, .fixedLenByteArray].contains(type):
            let size = valueWidth
            guard size > 0 else { throw .corrupt("BYTE_STREAM_SPLIT with a zero-width type") }
            let (total, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, total <= data.count else {
                throw .corrupt("BYTE_STREAM_SPLIT: \(count) values of \(size) bytes do not fit in \(data.count) bytes")
            }
            var raw: [UInt8] = []
            try raw.appendUninitialized(total) { (p) throws(ParquetError) in
                try ByteStreamSplit.decode(data, count: count, width: size, to: UnsafeMutableRawPointer(p))
            }
            try raw.withBytes { (r) throws(ParquetError) in try appendPlain(r, count: count) }
        default:
            throw .unsupported("encoding \(encoding) for \(type) values")
        }
    }

    /// Appends `count` PLAIN-encoded values.
    mutating func appendPlain(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        guard count >= 0 else { throw .corrupt("negative value count \(count)") }
        switch type {
        case .boolean:
            guard (count + 7) / 8 <= data.count else {
                throw .corrupt("PLAIN BOOLEAN: \(count) values need \((count + 7) / 8) bytes but the page has \(data.count)")
            }
            try booleans.appendUninitialized(count) { out in
                for i in 0..<count { out[i] = data[i >> 3] >> UInt8(i & 7) & 1 != 0 }
            }
        case .int32: try Self.copy(data, count: count, to: &int32s)
        case .int64: try Self.copy(data, count: count, to: &int64s)
        case .float: try Self.copy(data, count: count, to: &floats)
        case .double: try Self.copy(data, count: count, to: &doubles)
        case .byteArray: try Self.appendPlainByteArrays(data, count: count, to: &byteArrays)
        case .fixedLenByteArray, .int96:
            let (total, overflow) = count.multipliedReportingOverflow(by: width)
            guard !overflow, total <= data.count else {
                throw .corrupt("PLAIN \(type): \(count) values of \(width) bytes do not fit in \(data.count) bytes")
            }
            fixed.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[0..<total]))
        default:
            throw .unsupported("physical type \(type)")
        }
    }

    /// Copies `count` little-endian values (x86-64 and arm64 are little-endian: the bytes are the values).
    private static func copy<T: ZeroFillable>(_ data: UnsafeRawBufferPointer, count: Int, to out: inout [T]) throws(ParquetError) {
        let size = MemoryLayout<T>.size
        let (total, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, total <= data.count else {
            throw .corrupt("PLAIN: \(count) values of \(size) bytes do not fit in \(data.count) bytes")
        }
        try out.appendUninitialized(count) { p in
            UnsafeMutableRawPointer(p).copyMemory(from: data.baseAddress!, byteCount: total)
        }
    }

    /// PLAIN byte arrays: each value a 4-byte little-endian length, then its bytes.
    private static func appendPlainByteArrays(_ data: UnsafeRawBufferPointer, count: Int, to out: inout ByteArrays) throws(ParquetError) {
        // Each value takes at least its 4-byte length.
        guard count <= data.count / 4 else {
            throw .corrupt("PLAIN BYTE_ARRAY: \(count) values cannot fit in \(data.count) bytes")
        }
        guard count > 0, let base = data.baseAddress else { return }
        // First pass: lengths, checked, as offsets; second pass: the bytes.
        let firstOffset = out.bytes.count
        var position = 0
        var total = 0
        let end = data.count
        try out.offsets.appendUninitialized(count) { (offsets) throws(ParquetError) in
            for i in 0..<count {
                guard end - position >= 4 else { throw .corrupt("PLAIN BYTE_ARRAY: value \(i) length runs past the page end") }
                let length = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
                position += 4
                guard length <= end - position else {
                    throw .corrupt("PLAIN BYTE_ARRAY: value \(i) of \(length) bytes runs past the page end")
                }
                position += length
                total += length
                offsets[i] = firstOffset + total
            }
        }
        try out.bytes.appendUninitialized(total) { dst in
            var position = 0
            var written = 0
            for _ in 0..<count {
                let length = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
                (dst + written).update(from: (base + position + 4).assumingMemoryBound(to: UInt8.self), count: length)
                position += 4 + length
                written += length
            }
        }
    }

    /// Appends `dictionary[index]` for each index (all already checked to be in range).
    mutating func gather(_ dictionary: ColumnValues, _ indices: UnsafeBufferPointer<UInt32>) throws(ParquetError) {
        switch dictionary {
        case let .boolean(d): try Self.gatherFixed(d, indices, into: &booleans)
        case let .int32(d): try Self.gatherFixed(d, indices, into: &int32s)
        case let .int64(d): try Self.gatherFixed(d, indices, into: &int64s)
        case let .float(d): try Self.gatherFixed(d, indices, into: &floats)
        case let .double(d): try Self.gatherFixed(d, indices, into: &doubles)
        case let .byteArray(d):
            var total = 0
            d.offsets.withUnsafeBufferPointer { offsets in
                for i in indices { total += offsets[Int(i) + 1] - offsets[Int(i)] }
            }
            let firstOffset = byteArrays.bytes.count
            try d.offsets.withBuffer { (offsets) throws(ParquetError) in
                try byteArrays.offsets.appendUninitialized(indices.count) { out in
                    var end = firstOffset
                    for (j, i) in indices.enumerated() {
                        end += offsets[Int(i) + 1] - offsets[Int(i)]
                        out[j] = end
                    }
                }
                try d.bytes.withBuffer { (bytes) throws(ParquetError) in
                    try byteArrays.bytes.appendUninitialized(total) { dst in
                        var written = 0
                        for i in indices {
                            let start = offsets[Int(i)], length = offsets[Int(i) + 1] - start
                            (dst + written).update(from: bytes.baseAddress! + start, count: length)
                            written += length
                        }
                    }
                }
            }
        case let .fixed(w, d):
            try d.withBuffer { (source) throws(ParquetError) in
                try fixed.appendUninitialized(indices.count * w) { dst in
                    for (j, i) in indices.enumerated() {
                        (dst + j * w).update(from: source.baseAddress! + Int(i) * w, count: w)
                    }
                }
            }
        }
    }

    private static func gatherFixed<T: ZeroFillable>(_ dictionary: [T], _ indices: UnsafeBufferPointer<UInt32>, into out: inout [T]) throws(ParquetError) {
        try dictionary.withBuffer { (d) throws(ParquetError) in
            try out.appendUninitialized(indices.count) { dst in
                for j in 0..<indices.count { dst[j] = d[Int(indices[j])] }
            }
        }
    }
}

extension Array {
    /// `withUnsafeBufferPointer` for bodies that throw `ParquetError`.
    @inline(__always)
    func withBuffer<R>(_ body: (UnsafeBufferPointer<Element>) throws(ParquetError) -> R) throws(ParquetError) -> R {
        let result: Result<R, ParquetError> = withUnsafeBufferPointer { buffer in Result { () throws(ParquetError) in try body(buffer) } }
        return try result.get()
    }
}
