// engine-bench: the associative engine against DuckDB on the work a BI tool
// does. Generates an activity fact table (establishment: 500 values,
// activity line: 8, month: 36, patient: 2M, amount: double, quantity: int)
// linked to an establishment table and a calendar, writes it as Parquet,
// loads the same rows into Vigie's engine and into DuckDB (threads=2, with
// plain VARCHAR columns and with ENUM columns, keeping DuckDB's better
// time), and times:
//   (a) Sum(amount) and Count by activity line
//   (b) Sum(amount) by establishment × month
//   (c) Count(distinct patient) by activity line
//   (d) query (a) under a selection of 50 establishments and months 10–20
//   (e) after that selection, the state (and frequency) of every value of every field
// and prints each time, DuckDB's and the ratio (Vigie / DuckDB: below 1, Vigie is faster).
// It also writes the fact table as a Delta table with Vigie's writer and times an app's load of it
// (`AppModel.load`: the lake's Parquet pages to engine fields), against DuckDB's
// `CREATE TABLE … AS SELECT * FROM read_parquet(…)` of the same files.
//
//   cd Benchmarks && swift build -c release --scratch-path .build-bench --product engine-bench
//   eval "$(../scripts/oracles-setup --env)"
//   .build-bench/release/engine-bench --rows 20000000 [--runs 5] [--load-runs 3] [--only-load] [--only a] [--tpch 1]
// With --tpch SCALE it then runs TPC-H Q1 and Q6 on lineitem at that scale factor (TPCHBench.swift);
// --tpch-only SCALE runs only those, and --tpch-dir DIR keeps their data in DIR for the next run.

import Foundation
import Parquet
import VigieEngine
import VigieLake
import VigieModel

@main
struct EngineBench {
    static func main() throws {
        var rows = 20_000_000, runs = 5, loadRuns = 3, peers = true, onlyLoad = false, tpch: String?, only: String?
        var tpchOnly = false, tpchDirectory: String?
        var arguments = Array(CommandLine.arguments.dropFirst())
        while !arguments.isEmpty {
            switch arguments.removeFirst() {
            case "--rows": rows = Int(arguments.removeFirst()) ?? rows
            case "--runs": runs = Int(arguments.removeFirst()) ?? runs
            case "--load-runs": loadRuns = Int(arguments.removeFirst()) ?? loadRuns
            case "--no-peers": peers = false
            case "--only-load": onlyLoad = true
            case "--tpch": tpch = arguments.removeFirst()
            case "--only": only = arguments.removeFirst()
            case "--tpch-only": tpch = arguments.removeFirst(); tpchOnly = true
            case "--tpch-dir": tpchDirectory = arguments.removeFirst()
            default:
                print("usage: engine-bench [--rows N] [--runs N] [--load-runs N] [--no-peers] [--only-load] [--only a|b|c|d|e] [--tpch SCALE] [--tpch-only SCALE] [--tpch-dir DIR]")
                exit(2)
            }
        }
        let dir = NSTemporaryDirectory() + "vigie-engine-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        if tpchOnly, let tpch {
            guard let python = ProcessInfo.processInfo.environment["VIGIE_ORACLE_PYTHON"] else {
                print("TPC-H needs tpchgen-cli: set VIGIE_ORACLE_PYTHON (eval \"$(../scripts/oracles-setup --env)\")")
                exit(2)
            }
            try TPCHBench.run(scale: tpch, runs: runs, python: python, peers: peers, directory: tpchDirectory ?? dir)
            return
        }

        // The data, from a fixed seed.
        var state: UInt64 = 0x5EED_2026
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let establishments = (0..<500).map { String(format: "S%04d", $0) }
        let lines = ["Crèche", "EHPAD", "Dentaire", "Optique", "Audition", "Soins infirmiers", "Clinique", "Pharmacie"]
        let months = (0..<36).map { 202_301 + ($0 / 12) * 100 + $0 % 12 }
        let patients = 2_000_000
        var e = [Int32](repeating: 0, count: rows), l = [Int32](repeating: 0, count: rows), m = [Int32](repeating: 0, count: rows)
        var p = [Int32](repeating: 0, count: rows), amount = [Double](repeating: 0, count: rows), quantity = [Int64](repeating: 0, count: rows)
        for r in 0..<rows {
            let x = next()
            e[r] = Int32(x % 500)
            l[r] = Int32((x >> 9) % 8)
            m[r] = Int32((x >> 12) % 36)
            p[r] = Int32((x >> 18) % UInt64(patients))
            amount[r] = Double((x >> 40) % 100_000) / 100
            quantity[r] = Int64((x >> 58) % 10) + 1
        }
        let regions = ["Bretagne", "Normandie", "Pays de la Loire", "Île-de-France", "Occitanie", "Grand Est", "Hauts-de-France",
                       "Nouvelle-Aquitaine", "Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Centre-Val de Loire", "Corse",
                       "Provence-Alpes-Côte d'Azur"]
        print("data: \(rows) facts, 500 establishments, 36 months, \(patients) patients")

        // Parquet for DuckDB: the same rows.
        func strings(_ dictionary: [String], _ indices: [Int32]) -> ByteArrays {
            var out = ByteArrays()
            out.reserve(values: indices.count, bytes: indices.count * 8)
            for i in indices { out.append(utf8: dictionary[Int(i)]) }
            return out
        }
        let patientNames = (0..<patients).map { String(format: "P%07d", $0) }
        let factFields: [ParquetField] = [.string("establishment"), .string("line"), .int64("month"), .string("patient"), .double("amount"), .int64("quantity")]
        let factValues: [ColumnValues] = [.byteArray(strings(establishments, e)), .byteArray(strings(lines, l)), .int64(m.map { Int64(months[Int($0)]) }),
                                          .byteArray(strings(patientNames, p)), .double(amount), .int64(quantity)]
        let factColumns = zip(factFields.enumerated(), factValues).map { field, values in
            ColumnData(descriptor: field.element.descriptor(index: field.offset), values: values, validity: nil, rowCount: rows)
        }
        try ParquetFileWriter.write(path: dir + "/facts.parquet", fields: factFields, columns: factColumns)
        let establishmentRegion = (0..<500).map { regions[$0 % regions.count] }
        let establishmentKind = (0..<500).map { lines[$0 % lines.count] }
        try ParquetFileWriter.write(path: dir + "/establishments.parquet", fields: [.string("code"), .string("region"), .string("kind")],
                                    columns: [ByteArrays(establishments), ByteArrays(establishmentRegion), ByteArrays(establishmentKind)].enumerated().map {
                                        ColumnData(descriptor: ParquetField.string("c\($0.offset)").descriptor(index: $0.offset), values: .byteArray($0.element), validity: nil, rowCount: 500)
                                    })
        try ParquetFileWriter.write(path: dir + "/calendar.parquet", fields: [.int64("month"), .int64("year"), .string("quarter")],
                                    columns: [
                                        ColumnData(descriptor: ParquetField.int64("month").descriptor(index: 0), values: .int64(months.map(Int64.init)), validity: nil, rowCount: 36),
                                        ColumnData(descriptor: ParquetField.int64("year").descriptor(index: 1), values: .int64(months.map { Int64($0 / 100) }), validity: nil, rowCount: 36),
                                        ColumnData(descriptor: ParquetField.string("quarter").descriptor(index: 2),
                                                   values: .byteArray(ByteArrays(months.map { "T\(($0 % 100 - 1) / 3 + 1)" })), validity: nil, rowCount: 36),
                                    ])

        // The engine: fields from the same dictionaries and indices (as Parquet dictionary pages give them).
        let loadStart = DispatchTime.now().uptimeNanoseconds
        func text(_ name: String, _ dictionary: [String], _ indices: [Int32]) -> EngineField {
            EngineField.fromDictionary(name, dictionary: dictionary, indices: indices.map { Int($0) }, by: { $0.utf8.lexicographicallyPrecedes($1.utf8) },
                                       symbols: { .text($0) })
        }
        let facts = try EngineTable(name: "Facts", fields: [
            text("establishment", establishments, e), text("line", lines, l),
            EngineField.fromDictionary("month", dictionary: months.map(Int64.init), indices: m.map { Int($0) }, by: <, symbols: { .integer($0) }),
            text("patient", patientNames, p), .number("amount", amount), .integer("quantity", quantity),
        ])
        let establishmentTable = try EngineTable(name: "Establishments", fields: [
            .text("code", establishments), .text("region", establishmentRegion), .text("kind", establishmentKind),
        ])
        let calendar = try EngineTable(name: "Calendar", fields: [
            .integer("month", months.map(Int64.init)), .integer("year", months.map { Int64($0 / 100) }), .text("quarter", months.map { "T\(($0 % 100 - 1) / 3 + 1)" }),
        ])
        let model = try DataModel(tables: [facts, establishmentTable, calendar], links: [
            Link(FieldReference(table: "Facts", field: "establishment"), FieldReference(table: "Establishments", field: "code")),
            Link(FieldReference(table: "Facts", field: "month"), FieldReference(table: "Calendar", field: "month")),
        ])
        let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e9
        print(String(format: "vigie load: %.2f s, %d MB in the engine", loadSeconds, model.memory / 1_000_000))
        for table in model.tables {
            print("  \(table.name): " + table.fields.map { "\($0.name) \($0.memory / 1_000_000) MB (\($0.codes.width) B/row)" }.joined(separator: ", "))
        }

        // The same facts as a lake table (Vigie's Delta writer, default options), loaded by an app as `vigie serve` does.
        let workspace = try Workspace.create(at: dir + "/workspace")
        let lakeTable = try DeltaTable.create(path: try workspace.table("facts").path, schema: DeltaSchema(fields: [
            DeltaField(name: "establishment", type: .string), DeltaField(name: "line", type: .string), DeltaField(name: "month", type: .long),
            DeltaField(name: "patient", type: .string), DeltaField(name: "amount", type: .double), DeltaField(name: "quantity", type: .long),
        ]))
        try lakeTable.write(factColumns)
        let app = AppModel(name: "bench", tables: [AppModel.Table(name: "Facts", lake: "facts")], links: [])
        var loadTimes: [Double] = []
        var loaded: DataModel?
        for _ in 0..<loadRuns {
            loaded = nil
            let start = DispatchTime.now().uptimeNanoseconds
            loaded = try app.load(from: workspace)
            loadTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        if let lakeFacts = loaded?.tables.first {
            print(String(format: "lake load (AppModel.load of %d rows): best %.3f s of ", rows, loadTimes.min() ?? 0)
                  + loadTimes.map { String(format: "%.3f", $0) }.joined(separator: ", ") + String(format: "; %d MB in the engine", lakeFacts.memory / 1_000_000))
            // The app's rows must hold the values generated (sampled: the fields built above also keep unused patients).
            for built in facts.fields {
                guard let field = lakeFacts.field(built.name), field.rowCount == rows,
                      stride(from: 0, to: rows, by: 97).allSatisfy({ field.symbols.text(field.codes[$0]) == built.symbols.text(built.codes[$0]) }) else {
                    print("lake load: field \(built.name) differs from the rows generated")
                    exit(1)
                }
            }
        }
        loaded = nil
        if onlyLoad {
            if peers, let python = ProcessInfo.processInfo.environment["VIGIE_ORACLE_PYTHON"] {
                print("duckdb load: " + (try duckdbLoad(python: python, table: lakeTable.path, runs: loadRuns)))
            }
            return
        }

        func field(_ t: String, _ f: String) -> FieldReference { FieldReference(table: t, field: f) }
        let amountSum = Measure("Sum(amount)", FieldAggregation(.sum, field("Facts", "amount")))
        let rowCount = Measure("Count", FieldAggregation(.countRows, field("Facts", "amount")))
        var selection = Selection()
        selection.select(Array(establishments.prefix(50)), in: field("Facts", "establishment"))
        selection.select(months[10...20].map(String.init), in: field("Facts", "month"))
        let queries: [(String, () throws -> Int)] = [
            ("(a) Sum(amount), Count by line", { try model.query(Hypercube(dimensions: [field("Facts", "line")], measures: [amountSum, rowCount])).lines.count }),
            ("(b) Sum(amount) by establishment x month", {
                try model.query(Hypercube(dimensions: [field("Facts", "establishment"), field("Facts", "month")], measures: [amountSum])).lines.count
            }),
            ("(c) Count(distinct patient) by line", {
                try model.query(Hypercube(dimensions: [field("Facts", "line")],
                                          measures: [Measure("patients", FieldAggregation(.countDistinct, field("Facts", "patient")))])).lines.count
            }),
            ("(d) (a) under 50 establishments, months 10-20", {
                try model.query(Hypercube(dimensions: [field("Facts", "line")], measures: [amountSum, rowCount]), selection: selection).lines.count
            }),
            ("(e) states of every value of every field", {
                let fields = model.tables.flatMap { table in table.fields.map { field(table.name, $0.name) } }
                return try model.states(of: fields, selection: selection).reduce(0) { $0 + $1.count }
            }),
        ]
        var vigie: [Double] = []
        for (label, body) in queries {
            if let only, !label.hasPrefix("(\(only))") {
                vigie.append(.nan)
                continue
            }
            var best = Double.infinity
            var count = 0
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                count = try body()
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            vigie.append(best)
            print(label.padding(toLength: 48, withPad: " ", startingAt: 0) + String(format: "vigie %8.4f s  (%d results)", best, count))
        }
        // A plain sequential scan of the same bytes as (a)'s grouped sum: the line codes and the amounts.
        var scanBest = Double.infinity
        let lineCodes = l.map { UInt8($0) }
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            var sums = [Double](repeating: 0, count: 8)
            lineCodes.withUnsafeBufferPointer { codes in amount.withUnsafeBufferPointer { values in sums.withUnsafeMutableBufferPointer { sums in
                for r in 0..<rows { sums[Int(codes[r])] += values[r] }
            } } }
            scanBest = min(scanBest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            if sums[0] < 0 { print(sums) }
        }
        print(String(format: "plain scan (grouped sum of the same bytes, 1 thread)  %8.4f s", scanBest))

        guard peers, let python = ProcessInfo.processInfo.environment["VIGIE_ORACLE_PYTHON"] else {
            print("peers: skipped (set VIGIE_ORACLE_PYTHON, or drop --no-peers)")
            return
        }
        let script = """
            import duckdb, sys, time
            d, runs = sys.argv[1], int(sys.argv[2])
            best = {}
            for variant in ("varchar", "enum"):
                con = duckdb.connect()
                con.execute("SET threads=2")
                con.execute("SET enable_progress_bar=false")
                if variant == "varchar":
                    con.execute(f"CREATE TABLE facts AS SELECT * FROM read_parquet('{d}/facts.parquet')")
                else:
                    for col in ("establishment", "line", "patient"):
                        con.execute(f"CREATE TYPE {col}_t AS ENUM (SELECT DISTINCT {col} FROM read_parquet('{d}/facts.parquet') ORDER BY 1)")
                    con.execute(f"CREATE TABLE facts AS SELECT establishment::establishment_t AS establishment, line::line_t AS line, month, "
                                f"patient::patient_t AS patient, amount, quantity FROM read_parquet('{d}/facts.parquet')")
                con.execute(f"CREATE TABLE establishments AS SELECT * FROM read_parquet('{d}/establishments.parquet')")
                con.execute(f"CREATE TABLE calendar AS SELECT * FROM read_parquet('{d}/calendar.parquet')")
                est = ", ".join(f"'S{i:04d}'" for i in range(50))
                months = [202301 + (i // 12) * 100 + i % 12 for i in range(10, 21)]
                where = f"f.establishment IN ({est}) AND f.month IN ({', '.join(map(str, months))})"
                joined = f"facts f JOIN establishments e ON f.establishment = e.code JOIN calendar c ON f.month = c.month WHERE {where}"
                fields = ["f.establishment", "f.line", "f.month", "f.patient", "f.amount", "f.quantity", "e.code", "e.region", "e.kind",
                          "c.month", "c.year", "c.quarter"]
                queries = {
                    "a": ["SELECT line, sum(amount), count(*) FROM facts GROUP BY line"],
                    "b": ["SELECT establishment, month, sum(amount) FROM facts GROUP BY ALL"],
                    "c": ["SELECT line, count(DISTINCT patient) FROM facts GROUP BY line"],
                    "d": [f"SELECT line, sum(amount), count(*) FROM facts f WHERE {where} GROUP BY line"],
                    "e": [f"SELECT {col}, count(*) FROM {joined} GROUP BY ALL" for col in fields],
                }
                for key, sqls in queries.items():
                    times = []
                    for _ in range(runs):
                        t0 = time.perf_counter()
                        for sql in sqls: con.execute(sql).fetchall()
                        times.append(time.perf_counter() - t0)
                    best[(key, variant)] = min(times)
            for key in "abcde":
                v, e = best[(key, "varchar")], best[(key, "enum")]
                print(key, min(v, e), "varchar" if v <= e else "enum")
            """
        let text = try run(python: python, script, [dir, String(runs)])
        print("\nquery                                            vigie s    duckdb s (best of VARCHAR/ENUM, 2 threads)   vigie/duckdb")
        for (i, line) in text.split(separator: "\n").enumerated() where i < queries.count {
            let parts = line.split(separator: " ")
            guard parts.count == 3, let duck = Double(parts[1]) else { continue }
            print(queries[i].0.padding(toLength: 48, withPad: " ", startingAt: 0)
                  + String(format: "%8.4f   %8.4f (%@)%@%6.2f", vigie[i], duck, String(parts[2]), String(repeating: " ", count: 26 - parts[2].count), vigie[i] / duck))
        }
        print(String(format: "single-thread grouped sum within 2x of a plain scan? (a) on all cores %.4f s vs scan %.4f s", vigie[0], scanBest))
        print("duckdb load: " + (try duckdbLoad(python: python, table: lakeTable.path, runs: loadRuns)))
        if let tpch { try TPCHBench.run(scale: tpch, runs: runs, python: python, peers: true, directory: dir) }
    }

    /// DuckDB's time (threads=2, best of `runs`) to load the lake table's Parquet files into a table, as a reference for the app's load.
    static func duckdbLoad(python: String, table: String, runs: Int) throws -> String {
        let script = """
            import duckdb, sys, time
            path, runs = sys.argv[1], int(sys.argv[2])
            times = []
            for _ in range(runs):
                con = duckdb.connect()
                con.execute("SET threads=2")
                con.execute("SET enable_progress_bar=false")
                t0 = time.perf_counter()
                con.execute(f"CREATE TABLE facts AS SELECT * FROM read_parquet('{path}/*.parquet')")
                times.append(time.perf_counter() - t0)
                con.close()
            print(f"best {min(times):.3f} s of " + ", ".join(f"{t:.3f}" for t in times) + " (CREATE TABLE AS SELECT * FROM read_parquet, 2 threads)")
            """
        return try run(python: python, script, [table, String(runs)]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `script` with `python` and `arguments`; returns what it printed.
    static func run(python: String, _ script: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", script] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return text
    }
}
