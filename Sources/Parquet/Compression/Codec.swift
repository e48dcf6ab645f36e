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

    /// Decompresses one page body to exactly `uncompressedSize` bytes.
    func decompress(_ input: UnsafeRawBufferPointer, uncompressedSize: Int) throws(ParquetError) -> [UInt8] {
        switch self {
        case .uncompressed:
            guard input.count == uncompressedSize else {
                throw .corrupt("uncompressed page holds \(input.count) bytes but its header announces \(uncompressedSize)")
            }
            return Array(input)
        case .snappy:
            let n = try Snappy.uncompressedLength(input, maxLength: uncompressedSize)
            guard n == uncompressedSize else {
                throw .corrupt("snappy: page decompresses to \(n) bytes but its header announces \(uncompressedSize)")
            }
            return try Snappy.decompress(input, maxLength: n)
        case .gzip:
            return try Gzip.decompress(input, expected: uncompressedSize)
        case .zstd:
            return try Zstd.decompress(input, expected: uncompressedSize)
        default:
            throw .unsupported("compression codec \(self) is not supported (supported: UNCOMPRESSED, SNAPPY, GZIP, ZSTD)")
        }
    }

    /// Compresses one page body.
    func compress(_ input: UnsafeRawBufferPointer) throws(ParquetError) -> [UInt8] {
        switch self {
        case .uncompressed: return Array(input)
        case .snappy:
            var out: [UInt8] = []
            out.reserveCapacity(Snappy.maxCompressedLength(input.count))
            Snappy.compress(input, into: &out)
            return out
        case .gzip: return Gzip.compress(input)
        case .zstd: return try Zstd.compress(input)
        default: throw ParquetError(.invalidArgument, "cannot write pages with codec \(self)")
        }
    }
}
