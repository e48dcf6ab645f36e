// A sheet read as a table: one header row naming the columns, data rows
// below it. This is how finance workbooks arrive (a title and a blank line,
// then "Structure | Compte | Janvier | Février | …"), and what an ingest
// pipeline turns into typed columns, sending the rows it cannot read to
// rejects/ with their place ("sheet Budget 2025, row 14, column Montant").
//
// Column names: the header cells' text, trimmed, with line breaks and runs of
// white space inside made one space ("Montant\nHT" → "Montant HT"). An
// empty header cell is named after its position ("column 7"); a name already
// taken, compared ignoring case, gets a number ("amount 2", "amount 3").
// The table is as wide as the header's last non-empty cell.

import Foundation

/// A sheet seen as a table with a header row.
public struct XLSXTable: Sendable {
    /// A data row of the table.
    public struct Row: Sendable, Hashable {
        /// The Excel row number, from 1.
        public var number: Int
        /// One cell per column of the table, in order.
        public var cells: [XLSXCell]
        /// Values to the right of the header's last column (first is column `columns.count + 1`),
        /// up to the last non-empty one; usually none.
        public var cellsBeyondHeader: [XLSXCell]

        /// The row as text, for a reject: every cell's text, joined by tabs.
        public var rawText: String {
            (cells + cellsBeyondHeader).map(\.text).joined(separator: "\t")
        }
    }

    /// The sheet the table is read from.
    public let sheet: XLSXSheet
    /// The Excel number of the header row.
    public let headerRow: Int
    /// The column names, unique ignoring case, in sheet order.
    public let columns: [String]
    private let indexByName: [String: Int]

    /// Reads the sheet up to its header.
    ///
    /// - Parameter headerRow: the header's Excel row number (from 1); by default the first
    ///   row holding any value. Rows above the header (titles, notes) are not part of the table.
    public init(sheet: XLSXSheet, headerRow: Int? = nil) throws {
        self.sheet = sheet
        if let headerRow, !(1...XLSXCellReference.maximumRow).contains(headerRow) {
            throw LakeError(.invalidArgument, "header row \(headerRow) is not a row number (1 to \(XLSXCellReference.maximumRow))",
                            context: [sheet.workbook.name, "sheet \(sheet.name)"])
        }
        var header: XLSXRow?
        try sheet.scanRows { row in
            if let headerRow {
                if row.number == headerRow { header = row }
                return header == nil
            }
            if !row.isEmpty { header = row }
            return header == nil
        }
        guard let header, !header.isEmpty else {
            let what = headerRow.map { "row \($0), the header row, is empty" } ?? "the sheet is empty: no row to read column names from"
            throw LakeError(.invalidArgument, what, context: [sheet.workbook.name, "sheet \(sheet.name)"])
        }
        self.headerRow = header.number
        let width = header.cells.lastIndex { !$0.isEmpty }.map { $0 + 1 } ?? 0
        columns = Self.columnNames(Array(header.cells[..<width]))
        var index: [String: Int] = [:]
        for (i, name) in columns.enumerated() { index[name.lowercased()] = i }
        indexByName = index
    }

    /// Unique column names for the header cells (see the file's header comment).
    static func columnNames(_ cells: [XLSXCell]) -> [String] {
        var taken: Set<String> = []
        var names: [String] = []
        for (i, cell) in cells.enumerated() {
            let words = cell.text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
            var name = words.isEmpty ? "column \(i + 1)" : words.joined(separator: " ")
            if taken.contains(name.lowercased()) {
                var n = 2
                while taken.contains("\(name) \(n)".lowercased()) { n += 1 }
                name = "\(name) \(n)"
            }
            taken.insert(name.lowercased())
            names.append(name)
        }
        return names
    }

    /// The position of the column called `name` (ignoring case), from 0.
    public func columnIndex(named name: String) -> Int? {
        indexByName[name.lowercased()]
    }

    /// The cell of `row` in the column called `name`; nil when there is no such column.
    public func cell(_ row: Row, column name: String) -> XLSXCell? {
        columnIndex(named: name).map { row.cells[$0] }
    }

    /// Where a cell of the table is, for a reject or an error:
    /// "budget.xlsx, sheet Budget 2025, row 14, column Montant (C14)".
    /// `column` is a position in `columns` (from 0); beyond them the column is named by its letters.
    public func place(row: Int, column: Int) -> String {
        let reference = XLSXCellReference(row: row, column: column + 1)
        let name = columns.indices.contains(column) ? columns[column] : XLSXCellReference.columnName(column + 1)
        return "\(sheet.place), row \(row), column \(name) (\(reference))"
    }

    /// Calls `body` with each data row below the header, in sheet order, skipping rows without
    /// any value. The sheet is read again from its start, streaming: one row at a time.
    public func forEachRow(_ body: (Row) throws -> Void) throws {
        let width = columns.count
        let header = headerRow
        try sheet.scanRows { row in
            guard row.number > header, !row.isEmpty else { return true }
            var cells = row.cells
            var beyond: [XLSXCell] = []
            if cells.count > width {
                beyond = Array(cells[width...])
                cells.removeLast(cells.count - width)
            } else if cells.count < width {
                cells.append(contentsOf: repeatElement(.empty, count: width - cells.count))
            }
            try body(Row(number: row.number, cells: cells, cellsBeyondHeader: beyond))
            return true
        }
    }

    /// All data rows (memory grows with the sheet: prefer `forEachRow` for big ones).
    public func rows() throws -> [Row] {
        var rows: [Row] = []
        try forEachRow { rows.append($0) }
        return rows
    }
}
