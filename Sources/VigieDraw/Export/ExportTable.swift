// The one table model every export writer takes (XLSX, CSV): named columns,
// each with an optional number format, and rows of typed cells. The server
// turns a query result into it; the writers never see the engine's types.
//
// Dates and timestamps are wall-clock values without a time zone, counted
// from 1970-01-01 as everywhere else in Vigie (the lake, XLSX ingest).

/// One value of an exported table.
public enum ExportCell: Sendable, Hashable {
    /// No value (a null).
    case empty
    /// Text, written as text even when it looks like a number or a formula.
    case text(String)
    /// A floating-point number; NaN and infinities are written as empty cells.
    case number(Double)
    /// An integer (Excel keeps 15 significant digits of larger ones).
    case integer(Int64)
    /// A decimal already converted to a Double, with its scale: without a column format it is shown
    /// with exactly `scale` decimals.
    case decimal(Double, scale: Int)
    /// A date: days since 1970-01-01.
    case date(Int32)
    /// A date and time of day: microseconds since 1970-01-01T00:00:00 (wall clock).
    case timestamp(Int64)
    /// TRUE or FALSE.
    case bool(Bool)
}

/// One column of an exported table.
public struct ExportColumn: Sendable, Hashable {
    /// The header text.
    public var name: String
    /// How the column's numbers, dates and timestamps are shown: a Vigie pattern (`# ##0,00 €`, `DD/MM/YYYY`)
    /// or an Excel format code (`#,##0.00 "€"`, `0.0%`, `dd/mm/yyyy`); nil for the default of each cell's type.
    public var format: String?

    public init(_ name: String, format: String? = nil) {
        self.name = name
        self.format = format
    }
}

/// A table to export: a sheet of a workbook, or a CSV file.
public struct ExportTable: Sendable, Hashable {
    /// The sheet's name (made valid for Excel by the XLSX writer); CSV ignores it.
    public var name: String
    public var columns: [ExportColumn]
    /// Rows of cells in column order; a row shorter than the columns is padded with empty cells.
    public var rows: [[ExportCell]]

    public init(name: String, columns: [ExportColumn], rows: [[ExportCell]]) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }

    /// Refuses a row with more cells than columns, naming the table and the row: those cells would have no header.
    func checkRows() throws {
        if let index = rows.firstIndex(where: { $0.count > columns.count }) {
            throw DrawError(.invalidData, "table \(name): row \(index + 1) has \(rows[index].count) cells for \(columns.count) columns")
        }
    }
}
