// Writing Parquet files: row groups of at most `rowGroupRows` rows, one
// column chunk per column, each an optional dictionary page followed by
// data pages of about `pageBytes` each. Definition levels are RLE with
// the v1 4-byte length prefix (v2 pages carry their lengths in the
// header). A dictionary that outgrows `dictionaryBytesLimit` makes the
// chunk fall back to PLAIN. Column chunk statistics (min, max, null
// count) follow the column's sort order so readers can prune.

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

    public init() {}
}

/// Writes one Parquet file, row group by row group.
public final class ParquetFileWriter {
    public let fields: [ParquetField]
    public let options: ParquetWriterOptions
    public let path: String
    private let descriptors: [ColumnDescriptor]
    private var fd: Int32
    private var offset: Int = 0
    private var rowGroups: [RowGroup] = []
    private var rows: Int64 = 0
    private var closed = false

    /// Creates (or truncates) the file at `path`.
    public init(path: String, fields: [ParquetField], options: ParquetWriterOptions = ParquetWriterOptions()) throws(ParquetError) {
        guard !fields.isEmpty else { throw ParquetError(.invalidArgument, "a Parquet file needs at least one column", context: [path]) }
        var seen = Set<String>()
        for f in fields {
            guard seen.insert(f.name).inserted else { throw ParquetError(.invalidArgument, "duplicate column name '\(f.name)'", context: [path]) }
            if f.physicalType == .fixedLenByteArray && f.typeLength <= 0 {
                throw ParquetError(.invalidArgument, "FIXED_LEN_BYTE_ARRAY column '\(f.name)' needs a positive length", context: [path])
            }
        }
        guard options.rowGroupRows > 0, options.pageBytes > 0, options.dataPageVersion == 1 || options.dataPageVersion == 2 else {
            throw ParquetError(.invalidArgument, "row group rows and page bytes must be positive, page version 1 or 2", context: [path])
        }
        guard [.uncompressed, .snappy, .gzip, .zstd].contains(options.codec) else {
            throw ParquetError(.invalidArgument, "cannot write codec \(options.codec)", context: [path])
        }
        self.fields = fields
        self.options = options
        self.path = path
        descriptors = fields.enumerated().map { $0.element.descriptor(index: $0.offset) }
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
    /// They become one or more row groups of at most `rowGroupRows` rows.
    public func write(_ columns: [ColumnData]) throws(ParquetError) {
        guard !closed else { throw ParquetError(.invalidArgument, "the writer is closed", context: [path]) }
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
            var chunks: [ColumnChunk] = []
            var totalBytes: Int64 = 0
            var compressedBytes: Int64 = 0
            let groupStart = offset
            for (i, column) in columns.enumerated() {
                let validity = column.validity.map { Array($0[start..<end]) }
                let present = validity.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? (end - start)
                let range = valueStarts[i]..<(valueStarts[i] + present)
                valueStarts[i] += present
                let chunkStart = offset
                var chunkWriter = ColumnChunkWriter(descriptor: descriptors[i], options: options)
                let (bytes, meta) = try within("column '\(fields[i].name)'") { () throws(ParquetError) in
                    try chunkWriter.encode(values: column.values, range: range, validity: validity, rows: end - start, fileOffset: chunkStart)
                }
                try put(bytes)
                totalBytes += meta.totalUncompressedSize
                compressedBytes += meta.totalCompressedSize
                chunks.append(ColumnChunk(fileOffset: Int64(chunkStart), metaData: meta))
            }
            var group = RowGroup(columns: chunks, totalByteSize: totalBytes, numRows: Int64(end - start))
            group.fileOffset = Int64(groupStart)
            group.totalCompressedSize = compressedBytes
            group.ordinal = Int16(truncatingIfNeeded: rowGroups.count)
            rowGroups.append(group)
            rows += Int64(end - start)
            start = end
        }
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
        var meta = FileMetaData(version: 2, schema: [rootElement] + fields.map(\.schemaElement), numRows: rows, rowGroups: rowGroups)
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

    private var rootElement: SchemaElement {
        var root = SchemaElement(name: "schema")
        root.numChildren = Int32(fields.count)
        return root
    }

    /// Writes `columns` to a new file at `path` in one call.
    public static func write(path: String, fields: [ParquetField], columns: [ColumnData], options: ParquetWriterOptions = ParquetWriterOptions()) throws(ParquetError) {
        let writer = try ParquetFileWriter(path: path, fields: fields, options: options)
        try writer.write(columns)
        try writer.close()
    }
}
