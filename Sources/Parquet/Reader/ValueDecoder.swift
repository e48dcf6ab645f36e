// Value decoding for every (physical type, encoding) pair the reader
// supports, appending to a column's dense values. PLAIN is a bounds-checked
// copy; the other encodings live in Encodings/.

enum ValueDecoder {
    /// Byte width of fixed-width physical types (0 for BOOLEAN and BYTE_ARRAY).
    static func fixedWidth(_ type: PhysicalType, _ width: Int) -> Int {
        switch type {
        case .int32, .float: 4
        case .int64, .double: 8
        case .int96: 12
        case .fixedLenByteArray: width
        default: 0
        }
    }

    /// Appends `count` values decoded with `encoding`.
    static func decode(_ data: UnsafeRawBufferPointer, encoding: Encoding, count: Int, type: PhysicalType, width: Int,
                       into values: inout ColumnValues) throws(ParquetError) {
        switch encoding {
        case .plain:
            try plain(data, count: count, type: type, width: width, into: &values)
        case .rle where type == .boolean:
            var cursor = ByteCursor(data)
            let length = Int(try cursor.readLittleEndian(UInt32.self))
            let runs = try cursor.readBytes(length)
            var bits: [UInt8] = []
            bits.reserveCapacity(count)
            try RLEHybrid.decode(runs, bitWidth: 1, count: count, into: &bits)
            guard case .boolean(var out) = values else { unreachable() }
            values = .boolean([])
            out.append(contentsOf: bits.lazy.map { $0 != 0 })
            values = .boolean(out)
        case .deltaBinaryPacked where type == .int32:
            // Decoded in 64 bits then truncated: the same values modulo 2^32 as 32-bit
            // decoding, and DuckDB writes UINT32 columns with 33-bit deltas that only this reads.
            var wide: [Int64] = []
            wide.reserveCapacity(count)
            _ = try DeltaBinaryPacked.decode(data, count: count, into: &wide)
            guard case .int32(var out) = values else { unreachable() }
            values = .int32([])
            out.append(contentsOf: wide.lazy.map { Int32(truncatingIfNeeded: $0) })
            values = .int32(out)
        case .deltaBinaryPacked where type == .int64:
            guard case .int64(var out) = values else { unreachable() }
            values = .int64([])
            _ = try DeltaBinaryPacked.decode(data, count: count, into: &out)
            values = .int64(out)
        case .deltaLengthByteArray where type == .byteArray:
            guard case .byteArray(var out) = values else { unreachable() }
            values = .boolean([])
            _ = try DeltaLengthByteArray.decode(data, count: count, into: &out)
            values = .byteArray(out)
        case .deltaByteArray where type == .byteArray:
            guard case .byteArray(var out) = values else { unreachable() }
            values = .boolean([])
            _ = try DeltaByteArray.decode(data, count: count, into: &out)
            values = .byteArray(out)
        case .deltaByteArray where type == .fixedLenByteArray:
            var decoded = ByteArrays()
            _ = try DeltaByteArray.decode(data, count: count, into: &decoded)
            for i in 0..<decoded.count where decoded.length(i) != width {
                throw .corrupt("DELTA_BYTE_ARRAY value \(i) has \(decoded.length(i)) bytes in a FIXED_LEN_BYTE_ARRAY(\(width)) column")
            }
            guard case .fixed(let w, var out) = values else { unreachable() }
            values = .boolean([])
            out.append(contentsOf: decoded.bytes)
            values = .fixed(width: w, bytes: out)
        case .byteStreamSplit where [.float, .double, .int32, .int64, .fixedLenByteArray].contains(type):
            let size = fixedWidth(type, width)
            guard size > 0 else { throw .corrupt("BYTE_STREAM_SPLIT with a zero-width type") }
            let (total, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, total <= data.count else {
                throw .corrupt("BYTE_STREAM_SPLIT: \(count) values of \(size) bytes do not fit in \(data.count) bytes")
            }
            var raw = [UInt8](repeating: 0, count: total)
            let failure: ParquetError? = raw.withUnsafeMutableBytes { out in
                guard let base = out.baseAddress else { return nil }
                do throws(ParquetError) {
                    try ByteStreamSplit.decode(data, count: count, width: size, to: base)
                    return nil
                } catch {
                    return error
                }
            }
            if let failure { throw failure }
            try raw.withBytes { (r) throws(ParquetError) in try plain(r, count: count, type: type, width: width, into: &values) }
        default:
            throw .unsupported("encoding \(encoding) for \(type) values")
        }
    }

    /// Appends `count` PLAIN-encoded values.
    static func plain(_ data: UnsafeRawBufferPointer, count: Int, type: PhysicalType, width: Int,
                      into values: inout ColumnValues) throws(ParquetError) {
        guard count >= 0 else { throw .corrupt("negative value count \(count)") }
        switch type {
        case .boolean:
            guard (count + 7) / 8 <= data.count else {
                throw .corrupt("PLAIN BOOLEAN: \(count) values need \((count + 7) / 8) bytes but the page has \(data.count)")
            }
            guard case .boolean(var out) = values else { unreachable() }
            values = .boolean([])
            out.reserveCapacity(out.count + count)
            for i in 0..<count { out.append(data[i >> 3] >> UInt8(i & 7) & 1 != 0) }
            values = .boolean(out)
        case .int32:
            guard case .int32(var out) = values else { unreachable() }
            values = .int32([])
            try appendFixed(data, count: count, to: &out)
            values = .int32(out)
        case .int64:
            guard case .int64(var out) = values else { unreachable() }
            values = .int64([])
            try appendFixed(data, count: count, to: &out)
            values = .int64(out)
        case .float:
            guard case .float(var out) = values else { unreachable() }
            values = .float([])
            try appendFixed(data, count: count, to: &out)
            values = .float(out)
        case .double:
            guard case .double(var out) = values else { unreachable() }
            values = .double([])
            try appendFixed(data, count: count, to: &out)
            values = .double(out)
        case .byteArray:
            guard case .byteArray(var out) = values else { unreachable() }
            values = .boolean([])
            defer { values = .byteArray(out) }
            // Each value takes at least its 4-byte length.
            guard count <= data.count / 4 else {
                throw .corrupt("PLAIN BYTE_ARRAY: \(count) values cannot fit in \(data.count) bytes")
            }
            out.offsets.reserveCapacity(out.offsets.count + count)
            out.bytes.reserveCapacity(out.bytes.count + data.count - 4 * count)
            var position = 0
            let end = data.count
            for i in 0..<count {
                guard end - position >= 4 else { throw .corrupt("PLAIN BYTE_ARRAY: value \(i) length runs past the page end") }
                let length = Int(UInt32(littleEndian: data.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
                position += 4
                guard length <= end - position else {
                    throw .corrupt("PLAIN BYTE_ARRAY: value \(i) of \(length) bytes runs past the page end")
                }
                out.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[position..<(position + length)]))
                out.offsets.append(out.bytes.count)
                position += length
            }
        case .fixedLenByteArray, .int96:
            let size = fixedWidth(type, width)
            let (total, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow, total <= data.count else {
                throw .corrupt("PLAIN \(type): \(count) values of \(size) bytes do not fit in \(data.count) bytes")
            }
            guard case .fixed(let w, var out) = values else { unreachable() }
            values = .boolean([])
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[0..<total]))
            values = .fixed(width: w, bytes: out)
        default:
            throw .unsupported("physical type \(type)")
        }
    }

    private static func appendFixed<T: BitwiseCopyable>(_ data: UnsafeRawBufferPointer, count: Int, to out: inout [T]) throws(ParquetError) {
        let size = MemoryLayout<T>.size
        let (total, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, total <= data.count else {
            throw .corrupt("PLAIN: \(count) values of \(size) bytes do not fit in \(data.count) bytes")
        }
        guard count > 0 else { return }
        let start = out.count
        out.reserveCapacity(start + count)
        // Little-endian hosts only (x86-64, arm64): the file's bytes are the values.
        let grown = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: data[0..<total]))
            initialized = count
        }
        out.append(contentsOf: grown)
    }

    /// Appends `dictionary[index]` for each index (indices already checked to be in range).
    static func gather(_ dictionary: ColumnValues, _ indices: UnsafeBufferPointer<UInt32>, into values: inout ColumnValues) {
        switch (dictionary, values) {
        case (.boolean(let d), .boolean(var out)):
            values = .boolean([])
            out.reserveCapacity(out.count + indices.count)
            for i in indices { out.append(d[Int(i)]) }
            values = .boolean(out)
        case (.int32(let d), .int32(var out)):
            values = .int32([]); gatherFixed(d, indices, into: &out); values = .int32(out)
        case (.int64(let d), .int64(var out)):
            values = .int64([]); gatherFixed(d, indices, into: &out); values = .int64(out)
        case (.float(let d), .float(var out)):
            values = .float([]); gatherFixed(d, indices, into: &out); values = .float(out)
        case (.double(let d), .double(var out)):
            values = .double([]); gatherFixed(d, indices, into: &out); values = .double(out)
        case (.byteArray(let d), .byteArray(var out)):
            values = .boolean([])
            var total = 0
            for i in indices { total += d.length(Int(i)) }
            out.reserve(values: indices.count, bytes: total)
            d.bytes.withUnsafeBytes { bytes in
                d.offsets.withUnsafeBufferPointer { offsets in
                    for i in indices {
                        let k = Int(i)
                        out.append(UnsafeRawBufferPointer(rebasing: bytes[offsets[k]..<offsets[k + 1]]))
                    }
                }
            }
            values = .byteArray(out)
        case (.fixed(let w, let d), .fixed(_, var out)):
            values = .boolean([])
            out.reserveCapacity(out.count + indices.count * w)
            for i in indices { out.append(contentsOf: d[(Int(i) * w)..<(Int(i) * w + w)]) }
            values = .fixed(width: w, bytes: out)
        default:
            preconditionFailure("dictionary and column representations differ")
        }
    }

    private static func gatherFixed<T>(_ dictionary: [T], _ indices: UnsafeBufferPointer<UInt32>, into out: inout [T]) {
        let n = indices.count
        guard n > 0 else { return }
        let gathered = [T](unsafeUninitializedCapacity: n) { buffer, initialized in
            dictionary.withUnsafeBufferPointer { d in
                for j in 0..<n { (buffer.baseAddress! + j).initialize(to: d[Int(indices[j])]) }
            }
            initialized = n
        }
        out.append(contentsOf: gathered)
    }

    private static func unreachable() -> Never {
        preconditionFailure("column values do not match the column's physical type")
    }
}
