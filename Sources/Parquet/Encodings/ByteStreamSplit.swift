// BYTE_STREAM_SPLIT (Parquet encoding 9), for FLOAT, DOUBLE, INT32, INT64 and
// FIXED_LEN_BYTE_ARRAY.
//
// N values of K bytes each (K = 4 for FLOAT / INT32, 8 for DOUBLE / INT64, the type
// length for FIXED_LEN_BYTE_ARRAY) are stored as K streams of N bytes: stream k holds
// byte k of every value, and the streams follow each other. There is no header and
// no padding, so the stream length N is the page data length divided by K.
//
// Normally a page carries exactly count * K bytes. `decode` accepts a longer
// multiple of K (it then decodes the first `count` values of streams of
// data.count / K bytes, as Arrow C++ does) and rejects anything shorter or not a
// multiple of K. Output is the plain little-endian bytes of the values, which is
// what the PLAIN decoder produces too.

enum ByteStreamSplit {
    /// A `ParquetError.corrupt` whose message names this encoding.
    static func corrupt(_ message: String) -> ParquetError {
        ParquetError.corrupt("BYTE_STREAM_SPLIT: " + message)
    }

    /// Checks `data` against `count` values of `width` bytes and returns the stream length.
    static func streamLength(_ data: UnsafeRawBufferPointer, count: Int, width: Int) throws(ParquetError) -> Int {
        guard width > 0 else { throw ParquetError(.invalidArgument, "BYTE_STREAM_SPLIT: value width \(width) is not positive") }
        guard count >= 0 else { throw ParquetError(.invalidArgument, "BYTE_STREAM_SPLIT: negative value count \(count)") }
        let (needed, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, data.count >= needed else {
            throw corrupt("\(count) values of \(width) bytes need \(count) * \(width) bytes but the data has \(data.count)")
        }
        guard data.count % width == 0 else {
            throw corrupt("data length \(data.count) is not a multiple of the value width \(width)")
        }
        return data.count / width
    }

    /// Decodes `count` values of `width` bytes from `data`, writing their little-endian bytes
    /// (`count * width` of them) to `out`, memory the caller has allocated.
    static func decode(
        _ data: UnsafeRawBufferPointer, count: Int, width: Int, into out: UnsafeMutableRawPointer
    ) throws(ParquetError) {
        let stride = try streamLength(data, count: count, width: width)
        guard count > 0, let src = data.baseAddress else { return }
        switch width {
        case 4:
            for i in 0..<count {
                let v = UInt32(src.load(fromByteOffset: i, as: UInt8.self))
                    | UInt32(src.load(fromByteOffset: stride &+ i, as: UInt8.self)) &<< 8
                    | UInt32(src.load(fromByteOffset: 2 &* stride &+ i, as: UInt8.self)) &<< 16
                    | UInt32(src.load(fromByteOffset: 3 &* stride &+ i, as: UInt8.self)) &<< 24
                out.storeBytes(of: v.littleEndian, toByteOffset: i &* 4, as: UInt32.self)
            }
        case 8:
            for i in 0..<count {
                var v: UInt64 = 0
                for k in 0..<8 {
                    v |= UInt64(src.load(fromByteOffset: k &* stride &+ i, as: UInt8.self)) &<< UInt64(8 &* k)
                }
                out.storeBytes(of: v.littleEndian, toByteOffset: i &* 8, as: UInt64.self)
            }
        default:
            for k in 0..<width {
                let stream = src + k &* stride
                for i in 0..<count {
                    out.storeBytes(of: stream.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i &* width &+ k, as: UInt8.self)
                }
            }
        }
    }

    /// Decodes `count` values of `width` bytes from `data` and appends their little-endian bytes to `out`.
    static func decode(
        _ data: UnsafeRawBufferPointer, count: Int, width: Int, into out: inout [UInt8]
    ) throws(ParquetError) {
        _ = try streamLength(data, count: count, width: width)
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: count &* width))
        let result: ParquetError? = out.withUnsafeMutableBytes { (raw) -> ParquetError? in
            guard let base = raw.baseAddress else { return nil }
            do throws(ParquetError) {
                try decode(data, count: count, width: width, into: base + start)
                return nil
            } catch {
                return error
            }
        }
        if let error = result {
            out.removeSubrange(start...)
            throw error
        }
    }

    /// Appends `values`, the little-endian bytes of `values.count / width` values, to `sink`
    /// split into `width` byte streams. `values.count` must be a multiple of `width`.
    static func encode(_ values: UnsafeRawBufferPointer, width: Int, into sink: inout ByteSink) {
        precondition(width > 0 && values.count % width == 0, "BYTE_STREAM_SPLIT: input is not whole values of \(width) bytes")
        let count = values.count / width
        guard count > 0, let src = values.baseAddress else { return }
        let start = sink.bytes.count
        sink.bytes.append(contentsOf: repeatElement(0, count: values.count))
        sink.bytes.withUnsafeMutableBufferPointer { buf in
            guard let dst = buf.baseAddress else { return }
            for k in 0..<width {
                let stream = dst + (start &+ k &* count)
                for i in 0..<count {
                    stream[i] = src.load(fromByteOffset: i &* width &+ k, as: UInt8.self)
                }
            }
        }
    }
}
