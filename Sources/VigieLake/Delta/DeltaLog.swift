// Reading a Delta log: listing `_delta_log/`, replaying commits into a
// snapshot (the table's protocol, metadata and live files at a version),
// and refusing, by name, the features Vigie does not implement.
//
// File names: `<v>.json` commits, `<v>.checkpoint.parquet` and
// `<v>.checkpoint.<part>.<parts>.parquet` checkpoints, with v written as
// 20 digits. Replay starts at the newest complete checkpoint at or before
// the wanted version (or at version 0) and applies each later commit in
// order: the last protocol and metaData win, an add makes a path live, a
// remove makes it dead.

import Foundation

/// The log of one Delta table.
public struct DeltaLog: Sendable {
    public let tablePath: String
    public var logPath: String { tablePath + "/_delta_log" }

    public init(tablePath: String) {
        var path = tablePath
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        self.tablePath = path
    }

    /// What `_delta_log/` holds.
    struct Listing {
        /// Commit versions with their file's modification time (milliseconds).
        var commits: [Int64: Int64] = [:]
        /// Complete checkpoints: version → part file names.
        var checkpoints: [Int64: [String]] = [:]
    }

    static func fileName(version: Int64) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".json"
    }

    func list() throws(LakeError) -> Listing {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: logPath, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw LakeError(.invalidArgument, "\(tablePath) is not a Delta table: it has no _delta_log folder")
        }
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: logPath) } catch {
            throw LakeError(.io, "cannot list \(logPath): \(error.localizedDescription)")
        }
        var listing = Listing()
        var partial: [Int64: (parts: Int, names: [String])] = [:]
        for name in names {
            let pieces = name.split(separator: ".", omittingEmptySubsequences: false)
            guard let first = pieces.first, first.count == 20, let version = Int64(first) else { continue }
            if pieces.count == 2 && pieces[1] == "json" {
                let attributes = try? fm.attributesOfItem(atPath: logPath + "/" + name)
                let modified = (attributes?[.modificationDate] as? Date).map { Int64($0.timeIntervalSince1970 * 1000) } ?? 0
                listing.commits[version] = modified
            } else if pieces.count == 3 && pieces[1] == "checkpoint" && pieces[2] == "parquet" {
                listing.checkpoints[version] = [name]
            } else if pieces.count == 5 && pieces[1] == "checkpoint" && pieces[4] == "parquet", let parts = Int(pieces[3]), parts > 0 {
                partial[version, default: (parts, [])].names.append(name)
            }
        }
        for (version, p) in partial where p.names.count == p.parts {
            listing.checkpoints[version] = p.names.sorted()
        }
        return listing
    }

    /// The versions that have a commit file, in order.
    public func versions() throws(LakeError) -> [Int64] {
        try list().commits.keys.sorted()
    }

    /// Reads one commit's actions.
    public func actions(version: Int64) throws(LakeError) -> [DeltaAction] {
        let path = logPath + "/" + Self.fileName(version: version)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LakeError(.io, "cannot read the commit \(path)")
        }
        var actions: [DeltaAction] = []
        var lineNumber = 0
        do throws(LakeError) {
            try data.withLakeBytes { (raw) throws(LakeError) in
                var start = 0
                while start < raw.count {
                    var end = start
                    while end < raw.count && raw[end] != 0x0A { end += 1 }
                    lineNumber += 1
                    let line = UnsafeRawBufferPointer(rebasing: raw[start..<end])
                    if line.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) {
                        actions.append(try DeltaAction.decode(try JSONValue.parse(line)))
                    }
                    start = end + 1
                }
            }
        } catch {
            throw error.within("line \(lineNumber)").within(path)
        }
        return actions
    }
}

extension Data {
    /// `withUnsafeBytes` for bodies that throw `LakeError`.
    func withLakeBytes<R>(_ body: (UnsafeRawBufferPointer) throws(LakeError) -> R) throws(LakeError) -> R {
        let result: Result<R, LakeError> = withUnsafeBytes { (raw: UnsafeRawBufferPointer) in Result { () throws(LakeError) in try body(raw) } }
        return try result.get()
    }
}
