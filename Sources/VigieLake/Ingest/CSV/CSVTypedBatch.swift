// Typed columns from a batch of records, one column at a time (each loop
// runs one parser over one column's spans, which is what keeps it fast).
//
// Every row has a slot in every column: a null holds zero (or an empty
// string) with `validity[row] == false`. A row with any field that fails
// (not a value of its type, or empty in a required column) is left out of
// every column and becomes one reject per failing field.

import Parquet

/// The schema of one column: what `CSVSchemaInference` infers or a caller declares.
public struct CSVColumnSchema: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var type: CSVFieldType
    /// Whether an empty field is a null; when false it is a reject ("required value missing").
    public var nullable: Bool

    public init(name: String, type: CSVFieldType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }

    /// `Montant decimal(2)`, `Code string not null`.
    public var description: String { "\(name) \(type)\(nullable ? "" : " not null")" }
}

/// One column of typed values, a slot per row.
public struct CSVColumn: Sendable, Equatable {
    /// The values, by type; a null row's slot holds 0, false or an empty string.
    public enum Values: Sendable, Equatable {
        case string(ByteArrays)
        case int([Int64])
        /// Unscaled values; the scale is the column type's.
        case decimal([Int128])
        case double([Double])
        case bool([Bool])
        case date([Int32])
        case timestamp([Int64])
    }

    public var type: CSVFieldType
    public var values: Values
    /// false where the row's value is null.
    public var validity: [Bool]

    public var count: Int { validity.count }

    /// The value of one row, for tests and display.
    public subscript(row: Int) -> CSVValue {
        guard validity[row] else { return .null }
        switch values {
        case let .string(v): return .string(String(decoding: v[row], as: UTF8.self))
        case let .int(v): return .int(v[row])
        case let .decimal(v):
            if case let .decimal(scale) = type { return .decimal(v[row], scale: scale) }
            return .decimal(v[row], scale: 0)
        case let .double(v): return .double(v[row])
        case let .bool(v): return .bool(v[row])
        case let .date(v): return .date(v[row])
        case let .timestamp(v): return .timestamp(v[row])
        }
    }

    /// The column without the rows where `keep` is false.
    func filtered(_ keep: [Bool]) -> CSVColumn {
        func pick<T>(_ v: [T]) -> [T] { v.indices.compactMap { keep[$0] ? v[$0] : nil } }
        var copy = self
        copy.validity = pick(validity)
        switch values {
        case let .string(v):
            var out = ByteArrays()
            v.bytes.withUnsafeBytes { bytes in
                for i in 0..<v.count where keep[i] {
                    out.append(UnsafeRawBufferPointer(rebasing: bytes[v.offsets[i]..<v.offsets[i + 1]]))
                }
            }
            copy.values = .string(out)
        case let .int(v): copy.values = .int(pick(v))
        case let .decimal(v): copy.values = .decimal(pick(v))
        case let .double(v): copy.values = .double(pick(v))
        case let .bool(v): copy.values = .bool(pick(v))
        case let .date(v): copy.values = .date(pick(v))
        case let .timestamp(v): copy.values = .timestamp(pick(v))
        }
        return copy
    }

    /// The sum of the non-null values of a numeric column, for total lines.
    var sum: Double? {
        var total = 0.0
        switch values {
        case let .int(v): for i in v.indices where validity[i] { total += Double(v[i]) }
        case let .double(v): for i in v.indices where validity[i] { total += v[i] }
        case let .decimal(v):
            guard case let .decimal(scale) = type else { return nil }
            var exact: Int128 = 0
            for i in v.indices where validity[i] { exact &+= v[i] }
            total = Double(exact) / (0..<scale).reduce(1.0) { acc, _ in acc * 10 }
        default: return nil
        }
        return total
    }
}

/// The typed rows of one batch.
public struct CSVTypedBatch: Sendable {
    public var schema: [CSVColumnSchema]
    /// One per schema column, each with `rowCount` slots.
    public var columns: [CSVColumn]
    /// The physical line of each row.
    public var lines: [Int]
    /// The batch's structural rejects and the fields that did not parse.
    public var rejects: [CSVReject]
    /// The records the rows came from, and each row's record index, for `rawText(row:)`.
    var source: CSVBatch?
    var recordIndices: [Int] = []

    public init(schema: [CSVColumnSchema], columns: [CSVColumn], lines: [Int], rejects: [CSVReject], source: CSVBatch? = nil, recordIndices: [Int] = []) {
        self.schema = schema
        self.columns = columns
        self.lines = lines
        self.rejects = rejects
        self.source = source
        self.recordIndices = recordIndices
    }

    public var rowCount: Int { lines.count }

    /// The raw text of row `row` as the file has it (for rejects found after parsing).
    public func rawText(row: Int) -> String {
        guard let source, row < recordIndices.count else { return "" }
        return source[recordIndices[row]].rawText
    }
}

extension CSVBatch {
    /// Parses every field of the batch following `schema` (its column count must be the batch's, unless the batch is empty).
    public func decode(schema: [CSVColumnSchema], parser: CSVValueParser? = nil) -> CSVTypedBatch {
        precondition(schema.count == fieldCount || isEmpty, "the schema has \(schema.count) columns, the batch \(fieldCount)")
        let parser = parser ?? CSVValueParser(dialect: dialect)
        let rows = count
        var failed = [Bool](repeating: false, count: rows)
        var anyFailed = false
        var rejects = self.rejects
        var columns: [CSVColumn] = []
        columns.reserveCapacity(schema.count)
        let spans = storage.spans
        let fieldStart = storage.fieldStart
        storage.bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
                // An empty block has no records.
                columns = schema.map { CSVColumn.empty($0.type) }
                return
            }
            spans.withUnsafeBufferPointer { spans in
                fieldStart.withUnsafeBufferPointer { fieldStart in
                    for (j, column) in schema.enumerated() {
                        var validity = [Bool](repeating: true, count: rows)
                        func fail(_ row: Int, _ reason: String) {
                            failed[row] = true
                            anyFailed = true
                            rejects.append(reject(record: row, column: j, reason: reason))
                        }
                        func typed<T>(_ zero: T, _ parse: (UnsafePointer<UInt8>, Int) -> CSVParsed<T>) -> [T] {
                            var values = [T](repeating: zero, count: rows)
                            values.withUnsafeMutableBufferPointer { out in
                                for row in 0..<rows {
                                    let span = spans[Int(fieldStart[row]) + j]
                                    switch parse(base + span.start, span.count) {
                                    case let .value(v): out[row] = v
                                    case .null:
                                        validity[row] = false
                                        if !column.nullable { fail(row, "required value missing") }
                                    case let .invalid(reason): fail(row, reason)
                                    }
                                }
                            }
                            return values
                        }
                        let values: CSVColumn.Values
                        switch column.type {
                        case .string:
                            values = .string(strings(base: base, spans: spans, fieldStart: fieldStart, column: j, rows: rows, validity: &validity))
                            if !column.nullable {
                                for row in 0..<rows where !validity[row] { fail(row, "required value missing") }
                            }
                        case .int: values = .int(typed(0, parser.parseInt))
                        case let .decimal(scale): values = .decimal(typed(0) { parser.parseDecimal($0, $1, scale: scale) })
                        case .double: values = .double(typed(0, parser.parseDouble))
                        case .bool: values = .bool(typed(false, parser.parseBool))
                        case .date: values = .date(typed(0, parser.parseDate))
                        case .timestamp: values = .timestamp(typed(0, parser.parseTimestamp))
                        }
                        columns.append(CSVColumn(type: column.type, values: values, validity: validity))
                    }
                }
            }
        }
        var lines = storage.lines
        var recordIndices = Array(lines.indices)
        if anyFailed {
            let keep = failed.map { !$0 }
            columns = columns.map { $0.filtered(keep) }
            lines = lines.indices.compactMap { keep[$0] ? lines[$0] : nil }
            recordIndices = recordIndices.filter { keep[$0] }
        }
        return CSVTypedBatch(schema: schema, columns: columns, lines: lines, rejects: rejects, source: self, recordIndices: recordIndices)
    }

    /// A text column in UTF-8: raw bytes when they need nothing, unescaped or transcoded otherwise.
    private func strings(
        base: UnsafePointer<UInt8>, spans: UnsafeBufferPointer<CSVFieldSpan>, fieldStart: UnsafeBufferPointer<Int32>,
        column: Int, rows: Int, validity: inout [Bool]
    ) -> ByteArrays {
        let windows1252 = dialect.encoding == .windows1252
        var offsets = [Int]()
        offsets.reserveCapacity(rows + 1)
        offsets.append(0)
        var bytes = [UInt8]()
        bytes.reserveCapacity(rows * 8)
        for row in 0..<rows {
            let span = spans[Int(fieldStart[row]) + column]
            let field = UnsafeRawBufferPointer(start: base + span.start, count: span.count)
            if span.count == 0 {
                validity[row] = false
            } else if span.isEscaped {
                var plain: [UInt8] = []
                CSVText.appendUnescaped(field, quote: dialect.quote, to: &plain)
                if windows1252 {
                    plain.withUnsafeBytes { CSVText.appendWindows1252($0, to: &bytes) }
                } else {
                    bytes.append(contentsOf: plain)
                }
            } else if windows1252 {
                CSVText.appendWindows1252(field, to: &bytes)
            } else {
                bytes.append(contentsOf: field)
            }
            offsets.append(bytes.count)
        }
        return ByteArrays(offsets: offsets, bytes: bytes)
    }
}

extension CSVColumn {
    /// A column of no rows.
    static func empty(_ type: CSVFieldType) -> CSVColumn {
        let values: Values
        switch type {
        case .string: values = .string(ByteArrays())
        case .int: values = .int([])
        case .decimal: values = .decimal([])
        case .double: values = .double([])
        case .bool: values = .bool([])
        case .date: values = .date([])
        case .timestamp: values = .timestamp([])
        }
        return CSVColumn(type: type, values: values, validity: [])
    }
}
