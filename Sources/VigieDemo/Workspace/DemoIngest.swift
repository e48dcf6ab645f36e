// Ingesting the demo's sources through the workspace's own pipelines, the
// same code path as `vigie ingest`: a pipeline runs once the tables it looks
// up are in (reference data first, then the facts that check their keys
// against it); within such a wave the pipelines run in parallel, a worker
// per core, each one's files in order. Progress is the bytes read over all
// the files. Afterwards every reject must be a defect the demo planted, and
// every planted defect must be rejected: anything else is a bug.

import Foundation
import VigieLake

struct DemoIngest: Sendable {
    let workspace: Workspace

    /// A pipeline's report for one file.
    struct FileReport: Sendable {
        var pipeline: String
        var table: String
        var report: IngestReport
    }

    func run(progress: @escaping @Sendable (DemoProgress) -> Void) throws(DemoError) -> [FileReport] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: workspace.pipelinesPath)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var jobs: [(ingest: Ingest, files: [(path: String, size: Int)])] = []
        for name in names {
            do throws(LakeError) {
                let ingest = Ingest(workspace: workspace, pipeline: try Pipeline.load(path: workspace.pipelinesPath + "/" + name))
                jobs.append((ingest, try ingest.sourceFiles().map { ($0, Self.size($0)) }))
            } catch {
                throw DemoError(.ingest, "the pipeline \(name) cannot run", cause: error)
            }
        }
        let total = jobs.reduce(0) { $0 + $1.files.reduce(0) { $0 + $1.size } }
        // Bytes of the files finished, rows read, and each worker's bytes of the file it is reading.
        let state = Locked<(finished: Int, rows: Int, reading: [Int: (bytes: Int, rows: Int)], reports: [FileReport], failure: DemoError?)>(
            (0, 0, [:], [], nil))
        var remaining = jobs
        var loaded = Set<String>()
        while !remaining.isEmpty {
            let ready = remaining.filter { job in
                Self.lookups(job.ingest.pipeline).allSatisfy { table in loaded.contains(table) || !remaining.contains { $0.ingest.pipeline.table == table } }
            }
            guard !ready.isEmpty else { throw DemoError(.ingest, "the pipelines' lookups go round in a circle") }
            remaining.removeAll { job in ready.contains { $0.ingest.pipeline.name == job.ingest.pipeline.name } }
            let work = ready.sorted { $0.files.reduce(0) { $0 + $1.size } > $1.files.reduce(0) { $0 + $1.size } }
            DispatchQueue.concurrentPerform(iterations: work.count) { k in
                let (ingest, files) = work[k]
                for (file, size) in files {
                    let relative = String(file.dropFirst(workspace.root.count + 1))
                    do throws(LakeError) {
                        let report = try ingest.run(file: file) { p in
                            let (done, rows) = state.withLock { s in
                                s.reading[k] = (p.bytesRead ?? 0, p.rowsRead)
                                return (s.finished + s.reading.values.reduce(0) { $0 + $1.bytes }, s.rows + s.reading.values.reduce(0) { $0 + $1.rows })
                            }
                            progress(DemoProgress(stage: .ingest, done: done, total: total, rows: rows, detail: relative))
                        }
                        let (done, rows) = state.withLock { s in
                            s.reading[k] = nil
                            s.finished += size
                            s.rows += report.rowsRead
                            s.reports.append(FileReport(pipeline: ingest.pipeline.name, table: ingest.pipeline.table, report: report))
                            return (s.finished + s.reading.values.reduce(0) { $0 + $1.bytes }, s.rows)
                        }
                        progress(DemoProgress(stage: .ingest, done: done, total: total, rows: rows, detail: relative))
                        if let skipped = report.skipped { throw LakeError(.invalidArgument, "not committed: \(skipped)") }
                    } catch {
                        state.withLock { $0.failure = $0.failure ?? DemoError(.ingest, "ingesting \(relative) with \(ingest.pipeline.name) failed", cause: error) }
                        return
                    }
                }
            }
            if let failure = state.withLock({ $0.failure }) { throw failure }
            loaded.formUnion(ready.map(\.ingest.pipeline.table))
        }
        return state.withLock { $0.reports }
    }

    /// The tables a pipeline looks keys up in.
    static func lookups(_ pipeline: Pipeline) -> [String] {
        pipeline.transforms.compactMap { if case let .lookup(table, _, _) = $0 { table } else { nil } }
    }

    static func size(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
    }

    /// Checks that the rejects are exactly the planted defects: same file, same line, the reason saying what was planted.
    static func check(_ reports: [FileReport], against defects: [PlantedDefect], root: String) throws(DemoError) {
        var expected = defects
        var unexpected: [String] = []
        for file in reports {
            for reject in file.report.rejects {
                let relative = reject.file.hasPrefix(root + "/") ? String(reject.file.dropFirst(root.count + 1)) : reject.file
                if let k = expected.firstIndex(where: { $0.file == relative && $0.line == reject.line && $0.table == file.table && reject.reason.contains($0.reason) }) {
                    expected.remove(at: k)
                } else {
                    unexpected.append("\(relative):\(reject.line): \(reject.reason)")
                }
            }
        }
        guard unexpected.isEmpty && expected.isEmpty else {
            let missing = expected.map { "\($0.file):\($0.line) (\($0.what)) was not rejected" }
            throw DemoError(.ingest, "the rejects are not the planted defects: " + (unexpected.prefix(10).map { "unexpected reject \($0)" } + missing).joined(separator: "; "))
        }
    }
}
