// Typed batches from a CSV reader: the schema is declared or inferred from
// the first rows, every batch is decoded column by column, and the total
// line is settled at the end.
//
// Total lines: a line with a label (`Total`, `TOTAL GÉNÉRAL`) is one
// already. A line of numbers only (`.shape`) is one when each of its
// numbers equals the sum of a numeric column above it, to half a unit of
// its last written decimal (`12 345,67` matches sums within 0.005): with
// the header's field count, number k against column k; with another count,
// its numbers against the numeric columns in order, skipping columns.
// Otherwise a line with the header's field count is an ordinary row, and
// one with another count a reject.
//
// With more than one thread, the reader tokenizes ahead on a thread of its
// own and batches are typed on several threads at once (ReadAhead); the
// column sums and the total line are still settled batch after batch, in
// the file's order, so the results are the same as with one thread.

import Foundation

/// Reads typed batches: a `CSVReader` plus a schema.
///
/// ```swift
/// let typed = try CSVTypedReader(reader: CSVReader(path: "ventes.csv"))
/// print(typed.schema)                       // inferred: [Code string, Montant decimal(2), …]
/// while let batch = try typed.next() { … batch.columns … batch.rejects … }
/// ```
public final class CSVTypedReader {
    public let reader: CSVReader
    public let schema: [CSVColumnSchema]
    public let parser: CSVValueParser
    /// The total line once the last batch is read: labelled, or confirmed by the column sums.
    public private(set) var totalLine: CSVTotalLine?
    /// Bytes of the file behind the batches returned so far.
    public private(set) var bytesRead = 0
    /// Where untyped batches come from: read and typed here, or ahead on other threads.
    private var source: Source
    /// Running sums of the numeric columns (nil for the others).
    private var sums: [Double?]
    private var done = false

    private enum Source {
        case here(Untyped)
        case ahead(ReadAhead<Untyped.Batch, Typed>)
    }

    /// Untyped batches in order: those read for inference first, then the reader's.
    private struct Untyped {
        /// A batch, whether it is the file's last, and the bytes read once it was.
        typealias Batch = (records: CSVBatch, isLast: Bool, bytesRead: Int)

        let reader: CSVReader
        var queued: [CSVBatch]
        let columns: Int

        mutating func next() throws(LakeError) -> Batch? {
            let batch: CSVBatch
            if !queued.isEmpty {
                batch = queued.removeFirst()
            } else if let read = try reader.nextBatch() {
                batch = read
            } else {
                return nil
            }
            guard batch.fieldCount == columns || batch.isEmpty else {
                throw LakeError(.corrupt, "records have \(batch.fieldCount) fields, the schema \(columns) columns", context: [reader.name])
            }
            return (batch, queued.isEmpty && reader.isAtEnd, reader.bytesRead)
        }
    }

    /// A typed batch with the sums of its numeric columns (none for the last batch, whose total line is settled apart).
    private typealias Typed = (batch: CSVTypedBatch, sums: [Double?], isLast: Bool, bytesRead: Int)

    /// Typed reading of `reader` with `schema`, or with a schema inferred from the first `sampleRows` rows.
    /// With `threads` other than 1 (nil: one per processor), the file is tokenized ahead on a thread of its own
    /// and batches are typed on that many threads, a few batches ahead of `next()`; `reader` must then not be
    /// used by anyone else until the last batch is returned.
    public init(
        reader: CSVReader, schema: [CSVColumnSchema]? = nil, sampleRows: Int = CSVSchemaInference.defaultSampleRows, threads: Int? = 1
    ) throws(LakeError) {
        self.reader = reader
        let parser = CSVValueParser(dialect: reader.dialect)
        self.parser = parser
        let queued: [CSVBatch]
        if let schema {
            guard schema.count == reader.header.count else {
                throw LakeError(.invalidArgument, "the schema has \(schema.count) columns, the file \(reader.header.count) (\(reader.header.joined(separator: ", ")))", context: [reader.name])
            }
            self.schema = schema
            queued = []
        } else {
            (self.schema, queued) = try CSVSchemaInference.infer(reading: reader, rows: sampleRows)
        }
        let columns = self.schema
        sums = columns.map { column in
            switch column.type {
            case .int, .decimal, .double: 0
            default: nil
            }
        }
        var untyped = Untyped(reader: reader, queued: queued, columns: columns.count)
        let workers = threads ?? ProcessInfo.processInfo.activeProcessorCount
        if workers > 1 {
            source = .ahead(ReadAhead(workers: workers, depth: workers + 2, read: { () throws(LakeError) in try untyped.next() }) { batch in
                Self.type(batch, schema: columns, parser: parser)
            })
        } else {
            source = .here(untyped)
        }
    }

    /// Types one batch (on any thread): its rejects in order, and its sums unless it is the last.
    private static func type(_ untyped: Untyped.Batch, schema: [CSVColumnSchema], parser: CSVValueParser) -> Typed {
        var typed = untyped.records.decode(schema: schema, parser: parser)
        typed.rejects.sort { ($0.line, $0.column ?? 0) < ($1.line, $1.column ?? 0) }
        let sums = untyped.isLast ? [] : typed.columns.map(\.sum)
        return (typed, sums, untyped.isLast, untyped.bytesRead)
    }

    /// The next typed batch, or nil after the last.
    public func next() throws(LakeError) -> CSVTypedBatch? {
        guard !done else { return nil }
        let next: Typed?
        switch source {
        case var .here(untyped):
            next = try untyped.next().map { Self.type($0, schema: schema, parser: parser) }
            source = .here(untyped)
        case let .ahead(ahead):
            next = try ahead.next()
        }
        guard let (typed, batchSums, isLast, bytes) = next else {
            done = true
            // Any reading thread is done with the reader once the end came through.
            bytesRead = reader.bytesRead
            // A final batch may carry no records but still have a total line to settle.
            return settleTotal(nil)
        }
        bytesRead = bytes
        if isLast {
            done = true
            guard var last = settleTotal(typed) else { return nil }
            last.rejects.sort { ($0.line, $0.column ?? 0) < ($1.line, $1.column ?? 0) }
            return last
        }
        for (j, sum) in batchSums.enumerated() where sums[j] != nil { sums[j]! += sum ?? 0 }
        return typed
    }

    private func add(_ typed: CSVTypedBatch, rows: Int) {
        for (j, column) in typed.columns.enumerated() where sums[j] != nil {
            var part = column
            if rows < column.count { part = column.filtered((0..<column.count).map { $0 < rows }) }
            sums[j]! += part.sum ?? 0
        }
    }

    /// Adds the last batch to the sums and decides about a `.shape` total line.
    private func settleTotal(_ last: CSVTypedBatch?) -> CSVTypedBatch? {
        var typed = last
        guard let candidate = reader.totalLine else {
            if let t = typed { add(t, rows: t.rowCount) }
            return typed
        }
        guard candidate.evidence == .shape else {
            totalLine = candidate
            if let t = typed { add(t, rows: t.rowCount) }
            return typed
        }
        let sameCount = candidate.fields.count == schema.count
        let inData = sameCount && typed?.lines.last == candidate.line
        if let t = typed { add(t, rows: t.rowCount - (inData ? 1 : 0)) }
        if matchesSums(candidate, sameCount: sameCount) {
            var confirmed = candidate
            confirmed.evidence = .columnSums
            totalLine = confirmed
            if inData, var t = typed {
                let keep = (0..<t.rowCount).map { $0 < t.rowCount - 1 }
                t.columns = t.columns.map { $0.filtered(keep) }
                t.lines.removeLast()
                typed = t
            }
        } else if inData, let t = typed {
            // An ordinary last row after all: its values count in the sums too.
            for (j, column) in t.columns.enumerated() where sums[j] != nil {
                sums[j]! += column.filtered((0..<t.rowCount).map { $0 == t.rowCount - 1 }).sum ?? 0
            }
        } else if !sameCount {
            let reject = CSVReject(
                file: reader.name, line: candidate.line, column: nil, columnName: nil,
                reason: "has \(candidate.fields.count) field\(candidate.fields.count == 1 ? "" : "s"), the \(reader.dialect.hasHeader ? "header has" : "first record has") \(schema.count)",
                rawText: candidate.rawText)
            if typed == nil {
                typed = CSVTypedBatch(schema: schema, columns: schema.map { CSVColumn.empty($0.type) }, lines: [], rejects: [])
            }
            typed!.rejects.append(reject)
        }
        return typed
    }

    /// Whether the numbers of `candidate` are the column sums.
    private func matchesSums(_ candidate: CSVTotalLine, sameCount: Bool) -> Bool {
        var column = 0
        var matched = 0
        for (k, bytes) in candidate.fieldBytes.enumerated() {
            let found: Bool = bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return true }
                let (s, n) = CSVText.trimmed(base, raw.count)
                if n == 0 { return true }
                guard let scanned = parser.scan(s, n), let value = parser.parseDouble(s, n).value else { return false }
                var tolerance = 0.5
                for _ in 0..<max(0, scanned.fractionDigits + (scanned.percent ? 2 : 0)) { tolerance /= 10 }
                func near(_ sum: Double?) -> Bool {
                    guard let sum else { return false }
                    return abs(sum - value) <= tolerance + abs(sum) * 1e-12
                }
                if sameCount { return k < sums.count && near(sums[k]) }
                while column < sums.count {
                    defer { column += 1 }
                    if near(sums[column]) { return true }
                }
                return false
            }
            guard found else { return false }
            if !bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { matched += 1 }
        }
        return matched > 0
    }
}
