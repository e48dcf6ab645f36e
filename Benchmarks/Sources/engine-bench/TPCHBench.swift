// TPC-H Q1 and Q6 as Vigie queries on lineitem at a scale factor (SF1 for
// the benchmark), against DuckDB on the same Parquet file: the
// file comes from tpchgen-cli (in the oracles' venv), goes into a lake
// table written by Vigie and is loaded through an app, as users' data is.

import Foundation
import Parquet
import VigieEngine
import VigieLake
import VigieModel

enum TPCHBench {
    static let q1Measures = [
        "Sum(l_quantity)", "Sum(l_extendedprice)", "Sum(l_extendedprice * (1 - l_discount))",
        "Sum(l_extendedprice * (1 - l_discount) * (1 + l_tax))", "Avg(l_quantity)", "Avg(l_extendedprice)", "Avg(l_discount)",
        "Count(l_orderkey)",
    ]

    /// Runs Q1 and Q6 at `scale`; prints Vigie's times, DuckDB's (with `peers`) and the ratios. The data in `dir`
    /// is reused when a previous run left it there.
    static func run(scale: String, runs: Int, python: String, peers: Bool, directory dir: String) throws {
        let file = dir + "/tpch/lineitem.parquet"
        let workspace = dir + "/tpch-ws"
        if !FileManager.default.fileExists(atPath: workspace + "/lake/lineitem/_delta_log") {
            try? FileManager.default.removeItem(atPath: workspace)
            try generate(scale: scale, python: python, file: file, workspace: workspace, directory: dir)
        }
        let ws = try Workspace(at: workspace)
        let loadStart = DispatchTime.now().uptimeNanoseconds
        let model = try AppModel(name: "tpch", tables: [.init(name: "lineitem")], links: []).load(from: ws)
        print(String(format: "\nTPC-H SF%@: lineitem %d rows, loaded from the lake in %.2f s, %d MB in the engine", scale,
                     model.tables[0].rowCount, Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e9, model.memory / 1_000_000))

        func selection(_ conditions: [(String, String)]) throws -> Selection {
            var selection = Selection()
            for (field, condition) in conditions {
                let reference = try model.resolve(field)
                selection.select(try model.values(matching: condition, in: reference), in: reference)
            }
            return selection
        }
        let queries: [(String, () throws -> Int)] = [
            ("Q1 pricing summary", {
                let cube = Hypercube(dimensions: [try model.resolve("l_returnflag"), try model.resolve("l_linestatus")],
                                     measures: try q1Measures.map { try Measure($0) })
                return try model.query(cube, selection: try selection([("l_shipdate", "<=1998-09-02")])).lines.count
            }),
            ("Q6 forecasting revenue change", {
                let cube = Hypercube(dimensions: [], measures: [try Measure("Sum(l_extendedprice * l_discount)")])
                let conditions = [("l_shipdate", ">=1994-01-01<1995-01-01"), ("l_discount", "0.05..0.07"), ("l_quantity", "<24")]
                return try model.query(cube, selection: try selection(conditions)).totals.count
            }),
        ]
        var vigie: [Double] = []
        for (label, body) in queries {
            var best = Double.infinity
            for _ in 0..<runs {
                let start = DispatchTime.now().uptimeNanoseconds
                _ = try body()
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            vigie.append(best)
        }
        let script = """
            import duckdb, sys, time
            con = duckdb.connect()
            con.execute("SET threads=2")
            con.execute(f"CREATE TABLE lineitem AS SELECT * FROM read_parquet('{sys.argv[1]}')")
            queries = [
                \"\"\"SELECT l_returnflag, l_linestatus, sum(l_quantity), sum(l_extendedprice), sum(l_extendedprice * (1 - l_discount)),
                   sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)), avg(l_quantity), avg(l_extendedprice), avg(l_discount), count(*)
                   FROM lineitem WHERE l_shipdate <= DATE '1998-09-02' GROUP BY ALL ORDER BY ALL\"\"\",
                \"\"\"SELECT sum(l_extendedprice * l_discount) FROM lineitem WHERE l_shipdate >= DATE '1994-01-01'
                   AND l_shipdate < DATE '1995-01-01' AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24\"\"\",
            ]
            for sql in queries:
                times = []
                for _ in range(int(sys.argv[2])):
                    t0 = time.perf_counter()
                    con.execute(sql).fetchall()
                    times.append(time.perf_counter() - t0)
                print(min(times))
            """
        let text = peers ? try EngineBench.run(python: python, script, [file, String(runs)]) : ""
        let times = text.split(separator: "\n").compactMap { Double($0) }
        print("query                                            vigie s    duckdb s (2 threads)   vigie/duckdb")
        for (i, (label, _)) in queries.enumerated() {
            let peer = i < times.count ? times[i] : .nan
            print(label.padding(toLength: 48, withPad: " ", startingAt: 0) + String(format: "%8.4f   %8.4f               %6.2f", vigie[i], peer, vigie[i] / peer))
        }
    }

    /// Writes lineitem at `scale` with tpchgen-cli to `file`, then into a lake table of a new workspace.
    static func generate(scale: String, python: String, file: String, workspace: String, directory dir: String) throws {
        let generator = (python as NSString).deletingLastPathComponent + "/tpchgen-cli"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: generator)
        process.arguments = ["parquet", "-s", scale, "--tables=lineitem", "--output-dir=\(dir)/tpch"]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        let reader = try ParquetFileReader(path: file)
        let decimals: Set = ["l_quantity", "l_extendedprice", "l_discount", "l_tax"]
        let fields = reader.schema.columns.map { column in
            let type: DeltaType = decimals.contains(column.name) ? .decimal(precision: 15, scale: 2)
                : column.name.hasSuffix("date") ? .date
                : column.name == "l_linenumber" ? .integer
                : column.name.hasSuffix("key") ? .long : .string
            return DeltaField(name: column.name, type: type, nullable: false)
        }
        let ws = try Workspace.create(at: workspace)
        try DeltaTable.create(path: ws.lakePath + "/lineitem", schema: DeltaSchema(fields: fields)).write(try reader.read())
    }
}
