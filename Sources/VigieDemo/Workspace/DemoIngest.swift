// Ingesting the demo's sources through the workspace's own pipelines, the
// same code path as `vigie ingest`: a worker per core takes the biggest
// pipeline whose looked-up tables are in (reference data before the facts
// that check their keys against it) and ingests its files in order.
// Progress is the work done over all the files (bytes, weighted by how slow
// their format is to read). Afterwards every reject must be a defect the
// demo planted, and every planted defect must be rejected: anything else is
// a bug.

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

    /// A source file and about how long it takes to ingest (see `work`).
    typealias Source = (path: String, work: Int)

    /// Ingests every pipeline of the workspace. The pipelines named in `waiting` have files still being written:
    /// they go first (once their lookups are in), and their worker waits for `waiting[name]` to return, then lists
    /// their files.
    func run(waiting: [String: @Sendable () throws(DemoError) -> Void] = [:],
             progress: @escaping @Sendable (DemoProgress) -> Void) throws(DemoError) -> [FileReport] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: workspace.pipelinesPath)) ?? []).filter { $0.hasSuffix(".yaml") }.sorted()
        var jobs: [(ingest: Ingest, files: [Source])] = []
        for name in names {
            do throws(LakeError) {
                let ingest = Ingest(workspace: workspace, pipeline: try Pipeline.load(path: workspace.pipelinesPath + "/" + name))
                jobs.append((ingest, waiting[ingest.pipeline.name] == nil ? try Self.sources(ingest) : []))
            } catch {
                throw DemoError(.ingest, "the pipeline \(name) cannot run", cause: error)
            }
        }
        // A pipeline may start once the tables it looks up are in. The ones that weigh most first: their files and
        // the files of the pipelines that wait for them (so that the NDJSON events' small lookup table is not last).
        let targets = Set(jobs.map(\.ingest.pipeline.table))
        func needs(_ job: (ingest: Ingest, files: [Source])) -> Set<String> {
            Set(Self.lookups(job.ingest.pipeline)).intersection(targets)
        }
        func weight(_ job: (ingest: Ingest, files: [Source]), depth: Int = 0) -> Int {
            if waiting[job.ingest.pipeline.name] != nil { return Int.max / 2 }
            let own = job.files.reduce(0) { $0 + $1.work }
            guard depth < jobs.count else { return own }
            return own + jobs.filter { needs($0).contains(job.ingest.pipeline.table) }.reduce(0) { min(Int.max / 4, $0 + weight($1, depth: depth + 1)) }
        }
        let weights = Dictionary(uniqueKeysWithValues: jobs.map { ($0.ingest.pipeline.name, weight($0)) })
        jobs.sort { weights[$0.ingest.pipeline.name]! > weights[$1.ingest.pipeline.name]! }
        let scheduler = Scheduler(count: jobs.count, tables: jobs.map(\.ingest.pipeline.table), needs: jobs.map(needs))
        // The work of the files known, of the files finished, rows read, and each running file's work done and rows read.
        let state = Locked<(total: Int, finished: Int, rows: Int, reading: [Int: (work: Int, rows: Int)], reports: [FileReport], failure: DemoError?)>(
            (jobs.reduce(0) { $0 + $1.files.reduce(0) { $0 + $1.work } }, 0, 0, [:], [], nil))
        let work = jobs
        DispatchQueue.concurrentPerform(iterations: max(1, ProcessInfo.processInfo.activeProcessorCount)) { _ in
            while let k = scheduler.next() {
                let ingest = work[k].ingest
                var files = work[k].files
                var failed = false
                if let wait = waiting[ingest.pipeline.name] {
                    do throws(DemoError) {
                        try wait()
                        do throws(LakeError) { files = try Self.sources(ingest) } catch {
                            throw DemoError(.ingest, "the pipeline \(ingest.pipeline.name) cannot run", cause: error)
                        }
                        let known = files.reduce(0) { $0 + $1.work }
                        state.withLock { $0.total += known }
                    } catch {
                        state.withLock { $0.failure = $0.failure ?? error }
                        failed = true
                    }
                }
                for (file, work) in files where !failed {
                    let relative = String(file.dropFirst(workspace.root.count + 1))
                    /// What to tell about the whole ingest, once the state has been updated.
                    func tell(_ update: (inout (total: Int, finished: Int, rows: Int, reading: [Int: (work: Int, rows: Int)], reports: [FileReport], failure: DemoError?)) -> Void) {
                        let (done, total, rows) = state.withLock { s in
                            update(&s)
                            return (s.finished + s.reading.values.reduce(0) { $0 + $1.work }, s.total, s.rows + s.reading.values.reduce(0) { $0 + $1.rows })
                        }
                        progress(DemoProgress(stage: .ingest, done: done, total: total, rows: rows, detail: relative))
                    }
                    do throws(LakeError) {
                        let report = try ingest.run(file: file) { p in
                            tell { $0.reading[k] = (Int(Int64(p.bytesRead ?? 0) * Int64(work) / max(1, p.size)), p.rowsRead) }
                        }
                        tell { s in
                            s.reading[k] = nil
                            s.finished += work
                            s.rows += report.rowsRead
                            s.reports.append(FileReport(pipeline: ingest.pipeline.name, table: ingest.pipeline.table, report: report))
                        }
                        if let skipped = report.skipped { throw LakeError(.invalidArgument, "not committed: \(skipped)") }
                    } catch {
                        state.withLock { $0.failure = $0.failure ?? DemoError(.ingest, "ingesting \(relative) with \(ingest.pipeline.name) failed", cause: error) }
                        failed = true
                    }
                }
                scheduler.finish(k, failed: failed)
            }
        }
        if let failure = state.withLock({ $0.failure }) { throw failure }
        guard scheduler.allDone else { throw DemoError(.ingest, "the pipelines' lookups go round in a circle") }
        return state.withLock { $0.reports }
    }

    /// A pipeline's source files and their work.
    static func sources(_ ingest: Ingest) throws(LakeError) -> [Source] {
        try ingest.sourceFiles().map { ($0, work($0)) }
    }

    /// Hands the pipelines to the workers: the first, in order, whose looked-up tables are all in; a worker waits
    /// while others run what the rest need. After a failure nothing more starts.
    final class Scheduler: @unchecked Sendable {
        private let condition = NSCondition()
        private let tables: [String]
        private let needs: [Set<String>]
        private var pending: [Int]
        private var running = 0
        private var loaded: Set<String> = []
        /// Tables some pipeline still has to write (several pipelines may write one table).
        private var unwritten: [String: Int] = [:]
        private var failed = false

        init(count: Int, tables: [String], needs: [Set<String>]) {
            self.tables = tables
            self.needs = needs
            pending = Array(0..<count)
            for table in tables { unwritten[table, default: 0] += 1 }
        }

        var allDone: Bool { condition.withLock { pending.isEmpty && running == 0 } }

        func next() -> Int? {
            condition.lock()
            defer { condition.unlock() }
            while true {
                if failed { return nil }
                if let position = pending.firstIndex(where: { needs[$0].isSubset(of: loaded) }) {
                    running += 1
                    return pending.remove(at: position)
                }
                if running == 0 { return nil }
                condition.wait()
            }
        }

        func finish(_ job: Int, failed: Bool) {
            condition.withLock {
                running -= 1
                self.failed = self.failed || failed
                unwritten[tables[job], default: 1] -= 1
                if unwritten[tables[job]] == 0 { loaded.insert(tables[job]) }
                condition.broadcast()
            }
        }
    }

    /// The tables a pipeline looks keys up in.
    static func lookups(_ pipeline: Pipeline) -> [String] {
        pipeline.transforms.compactMap { if case let .lookup(table, _, _) = $0 { table } else { nil } }
    }

    /// About how long a file takes to ingest, in the time a byte of CSV takes (measured on the demo's files): JSON
    /// is parsed into values one at a time, and XLSX, compressed XML, through an XML parser, so their bytes weigh more.
    static func work(_ path: String) -> Int {
        let size = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.intValue ?? 0
        switch (path as NSString).pathExtension.lowercased() {
        case "xlsx": return size * 60
        case "json", "ndjson": return size * 8
        default: return size
        }
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
