// Converting a batch's typed columns to a table's columns, a column at a
// time: the CSV reader's types map straight onto Parquet's (integers,
// doubles, texts, dates, timestamps in microseconds, decimals of the
// table's scale), so the common case is a copy with a range check. Any
// other pairing (a text into a number column, an XLSX double into a
// decimal) goes value by value through ColumnBuilder.stored(_:), which
// also words every failure, so both paths reject with the same reasons.

import Parquet
import VigieExpressions

/// A batch's column converted to a table column's physical form: a slot per row (a null row's slot holds a
/// placeholder), and the rows whose value cannot be stored.
struct ConvertedColumn {
    enum Slots {
        case int32([Int32]), int64([Int64]), float([Float]), double([Double]), boolean([Bool]), bytes(ByteArrays), unscaled([Int128])
    }

    var slots: Slots
    var validity: [Bool]
    /// Row → why its value cannot be stored in the column.
    var failures: [Int: String]
}

extension ColumnBuilder {
    /// Converts `column` (nil: the source has no such column, every row is null) of a batch of `rows` rows.
    /// `value` gives a row's value for the value-by-value path.
    func convert(_ column: CSVColumn?, rows: Int, value: (Int) -> RowValue) -> ConvertedColumn {
        guard let column else { return ConvertedColumn(slots: placeholders(rows), validity: Array(repeating: false, count: rows), failures: [:]) }
        let validity = column.validity
        let logical = field.logicalType
        /// The rows of a fast conversion that failed its check, worded by the value-by-value path.
        func reasons(_ failed: [Int]) -> [Int: String] {
            Dictionary(uniqueKeysWithValues: failed.map { ($0, check(value($0)) ?? "cannot be stored in column '\(name)'") })
        }
        switch (field.physicalType, column.values) {
        case (.byteArray, let .string(v)) where logical == .string || logical == nil:
            return ConvertedColumn(slots: .bytes(v), validity: validity, failures: [:])
        case (.boolean, let .bool(v)):
            return ConvertedColumn(slots: .boolean(v), validity: validity, failures: [:])
        case (.double, let .double(v)):
            return ConvertedColumn(slots: .double(v), validity: validity, failures: [:])
        case (.double, let .int(v)):
            return ConvertedColumn(slots: .double(v.map(Double.init)), validity: validity, failures: [:])
        case (.float, let .double(v)):
            return ConvertedColumn(slots: .float(v.map(Float.init)), validity: validity, failures: [:])
        case (.int32, let .date(v)) where logical == .date:
            return ConvertedColumn(slots: .int32(v), validity: validity, failures: [:])
        case (.int64, let .timestamp(v)):
            guard case let .timestamp(_, unit)? = logical else { break }
            return ConvertedColumn(slots: .int64(unit == .micros ? v : v.map { Self.convert($0, from: .micros, to: unit) }), validity: validity, failures: [:])
        case (.int64, let .int(v)) where logical == nil || logical == .integer(bitWidth: 64, isSigned: true):
            return ConvertedColumn(slots: .int64(v), validity: validity, failures: [:])
        case (.int32, let .int(v)) where logical == nil || logical == .integer(bitWidth: 32, isSigned: true):
            var out = [Int32](repeating: 0, count: v.count)
            var failed: [Int] = []
            for i in v.indices where validity[i] {
                if let n = Int32(exactly: v[i]) { out[i] = n } else { failed.append(i) }
            }
            return ConvertedColumn(slots: .int32(out), validity: validity, failures: reasons(failed))
        case (_, let .decimal(v)):
            guard case let .decimal(scale, precision)? = logical, case let .decimal(sourceScale) = column.type, sourceScale == Int(scale) else { break }
            let limit = UInt128(ColumnAccumulator.pow10(Int(precision)))
            var failed: [Int] = []
            for i in v.indices where validity[i] && v[i].magnitude >= limit { failed.append(i) }
            let slots: ConvertedColumn.Slots
            switch field.physicalType {
            // Within the precision, a value fits the physical type (precision ≤ 9 is INT32, ≤ 18 INT64).
            case .int32: slots = .int32(v.map { Int32(truncatingIfNeeded: $0) })
            case .int64: slots = .int64(v.map { Int64(truncatingIfNeeded: $0) })
            default: slots = .unscaled(v)
            }
            return ConvertedColumn(slots: slots, validity: validity, failures: reasons(failed))
        default:
            break
        }
        return convertValues(rows: rows, value: value)
    }

    /// The value-by-value conversion.
    private func convertValues(rows: Int, value: (Int) -> RowValue) -> ConvertedColumn {
        var int32s: [Int32] = [], int64s: [Int64] = [], floats: [Float] = [], doubles: [Double] = [], booleans: [Bool] = []
        var bytes = ByteArrays(), unscaled: [Int128] = []
        var validity = [Bool](repeating: true, count: rows)
        var failures: [Int: String] = [:]
        for row in 0..<rows {
            var stored = Stored.null
            switch self.stored(value(row)) {
            case let .success(s): stored = s
            case let .failure(error): failures[row] = error.message
            }
            if case .null = stored { validity[row] = false }
            switch (field.physicalType, stored) {
            case (_, let .int32(v)): int32s.append(v)
            case (_, let .int64(v)): int64s.append(v)
            case (_, let .float(v)): floats.append(v)
            case (_, let .double(v)): doubles.append(v)
            case (_, let .bool(v)): booleans.append(v)
            case (_, let .bytes(v)): v.withUnsafeBytes { bytes.append($0) }
            case (.int32, let .unscaled(u)): int32s.append(Int32(truncatingIfNeeded: u))
            case (.int64, let .unscaled(u)): int64s.append(Int64(truncatingIfNeeded: u))
            case (_, let .unscaled(u)): unscaled.append(u)
            case (.int32, .null): int32s.append(0)
            case (.int64, .null): int64s.append(0)
            case (.float, .null): floats.append(0)
            case (.double, .null): doubles.append(0)
            case (.boolean, .null): booleans.append(false)
            case (.byteArray, .null): bytes.append(utf8: "")
            case (_, .null): unscaled.append(0)
            }
        }
        let slots: ConvertedColumn.Slots
        switch field.physicalType {
        case .int32: slots = .int32(int32s)
        case .int64: slots = .int64(int64s)
        case .float: slots = .float(floats)
        case .double: slots = .double(doubles)
        case .boolean: slots = .boolean(booleans)
        case .byteArray: slots = .bytes(bytes)
        default: slots = .unscaled(unscaled)
        }
        return ConvertedColumn(slots: slots, validity: validity, failures: failures)
    }

    private func placeholders(_ rows: Int) -> ConvertedColumn.Slots {
        switch field.physicalType {
        case .int32: .int32(Array(repeating: 0, count: rows))
        case .int64: .int64(Array(repeating: 0, count: rows))
        case .float: .float(Array(repeating: 0, count: rows))
        case .double: .double(Array(repeating: 0, count: rows))
        case .boolean: .boolean(Array(repeating: false, count: rows))
        case .byteArray: .bytes(ByteArrays(offsets: Array(repeating: 0, count: rows + 1), bytes: []))
        default: .unscaled(Array(repeating: 0, count: rows))
        }
    }

    /// Appends the rows of `column` where `keep` is true (every row when nil); null slots add no value.
    mutating func append(_ column: ConvertedColumn, keep: [Bool]?) {
        let validity = column.validity
        let rows = validity.count
        let allValid = !validity.contains(false)
        /// Whether row `i`'s slot becomes a value.
        @inline(__always) func takes(_ i: Int) -> Bool { validity[i] && (keep?[i] ?? true) }
        func dense<T>(_ slots: [T], into out: inout [T]) {
            if allValid && keep == nil { return out.append(contentsOf: slots) }
            out.reserveCapacity(out.count + rows)
            for i in 0..<rows where takes(i) { out.append(slots[i]) }
        }
        switch column.slots {
        case let .int32(v): dense(v, into: &int32s)
        case let .int64(v): dense(v, into: &int64s)
        case let .float(v): dense(v, into: &floats)
        case let .double(v): dense(v, into: &doubles)
        case let .boolean(v): dense(v, into: &booleans)
        case let .bytes(v):
            if allValid && keep == nil {
                bytes.append(contentsOf: v)
            } else {
                v.bytes.withUnsafeBytes { raw in
                    for i in 0..<rows where takes(i) { bytes.append(UnsafeRawBufferPointer(rebasing: raw[v.offsets[i]..<v.offsets[i + 1]])) }
                }
            }
        case let .unscaled(v):
            var values: [Int128] = []
            dense(v, into: &values)
            try? appendUnscaled(values)
        }
        if let keep {
            for i in 0..<rows where keep[i] { self.validity.append(validity[i]) }
        } else {
            self.validity.append(contentsOf: validity)
        }
        if !allValid { hasNulls = true }
    }

    /// Rows appended so far.
    var rowCount: Int { validity.count }

    /// Starts over, keeping the column's type (after its rows went to a data file).
    mutating func reset() {
        int32s.removeAll(keepingCapacity: true)
        int64s.removeAll(keepingCapacity: true)
        floats.removeAll(keepingCapacity: true)
        doubles.removeAll(keepingCapacity: true)
        booleans.removeAll(keepingCapacity: true)
        bytes = ByteArrays()
        fixed.removeAll(keepingCapacity: true)
        validity.removeAll(keepingCapacity: true)
        hasNulls = false
    }
}

/// The checks of each row on its way to the table: required fields present, values storable in their
/// columns, keys not seen before in the file. A row is rejected for its first failing column, in schema order.
struct RowChecker {
    let schema: [DeltaField]
    let required: [Bool]
    let keyNames: [String]
    let keyIndices: [Int]
    private var keys = Set<[RowValue]>()

    init(schema: [DeltaField], required: Set<String>, key: [String]) {
        self.schema = schema
        self.required = schema.map { required.contains($0.name) }
        keyNames = key
        keyIndices = key.compactMap { name in schema.firstIndex { $0.name == name } }
    }

    /// The batch's columns converted for `builders`, and which rows to keep (nil: all); the others are added to `rejects`.
    mutating func check(_ batch: IngestBatch, builders: [ColumnBuilder], file: String, rejects: inout [Reject]) -> ([ConvertedColumn], [Bool]?) {
        let rows = batch.rowCount
        var problems: [Int: (column: String, reason: String)] = [:]
        var converted: [ConvertedColumn] = []
        for (k, field) in schema.enumerated() {
            let position = batch.index(of: field.name)
            let column = builders[k].convert(position.map { batch.columns[$0] }, rows: rows) { batch.value(position!, $0) }
            if required[k] {
                for row in 0..<rows where !column.validity[row] && column.failures[row] == nil && problems[row] == nil {
                    problems[row] = (field.name, "the required field '\(field.name)' is empty")
                }
            }
            for (row, reason) in column.failures where problems[row] == nil { problems[row] = (field.name, reason) }
            converted.append(column)
        }
        if !keyIndices.isEmpty {
            let positions = keyIndices.map { batch.index(of: schema[$0].name) }
            for row in 0..<rows where problems[row] == nil {
                let key = positions.map { p in p.map { batch.value($0, row) } ?? .null }
                if !keys.insert(key).inserted {
                    problems[row] = (keyNames.joined(separator: ", "), "duplicate key \(key.map { $0.description }.joined(separator: ", "))")
                }
            }
        }
        guard !problems.isEmpty else { return (converted, nil) }
        var keep = [Bool](repeating: true, count: rows)
        for (row, problem) in problems.sorted(by: { $0.key < $1.key }) {
            keep[row] = false
            rejects.append(Reject(file: file, line: batch.lines[row], column: problem.column, reason: problem.reason, raw: batch.raw(row)))
        }
        return (converted, keep)
    }
}
