// Decoding one column chunk: a sequence of pages (an optional dictionary
// page first, then data pages v1 or v2), each with a Thrift header.
//
// Data page v1 body (after decompression): [repetition levels][definition
// levels][values], levels RLE-encoded with a 4-byte length prefix.
// Data page v2: levels first, uncompressed, their lengths in the header;
// then the values, compressed unless `is_compressed` is false.
// Only flat columns (max repetition level 0) reach here; definition level
// == max means a value is present.

/// Limits that keep hostile files from making the reader allocate without bound.
enum DecodeLimits {
    /// Largest uncompressed page accepted regardless of its compressed size.
    static let pageBytes = 256 << 20
    /// No codec legitimately inflates more than this ratio (gzip's maximum is about 1032).
    static let inflationRatio = 1100
    /// Largest number of values (rows) in one data page.
    static let pageValues = 1 << 25
}

/// What to produce from a chunk's values.
enum ChunkOutput {
    /// Values materialised in their physical representation.
    case values
    /// Dictionary and indices; fails with `notDictionaryEncoded` if a data page is not dictionary-encoded.
    case dictionary
}

/// Thrown (internally) when a dictionary-encoded read meets a plain page.
struct NotDictionaryEncoded: Error {}

struct ColumnChunkDecoder {
    let column: ColumnDescriptor
    let codec: CompressionCodec
    /// Rows expected in this chunk (the row group's count).
    let expectedRows: Int

    private(set) var values: ColumnValues
    private(set) var indices: [UInt32] = []
    private(set) var validity: [Bool] = []
    private(set) var hasNulls = false
    private(set) var rows = 0
    private(set) var dictionary: ColumnValues?

    init(column: ColumnDescriptor, codec: CompressionCodec, expectedRows: Int) {
        self.column = column
        self.codec = codec
        self.expectedRows = expectedRows
        values = .empty(for: column.physicalType, width: column.typeLength)
    }

    /// Decodes every page of `chunk` (the chunk's bytes, headers included).
    mutating func decode(chunk: UnsafeRawBufferPointer, output: ChunkOutput) throws {
        var offset = 0
        var pageNumber = 0
        while offset < chunk.count && rows < expectedRows {
            let rest = UnsafeRawBufferPointer(rebasing: chunk[offset...])
            let (header, headerSize) = try within("page \(pageNumber) header at chunk byte \(offset)") { () throws(ParquetError) in
                try PageHeader.decode(rest)
            }
            let bodySize = Int(header.compressedPageSize)
            guard bodySize <= rest.count - headerSize else {
                throw ParquetError.corrupt("page \(pageNumber) claims \(bodySize) bytes but only \(rest.count - headerSize) remain in the column chunk")
            }
            let body = UnsafeRawBufferPointer(rebasing: rest[headerSize..<(headerSize + bodySize)])
            try withinAny("page \(pageNumber)") { () throws in try decodePage(header, body: body, output: output) }
            offset += headerSize + bodySize
            pageNumber += 1
        }
        guard rows == expectedRows else {
            throw ParquetError.corrupt("column chunk holds \(rows) rows but its row group has \(expectedRows)")
        }
    }

    private func checkedUncompressedSize(_ header: PageHeader, compressed: Int) throws(ParquetError) -> Int {
        let n = Int(header.uncompressedPageSize)
        guard n <= DecodeLimits.pageBytes || n / max(compressed, 1) <= DecodeLimits.inflationRatio else {
            throw .corrupt("page claims \(n) uncompressed bytes from \(compressed) compressed bytes")
        }
        return n
    }

    private mutating func decodePage(_ header: PageHeader, body: UnsafeRawBufferPointer, output: ChunkOutput) throws {
        switch header.type {
        case .dictionaryPage:
            guard let d = header.dictionaryPageHeader else { throw ParquetError.corrupt("dictionary page without its header") }
            guard dictionary == nil, rows == 0 else { throw ParquetError.corrupt("a second dictionary page, or one after data pages") }
            guard d.encoding == .plain || d.encoding == .plainDictionary else {
                throw ParquetError.unsupported("dictionary page encoding \(d.encoding)")
            }
            guard d.numValues >= 0 else { throw ParquetError.corrupt("dictionary page has \(d.numValues) values") }
            let size = try checkedUncompressedSize(header, compressed: body.count)
            let bytes = try codec.decompress(body, uncompressedSize: size)
            var dict = ColumnValues.empty(for: column.physicalType, width: column.typeLength)
            try bytes.withBytes { (raw) throws(ParquetError) in
                try ValueDecoder.plain(raw, count: Int(d.numValues), type: column.physicalType, width: column.typeLength, into: &dict)
            }
            dictionary = dict
        case .dataPage:
            guard let d = header.dataPageHeader else { throw ParquetError.corrupt("data page without its header") }
            try checkPageValues(Int(d.numValues))
            let size = try checkedUncompressedSize(header, compressed: body.count)
            let bytes = try codec.decompress(body, uncompressedSize: size)
            try bytes.withUnsafeBytes { raw in
                var cursor = ByteCursor(raw)
                let defined = try readLevelsV1(&cursor, count: Int(d.numValues), encoding: d.definitionLevelEncoding)
                let data = UnsafeRawBufferPointer(rebasing: raw[cursor.position...])
                try decodeValues(data, encoding: d.encoding, count: defined, output: output)
            }
            rows += Int(d.numValues)
        case .dataPageV2:
            guard let d = header.dataPageHeaderV2 else { throw ParquetError.corrupt("data page v2 without its header") }
            try checkPageValues(Int(d.numValues))
            let repLength = Int(d.repetitionLevelsByteLength)
            let defLength = Int(d.definitionLevelsByteLength)
            guard repLength >= 0, defLength >= 0, repLength + defLength <= body.count else {
                throw ParquetError.corrupt("data page v2 level lengths (\(repLength) + \(defLength)) exceed the page's \(body.count) bytes")
            }
            // Some writers emit (all-zero) repetition levels for flat columns; they carry nothing and are skipped.
            let levels = UnsafeRawBufferPointer(rebasing: body[repLength..<(repLength + defLength)])
            let defined = try readLevels(levels, count: Int(d.numValues))
            guard Int(d.numValues) - defined == Int(d.numNulls) || column.maxDefinitionLevel == 0 else {
                throw ParquetError.corrupt("data page v2 announces \(d.numNulls) nulls but its levels give \(Int(d.numValues) - defined)")
            }
            let compressedValues = UnsafeRawBufferPointer(rebasing: body[(repLength + defLength)...])
            let valuesSize = Int(header.uncompressedPageSize) - repLength - defLength
            guard valuesSize >= 0 else { throw ParquetError.corrupt("data page v2 is smaller than its levels") }
            if d.isCompressed && codec != .uncompressed {
                if valuesSize == 0 && compressedValues.isEmpty {
                    try decodeValues(UnsafeRawBufferPointer(start: nil, count: 0), encoding: d.encoding, count: defined, output: output)
                } else {
                    _ = try checkedUncompressedSize(header, compressed: body.count)
                    let bytes = try codec.decompress(compressedValues, uncompressedSize: valuesSize)
                    try bytes.withUnsafeBytes { raw in try decodeValues(raw, encoding: d.encoding, count: defined, output: output) }
                }
            } else {
                try decodeValues(compressedValues, encoding: d.encoding, count: defined, output: output)
            }
            rows += Int(d.numValues)
        case .indexPage:
            break
        default:
            throw ParquetError.unsupported("page type \(header.type)")
        }
    }

    private func checkPageValues(_ n: Int) throws(ParquetError) {
        guard n >= 0, n <= DecodeLimits.pageValues else { throw .corrupt("data page claims \(n) values") }
        guard n <= expectedRows - rows else {
            throw .corrupt("data page holds \(n) values, more than the \(expectedRows - rows) rows left in the row group")
        }
    }

    /// Reads v1 definition levels (4-byte length prefix, RLE); returns the number of present values.
    private mutating func readLevelsV1(_ cursor: inout ByteCursor, count: Int, encoding: Encoding) throws(ParquetError) -> Int {
        guard column.maxDefinitionLevel > 0 else { return count }
        guard encoding == .rle else {
            throw .unsupported("definition levels encoded as \(encoding) (only RLE is supported)")
        }
        let length = Int(try cursor.readLittleEndian(UInt32.self))
        let levels = try cursor.readBytes(length)
        return try readLevels(levels, count: count)
    }

    /// Decodes `count` RLE definition levels; returns the number of present values.
    private mutating func readLevels(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) -> Int {
        guard column.maxDefinitionLevel > 0 else { return count }
        let bitWidth = Int.bitWidth - UInt(column.maxDefinitionLevel).leadingZeroBitCount
        var levels: [UInt8] = []
        levels.reserveCapacity(count)
        try RLEHybrid.decode(data, bitWidth: bitWidth, count: count, into: &levels)
        let maxLevel = UInt8(column.maxDefinitionLevel)
        var present = 0
        validity.reserveCapacity(validity.count + count)
        for level in levels {
            guard level <= maxLevel else { throw .corrupt("definition level \(level) exceeds the column's maximum \(maxLevel)") }
            let isPresent = level == maxLevel
            present += isPresent ? 1 : 0
            validity.append(isPresent)
        }
        if present != count { hasNulls = true }
        return present
    }

    private mutating func decodeValues(_ data: UnsafeRawBufferPointer, encoding: Encoding, count: Int, output: ChunkOutput) throws {
        let isDictionary = encoding == .rleDictionary || encoding == .plainDictionary
        if output == .dictionary && !isDictionary { throw NotDictionaryEncoded() }
        if isDictionary {
            guard let dictionary else { throw ParquetError.corrupt("dictionary-encoded page without a dictionary page") }
            var cursor = ByteCursor(data)
            let start = indices.count
            if count > 0 {
                let bitWidth = Int(try cursor.readByte())
                guard bitWidth <= 32 else { throw ParquetError.corrupt("dictionary index bit width \(bitWidth) exceeds 32") }
                try RLEHybrid.decode(UnsafeRawBufferPointer(rebasing: data[cursor.position...]), bitWidth: bitWidth, count: count, into: &indices)
            }
            let dictionaryCount = dictionary.count
            let maxIndex = indices[start...].max() ?? 0
            guard count == 0 || Int(maxIndex) < dictionaryCount else {
                throw ParquetError.corrupt("dictionary index \(maxIndex) is out of range for a dictionary of \(dictionaryCount) values")
            }
            if output == .values {
                indices[start...].withUnsafeBufferPointer { ValueDecoder.gather(dictionary, $0, into: &values) }
                indices.removeSubrange(start...)
            }
            return
        }
        let type = column.physicalType
        try ValueDecoder.decode(data, encoding: encoding, count: count, type: type, width: column.typeLength, into: &values)
    }

    /// The chunk's rows as materialised values.
    func columnData() -> ColumnData {
        ColumnData(descriptor: column, values: values, validity: hasNulls ? validity : nil, rowCount: rows)
    }

    /// The chunk's rows as dictionary and indices.
    func dictionaryData() -> DictionaryColumnData {
        DictionaryColumnData(descriptor: column, dictionary: dictionary ?? .empty(for: column.physicalType, width: column.typeLength),
                             indices: indices, validity: hasNulls ? validity : nil, rowCount: rows)
    }
}
