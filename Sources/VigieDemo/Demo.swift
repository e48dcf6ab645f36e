// `vigie demo`'s data half: builds, from a seed and a scale, the French
// mutual health group of DOMAIN.md — 5 unions, 18 structures, about 275
// establishments × scale across nine activity lines, three years of daily
// facts (about 5.7 million rows at scale 1) — writes its sources the way the
// business software exports them, with a few defects on purpose, and
// ingests them through the workspace's pipelines into the lake, with the
// apps to query them. The same seed and scale give the same lake.
//
//   DIR/vigie-demo.json   what was built (seed, scale, planted defects); written last
//   DIR/sources/…         the exports (CSV, NDJSON, JSON) and the shipped reference files
//   DIR/pipelines/*.yaml  DIR/apps/*.yaml   DIR/lake/  DIR/raw/  DIR/rejects/

import Foundation
import VigieLake

/// What to build.
public struct DemoOptions: Sendable {
    /// The workspace folder (created; replaced only when it holds an earlier demo).
    public var directory: String
    public var seed: UInt64
    /// Establishments (and so rows) relative to the default group: 1 is about 275 sites and 5.7 million rows.
    public var scale: Double
    /// Build again even when the folder holds a demo of the same seed and scale.
    public var rebuild: Bool

    public init(directory: String = "vigie-demo", seed: UInt64 = 1, scale: Double = 1, rebuild: Bool = false) {
        self.directory = directory
        self.seed = seed
        self.scale = scale
        self.rebuild = rebuild
    }
}

/// How far a build is.
public struct DemoProgress: Sendable {
    public enum Stage: String, Sendable {
        case generate = "generating"
        case ingest = "ingesting"
    }

    public var stage: Stage
    /// Units done out of `total`: generation jobs, or bytes of source files ingested.
    public var done: Int
    public var total: Int
    /// Rows generated, or read by ingest, so far.
    public var rows: Int
    /// What is being worked on (a line, a file).
    public var detail: String
}

/// What a build made (or found, when it reused a workspace).
public struct DemoSummary: Sendable {
    public struct Table: Sendable, Equatable {
        public var name: String
        public var rows: Int
        public var rejects: Int
    }

    /// The workspace, as an absolute path.
    public var directory: String
    public var seed: UInt64
    public var scale: Double
    /// True when an existing demo of the same seed and scale was kept.
    public var reused: Bool
    /// On reuse: the pipeline and app files (`apps/creches.yaml`) replaced by this Vigie's versions, untouched since
    /// the demo installed them; and those kept because they differ from what it installed (the user's edits).
    public var refreshedDefinitions: [String] = []
    public var keptDefinitions: [String] = []
    public var tables: [Table]
    /// The rows written wrong on purpose; they, and only they, are in the rejects.
    public var defects: [PlantedDefect]
    /// Source files and the rows in them.
    public var sourceFiles: Int
    public var sourceRows: Int
    public var generateSeconds: Double
    public var ingestSeconds: Double
}

public enum Demo {
    /// Builds the demo workspace, or reuses it when it already holds this seed and scale (unless `rebuild`).
    /// `progress` is called from the working threads.
    public static func build(_ options: DemoOptions, progress: @escaping @Sendable (DemoProgress) -> Void = { _ in }) throws(DemoError) -> DemoSummary {
        guard options.scale > 0, options.scale <= 100 else { throw DemoError(.invalidArgument, "the scale must be above 0 and at most 100") }
        let root = DemoWorkspace.absolute(options.directory)
        if !options.rebuild, var stamp = DemoWorkspace.stamp(at: root), stamp.matches(options) {
            // The lake is kept; the apps and pipelines follow this Vigie's unless the user changed them.
            let workspace: Workspace
            do throws(LakeError) { workspace = try Workspace(at: root) } catch { throw DemoError(.io, "cannot open \(root)", cause: error) }
            let definitions = try DemoWorkspace.refreshDefinitions(in: workspace, installed: stamp.definitions)
            if definitions.installed != stamp.definitions ?? [:] {
                stamp.definitions = definitions.installed
                try DemoWorkspace.write(stamp, at: root)
            }
            var summary = try DemoWorkspace.summary(root: root, stamp: stamp, reused: true)
            summary.refreshedDefinitions = definitions.refreshed
            summary.keptDefinitions = definitions.kept
            return summary
        }
        try DemoWorkspace.prepare(root)
        let workspace: Workspace
        do throws(LakeError) { workspace = try Workspace.create(at: root) } catch {
            throw DemoError(.io, "cannot create the workspace \(root)", cause: error)
        }
        var stamp = DemoStamp(options: options)
        try DemoWorkspace.write(stamp, at: root)

        let start = Date()
        let reference = try ReferenceData.load()
        let context = DemoContext(options: options, root: root, reference: reference)
        var generated = try DemoGeneration.run(context: context, progress: progress)
        stamp.definitions = try DemoWorkspace.installDefinitions(into: workspace)
        stamp.generateSeconds = Date().timeIntervalSince(start)

        // The ledger books what the activity billed: it is written while the rest is ingested, and its pipeline
        // waits for it.
        let ingested = Date()
        let ledger = Locked<Result<Generated, DemoError>?>(nil)
        let written = DispatchSemaphore(value: 0)
        let amounts = generated.amounts
        DispatchQueue.global().async {
            let outcome: Result<Generated, DemoError>
            do throws(DemoError) { outcome = .success(try LedgerGenerator(context: context, amounts: amounts).generate()) } catch { outcome = .failure(error) }
            ledger.withLock { $0 = outcome }
            written.signal()
        }
        let reports = try DemoIngest(workspace: workspace).run(waiting: [LedgerGenerator.pipeline: { () throws(DemoError) in
            written.wait()
            written.signal()
            _ = try ledger.withLock { $0 }?.get()
        }], progress: progress)
        written.wait()
        generated.merge(try ledger.withLock { $0 }!.get())
        try DemoIngest.check(reports, against: generated.defects, root: root)
        stamp.ingestSeconds = Date().timeIntervalSince(ingested)
        stamp.defects = generated.defects
        stamp.sourceFiles = generated.files.count
        stamp.sourceRows = generated.rows
        stamp.complete = true
        try DemoWorkspace.write(stamp, at: root)
        return try DemoWorkspace.summary(root: root, stamp: stamp, reused: false)
    }
}
