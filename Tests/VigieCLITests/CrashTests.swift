// Processes that share a table, and processes killed with SIGKILL at random
// moments: every table must still read, equal a committed version, and
// hold every event that was acknowledged.

import Foundation
import Testing
@testable import VigieLake

@Suite("Separate processes and SIGKILL", .serialized)
struct CrashTests {
    static func temporary(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "vigie-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("two processes committing 100 times each to one table give 200 versions and lose nothing")
    func twoProcesses() throws {
        let root = Self.temporary("two-writers")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ws = try Workspace.create(at: root)
        for writer in ["a", "b"] {
            let folder = root + "/inbox-\(writer)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            for i in 0..<100 {
                try "writer;n\n\(writer);\(i)\n".write(toFile: folder + "/\(String(format: "%03d", i)).csv", atomically: true, encoding: .utf8)
            }
            try """
            name: feed-\(writer)
            source: { format: csv, path: inbox-\(writer) }
            target: { table: shared }
            schema:
              - { name: writer, type: string, required: true }
              - { name: n, type: long, required: true }
            """.write(toFile: ws.pipelinesPath + "/feed-\(writer).yaml", atomically: true, encoding: .utf8)
        }
        let processes = try ["a", "b"].map { writer -> Process in
            let p = Process()
            p.executableURL = URL(fileURLWithPath: ParquetCommandTests.vigie)
            p.arguments = ["ingest", "-w", root, "--pipeline", "feed-\(writer)"]
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            return p
        }
        for p in processes { p.waitUntilExit() }
        #expect(processes.allSatisfy { $0.terminationStatus == 0 })
        let snapshot = try DeltaTable(path: ws.lakePath + "/shared").snapshot()
        #expect(snapshot.version == 200)
        let rows = try snapshot.read()
        guard case let .byteArray(writers) = rows[0].values, case let .int64(numbers) = rows[1].values else {
            Issue.record("unexpected column types")
            return
        }
        let pairs = Set((0..<writers.count).map { "\(writers.string($0))\(numbers[$0])" })
        #expect(pairs.count == 200 && rows[0].rowCount == 200)
    }

    @Test("30 event appenders killed with SIGKILL lose no acknowledged event and duplicate none")
    func killedAppenders() throws {
        let path = Self.temporary("killed")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = try DeltaTable.create(path: path, schema: DeltaSchema(fields: [
            DeltaField(name: "id", type: .long, nullable: false), DeltaField(name: "device", type: .string),
        ]))
        var acknowledged = Set<Int>()
        var next = 0
        var generator = SystemRandomNumberGenerator()
        for round in 0..<30 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: ParquetCommandTests.vigie)
            p.arguments = ["lake", "events", path, "--flush-rows", "7", "--flush-milliseconds", "20"]
            let input = Pipe(), output = Pipe()
            p.standardInput = input
            p.standardOutput = output
            p.standardError = FileHandle.nullDevice
            try p.run()
            let wanted = Int.random(in: 0...40, using: &generator)
            var sent: [Int] = []
            var buffer = ""
            let reader = output.fileHandleForReading
            while sent.count < wanted {
                let id = next
                next += 1
                input.fileHandleForWriting.write(Data("{\"id\": \(id), \"device\": \"TA-\(round)\"}\n".utf8))
                sent.append(id)
                // Read this event's acknowledgement before sending the next.
                while !buffer.contains("\n") {
                    let chunk = reader.availableData
                    if chunk.isEmpty { break }
                    buffer += String(decoding: chunk, as: UTF8.self)
                }
                if let newline = buffer.firstIndex(of: "\n") {
                    let line = buffer[..<newline]
                    buffer = String(buffer[buffer.index(after: newline)...])
                    if line.hasPrefix("ack ") { acknowledged.insert(id) }
                }
            }
            // Kill at a random moment: right away, or while a flush may be running.
            if Bool.random(using: &generator) { Thread.sleep(forTimeInterval: Double.random(in: 0...0.05, using: &generator)) }
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            // Whatever happened, the table reads and is one of its versions.
            _ = try table.snapshot().read()
        }
        // A last run commits what the killed ones acknowledged but had not committed.
        let last = Process()
        last.executableURL = URL(fileURLWithPath: ParquetCommandTests.vigie)
        last.arguments = ["lake", "events", path]
        last.standardInput = Pipe()
        try last.run()
        (last.standardInput as? Pipe)?.fileHandleForWriting.closeFile()
        last.waitUntilExit()
        #expect(last.terminationStatus == 0)
        let ids = try #require(try table.snapshot().read(columns: ["id"]).first)
        guard case let .int64(values) = ids.values else { Issue.record("id is not int64"); return }
        #expect(values.count == Set(values).count, "an event was committed twice")
        #expect(acknowledged.isSubset(of: Set(values.map(Int.init))), "acknowledged events were lost: \(acknowledged.subtracting(values.map(Int.init)).sorted().prefix(10))")
        #expect(!acknowledged.isEmpty)
    }
}

@Suite("Killed ingests", .serialized)
struct KilledIngestTests {
    @Test("30 ingests killed with SIGKILL leave the table at a committed version; a final run ingests every file exactly once")
    func killedIngests() throws {
        let root = CrashTests.temporary("killed-ingest")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let ws = try Workspace.create(at: root)
        let folder = root + "/inbox"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files = 60, rowsPerFile = 50
        for f in 0..<files {
            var text = "file;row;amount\n"
            for r in 0..<rowsPerFile { text += "\(f);\(r);\(f * 1000 + r),25\n" }
            try text.write(toFile: folder + "/\(String(format: "%03d", f)).csv", atomically: true, encoding: .utf8)
        }
        try """
        name: feed
        source: { format: csv, path: inbox }
        target: { table: facts }
        schema:
          - { name: file, type: long, required: true }
          - { name: row, type: long, required: true }
          - { name: amount, type: "decimal(12,2)" }
        """.write(toFile: ws.pipelinesPath + "/feed.yaml", atomically: true, encoding: .utf8)
        var generator = SystemRandomNumberGenerator()
        func run(killAfter delay: Double?) throws {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: ParquetCommandTests.vigie)
            p.arguments = ["ingest", "-w", root, "--pipeline", "feed"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            if let delay {
                Thread.sleep(forTimeInterval: delay)
                kill(p.processIdentifier, SIGKILL)
            }
            p.waitUntilExit()
        }
        let table = DeltaTable(path: ws.lakePath + "/facts")
        for _ in 0..<30 {
            try run(killAfter: Double.random(in: 0...0.4, using: &generator))
            // Killed before version 0 was committed: there is no table yet, which is fine.
            guard table.exists else { continue }
            // The table reads, and holds exactly the rows its committed versions say.
            let snapshot = try table.snapshot()
            var accepted: Int64 = 0
            for version in try table.log.versions() {
                for case let .commitInfo(info) in try table.log.actions(version: version) { accepted += info["vigie.rowsAccepted"]?.int64Value ?? 0 }
            }
            #expect(try snapshot.read(columns: ["row"]).first?.rowCount == Int(accepted))
        }
        try run(killAfter: nil)
        let columns = try table.snapshot().read(columns: ["file", "row"])
        guard case let .int64(f) = columns[0].values, case let .int64(r) = columns[1].values else { Issue.record("unexpected types"); return }
        let pairs = zip(f, r).map { "\($0)-\($1)" }
        #expect(pairs.count == files * rowsPerFile, "rows: \(pairs.count)")
        #expect(Set(pairs).count == pairs.count, "a file was ingested twice")
    }
}
