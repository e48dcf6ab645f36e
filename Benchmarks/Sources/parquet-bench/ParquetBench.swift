// parquet-bench: writes and reads a file of N rows and 6 columns with
// Vigie's Parquet module, then has pyarrow and DuckDB (one thread) do the
// same on the same data in the same run, and prints seconds, MB/s and the
// time ratios Vigie/peer. See ../../README.md.
//
// Targets (issue): reading no slower than pyarrow (ratio <= 1), writing
// within 1.5x of it (ratio <= 1.5).

import Foundation
import Parquet

@main
struct ParquetBench {
    static func main() {
        do {
            let options = try Options.parse(Array(CommandLine.arguments.dropFirst()))
            try Bench(options: options).run()
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("parquet-bench: \(error.message)\n\n\(Options.usage)\n".utf8))
            exit(2)
        } catch let error as Failure {
            FileHandle.standardError.write(Data("parquet-bench: \(error.message)\n".utf8))
            exit(1)
        } catch {
            FileHandle.standardError.write(Data("parquet-bench: \(error)\n".utf8))
            exit(1)
        }
    }
}

// MARK: - Options

struct UsageError: Error { var message: String }
struct Failure: Error { var message: String }

struct Options {
    var rows = 10_000_000
    var runs = 3
    var directory: String?
    var keep = false
    var python: String? = ProcessInfo.processInfo.environment["VIGIE_ORACLE_PYTHON"]
    var peersScript: String = Options.defaultPeersScript
    var peers = true
    var duckdbThreads = [1, 2]
    /// Only time Vigie's write or read, `runs` times (for profilers); no peers.
    var only: String?
    /// With `--only read`: read this file instead of generating and writing the data.
    var input: String?
    var seed: UInt64 = 0x5EED_2024

    static let usage = """
        usage: parquet-bench [--rows N] [--runs N] [--dir PATH] [--keep] [--no-peers]
                             [--python PATH] [--peers-script PATH] [--duckdb-threads 1,2]
                             [--only write|read] [--input FILE] [--seed N]
          --rows N            rows to generate (default 10000000)
          --runs N            timed runs per measure, the best is kept (default 3)
          --dir PATH          folder for the files (default: a new folder in the temporary directory)
          --keep              keep the files (default: removed at the end)
          --no-peers          time Vigie only
          --python PATH       Python with pyarrow and duckdb (default: $VIGIE_ORACLE_PYTHON)
          --peers-script PATH the peers' script (default: Benchmarks/peers.py beside this source)
          --duckdb-threads L  DuckDB thread counts to time, comma-separated (default 1,2)
          --only write|read   time only Vigie's write or read, for a profiler (no peers, no checks)
          --input FILE        with --only read: read FILE, generate and write nothing
        """

    /// Benchmarks/peers.py, found from this source file's path.
    static var defaultPeersScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("peers.py").path
    }

    static func parse(_ arguments: [String]) throws -> Options {
        var o = Options()
        var i = 0
        func value() throws -> String {
            i += 1
            guard i < arguments.count else { throw UsageError(message: "\(arguments[i - 1]) needs a value") }
            return arguments[i]
        }
        func positive(_ s: String) throws -> Int {
            guard let n = Int(s.replacingOccurrences(of: "_", with: "")), n > 0 else {
                throw UsageError(message: "'\(s)' is not a positive integer")
            }
            return n
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--rows": o.rows = try positive(value())
            case "--runs": o.runs = try positive(value())
            case "--dir": o.directory = try value()
            case "--keep": o.keep = true
            case "--no-peers": o.peers = false
            case "--python": o.python = try value()
            case "--peers-script": o.peersScript = try value()
            case "--duckdb-threads": o.duckdbThreads = try value().split(separator: ",").map { try positive(String($0)) }
            case "--input": o.input = try value()
            case "--seed": o.seed = UInt64(try positive(value()))
            case "--only":
                let v = try value()
                guard v == "write" || v == "read" else { throw UsageError(message: "--only takes write or read") }
                o.only = v
                o.peers = false
            case "-h", "--help":
                print(usage)
                exit(0)
            default: throw UsageError(message: "unknown argument '\(arguments[i])'")
            }
            i += 1
        }
        if o.input != nil && o.only != "read" { throw UsageError(message: "--input goes with --only read") }
        return o
    }
}

// MARK: - Data

/// SplitMix64 (Steele, Lea, Flood 2014): small, fast and good enough for test data.
struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in 0..<n (n small against 2^64, the bias is negligible here).
    mutating func below(_ n: UInt64) -> UInt64 { next() % n }
}

/// The six columns, with the size the MB/s figures are computed from.
struct Dataset {
    static let lines = ["crèche", "EHPAD", "dentaire", "optique", "audition", "SSIAD", "clinique", "ambulance"]
    /// Distinct patients.
    static let patients: UInt64 = 2_000_000
    /// 2022-01-01, in days since 1970-01-01; days span 3 years from there.
    static let firstDay: Int32 = 18_993
    static let daySpan: UInt64 = 1_096
    static let nullShare = 0.30

    let rows: Int
    let fields: [ParquetField]
    let columns: [ColumnData]
    /// Uncompressed in-memory size: 8 bytes per INT64 or DOUBLE value, 4 per DATE value,
    /// string bytes + 4 per string (an offset, as in Arrow); null rows count nothing.
    let dataBytes: Int
    let byColumn: [(String, Int)]

    static let fields: [ParquetField] = [
        .int64("id", nullable: false),
        .double("amount", nullable: false),
        .string("line", nullable: false),
        .string("patient", nullable: false),
        .date("day", nullable: false),
        .double("discount", nullable: true),
    ]

    init(rows: Int, seed: UInt64) throws {
        self.rows = rows
        fields = Self.fields
        var random = SplitMix64(state: seed)

        var id = [Int64](); id.reserveCapacity(rows)
        var amount = [Double](); amount.reserveCapacity(rows)
        var day = [Int32](); day.reserveCapacity(rows)
        var discount = [Double](); discount.reserveCapacity(rows)
        var discountValid = [Bool](); discountValid.reserveCapacity(rows)
        let lineBytes = Self.lines.map { Array($0.utf8) }
        var line = ByteArrays(); line.reserve(values: rows, bytes: rows * 9)
        var patient = ByteArrays(); patient.reserve(values: rows, bytes: rows * 9)
        var digits = [UInt8](repeating: UInt8(ascii: "P"), count: 9)

        for i in 0..<rows {
            // Sequential ids with gaps (deleted or filtered-out rows).
            id.append(1_000_000_000 + Int64(i) * 4 + Int64(random.below(4)))
            // Amounts in euros with cents, skewed toward small ones.
            let r = random.next()
            let cents = (r >> 32) % 100_000 * ((r & 3) + 1) / 4
            amount.append(Double(cents) / 100)
            lineBytes[Int(random.below(UInt64(lineBytes.count)))].withUnsafeBytes { line.append($0) }
            // "P" + 8 digits: 2M distinct patients spread over the 8-digit range.
            var p = (random.below(Self.patients) &* 48_271 &+ 10_000_019) % 100_000_000
            for k in stride(from: 8, through: 1, by: -1) {
                digits[k] = UInt8(ascii: "0") + UInt8(p % 10)
                p /= 10
            }
            digits.withUnsafeBytes { patient.append($0) }
            day.append(Self.firstDay + Int32(random.below(Self.daySpan)))
            let d = random.next()
            if Double(d >> 11) / Double(1 << 53) < Self.nullShare {
                discountValid.append(false)
            } else {
                discountValid.append(true)
                discount.append(Double((d & 0xFFFF) % 3_001) / 100)
            }
        }

        let descriptors = try Self.descriptors(fields)
        func column(_ i: Int, _ values: ColumnValues, _ validity: [Bool]? = nil) -> ColumnData {
            ColumnData(descriptor: descriptors[i], values: values, validity: validity, rowCount: rows)
        }
        columns = [
            column(0, .int64(id)),
            column(1, .double(amount)),
            column(2, .byteArray(line)),
            column(3, .byteArray(patient)),
            column(4, .int32(day)),
            column(5, .double(discount), discountValid),
        ]
        byColumn = [
            ("id", 8 * rows),
            ("amount", 8 * rows),
            ("line", line.bytes.count + 4 * rows),
            ("patient", patient.bytes.count + 4 * rows),
            ("day", 4 * rows),
            ("discount", 8 * discount.count),
        ]
        dataBytes = byColumn.reduce(0) { $0 + $1.1 }
    }

    /// The size, by the definition above, of columns read from a file.
    static func size(of columns: [ColumnData]) -> Int {
        columns.reduce(0) { total, c in
            switch c.values {
            case let .byteArray(b): total + b.bytes.count + 4 * b.count
            case let .int32(v): total + 4 * v.count
            case let .float(v): total + 4 * v.count
            case let .boolean(v): total + v.count
            case let .fixed(_, bytes): total + bytes.count
            default: total + 8 * c.values.count
            }
        }
    }

    /// The descriptors a reader of the written file sees (the writer itself only needs the values).
    static func descriptors(_ fields: [ParquetField]) throws -> [ColumnDescriptor] {
        var root = SchemaElement(name: "schema")
        root.numChildren = Int32(fields.count)
        var elements = [root]
        for f in fields {
            var e = SchemaElement(name: f.name)
            e.type = f.physicalType
            e.repetition = f.isNullable ? .optional : .required
            e.logicalType = f.logicalType
            switch f.logicalType {
            case .string?: e.convertedType = .utf8
            case .date?: e.convertedType = .date
            default: break
            }
            elements.append(e)
        }
        return try ParquetSchema(elements: elements).columns
    }
}

// MARK: - Timing

struct Timing {
    /// Wall-clock seconds of each run.
    var runs: [Double]
    /// CPU seconds (user + system, all threads of the process) of each run.
    var cpu: [Double] = []
    var best: Double { runs.min() ?? .nan }
    var bestCPU: Double { cpu.min() ?? .nan }
}

/// CPU seconds used so far by this process (user + system, all threads).
func processCPUSeconds() -> Double {
    var usage = rusage()
    #if os(Linux)
    getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}

/// Runs `body` `runs` times; `prepare` (untimed) before each. What `body` returns is
/// released after the clock stops, as the peers' results are.
func measure<T>(_ label: String, runs: Int, prepare: () throws -> Void = {}, _ body: () throws -> T) rethrows -> (Timing, T) {
    let clock = ContinuousClock()
    var timing = Timing(runs: [])
    var last: T?
    for run in 1...runs {
        try prepare()
        last = nil
        let cpuStart = processCPUSeconds()
        let start = clock.now
        let value = try body()
        let elapsed = (clock.now - start).seconds
        let cpu = processCPUSeconds() - cpuStart
        last = value
        timing.runs.append(elapsed)
        timing.cpu.append(cpu)
        log(String(format: "  %@ run %d: %.3f s (cpu %.3f s)", label, run, elapsed, cpu))
    }
    return (timing, last!)
}

func log(_ s: String) {
    FileHandle.standardError.write(Data((s + "\n").utf8))
}

// MARK: - Peers' report (printed as JSON by peers.py)

struct PeerReport: Decodable {
    struct Engine: Decodable {
        var name: String
        var threads: Int
        var write: [Double]
        var read: [Double]
        var writeCPU: [Double]
        var readCPU: [Double]
        var file: String
        var fileBytes: Int
        enum CodingKeys: String, CodingKey {
            case name, threads, write, read, file, writeCPU = "write_cpu", readCPU = "read_cpu", fileBytes = "file_bytes"
        }
        var writeTiming: Timing { Timing(runs: write, cpu: writeCPU) }
        var readTiming: Timing { Timing(runs: read, cpu: readCPU) }
    }
    struct Interop: Decodable {
        var reader: String
        var threads: Int
        var file: String
        var read: [Double]
        var readCPU: [Double]
        enum CodingKeys: String, CodingKey { case reader, threads, file, read, readCPU = "read_cpu" }
        var readTiming: Timing { Timing(runs: read, cpu: readCPU) }
    }
    var python: String
    var pyarrow: String
    var duckdb: String
    var engines: [Engine]
    var interop: [Interop]
}

// MARK: - The benchmark

struct Bench {
    let options: Options

    func run() throws {
        if options.peers && options.python == nil {
            throw Failure(message: "no Python for the peers: set VIGIE_ORACLE_PYTHON (eval \"$(scripts/oracles-setup --env)\"), pass --python, or --no-peers")
        }
        let fm = FileManager.default
        let directory = options.directory
            ?? fm.temporaryDirectory.appendingPathComponent("vigie-parquet-bench-\(getpid())").path
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer {
            if !options.keep && options.directory == nil { try? fm.removeItem(atPath: directory) }
        }
        let vigieFile = directory + "/vigie.parquet"

        if let input = options.input {
            log("Vigie: read \(input)")
            let (read, columns) = try measure("read", runs: options.runs) { try ParquetFileReader(path: input).read(threads: 1) }
            let bytes = Dataset.size(of: columns)
            print(String(format: "Vigie read %@: best %.3f s (%.1f MB/s for %.1f MB), runs %@", input, read.best,
                         mbps(bytes, read.best), Double(bytes) / 1e6, read.runs.map { String(format: "%.3f", $0) }.joined(separator: " ")))
            try readByColumn(input)
            return
        }

        log("generating \(options.rows) rows")
        let clock = ContinuousClock()
        let t0 = clock.now
        let data = try Dataset(rows: options.rows, seed: options.seed)
        log(String(format: "  generated in %.2f s", (clock.now - t0).seconds))

        // Vigie write.
        log("Vigie: write")
        let (write, _) = try measure("write", runs: options.only == "read" ? 1 : options.runs,
                                     prepare: { try? fm.removeItem(atPath: vigieFile) }) {
            try ParquetFileWriter.write(path: vigieFile, fields: data.fields, columns: data.columns)
        }
        if options.only == "write" {
            printOnly("write", write, data)
            return try writeByColumn(data, directory: directory)
        }

        // Vigie read, and a check that it reads back what it wrote.
        log("Vigie: read")
        let (read, columns) = try measure("read", runs: options.runs) {
            try ParquetFileReader(path: vigieFile).read(threads: 1)
        }
        log("Vigie: read, 2 threads")
        let (readParallel, _) = try measure("read (2 threads)", runs: options.runs) {
            try ParquetFileReader(path: vigieFile).read(threads: 2)
        }
        if options.only == "read" {
            printOnly("read", read, data)
            return try readByColumn(vigieFile)
        }
        try check(columns, against: data, what: "Vigie's file read by Vigie", compareValidity: true)

        var report: PeerReport?
        var vigieReadsPeers: [(String, Timing, String)] = []
        if options.peers, let python = options.python {
            log("peers: \(python) \(options.peersScript)")
            let r = try runPeers(python: python, input: vigieFile, directory: directory)
            report = r
            // Interop: Vigie reading the peers' files (single-thread runs only).
            for engine in r.engines where engine.threads == 1 {
                log("Vigie: read \(engine.name)'s file")
                let (t, cols) = try measure("read \(engine.name)", runs: options.runs) {
                    try ParquetFileReader(path: engine.file).read(threads: 1)
                }
                var verdict = "same values"
                do { try check(cols, against: data, what: "\(engine.name)'s file read by Vigie", compareValidity: false) }
                catch { verdict = "DIFFERENT VALUES: \(error)" }
                vigieReadsPeers.append((engine.name, t, verdict))
            }
        }

        printReport(data: data, write: write, read: read, readParallel: readParallel,
                    vigieBytes: fileSize(vigieFile), report: report, vigieReadsPeers: vigieReadsPeers)
        if options.keep || options.directory != nil { print("files kept in \(directory)") }
    }

    /// With --only write: each column alone in a file of its own, best of runs.
    func writeByColumn(_ data: Dataset, directory: String) throws {
        print("by column (each written alone):")
        for (i, field) in data.fields.enumerated() {
            let path = directory + "/column-\(field.name).parquet"
            let (t, _) = try measure("write \(field.name)", runs: options.runs, prepare: { try? FileManager.default.removeItem(atPath: path) }) {
                try ParquetFileWriter.write(path: path, fields: [field], columns: [data.columns[i]])
            }
            let bytes = data.byColumn[i].1
            print("  " + field.name.padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: "%7.3f s %8.1f MB/s  file %6.1f MB", t.best, mbps(bytes, t.best), Double(fileSize(path)) / 1e6))
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    /// With --only read: each column read alone (readColumn), best of runs.
    func readByColumn(_ path: String) throws {
        let reader = try ParquetFileReader(path: path)
        print("by column: readColumn (whole column), and readColumnChunk for each of the \(reader.rowGroupCount) row groups (chunks kept apart, not concatenated):")
        var total = (0.0, 0.0)
        for c in reader.schema.columns {
            let (t, column) = try measure("read \(c.name)", runs: options.runs) { try reader.readColumn(c.index) }
            let (tc, _) = try measure("read \(c.name) chunks", runs: options.runs) {
                try (0..<reader.rowGroupCount).map { try reader.readColumnChunk(rowGroup: $0, column: c.index) }
            }
            total.0 += t.best
            total.1 += tc.best
            let bytes = Dataset.size(of: [column])
            print("  " + c.name.padding(toLength: 10, withPad: " ", startingAt: 0)
                  + String(format: "%7.3f s %8.1f MB/s   chunks only %7.3f s %8.1f MB/s", t.best, mbps(bytes, t.best), tc.best, mbps(bytes, tc.best)))
        }
        print("  sum       " + String(format: "%7.3f s                chunks only %7.3f s", total.0, total.1))
    }

    func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? -1
    }

    /// Values equal to the generated ones (validity too when asked: other writers may
    /// mark required columns optional and leave validity out).
    func check(_ columns: [ColumnData], against data: Dataset, what: String, compareValidity: Bool) throws {
        struct Mismatch: Error, CustomStringConvertible { var description: String }
        guard columns.count == data.columns.count else { throw Mismatch(description: "\(what): \(columns.count) columns") }
        for (got, want) in zip(columns, data.columns) {
            let name = want.descriptor.name
            guard got.rowCount == want.rowCount else { throw Mismatch(description: "\(what): column \(name) has \(got.rowCount) rows") }
            guard got.values == want.values else { throw Mismatch(description: "\(what): column \(name) differs") }
            let gv = got.validity.flatMap { $0.contains(false) ? $0 : nil }
            let wv = want.validity.flatMap { $0.contains(false) ? $0 : nil }
            if compareValidity || gv != nil || wv != nil {
                guard gv == wv else { throw Mismatch(description: "\(what): column \(name) has other nulls") }
            }
        }
    }

    func runPeers(python: String, input: String, directory: String) throws -> PeerReport {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [options.peersScript, "--input", input, "--dir", directory,
                             "--runs", String(options.runs), "--rows", String(options.rows),
                             "--duckdb-threads", options.duckdbThreads.map(String.init).joined(separator: ",")]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.standardError
        try process.run()
        let bytes = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(message: "peers.py failed (exit \(process.terminationStatus))")
        }
        do {
            return try JSONDecoder().decode(PeerReport.self, from: bytes)
        } catch {
            throw Failure(message: "cannot decode peers.py's output (\(error)): \(String(decoding: bytes, as: UTF8.self).prefix(500))")
        }
    }

    // MARK: Printing

    func mbps(_ bytes: Int, _ seconds: Double) -> Double { Double(bytes) / 1e6 / seconds }

    func printOnly(_ what: String, _ t: Timing, _ data: Dataset) {
        print(String(format: "Vigie %@: best %.3f s (%.1f MB/s, cpu %.3f s), runs %@", what, t.best, mbps(data.dataBytes, t.best), t.bestCPU,
                     t.runs.map { String(format: "%.3f", $0) }.joined(separator: " ")))
    }

    func printReport(data: Dataset, write: Timing, read: Timing, readParallel: Timing, vigieBytes: Int,
                     report: PeerReport?, vigieReadsPeers: [(String, Timing, String)]) {
        let mb = { (b: Int) in String(format: "%.1f", Double(b) / 1e6) }
        print("")
        print("Parquet benchmark: \(data.rows.formatted()) rows, \(data.fields.count) columns"
              + " (id int64, amount double, line string x8, patient string x2M, day date, discount double ~30% null)")
        print("data size: \(mb(data.dataBytes)) MB = " + data.byColumn.map { "\($0.0) \(mb($0.1))" }.joined(separator: " + "))
        print("  (uncompressed in memory: 8 bytes per int64/double value, 4 per date, string bytes + 4 per string; nulls count 0)")
        print("  MB/s = data size / best time, 1 MB = 10^6 bytes; best of \(options.runs) runs, wall clock")
        print("  cpu s = least CPU time (user + system, all threads of the process) over the runs: less sensitive to a loaded machine")
        if let r = report {
            print("  peers: Python \(r.python), pyarrow \(r.pyarrow), DuckDB \(r.duckdb); pyarrow with 1 CPU and 1 I/O thread")
        }
        print("  writers' options: defaults (Vigie: SNAPPY, dictionary, 1Mi-row groups; pyarrow write_table(compression='snappy'); DuckDB COPY ... (FORMAT parquet, COMPRESSION snappy))")
        print("  Vigie/peer = Vigie time / peer time (< 1: Vigie is faster)")

        let pyarrow = report?.engines.first { $0.name == "pyarrow" }
        let duck1 = report?.engines.first { $0.name == "duckdb" && $0.threads == 1 }

        func row(_ name: String, _ t: Timing, _ bytes: Int?, vigie: Double?) -> String {
            let runs = t.runs.map { String(format: "%.3f", $0) }.joined(separator: " ")
            var s = name.padding(toLength: 34, withPad: " ", startingAt: 0)
            s += String(format: "%9.3f %9.1f %8.3f", t.best, mbps(data.dataBytes, t.best), t.bestCPU)
            s += (vigie.map { String(format: "%.2f", $0 / t.best) } ?? "").leftPadded(12)
            s += (bytes.map { mb($0) } ?? "").leftPadded(10)
            s += "   " + runs
            return s
        }
        let header = "".padding(toLength: 34, withPad: " ", startingAt: 0)
            + "  seconds      MB/s    cpu s  Vigie/peer   file MB   all runs (s)"

        for phase in ["write", "read"] {
            let vigie = phase == "write" ? write : read
            print("")
            print(phase.uppercased() + " " + header.dropFirst(phase.count + 1))
            print(row("Vigie (1 thread)", vigie, phase == "write" ? vigieBytes : nil, vigie: nil))
            if phase == "read" { print(row("Vigie (2 threads)", readParallel, nil, vigie: nil)) }
            for e in report?.engines ?? [] {
                let t = phase == "write" ? e.writeTiming : e.readTiming
                let name = "\(e.name == "duckdb" ? "DuckDB" : e.name) (\(e.threads) thread\(e.threads == 1 ? "" : "s"))"
                print(row(name, t, phase == "write" ? e.fileBytes : nil, vigie: vigie.best))
            }
        }

        if report != nil {
            print("")
            print("INTEROP READ" + header.dropFirst(12))
            for (name, t, verdict) in vigieReadsPeers {
                print(row("Vigie reading \(name == "duckdb" ? "DuckDB" : name)'s file", t, nil, vigie: nil) + "   (\(verdict))")
            }
            for i in report?.interop ?? [] {
                let name = "\(i.reader == "duckdb" ? "DuckDB" : i.reader) reading Vigie's file"
                print(row(name + (i.threads == 1 ? "" : " (\(i.threads) thr)"), i.readTiming, nil, vigie: read.best))
            }
            print("  (Vigie/peer here: Vigie reading its own file / the peer reading Vigie's file)")
        }

        print("")
        if let p = pyarrow {
            let r = read.best / p.readTiming.best
            let w = write.best / p.writeTiming.best
            print(String(format: "targets: read Vigie/pyarrow %.2f (target <= 1.00: %@), write Vigie/pyarrow %.2f (target <= 1.50: %@)",
                         r, r <= 1 ? "met" : "MISSED", w, w <= 1.5 ? "met" : "MISSED"))
            if let d = duck1 {
                print(String(format: "         read Vigie/DuckDB(1 thread) %.2f, write Vigie/DuckDB(1 thread) %.2f",
                             read.best / d.readTiming.best, write.best / d.writeTiming.best))
            }
            print(String(format: "         in CPU time: read Vigie/pyarrow %.2f, write Vigie/pyarrow %.2f",
                         read.bestCPU / p.readTiming.bestCPU, write.bestCPU / p.writeTiming.bestCPU))
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? " " + self : String(repeating: " ", count: width - count) + self
    }
}
