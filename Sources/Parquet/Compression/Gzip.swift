// GZIP pages through the system's zlib. Parquet GZIP pages are gzip
// streams (RFC 1952); some writers concatenate several members, so
// inflation continues until the input is used up. Output never exceeds
// the size the page header announces.

import CParquetZlib

enum Gzip {
    /// Inflates `input` into exactly `output.count` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(ParquetError) {
        let expected = output.count
        guard !input.isEmpty else {
            if expected == 0 { return }
            throw .corrupt("gzip: empty page but its header announces \(expected) bytes")
        }
        var produced = 0
        var consumed = 0
        var status = Z_STREAM_END
        while consumed < input.count {
            var stream = z_stream()
            // 15 window bits + 32: detect gzip or zlib headers automatically.
            guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                status = Z_MEM_ERROR
                break
            }
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: UInt8.self) + consumed)
            stream.avail_in = UInt32(input.count - consumed)
            stream.next_out = output.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) + produced }
            stream.avail_out = UInt32(expected - produced)
            let before = stream.avail_in
            let r = inflate(&stream, Z_FINISH)
            consumed += Int(before - stream.avail_in)
            produced = expected - Int(stream.avail_out)
            inflateEnd(&stream)
            if r != Z_STREAM_END {
                status = r == Z_BUF_ERROR && stream.avail_out == 0 ? Z_BUF_ERROR : (r == Z_OK ? Z_DATA_ERROR : r)
                break
            }
            // Several members may follow each other; trailing zero padding after the last is tolerated.
            if input[consumed...].allSatisfy({ $0 == 0 }) { break }
        }
        guard status == Z_STREAM_END else {
            if status == Z_BUF_ERROR { throw .corrupt("gzip: page inflates to more than the \(expected) bytes its header announces") }
            throw .corrupt("gzip: invalid compressed data (zlib status \(status))")
        }
        guard produced == expected else {
            throw .corrupt("gzip: page inflates to \(produced) bytes but its header announces \(expected)")
        }
    }

    /// Deflates `input` as one gzip member.
    static func compress(_ input: UnsafeRawBufferPointer, level: Int32 = 6) -> [UInt8] {
        var stream = z_stream()
        // 15 window bits + 16: write a gzip header and trailer.
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            fatalError("zlib deflateInit2 failed: out of memory")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(input.count))) + 32
        var output = [UInt8](repeating: 0, count: bound)
        let written: Int = output.withUnsafeMutableBytes { out in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            stream.avail_in = UInt32(input.count)
            stream.next_out = out.baseAddress?.assumingMemoryBound(to: UInt8.self)
            stream.avail_out = UInt32(bound)
            let r = deflate(&stream, Z_FINISH)
            precondition(r == Z_STREAM_END, "zlib deflate did not finish within deflateBound")
            return bound - Int(stream.avail_out)
        }
        output.removeSubrange(written...)
        return output
    }
}
