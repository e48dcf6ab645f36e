// csv-bench: generates a French-style CSV (`;`, decimal commas, dd/MM/yyyy
// dates, quoted text, a total line) of N rows and 10 columns, then times
// Vigie's CSV reader on it, tokenizing only and tokenizing plus typed parsing
// (declared and inferred schema), on one thread, and DuckDB's read_csv into a
// table and to Parquet with the same dialect (1 and 2 threads), through the
// oracles' Python (VIGIE_ORACLE_PYTHON). Prints seconds and MB/s.
//
//   cd Benchmarks && swift build -c release --scratch-path .build-bench --product csv-bench
//   eval "$(../scripts/oracles-setup --env)"
//   .build-bench/release/csv-bench --rows 1000000 [--runs 3] [--no-peers] [--keep]

import Foundation
import VigieLake

@main
struct CSVBench {
    static func main() throws {
        var rows = 1_000_000, runs = 3, peers = true, keep = false, only: String?
        var arguments = Array(CommandLine.arguments.dropFirst())
        while !arguments.isEmpty {
            let option = arguments.removeFirst()
            switch option {
            case "--rows": rows = Int(arguments.removeFirst()) ?? rows
            case "--runs": runs = Int(arguments.removeFirst()) ?? runs
            case "--no-peers": peers = false
            case "--keep": keep = true
            case "--only": only = arguments.removeFirst()
            default:
                print("usage: csv-bench [--rows N] [--runs N] [--no-peers] [--keep] [--only ingest]")
                exit(2)
            }
        }
        let path = NSTemporaryDirectory() + "vigie-csv-bench-\(rows).csv"
        // With --keep, a file left by an earlier run is used again.
        let size = try keep && FileManager.default.fileExists(atPath: path)
            ? (FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0)
            : generate(rows: rows, path: path)
        defer { if !keep { try? FileManager.default.removeItem(atPath: path) } }
        let megabytes = Double(size) / 1_000_000
        print("file: \(path), \(rows) rows, \(String(format: "%.1f", megabytes)) MB")

        /// Process CPU seconds: steadier than wall time on a loaded machine.
        func cpu() -> Double {
            var t = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
            return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
        }
        @discardableResult
        func time(_ label: String, _ body: () throws -> Int) rethrows -> Double? {
            guard only == nil || label.contains(only!) else { return nil }
            var best = Double.infinity
            var bestCPU = Double.infinity
            var count = 0
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                let startCPU = cpu()
                count = try body()
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
                bestCPU = min(bestCPU, cpu() - startCPU)
            }
            print(label.padding(toLength: 48, withPad: " ", startingAt: 0)
                + String(format: "%7.3f s  %7.1f MB/s   cpu %7.3f s  %7.1f MB/s per core  (%d rows)", best, megabytes / best, bestCPU, megabytes / bestCPU, count))
            return best
        }

        try time("vigie tokenize (1 thread)") {
            let reader = try CSVReader(path: path)
            var n = 0
            while let batch = try reader.nextBatch() { n += batch.count }
            return n
        }
        let schema: [CSVColumnSchema] = [
            .init(name: "id", type: .int), .init(name: "finess", type: .string), .init(name: "insee", type: .string),
            .init(name: "jour", type: .date), .init(name: "montant", type: .decimal(scale: 2)), .init(name: "quantite", type: .int),
            .init(name: "taux", type: .double), .init(name: "present", type: .bool), .init(name: "horodatage", type: .timestamp),
            .init(name: "remarque", type: .string),
        ]
        try time("vigie tokenize + typed parse (1 thread)") {
            let typed = try CSVTypedReader(reader: CSVReader(path: path), schema: schema)
            var n = 0
            while let batch = try typed.next() {
                n += batch.rowCount
                precondition(batch.rejects.isEmpty, "\(batch.rejects.prefix(3))")
            }
            precondition(typed.totalLine != nil)
            return n
        }
        try time("vigie tokenize + typed parse, 2 threads") {
            let reader = try CSVReader(path: path)
            let parser = CSVValueParser(dialect: reader.dialect)
            var n = 0
            var pending: [CSVBatch] = []
            func drain() {
                let batches = pending
                pending = []
                nonisolated(unsafe) let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: batches.count)
                DispatchQueue.concurrentPerform(iterations: batches.count) { i in
                    counts[i] = batches[i].decode(schema: schema, parser: parser).rowCount
                }
                n += counts.reduce(0, +)
                counts.deallocate()
            }
            while let batch = try reader.nextBatch() {
                pending.append(batch)
                if pending.count == 2 { drain() }
            }
            drain()
            return n
        }
        try time("vigie tokenize + infer + typed parse (1 thread)") {
            let typed = try CSVTypedReader(reader: CSVReader(path: path))
            precondition(typed.schema.map(\.type) == schema.map(\.type), "\(typed.schema)")
            var n = 0
            while let batch = try typed.next() { n += batch.rowCount }
            return n
        }

        // The whole ingest: raw copy and SHA-256, read, type, check, write the Delta table, commit.
        let declared: [PipelineField] = [
            .init(name: "id", type: .long, required: true), .init(name: "finess", type: .string), .init(name: "insee", type: .string),
            .init(name: "jour", type: .date), .init(name: "montant", type: .decimal(precision: 18, scale: 2)), .init(name: "quantite", type: .long),
            .init(name: "taux", type: .double), .init(name: "present", type: .boolean), .init(name: "horodatage", type: .timestamp),
            .init(name: "remarque", type: .string),
        ]
        let pipeline = Pipeline(name: "bench", format: .csv, sourcePath: path, table: "bench", schema: declared)
        let ingest = try time("vigie ingest -> Delta table (declared schema)") {
            let root = NSTemporaryDirectory() + "vigie-ingest-bench-\(rows)-\(getpid())"
            try? FileManager.default.removeItem(atPath: root)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let report = try Ingest(workspace: Workspace.create(at: root), pipeline: pipeline).run(file: path)
            precondition(report.rejects.isEmpty && report.version == 1, "\(report.rejects.prefix(3)) \(report.skipped ?? "")")
            return report.rowsAccepted
        }
        // The same on one core: this program again, pinned to CPU 0 by taskset.
        var ingestOneCore: Double?
        if only == nil, ingest != nil, let taskset = ["/usr/bin/taskset", "/bin/taskset"].first(where: FileManager.default.isExecutableFile) {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: taskset)
            child.arguments = ["-c", "0", CommandLine.arguments[0], "--rows", String(rows), "--runs", String(runs), "--no-peers", "--keep", "--only", "ingest"]
            let output = Pipe()
            child.standardOutput = output
            try child.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            child.waitUntilExit()
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("vigie ingest") }) {
                print(line.replacingOccurrences(of: "(declared schema)", with: "(1 core)  "))
                ingestOneCore = Double(line.dropFirst(48).split(separator: " ").first ?? "")
            }
        }

        guard peers, let python = ProcessInfo.processInfo.environment["VIGIE_ORACLE_PYTHON"] else {
            print("peers: skipped (no --no-peers and VIGIE_ORACLE_PYTHON set to compare with DuckDB)")
            return
        }
        let script = """
            import duckdb, sys, time, os
            path, runs, mb = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
            read = (f"read_csv('{path}', delim=';', header=true, decimal_separator=',', dateformat='%d/%m/%Y', "
                    "columns={'id':'BIGINT','finess':'VARCHAR','insee':'VARCHAR','jour':'DATE','montant':'DECIMAL(18,2)',"
                    "'quantite':'BIGINT','taux':'DOUBLE','present':'BOOLEAN','horodatage':'TIMESTAMP','remarque':'VARCHAR'}, "
                    "ignore_errors=true)")
            duckdb.sql("SET enable_progress_bar=false")
            for threads in (1, 2):
                for label, sql in (("table", f"CREATE OR REPLACE TABLE t AS SELECT * FROM {read}"),
                                   ("parquet", f"COPY (SELECT * FROM {read}) TO '{path}.parquet' (FORMAT parquet)")):
                    con = duckdb.connect()
                    con.execute(f"SET threads={threads}")
                    con.execute("SET enable_progress_bar=false")
                    times, cpus = [], []
                    for _ in range(runs):
                        t0, c0 = time.perf_counter(), time.process_time()
                        con.execute(sql)
                        times.append(time.perf_counter() - t0); cpus.append(time.process_time() - c0)
                    best, cpu = min(times), min(cpus)
                    name = f"duckdb read_csv -> {label} ({threads} thread{'s' if threads > 1 else ''})"
                    print(f"{name:<48}{best:7.3f} s  {mb / best:7.1f} MB/s   cpu {cpu:7.3f} s  {mb / cpu:7.1f} MB/s per core", flush=True)
            if os.path.exists(path + ".parquet"): os.remove(path + ".parquet")
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script, path, String(runs), String(megabytes)]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(text, terminator: "")
        // Rows per second of the ingest against DuckDB's read_csv → Parquet, thread for thread.
        func seconds(_ label: String) -> Double? {
            text.split(separator: "\n").first { $0.hasPrefix(label) }.flatMap { Double($0.dropFirst(48).split(separator: " ").first ?? "") }
        }
        guard let ingest else { return }
        print("\ningest of \(rows) rows: rows/s, and Vigie's rate / DuckDB's (above 1: Vigie is faster)")
        for (label, vigie, threads) in [("1 core / 1 thread", ingestOneCore, 1), ("\(ProcessInfo.processInfo.activeProcessorCount) cores / 2 threads", ingest, 2)] {
            guard let vigie, let duck = seconds("duckdb read_csv -> parquet (\(threads) thread") else { continue }
            print(label.padding(toLength: 22, withPad: " ", startingAt: 0)
                + String(format: "vigie %10.0f rows/s   duckdb %10.0f rows/s   ratio %.2f", Double(rows) / vigie, Double(rows) / duck, duck / vigie))
        }
    }

    /// Writes the benchmark file; returns its size in bytes.
    static func generate(rows: Int, path: String) throws -> Int {
        var state: UInt64 = 0x5EED_2024
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let remarks = ["", "RAS", "Crèche \"Les Écureuils\"; aile B", "EHPAD Les Tilleuls", "à revoir", "Hôpital Saint-Éloi"]
        var out = [UInt8]()
        out.reserveCapacity(rows * 110)
        out += Array("id;finess;insee;jour;montant;quantite;taux;present;horodatage;remarque\n".utf8)
        func two(_ v: Int) { out.append(UInt8(48 + v / 10)); out.append(UInt8(48 + v % 10)) }
        var total: Int64 = 0
        for row in 1...max(1, rows) {
            let r = next()
            out += Array(String(row).utf8)
            out += Array(";06\(String(format: "%07d", Int(r % 10_000_000)));".utf8)
            out += Array(String(format: "%05d;", Int(r >> 20 % 99_999)).utf8)
            let day = Int(r >> 8 % 28) + 1, month = Int(r >> 13 % 12) + 1
            two(day); out.append(0x2F); two(month); out += Array("/2024;".utf8)
            let cents = Int64(r >> 24 % 1_000_000) - 100_000
            total += cents
            out += Array((cents < 0 ? "-" : "").utf8)
            out += Array("\(abs(cents) / 100),".utf8); two(Int(abs(cents) % 100)); out.append(0x3B)
            out += Array("\(r >> 40 % 1000);0,\(r >> 30 % 1000);\(r & 1 == 0 ? "true" : "false");".utf8)
            out += Array("2024-".utf8); two(month); out.append(0x2D); two(day); out.append(0x20)
            two(Int(r >> 17 % 24)); out.append(0x3A); two(Int(r >> 22 % 60)); out += Array(":00;".utf8)
            let remark = remarks[Int(r >> 50 % UInt64(remarks.count))]
            out += Array((remark.contains(";") ? "\"" + remark.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : remark).utf8)
            out.append(0x0A)
        }
        out += Array("Total;;;;\(total / 100),\(String(format: "%02d", Int(abs(total) % 100)));;;;;\n".utf8)
        guard FileManager.default.createFile(atPath: path, contents: Data(out)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return out.count
    }
}
