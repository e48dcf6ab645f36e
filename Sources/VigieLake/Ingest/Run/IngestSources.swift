// Reading a pipeline's source files into IngestBatches: CSV through the
// CSV reader (dialect detected, the pipeline's overrides applied, types
// declared by the pipeline or inferred), XLSX sheets as tables with their
// header row, NDJSON one object per line, JSON an array of objects.

import Foundation
import Parquet
import VigieExpressions

/// Streams the batches of one source file.
protocol IngestSource {
    /// Column names as the file gives them.
    var header: [String] { get }
    /// The next batch and the rows it rejected, or nil at the end.
    mutating func next() throws(LakeError) -> (IngestBatch, [Reject])?
    /// Bytes of the file read so far, when the source reads it as it goes.
    var bytesRead: Int? { get }
}

extension IngestSource {
    var bytesRead: Int? { nil }
}

/// One rejected row: where, why, and its raw text.
public struct Reject: Sendable, Equatable {
    public var file: String
    public var line: Int
    public var column: String?
    public var reason: String
    public var raw: String

    public init(file: String, line: Int, column: String?, reason: String, raw: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
        self.raw = raw
    }
}

struct CSVSource: IngestSource {
    let file: String
    let typed: CSVTypedReader
    var header: [String] { typed.schema.map(\.name) }
    var bytesRead: Int? { typed.bytesRead }

    /// `types` gives the type of the columns the pipeline declares (by source name); others are inferred.
    init(file: String, options: [String: String], types: (String) -> CSVFieldType?) throws(LakeError) {
        self.file = file
        var overrides = CSVDialect.Overrides()
        for (key, value) in options {
            switch key {
            case "separator":
                let v = value == "\\t" || value.lowercased() == "tab" ? "\t" : value
                guard v.utf8.count == 1 else { throw LakeError(.invalidArgument, "csv separator must be one character, not '\(value)'") }
                overrides.separator = v.utf8.first
            case "encoding":
                switch value.lowercased() {
                case "utf-8", "utf8": overrides.encoding = .utf8
                case "windows-1252", "cp1252", "latin-1", "latin1", "iso-8859-1": overrides.encoding = .windows1252
                default: throw LakeError(.invalidArgument, "unknown csv encoding '\(value)': use utf-8 or windows-1252")
                }
            case "decimal":
                guard value.utf8.count == 1 else { throw LakeError(.invalidArgument, "csv decimal separator must be one character") }
                overrides.decimalSeparator = value.utf8.first
            case "thousands":
                switch value {
                case "": overrides.thousandsSeparator = .some(nil)
                case " ": overrides.thousandsSeparator = .space
                case "\u{A0}": overrides.thousandsSeparator = .noBreakSpace
                case ".": overrides.thousandsSeparator = .dot
                case ",": overrides.thousandsSeparator = .comma
                case "'": overrides.thousandsSeparator = .apostrophe
                default: throw LakeError(.invalidArgument, "unknown thousands separator '\(value)'")
                }
            case "dates":
                switch value.lowercased() {
                case "dmy", "dd/mm/yyyy": overrides.dateOrder = .dayMonthYear
                case "mdy", "mm/dd/yyyy": overrides.dateOrder = .monthDayYear
                case "ymd", "yyyy-mm-dd": overrides.dateOrder = .yearMonthDay
                default: throw LakeError(.invalidArgument, "unknown date order '\(value)': use dmy, mdy or ymd")
                }
            case "header":
                overrides.hasHeader = ["true", "yes", "oui", "1"].contains(value.lowercased())
            default:
                throw LakeError(.invalidArgument, "unknown csv option '\(key)'")
            }
        }
        let reader = try CSVReader(path: file, overrides: overrides)
        // Declared types where the pipeline gives them; inference decides the rest. Batches are typed on every
        // processor, a few ahead of the checks.
        let declared = reader.header.map(types)
        if !declared.isEmpty && !declared.contains(nil) {
            let schema = zip(reader.header, declared).map { CSVColumnSchema(name: $0, type: $1!, nullable: true) }
            typed = try CSVTypedReader(reader: reader, schema: schema, threads: nil)
        } else if declared.contains(where: { $0 != nil }) {
            let inferred = try CSVTypedReader(reader: reader)
            let schema = inferred.schema.map { column in
                CSVColumnSchema(name: column.name, type: types(column.name) ?? column.type, nullable: true)
            }
            // Inference has already read the first batches; re-read the file with the final schema.
            typed = try CSVTypedReader(reader: CSVReader(path: file, dialect: reader.dialect), schema: schema, threads: nil)
        } else {
            typed = try CSVTypedReader(reader: reader, threads: nil)
        }
    }

    mutating func next() throws(LakeError) -> (IngestBatch, [Reject])? {
        guard let batch = try typed.next() else { return nil }
        let rejects = batch.rejects.map {
            Reject(file: file, line: $0.line, column: $0.columnName, reason: $0.reason, raw: $0.rawText)
        }
        return (IngestBatch(names: batch.schema.map(\.name), columns: batch.columns, lines: batch.lines, rawText: { batch.rawText(row: $0) }), rejects)
    }
}

/// Sources whose rows come as RowValues (XLSX, JSON), batched here.
struct RowSource: IngestSource {
    let file: String
    let header: [String]
    private var rows: [(line: Int, values: [RowValue], raw: String)]
    private var done = false

    init(file: String, header: [String], rows: [(line: Int, values: [RowValue], raw: String)]) {
        self.file = file
        self.header = header
        self.rows = rows
    }

    mutating func next() throws(LakeError) -> (IngestBatch, [Reject])? {
        guard !done else { return nil }
        done = true
        // Each column's type: the first non-null value's kind, widened to text when kinds disagree.
        var types: [CSVFieldType] = []
        for c in header.indices {
            var type: CSVFieldType?
            for row in rows where c < row.values.count {
                let t: CSVFieldType?
                switch row.values[c] {
                case .null: t = nil
                case .bool: t = .bool
                case .int: t = .int
                case let .decimal(_, scale): t = .decimal(scale: scale)
                case .double: t = .double
                case .string: t = .string
                case .date: t = .date
                case .timestamp: t = .timestamp
                }
                guard let t else { continue }
                if type == nil { type = t } else if type != t {
                    if [CSVFieldType.int, .double].contains(type!) && [CSVFieldType.int, .double].contains(t) { type = .double } else { type = .string }
                }
            }
            types.append(type ?? .string)
        }
        var accumulators = types.map(ColumnAccumulator.init)
        for row in rows {
            for c in header.indices { _ = accumulators[c].append(c < row.values.count ? row.values[c] : .null) }
        }
        let raws = rows.map(\.raw)
        let batch = IngestBatch(names: header, columns: accumulators.map { $0.finish() }, lines: rows.map(\.line), rawText: { raws[$0] })
        rows = []
        return (batch, [])
    }

    /// An XLSX sheet (by name, or the first) as a table with its header row.
    static func xlsx(file: String, sheet: String?, headerRow: Int?) throws(LakeError) -> RowSource {
        do {
            let workbook = try XLSXWorkbook(path: file)
            let s = try sheet.map { try workbook.sheet(named: $0) } ?? workbook.sheet(at: 0)
            let table = try XLSXTable(sheet: s, headerRow: headerRow)
            var rows: [(Int, [RowValue], String)] = []
            try table.forEachRow { row in
                rows.append((row.number, row.cells.map(Self.value), row.rawText))
            }
            return RowSource(file: file, header: table.columns, rows: rows)
        } catch let error as LakeError {
            throw error
        } catch {
            throw LakeError(.corrupt, "\(error)", context: [file])
        }
    }

    static func value(_ cell: XLSXCell) -> RowValue {
        switch cell {
        case .empty: .null
        case let .text(s): s.isEmpty ? .null : .string(s)
        case let .number(d): d.rounded() == d && abs(d) < 1e15 ? .int(Int64(d)) : .double(d)
        case let .bool(b): .bool(b)
        case let .date(d): .date(d)
        case let .timestamp(t): .timestamp(t)
        case let .time(t): .int(t)
        case let .error(e): .string(e)
        }
    }

    /// NDJSON (one object per line) or JSON (an array of objects).
    static func json(file: String, lines: Bool) throws(LakeError) -> (RowSource, [Reject]) {
        guard let data = FileManager.default.contents(atPath: file) else { throw LakeError(.io, "cannot read \(file)") }
        var objects: [(Int, JSONValue, String)] = []
        var rejects: [Reject] = []
        if lines {
            // Lines are split on bytes: a String split on Characters is many times slower, and sees CR LF as one
            // character, not a line end.
            var number = 0
            let bytes = [UInt8](data)
            for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
                number += 1
                let content = line.last == 13 ? line.dropLast() : line
                if content.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
                let text = String(decoding: content, as: UTF8.self)
                do throws(LakeError) {
                    let parsed: Result<JSONValue, LakeError> = content.withUnsafeBytes { raw in Result { () throws(LakeError) in try JSONValue.parse(raw) } }
                    let value = try parsed.get()
                    guard case .object = value else { throw LakeError(.corrupt, "a line must hold a JSON object") }
                    objects.append((number, value, text))
                } catch {
                    rejects.append(Reject(file: file, line: number, column: nil, reason: error.message, raw: text))
                }
            }
        } else {
            let value = try JSONValue.parse(String(decoding: data, as: UTF8.self))
            guard let items = value.arrayValue else { throw LakeError(.corrupt, "a JSON source must be an array of objects", context: [file]) }
            for (i, item) in items.enumerated() {
                guard case .object = item else {
                    rejects.append(Reject(file: file, line: i + 1, column: nil, reason: "item \(i + 1) is not an object", raw: item.description))
                    continue
                }
                objects.append((i + 1, item, item.description))
            }
        }
        var header: [String] = []
        for (_, object, _) in objects {
            for (key, _) in object.objectValue ?? [] where !header.contains(key) { header.append(key) }
        }
        let rows = objects.map { (line, object, raw) in (line, header.map { Self.value(object[$0] ?? .null) }, raw) }
        return (RowSource(file: file, header: header, rows: rows), rejects)
    }

    static func value(_ json: JSONValue) -> RowValue {
        switch json {
        case .null: .null
        case let .bool(b): .bool(b)
        case let .integer(i): .int(i)
        case let .number(d): .double(d)
        case let .string(s): .string(s)
        case .array, .object: .string(json.description)
        }
    }
}
