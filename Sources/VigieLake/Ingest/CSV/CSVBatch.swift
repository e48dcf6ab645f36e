// A batch is one block of a CSV file with the records found in it: fields
// are byte ranges into the block, so nothing is copied or decoded until a
// value is asked for. Batches are immutable and Sendable, so typed parsing
// can run on several at once.

/// Records of one block of a file, with the rows of that block that failed structurally.
public struct CSVBatch: Sendable, RandomAccessCollection {
    /// The file's name, for rejects and errors.
    public let file: String
    public let dialect: CSVDialect
    /// Column names (from the header, or `column1`…).
    public let header: [String]
    /// Rows of this block that are not data: unclosed quotes, wrong field counts, invalid UTF-8.
    public let rejects: [CSVReject]
    /// Offset in the file of `bytes[0]`.
    public let fileOffset: Int
    let storage: Storage

    final class Storage: Sendable {
        let bytes: [UInt8]
        let recordStart: [Int32]
        let recordEnd: [Int32]
        let lines: [Int]
        /// Index in `spans` of each record's first field; every record has `header.count` fields.
        let fieldStart: [Int32]
        let spans: [CSVFieldSpan]

        init(bytes: [UInt8], recordStart: [Int32], recordEnd: [Int32], lines: [Int], fieldStart: [Int32], spans: [CSVFieldSpan]) {
            self.bytes = bytes
            self.recordStart = recordStart
            self.recordEnd = recordEnd
            self.lines = lines
            self.fieldStart = fieldStart
            self.spans = spans
        }
    }

    /// The block: every field range points into it.
    public var bytes: [UInt8] { storage.bytes }
    /// Fields per record (the header's count).
    public var fieldCount: Int { header.count }
    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.lines.count }
    /// The physical line where each record starts (1-based; the header is line 1).
    public var lines: [Int] { storage.lines }

    public subscript(index: Int) -> CSVRecord { CSVRecord(batch: self, index: index) }

    /// The span of field `column` of record `record`.
    @inline(__always)
    func span(_ record: Int, _ column: Int) -> CSVFieldSpan {
        storage.spans[Int(storage.fieldStart[record]) + column]
    }

    /// A reject for record `record`, naming its line and raw text.
    func reject(record: Int, column: Int?, reason: String) -> CSVReject {
        CSVReject(
            file: file, line: storage.lines[record], column: column.map { $0 + 1 },
            columnName: column.map { header[$0] }, reason: reason, rawText: self[record].rawText)
    }
}

/// One record of a batch: its line and its fields as byte ranges of the batch's block.
public struct CSVRecord: Sendable {
    public let batch: CSVBatch
    /// Position in the batch.
    public let index: Int

    /// The physical line where the record starts (1-based; the header is line 1).
    public var line: Int { batch.storage.lines[index] }
    public var fieldCount: Int { batch.fieldCount }

    /// The byte range of field `column` (0-based) in `batch.bytes`, without surrounding quotes;
    /// doubled quotes inside are still doubled (see `isEscaped`).
    public func fieldRange(_ column: Int) -> Range<Int> {
        let s = batch.span(index, column)
        return s.start..<Int(s.end)
    }

    /// Whether field `column` holds doubled quotes (its text needs unescaping).
    public func isEscaped(_ column: Int) -> Bool { batch.span(index, column).isEscaped }

    /// Calls `body` with the raw bytes of field `column`, valid only during the call.
    public func withFieldBytes<R>(_ column: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let range = fieldRange(column)
        return try batch.storage.bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// The text of field `column` in UTF-8, doubled quotes made single.
    public func text(_ column: Int) -> String {
        let escaped = isEscaped(column)
        let dialect = batch.dialect
        return withFieldBytes(column) { field in
            if !escaped && dialect.encoding != .windows1252 { return String(decoding: field, as: UTF8.self) }
            let utf8 = CSVText.utf8(field, escaped: escaped, quote: dialect.quote, windows1252: dialect.encoding == .windows1252)
            return String(decoding: utf8, as: UTF8.self)
        }
    }

    /// Every field's text.
    public var fields: [String] { (0..<fieldCount).map(text) }

    /// The record's bytes as in the file, line break excluded.
    public var rawBytes: ArraySlice<UInt8> {
        batch.storage.bytes[Int(batch.storage.recordStart[index])..<Int(batch.storage.recordEnd[index])]
    }

    /// The record as in the file, decoded for display (invalid UTF-8 shown as U+FFFD).
    public var rawText: String {
        rawBytes.withUnsafeBytes { CSVText.display($0, windows1252: batch.dialect.encoding == .windows1252) }
    }
}

/// A row that could not be taken: where it is, what is wrong, and its text as in the file.
public struct CSVReject: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// The physical line where the record starts (1-based).
    public var line: Int
    /// The 1-based column, when one field is at fault.
    public var column: Int?
    public var columnName: String?
    public var reason: String
    /// The whole record as in the file (line breaks inside quotes included).
    public var rawText: String

    public init(file: String, line: Int, column: Int?, columnName: String?, reason: String, rawText: String) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.reason = reason
        self.rawText = rawText
    }

    /// Where, outermost first: `["ventes.csv", "line 12", "column 4 (Montant)"]`.
    public var place: [String] {
        var place = [file, "line \(line)"]
        if let column { place.append("column \(column)" + (columnName.map { " (\($0))" } ?? "")) }
        return place
    }

    /// `ventes.csv, line 12, column 4 (Montant): not a number: '12,5,3'`.
    public var description: String { place.joined(separator: ", ") + ": " + reason }

    /// The same as an error, for callers that stop at the first bad row.
    public var error: LakeError { LakeError(.corrupt, reason, context: place) }
}

/// The total line at the bottom of an export, kept apart from the data.
public struct CSVTotalLine: Sendable, Hashable {
    /// Why the line was taken for a total.
    public enum Evidence: Sendable, Hashable {
        /// A field says so (`Total`, `TOTAL GÉNÉRAL`, `Totaux`…); the text of that field.
        case label(String)
        /// Only numbers, and a field count that differs from the header's or an empty first field:
        /// a candidate that `CSVTypedReader` confirms against the column sums (then `columnSums`).
        /// With the header's field count the line also stays the last record of the final batch;
        /// with another count it is in no batch.
        case shape
        /// A `shape` line whose numbers are the sums of the columns above it.
        case columnSums
    }

    /// The physical line (1-based).
    public var line: Int
    /// The fields' text, in UTF-8.
    public var fields: [String]
    /// The line as in the file.
    public var rawText: String
    public var evidence: Evidence
    /// The fields' bytes in the file's encoding, for parsing with the dialect.
    var fieldBytes: [[UInt8]]
}
