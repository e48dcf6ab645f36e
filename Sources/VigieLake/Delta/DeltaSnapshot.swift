// A table at one version: replayed from the log (see DeltaLog.swift), with
// its protocol checked against what Vigie implements.

import Foundation

/// The state of a Delta table at one version.
public struct DeltaSnapshot: Sendable {
    public let tablePath: String
    public let version: Int64
    public let `protocol`: DeltaProtocol
    public let metadata: DeltaMetadata
    public let schema: DeltaSchema
    /// Live data files, sorted by path.
    public let files: [DeltaAddFile]
    /// Removed files still in the log (for vacuum's retention).
    public let tombstones: [DeltaRemoveFile]
    /// Transaction watermarks by application id.
    public let transactions: [String: DeltaTransaction]
    /// When this version was committed (milliseconds since the epoch).
    public let timestamp: Int64

    /// Reader features Vigie implements. Everything else a table requires is refused by name.
    public static let supportedReaderFeatures: Set<String> = ["timestampNtz", "columnMapping"]
    /// Writer features Vigie honours when it writes (besides the legacy versions 2).
    public static let supportedWriterFeatures: Set<String> = ["timestampNtz", "appendOnly", "invariants"]

    /// Replays `log` up to `version` (the latest when nil).
    public init(log: DeltaLog, version wanted: Int64? = nil) throws(LakeError) {
        let listing = try log.list()
        tablePath = log.tablePath
        guard let latest = listing.commits.keys.max() ?? listing.checkpoints.keys.max() else {
            throw LakeError(.corrupt, "\(log.logPath) holds no commit", context: [log.tablePath])
        }
        let target = wanted ?? latest
        guard target >= 0, target <= latest else {
            throw LakeError(.invalidArgument, "version \(target) does not exist: the table's versions end at \(latest)", context: [log.tablePath])
        }
        // Start from the newest checkpoint at or before the target whose later commits are all present;
        // without one, every commit from version 0 must be there.
        func commitsPresent(from first: Int64) -> Bool {
            stride(from: first, through: target, by: 1).allSatisfy { listing.commits[$0] != nil }
        }
        let checkpoint = listing.checkpoints.keys.filter { $0 <= target }.sorted(by: >).first { commitsPresent(from: $0 + 1) }
            .map { (version: $0, parts: listing.checkpoints[$0]!) }
        let start = checkpoint.map { $0.version + 1 } ?? 0
        if checkpoint == nil && !commitsPresent(from: 0) {
            let missing = (0...target).first { listing.commits[$0] == nil } ?? 0
            throw LakeError(.corrupt, "version \(target) cannot be rebuilt: commit \(missing) is missing and no checkpoint covers it",
                            context: [log.tablePath])
        }

        var proto: DeltaProtocol?
        var meta: DeltaMetadata?
        var live: [String: DeltaAddFile] = [:]
        var removed: [String: DeltaRemoveFile] = [:]
        var txns: [String: DeltaTransaction] = [:]
        var commitTimestamp: Int64 = 0

        func apply(_ action: DeltaAction) {
            switch action {
            case let .protocol(p): proto = p
            case let .metadata(m): meta = m
            case let .add(a):
                live[a.path] = a
                removed[a.path] = nil
            case let .remove(r):
                live[r.path] = nil
                removed[r.path] = r
            case let .transaction(t): txns[t.appId] = t
            case .commitInfo, .other: break
            }
        }

        if let checkpoint {
            for action in try DeltaCheckpoint.read(log: log, version: checkpoint.version, parts: checkpoint.parts) { apply(action) }
            commitTimestamp = listing.commits[checkpoint.version] ?? 0
        }
        if start <= target {
            for v in start...target {
                for action in try log.actions(version: v) {
                    apply(action)
                    if case let .commitInfo(info) = action, let t = info["inCommitTimestamp"]?.int64Value { commitTimestamp = t }
                }
                if let mtime = listing.commits[v] { commitTimestamp = mtime }
            }
        }
        guard let proto else { throw LakeError(.corrupt, "no protocol action up to version \(target)", context: [log.tablePath]) }
        guard let meta else { throw LakeError(.corrupt, "no metaData action up to version \(target)", context: [log.tablePath]) }
        try Self.check(proto, meta, tablePath: log.tablePath)
        if let withDV = live.values.first(where: \.hasDeletionVector) {
            throw LakeError(.unsupported, "the file \(withDV.path) has a deletion vector; the table feature deletionVectors is not supported",
                            context: [log.tablePath])
        }
        version = target
        self.protocol = proto
        metadata = meta
        schema = try DeltaSchema(json: meta.schemaString)
        files = live.values.sorted { $0.path < $1.path }
        tombstones = removed.values.sorted { $0.path < $1.path }
        transactions = txns
        timestamp = commitTimestamp
    }

    /// The same snapshot restricted to `files` (to read some files only).
    init(copying other: DeltaSnapshot, files: [DeltaAddFile]) {
        tablePath = other.tablePath
        version = other.version
        self.protocol = other.protocol
        metadata = other.metadata
        schema = other.schema
        self.files = files
        tombstones = other.tombstones
        transactions = other.transactions
        timestamp = other.timestamp
    }

    /// Whether columns have physical names in the data files (column mapping by name or id).
    public var usesColumnMapping: Bool { (metadata.configuration["delta.columnMapping.mode"] ?? "none") != "none" }

    /// Refuses protocols and features Vigie cannot read, naming them.
    static func check(_ p: DeltaProtocol, _ m: DeltaMetadata, tablePath: String) throws(LakeError) {
        let mapping = m.configuration["delta.columnMapping.mode"] ?? "none"
        guard ["none", "name", "id"].contains(mapping) else {
            throw LakeError(.unsupported, "the table uses the column mapping mode '\(mapping)', which Vigie does not know", context: [tablePath])
        }
        switch p.minReaderVersion {
        case 1, 2: break
        case 3:
            for feature in p.readerFeatures ?? [] where !supportedReaderFeatures.contains(feature) {
                throw LakeError(.unsupported, "the table requires the reader feature \(feature), which Vigie does not support", context: [tablePath])
            }
        default:
            throw LakeError(.unsupported, "the table requires reader version \(p.minReaderVersion); Vigie reads versions 1 to 3", context: [tablePath])
        }
    }
}
