// The actions of a Delta Lake log (PROTOCOL.md of delta-io/delta): each
// commit file `_delta_log/<version, 20 digits>.json` holds one JSON action
// per line — protocol, metaData, add, remove, txn, commitInfo, and others
// that readers may ignore (cdc, domainMetadata, checkpointMetadata,
// sidecar). Actions are decoded from JSONSerialization's dictionaries so
// that unknown fields and arbitrary commitInfo survive untouched.

import Foundation

/// The minimum reader and writer versions and, from reader 3 / writer 7, the named table features.
public struct DeltaProtocol: Sendable, Equatable {
    public var minReaderVersion: Int
    public var minWriterVersion: Int
    public var readerFeatures: [String]?
    public var writerFeatures: [String]?

    public init(minReaderVersion: Int = 1, minWriterVersion: Int = 2, readerFeatures: [String]? = nil, writerFeatures: [String]? = nil) {
        self.minReaderVersion = minReaderVersion
        self.minWriterVersion = minWriterVersion
        self.readerFeatures = readerFeatures
        self.writerFeatures = writerFeatures
    }
}

/// The table's metadata: id, schema, partitioning, configuration.
public struct DeltaMetadata: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var description: String?
    public var formatProvider: String
    public var formatOptions: [String: String]
    /// The schema as Spark-style JSON.
    public var schemaString: String
    public var partitionColumns: [String]
    public var configuration: [String: String]
    public var createdTime: Int64?

    public init(id: String = UUID().uuidString.lowercased(), name: String? = nil, description: String? = nil, schemaString: String,
                partitionColumns: [String] = [], configuration: [String: String] = [:], createdTime: Int64? = nil) {
        self.id = id
        self.name = name
        self.description = description
        formatProvider = "parquet"
        formatOptions = [:]
        self.schemaString = schemaString
        self.partitionColumns = partitionColumns
        self.configuration = configuration
        self.createdTime = createdTime
    }
}

/// A data file added to the table.
public struct DeltaAddFile: Sendable, Equatable {
    /// Relative to the table root, percent-decoded.
    public var path: String
    public var partitionValues: [String: String?]
    public var size: Int64
    public var modificationTime: Int64
    public var dataChange: Bool
    /// JSON statistics: numRecords, minValues, maxValues, nullCount.
    public var stats: String?
    public var tags: [String: String]?
    /// Present when the file has a deletion vector (refused: Vigie does not read them).
    public var hasDeletionVector: Bool

    public init(path: String, partitionValues: [String: String?] = [:], size: Int64, modificationTime: Int64, dataChange: Bool = true,
                stats: String? = nil, tags: [String: String]? = nil) {
        self.path = path
        self.partitionValues = partitionValues
        self.size = size
        self.modificationTime = modificationTime
        self.dataChange = dataChange
        self.stats = stats
        self.tags = tags
        hasDeletionVector = false
    }
}

/// A data file removed from the table (kept as a tombstone until vacuumed).
public struct DeltaRemoveFile: Sendable, Equatable {
    public var path: String
    public var deletionTimestamp: Int64?
    public var dataChange: Bool
    public var partitionValues: [String: String?]?
    public var size: Int64?

    public init(path: String, deletionTimestamp: Int64?, dataChange: Bool = true, partitionValues: [String: String?]? = nil, size: Int64? = nil) {
        self.path = path
        self.deletionTimestamp = deletionTimestamp
        self.dataChange = dataChange
        self.partitionValues = partitionValues
        self.size = size
    }
}

/// An application's transaction watermark (idempotent writes).
public struct DeltaTransaction: Sendable, Equatable {
    public var appId: String
    public var version: Int64
    public var lastUpdated: Int64?
}

/// One action of a commit.
public enum DeltaAction: Sendable, Equatable {
    case `protocol`(DeltaProtocol)
    case metadata(DeltaMetadata)
    case add(DeltaAddFile)
    case remove(DeltaRemoveFile)
    case transaction(DeltaTransaction)
    /// Free-form provenance; Vigie records its lineage here.
    case commitInfo(JSONValue)
    /// An action readers may skip (cdc, domainMetadata, …), kept as it was.
    case other(name: String, value: JSONValue)
}

// MARK: - JSON

extension DeltaAction {
    /// Decodes one line of a commit file.
    static func decode(_ json: JSONValue) throws(LakeError) -> DeltaAction {
        guard case let .object(members) = json, members.count == 1, let (name, body) = members.first else {
            throw LakeError(.corrupt, "an action must be an object with one member, not \(String(json.description.prefix(80)))")
        }
        func required<T>(_ value: T?, _ field: String) throws(LakeError) -> T {
            guard let value else { throw LakeError(.corrupt, "\(name) action lacks its field \(field)") }
            return value
        }
        switch name {
        case "protocol":
            return .protocol(DeltaProtocol(
                minReaderVersion: Int(try required(body["minReaderVersion"]?.int64Value, "minReaderVersion")),
                minWriterVersion: Int(try required(body["minWriterVersion"]?.int64Value, "minWriterVersion")),
                readerFeatures: body["readerFeatures"]?.arrayValue?.compactMap(\.stringValue),
                writerFeatures: body["writerFeatures"]?.arrayValue?.compactMap(\.stringValue)))
        case "metaData":
            var m = DeltaMetadata(id: try required(body["id"]?.stringValue, "id"),
                                  schemaString: try required(body["schemaString"]?.stringValue, "schemaString"))
            m.name = body["name"]?.stringValue
            m.description = body["description"]?.stringValue
            m.formatProvider = body["format"]?["provider"]?.stringValue ?? "parquet"
            m.formatOptions = (body["format"]?["options"]?.stringMap ?? [:]).compactMapValues { $0 }
            m.partitionColumns = body["partitionColumns"]?.arrayValue?.compactMap(\.stringValue) ?? []
            m.configuration = (body["configuration"]?.stringMap ?? [:]).compactMapValues { $0 }
            m.createdTime = body["createdTime"]?.int64Value
            return .metadata(m)
        case "add":
            var a = DeltaAddFile(path: try DeltaPath.decode(try required(body["path"]?.stringValue, "path")),
                                 partitionValues: body["partitionValues"]?.stringMap ?? [:],
                                 size: try required(body["size"]?.int64Value, "size"),
                                 modificationTime: body["modificationTime"]?.int64Value ?? 0,
                                 dataChange: body["dataChange"]?.boolValue ?? true,
                                 stats: body["stats"]?.stringValue,
                                 tags: body["tags"]?.stringMap?.compactMapValues { $0 })
            if let dv = body["deletionVector"], dv != .null { a.hasDeletionVector = true }
            return .add(a)
        case "remove":
            return .remove(DeltaRemoveFile(path: try DeltaPath.decode(try required(body["path"]?.stringValue, "path")),
                                           deletionTimestamp: body["deletionTimestamp"]?.int64Value,
                                           dataChange: body["dataChange"]?.boolValue ?? true,
                                           partitionValues: body["partitionValues"]?.stringMap,
                                           size: body["size"]?.int64Value))
        case "txn":
            return .transaction(DeltaTransaction(appId: try required(body["appId"]?.stringValue, "appId"),
                                                 version: try required(body["version"]?.int64Value, "version"),
                                                 lastUpdated: body["lastUpdated"]?.int64Value))
        case "commitInfo":
            return .commitInfo(body)
        default:
            return .other(name: name, value: body)
        }
    }

    /// The action as one line of a commit file.
    var json: JSONValue {
        func map(_ m: [String: String?]) -> JSONValue {
            .object(m.sorted { $0.key < $1.key }.map { ($0.key, $0.value.map(JSONValue.string) ?? .null) })
        }
        switch self {
        case let .protocol(p):
            var members: [(String, JSONValue)] = [("minReaderVersion", .integer(Int64(p.minReaderVersion))),
                                                  ("minWriterVersion", .integer(Int64(p.minWriterVersion)))]
            if let r = p.readerFeatures { members.append(("readerFeatures", .array(r.map(JSONValue.string)))) }
            if let w = p.writerFeatures { members.append(("writerFeatures", .array(w.map(JSONValue.string)))) }
            return .object([("protocol", .object(members))])
        case let .metadata(m):
            var members: [(String, JSONValue)] = [("id", .string(m.id))]
            members.append(("name", m.name.map(JSONValue.string) ?? .null))
            members.append(("description", m.description.map(JSONValue.string) ?? .null))
            members.append(("format", .object([("provider", .string(m.formatProvider)), ("options", map(m.formatOptions))])))
            members.append(("schemaString", .string(m.schemaString)))
            members.append(("partitionColumns", .array(m.partitionColumns.map(JSONValue.string))))
            members.append(("configuration", map(m.configuration)))
            if let t = m.createdTime { members.append(("createdTime", .integer(t))) }
            return .object([("metaData", .object(members))])
        case let .add(a):
            var members: [(String, JSONValue)] = [("path", .string(DeltaPath.encode(a.path))), ("partitionValues", map(a.partitionValues)),
                                                  ("size", .integer(a.size)), ("modificationTime", .integer(a.modificationTime)),
                                                  ("dataChange", .bool(a.dataChange))]
            if let s = a.stats { members.append(("stats", .string(s))) }
            if let t = a.tags { members.append(("tags", map(t))) }
            return .object([("add", .object(members))])
        case let .remove(r):
            var members: [(String, JSONValue)] = [("path", .string(DeltaPath.encode(r.path)))]
            if let t = r.deletionTimestamp { members.append(("deletionTimestamp", .integer(t))) }
            members.append(("dataChange", .bool(r.dataChange)))
            if let pv = r.partitionValues {
                members.append(("extendedFileMetadata", .bool(true)))
                members.append(("partitionValues", map(pv)))
            }
            if let s = r.size { members.append(("size", .integer(s))) }
            return .object([("remove", .object(members))])
        case let .transaction(t):
            var members: [(String, JSONValue)] = [("appId", .string(t.appId)), ("version", .integer(t.version))]
            if let u = t.lastUpdated { members.append(("lastUpdated", .integer(u))) }
            return .object([("txn", .object(members))])
        case let .commitInfo(info):
            return .object([("commitInfo", info)])
        case let .other(name, value):
            return .object([(name, value)])
        }
    }
}

/// Paths in the log are URIs relative to the table root: percent-encoded.
enum DeltaPath {
    /// Characters written as they are; everything else is percent-encoded (as Spark and delta-rs do).
    static let encoding = PercentEncoding(keeping: PercentEncoding.unreservedCharacters + "/=")

    static func encode(_ path: String) -> String { encoding.encode(path) }

    static func decode(_ path: String) throws(LakeError) -> String {
        guard path.contains("%") else { return path }
        var bytes: [UInt8] = []
        var utf8 = Array(path.utf8)[...]
        while let b = utf8.first {
            utf8 = utf8.dropFirst()
            if b == UInt8(ascii: "%") {
                guard utf8.count >= 2, let v = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) else {
                    throw LakeError(.corrupt, "invalid percent-escape in the path '\(path)'")
                }
                bytes.append(v)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        guard let s = String(validating: bytes, as: UTF8.self) else { throw LakeError(.corrupt, "the path '\(path)' decodes to invalid UTF-8") }
        return s
    }
}
