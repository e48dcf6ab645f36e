// The footer and page-header structures of parquet.thrift, with their
// compact-protocol decoding and encoding. Field ids follow the
// specification (apache/parquet-format src/main/thrift/parquet.thrift).
// Fields Vigie does not use are skipped on read and not written.

/// One `key = value` pair of file or column metadata.
public struct KeyValue: Sendable, Hashable {
    public var key: String
    public var value: String?
    public init(key: String, value: String?) {
        self.key = key
        self.value = value
    }
}

/// Min/max/null statistics of a page or a column chunk, in PLAIN encoding
/// of the physical type (without length prefix for byte arrays).
public struct Statistics: Sendable, Hashable {
    /// Deprecated signed-order max/min (older writers only).
    public var legacyMax: [UInt8]?
    public var legacyMin: [UInt8]?
    public var nullCount: Int64?
    public var distinctCount: Int64?
    public var maxValue: [UInt8]?
    public var minValue: [UInt8]?
    public var nanCount: Int64?
    public init() {}
}

/// One node of the flattened schema tree.
public struct SchemaElement: Sendable, Hashable {
    public var type: PhysicalType?
    public var typeLength: Int32?
    public var repetition: Repetition?
    public var name: String
    public var numChildren: Int32?
    public var convertedType: ConvertedType?
    public var scale: Int32?
    public var precision: Int32?
    public var fieldId: Int32?
    public var logicalType: LogicalType?
    public init(name: String) { self.name = name }
}

public struct ColumnMetaData: Sendable, Hashable {
    public var type: PhysicalType
    public var encodings: [Encoding]
    public var pathInSchema: [String]
    public var codec: CompressionCodec
    public var numValues: Int64
    public var totalUncompressedSize: Int64
    public var totalCompressedSize: Int64
    public var keyValueMetadata: [KeyValue]?
    public var dataPageOffset: Int64
    public var indexPageOffset: Int64?
    public var dictionaryPageOffset: Int64?
    public var statistics: Statistics?
    public init(type: PhysicalType, encodings: [Encoding], pathInSchema: [String], codec: CompressionCodec,
                numValues: Int64, totalUncompressedSize: Int64, totalCompressedSize: Int64, dataPageOffset: Int64) {
        self.type = type
        self.encodings = encodings
        self.pathInSchema = pathInSchema
        self.codec = codec
        self.numValues = numValues
        self.totalUncompressedSize = totalUncompressedSize
        self.totalCompressedSize = totalCompressedSize
        self.dataPageOffset = dataPageOffset
    }
}

public struct ColumnChunk: Sendable, Hashable {
    public var filePath: String?
    public var fileOffset: Int64
    public var metaData: ColumnMetaData?
    /// Set when the column is encrypted; Vigie refuses such columns.
    public var isEncrypted: Bool = false
    public init(fileOffset: Int64, metaData: ColumnMetaData?) {
        self.fileOffset = fileOffset
        self.metaData = metaData
    }
}

public struct RowGroup: Sendable, Hashable {
    public var columns: [ColumnChunk]
    public var totalByteSize: Int64
    public var numRows: Int64
    public var fileOffset: Int64?
    public var totalCompressedSize: Int64?
    public var ordinal: Int16?
    public init(columns: [ColumnChunk], totalByteSize: Int64, numRows: Int64) {
        self.columns = columns
        self.totalByteSize = totalByteSize
        self.numRows = numRows
    }
}

/// The file footer.
public struct FileMetaData: Sendable, Hashable {
    public var version: Int32
    public var schema: [SchemaElement]
    public var numRows: Int64
    public var rowGroups: [RowGroup]
    public var keyValueMetadata: [KeyValue]?
    public var createdBy: String?
    /// Set when the footer declares an encryption algorithm (plaintext-footer encryption).
    public var isEncrypted: Bool = false
    public init(version: Int32, schema: [SchemaElement], numRows: Int64, rowGroups: [RowGroup]) {
        self.version = version
        self.schema = schema
        self.numRows = numRows
        self.rowGroups = rowGroups
    }
}

public struct DataPageHeader: Sendable, Hashable {
    public var numValues: Int32
    public var encoding: Encoding
    public var definitionLevelEncoding: Encoding
    public var repetitionLevelEncoding: Encoding
    public var statistics: Statistics?
}

public struct DictionaryPageHeader: Sendable, Hashable {
    public var numValues: Int32
    public var encoding: Encoding
    public var isSorted: Bool?
}

public struct DataPageHeaderV2: Sendable, Hashable {
    public var numValues: Int32
    public var numNulls: Int32
    public var numRows: Int32
    public var encoding: Encoding
    public var definitionLevelsByteLength: Int32
    public var repetitionLevelsByteLength: Int32
    public var isCompressed: Bool = true
    public var statistics: Statistics?
}

public struct PageHeader: Sendable, Hashable {
    public var type: PageType
    public var uncompressedPageSize: Int32
    public var compressedPageSize: Int32
    public var crc: Int32?
    public var dataPageHeader: DataPageHeader?
    public var dictionaryPageHeader: DictionaryPageHeader?
    public var dataPageHeaderV2: DataPageHeaderV2?
    public init(type: PageType, uncompressedPageSize: Int32, compressedPageSize: Int32) {
        self.type = type
        self.uncompressedPageSize = uncompressedPageSize
        self.compressedPageSize = compressedPageSize
    }
}

// MARK: - Decoding

private func missing(_ field: String, _ structName: String) -> ParquetError {
    .corrupt("\(structName) lacks its required field \(field)")
}

extension KeyValue {
    static func decode(_ r: inout ThriftReader) throws(ParquetError) -> KeyValue {
        try r.structBegin()
        var key: String?
        var value: String?
        while let f = try r.nextField() {
            switch f.id {
            case 1: key = try r.readString(f)
            case 2: value = try r.readString(f)
            default: try r.skip(f.type)
            }
        }
        guard let key else { throw missing("key", "KeyValue") }
        return KeyValue(key: key, value: value)
    }

    func encode(_ w: inout ThriftWriter) {
        w.string(1, key)
        if let value { w.string(2, value) }
    }
}

extension Statistics {
    static func decode(_ r: inout ThriftReader) throws(ParquetError) -> Statistics {
        try r.structBegin()
        var s = Statistics()
        while let f = try r.nextField() {
            switch f.id {
            case 1: s.legacyMax = try r.readBinary(f)
            case 2: s.legacyMin = try r.readBinary(f)
            case 3: s.nullCount = try r.readI64(f)
            case 4: s.distinctCount = try r.readI64(f)
            case 5: s.maxValue = try r.readBinary(f)
            case 6: s.minValue = try r.readBinary(f)
            case 9: s.nanCount = try r.readI64(f)
            default: try r.skip(f.type)
            }
        }
        return s
    }

    func encode(_ w: inout ThriftWriter) {
        if let nullCount { w.i64(3, nullCount) }
        if let distinctCount { w.i64(4, distinctCount) }
        if let maxValue { w.binary(5, maxValue) }
        if let minValue { w.binary(6, minValue) }
        if let nanCount { w.i64(9, nanCount) }
    }
}

extension TimeUnit {
    static func decode(_ r: inout ThriftReader) throws(ParquetError) -> TimeUnit {
        try r.structBegin()
        var unit: TimeUnit?
        while let f = try r.nextField() {
            switch f.id {
            case 1: unit = .millis
            case 2: unit = .micros
            case 3: unit = .nanos
            default: break
            }
            try r.skip(f.type)
        }
        guard let unit else { throw .corrupt("TimeUnit has no known member") }
        return unit
    }

    func encode(_ w: inout ThriftWriter) {
        switch self {
        case .millis: w.structField(1)
        case .micros: w.structField(2)
        case .nanos: w.structField(3)
        }
        w.structEnd()
    }
}

extension LogicalType {
    static func decode(_ r: inout ThriftReader) throws(ParquetError) -> LogicalType {
        try r.structBegin()
        var result: LogicalType?
        while let f = try r.nextField() {
            switch f.id {
            case 5:
                try r.structBegin()
                var scale: Int32?
                var precision: Int32?
                while let g = try r.nextField() {
                    switch g.id {
                    case 1: scale = try r.readI32(g)
                    case 2: precision = try r.readI32(g)
                    default: try r.skip(g.type)
                    }
                }
                guard let scale, let precision else { throw missing("scale/precision", "DecimalType") }
                result = .decimal(scale: scale, precision: precision)
            case 7, 8:
                try r.structBegin()
                var utc: Bool?
                var unit: TimeUnit?
                while let g = try r.nextField() {
                    switch g.id {
                    case 1: utc = try r.readBool(g)
                    case 2: unit = try TimeUnit.decode(&r)
                    default: try r.skip(g.type)
                    }
                }
                guard let utc, let unit else { throw missing("isAdjustedToUTC/unit", f.id == 7 ? "TimeType" : "TimestampType") }
                result = f.id == 7 ? .time(isAdjustedToUTC: utc, unit: unit) : .timestamp(isAdjustedToUTC: utc, unit: unit)
            case 10:
                try r.structBegin()
                var bits: Int8?
                var signed: Bool?
                while let g = try r.nextField() {
                    switch g.id {
                    case 1: bits = Int8(truncatingIfNeeded: try r.readI32(g))
                    case 2: signed = try r.readBool(g)
                    default: try r.skip(g.type)
                    }
                }
                guard let bits, let signed else { throw missing("bitWidth/isSigned", "IntType") }
                result = .integer(bitWidth: bits, isSigned: signed)
            default:
                try r.skip(f.type)
                switch f.id {
                case 1: result = .string
                case 2: result = .map
                case 3: result = .list
                case 4: result = .enum
                case 6: result = .date
                case 11: result = .unknown
                case 12: result = .json
                case 13: result = .bson
                case 14: result = .uuid
                case 15: result = .float16
                default: result = .other(f.id)
                }
            }
        }
        guard let result else { throw .corrupt("LogicalType has no member") }
        return result
    }

    func encode(_ w: inout ThriftWriter) {
        func empty(_ id: Int16) {
            w.structField(id)
            w.structEnd()
        }
        switch self {
        case .string: empty(1)
        case .map: empty(2)
        case .list: empty(3)
        case .enum: empty(4)
        case let .decimal(scale, precision):
            w.structField(5)
            w.i32(1, scale)
            w.i32(2, precision)
            w.structEnd()
        case .date: empty(6)
        case let .time(utc, unit), let .timestamp(utc, unit):
            if case .time = self { w.structField(7) } else { w.structField(8) }
            w.bool(1, utc)
            w.structField(2)
            unit.encode(&w)
            w.structEnd()
            w.structEnd()
        case let .integer(bits, signed):
            w.structField(10)
            w.byte(1, bits)
            w.bool(2, signed)
            w.structEnd()
        case .unknown: empty(11)
        case .json: empty(12)
        case .bson: empty(13)
        case .uuid: empty(14)
        case .float16: empty(15)
        case let .other(id): empty(id)
        }
    }
}

extension SchemaElement {
    static func decode(_ r: inout ThriftReader) throws(ParquetError) -> SchemaElement {
        try r.structBegin()
        var e = SchemaElement(name: "")
        var sawName = false
        while let f = try r.nextField() {
            switch f.id {
            case 1: e.type = PhysicalType(rawValue: try r.readI32(f))
            case 2: e.typeLength = try r.readI32(f)
            case 3: e.repetition = Repetition(rawValue: try r.readI32(f))
            case 4: e.name = try r.readString(f); sawName = true
            case 5: e.numChildren = try r.readI32(f)
            case 6: e.convertedType = ConvertedType(rawValue: try r.readI32(f))
            case 7: e.scale = try r.readI32(f)
            case 8: e.precision = try r.readI32(f)
            case 9: e.fieldId = try r.readI32(f)
            case 10: e.logicalType = try LogicalType.decode(&r)
            default: try r.skip(f.type)
            }
        }
        guard sawName else { throw missing("name", "SchemaElement") }
        return e
    }

    func encode(_ w: inout ThriftWriter) {
        if let type { w.i32(1, type.rawValue) }
        if let typeLength { w.i32(2, typeLength) }
        if let repetition { w.i32(3, repetition.rawValue) }
        w.string(4, name)
        if let numChildren { w.i32(5, numChildren) }
        if let convertedType { w.i32(6, convertedType.rawValue) }
        if let scale { w.i32(7, scale) }
        if let precision { w.i32(8, precision) }
        if let fieldId { w.i32(9, fieldId) }
        if let logicalType {
            w.structField(10)
            logicalType.encode(&w)
            w.structEnd()
        }
    }
}

extension ColumnMetaData {
    static func decode(_ r: inout ThriftReader) throws(ParquetError) -> ColumnMetaData {
        try r.structBegin()
        var type: PhysicalType?
        var encodings: [Encoding] = []
        var path: [String]?
        var codec: CompressionCodec?
        var numValues: Int64?
        var uncompressed: Int64?
        var compressed: Int64?
        var kv: [KeyValue]?
        var dataPageOffset: Int64?
        var indexPageOffset: Int64?
        var dictionaryPageOffset: Int64?
        var statistics: Statistics?
        while let f = try r.nextField() {
            switch f.id {
            case 1: type = PhysicalType(rawValue: try r.readI32(f))
            case 2: encodings = try r.readI32List(f).map(Encoding.init(rawValue:))
            case 3: path = try r.readStringList(f)
            case 4: codec = CompressionCodec(rawValue: try r.readI32(f))
            case 5: numValues = try r.readI64(f)
            case 6: uncompressed = try r.readI64(f)
            case 7: compressed = try r.readI64(f)
            case 8: kv = try r.readStructList(f, KeyValue.decode)
            case 9: dataPageOffset = try r.readI64(f)
            case 10: indexPageOffset = try r.readI64(f)
            case 11: dictionaryPageOffset = try r.readI64(f)
            case 12: statistics = try Statistics.decode(&r)
            default: try r.skip(f.type)
            }
        }
        guard let type, let path, let codec, let numValues, let uncompressed, let compressed, let dataPageOffset else {
            throw missing("type/path_in_schema/codec/num_values/sizes/data_page_offset", "ColumnMetaData")
        }
        var m = ColumnMetaData(type: type, encodings: encodings, pathInSchema: path, codec: codec, numValues: numValues,
                               totalUncompressedSize: uncompressed, totalCompressedSize: compressed, dataPageOffset: dataPageOffset)
        m.keyValueMetadata = kv
        m.indexPageOffset = indexPageOffset
        m.dictionaryPageOffset = dictionaryPageOffset
        m.statistics = statistics
        return m
    }

    func encode(_ w: inout ThriftWriter) {
        w.i32(1, type.rawValue)
        w.i32List(2, encodings.map(\.rawValue))
        w.stringList(3, pathInSchema)
        w.i32(4, codec.rawValue)
        w.i64(5, numValues)
        w.i64(6, totalUncompressedSize)
        w.i64(7, totalCompressedSize)
        if let keyValueMetadata { w.structList(8, keyValueMetadata) { w, kv in kv.encode(&w) } }
        w.i64(9, dataPageOffset)
        if let indexPageOffset { w.i64(10, indexPageOffset) }
        if let dictionaryPageOffset { w.i64(11, dictionaryPageOffset) }
        if let statistics {
            w.structField(12)
            statistics.encode(&w)
            w.structEnd()
        }
    }
}

extension ColumnChunk {
    static func decode(_ r: inout ThriftReader) throws(ParquetError) -> ColumnChunk {
        try r.structBegin()
        var c = ColumnChunk(fileOffset: 0, metaData: nil)
        while let f = try r.nextField() {
            switch f.id {
            case 1: c.filePath = try r.readString(f)
            case 2: c.fileOffset = try r.readI64(f)
            case 3: c.metaData = try ColumnMetaData.decode(&r)
            case 8, 9: c.isEncrypted = true; try r.skip(f.type)
            default: try r.skip(f.type)
            }
        }
        return c
    }

    func encode(_ w: inout ThriftWriter) {
        if let filePath { w.string(1, filePath) }
        w.i64(2, fileOffset)
        if let metaData {
            w.structField(3)
            metaData.encode(&w)
            w.structEnd()
        }
    }
}

extension RowGroup {
    static func decode(_ r: inout ThriftReader) throws(ParquetError) -> RowGroup {
        try r.structBegin()
        var columns: [ColumnChunk]?
        var totalByteSize: Int64?
        var numRows: Int64?
        var fileOffset: Int64?
        var totalCompressedSize: Int64?
        var ordinal: Int16?
        while let f = try r.nextField() {
            switch f.id {
            case 1: columns = try r.readStructList(f, ColumnChunk.decode)
            case 2: totalByteSize = try r.readI64(f)
            case 3: numRows = try r.readI64(f)
            case 5: fileOffset = try r.readI64(f)
            case 6: totalCompressedSize = try r.readI64(f)
            case 7: ordinal = Int16(truncatingIfNeeded: try r.readI32(f))
            default: try r.skip(f.type)
            }
        }
        guard let columns, let totalByteSize, let numRows else { throw missing("columns/total_byte_size/num_rows", "RowGroup") }
        var g = RowGroup(columns: columns, totalByteSize: totalByteSize, numRows: numRows)
        g.fileOffset = fileOffset
        g.totalCompressedSize = totalCompressedSize
        g.ordinal = ordinal
        return g
    }

    func encode(_ w: inout ThriftWriter) {
        w.structList(1, columns) { w, c in c.encode(&w) }
        w.i64(2, totalByteSize)
        w.i64(3, numRows)
        if let fileOffset { w.i64(5, fileOffset) }
        if let totalCompressedSize { w.i64(6, totalCompressedSize) }
        if let ordinal { w.i32(7, Int32(ordinal)) }
    }
}

extension FileMetaData {
    /// Decodes a footer from its Thrift bytes.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(ParquetError) -> FileMetaData {
        var r = ThriftReader(bytes)
        try r.structBegin()
        var version: Int32?
        var schema: [SchemaElement]?
        var numRows: Int64?
        var rowGroups: [RowGroup]?
        var kv: [KeyValue]?
        var createdBy: String?
        var encrypted = false
        while let f = try r.nextField() {
            switch f.id {
            case 1: version = try r.readI32(f)
            case 2: schema = try r.readStructList(f, SchemaElement.decode)
            case 3: numRows = try r.readI64(f)
            case 4: rowGroups = try r.readStructList(f, RowGroup.decode)
            case 5: kv = try r.readStructList(f, KeyValue.decode)
            case 6: createdBy = try r.readString(f)
            case 8: encrypted = true; try r.skip(f.type)
            default: try r.skip(f.type)
            }
        }
        guard let version, let schema, let numRows, let rowGroups else {
            throw missing("version/schema/num_rows/row_groups", "FileMetaData")
        }
        var m = FileMetaData(version: version, schema: schema, numRows: numRows, rowGroups: rowGroups)
        m.keyValueMetadata = kv
        m.createdBy = createdBy
        m.isEncrypted = encrypted
        return m
    }

    /// Encodes the footer as Thrift bytes.
    public func encoded() -> [UInt8] {
        var w = ThriftWriter()
        w.structBegin()
        w.i32(1, version)
        w.structList(2, schema) { w, e in e.encode(&w) }
        w.i64(3, numRows)
        w.structList(4, rowGroups) { w, g in g.encode(&w) }
        if let keyValueMetadata { w.structList(5, keyValueMetadata) { w, kv in kv.encode(&w) } }
        if let createdBy { w.string(6, createdBy) }
        // column_orders: TYPE_ORDER for every leaf, so readers trust min/max.
        let leaves = schema.filter { $0.type != nil }.count
        w.structList(7, Array(repeating: 0, count: leaves)) { w, _ in
            w.structField(1)
            w.structEnd()
        }
        w.structEnd()
        return w.bytes
    }
}

extension PageHeader {
    /// Decodes a page header; returns it and the number of bytes it took.
    static func decode(_ bytes: UnsafeRawBufferPointer) throws(ParquetError) -> (PageHeader, Int) {
        var r = ThriftReader(bytes)
        try r.structBegin()
        var type: PageType?
        var uncompressed: Int32?
        var compressed: Int32?
        var crc: Int32?
        var data: DataPageHeader?
        var dict: DictionaryPageHeader?
        var v2: DataPageHeaderV2?
        while let f = try r.nextField() {
            switch f.id {
            case 1: type = PageType(rawValue: try r.readI32(f))
            case 2: uncompressed = try r.readI32(f)
            case 3: compressed = try r.readI32(f)
            case 4: crc = try r.readI32(f)
            case 5:
                try r.structBegin()
                var n: Int32?, enc: Int32?, dl: Int32?, rl: Int32?
                var stats: Statistics?
                while let g = try r.nextField() {
                    switch g.id {
                    case 1: n = try r.readI32(g)
                    case 2: enc = try r.readI32(g)
                    case 3: dl = try r.readI32(g)
                    case 4: rl = try r.readI32(g)
                    case 5: stats = try Statistics.decode(&r)
                    default: try r.skip(g.type)
                    }
                }
                guard let n, let enc, let dl, let rl else { throw missing("num_values/encodings", "DataPageHeader") }
                data = DataPageHeader(numValues: n, encoding: Encoding(rawValue: enc), definitionLevelEncoding: Encoding(rawValue: dl),
                                      repetitionLevelEncoding: Encoding(rawValue: rl), statistics: stats)
            case 7:
                try r.structBegin()
                var n: Int32?, enc: Int32?
                var sorted: Bool?
                while let g = try r.nextField() {
                    switch g.id {
                    case 1: n = try r.readI32(g)
                    case 2: enc = try r.readI32(g)
                    case 3: sorted = try r.readBool(g)
                    default: try r.skip(g.type)
                    }
                }
                guard let n, let enc else { throw missing("num_values/encoding", "DictionaryPageHeader") }
                dict = DictionaryPageHeader(numValues: n, encoding: Encoding(rawValue: enc), isSorted: sorted)
            case 8:
                try r.structBegin()
                var n: Int32?, nulls: Int32?, rows: Int32?, enc: Int32?, dlen: Int32?, rlen: Int32?
                var isCompressed = true
                var stats: Statistics?
                while let g = try r.nextField() {
                    switch g.id {
                    case 1: n = try r.readI32(g)
                    case 2: nulls = try r.readI32(g)
                    case 3: rows = try r.readI32(g)
                    case 4: enc = try r.readI32(g)
                    case 5: dlen = try r.readI32(g)
                    case 6: rlen = try r.readI32(g)
                    case 7: isCompressed = try r.readBool(g)
                    case 8: stats = try Statistics.decode(&r)
                    default: try r.skip(g.type)
                    }
                }
                guard let n, let nulls, let rows, let enc, let dlen, let rlen else {
                    throw missing("counts/encoding/level lengths", "DataPageHeaderV2")
                }
                v2 = DataPageHeaderV2(numValues: n, numNulls: nulls, numRows: rows, encoding: Encoding(rawValue: enc),
                                      definitionLevelsByteLength: dlen, repetitionLevelsByteLength: rlen,
                                      isCompressed: isCompressed, statistics: stats)
            default: try r.skip(f.type)
            }
        }
        guard let type, let uncompressed, let compressed else { throw missing("type/sizes", "PageHeader") }
        guard uncompressed >= 0, compressed >= 0 else {
            throw .corrupt("page header gives a negative size (\(compressed) compressed, \(uncompressed) uncompressed)")
        }
        var h = PageHeader(type: type, uncompressedPageSize: uncompressed, compressedPageSize: compressed)
        h.crc = crc
        h.dataPageHeader = data
        h.dictionaryPageHeader = dict
        h.dataPageHeaderV2 = v2
        return (h, r.position)
    }

    func encoded() -> [UInt8] {
        var w = ThriftWriter()
        w.structBegin()
        w.i32(1, type.rawValue)
        w.i32(2, uncompressedPageSize)
        w.i32(3, compressedPageSize)
        if let crc { w.i32(4, crc) }
        if let d = dataPageHeader {
            w.structField(5)
            w.i32(1, d.numValues)
            w.i32(2, d.encoding.rawValue)
            w.i32(3, d.definitionLevelEncoding.rawValue)
            w.i32(4, d.repetitionLevelEncoding.rawValue)
            if let s = d.statistics {
                w.structField(5)
                s.encode(&w)
                w.structEnd()
            }
            w.structEnd()
        }
        if let d = dictionaryPageHeader {
            w.structField(7)
            w.i32(1, d.numValues)
            w.i32(2, d.encoding.rawValue)
            if let sorted = d.isSorted { w.bool(3, sorted) }
            w.structEnd()
        }
        if let d = dataPageHeaderV2 {
            w.structField(8)
            w.i32(1, d.numValues)
            w.i32(2, d.numNulls)
            w.i32(3, d.numRows)
            w.i32(4, d.encoding.rawValue)
            w.i32(5, d.definitionLevelsByteLength)
            w.i32(6, d.repetitionLevelsByteLength)
            w.bool(7, d.isCompressed)
            if let s = d.statistics {
                w.structField(8)
                s.encode(&w)
                w.structEnd()
            }
            w.structEnd()
        }
        w.structEnd()
        return w.bytes
    }
}
