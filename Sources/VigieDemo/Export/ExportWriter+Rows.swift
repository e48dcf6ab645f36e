// The lines around the data rows of an export: the header, the total line
// at the bottom, and the wrong rows the demo plants on purpose.

extension ExportWriter {
    /// The header line: column names in Windows-1252 (or UTF-8), quoted where needed.
    mutating func header(_ names: [String], windows1252: Bool = true) throws(DemoError) {
        for (k, name) in names.enumerated() {
            if k > 0 { separate() }
            bytes(ExportText.field(name, separator: separator, windows1252: windows1252))
        }
        try endRow()
    }

    /// The total line business software writes under the rows: `Total` in the first column, the sums of the
    /// amount columns (in units of their last decimal: cents unless `decimals` says otherwise, grouped by
    /// thousands) at their places, empty fields elsewhere.
    mutating func totalLine(columns: Int, sums: [Int: Int], decimals: [Int: Int] = [:]) throws(DemoError) {
        bytes(Array("Total".utf8))
        for column in 1..<columns {
            separate()
            if let sum = sums[column] { decimal(sum, decimals: decimals[column] ?? 2, grouped: true) }
        }
        try endRow()
    }

    /// Writes `row` (its fields, already encoded) as the next line and records it as a planted defect of `table`.
    mutating func plant(_ row: [[UInt8]], table: String, file: String, reason: String, description: String,
                        into defects: inout [PlantedDefect]) throws(DemoError) {
        defects.append(PlantedDefect(table: table, file: file, line: lines + 1, reason: reason, description: description))
        for (k, field) in row.enumerated() {
            if k > 0 { separate() }
            bytes(field)
        }
        try endRow()
    }
}
