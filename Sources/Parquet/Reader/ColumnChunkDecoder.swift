// Decoding column chunks: a sequence of pages (an optional dictionary page
// first, then data pages v1 or v2), each with a Thrift header. One decoder
// can take several chunks of the same column (a whole column across row
// groups) and appends them all to the same arrays.
//
// Data page v1 body (after decompression): [repetition levels][definition
// levels][values], levels RLE-encoded with a 4-byte length prefix.
// Data page v2: levels first, uncompressed, their lengths in the header;
// then the values, compressed unless `is_compressed` is false.
// For a flat column (top-level, not repeated) a definition level equal to
// the maximum means a value is present, and the levels become a per-row
// validity. A nested column (inside a group, or repeated) keeps both level
// streams as they are, one entry per value, null or empty list, for record
// assembly (RecordAssembler.swift); its rows are the entries at repetition
// level 0, and a row may continue on the next page.

/// Limits that keep hostile files from making the reader allocate without bound.
enum DecodeLimits {
    /// Largest uncompressed page accepted regardless of its compressed size.
    static let pageBytes = 256 << 20
    /// No codec legitimately inflates more than this ratio (gzip's maximum is about 1032).
    static let inflationRatio = 1100
    /// Largest number of values (rows) in one data page.
    static let pageValues = 1 << 25
    /// Largest number of level entries one read of a nested column may hold (across its chunks):
    /// repeated levels let a page hold far more entries than rows, so rows do not bound them.
    static let nestedEntries = 1 << 28
}

/// What to produce from a chunk's values.
enum ChunkOutput {
    /// Values materialised in their physical representation.
    case values
    /// Dictionary and indices; fails with `NotDictionaryEncoded` if a data page is not dictionary-encoded.
    case dictionary
}

/// Thrown (internally) when a dictionary-encoded read meets a plain page.
struct NotDictionaryEncoded: Error {}

struct ColumnChunkDecoder {
    let column: ColumnDescriptor
    private(set) var values: ValueAccumulator
    private(set) var indices: [UInt32] = []
    private(set) var validity: [Bool] = []
    private(set) var hasNulls = false
    private(set) var rows = 0
    /// Whether the column is nested: its levels are kept (below) rather than turned into `validity`.
    let keepsLevels: Bool
    /// Nested columns: one repetition level per entry (none when the maximum is 0).
    private(set) var repetitionLevels: [UInt8] = []
    /// Nested columns: one definition level per entry (none when the maximum is 0).
    private(set) var definitionLevels: [UInt8] = []
    /// Nested columns: level entries decoded.
    private(set) var entries = 0
    /// Nested columns: where the entries of the chunk being decoded must end, by its metadata.
    private var chunkEntriesEnd = Int.max
    /// The dictionary of the chunk being decoded.
    private(set) var dictionary: ColumnValues?
    /// Decompressed pages, reused from page to page.
    private let pageScratch = ScratchBuffer()

    /// A decoder for `column`, with room reserved for `reserveRows` rows.
    init(column: ColumnDescriptor, reserveRows: Int = 0) {
        self.column = column
        keepsLevels = !column.isFlat
        values = ValueAccumulator(type: column.physicalType, width: column.typeLength, reserve: reserveRows)
        if column.maxDefinitionLevel > 0 && !keepsLevels { validity.reserveCapacity(reserveRows) }
    }

    /// Decodes every page of one column chunk (its bytes, headers included) holding `expectedRows` rows
    /// and, for a nested column, `declaredEntries` level entries (the chunk metadata's num_values): its last
    /// row may go on over later pages.
    mutating func decode(chunk: UnsafeRawBufferPointer, codec: CompressionCodec, expectedRows: Int, declaredEntries: Int = 0,
                         output: ChunkOutput) throws {
        dictionary = nil
        let end = rows + expectedRows
        chunkEntriesEnd = declaredEntries > 0 ? entries + declaredEntries : Int.max
        var offset = 0
        var pageNumber = 0
        while offset < chunk.count && (rows < end || (keepsLevels && entries < chunkEntriesEnd)) {
            let rest = UnsafeRawBufferPointer(rebasing: chunk[offset...])
            let (header, headerSize) = try within("page \(pageNumber) header at chunk byte \(offset)") { () throws(ParquetError) in
                try PageHeader.decode(rest)
            }
            let bodySize = Int(header.compressedPageSize)
            guard bodySize <= rest.count - headerSize else {
                throw ParquetError.corrupt("page \(pageNumber) claims \(bodySize) bytes but only \(rest.count - headerSize) remain in the column chunk")
            }
            let body = UnsafeRawBufferPointer(rebasing: rest[headerSize..<(headerSize + bodySize)])
            try withinAny("page \(pageNumber)") { () throws in
                try decodePage(header, body: body, codec: codec, rowsLeft: end - rows, output: output)
            }
            offset += headerSize + bodySize
            pageNumber += 1
        }
        guard rows == end else {
            throw ParquetError.corrupt("column chunk holds \(rows - (end - expectedRows)) rows but its row group has \(expectedRows)")
        }
    }

    private func checkedUncompressedSize(_ header: PageHeader, compressed: Int) throws(ParquetError) -> Int {
        let n = Int(header.uncompressedPageSize)
        guard n <= DecodeLimits.pageBytes || n / max(compressed, 1) <= DecodeLimits.inflationRatio else {
            throw .corrupt("page claims \(n) uncompressed bytes from \(compressed) compressed bytes")
        }
        return n
    }

    private mutating func decodePage(_ header: PageHeader, body: UnsafeRawBufferPointer, codec: CompressionCodec, rowsLeft: Int,
                                     output: ChunkOutput) throws {
        switch header.type {
        case .dictionaryPage:
            guard let d = header.dictionaryPageHeader else { throw ParquetError.corrupt("dictionary page without its header") }
            guard dictionary == nil else { throw ParquetError.corrupt("a second dictionary page in one column chunk") }
            guard d.encoding == .plain || d.encoding == .plainDictionary else {
                throw ParquetError.unsupported("dictionary page encoding \(d.encoding)")
            }
            guard d.numValues >= 0 else { throw ParquetError.corrupt("dictionary page has \(d.numValues) values") }
            let size = try checkedUncompressedSize(header, compressed: body.count)
            let raw = try pageBytes(body, codec: codec, size: size)
            var entries = ValueAccumulator(type: column.physicalType, width: column.typeLength)
            try entries.appendPlain(raw, count: Int(d.numValues))
            dictionary = entries.finish()
        case .dataPage:
            guard let d = header.dataPageHeader else { throw ParquetError.corrupt("data page without its header") }
            try checkPageValues(Int(d.numValues), rowsLeft: rowsLeft)
            let size = try checkedUncompressedSize(header, compressed: body.count)
            let raw = try pageBytes(body, codec: codec, size: size)
            var cursor = ByteCursor(raw)
            let defined: Int
            if keepsLevels {
                let repetition = try levelsV1(&cursor, maxLevel: column.maxRepetitionLevel, encoding: d.repetitionLevelEncoding, kind: "repetition")
                let definition = try levelsV1(&cursor, maxLevel: column.maxDefinitionLevel, encoding: d.definitionLevelEncoding, kind: "definition")
                defined = try appendNestedLevels(repetition: repetition, definition: definition, count: Int(d.numValues), rowsLeft: rowsLeft)
            } else {
                defined = try readLevelsV1(&cursor, count: Int(d.numValues), encoding: d.definitionLevelEncoding)
            }
            let data = UnsafeRawBufferPointer(rebasing: raw[cursor.position...])
            try decodeValues(data, encoding: d.encoding, count: defined, output: output)
            if !keepsLevels { rows += Int(d.numValues) }
        case .dataPageV2:
            guard let d = header.dataPageHeaderV2 else { throw ParquetError.corrupt("data page v2 without its header") }
            try checkPageValues(Int(d.numValues), rowsLeft: rowsLeft)
            let repLength = Int(d.repetitionLevelsByteLength)
            let defLength = Int(d.definitionLevelsByteLength)
            guard repLength >= 0, defLength >= 0, repLength + defLength <= body.count else {
                throw ParquetError.corrupt("data page v2 level lengths (\(repLength) + \(defLength)) exceed the page's \(body.count) bytes")
            }
            let levels = UnsafeRawBufferPointer(rebasing: body[repLength..<(repLength + defLength)])
            let defined: Int
            if keepsLevels {
                defined = try appendNestedLevels(repetition: UnsafeRawBufferPointer(rebasing: body[0..<repLength]), definition: levels,
                                                 count: Int(d.numValues), rowsLeft: rowsLeft)
            } else {
                // Some writers emit (all-zero) repetition levels for flat columns; they carry nothing and are skipped.
                defined = try readLevels(levels, count: Int(d.numValues))
            }
            guard Int(d.numValues) - defined == Int(d.numNulls) || column.maxDefinitionLevel == 0 else {
                throw ParquetError.corrupt("data page v2 announces \(d.numNulls) nulls but its levels give \(Int(d.numValues) - defined)")
            }
            let compressedValues = UnsafeRawBufferPointer(rebasing: body[(repLength + defLength)...])
            let valuesSize = Int(header.uncompressedPageSize) - repLength - defLength
            guard valuesSize >= 0 else { throw ParquetError.corrupt("data page v2 is smaller than its levels") }
            if d.isCompressed && codec != .uncompressed && !(valuesSize == 0 && compressedValues.isEmpty) {
                _ = try checkedUncompressedSize(header, compressed: body.count)
                let raw = try pageBytes(compressedValues, codec: codec, size: valuesSize)
                try decodeValues(raw, encoding: d.encoding, count: defined, output: output)
            } else {
                try decodeValues(compressedValues, encoding: d.encoding, count: defined, output: output)
            }
            if !keepsLevels { rows += Int(d.numValues) }
        case .indexPage:
            break
        default:
            throw ParquetError.unsupported("page type \(header.type)")
        }
    }

    /// The uncompressed bytes of a page body: the body itself when uncompressed, else decompressed into the scratch buffer.
    private func pageBytes(_ body: UnsafeRawBufferPointer, codec: CompressionCodec, size: Int) throws(ParquetError) -> UnsafeRawBufferPointer {
        if codec == .uncompressed {
            guard body.count == size else { throw .corrupt("uncompressed page holds \(body.count) bytes but its header announces \(size)") }
            return body
        }
        let out = pageScratch.bytes(size)
        try codec.decompress(body, into: out)
        return UnsafeRawBufferPointer(out)
    }

    private func checkPageValues(_ n: Int, rowsLeft: Int) throws(ParquetError) {
        guard n >= 0, n <= DecodeLimits.pageValues else { throw .corrupt("data page claims \(n) values") }
        if keepsLevels {
            // Entries are not rows here; their rows are checked once the repetition levels are known.
            guard n <= chunkEntriesEnd - entries else {
                throw .corrupt("data page of \(n) values takes the column chunk past the \(chunkEntriesEnd - entries) values its metadata announces")
            }
            guard n <= DecodeLimits.nestedEntries - entries else {
                throw .corrupt("data page of \(n) values takes the column past \(DecodeLimits.nestedEntries) level entries in one read; read fewer row groups at a time")
            }
            return
        }
        guard n <= rowsLeft else {
            throw .corrupt("data page holds \(n) values, more than the \(rowsLeft) rows left in the row group")
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

    /// The RLE runs of one v1 level stream (after its 4-byte length), or nil when the column's maximum level is 0.
    private func levelsV1(_ cursor: inout ByteCursor, maxLevel: Int, encoding: Encoding, kind: String) throws(ParquetError) -> UnsafeRawBufferPointer? {
        guard maxLevel > 0 else { return nil }
        guard encoding == .rle else { throw .unsupported("\(kind) levels encoded as \(encoding) (only RLE is supported)") }
        let length = Int(try cursor.readLittleEndian(UInt32.self))
        return try cursor.readBytes(length)
    }

    /// Decodes `count` entries of a nested column's levels (RLE runs, without length prefixes) and appends them;
    /// counts the rows they start (entries at repetition level 0); returns the number of present values.
    private mutating func appendNestedLevels(repetition: UnsafeRawBufferPointer?, definition: UnsafeRawBufferPointer?, count: Int,
                                             rowsLeft: Int) throws(ParquetError) -> Int {
        var started = count
        var present = count
        if column.maxRepetitionLevel > 0, let repetition {
            let first = repetitionLevels.count
            try Self.appendLevels(repetition, count: count, maxLevel: column.maxRepetitionLevel, kind: "repetition", into: &repetitionLevels)
            started = repetitionLevels[first...].reduce(0) { $0 &+ ($1 == 0 ? 1 : 0) }
        }
        if column.maxDefinitionLevel > 0, let definition {
            let first = definitionLevels.count
            try Self.appendLevels(definition, count: count, maxLevel: column.maxDefinitionLevel, kind: "definition", into: &definitionLevels)
            let maxLevel = UInt8(column.maxDefinitionLevel)
            present = definitionLevels[first...].reduce(0) { $0 &+ ($1 == maxLevel ? 1 : 0) }
        }
        guard started <= rowsLeft else {
            throw .corrupt("data page starts \(started) rows, more than the \(rowsLeft) rows left in the row group")
        }
        rows += started
        entries += count
        return present
    }

    /// Appends `count` RLE-decoded levels of at most `maxLevel`; on error `out` is left as it was.
    private static func appendLevels(_ data: UnsafeRawBufferPointer, count: Int, maxLevel: Int, kind: String,
                                     into out: inout [UInt8]) throws(ParquetError) {
        let first = out.count
        let bitWidth = Int.bitWidth - UInt(maxLevel).leadingZeroBitCount
        try RLEHybrid.decode(data, bitWidth: bitWidth, count: count, into: &out)
        let highest = out[first...].max() ?? 0
        guard highest <= maxLevel else {
            out.removeSubrange(first...)
            throw .corrupt("\(kind) level \(highest) exceeds the column's maximum \(maxLevel)")
        }
    }

    /// Decodes `count` RLE definition levels into `validity`; returns the number of present values.
    private mutating func readLevels(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) -> Int {
        guard column.maxDefinitionLevel > 0 else { return count }
        let bitWidth = Int.bitWidth - UInt(column.maxDefinitionLevel).leadingZeroBitCount
        var levels: [UInt8] = []
        levels.reserveCapacity(count)
        try RLEHybrid.decode(data, bitWidth: bitWidth, count: count, into: &levels)
        let maxLevel = UInt8(column.maxDefinitionLevel)
        var present = 0
        var highest: UInt8 = 0
        for level in levels {
            present &+= level == maxLevel ? 1 : 0
            highest = Swift.max(highest, level)
        }
        guard highest <= maxLevel else { throw .corrupt("definition level \(highest) exceeds the column's maximum \(maxLevel)") }
        validity.append(contentsOf: levels.lazy.map { $0 == maxLevel })
        if present != count { hasNulls = true }
        return present
    }

    private mutating func decodeValues(_ data: UnsafeRawBufferPointer, encoding: Encoding, count: Int, output: ChunkOutput) throws {
        let isDictionary = encoding == .rleDictionary || encoding == .plainDictionary
        if output == .dictionary && !isDictionary { throw NotDictionaryEncoded() }
        guard isDictionary else {
            try values.append(data, encoding: encoding, count: count)
            return
        }
        guard let dictionary else { throw ParquetError.corrupt("dictionary-encoded page without a dictionary page") }
        guard count > 0 else { return }
        var cursor = ByteCursor(data)
        let bitWidth = Int(try cursor.readByte())
        guard bitWidth <= 32 else { throw ParquetError.corrupt("dictionary index bit width \(bitWidth) exceeds 32") }
        let runs = UnsafeRawBufferPointer(rebasing: data[cursor.position...])
        let dictionaryCount = dictionary.count
        let start = indices.count
        try indices.appendUninitialized(count) { (p) throws(ParquetError) in
            try RLEHybrid.decodeIndices(runs, bitWidth: bitWidth, count: count, to: p)
            var highest: UInt32 = 0
            for j in 0..<count { highest = Swift.max(highest, p[j]) }
            guard Int(highest) < dictionaryCount else {
                throw .corrupt("dictionary index \(highest) is out of range for a dictionary of \(dictionaryCount) values")
            }
        }
        if output == .values {
            try indices.withBuffer { (all) throws(ParquetError) in
                try values.gather(dictionary, UnsafeBufferPointer(rebasing: all[start...]))
            }
            indices.removeSubrange(start...)
        }
    }

    /// The decoded entries of a nested column, for record assembly.
    func leafColumn() -> LeafColumn {
        LeafColumn(descriptor: column, repetitionLevels: repetitionLevels, definitionLevels: definitionLevels, count: entries,
                   values: values.finish())
    }

    /// The decoded rows as materialised values.
    func columnData() -> ColumnData {
        ColumnData(descriptor: column, values: values.finish(), validity: hasNulls ? validity : nil, rowCount: rows)
    }

    /// The decoded rows as dictionary and indices (one chunk only).
    func dictionaryData() -> DictionaryColumnData {
        DictionaryColumnData(descriptor: column, dictionary: dictionary ?? .empty(for: column.physicalType, width: column.typeLength),
                             indices: indices, validity: hasNulls ? validity : nil, rowCount: rows)
    }
}
