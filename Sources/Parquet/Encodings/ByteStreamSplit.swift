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

    /// Bytes `i..<i+8` of stream `k` (streams are `stride` bytes apart) as a little-endian word.
    @inline(__always)
    static func load64(_ src: UnsafeRawPointer, _ k: Int, _ stride: Int, _ i: Int) -> UInt64 {
        UInt64(littleEndian: src.loadUnaligned(fromByteOffset: k &* stride &+ i, as: UInt64.self))
    }

    /// One round of a byte-matrix transpose: exchanges the `mask` lanes of `b` with the lanes
    /// `shift` bits higher in `a`.
    @inline(__always)
    static func swapBits(_ a: inout UInt64, _ b: inout UInt64, _ shift: UInt64, _ mask: UInt64) {
        let t = ((a &>> shift) ^ b) & mask
        b ^= t
        a ^= t &<< shift
    }

    /// Decodes `count` values of `width` bytes from `data`, writing their little-endian bytes
    /// (`count * width` of them) to `out`, memory the caller has allocated.
    ///
    /// (Named `to:`, not `into:`, so that `&array` can never silently pick this raw-pointer
    /// version instead of the appending one.)
    static func decode(
        _ data: UnsafeRawBufferPointer, count: Int, width: Int, to out: UnsafeMutableRawPointer
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
            // Eight values at a time: one 64-bit load per stream, an 8x8 byte transpose in
            // registers (three rounds of masked swaps), eight 64-bit stores.
            var i = 0
            while i &+ 8 <= count {
                var r0 = load64(src, 0, stride, i), r1 = load64(src, 1, stride, i)
                var r2 = load64(src, 2, stride, i), r3 = load64(src, 3, stride, i)
                var r4 = load64(src, 4, stride, i), r5 = load64(src, 5, stride, i)
                var r6 = load64(src, 6, stride, i), r7 = load64(src, 7, stride, i)
                swapBits(&r0, &r1, 8, 0x00FF_00FF_00FF_00FF)
                swapBits(&r2, &r3, 8, 0x00FF_00FF_00FF_00FF)
                swapBits(&r4, &r5, 8, 0x00FF_00FF_00FF_00FF)
                swapBits(&r6, &r7, 8, 0x00FF_00FF_00FF_00FF)
                swapBits(&r0, &r2, 16, 0x0000_FFFF_0000_FFFF)
                swapBits(&r1, &r3, 16, 0x0000_FFFF_0000_FFFF)
                swapBits(&r4, &r6, 16, 0x0000_FFFF_0000_FFFF)
                swapBits(&r5, &r7, 16, 0x0000_FFFF_0000_FFFF)
                swapBits(&r0, &r4, 32, 0x0000_0000_FFFF_FFFF)
                swapBits(&r1, &r5, 32, 0x0000_0000_FFFF_FFFF)
                swapBits(&r2, &r6, 32, 0x0000_0000_FFFF_FFFF)
                swapBits(&r3, &r7, 32, 0x0000_0000_FFFF_FFFF)
                let o = out + i &* 8
                o.storeBytes(of: r0.littleEndian, toByteOffset: 0, as: UInt64.self)
                o.storeBytes(of: r1.littleEndian, toByteOffset: 8, as: UInt64.self)
                o.storeBytes(of: r2.littleEndian, toByteOffset: 16, as: UInt64.self)
                o.storeBytes(of: r3.littleEndian, toByteOffset: 24, as: UInt64.self)
                o.storeBytes(of: r4.littleEndian, toByteOffset: 32, as: UInt64.self)
                o.storeBytes(of: r5.littleEndian, toByteOffset: 40, as: UInt64.self)
                o.storeBytes(of: r6.littleEndian, toByteOffset: 48, as: UInt64.self)
                o.storeBytes(of: r7.littleEndian, toByteOffset: 56, as: UInt64.self)
                i &+= 8
            }
            while i < count {
                var v: UInt64 = 0
                for k in 0..<8 {
                    v |= UInt64(src.load(fromByteOffset: k &* stride &+ i, as: UInt8.self)) &<< UInt64(8 &* k)
                }
                out.storeBytes(of: v.littleEndian, toByteOffset: i &* 8, as: UInt64.self)
                i &+= 1
            }
        default:
            // Transpose in blocks so the written bytes of a block stay in cache across the streams.
            let block = 256
            var first = 0
            while first < count {
                let n = min(block, count &- first)
                for k in 0..<width {
                    let stream = src + (k &* stride &+ first)
                    let dst = out + (first &* width &+ k)
                    for i in 0..<n {
                        dst.storeBytes(of: stream.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i &* width, as: UInt8.self)
                    }
                }
                first &+= n
            }
        }
    }

    /// Decodes `count` values of `width` bytes from `data` and appends their little-endian bytes to `out`.
    static func decode(
        _ data: UnsafeRawBufferPointer, count: Int, width: Int, into out: inout [UInt8]
    ) throws(ParquetError) {
        _ = try streamLength(data, count: count, width: width)
        try BitPacking.append(count: count &* width, to: &out) { (tail) throws(ParquetError) in
            guard let tail else { return }
            try decode(data, count: count, width: width, to: UnsafeMutableRawPointer(tail))
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
