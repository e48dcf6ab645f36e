// A Delta table: opening snapshots (time travel by version or timestamp),
// reading its rows as columns, and committing new versions.
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

extension DeltaSnapshot {
    /// The table's rows: one ColumnData per column (all, or `columns`), in schema order,
    /// partition values included, files in path order.
    public func read(columns names: [String]? = nil) throws(LakeError) -> [ColumnData] {
        let wanted = try (names ?? schema.fields.map(\.name)).map { (name) throws(LakeError) -> DeltaField in
            guard let f = schema.field(named: name) else {
                throw LakeError(.invalidArgument, "no column '\(name)'; columns are: \(schema.fields.map(\.name).joined(separator: ", "))",
                                context: [tablePath])
            }
            return f
        }
        let targets = try wanted.enumerated().map { (i, f) throws(LakeError) in (f, try f.parquetField(), i) }
        var builders = targets.map { ColumnBuilder(field: $0.1, index: $0.2) }
        for file in files {
            let filePath = Self.resolve(file.path, tablePath: tablePath)
            do throws(LakeError) {
                let reader: ParquetFileReader
                do { reader = try ParquetFileReader(path: filePath) } catch { throw LakeError(.corrupt, error.description) }
                let rows = reader.rowCount
                for (k, (field, _, _)) in targets.enumerated() {
                    // With column mapping, data files and partition values use the physical name.
                    let stored = field.physicalName
                    if metadata.partitionColumns.contains(field.name) {
                        let text = file.partitionValues[stored] ?? file.partitionValues[field.name] ?? nil
                        try builders[k].appendPartitionValue(text, rows: rows)
                    } else if let column = reader.schema.column(named: stored) {
                        let data: ColumnData
                        do { data = try reader.readColumn(column.index) } catch { throw LakeError(.corrupt, error.description) }
                        try builders[k].append(data)
                    } else {
                        // A column added after this file was written: null in its rows.
                        builders[k].appendNulls(rows)
                    }
                }
            } catch {
                throw error.within(file.path).within(tablePath)
            }
        }
        return builders.map { $0.finish() }
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
