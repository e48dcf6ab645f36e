// Committing to a Delta table. A commit is the next version's JSON file,
// created only if absent (see DeltaTable.swift for why link(2) gives that
// atomically). When another writer took the version first, the commit
// re-reads what was committed since its snapshot and retries on top of it
// unless the changes conflict:
// - a concurrent change of protocol or metadata always conflicts;
// - a commit that removes files (overwrite, delete, upsert) conflicts with
//   any concurrent add or remove, since it decided from a stale file list;
// - blind appends (adds only) never conflict with each other.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What a commit does, for conflict checking and commitInfo.
public enum DeltaOperation: Sendable, Equatable {
    case createTable
    case append
    case overwrite
    /// Files replaced by key (upsert) or removed (delete, vacuum of data): reads the whole table.
    case rewrite(String)

    var name: String {
        switch self {
        case .createTable: "CREATE TABLE"
        case .append, .overwrite: "WRITE"
        case let .rewrite(name): name
        }
    }
}

extension DeltaTable {
    /// Engine name written in commitInfo.
    public static let engineInfo = "Vigie/0.1"

    /// Commits `actions` as the version after `readVersion` (nil: the table must not exist yet),
    /// retrying on top of non-conflicting concurrent commits. Returns the committed version.
    @discardableResult
    public func commit(_ actions: [DeltaAction], readVersion: Int64?, operation: DeltaOperation,
                       info: [(String, JSONValue)] = [], maxAttempts: Int = 10_000) throws(LakeError) -> Int64 {
        let fm = FileManager.default
        do { try fm.createDirectory(atPath: log.logPath, withIntermediateDirectories: true) } catch {
            throw LakeError(.io, "cannot create \(log.logPath): \(error.localizedDescription)")
        }
        var version = (readVersion ?? -1) + 1
        for _ in 0..<maxAttempts {
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            var commitInfo: [(String, JSONValue)] = [("timestamp", .integer(now)), ("operation", .string(operation.name))]
            switch operation {
            case .append: commitInfo.append(("operationParameters", .object([("mode", .string("Append"))])))
            case .overwrite: commitInfo.append(("operationParameters", .object([("mode", .string("Overwrite"))])))
            default: break
            }
            if let readVersion { commitInfo.append(("readVersion", .integer(readVersion))) }
            commitInfo.append(("isBlindAppend", .bool(operation == .append && !actions.contains { if case .remove = $0 { true } else { false } })))
            commitInfo.append(("engineInfo", .string(Self.engineInfo)))
            commitInfo.append(contentsOf: info)
            let lines = ([DeltaAction.commitInfo(.object(commitInfo))] + actions).map { $0.json.description }
            if try writeIfAbsent(version: version, text: lines.joined(separator: "\n") + "\n") {
                if version > 0 && version % DeltaCheckpoint.interval == 0 {
                    // A checkpoint only speeds up opening the table: the commit stands whether or not it is written.
                    try? DeltaCheckpoint.write(try snapshot(version: version), log: log)
                }
                return version
            }
            if version == 0 && readVersion == nil {
                throw LakeError(.conflict, "the table already exists", context: [path])
            }
            // Someone else committed `version`: check what they did, then try the next one.
            let latest = (try log.list().commits.keys.max()) ?? version
            for winner in version...latest {
                try checkConflict(winner: try log.actions(version: winner), winnerVersion: winner, ours: actions, operation: operation)
            }
            version = latest + 1
        }
        throw LakeError(.conflict, "gave up after \(maxAttempts) attempts to commit: other writers keep committing first", context: [path])
    }

    private func checkConflict(winner: [DeltaAction], winnerVersion: Int64, ours: [DeltaAction], operation: DeltaOperation) throws(LakeError) {
        let removesFiles = operation != .append || ours.contains { if case .remove = $0 { true } else { false } }
        for action in winner {
            switch action {
            case .protocol, .metadata:
                throw LakeError(.conflict, "version \(winnerVersion), committed concurrently, changed the table's protocol or schema; retry on the new version",
                                context: [path])
            case let .add(a) where removesFiles:
                throw LakeError(.conflict, "version \(winnerVersion), committed concurrently, added \(a.path) while this \(operation.name) replaced files; retry on the new version",
                                context: [path])
            case let .remove(r) where removesFiles || ours.contains(where: { if case let .add(a) = $0 { a.path == r.path } else { false } }):
                throw LakeError(.conflict, "version \(winnerVersion), committed concurrently, removed \(r.path); retry on the new version",
                                context: [path])
            default:
                continue
            }
        }
    }

    /// Writes `text` as the commit file of `version` if no such file exists; false if it does.
    /// The text goes to a temporary file that is fsynced, then hard-linked to the commit name.
    private func writeIfAbsent(version: Int64, text: String) throws(LakeError) -> Bool {
        let target = log.logPath + "/" + DeltaLog.fileName(version: version)
        let temporary = log.logPath + "/.tmp-\(UUID().uuidString.lowercased()).json"
        try Durable.write(Array(text.utf8), to: temporary)
        defer { unlink(temporary) }
        if link(temporary, target) != 0 {
            if errno == EEXIST { return false }
            throw LakeError(.io, "cannot create \(target): \(String(cString: strerror(errno)))")
        }
        Durable.syncDirectory(log.logPath)
        return true
    }
}

/// Writes that survive a crash: data fsynced before it is linked or renamed into place.
enum Durable {
    /// Creates `path` with `bytes` and fsyncs it.
    static func write(_ bytes: [UInt8], to path: String) throws(LakeError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LakeError(.io, "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LakeError(.io, "cannot write \(path): \(String(cString: strerror(errno)))")
            }
            done += n
        }
        guard fsync(fd) == 0 else { throw LakeError(.io, "cannot fsync \(path): \(String(cString: strerror(errno)))") }
    }

    /// fsyncs a file already written (e.g. by the Parquet writer).
    static func sync(_ path: String) throws(LakeError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw LakeError(.io, "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw LakeError(.io, "cannot fsync \(path): \(String(cString: strerror(errno)))") }
    }

    /// fsyncs a directory so that a name created in it survives a crash.
    static func syncDirectory(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return }
        fsync(fd)
        close(fd)
    }
}
