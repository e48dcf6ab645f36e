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
        let fields = try snapshot.schema.fields.map { (f) throws(LakeError) in try f.parquetField() }
        guard columns.count == fields.count else {
            throw LakeError(.invalidArgument, "\(columns.count) columns given for the table's \(fields.count)", context: [path])
        }
        var actions: [DeltaAction] = transaction.map { [.transaction($0)] } ?? []
        let rows = columns.first?.rowCount ?? 0
        if rows > 0 {
            actions.append(.add(try writeDataFile(columns, fields: fields, schema: snapshot.schema, options: options)))
        }
        if mode == .overwrite {
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            for file in snapshot.files {
                actions.append(.remove(DeltaRemoveFile(path: file.path, deletionTimestamp: now, dataChange: true,
                                                       partitionValues: file.partitionValues, size: file.size)))
            }
        }
        return try commit(actions, readVersion: snapshot.version, operation: mode == .append ? .append : .overwrite, info: info)
    }

    /// Writes one Parquet data file into the table's folder and returns its add action.
    func writeDataFile(_ columns: [ColumnData], fields: [ParquetField], schema: DeltaSchema, options: ParquetWriterOptions) throws(LakeError) -> DeltaAddFile {
        let name = "part-00000-\(UUID().uuidString.lowercased())-c000.\(options.codec == .snappy ? "snappy." : options.codec == .gzip ? "gz." : options.codec == .zstd ? "zstd." : "")parquet"
        let file = path + "/" + name
        do {
            try ParquetFileWriter.write(path: file, fields: fields, columns: columns, options: options)
        } catch {
            unlink(file)
            throw LakeError(.invalidArgument, error.description, context: [path])
        }
        try Durable.sync(file)
        Durable.syncDirectory(path)
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int64) ?? 0
        let reader: ParquetFileReader
        do { reader = try ParquetFileReader(path: file) } catch { throw LakeError(.io, error.description, context: [path]) }
        return DeltaAddFile(path: name, size: size, modificationTime: Int64(Date().timeIntervalSince1970 * 1000), dataChange: true,
                            stats: DeltaStatistics.json(reader, schema: schema).description)
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
