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

    /// Copies the pipelines and apps of the module's resources into the workspace.
    static func installDefinitions(into workspace: Workspace) throws(DemoError) {
        let resources = Bundle.module.resourceURL!.appendingPathComponent("workspace").path
        for (folder, target) in [("pipelines", workspace.pipelinesPath), ("apps", workspace.appsPath)] {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: resources + "/" + folder)) ?? []).filter { $0.hasSuffix(".yaml") }
            for name in names.sorted() {
                do {
                    try? FileManager.default.removeItem(atPath: target + "/" + name)
                    try FileManager.default.copyItem(atPath: resources + "/" + folder + "/" + name, toPath: target + "/" + name)
                } catch {
                    throw DemoError(.io, "cannot copy \(folder)/\(name) into \(target): \(error.localizedDescription)")
                }
            }
        }
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
