// Live events (connected devices) into a Delta table. `append` validates
// the events against the table's schema, writes them to the write-ahead
// file and returns once they are fsynced: from then on they cannot be
// lost. Buffered events become one commit when `flushRows` are waiting or
// `flushInterval` has passed, whichever comes first; the commit carries a
// Delta txn action (appId "vigie-events") with the last sequence it holds,
// so that after a crash the appender replays exactly the events the table
// does not have yet.

import Foundation
import Parquet

/// Appends JSON events to a table in durable micro-batches.
public actor EventAppender {
    public let table: DeltaTable
    public let flushRows: Int
    public let flushInterval: Duration
    private let schema: DeltaSchema
    private let fields: [ParquetField]
    private let wal: EventWAL
    private var pending: [(sequence: UInt64, row: [EventValue])] = []
    private var timer: Task<Void, Never>?
    /// The last flush's failure, reported by the next append.
    private var flushError: LakeError?
    static let applicationId = "vigie-events"

    /// Opens the appender of `table`, replaying events acknowledged but not yet committed.
    public init(table: DeltaTable, flushRows: Int = 10_000, flushInterval: Duration = .seconds(1)) throws(LakeError) {
        let snapshot = try table.snapshot()
        self.table = table
        self.flushRows = max(1, flushRows)
        self.flushInterval = flushInterval
        schema = snapshot.schema
        fields = try snapshot.schema.fields.map { (f) throws(LakeError) in try f.parquetField() }
        let folder = table.path + "/_vigie"
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw LakeError(.io, "cannot create \(folder): \(error.localizedDescription)")
        }
        let committed = UInt64(snapshot.transactions[Self.applicationId]?.version ?? 0)
        let (wal, records) = try EventWAL.open(path: folder + "/events.wal", committed: committed)
        self.wal = wal
        for record in records where record.sequence > committed {
            let json = try JSONValue.parse(String(decoding: record.payload, as: UTF8.self))
            pending.append((record.sequence, try EventValue.row(json, schema: snapshot.schema)))
        }
    }

    /// Starts flushing every `flushInterval`.
    public func start() {
        guard timer == nil else { return }
        let interval = flushInterval
        timer = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                await self?.flushIgnoringErrors()
            }
        }
    }

    private func flushIgnoringErrors() {
        do throws(LakeError) { try flush() } catch { flushError = error }
    }

    /// Validates `events` (JSON objects), makes them durable and returns their sequence numbers.
    /// Throws, acknowledging none, when one is not a valid row of the table (naming its position and field).
    @discardableResult
    public func append(_ events: [JSONValue]) throws(LakeError) -> [UInt64] {
        if let error = flushError {
            flushError = nil
            throw LakeError(.io, "the last flush failed (the events are kept and retried): \(error)")
        }
        var rows: [[EventValue]] = []
        for (i, event) in events.enumerated() {
            do { rows.append(try EventValue.row(event, schema: schema)) } catch { throw error.within("event \(i)") }
        }
        let sequences = try wal.append(events.map { Array($0.description.utf8) })
        pending.append(contentsOf: zip(sequences, rows).map { ($0, $1) })
        if pending.count >= flushRows { try flush() }
        return sequences
    }

    /// Commits the buffered events now.
    public func flush() throws(LakeError) {
        guard let last = pending.last?.sequence else { return }
        let columns = EventValue.columns(pending.map(\.row), fields: fields)
        try table.write(columns, info: [("vigie.source", .string("events")), ("vigie.rows", .integer(Int64(pending.count)))],
                        transaction: DeltaTransaction(appId: Self.applicationId, version: Int64(last),
                                                      lastUpdated: Int64(Date().timeIntervalSince1970 * 1000)))
        pending.removeAll()
        try wal.reset()
    }

    /// Events acknowledged and not yet committed.
    public var pendingCount: Int { pending.count }

    /// Stops without committing, as a crash would (tests): acknowledged events stay in the log for the next appender.
    func abandon() {
        timer?.cancel()
        timer = nil
        wal.abandon()
    }

    /// Flushes and stops the timer.
    public func close() throws(LakeError) {
        timer?.cancel()
        timer = nil
        try flush()
    }
}

/// One field of one event, typed by the table's schema.
enum EventValue: Sendable {
    case null
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case bytes([UInt8])

    /// The event's values in schema order; a missing field is null, a wrong type is an error.
    static func row(_ event: JSONValue, schema: DeltaSchema) throws(LakeError) -> [EventValue] {
        guard case .object = event else { throw LakeError(.invalidArgument, "an event must be a JSON object") }
        var row: [EventValue] = []
        for field in schema.fields {
            let value = event[field.name] ?? .null
            func wrong() -> LakeError {
                LakeError(.invalidArgument, "field '\(field.name)': \(String(value.description.prefix(40))) is not a \(field.type)")
            }
            if value == .null {
                guard field.nullable else { throw LakeError(.invalidArgument, "field '\(field.name)' is required") }
                row.append(.null)
                continue
            }
            switch field.type {
            case .string:
                guard let s = value.stringValue else { throw wrong() }
                row.append(.bytes(Array(s.utf8)))
            case .long, .integer, .short, .byte:
                guard let i = value.int64Value else { throw wrong() }
                let range: ClosedRange<Int64> = field.type == .long ? Int64.min...Int64.max : field.type == .integer ? Int64(Int32.min)...Int64(Int32.max)
                    : field.type == .short ? Int64(Int16.min)...Int64(Int16.max) : Int64(Int8.min)...Int64(Int8.max)
                guard range.contains(i) else { throw wrong() }
                row.append(.int(i))
            case .double, .float:
                switch value {
                case let .number(d): row.append(.double(d))
                case let .integer(i): row.append(.double(Double(i)))
                default: throw wrong()
                }
            case .boolean:
                guard let b = value.boolValue else { throw wrong() }
                row.append(.bool(b))
            case .date:
                guard let s = value.stringValue, let days = ColumnBuilder.parseDate(s) else { throw wrong() }
                row.append(.int(days))
            case .timestamp, .timestampNtz:
                // ISO 8601 text, or milliseconds since the epoch.
                if let s = value.stringValue, let micros = ColumnBuilder.parseTimestamp(s) { row.append(.int(micros)) }
                else if let ms = value.int64Value { row.append(.int(ms &* 1000)) }
                else { throw wrong() }
            case let .decimal(_, scale):
                let text: String
                switch value {
                case let .string(s): text = s
                case let .integer(i): text = String(i)
                case let .number(d): text = "\(d)"
                default: throw wrong()
                }
                guard let unscaled = ColumnBuilder.parseDecimal(text, scale: scale), let n = Int64(exactly: unscaled) else { throw wrong() }
                row.append(.int(n))
            case .binary:
                guard let s = value.stringValue else { throw wrong() }
                row.append(.bytes(Array(s.utf8)))
            default:
                throw LakeError(.unsupported, "field '\(field.name)' has the nested type \(field.type)")
            }
        }
        return row
    }

    /// Rows as columns of the table's Parquet fields.
    static func columns(_ rows: [[EventValue]], fields: [ParquetField]) -> [ColumnData] {
        fields.enumerated().map { (k, field) in
            var validity: [Bool] = []
            var ints: [Int64] = [], doubles: [Double] = [], bools: [Bool] = []
            var bytes = ByteArrays()
            for row in rows {
                switch row[k] {
                case .null: validity.append(false); continue
                case let .int(i): ints.append(i)
                case let .double(d): doubles.append(d)
                case let .bool(b): bools.append(b)
                case let .bytes(b): b.withUnsafeBytes { bytes.append($0) }
                }
                validity.append(true)
            }
            let values: ColumnValues
            switch field.physicalType {
            case .int32: values = .int32(ints.map { Int32(truncatingIfNeeded: $0) })
            case .int64: values = .int64(ints)
            case .float: values = .float(doubles.map(Float.init))
            case .double: values = .double(doubles)
            case .boolean: values = .boolean(bools)
            case .byteArray: values = .byteArray(bytes)
            default:
                // Wide decimals (fixed 16 bytes): events carry at most 18 digits, sign-extended.
                var fixed: [UInt8] = []
                for i in ints { for s in (0..<16).reversed() { fixed.append(UInt8(truncatingIfNeeded: s >= 8 ? (i < 0 ? -1 : 0) : i >> (8 * Int64(s)))) } }
                values = .fixed(width: field.typeLength, bytes: fixed)
            }
            return ColumnData(descriptor: field.descriptor(index: k), values: values, validity: validity.contains(false) ? validity : nil, rowCount: rows.count)
        }
    }
}
