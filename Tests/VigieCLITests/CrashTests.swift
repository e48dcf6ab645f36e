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
