// One entry point per direction for page compression, so the page reader
// and writer never switch on codecs themselves.

extension CompressionCodec {
    /// Whether this build can read pages compressed with this codec.
    public var isReadable: Bool {
        switch self {
        case .uncompressed, .snappy, .gzip: true
        case .zstd: Zstd.isAvailable
        default: false
        }
    }

    /// Decompresses one page body into exactly `output.count` bytes.
    func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(ParquetError) {
        switch self {
        case .uncompressed:
            guard input.count == output.count else {
                throw .corrupt("uncompressed page holds \(input.count) bytes but its header announces \(output.count)")
            }
            if let base = input.baseAddress, let out = output.baseAddress { out.copyMemory(from: base, byteCount: input.count) }
        case .snappy:
            let n = try Snappy.uncompressedLength(input, maxLength: Int.max)
            guard n == output.count else {
                throw .corrupt("snappy: page decompresses to \(n) bytes but its header announces \(output.count)")
            }
            try Snappy.decompress(input, into: output)
        case .gzip:
            try Gzip.decompress(input, into: output)
        case .zstd:
            try Zstd.decompress(input, into: output)
        default:
            throw .unsupported("compression codec \(self) is not supported (supported: UNCOMPRESSED, SNAPPY, GZIP, ZSTD)")
        }
    }

    /// Decompresses one page body to a new array of exactly `uncompressedSize` bytes.
    func decompress(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws(ParquetError) -> [UInt8] {
        var failure: ParquetError?
        let output = [UInt8](unsafeUninitializedCapacity: uncompressedSize) { buffer, initialized in
            do throws(ParquetError) {
                try decompress(input, into: UnsafeMutableRawBufferPointer(buffer))
                initialized = uncompressedSize
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return output
    }

    /// Compresses one page body, appending it to `output`.
    func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) throws(ParquetError) {
        switch self {
        case .uncompressed: output.append(contentsOf: input)
        case .snappy: Snappy.compress(input, into: &output)
        case .gzip: output.append(contentsOf: Gzip.compress(input))
        case .zstd: output.append(contentsOf: try Zstd.compress(input))
        default: throw ParquetError(.invalidArgument, "cannot write pages with codec \(self)")
        }
    }

    /// Compresses one page body.
    func compress(_ input: UnsafeRawBufferPointer) throws(ParquetError) -> [UInt8] {
        var out: [UInt8] = []
        if self == .snappy { out.reserveCapacity(Snappy.maxCompressedLength(input.count)) }
        try compress(input, into: &out)
        return out
    }
}
