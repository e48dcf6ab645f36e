// A Delta table: opening snapshots (time travel by version or timestamp),
// reading its rows as columns (or chunk by chunk, dictionary-encoded column
// chunks kept as dictionary and indices), and committing new versions.
// Reads take the columns in parallel and open the data files a batch at a
// time, once for all columns.
//
// Commit protocol: the next version file is created only if absent — the
// actions are written to a temporary file in `_delta_log/`, fsynced, then
// hard-linked to `<version>.json`; link(2) fails if the name exists, so two
// writers can never both win a version, and a reader never sees a partial
// commit. The loser re-reads the versions it missed and retries on top of
// them when their changes do not conflict with its own.

import Foundation
import Parquet

/// A Delta table in a folder.
public struct DeltaTable: Sendable {
    public let log: DeltaLog
    public var path: String { log.tablePath }

    public init(path: String) {
        log = DeltaLog(tablePath: path)
    }

    /// Whether the table has at least one commit (a `_delta_log` left empty by a crash during creation does not count).
    public var exists: Bool {
        guard let versions = try? log.versions() else { return false }
        return !versions.isEmpty
    }

    /// The table at `version`, or the latest.
    public func snapshot(version: Int64? = nil) throws(LakeError) -> DeltaSnapshot {
        try DeltaSnapshot(log: log, version: version)
    }

    /// The table as it was at `timestamp` (milliseconds since the epoch): the last version committed at or before it.
    public func snapshot(asOf timestamp: Int64) throws(LakeError) -> DeltaSnapshot {
        let listing = try log.list()
        let versions = listing.commits.sorted { $0.key < $1.key }
        guard let first = versions.first else { throw LakeError(.corrupt, "the table has no commit", context: [path]) }
        guard first.value <= timestamp else {
            throw LakeError(.invalidArgument, "the table did not exist yet at \(Self.text(timestamp)): its first commit is from \(Self.text(first.value))",
                            context: [path])
        }
        let version = versions.last { $0.value <= timestamp }?.key ?? first.key
        return try snapshot(version: version)
    }

    static func text(_ millis: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}

// MARK: - Reading

/// A piece of one column of a lake table, in the table's type; a column's pieces, in order, are its rows.
public enum DeltaColumnChunk: Sendable {
    /// A column chunk (one row group of one data file) whose data pages are all dictionary-encoded: its dictionary,
    /// converted to the table's type, and each non-null row's index into it.
    case dictionary(DictionaryColumnData)
    /// Rows as values: a column chunk not (wholly) dictionary-encoded, a file's partition value, or the null rows of a
    /// file written before the column was added.
    case values(ColumnData)
}

extension DeltaSnapshot {
    /// The table's rows: one ColumnData per column (all, or `columns`), in schema order,
    /// partition values included, files in path order. Columns are read on several threads at once.
    public func read(columns names: [String]? = nil) throws(LakeError) -> [ColumnData] {
        try scan(columns: names, dictionaries: false) { (target) throws(LakeError) in
            ColumnBuilder(field: target.parquet, index: target.index)
        } append: { (_, builder, piece) throws(LakeError) in
            // Without dictionaries, every piece is rows.
            guard case let .rows(rows) = piece else { return }
            try builder.append(rows)
        } finish: { $0.finish() }
    }

    /// The table's rows column by column (all, or `columns`), chunk by chunk, without materialising the values of
    /// dictionary-encoded column chunks: each column starts as `start(field)`, takes each of its chunks in row order
    /// through `append`, and ends as `finish(column)`. Columns are read on several threads at once (one per
    /// processor), so `append` and `finish` are called concurrently, each time for a different column.
    public func readChunks<Column, Result>(columns names: [String]? = nil, start: (DeltaField) throws(LakeError) -> Column,
                                           append: (inout Column, DeltaColumnChunk) throws(LakeError) -> Void,
                                           finish: (Column) throws(LakeError) -> Result) throws(LakeError) -> [Result] {
        try scan(columns: names, dictionaries: true) { (target) throws(LakeError) in
            try start(target.field)
        } append: { (target, column, piece) throws(LakeError) in
            switch piece {
            case let .dictionary(chunk): try append(&column, .dictionary(chunk))
            case let .rows(rows):
                var builder = ColumnBuilder(field: target.parquet, index: target.index)
                try builder.append(rows)
                try append(&column, .values(builder.finish()))
            }
        } finish: { (column) throws(LakeError) in try finish(column) }
    }

    /// A column to read: its field, its Parquet form, its position among the columns read.
    struct ColumnTarget {
        let field: DeltaField
        let parquet: ParquetField
        let index: Int
    }

    /// One column's rows in one data file, as read from it.
    enum FilePiece {
        /// A wholly dictionary-encoded row group, its dictionary already in the table's type.
        case dictionary(DictionaryColumnData)
        case rows(FileRows)
    }

    /// Rows of one column in one data file, before conversion to the table's type.
    enum FileRows {
        /// Values as the file stores them.
        case values(ColumnData)
        /// A partition value (Spark's text form, nil for null) repeated for each row of the file.
        case partition(String?, rows: Int)
        /// A column added after the file was written: null in each of its rows.
        case missing(rows: Int)
    }

    /// At most this many data files are open at once (each holds a file descriptor).
    static let openFilesAtOnce = 64

    /// Reads the columns `names` (all when nil) file by file, each column's pieces in row order through `append`, then
    /// `finish`es each column. Columns run in parallel; files are opened a batch at a time, once for all columns.
    func scan<Column, Result>(columns names: [String]?, dictionaries: Bool, start: (ColumnTarget) throws(LakeError) -> Column,
                              append: (ColumnTarget, inout Column, FilePiece) throws(LakeError) -> Void,
                              finish: (Column) throws(LakeError) -> Result) throws(LakeError) -> [Result] {
        let wanted = try (names ?? schema.fields.map(\.name)).map { (name) throws(LakeError) -> DeltaField in
            guard let f = schema.field(named: name) else {
                throw LakeError(.invalidArgument, "no column '\(name)'; columns are: \(schema.fields.map(\.name).joined(separator: ", "))",
                                context: [tablePath])
            }
            return f
        }
        let targets = try wanted.enumerated().map { (i, f) throws(LakeError) in ColumnTarget(field: f, parquet: try f.parquetField(), index: i) }
        // A column's state is touched only by the worker reading that column; it is taken out of its slot to finish,
        // so that what it holds is freed as soon as its result is made.
        var columns: [Column?] = []
        for target in targets { columns.append(try start(target)) }
        var results: [Result] = []
        let batches = files.isEmpty ? [0..<0] : stride(from: 0, to: files.count, by: Self.openFilesAtOnce).map {
            $0..<Swift.min($0 + Self.openFilesAtOnce, files.count)
        }
        for batch in batches {
            var readers: [ParquetFileReader] = []
            for file in files[batch] {
                do { readers.append(try ParquetFileReader(path: Self.resolve(file.path, tablePath: tablePath))) } catch {
                    throw LakeError(.corrupt, error.description).within(file.path).within(tablePath)
                }
            }
            let isLast = batch.upperBound == files.count
            let finished = try columns.withUnsafeMutableBufferPointer { (slots) throws(LakeError) -> [Result?] in
                try Parallel.map(targets.count, threads: nil) { (k) throws(LakeError) -> Result? in
                    let target = targets[k]
                    for (file, reader) in zip(files[batch], readers) {
                        do throws(LakeError) {
                            try pieces(of: target, in: file, reader: reader, dictionaries: dictionaries) { (piece) throws(LakeError) in
                                try append(target, &slots[k]!, piece)
                            }
                        } catch {
                            throw error.within(file.path).within(tablePath)
                        }
                    }
                    guard isLast, let column = slots[k] else { return nil }
                    slots[k] = nil
                    return try finish(column)
                }
            }
            results = finished.compactMap { $0 }
        }
        return results
    }

    /// One column's pieces in one data file, in row order: with `dictionaries`, each row group whose pages are all
    /// dictionary-encoded (and whose dictionary converts to the table's type) as its dictionary, any other row group as
    /// values; without, the file's values at once.
    private func pieces(of target: ColumnTarget, in file: DeltaAddFile, reader: ParquetFileReader, dictionaries: Bool,
                        _ body: (FilePiece) throws(LakeError) -> Void) throws(LakeError) {
        func parquet<T>(_ read: () throws(ParquetError) -> T) throws(LakeError) -> T {
            do { return try read() } catch { throw LakeError(.corrupt, error.description) }
        }
        // With column mapping, data files and partition values use the physical name.
        let stored = target.field.physicalName
        if metadata.partitionColumns.contains(target.field.name) {
            return try body(.rows(.partition(file.partitionValues[stored] ?? file.partitionValues[target.field.name] ?? nil, rows: reader.rowCount)))
        }
        guard let column = reader.schema.column(named: stored) else { return try body(.rows(.missing(rows: reader.rowCount))) }
        guard dictionaries else { return try body(.rows(.values(try parquet { () throws(ParquetError) in try reader.readColumn(column.index) }))) }
        for group in 0..<reader.rowGroupCount {
            if let chunk = try parquet({ () throws(ParquetError) in try reader.readDictionaryChunk(rowGroup: group, column: column.index) }),
               let converted = Self.converted(chunk, to: target) {
                try body(.dictionary(converted))
            } else {
                try body(.rows(.values(try parquet { () throws(ParquetError) in try reader.readColumnChunk(rowGroup: group, column: column.index) })))
            }
        }
    }

    /// `chunk` with its dictionary in the table's type, or nil when some entry does not convert (read as values
    /// instead, so that an entry no row uses cannot fail the read, and one that a row uses fails it as usual).
    private static func converted(_ chunk: DictionaryColumnData, to target: ColumnTarget) -> DictionaryColumnData? {
        var builder = ColumnBuilder(field: target.parquet, index: target.index)
        do {
            try builder.append(ColumnData(descriptor: chunk.descriptor, values: chunk.dictionary, validity: nil, rowCount: chunk.dictionary.count))
        } catch {
            return nil
        }
        var converted = chunk
        converted.descriptor = builder.descriptor
        converted.dictionary = builder.finish().values
        return converted
    }

    /// A data file's path on disk: relative paths are under the table; `file:` URIs are absolute.
    static func resolve(_ path: String, tablePath: String) -> String {
        if path.hasPrefix("file://") { return String(path.dropFirst(7)) }
        if path.hasPrefix("file:") { return String(path.dropFirst(5)) }
        if path.hasPrefix("/") { return path }
        return tablePath + "/" + path
    }

    /// Total rows, from the files' statistics when present, else from their footers.
    public func rowCount() throws(LakeError) -> Int {
        var total = 0
        for file in files {
            if let stats = file.stats, let json = try? JSONValue.parse(stats), let n = json["numRecords"]?.int64Value {
                total += Int(n)
            } else {
                do { total += try ParquetFileReader(path: Self.resolve(file.path, tablePath: tablePath)).rowCount } catch {
                    throw LakeError(.corrupt, error.description, context: [tablePath, file.path])
                }
            }
        }
        return total
    }
}

extension ColumnBuilder {
    /// Appends a file's rows, converted to the table's type.
    mutating func append(_ rows: DeltaSnapshot.FileRows) throws(LakeError) {
        switch rows {
        case let .values(data): try append(data)
        case let .partition(text, count): try appendPartitionValue(text, rows: count)
        case let .missing(count): appendNulls(count)
        }
    }
}
