// Writing Parquet files: row groups of at most `rowGroupRows` rows, one
// column chunk per column, each an optional dictionary page followed by
// data pages of about `pageBytes` each. Definition levels are RLE with
// the v1 4-byte length prefix (v2 pages carry their lengths in the
// header). A dictionary that outgrows `dictionaryBytesLimit` makes the
// chunk fall back to PLAIN. Column chunk statistics (min, max, null
// count) follow the column's sort order so readers can prune.
//
// Flat columns are written from ColumnData (`write`); any schema, nested
// or not, from rows of NestedValue (`writeRows`), shredded into level
// entries per leaf column (RecordShredder.swift).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options of a written file.
public struct ParquetWriterOptions: Sendable {
    public var codec: CompressionCodec = .snappy
    /// Rows per row group.
    public var rowGroupRows: Int = 1 << 20
    /// Target size of a data page before compression.
    public var pageBytes: Int = 1 << 20
    /// Whether to try dictionary encoding (not for BOOLEAN).
    public var dictionary: Bool = true
    /// Largest dictionary (PLAIN bytes) before the chunk falls back to PLAIN.
    public var dictionaryBytesLimit: Int = 1 << 20
    /// 1 or 2.
    public var dataPageVersion: Int = 1
    /// File-level key/value metadata.
    public var keyValueMetadata: [KeyValue] = []
    public var createdBy: String = "vigie (Parquet module)"
    /// Column chunks of a row group encoded at once (1: on the calling thread; nil: one per processor).
    public var threads: Int? = 1

    public init() {}
}

/// Writes one Parquet file, row group by row group.
public final class ParquetFileWriter {
    /// The declared fields: one node per top-level field.
    public let schema: [ParquetSchemaNode]
    /// The columns of a flat schema, one per field; empty when some field is a group, list or map.
    public let fields: [ParquetField]
    public let options: ParquetWriterOptions
    public let path: String
    /// The schema elements of the footer (root first).
    private let elements: [SchemaElement]
    private let descriptors: [ColumnDescriptor]
    /// Per top-level field, how its values shred into the leaf columns.
    private let shapes: [NestedShape]
    private var fd: Int32
    private var offset: Int = 0
    private var rowGroups: [RowGroup] = []
    private var rows: Int64 = 0
    private var closed = false

    /// Creates (or truncates) the file at `path`, for flat columns written with `write(_:)`.
    public convenience init(path: String, fields: [ParquetField], options: ParquetWriterOptions = ParquetWriterOptions()) throws(ParquetError) {
        try self.init(path: path, schema: fields.map(ParquetSchemaNode.leaf), options: options)
    }

    /// Creates (or truncates) the file at `path`, for fields of any shape written with `writeRows(_:)`
    /// (and, when every field is a leaf, with `write(_:)` too).
    public init(path: String, schema: [ParquetSchemaNode], options: ParquetWriterOptions = ParquetWriterOptions()) throws(ParquetError) {
        guard !schema.isEmpty else { throw ParquetError(.invalidArgument, "a Parquet file needs at least one column", context: [path]) }
        var seen = Set<String>()
        var root = SchemaElement(name: "schema")
        root.numChildren = Int32(schema.count)
        var elements = [root]
        for node in schema {
            guard seen.insert(node.name).inserted else { throw ParquetError(.invalidArgument, "duplicate column name '\(node.name)'", context: [path]) }
            do {
                try node.appendElements(to: &elements)
            } catch {
                throw error.within(path)
            }
        }
        guard options.rowGroupRows > 0, options.pageBytes > 0, options.dataPageVersion == 1 || options.dataPageVersion == 2 else {
            throw ParquetError(.invalidArgument, "row group rows and page bytes must be positive, page version 1 or 2", context: [path])
        }
        guard [.uncompressed, .snappy, .gzip, .zstd].contains(options.codec) else {
            throw ParquetError(.invalidArgument, "cannot write codec \(options.codec)", context: [path])
        }
        let parsed: ParquetSchema
        do {
            parsed = try ParquetSchema(elements: elements)
            shapes = try parsed.fields.map(NestedShape.init(field:))
        } catch {
            throw ParquetError(.invalidArgument, "the schema cannot be written: \(error.message)", context: [path])
        }
        self.schema = schema
        let leaves = schema.compactMap { if case let .leaf(field) = $0 { field } else { nil } }
        fields = leaves.count == schema.count ? leaves : []
        self.elements = elements
        self.options = options
        self.path = path
        descriptors = parsed.columns
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ParquetError(.io, "cannot create: \(String(cString: strerror(errno)))", context: [path]) }
        try put(Array("PAR1".utf8))
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    private func put(_ bytes: [UInt8]) throws(ParquetError) {
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ParquetError(.io, "write failed: \(String(cString: strerror(errno)))", context: [path])
            }
            done += n
        }
        offset += bytes.count
    }

    /// Writes rows: one `ColumnData` per field, in field order, all with the same row count.
    /// They become one or more row groups of at most `rowGroupRows` rows. Every field must be a leaf.
    public func write(_ columns: [ColumnData]) throws(ParquetError) {
        guard !closed else { throw ParquetError(.invalidArgument, "the writer is closed", context: [path]) }
        guard fields.count == schema.count else {
            throw ParquetError(.invalidArgument, "the schema has groups, lists or maps: write its rows with writeRows(_:)", context: [path])
        }
        guard columns.count == fields.count else {
            throw ParquetError(.invalidArgument, "\(columns.count) columns given for \(fields.count) fields", context: [path])
        }
        let rowCount = columns.first?.rowCount ?? 0
        for (c, f) in zip(columns, fields) {
            try check(c, f, rowCount: rowCount)
        }
        guard rowCount > 0 else { return }
        // Value index at which each row group starts, per column.
        var valueStarts = [Int](repeating: 0, count: columns.count)
        var start = 0
        while start < rowCount {
            let end = min(rowCount, start + options.rowGroupRows)
            let validities = columns.map { $0.validity.map { Array($0[start..<end]) } }
            let ranges = validities.indices.map { i in
                let present = validities[i].map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? (end - start)
                defer { valueStarts[i] += present }
                return valueStarts[i]..<(valueStarts[i] + present)
            }
            try appendRowGroup(rows: end - start) { (i, chunkWriter) throws(ParquetError) in
                try chunkWriter.encode(values: columns[i].values, range: ranges[i], validity: validities[i], rows: end - start, fileOffset: 0)
            }
            start = end
        }
    }

    /// Writes rows of values: each row holds one value per top-level field, in schema order (`.null` for a
    /// null field, `.record` for a group, `.list` for a list, `.map` for a map, a leaf value otherwise).
    /// A record may leave out fields (they are written null) but not add any. Leaves take `.boolean`,
    /// `.int` (INT32 columns check the range, unsigned ones up to UInt32.max), `.float` (rounded to Float in
    /// FLOAT columns) or `.bytes` (of exactly the column's length for FIXED_LEN_BYTE_ARRAY).
    /// They become one or more row groups of at most `rowGroupRows` rows.
    public func writeRows(_ rows: [[NestedValue]]) throws(ParquetError) {
        guard !closed else { throw ParquetError(.invalidArgument, "the writer is closed", context: [path]) }
        for (r, row) in rows.enumerated() where row.count != shapes.count {
            throw ParquetError(.invalidArgument, "row \(r) has \(row.count) values for \(shapes.count) fields", context: [path])
        }
        var start = 0
        while start < rows.count {
            let end = min(rows.count, start + options.rowGroupRows)
            var shredder = RecordShredder(columns: descriptors)
            for r in start..<end {
                for (value, shape) in zip(rows[r], shapes) {
                    do {
                        try shredder.shred(value, shape)
                    } catch {
                        throw error.within("row \(r)").within(path)
                    }
                }
            }
            let leaves = shredder.finish()
            try appendRowGroup(rows: end - start) { (i, chunkWriter) throws(ParquetError) in
                try chunkWriter.encode(leaf: leaves[i], fileOffset: 0)
            }
            start = end
        }
    }

    /// Writes one row group of `rows` rows: `encode(i, writer, offset)` gives column i's chunk, starting at file offset `offset`.
    /// Encodes the row group's column chunks (`encode` gives a chunk's bytes and metadata, with offsets from the chunk's
    /// start), on up to `options.threads` threads, then writes them in order.
    private func appendRowGroup(rows count: Int,
                                _ encode: (Int, inout ColumnChunkWriter) throws(ParquetError) -> ([UInt8], ColumnMetaData)) throws(ParquetError) {
        let descriptors = descriptors
        let options = options
        let encoded = try Parallel.map(descriptors.count, threads: options.threads) { (i) throws(ParquetError) in
            var chunkWriter = ColumnChunkWriter(descriptor: descriptors[i], options: options)
            return try within("column '\(descriptors[i].name)'") { () throws(ParquetError) in try encode(i, &chunkWriter) }
        }
        var chunks: [ColumnChunk] = []
        var totalBytes: Int64 = 0
        var compressedBytes: Int64 = 0
        let groupStart = offset
        for (bytes, relative) in encoded {
            let chunkStart = Int64(offset)
            var meta = relative
            meta.dataPageOffset += chunkStart
            meta.dictionaryPageOffset = meta.dictionaryPageOffset.map { $0 + chunkStart }
            try put(bytes)
            totalBytes += meta.totalUncompressedSize
            compressedBytes += meta.totalCompressedSize
            chunks.append(ColumnChunk(fileOffset: chunkStart, metaData: meta))
        }
        var group = RowGroup(columns: chunks, totalByteSize: totalBytes, numRows: Int64(count))
        group.fileOffset = Int64(groupStart)
        group.totalCompressedSize = compressedBytes
        group.ordinal = Int16(truncatingIfNeeded: rowGroups.count)
        rowGroups.append(group)
        rows += Int64(count)
    }

    private func check(_ c: ColumnData, _ f: ParquetField, rowCount: Int) throws(ParquetError) {
        guard c.rowCount == rowCount else {
            throw ParquetError(.invalidArgument, "column '\(f.name)' has \(c.rowCount) rows, the first column \(rowCount)", context: [path])
        }
        if let v = c.validity {
            guard v.count == rowCount else { throw ParquetError(.invalidArgument, "column '\(f.name)': validity has \(v.count) entries for \(rowCount) rows", context: [path]) }
            guard f.isNullable || !v.contains(false) else {
                throw ParquetError(.invalidArgument, "column '\(f.name)' is not nullable but has nulls", context: [path])
            }
        }
        guard c.values.count == c.rowCount - (c.validity.map { $0.reduce(0) { $0 + ($1 ? 0 : 1) } } ?? 0) else {
            throw ParquetError(.invalidArgument, "column '\(f.name)' has \(c.values.count) values for its \(c.rowCount) rows and nulls", context: [path])
        }
        let matches: Bool
        switch (c.values, f.physicalType) {
        case (.boolean, .boolean), (.int32, .int32), (.int64, .int64), (.float, .float), (.double, .double), (.byteArray, .byteArray): matches = true
        case let (.fixed(width, _), .fixedLenByteArray): matches = width == f.typeLength
        default: matches = false
        }
        guard matches else {
            throw ParquetError(.invalidArgument, "column '\(f.name)' of type \(f.physicalType) was given values of another representation", context: [path])
        }
    }

    /// Writes the footer and closes the file.
    public func close() throws(ParquetError) {
        guard !closed else { return }
        closed = true
        var meta = FileMetaData(version: 2, schema: elements, numRows: rows, rowGroups: rowGroups)
        meta.keyValueMetadata = options.keyValueMetadata.isEmpty ? nil : options.keyValueMetadata
        meta.createdBy = options.createdBy
        let footer = meta.encoded()
        var tail = footer
        withUnsafeBytes(of: UInt32(footer.count).littleEndian) { tail.append(contentsOf: $0) }
        tail.append(contentsOf: Array("PAR1".utf8))
        try put(tail)
        let r = Glibc.close(fd)
        fd = -1
        guard r == 0 else { throw ParquetError(.io, "close failed: \(String(cString: strerror(errno)))", context: [path]) }
    }

    /// Writes `columns` to a new file at `path` in one call.
    public static func write(path: String, fields: [ParquetField], columns: [ColumnData], options: ParquetWriterOptions = ParquetWriterOptions()) throws(ParquetError) {
        let writer = try ParquetFileWriter(path: path, fields: fields, options: options)
        try writer.write(columns)
        try writer.close()
    }

    /// Writes `rows` (one value per top-level field each) to a new file at `path` in one call.
    public static func write(path: String, schema: [ParquetSchemaNode], rows: [[NestedValue]],
                             options: ParquetWriterOptions = ParquetWriterOptions()) throws(ParquetError) {
        let writer = try ParquetFileWriter(path: path, schema: schema, options: options)
        try writer.writeRows(rows)
        try writer.close()
    }
}
