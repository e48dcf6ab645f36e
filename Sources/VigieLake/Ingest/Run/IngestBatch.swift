// The rows of a source on their way to a table: typed columns (the CSV
// reader's CSVColumn, a slot per row) with each row's source line and raw
// text. CSV batches arrive in this form directly; spreadsheet and JSON
// rows are built into it from RowValues. Transforms work on it, and the
// table's columns (Parquet's dense ColumnData) are made from it at the end.

import Parquet
import VigieExpressions

/// A batch of source rows as typed columns.
struct IngestBatch {
    var names: [String]
    var columns: [CSVColumn]
    /// The source line (CSV, NDJSON) or row (XLSX) of each row.
    var lines: [Int]
    /// Each row's position in the batch as it was read (filters drop rows).
    var origins: [Int]
    /// The raw text of the row read at an origin, for rejects (made only when a row is rejected).
    let rawText: (Int) -> String

    init(names: [String], columns: [CSVColumn], lines: [Int], rawText: @escaping (Int) -> String) {
        self.names = names
        self.columns = columns
        self.lines = lines
        origins = Array(lines.indices)
        self.rawText = rawText
    }

    var rowCount: Int { lines.count }

    /// The raw text of row `row`.
    func raw(_ row: Int) -> String { rawText(origins[row]) }

    func index(of name: String) -> Int? { names.firstIndex(of: name) }

    /// Row `row` of column `column` as a RowValue.
    func value(_ column: Int, _ row: Int) -> RowValue {
        let c = columns[column]
        guard c.validity[row] else { return .null }
        switch c.values {
        case let .string(v): return .string(String(decoding: v[row], as: UTF8.self))
        case let .int(v): return .int(v[row])
        case let .decimal(v):
            if case let .decimal(scale) = c.type { return .decimal(v[row], scale: scale) }
            return .decimal(v[row], scale: 0)
        case let .double(v): return .double(v[row])
        case let .bool(v): return .bool(v[row])
        case let .date(v): return .date(v[row])
        case let .timestamp(v): return .timestamp(v[row])
        }
    }

    /// Keeps only the rows where `keep` is true.
    mutating func filter(_ keep: [Bool]) {
        func pick<T>(_ a: [T]) -> [T] { zip(a, keep).compactMap { $1 ? $0 : nil } }
        columns = columns.map { $0.filtered(keep) }
        lines = pick(lines)
        origins = pick(origins)
    }
}

/// Builds one CSVColumn of a given type from RowValues, converting where the conversion is exact.
struct ColumnAccumulator {
    let type: CSVFieldType
    private var strings = ByteArrays()
    private var ints: [Int64] = []
    private var decimals: [Int128] = []
    private var doubles: [Double] = []
    private var bools: [Bool] = []
    private var validity: [Bool] = []

    init(type: CSVFieldType) { self.type = type }

    /// Appends `value` converted to the column's type; returns why it cannot be, or nil.
    mutating func append(_ value: RowValue) -> String? {
        if case .null = value {
            validity.append(false)
            appendPlaceholder()
            return nil
        }
        switch (type, value) {
        case (.string, _):
            strings.append(utf8: value.text ?? "")
        case (.int, .int(let i)): ints.append(i)
        case (.int, .decimal(let u, let scale)):
            let p = Int128(Self.pow10(scale))
            guard u % p == 0, let i = Int64(exactly: u / p) else { return "\(value) is not a whole number" }
            ints.append(i)
        case (.int, .double(let d)):
            guard d.rounded() == d, let i = Int64(exactly: d) else { return "\(value) is not a whole number" }
            ints.append(i)
        case (.int, .string(let s)):
            guard let i = Int64(s.trimmedBlanks) else { return "'\(s)' is not a whole number" }
            ints.append(i)
        case (let .decimal(scale), _):
            guard let u = Self.decimal(value, scale: scale) else { return "\(value) is not a number with at most \(scale) decimals" }
            decimals.append(u)
        case (.double, .double(let d)): doubles.append(d)
        case (.double, .int(let i)): doubles.append(Double(i))
        case (.double, .decimal(let u, let scale)): doubles.append(Double(decimalText(u, scale: scale)) ?? .nan)
        case (.double, .string(let s)):
            guard let d = Double(s.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")) else { return "'\(s)' is not a number" }
            doubles.append(d)
        case (.bool, .bool(let b)): bools.append(b)
        case (.bool, .string(let s)):
            switch s.lowercased() {
            case "true", "vrai", "oui", "yes", "1": bools.append(true)
            case "false", "faux", "non", "no", "0": bools.append(false)
            default: return "'\(s)' is not true or false"
            }
        case (.date, .date(let d)): ints.append(Int64(d))
        case (.date, .timestamp(let t)):
            guard t % 86_400_000_000 == 0 else { return "\(value) has a time of day; the column holds dates" }
            ints.append(t / 86_400_000_000)
        case (.date, .string(let s)):
            guard let d = ColumnBuilder.parseDate(s.trimmedBlanks) else { return "'\(s)' is not a date (yyyy-MM-dd)" }
            ints.append(d)
        case (.timestamp, .timestamp(let t)): ints.append(t)
        case (.timestamp, .date(let d)): ints.append(Int64(d) * 86_400_000_000)
        case (.timestamp, .string(let s)):
            guard let t = ColumnBuilder.parseTimestamp(s.trimmedBlanks) else { return "'\(s)' is not a date and time" }
            ints.append(t)
        default:
            return "\(value) cannot be stored in a \(type) column"
        }
        validity.append(true)
        return nil
    }

    private mutating func appendPlaceholder() {
        switch type {
        case .string: strings.append(utf8: "")
        case .int, .date, .timestamp: ints.append(0)
        case .decimal: decimals.append(0)
        case .double: doubles.append(0)
        case .bool: bools.append(false)
        }
    }

    static func pow10(_ n: Int) -> Int128 { (0..<n).reduce(Int128(1)) { acc, _ in acc * 10 } }

    static func decimal(_ value: RowValue, scale: Int) -> Int128? {
        switch value {
        case let .int(i): return Int128(i) * pow10(scale)
        case let .decimal(u, s):
            if s <= scale { return u * pow10(scale - s) }
            let p = pow10(s - scale)
            return u % p == 0 ? u / p : nil
        case let .double(d): return ColumnBuilder.parseDecimal(String(d), scale: scale)
        case let .string(t): return ColumnBuilder.parseDecimal(t.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "."), scale: scale)
        default: return nil
        }
    }

    func finish() -> CSVColumn {
        let values: CSVColumn.Values
        switch type {
        case .string: values = .string(strings)
        case .int: values = .int(ints)
        case .decimal: values = .decimal(decimals)
        case .double: values = .double(doubles)
        case .bool: values = .bool(bools)
        case .date: values = .date(ints.map { Int32(truncatingIfNeeded: $0) })
        case .timestamp: values = .timestamp(ints)
        }
        return CSVColumn(type: type, values: values, validity: validity)
    }
}

extension String {
    /// The text without the blanks around it, as `trimmingCharacters(in: .whitespaces)` gives it; most values have
    /// none, and Foundation's trimming costs microseconds a value on Linux.
    var trimmedBlanks: String {
        guard let first, let last, first.isWhitespace || last.isWhitespace else { return self }
        return trimmingCharacters(in: .whitespaces)
    }
}

extension DeltaType {
    /// The CSV reader's type for values of this column.
    var ingestType: CSVFieldType {
        switch self {
        case .long, .integer, .short, .byte: .int
        case .float, .double: .double
        case .boolean: .bool
        case .date: .date
        case .timestamp, .timestampNtz: .timestamp
        case let .decimal(_, scale): .decimal(scale: scale)
        default: .string
        }
    }
}

extension CSVFieldType {
    /// The table column type for values of this type (inferred schemas).
    var deltaType: DeltaType {
        switch self {
        case .string: .string
        case .int: .long
        case let .decimal(scale): .decimal(precision: 18, scale: scale)
        case .double: .double
        case .bool: .boolean
        case .date: .date
        case .timestamp: .timestamp
        }
    }
}
