// Encoding one column chunk (one column of one row group) into pages: an
// optional dictionary page, then data pages. A flat column's page holds a
// run of rows and its definition levels come from the validity; a nested
// column's page holds a run of level entries (RecordShredder.swift) cut
// at row starts (repetition level 0), so that no row spans two pages, and
// carries both level streams.

struct ColumnChunkWriter {
    let descriptor: ColumnDescriptor
    let options: ParquetWriterOptions

    /// Encodes values[range] (the non-null values of `rows` rows, nulls given by `validity`) of a flat column.
    /// Returns the chunk's bytes and its metadata, with offsets relative to the file.
    mutating func encode(values: ColumnValues, range: Range<Int>, validity: [Bool]?, rows: Int, fileOffset: Int) throws(ParquetError) -> ([UInt8], ColumnMetaData) {
        var chunk = try ChunkPages(values: values, range: range, descriptor: descriptor, options: options, fileOffset: fileOffset)
        let rowsPerPage = chunk.valuesPerPage
        var rowStart = 0
        var valueStart = 0
        while rowStart < rows || (rows == 0 && rowStart == 0) {
            let rowEnd = min(rows, rowStart + rowsPerPage)
            let pageValidity = validity.map { $0[rowStart..<rowEnd] }
            let present = pageValidity.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? (rowEnd - rowStart)
            var levels: ByteSink?
            if descriptor.maxDefinitionLevel > 0 {
                var sink = ByteSink()
                let defs: [UInt32] = pageValidity.map { $0.map { $0 ? 1 : 0 } } ?? Array(repeating: 1, count: rowEnd - rowStart)
                defs.withUnsafeBufferPointer { RLEHybrid.encode($0, bitWidth: 1, into: &sink) }
                levels = sink
            }
            try chunk.appendDataPage(repetition: nil, definition: levels, values: valueStart..<(valueStart + present),
                                     entries: rowEnd - rowStart, rows: rowEnd - rowStart)
            rowStart = rowEnd
            valueStart += present
            if rows == 0 { break }
        }
        return chunk.finish(entries: rows)
    }

    /// Encodes the level entries and values of a nested (or any shredded) column.
    mutating func encode(leaf: LeafColumn, fileOffset: Int) throws(ParquetError) -> ([UInt8], ColumnMetaData) {
        var chunk = try ChunkPages(values: leaf.values, range: 0..<leaf.values.count, descriptor: descriptor, options: options, fileOffset: fileOffset)
        let entriesPerPage = chunk.valuesPerPage
        let maxRepetition = descriptor.maxRepetitionLevel
        let maxDefinition = descriptor.maxDefinitionLevel
        var start = 0
        var valueStart = 0
        while start < leaf.count || (leaf.count == 0 && start == 0) {
            var end = min(leaf.count, start + entriesPerPage)
            // A page ends where a row starts.
            if maxRepetition > 0 { while end < leaf.count && leaf.repetitionLevels[end] != 0 { end += 1 } }
            var rows = end - start
            var present = end - start
            var repetition: ByteSink?
            var definition: ByteSink?
            if maxRepetition > 0 {
                let levels = leaf.repetitionLevels[start..<end]
                rows = levels.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
                repetition = Self.levels(levels, maxLevel: maxRepetition)
            }
            if maxDefinition > 0 {
                let levels = leaf.definitionLevels[start..<end]
                present = levels.reduce(0) { $0 + (Int($1) == maxDefinition ? 1 : 0) }
                definition = Self.levels(levels, maxLevel: maxDefinition)
            }
            try chunk.appendDataPage(repetition: repetition, definition: definition, values: valueStart..<(valueStart + present),
                                     entries: end - start, rows: rows)
            start = end
            valueStart += present
            if leaf.count == 0 { break }
        }
        return chunk.finish(entries: leaf.count)
    }

    /// RLE runs of `levels` at the bit width of `maxLevel`.
    private static func levels(_ levels: ArraySlice<UInt8>, maxLevel: Int) -> ByteSink {
        var sink = ByteSink()
        let wide = levels.map(UInt32.init)
        wide.withUnsafeBufferPointer { RLEHybrid.encode($0, bitWidth: Int.bitWidth - UInt(maxLevel).leadingZeroBitCount, into: &sink) }
        return sink
    }
}

/// The pages of one column chunk as they are built: the dictionary page (when the values take one),
/// then data pages appended one by one.
private struct ChunkPages {
    let descriptor: ColumnDescriptor
    let options: ParquetWriterOptions
    /// The column's values, of which the chunk holds `range` (its non-null values).
    let values: ColumnValues
    let range: Range<Int>
    private(set) var out: [UInt8] = []
    private var uncompressedTotal = 0
    private var encodings: [Encoding] = [.rle]
    private var dictionaryOffset: Int?
    private var dictionaryIndices: [UInt32]?
    /// The dictionary holds exactly the distinct values, so its min and max are the chunk's.
    private var dictionary: ColumnValues?
    private var dataOffset = 0
    /// Page bodies before and after compression, kept from page to page so their storage is reused.
    private var body = ByteSink()
    private var compressed: [UInt8] = []

    /// Starts the chunk: writes the dictionary page when dictionary encoding is on and the dictionary stays small enough.
    init(values: ColumnValues, range: Range<Int>, descriptor: ColumnDescriptor, options: ParquetWriterOptions, fileOffset: Int) throws(ParquetError) {
        self.values = values
        self.range = range
        self.descriptor = descriptor
        self.options = options
        if options.dictionary && descriptor.physicalType != .boolean,
           let encoded = ValueEncoder.dictionary(values, range, limitBytes: options.dictionaryBytesLimit) {
            body.bytes.reserveCapacity(ValueEncoder.plainSize(encoded.dictionary, 0..<encoded.dictionary.count))
            ValueEncoder.plain(encoded.dictionary, 0..<encoded.dictionary.count, into: &body)
            var header = PageHeader(type: .dictionaryPage, uncompressedPageSize: Int32(body.count), compressedPageSize: 0)
            header.dictionaryPageHeader = DictionaryPageHeader(numValues: Int32(encoded.dictionary.count), encoding: .plain, isSorted: false)
            dictionaryOffset = fileOffset + out.count
            try appendPage(header)
            dictionaryIndices = encoded.indices
            dictionary = encoded.dictionary
            encodings.append(.plain)
            encodings.append(.rleDictionary)
        } else {
            encodings.append(.plain)
        }
        dataOffset = fileOffset + out.count
    }

    /// Bit width of dictionary indices.
    private var indexBitWidth: Int {
        let count = dictionary?.count ?? 0
        return count <= 1 ? 1 : Int.bitWidth - (count - 1).leadingZeroBitCount
    }

    /// Values (rows, or level entries) per data page, from the average encoded width.
    var valuesPerPage: Int {
        let bytesPerValue = dictionaryIndices != nil ? max(1, indexBitWidth / 8) : max(1, ValueEncoder.plainSize(values, range) / max(1, range.count))
        return max(1, min(options.pageBytes / bytesPerValue, DecodeLimits.pageValues / 2))
    }

    /// Appends a data page of `entries` level entries (values, nulls and empty lists) starting `rows` rows,
    /// with its level streams (nil when the column's maximum level is 0) and the chunk's values `pageValues`.
    mutating func appendDataPage(repetition: ByteSink?, definition: ByteSink?, values pageValues: Range<Int>, entries: Int, rows: Int) throws(ParquetError) {
        let repetitionBytes = repetition?.bytes ?? []
        let definitionBytes = definition?.bytes ?? []
        let v2 = options.dataPageVersion == 2
        // A v1 body holds the level streams, each after its 4-byte length, then the values;
        // a v2 body only the values (the levels go uncompressed before it).
        body.bytes.removeAll(keepingCapacity: true)
        if !v2 {
            for levels in [repetition, definition] {
                guard let levels else { continue }
                body.appendLittleEndian(UInt32(levels.count))
                body.append(contentsOf: levels.bytes)
            }
        }
        let encoding: Encoding
        if let indices = dictionaryIndices {
            body.append(UInt8(indexBitWidth))
            indices[pageValues].withUnsafeBufferPointer { RLEHybrid.encode($0, bitWidth: indexBitWidth, into: &body) }
            encoding = .rleDictionary
        } else {
            let shifted = (range.lowerBound + pageValues.lowerBound)..<(range.lowerBound + pageValues.upperBound)
            ValueEncoder.plain(values, shifted, into: &body)
            encoding = .plain
        }
        if v2 {
            try compressBody()
            let levelBytes = repetitionBytes.count + definitionBytes.count
            var header = PageHeader(type: .dataPageV2, uncompressedPageSize: Int32(levelBytes + body.count),
                                    compressedPageSize: Int32(levelBytes + compressed.count))
            header.dataPageHeaderV2 = DataPageHeaderV2(numValues: Int32(entries), numNulls: Int32(entries - pageValues.count),
                                                       numRows: Int32(rows), encoding: encoding,
                                                       definitionLevelsByteLength: Int32(definitionBytes.count),
                                                       repetitionLevelsByteLength: Int32(repetitionBytes.count),
                                                       isCompressed: options.codec != .uncompressed, statistics: nil)
            let encodedHeader = header.encoded()
            out.append(contentsOf: encodedHeader)
            out.append(contentsOf: repetitionBytes)
            out.append(contentsOf: definitionBytes)
            out.append(contentsOf: compressed)
            uncompressedTotal += encodedHeader.count + levelBytes + body.count
        } else {
            var header = PageHeader(type: .dataPage, uncompressedPageSize: Int32(body.count), compressedPageSize: 0)
            header.dataPageHeader = DataPageHeader(numValues: Int32(entries), encoding: encoding,
                                                   definitionLevelEncoding: .rle, repetitionLevelEncoding: .rle, statistics: nil)
            try appendPage(header)
        }
    }

    /// The chunk's bytes and metadata, for `entries` level entries in all.
    func finish(entries: Int) -> ([UInt8], ColumnMetaData) {
        var meta = ColumnMetaData(type: descriptor.physicalType, encodings: encodings, pathInSchema: descriptor.path,
                                  codec: options.codec, numValues: Int64(entries), totalUncompressedSize: Int64(uncompressedTotal),
                                  totalCompressedSize: Int64(out.count), dataPageOffset: Int64(dataOffset))
        meta.dictionaryPageOffset = dictionaryOffset.map(Int64.init)
        let nullCount = entries - range.count
        if let dictionary {
            meta.statistics = ValueEncoder.statistics(dictionary, 0..<dictionary.count, descriptor: descriptor, nullCount: nullCount)
        } else {
            meta.statistics = ValueEncoder.statistics(values, range, descriptor: descriptor, nullCount: nullCount)
        }
        return (out, meta)
    }

    /// Compresses `body` into `compressed`.
    private mutating func compressBody() throws(ParquetError) {
        var output = compressed
        compressed = []
        output.removeAll(keepingCapacity: true)
        let codec = options.codec
        try body.bytes.withBytes { (raw) throws(ParquetError) in try codec.compress(raw, into: &output) }
        compressed = output
    }

    /// Compresses `body` and appends `header` and the compressed body, adding their uncompressed size to the total.
    private mutating func appendPage(_ header: PageHeader) throws(ParquetError) {
        try compressBody()
        var h = header
        h.compressedPageSize = Int32(compressed.count)
        let encodedHeader = h.encoded()
        out.append(contentsOf: encodedHeader)
        out.append(contentsOf: compressed)
        uncompressedTotal += encodedHeader.count + body.count
    }
}
