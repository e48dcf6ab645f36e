// Encoding one column chunk (one column of one row group) into pages.

struct ColumnChunkWriter {
    let descriptor: ColumnDescriptor
    let options: ParquetWriterOptions

    /// Encodes values[range] (the non-null values of `rows` rows, nulls given by `validity`).
    /// Returns the chunk's bytes and its metadata, with offsets relative to the file.
    mutating func encode(values: ColumnValues, range: Range<Int>, validity: [Bool]?, rows: Int, fileOffset: Int) throws(ParquetError) -> ([UInt8], ColumnMetaData) {
        let slice = ValueEncoder.slice(values, range)
        var out: [UInt8] = []
        var uncompressedTotal = 0
        var encodings: [Encoding] = [.rle]
        var dictionaryOffset: Int?

        var dictionaryIndices: [UInt32]?
        var dictionaryCount = 0
        // The dictionary holds exactly the distinct values, so its min and max are the chunk's.
        var statisticsSource = slice
        if options.dictionary && descriptor.physicalType != .boolean, let encoded = ValueEncoder.dictionary(slice, limitBytes: options.dictionaryBytesLimit) {
            var plain = ByteSink(capacity: 1024)
            ValueEncoder.plain(encoded.dictionary, into: &plain)
            var header = PageHeader(type: .dictionaryPage, uncompressedPageSize: Int32(plain.count), compressedPageSize: 0)
            header.dictionaryPageHeader = DictionaryPageHeader(numValues: Int32(encoded.dictionary.count), encoding: .plain, isSorted: false)
            dictionaryOffset = fileOffset + out.count
            uncompressedTotal += try appendPage(header, body: plain.bytes, to: &out)
            dictionaryIndices = encoded.indices
            dictionaryCount = encoded.dictionary.count
            statisticsSource = encoded.dictionary
            encodings.append(.plain)
            encodings.append(.rleDictionary)
        } else {
            encodings.append(.plain)
        }
        let dataOffset = fileOffset + out.count

        // Page boundaries: rows per page from the average encoded width.
        let bitWidth = dictionaryCount <= 1 ? 1 : Int.bitWidth - (dictionaryCount - 1).leadingZeroBitCount
        let bytesPerValue = dictionaryIndices != nil ? max(1, bitWidth / 8) : max(1, ValueEncoder.plainSize(slice) / max(1, slice.count))
        let rowsPerPage = max(1, min(options.pageBytes / bytesPerValue, DecodeLimits.pageValues / 2))

        var rowStart = 0
        var valueStart = 0
        while rowStart < rows || (rows == 0 && rowStart == 0) {
            let rowEnd = min(rows, rowStart + rowsPerPage)
            let pageValidity = validity.map { $0[rowStart..<rowEnd] }
            let present = pageValidity.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? (rowEnd - rowStart)
            var levels = ByteSink()
            if descriptor.maxDefinitionLevel > 0 {
                let defs: [UInt32] = pageValidity.map { $0.map { $0 ? 1 : 0 } } ?? Array(repeating: 1, count: rowEnd - rowStart)
                defs.withUnsafeBufferPointer { RLEHybrid.encode($0, bitWidth: 1, into: &levels) }
            }
            var data = ByteSink(capacity: 1024)
            let encoding: Encoding
            if let indices = dictionaryIndices {
                data.append(UInt8(bitWidth))
                indices[valueStart..<(valueStart + present)].withUnsafeBufferPointer { RLEHybrid.encode($0, bitWidth: bitWidth, into: &data) }
                encoding = .rleDictionary
            } else {
                ValueEncoder.plain(ValueEncoder.slice(slice, valueStart..<(valueStart + present)), into: &data)
                encoding = .plain
            }
            let nullCount = (rowEnd - rowStart) - present
            if options.dataPageVersion == 2 {
                let compressed = try data.bytes.withBytes { (raw) throws(ParquetError) in try options.codec.compress(raw) }
                var header = PageHeader(type: .dataPageV2, uncompressedPageSize: Int32(levels.count + data.count),
                                        compressedPageSize: Int32(levels.count + compressed.count))
                header.dataPageHeaderV2 = DataPageHeaderV2(numValues: Int32(rowEnd - rowStart), numNulls: Int32(nullCount),
                                                           numRows: Int32(rowEnd - rowStart), encoding: encoding,
                                                           definitionLevelsByteLength: Int32(levels.count), repetitionLevelsByteLength: 0,
                                                           isCompressed: options.codec != .uncompressed, statistics: nil)
                out.append(contentsOf: header.encoded())
                out.append(contentsOf: levels.bytes)
                out.append(contentsOf: compressed)
                uncompressedTotal += header.encoded().count + levels.count + data.count
            } else {
                var body = ByteSink(capacity: levels.count + data.count + 4)
                if descriptor.maxDefinitionLevel > 0 {
                    body.appendLittleEndian(UInt32(levels.count))
                    body.append(contentsOf: levels.bytes)
                }
                body.append(contentsOf: data.bytes)
                var header = PageHeader(type: .dataPage, uncompressedPageSize: Int32(body.count), compressedPageSize: 0)
                header.dataPageHeader = DataPageHeader(numValues: Int32(rowEnd - rowStart), encoding: encoding,
                                                       definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle, statistics: nil)
                uncompressedTotal += try appendPage(header, body: body.bytes, to: &out)
            }
            rowStart = rowEnd
            valueStart += present
            if rows == 0 { break }
        }

        var meta = ColumnMetaData(type: descriptor.physicalType, encodings: encodings, pathInSchema: descriptor.path,
                                  codec: options.codec, numValues: Int64(rows), totalUncompressedSize: Int64(uncompressedTotal),
                                  totalCompressedSize: Int64(out.count), dataPageOffset: Int64(dataOffset))
        meta.dictionaryPageOffset = dictionaryOffset.map(Int64.init)
        meta.statistics = ValueEncoder.statistics(statisticsSource, descriptor: descriptor, nullCount: rows - slice.count)
        return (out, meta)
    }

    /// Compresses `body`, appends header and body; returns the uncompressed size (header included).
    private func appendPage(_ header: PageHeader, body: [UInt8], to out: inout [UInt8]) throws(ParquetError) -> Int {
        let compressed = try body.withBytes { (raw) throws(ParquetError) in try options.codec.compress(raw) }
        var h = header
        h.compressedPageSize = Int32(compressed.count)
        let encodedHeader = h.encoded()
        out.append(contentsOf: encodedHeader)
        out.append(contentsOf: compressed)
        return encodedHeader.count + body.count
    }
}
