// `vigie init` and `vigie lake` as a user runs them, on a table delta-rs
// writes (oracle: Tests/Oracles/delta_write.py with the deltalake package).

import Foundation
import Testing

@Suite("vigie lake (oracle: delta-rs)", .serialized)
struct LakeCommandTests {
    static func table() throws -> String {
        let path = NSTemporaryDirectory() + "vigie-cli-lake-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let python = try #require(ParquetCommandTests.python, "run the suite through scripts/test")
        let r = try ParquetCommandTests.run(python, [ParquetCommandTests.scripts + "/delta_write.py", path])
        #expect(r.status == 0, "\(r.stderr)")
        return path
    }

    @Test("show, cat --as-of and history describe a table delta-rs wrote", .enabled(if: ParquetCommandTests.python != nil))
    func showCatHistory() throws {
        let path = try Self.table()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let show = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["lake", "show", path])
        #expect(show.status == 0, "\(show.stderr)")
        for line in ["version: 4", "rows: 60", "files: 2", "  price: decimal(9,2)", "  at: timestamp"] {
            #expect(show.stdout.contains(line), "missing \(line) in\n\(show.stdout)")
        }
        let old = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["lake", "show", path, "--as-of", "2"])
        #expect(old.stdout.contains("rows: 600"))
        let cat = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["lake", "cat", path, "--as-of", "3", "--columns", "id,structure,price", "--limit", "2"])
        #expect(cat.stdout == "id,structure,price\n1000,S10 Hôpital Saint-Éloi,370.00\n1001,,370.37\n")
        let history = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["lake", "history", path])
        let lines = history.stdout.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines.first?.hasPrefix("4  ") == true && lines[1].contains("+1 -3 files"))
        let future = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["lake", "show", path, "--as-of", "12"])
        #expect(future.status == 1 && future.stderr.contains("versions end at 4"))
    }

    @Test("init makes a workspace; vacuum --dry-run lists what it would delete")
    func initAndVacuum() throws {
        let root = NSTemporaryDirectory() + "vigie-cli-ws-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let made = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["init", root])
        #expect(made.status == 0)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: root)) == ["lake", "raw", "rejects", "pipelines", "apps"])
        let notTable = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["lake", "vacuum", root + "/lake", "--dry-run"])
        #expect(notTable.status == 1 && notTable.stderr.contains("no _delta_log"))
    }
}

@Suite("vigie ingest and vigie lake rejects")
struct IngestCommandTests {
    @Test("ingest infers a schema and saves a pipeline; rejects lists the rows that failed")
    func ingestAndRejects() throws {
        let root = NSTemporaryDirectory() + "vigie-cli-ingest-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["init", root])
        try "code;places\nE01;40\nE02;25\n".write(toFile: root + "/e.csv", atomically: true, encoding: .utf8)
        let made = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["ingest", "-w", root, "--table", "establishments", "--save-pipeline", "establishments", root + "/e.csv"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("2 rows read, 2 accepted, 0 rejected") && made.stdout.contains("places: long"))
        #expect(FileManager.default.fileExists(atPath: root + "/pipelines/establishments.yaml"))
        try "code;places\nE03;many\nE04;12\n".write(toFile: root + "/e2.csv", atomically: true, encoding: .utf8)
        let again = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["ingest", "-w", root, "--pipeline", "establishments", root + "/e2.csv"])
        #expect(again.stdout.contains("1 accepted, 1 rejected"), "\(again.stdout)\(again.stderr)")
        let rejects = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["lake", "rejects", "-w", root, "establishments"])
        #expect(rejects.stdout.contains("e2.csv,2,places,") && rejects.stdout.contains("E03;many"), "\(rejects.stdout)")
    }
}

@Suite("vigie ingest progress")
struct IngestProgressTests {
    @Test("--progress lines reports each tenth of a long file read, ending at 100 %; none prints nothing")
    func progressLines() throws {
        let root = NSTemporaryDirectory() + "vigie-cli-progress-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["init", root])
        // About 12 MB: three 4 MiB blocks of the CSV reader, so several progress steps.
        var text = "id;label;amount\n"
        for i in 0..<300_000 { text += "\(i);séjour établissement \(i % 97);\(i % 1000),\(i % 100)\n" }
        try text.write(toFile: root + "/big.csv", atomically: true, encoding: .utf8)
        let run = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["ingest", "-w", root, "--table", "stays", "--progress", "lines", root + "/big.csv"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("300000 rows read, 300000 accepted"), "\(run.stdout)")
        let lines = run.stderr.split(separator: "\n").filter { $0.hasPrefix("big.csv: ") }
        let percents = lines.compactMap { Int($0.dropFirst("big.csv: ".count).prefix { $0.isNumber }) }
        #expect(percents.count >= 2 && percents.last == 100 && percents == percents.sorted(), "\(run.stderr)")
        #expect(lines.last?.contains("(300000 rows, ") == true, "\(run.stderr)")
        let quiet = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["ingest", "-w", root, "--table", "stays2", "--progress", "none", root + "/big.csv"])
        #expect(quiet.status == 0 && !quiet.stderr.contains("big.csv: "), "\(quiet.stderr)")
    }
}
