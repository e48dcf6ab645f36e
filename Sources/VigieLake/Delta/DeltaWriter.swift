// Writing rows to a Delta table: each batch becomes one Parquet data file
// (fsynced, with its statistics in the add action) and one commit. A
// crash before the commit leaves only an unreferenced file, which vacuum
// removes; the table stays exactly at its last version.

import Foundation
import Parquet

/// How new rows relate to the table's current rows.
public enum DeltaWriteMode: Sendable {
    case append
    /// Replace every current file.
    case overwrite
}

extension DeltaTable {
    /// Creates an empty table (version 0). Fails if a table already exists at `path`.
    @discardableResult
    public static func create(path: String, schema: DeltaSchema, name: String? = nil, description: String? = nil,
                              configuration: [String: String] = [:], info: [(String, JSONValue)] = []) throws(LakeError) -> DeltaTable {
        for field in schema.fields { _ = try field.parquetField() }
        let table = DeltaTable(path: path)
        let metadata = DeltaMetadata(name: name, description: description, schemaString: schema.jsonString, configuration: configuration,
                                     createdTime: Int64(Date().timeIntervalSince1970 * 1000))
        try table.commit([.protocol(DeltaProtocol(minReaderVersion: 1, minWriterVersion: 2)), .metadata(metadata)],
                         readVersion: nil, operation: .createTable, info: info)
        return table
    }

    /// Writes `columns` (one per schema field, in order) as a new data file and commits it.
    /// `info` is added to commitInfo (Vigie's lineage: pipeline, source file, its hash, row counts);
    /// `transaction` records an application's progress in the same commit (idempotent writers).
    /// Returns the new version.
    @discardableResult
    public func write(_ columns: [ColumnData], mode: DeltaWriteMode = .append, info: [(String, JSONValue)] = [],
                      transaction: DeltaTransaction? = nil, options: ParquetWriterOptions = ParquetWriterOptions()) throws(LakeError) -> Int64 {
        let snapshot = try writableSnapshot()
        let file = try DeltaDataFile(table: self, schema: snapshot.schema, options: options)
        do {
            try file.append(columns)
            return try commit(files: [file.finish()].compactMap { $0 }, on: snapshot, mode: mode, info: info, transaction: transaction)
        } catch {
            file.discard()
            throw error
        }
    }

    /// The current snapshot, after checking that Vigie can write to the table.
    func writableSnapshot() throws(LakeError) -> DeltaSnapshot {
        let snapshot = try snapshot()
        guard snapshot.metadata.partitionColumns.isEmpty else {
            throw LakeError(.unsupported, "writing to a partitioned table is not supported (partitioned by \(snapshot.metadata.partitionColumns.joined(separator: ", ")))",
                            context: [path])
        }
        guard !snapshot.usesColumnMapping else {
            throw LakeError(.unsupported, "writing to a table with column mapping is not supported", context: [path])
        }
        for feature in snapshot.protocol.writerFeatures ?? [] where !DeltaSnapshot.supportedWriterFeatures.contains(feature) {
            throw LakeError(.unsupported, "the table requires the writer feature \(feature), which Vigie does not support", context: [path])
        }
        guard snapshot.protocol.minWriterVersion <= 2 || snapshot.protocol.writerFeatures != nil else {
            throw LakeError(.unsupported, "the table requires writer version \(snapshot.protocol.minWriterVersion); Vigie writes versions up to 2 and named features",
                            context: [path])
        }
        return snapshot
    }

    /// Commits data files written for `snapshot` (see DeltaDataFile): added to the table, or replacing every
    /// current file. When `schema` is given and adds columns to the table's, the new schema is in the same commit.
    @discardableResult
    func commit(files: [DeltaAddFile], on snapshot: DeltaSnapshot, mode: DeltaWriteMode, schema: DeltaSchema? = nil,
                info: [(String, JSONValue)] = [], transaction: DeltaTransaction? = nil) throws(LakeError) -> Int64 {
        var actions: [DeltaAction] = transaction.map { [.transaction($0)] } ?? []
        var info = info
        if let schema, schema != snapshot.schema {
            let added = try snapshot.schema.checkEvolution(to: schema, table: path)
            var metadata = snapshot.metadata
            metadata.schemaString = schema.jsonString
            actions.append(.metadata(metadata))
            info.append(("vigie.addedColumns", .array(added.map { .string($0.name) })))
        }
        actions += files.map(DeltaAction.add)
        if mode == .overwrite {
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            for file in snapshot.files {
                actions.append(.remove(DeltaRemoveFile(path: file.path, deletionTimestamp: now, dataChange: true,
                                                       partitionValues: file.partitionValues, size: file.size)))
            }
        }
        return try commit(actions, readVersion: snapshot.version, operation: mode == .append ? .append : .overwrite, info: info)
    }
}

/// A data file being written for a later commit: rows arrive in parts, each becoming row groups, and
/// `finish()` gives the file's add action. Until a commit references it, it is an unreferenced file in the
/// table's folder, which vacuum removes if the writer never gets that far. Parts are encoded and written
/// on a thread of the file's own while the caller prepares the next one.
final class DeltaDataFile: @unchecked Sendable {
    let table: DeltaTable
    let schema: DeltaSchema
    let name: String
    private let writer: ParquetFileWriter
    private let queue = DispatchQueue(label: "vigie.delta.datafile")
    /// Parts handed over and not yet written: at most one waiting while one is written.
    private let inFlight = DispatchSemaphore(value: 2)
    private let lock = NSLock()
    private var failure: LakeError?
    private(set) var rows = 0

    init(table: DeltaTable, schema: DeltaSchema, options: ParquetWriterOptions = ParquetWriterOptions()) throws(LakeError) {
        self.table = table
        self.schema = schema
        let codec = options.codec == .snappy ? "snappy." : options.codec == .gzip ? "gz." : options.codec == .zstd ? "zstd." : ""
        name = "part-00000-\(UUID().uuidString.lowercased())-c000.\(codec)parquet"
        let fields = try schema.fields.map { (f) throws(LakeError) in try f.parquetField() }
        do { writer = try ParquetFileWriter(path: table.path + "/" + name, fields: fields, options: options) } catch {
            throw LakeError(.io, error.description, context: [table.path])
        }
    }

    var path: String { table.path + "/" + name }

    /// Hands rows over to be written: one column per schema field, in order. A failure to write shows at the
    /// next append or at finish.
    func append(_ columns: [ColumnData]) throws(LakeError) {
        guard columns.count == schema.fields.count else {
            throw LakeError(.invalidArgument, "\(columns.count) columns given for the table's \(schema.fields.count)", context: [table.path])
        }
        try check()
        rows += columns.first?.rowCount ?? 0
        inFlight.wait()
        queue.async { [self] in
            defer { inFlight.signal() }
            guard lock.withLock({ failure == nil }) else { return }
            do throws(ParquetError) { try writer.write(columns) } catch {
                let failure = LakeError(.invalidArgument, error.description, context: [table.path])
                lock.withLock { self.failure = failure }
            }
        }
    }

    private func check() throws(LakeError) {
        if let failure = lock.withLock({ failure }) { throw failure }
    }

    /// Closes and fsyncs the file and returns its add action (nil, and no file, when no row was written).
    func finish() throws(LakeError) -> DeltaAddFile? {
        queue.sync {}
        try check()
        do { try writer.close() } catch { throw LakeError(.io, error.description, context: [table.path]) }
        guard rows > 0 else {
            unlink(path)
            return nil
        }
        try Durable.sync(path)
        Durable.syncDirectory(table.path)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        let reader: ParquetFileReader
        do { reader = try ParquetFileReader(path: path) } catch { throw LakeError(.io, error.description, context: [table.path]) }
        return DeltaAddFile(path: name, size: size, modificationTime: Int64(Date().timeIntervalSince1970 * 1000), dataChange: true,
                            stats: DeltaStatistics.json(reader, schema: schema).description)
    }

    /// Removes the file (the write was abandoned).
    func discard() {
        lock.withLock { failure = LakeError(.invalidArgument, "the data file was discarded", context: [table.path]) }
        queue.sync {}
        try? writer.close()
        unlink(path)
    }
}

extension DeltaStatistics {
    /// The stats JSON of a data file, from its Parquet footer.
    static func json(_ reader: ParquetFileReader, schema: DeltaSchema) -> JSONValue {
        var minimums: [(String, JSONValue)] = []
        var maximums: [(String, JSONValue)] = []
        var nulls: [(String, JSONValue)] = []
        for field in schema.fields {
            guard let column = reader.schema.column(named: field.physicalName) else { continue }
            var nullCount: Int64 = 0
            var lo: ParquetValue?
            var hi: ParquetValue?
            var complete = true
            for group in reader.metadata.rowGroups {
                let statistics = group.columns[column.index].metaData?.statistics
                if let n = statistics?.nullCount { nullCount += n } else { complete = false }
                if let (l, h) = column.bounds(statistics) {
                    lo = lo.map { Swift.min($0, l) } ?? l
                    hi = hi.map { Swift.max($0, h) } ?? h
                }
            }
            if complete { nulls.append((field.name, .integer(nullCount))) }
            if let lo, let v = statisticValue(lo, field.type, roundUp: false) { minimums.append((field.name, v)) }
            if let hi, let v = statisticValue(hi, field.type, roundUp: true) { maximums.append((field.name, v)) }
        }
        return .object([("numRecords", .integer(Int64(reader.rowCount))), ("minValues", .object(minimums)),
                        ("maxValues", .object(maximums)), ("nullCount", .object(nulls))])
    }

    /// A bound in the JSON form Delta readers expect; nil where no exact form exists (binary, wide decimals).
    static func statisticValue(_ value: ParquetValue, _ type: DeltaType, roundUp: Bool) -> JSONValue? {
        switch (type, value) {
        case (.long, .int(let i)), (.integer, .int(let i)), (.short, .int(let i)), (.byte, .int(let i)): return .integer(i)
        case (.float, .double(let d)), (.double, .double(let d)): return d.isFinite ? .number(d) : nil
        case (.string, .bytes(let b)):
            // Truncated strings would need care at the max; long values are left out.
            guard b.count <= 32, let s = String(validating: b, as: UTF8.self) else { return nil }
            return .string(s)
        case (.date, .int(let days)): return .string(CivilDate.dateText(days: days))
        case (.timestamp, .int(let micros)), (.timestampNtz, .int(let micros)):
            // Delta keeps milliseconds: round the maximum up so no value lies above it.
            var millis = micros >= 0 || micros % 1000 == 0 ? micros / 1000 : micros / 1000 - 1
            if roundUp && millis * 1000 < micros { millis += 1 }
            let text = CivilDate.timestampText(millis, unit: .millis, utc: true)
            return .string(type == .timestampNtz ? String(text.dropLast()) : text)
        case (let .decimal(precision, scale), .decimal(let unscaled)) where precision <= 15:
            return Double(decimalText(unscaled, scale: scale)).map(JSONValue.number)
        default:
            return nil
        }
    }
}
