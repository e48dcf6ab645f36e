// A workspace: the folder a Vigie installation lives in.
//
//   lake/        Delta tables, one folder each
//   raw/         every source file as it came, named by its SHA-256, read-only
//   rejects/     rows that failed ingest, with file, line, column and reason
//   pipelines/   ingest pipelines as YAML
//   apps/        app models (tables and links) as YAML
//
// Raw files are stored by copying to a temporary name, fsyncing, then
// renaming into place, so a file in raw/ is always complete.

import Foundation

public struct Workspace: Sendable {
    public let root: String
    public var lakePath: String { root + "/lake" }
    public var rawPath: String { root + "/raw" }
    public var rejectsPath: String { root + "/rejects" }
    public var pipelinesPath: String { root + "/pipelines" }
    /// Apps: the models (tables and links) the engine loads; made by `create`, optional in older workspaces.
    public var appsPath: String { root + "/apps" }

    static let folders = ["lake", "raw", "rejects", "pipelines"]

    /// Opens an existing workspace.
    public init(at path: String) throws(LakeError) {
        var root = path
        while root.count > 1 && root.hasSuffix("/") { root.removeLast() }
        self.root = root
        for folder in Self.folders {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + folder, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw LakeError(.invalidArgument, "\(root) is not a Vigie workspace: it has no \(folder)/ folder (create one with `vigie init \(root)`)")
            }
        }
    }

    /// Creates the workspace folders (keeping anything already there).
    @discardableResult
    public static func create(at path: String) throws(LakeError) -> Workspace {
        for folder in folders + ["apps"] {
            do { try FileManager.default.createDirectory(atPath: path + "/" + folder, withIntermediateDirectories: true) } catch {
                throw LakeError(.io, "cannot create \(path)/\(folder): \(error.localizedDescription)")
            }
        }
        return try Workspace(at: path)
    }

    /// The lake table called `name`.
    public func table(_ name: String) throws(LakeError) -> DeltaTable {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), !name.hasPrefix("_") else {
            throw LakeError(.invalidArgument, "'\(name)' is not a table name: use letters, digits, '-' and '_' (not first)")
        }
        return DeltaTable(path: lakePath + "/" + name)
    }

    /// The names of the lake's tables.
    public func tableNames() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: lakePath)) ?? []
        return names.filter { DeltaTable(path: lakePath + "/" + $0).exists }.sorted()
    }

    /// A source file kept in raw/.
    public struct RawFile: Sendable, Equatable {
        public var sha256: String
        /// Path of the kept copy.
        public var path: String
        /// False when an identical file was already kept.
        public var isNew: Bool
        public var size: Int64
    }

    /// Keeps a verbatim copy of `source` in raw/, named by its SHA-256 (plus its extension).
    public func keepRaw(_ source: String) throws(LakeError) -> RawFile {
        guard let input = InputStream(fileAtPath: source) else { throw LakeError(.io, "cannot open \(source)") }
        let temporary = rawPath + "/.tmp-\(UUID().uuidString.lowercased())"
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let output = FileHandle(forWritingAtPath: temporary) else {
            throw LakeError(.io, "cannot create \(temporary)")
        }
        var hasher = SHA256()
        var size: Int64 = 0
        input.open()
        defer { input.close() }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = input.read(&buffer, maxLength: buffer.count)
            if n < 0 {
                try? output.close()
                unlink(temporary)
                throw LakeError(.io, "cannot read \(source): \(input.streamError?.localizedDescription ?? "unknown error")")
            }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            output.write(Data(buffer[0..<n]))
            size += Int64(n)
        }
        try? output.synchronize()
        try? output.close()
        let hash = hasher.finalizeHex()
        let ext = (source as NSString).pathExtension.lowercased()
        let target = rawPath + "/" + hash + (ext.isEmpty ? "" : "." + ext)
        if FileManager.default.fileExists(atPath: target) {
            unlink(temporary)
            return RawFile(sha256: hash, path: target, isNew: false, size: size)
        }
        chmod(temporary, 0o444)
        guard rename(temporary, target) == 0 else {
            unlink(temporary)
            throw LakeError(.io, "cannot keep \(source) as \(target): \(String(cString: strerror(errno)))")
        }
        Durable.syncDirectory(rawPath)
        return RawFile(sha256: hash, path: target, isNew: true, size: size)
    }
}
