// A pipeline's transforms, applied in order to each batch: rename and drop
// change columns, cast converts a column's values, derive adds a column
// computed by an expression (docs/ingest-expressions.md), filter keeps the
// rows whose condition is true (others are dropped, not rejected), and
// lookup adds fields of another lake table by key (a key with no match is
// a reject: "missing lookup").

import Foundation
import Parquet
import VigieExpressions

enum IngestTransforms {
    static func apply(_ transforms: [PipelineTransform], to batch: inout IngestBatch, workspace: Workspace, file: String,
                      rejects: inout [Reject]) throws(LakeError) {
        for transform in transforms {
            switch transform {
            case let .rename(pairs):
                for (from, to) in pairs {
                    if let i = batch.index(of: from) { batch.names[i] = to }
                }
            case let .drop(names):
                let keep = batch.names.map { !names.contains($0) }
                batch.columns = zip(batch.columns, keep).compactMap { $1 ? $0 : nil }
                batch.names = zip(batch.names, keep).compactMap { $1 ? $0 : nil }
            case let .cast(pairs):
                for (name, type) in pairs {
                    guard let i = batch.index(of: name) else { throw LakeError(.invalidArgument, "cast: no column '\(name)'") }
                    try rowwise(&batch, file: file, rejects: &rejects) { (row) throws(LakeError) in
                        var accumulator = ColumnAccumulator(type: type.ingestType)
                        if let reason = accumulator.append(row.value(i)) { throw LakeError(.invalidArgument, "cast of '\(name)' to \(type): \(reason)") }
                    }
                    var accumulator = ColumnAccumulator(type: type.ingestType)
                    for r in 0..<batch.rowCount { _ = accumulator.append(batch.value(i, r)) }
                    batch.columns[i] = accumulator.finish()
                }
            case let .derive(pairs):
                for (name, text) in pairs {
                    let expression: RowExpression
                    do throws(ExpressionError) { expression = try RowExpression(text) } catch { throw LakeError(error) }
                    var values: [RowValue] = []
                    try rowwise(&batch, file: file, rejects: &rejects) { (row) throws(LakeError) in
                        do throws(ExpressionError) { values.append(try expression.evaluate { row.field($0) }) } catch { throw LakeError(error) }
                    }
                    let type = values.first { !$0.isNull }.map(Self.type) ?? .string
                    var accumulator = ColumnAccumulator(type: type)
                    for v in values { _ = accumulator.append(v) }
                    if let i = batch.index(of: name) { batch.columns[i] = accumulator.finish() } else {
                        batch.names.append(name)
                        batch.columns.append(accumulator.finish())
                    }
                }
            case let .filter(text):
                let expression: RowExpression
                do throws(ExpressionError) { expression = try RowExpression(text) } catch { throw LakeError(error) }
                // One entry per row that evaluates (rows whose condition fails to evaluate are rejected).
                var keep: [Bool] = []
                try rowwise(&batch, file: file, rejects: &rejects) { (row) throws(LakeError) in
                    do throws(ExpressionError) { keep.append(try expression.matches { row.field($0) }) } catch { throw LakeError(error) }
                }
                batch.filter(keep)
            case let .lookup(tableName, key, fields):
                let table = try workspace.table(tableName)
                let snapshot = try table.snapshot()
                let columns = try snapshot.read(columns: [key] + fields)
                let keyText = DeltaTable.keys(columns, [0]).map { $0[0] }
                var index: [String: Int] = [:]
                for (row, k) in keyText.enumerated() { if let k { index[k] = row } }
                guard let keyColumn = batch.index(of: key) else { throw LakeError(.invalidArgument, "lookup: no column '\(key)'") }
                var matches: [Int] = []
                var keep = [Bool](repeating: true, count: batch.rowCount)
                for r in 0..<batch.rowCount {
                    let k = batch.value(keyColumn, r).text
                    if let k, let m = index[k] { matches.append(m) } else {
                        keep[r] = false
                        rejects.append(Reject(file: file, line: batch.lines[r], column: key,
                                              reason: "missing lookup: \(key) \(k.map { "'\($0)'" } ?? "(empty)") is not in \(tableName)", raw: batch.raw(r)))
                    }
                }
                batch.filter(keep)
                for (f, name) in fields.enumerated() {
                    let column = columns[f + 1]
                    let field = snapshot.schema.field(named: name)
                    var accumulator = ColumnAccumulator(type: field?.type.ingestType ?? .string)
                    let valueIndex = column.valueIndices()
                    for m in matches {
                        _ = accumulator.append(valueIndex[m].map { Self.rowValue(column, $0) } ?? .null)
                    }
                    batch.names.append(name)
                    batch.columns.append(accumulator.finish())
                }
            }
        }
    }

    /// Access to one row's fields by name, for expressions.
    struct RowView {
        let batch: IngestBatch
        let row: Int
        func field(_ name: String) -> RowValue { batch.index(of: name).map { batch.value($0, row) } ?? .null }
        func value(_ column: Int) -> RowValue { batch.value(column, row) }
    }

    /// Runs `body` on every row; a row where it throws is rejected (with the error's message) and removed.
    static func rowwise(_ batch: inout IngestBatch, file: String, rejects: inout [Reject],
                        _ body: (RowView) throws(LakeError) -> Void) throws(LakeError) {
        var keep = [Bool](repeating: true, count: batch.rowCount)
        var failed = false
        for r in 0..<batch.rowCount {
            do throws(LakeError) { try body(RowView(batch: batch, row: r)) } catch {
                keep[r] = false
                failed = true
                rejects.append(Reject(file: file, line: batch.lines[r], column: nil, reason: error.message, raw: batch.raw(r)))
            }
        }
        if failed { batch.filter(keep) }
    }

    static func type(_ value: RowValue) -> CSVFieldType {
        switch value {
        case .null, .string: .string
        case .bool: .bool
        case .int: .int
        case let .decimal(_, scale): .decimal(scale: scale)
        case .double: .double
        case .date: .date
        case .timestamp: .timestamp
        }
    }

    /// A table value as a RowValue.
    static func rowValue(_ column: ColumnData, _ i: Int) -> RowValue {
        let d = column.descriptor
        switch column.values {
        case let .boolean(v): return .bool(v[i])
        case let .int32(v):
            if d.logicalType == .date { return .date(v[i]) }
            if case let .decimal(scale, _)? = d.logicalType { return .decimal(Int128(v[i]), scale: Int(scale)) }
            return .int(Int64(v[i]))
        case let .int64(v):
            if case let .timestamp(_, unit)? = d.logicalType { return .timestamp(ColumnBuilder.convert(v[i], from: unit, to: .micros)) }
            if case let .decimal(scale, _)? = d.logicalType { return .decimal(Int128(v[i]), scale: Int(scale)) }
            return .int(v[i])
        case let .float(v): return .double(Double(v[i]))
        case let .double(v): return .double(v[i])
        case .byteArray, .fixed: return .string(d.text(of: column.values, at: i))
        }
    }
}
