// Checkpoints: Parquet files holding the whole state of a table at a
// version, one action per row in nested columns (txn, add, remove,
// metaData, protocol), as Spark and delta-rs write them. Vigie reads
// single- and multi-part checkpoints, and writes one every ten commits so a
// table fed by live events every few seconds still opens fast: replay then
// starts from the checkpoint instead of from version 0.

import Foundation
import Parquet

enum DeltaCheckpoint {
    /// Commits between checkpoints.
    static let interval: Int64 = 10
    /// Tombstones younger than this stay in checkpoints (Delta's default deletedFileRetentionDuration).
    static let tombstoneRetention: Int64 = 7 * 24 * 3600 * 1000

    /// The actions of the checkpoint at `version` (all its parts): protocol and metadata first, then
    /// removes, then adds, so replaying them in order gives the checkpoint's state.
    static func read(log: DeltaLog, version: Int64, parts: [String]) throws(LakeError) -> [DeltaAction] {
        var first: [DeltaAction] = []
        var removes: [DeltaAction] = []
        var adds: [DeltaAction] = []
        for part in parts {
            let path = log.logPath + "/" + part
            let reader: ParquetFileReader
            do { reader = try ParquetFileReader(path: path) } catch {
                throw LakeError(.corrupt, error.description, context: [log.tablePath, "checkpoint \(version)"])
            }
            let present = Set(reader.schema.fields.map(\.name))
            for name in ["protocol", "metaData", "txn", "remove", "add"] where present.contains(name) {
                let values: [NestedValue]
                do { values = try reader.readNested(field: name) } catch {
                    throw LakeError(.corrupt, error.description, context: [log.tablePath, "checkpoint \(version)"])
                }
                do throws(LakeError) {
                    for value in values where !value.isNull {
                        let action = try DeltaAction.decode(.object([(name, json(value))]))
                        switch action {
                        case .add: adds.append(action)
                        case .remove: removes.append(action)
                        default: first.append(action)
                        }
                    }
                } catch {
                    throw error.within("checkpoint \(version), column \(name)").within(log.tablePath)
                }
            }
        }
        return first + removes + adds
    }

    /// A checkpoint value as JSON, so the commit-file decoder reads it.
    static func json(_ value: NestedValue) -> JSONValue {
        switch value {
        case .null: return .null
        case let .boolean(b): return .bool(b)
        case let .int(i): return .integer(i)
        case let .float(d): return .number(d)
        case let .bytes(b): return .string(String(decoding: b, as: UTF8.self))
        case let .list(items): return .array(items.map(json))
        case let .map(entries): return .object(entries.map { (String(decoding: $0.key.string.map { Array($0.utf8) } ?? [], as: UTF8.self), json($0.value)) })
        case let .record(fields): return .object(fields.map { ($0.name, json($0.value)) })
        }
    }

    // MARK: Writing

    static func stringMap(_ name: String) -> ParquetSchemaNode {
        .map(name: name, nullable: true, key: .string("key", nullable: false), value: .leaf(.string("value")))
    }

    static func stringList(_ name: String) -> ParquetSchemaNode {
        .list(name: name, nullable: true, element: .leaf(.string("element")))
    }

    /// The checkpoint schema (the fields delta-rs and Spark write and read).
    static let schema: [ParquetSchemaNode] = [
        .group(name: "txn", nullable: true, children: [.leaf(.string("appId")), .leaf(.int64("version")), .leaf(.int64("lastUpdated"))]),
        .group(name: "add", nullable: true, children: [
            .leaf(.string("path")), stringMap("partitionValues"), .leaf(.int64("size")), .leaf(.int64("modificationTime")),
            .leaf(.boolean("dataChange")), .leaf(.string("stats")), stringMap("tags"),
        ]),
        .group(name: "remove", nullable: true, children: [
            .leaf(.string("path")), .leaf(.int64("deletionTimestamp")), .leaf(.boolean("dataChange")),
            .leaf(.boolean("extendedFileMetadata")), stringMap("partitionValues"), .leaf(.int64("size")),
        ]),
        .group(name: "metaData", nullable: true, children: [
            .leaf(.string("id")), .leaf(.string("name")), .leaf(.string("description")),
            .group(name: "format", nullable: true, children: [.leaf(.string("provider")), stringMap("options")]),
            .leaf(.string("schemaString")), stringList("partitionColumns"), stringMap("configuration"), .leaf(.int64("createdTime")),
        ]),
        .group(name: "protocol", nullable: true, children: [
            .leaf(.int32("minReaderVersion")), .leaf(.int32("minWriterVersion")), stringList("readerFeatures"), stringList("writerFeatures"),
        ]),
    ]

    static func text(_ s: String?) -> NestedValue { s.map(NestedValue.string) ?? .null }

    static func map(_ m: [String: String?]?) -> NestedValue {
        guard let m else { return .null }
        return .map(m.sorted { $0.key < $1.key }.map { (key: NestedValue.string($0.key), value: text($0.value)) })
    }

    static func list(_ items: [String]?) -> NestedValue {
        items.map { .list($0.map(NestedValue.string)) } ?? .null
    }

    /// One checkpoint row per action: the action in its column, the other columns null.
    static func rows(_ snapshot: DeltaSnapshot, now: Int64) -> [[NestedValue]] {
        var rows: [[NestedValue]] = []
        func row(_ column: Int, _ value: NestedValue) -> [NestedValue] {
            var r = [NestedValue](repeating: .null, count: 5)
            r[column] = value
            return r
        }
        let p = snapshot.protocol
        rows.append(row(4, .record([
            NestedField(name: "minReaderVersion", value: .int(Int64(p.minReaderVersion))),
            NestedField(name: "minWriterVersion", value: .int(Int64(p.minWriterVersion))),
            NestedField(name: "readerFeatures", value: list(p.readerFeatures)),
            NestedField(name: "writerFeatures", value: list(p.writerFeatures)),
        ])))
        let m = snapshot.metadata
        rows.append(row(3, .record([
            NestedField(name: "id", value: .string(m.id)), NestedField(name: "name", value: text(m.name)),
            NestedField(name: "description", value: text(m.description)),
            NestedField(name: "format", value: .record([NestedField(name: "provider", value: .string(m.formatProvider)),
                                                        NestedField(name: "options", value: map(m.formatOptions))])),
            NestedField(name: "schemaString", value: .string(m.schemaString)),
            NestedField(name: "partitionColumns", value: list(m.partitionColumns)),
            NestedField(name: "configuration", value: map(m.configuration)),
            NestedField(name: "createdTime", value: m.createdTime.map(NestedValue.int) ?? .null),
        ])))
        for t in snapshot.transactions.values.sorted(by: { $0.appId < $1.appId }) {
            rows.append(row(0, .record([NestedField(name: "appId", value: .string(t.appId)), NestedField(name: "version", value: .int(t.version)),
                                        NestedField(name: "lastUpdated", value: t.lastUpdated.map(NestedValue.int) ?? .null)])))
        }
        for a in snapshot.files {
            rows.append(row(1, .record([
                NestedField(name: "path", value: .string(DeltaPath.encode(a.path))), NestedField(name: "partitionValues", value: map(a.partitionValues)),
                NestedField(name: "size", value: .int(a.size)), NestedField(name: "modificationTime", value: .int(a.modificationTime)),
                NestedField(name: "dataChange", value: .boolean(false)), NestedField(name: "stats", value: text(a.stats)),
                NestedField(name: "tags", value: map(a.tags)),
            ])))
        }
        for r in snapshot.tombstones where (r.deletionTimestamp ?? 0) >= now - tombstoneRetention {
            rows.append(row(2, .record([
                NestedField(name: "path", value: .string(DeltaPath.encode(r.path))),
                NestedField(name: "deletionTimestamp", value: r.deletionTimestamp.map(NestedValue.int) ?? .null),
                NestedField(name: "dataChange", value: .boolean(false)), NestedField(name: "extendedFileMetadata", value: .boolean(r.partitionValues != nil)),
                NestedField(name: "partitionValues", value: map(r.partitionValues)), NestedField(name: "size", value: r.size.map(NestedValue.int) ?? .null),
            ])))
        }
        return rows
    }

    /// Writes the checkpoint of `snapshot` and points `_last_checkpoint` at it.
    static func write(_ snapshot: DeltaSnapshot, log: DeltaLog) throws(LakeError) {
        let name = String(DeltaLog.fileName(version: snapshot.version).dropLast(5)) + ".checkpoint.parquet"
        let target = log.logPath + "/" + name
        let temporary = log.logPath + "/.tmp-\(UUID().uuidString.lowercased()).checkpoint.parquet"
        let rows = Self.rows(snapshot, now: Int64(Date().timeIntervalSince1970 * 1000))
        do {
            try ParquetFileWriter.write(path: temporary, schema: schema, rows: rows)
        } catch {
            unlink(temporary)
            throw LakeError(.io, "cannot write the checkpoint: \(error)", context: [log.tablePath])
        }
        try Durable.sync(temporary)
        guard rename(temporary, target) == 0 else {
            unlink(temporary)
            throw LakeError(.io, "cannot create \(target): \(String(cString: strerror(errno)))")
        }
        let last = JSONValue.object([("version", .integer(snapshot.version)), ("size", .integer(Int64(rows.count)))]).description
        let lastTemporary = log.logPath + "/.tmp-\(UUID().uuidString.lowercased())"
        try Durable.write(Array(last.utf8), to: lastTemporary)
        guard rename(lastTemporary, log.logPath + "/_last_checkpoint") == 0 else {
            unlink(lastTemporary)
            throw LakeError(.io, "cannot update _last_checkpoint: \(String(cString: strerror(errno)))")
        }
        Durable.syncDirectory(log.logPath)
    }
}
