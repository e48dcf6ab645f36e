// The demo's folder: its stamp (vigie-demo.json: seed, scale, the version of
// the generator, the planted defects; `complete` only once ingest has
// checked them), the safety rule for replacing it (only a folder that holds
// a stamp, or an empty one, is ever removed), the pipelines and apps copied
// from the module's resources, and the summary read back from the lake.

import Foundation
import VigieLake

/// What vigie-demo.json records.
struct DemoStamp: Codable, Sendable {
    /// Bumped whenever the generator changes what it writes, so that an older demo is rebuilt.
    static let currentVersion = 1

    var version = DemoStamp.currentVersion
    var seed: UInt64
    var scale: Double
    var complete = false
    var defects: [PlantedDefect] = []
    var sourceFiles = 0
    var sourceRows = 0
    var generateSeconds = 0.0
    var ingestSeconds = 0.0
    /// The SHA-256 of each pipeline and app file as the demo installed it (`apps/creches.yaml` → hex), to tell a file
    /// the user edited from one a newer Vigie may replace. Nil in stamps written before it was recorded.
    var definitions: [String: String]?

    init(options: DemoOptions) {
        seed = options.seed
        scale = options.scale
    }

    func matches(_ options: DemoOptions) -> Bool {
        complete && version == Self.currentVersion && seed == options.seed && scale == options.scale
    }
}

enum DemoWorkspace {
    static let stampName = "vigie-demo.json"

    static func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path) : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    static func stamp(at root: String) -> DemoStamp? {
        guard let data = FileManager.default.contents(atPath: root + "/" + stampName) else { return nil }
        return try? JSONDecoder().decode(DemoStamp.self, from: data)
    }

    static func write(_ stamp: DemoStamp, at root: String) throws(DemoError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do {
            try encoder.encode(stamp).write(to: URL(fileURLWithPath: root + "/" + stampName), options: .atomic)
        } catch {
            throw DemoError(.io, "cannot write \(root)/\(stampName): \(error.localizedDescription)")
        }
    }

    /// Empties the folder for a new build: it must not exist, be empty, or hold an earlier demo (its stamp).
    static func prepare(_ root: String) throws(DemoError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: root, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw DemoError(.invalidArgument, "\(root) is a file, not a folder") }
        let entries = (try? manager.contentsOfDirectory(atPath: root)) ?? []
        guard !entries.isEmpty else { return }
        guard entries.contains(stampName) else {
            throw DemoError(.invalidArgument, "\(root) exists and is not a Vigie demo (it has no \(stampName)): give another --dir, or remove it")
        }
        do { try manager.removeItem(atPath: root) } catch {
            throw DemoError(.io, "cannot remove the earlier demo in \(root): \(error.localizedDescription)")
        }
    }

    /// The pipeline and app files of the module's resources: `folder/name` → the file's path.
    private static func resourceDefinitions() -> [(key: String, folder: String, name: String, path: String)] {
        let resources = Bundle.module.resourceURL!.appendingPathComponent("workspace").path
        return ["pipelines", "apps"].flatMap { folder in
            (((try? FileManager.default.contentsOfDirectory(atPath: resources + "/" + folder)) ?? []).filter { $0.hasSuffix(".yaml") }).sorted()
                .map { (key: folder + "/" + $0, folder: folder, name: $0, path: resources + "/" + folder + "/" + $0) }
        }
    }

    private static func target(_ folder: String, in workspace: Workspace) -> String {
        folder == "apps" ? workspace.appsPath : workspace.pipelinesPath
    }

    private static func digest(ofFile path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var hasher = SHA256()
        hasher.update([UInt8](data))
        return hasher.finalizeHex()
    }

    /// Copies one resource file over `target`.
    private static func copy(_ file: (key: String, folder: String, name: String, path: String), to target: String) throws(DemoError) {
        do {
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.copyItem(atPath: file.path, toPath: target)
        } catch {
            throw DemoError(.io, "cannot copy \(file.key) into \(target): \(error.localizedDescription)")
        }
    }

    /// Copies the pipelines and apps of the module's resources into the workspace; returns what it installed
    /// (`folder/name` → SHA-256).
    @discardableResult
    static func installDefinitions(into workspace: Workspace) throws(DemoError) -> [String: String] {
        var installed: [String: String] = [:]
        for file in resourceDefinitions() {
            let target = target(file.folder, in: workspace) + "/" + file.name
            try copy(file, to: target)
            installed[file.key] = digest(ofFile: target)
        }
        return installed
    }

    /// A reused demo's definitions brought up to this Vigie's: a file still as the demo installed it (or missing) is
    /// replaced by the resources' version when that differs; a file the user changed is kept, and listed in `kept`
    /// (as is every differing file of a demo whose stamp has no record of what it installed).
    static func refreshDefinitions(in workspace: Workspace, installed: [String: String]?) throws(DemoError)
        -> (installed: [String: String], refreshed: [String], kept: [String]) {
        var record = installed ?? [:], refreshed: [String] = [], kept: [String] = []
        for file in resourceDefinitions() {
            let target = target(file.folder, in: workspace) + "/" + file.name
            let current = digest(ofFile: target), wanted = digest(ofFile: file.path)
            guard current != wanted else {
                record[file.key] = wanted
                continue
            }
            guard current == nil || installed?[file.key] == current else {
                kept.append(file.key)
                continue
            }
            try copy(file, to: target)
            record[file.key] = wanted
            refreshed.append(file.key)
        }
        return (record, refreshed, kept)
    }

    /// The summary of a built workspace: each lake table's rows and rejects.
    static func summary(root: String, stamp: DemoStamp, reused: Bool) throws(DemoError) -> DemoSummary {
        let workspace: Workspace
        do throws(LakeError) { workspace = try Workspace(at: root) } catch { throw DemoError(.io, "cannot open \(root)", cause: error) }
        var tables: [DemoSummary.Table] = []
        for name in workspace.tableNames() {
            do throws(LakeError) {
                let rows = try workspace.table(name).snapshot().rowCount()
                let rejects = DeltaTable(path: workspace.rejectsPath + "/" + name)
                tables.append(DemoSummary.Table(name: name, rows: rows, rejects: rejects.exists ? try rejects.snapshot().rowCount() : 0))
            } catch {
                throw DemoError(.io, "cannot read the table \(name)", cause: error)
            }
        }
        return DemoSummary(directory: root, seed: stamp.seed, scale: stamp.scale, reused: reused, tables: tables, defects: stamp.defects,
                           sourceFiles: stamp.sourceFiles, sourceRows: stamp.sourceRows, generateSeconds: stamp.generateSeconds,
                           ingestSeconds: stamp.ingestSeconds)
    }
}
