// Live events: acknowledged only once durable, committed in micro-batches,
// replayed exactly once after a crash.

import Foundation
import Parquet
import Testing
@testable import VigieLake
import VigieTestSupport

@Suite("Live events")
struct EventAppenderTests {
    static let schema = DeltaSchema(fields: [
        DeltaField(name: "device", type: .string, nullable: false),
        DeltaField(name: "at", type: .timestamp, nullable: false),
        DeltaField(name: "kind", type: .string),
        DeltaField(name: "battery", type: .double),
        DeltaField(name: "seq", type: .long),
    ])

    static func event(_ i: Int) -> JSONValue {
        .object([("device", .string("TA-\(i % 7)")), ("at", .string("2026-11-29T10:00:\(String(format: "%02d", i % 60)).000Z")),
                 ("kind", i % 5 == 0 ? .string("alarm") : .string("heartbeat")), ("battery", i % 3 == 0 ? .null : .number(Double(i % 100) / 2)),
                 ("seq", .integer(Int64(i)))])
    }

    static func seqs(_ table: DeltaTable) throws -> [Int64] {
        let column = try #require(try table.snapshot().read(columns: ["seq"]).first)
        guard case let .int64(v) = column.values else { return [] }
        return v.sorted()
    }

    func makeTable() throws -> DeltaTable {
        try DeltaTable.create(path: LakeFixtures.temporaryDirectory("events"), schema: Self.schema)
    }

    @Test("events are committed when a batch is full, with the batch's last sequence in a txn action")
    func flushByRows() async throws {
        let table = try makeTable()
        defer { try? FileManager.default.removeItem(atPath: table.path) }
        let appender = try EventAppender(table: table, flushRows: 10, flushInterval: .seconds(60))
        for i in 0..<25 { try await appender.append([Self.event(i)]) }
        #expect(try table.snapshot().version == 2)
        #expect(await appender.pendingCount == 5)
        #expect(try table.snapshot().transactions[EventAppender.applicationId]?.version == 20)
        try await appender.close()
        #expect(try Self.seqs(table) == (0..<25).map(Int64.init))
    }

    @Test("events are committed when the interval passes")
    func flushByTime() async throws {
        let table = try makeTable()
        defer { try? FileManager.default.removeItem(atPath: table.path) }
        let appender = try EventAppender(table: table, flushRows: 1000, flushInterval: .milliseconds(50))
        await appender.start()
        try await appender.append((0..<3).map(Self.event))
        for _ in 0..<500 where try table.snapshot().version == 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(try Self.seqs(table) == [0, 1, 2])
        try await appender.close()
    }

    @Test("an invalid event is refused, naming it and its field, and nothing of its batch is acknowledged")
    func validation() async throws {
        let table = try makeTable()
        defer { try? FileManager.default.removeItem(atPath: table.path) }
        let appender = try EventAppender(table: table, flushRows: 100)
        let bad: JSONValue = .object([("device", .string("TA-1")), ("at", .string("yesterday"))])
        await #expect { try await appender.append([Self.event(1), bad]) } throws: {
            "\($0)".contains("event 1") && "\($0)".contains("field 'at'")
        }
        await #expect { try await appender.append([.object([("at", .integer(0))])]) } throws: { "\($0)".contains("'device' is required") }
        #expect(await appender.pendingCount == 0)
    }

    @Test("after a crash, acknowledged events are replayed once; a torn record at the end is dropped")
    func crashRecovery() async throws {
        let table = try makeTable()
        defer { try? FileManager.default.removeItem(atPath: table.path) }
        do {
            let appender = try EventAppender(table: table, flushRows: 4)
            for i in 0..<10 { try await appender.append([Self.event(i)]) }
            // Simulated crash: the appender stops without committing; events 8 and 9 are only in the log.
            await appender.abandon()
        }
        let wal = table.path + "/_vigie/events.wal"
        let before = try Data(contentsOf: URL(fileURLWithPath: wal))
        // A torn record (a crash in the middle of a write) at the end.
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: wal))
        try handle.seekToEnd()
        handle.write(Data([40, 0, 0, 0, 1, 2, 3]))
        try handle.close()
        let reopened = try EventAppender(table: table, flushRows: 4)
        #expect(await reopened.pendingCount == 2)
        try await reopened.close()
        #expect(try Self.seqs(table) == (0..<10).map(Int64.init))
        // A crash between the commit and emptying the log: the same records replay to nothing.
        try before.write(to: URL(fileURLWithPath: wal))
        await reopened.abandon()
        let again = try EventAppender(table: table, flushRows: 4)
        #expect(await again.pendingCount == 0)
        try await again.append([Self.event(10)])
        try await again.close()
        #expect(try Self.seqs(table) == (0...10).map(Int64.init))
    }
}
