// Opening a Parquet file: magic, footer length, footer, schema, and the
// checks that make every later read safe (each column chunk's byte range
// lies inside the data region, types agree with the schema).
//
// File layout: "PAR1" <column chunks> <footer: Thrift FileMetaData>
// <footer length: 4 bytes LE> "PAR1". An encrypted footer ends in "PARE".

import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Reads a Parquet file: metadata, whole columns, column chunks, or dictionary-encoded chunks.
///
/// Safe to share between tasks: reads use `pread` and keep no position.
public final class ParquetFileReader: Sendable {
    public let metadata: FileMetaData
    public let schema: ParquetSchema
    /// Bytes of the footer (Thrift metadata), for `inspect`.
    public let footerLength: Int
    public let fileSize: Int
    let source: FileSource

    /// Opens the file at `path`.
    public convenience init(path: String) throws(ParquetError) {
        try self.init(source: FileSource(path: path))
    }

    /// Reads a file held in memory (tests, fuzzing, network buffers).
    public convenience init(bytes: [UInt8], name: String = "<memory>") throws(ParquetError) {
        try self.init(source: FileSource(bytes: bytes, name: name))
    }

    init(source: FileSource) throws(ParquetError) {
        self.source = source
        fileSize = source.size
        do throws(ParquetError) {
            guard source.size >= 12 else {
                throw ParquetError.corrupt("file of \(source.size) bytes is too small to be Parquet (at least 12 bytes)")
            }
            let tail = try source.read(offset: source.size - 8, count: 8)
            let magic = Array(tail[4..<8])
            if magic == Array("PARE".utf8) {
                throw ParquetError.unsupported("the footer is encrypted (Parquet modular encryption)")
            }
            guard magic == Array("PAR1".utf8) else {
                throw ParquetError.corrupt("the file does not end with the Parquet magic PAR1")
            }
            let head = try source.read(offset: 0, count: 4)
            guard head == Array("PAR1".utf8) else {
                throw ParquetError.corrupt("the file does not start with the Parquet magic PAR1")
            }
            let length = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
            guard length > 0, length <= source.size - 12 else {
                throw ParquetError.corrupt("footer length \(length) does not fit in a file of \(source.size) bytes")
            }
            footerLength = length
            let footer = try source.read(offset: source.size - 8 - length, count: length)
            let metadata = try within("footer") { () throws(ParquetError) in
                try footer.withBytes { (raw) throws(ParquetError) in try FileMetaData.decode(raw) }
            }
            if metadata.isEncrypted { throw ParquetError.unsupported("the file is encrypted (Parquet modular encryption)") }
            self.metadata = metadata
            schema = try within("schema") { () throws(ParquetError) in try ParquetSchema(elements: metadata.schema) }
            try Self.validate(metadata, schema, dataEnd: source.size - 8 - length)
        } catch {
            throw error.within(source.name)
        }
    }

    private static func validate(_ m: FileMetaData, _ schema: ParquetSchema, dataEnd: Int) throws(ParquetError) {
        var total: Int64 = 0
        for (g, group) in m.rowGroups.enumerated() {
            guard group.numRows >= 0, group.numRows <= Int64(Int32.max) * 64 else {
                throw ParquetError.corrupt("row group \(g) claims \(group.numRows) rows")
            }
            total &+= group.numRows
            guard group.columns.count == schema.columns.count else {
                throw ParquetError.corrupt("row group \(g) has \(group.columns.count) column chunks but the schema has \(schema.columns.count) columns")
            }
            for (c, chunk) in group.columns.enumerated() {
                let column = schema.columns[c]
                let place = "row group \(g), column '\(column.name)'"
                if chunk.isEncrypted { throw ParquetError.unsupported("column '\(column.name)' is encrypted (Parquet modular encryption)") }
                if chunk.filePath != nil { throw ParquetError.unsupported("\(place): column data in another file (file_path)") }
                guard let meta = chunk.metaData else { throw ParquetError.corrupt("\(place): column chunk without metadata") }
                guard meta.type == column.physicalType else {
                    throw ParquetError.corrupt("\(place): chunk type \(meta.type) differs from the schema's \(column.physicalType)")
                }
                guard meta.numValues > 0 || group.numRows > 0 else { continue }
                let (start, size) = chunkRange(meta, createdBy: m.createdBy, dataEnd: dataEnd)
                guard start >= 4, size >= 0, start <= dataEnd, size <= dataEnd - start else {
                    throw ParquetError.corrupt("\(place): column chunk at offset \(start) of \(size) bytes lies outside the data region (4..<\(dataEnd))")
                }
            }
        }
        // Some writers leave the footer's num_rows at 0; the row groups' counts are what is read.
        guard total >= 0 else { throw .corrupt("the row groups' row counts overflow") }
    }

    /// Byte range of a column chunk. Some writers set dictionary_page_offset to 0
    /// (or past the data page) when there is no dictionary; such values are ignored.
    ///
    /// parquet-mr before 1.2.9 under-reported the size of chunks with a dictionary
    /// (PARQUET-816); as other readers do, up to 100 more bytes are read for its files.
    static func chunkRange(_ meta: ColumnMetaData, createdBy: String?, dataEnd: Int) -> (start: Int, size: Int) {
        var start = Int(meta.dataPageOffset)
        if let d = meta.dictionaryPageOffset, d > 0, d < meta.dataPageOffset { start = Int(d) }
        var size = Int(meta.totalCompressedSize)
        if let createdBy, Self.hasParquet816(createdBy), start >= 0, start < dataEnd, size >= 0 {
            size = min(size + 100, dataEnd - start)
        }
        return (start, size)
    }

    /// Whether `createdBy` names a parquet-mr version older than 1.2.9 (or none).
    static func hasParquet816(_ createdBy: String) -> Bool {
        guard createdBy.hasPrefix("parquet-mr") else { return false }
        let words = createdBy.split(separator: " ")
        guard let v = words.firstIndex(of: "version"), v + 1 < words.count else { return true }
        let numbers = words[v + 1].prefix { $0.isNumber || $0 == "." }.split(separator: ".").compactMap { Int($0) }
        guard numbers.count >= 3 else { return true }
        return (numbers[0], numbers[1], numbers[2]) < (1, 2, 9)
    }

    /// Number of rows.
    public var rowCount: Int { metadata.rowGroups.reduce(0) { $0 + Int($1.numRows) } }
    public var rowGroupCount: Int { metadata.rowGroups.count }

    /// The column named `name`, or an error listing the columns.
    public func column(named name: String) throws(ParquetError) -> ColumnDescriptor {
        guard let c = schema.column(named: name) else {
            throw ParquetError(.invalidArgument, "no column '\(name)'; columns are: \(schema.columns.map(\.name).joined(separator: ", "))", context: [source.name])
        }
        return c
    }

    /// Decodes the chunks of `column` in `rowGroups` into one decoder; a nested column only when `nested`
    /// (its levels are then kept for record assembly).
    func decode(column: Int, rowGroups: [Int], output: ChunkOutput, nested: Bool = false) throws -> ColumnChunkDecoder {
        let descriptor = schema.columns[column]
        if let reason = descriptor.unsupportedReason { throw ParquetError(.unsupported, reason, context: [source.name]) }
        if !nested, let reason = descriptor.flatReadRefusal { throw ParquetError(.unsupported, reason, context: [source.name]) }
        let rows = rowGroups.reduce(0) { $0 + Int(metadata.rowGroups[$1].numRows) }
        var decoder = ColumnChunkDecoder(column: descriptor, reserveRows: min(rows, DecodeLimits.pageValues))
        let chunkScratch = ScratchBuffer()
        for g in rowGroups {
            let group = metadata.rowGroups[g]
            do {
                guard let meta = group.columns[column].metaData else { throw ParquetError.corrupt("column chunk without metadata") }
                if group.numRows == 0 { continue }
                let (start, size) = Self.chunkRange(meta, createdBy: metadata.createdBy, dataEnd: fileSize - 8 - footerLength)
                let raw = try source.read(offset: start, count: size, into: chunkScratch)
                try decoder.decode(chunk: raw, codec: meta.codec, expectedRows: Int(group.numRows),
                                   declaredEntries: Int(clamping: meta.numValues), output: output)
            } catch let error as ParquetError {
                throw error.within("row group \(g), column '\(descriptor.name)'").within(source.name)
            }
        }
        return decoder
    }

    func checkIndices(column: Int, rowGroups: [Int]) throws(ParquetError) {
        guard schema.columns.indices.contains(column) else {
            throw ParquetError(.invalidArgument, "column index \(column) out of range", context: [source.name])
        }
        for g in rowGroups where !metadata.rowGroups.indices.contains(g) {
            throw ParquetError(.invalidArgument, "row group \(g) out of range (the file has \(metadata.rowGroups.count))", context: [source.name])
        }
    }

    /// Reads one column chunk as materialised values.
    public func readColumnChunk(rowGroup: Int, column: Int) throws(ParquetError) -> ColumnData {
        try readColumn(column, rowGroups: [rowGroup])
    }

    /// Reads one column chunk as (dictionary, indices) when all its data pages are
    /// dictionary-encoded; nil when some page fell back to another encoding.
    public func readDictionaryChunk(rowGroup: Int, column: Int) throws(ParquetError) -> DictionaryColumnData? {
        try checkIndices(column: column, rowGroups: [rowGroup])
        do {
            return try decode(column: column, rowGroups: [rowGroup], output: .dictionary).dictionaryData()
        } catch is NotDictionaryEncoded {
            return nil
        } catch let error as ParquetError {
            throw error
        } catch {
            throw ParquetError(.corrupt, "\(error)", context: [source.name])
        }
    }

    /// Reads a whole column (or only `rowGroups`), all chunks into one array per column.
    public func readColumn(_ column: Int, rowGroups: [Int]? = nil) throws(ParquetError) -> ColumnData {
        let groups = rowGroups ?? Array(metadata.rowGroups.indices)
        try checkIndices(column: column, rowGroups: groups)
        do {
            return try decode(column: column, rowGroups: groups, output: .values).columnData()
        } catch let error as ParquetError {
            throw error
        } catch {
            throw ParquetError(.corrupt, "\(error)", context: [source.name])
        }
    }

    /// Reads the named columns (all when nil) of the given row groups (all when nil).
    ///
    /// Columns are decoded on up to `threads` threads at once (by default one per processor).
    public func read(columns names: [String]? = nil, rowGroups: [Int]? = nil, threads: Int? = nil) throws(ParquetError) -> [ColumnData] {
        let indices: [Int]
        if let names {
            var found: [Int] = []
            for name in names { found.append(try column(named: name).index) }
            indices = found
        } else {
            indices = schema.columns.map(\.index)
        }
        return try Parallel.map(indices.count, threads: threads) { (k) throws(ParquetError) in try readColumn(indices[k], rowGroups: rowGroups) }
    }
}

