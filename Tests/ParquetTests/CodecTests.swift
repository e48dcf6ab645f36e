import Testing
@testable import Parquet

@Suite("Codecs")
struct CodecTests {
    static let sample: [UInt8] = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 13) }

    @Test("every codec round-trips", arguments: [CompressionCodec.uncompressed, .snappy, .gzip, .zstd])
    func roundTrip(codec: CompressionCodec) throws {
        for input in [Self.sample, [], [42], Array("Hôpital Saint-Éloi".utf8)] {
            let compressed = try input.withBytes { (raw) throws(ParquetError) in try codec.compress(raw) }
            let back = try compressed.withBytes { (raw) throws(ParquetError) in try codec.decompress(raw, uncompressedSize: input.count) }
            #expect(back == input)
        }
    }

    @Test("a page that inflates to another size than announced is refused", arguments: [CompressionCodec.snappy, .gzip, .zstd])
    func sizeMismatch(codec: CompressionCodec) throws {
        let compressed = try Self.sample.withBytes { (raw) throws(ParquetError) in try codec.compress(raw) }
        #expect(throws: ParquetError.self) {
            try compressed.withBytes { (raw) throws(ParquetError) in try codec.decompress(raw, uncompressedSize: Self.sample.count - 1) }
        }
        #expect(throws: ParquetError.self) {
            try compressed.withBytes { (raw) throws(ParquetError) in try codec.decompress(raw, uncompressedSize: Self.sample.count + 1) }
        }
    }
}
