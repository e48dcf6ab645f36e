// An object's grid as an export table (XLSX or CSV): a column per dimension
// and per measure, with the measures' formats, a row per line (the Others
// line named so), and a last row of totals. The cells are the engine's
// values under the user's rights, as the page and the API show them.

import Foundation
import VigieDraw
import VigieEngine
import VigieExpressions
import VigieModel

enum Exports {
    enum Format: String, CaseIterable {
        case csv, xlsx

        var contentType: String {
            switch self {
            case .csv: "text/csv; charset=utf-8"
            case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    static func table(_ data: ObjectData, title: String, labels: Labels) -> ExportTable {
        let columns = data.dimensions.map { ExportColumn($0.label) } + data.measures.map { ExportColumn($0.label, format: $0.format) }
        var rows = data.result.lines.map { line in
            (line.isOthers ? [ExportCell.text(labels["others"])] + Array(repeating: .empty, count: max(0, line.dimensions.count - 1))
                : line.dimensions.map { cell($0.value) }) + line.measures.map { cell($0.value) }
        }
        if !data.dimensions.isEmpty || data.result.lines.isEmpty {
            rows.append((data.dimensions.isEmpty ? [] : [ExportCell.text(labels["total"])] + Array(repeating: .empty, count: data.dimensions.count - 1))
                + data.result.totals.map { cell($0.value) })
        }
        return ExportTable(name: title, columns: columns, rows: rows)
    }

    static func cell(_ value: RowValue) -> ExportCell {
        switch value {
        case .null: .empty
        case let .bool(b): .bool(b)
        case let .int(i): .integer(i)
        case let .double(d): .number(d)
        case .decimal: value.numericValue.map { .number($0) } ?? .empty
        case let .string(s): .text(s)
        case let .date(d): .date(d)
        case let .timestamp(t): .timestamp(t)
        }
    }

    static func file(_ table: ExportTable, format: Format) throws(ServerError) -> Data {
        do {
            switch format {
            case .csv: return try CSVWriter.standard.data(table)
            case .xlsx: return try XLSXWriter().data([table])
            }
        } catch { throw ServerError(.badRequest, "cannot export: \(error)") }
    }
}
