// One worksheet part (xl/worksheets/sheetN.xml, ECMA-376 part 1, §18.3):
// the header row in bold, frozen below it (<pane state="frozen">), with an
// autofilter over the header and the rows, column widths estimated from
// the content, then one <c> per non-empty cell: `t="s"` with a shared
// string index, `t="b"` with 0 or 1, or a number (the default type) whose
// style gives its format. Elements keep the order the schema requires
// (dimension, sheetViews, sheetFormatPr, cols, sheetData, autoFilter).
//
// Dates are Excel serials in the 1900 system: days since 1899-12-30, from
// 1900-03-01 (serial 61) to 9999-12-31. Before 1900-03-01 Excel counts a
// 1900-02-29 that never was and LibreOffice does not, so the same serial is
// a different day in each: such days, and those Excel cannot hold, are
// written as ISO text (`1900-02-28`), which both show alike.

import Parquet

struct XLSXSheetWriter {
    let table: ExportTable
    let formats: [ExcelFormatCode?]

    init(table: ExportTable) {
        self.table = table
        formats = table.columns.map { $0.format.map(ExcelFormatCode.init) }
    }

    /// Column widths are estimated over this many rows: enough to see the data's shape, cheap on large exports.
    static let widthSampleRows = 1000

    /// The worksheet part; texts go to `strings`, number formats to `styles`.
    func part(selected: Bool, strings: inout XLSXSharedStrings, styles: inout XLSXStyles) -> String {
        let columnCount = table.columns.count
        let lastRow = table.rows.count + 1
        var widths = table.columns.map { Self.textWidth($0.name) + 3 }
        var xml = XLSXPart.declaration
            + "<worksheet xmlns=\"\(XLSXPart.mainNamespace)\" xmlns:r=\"\(XLSXPart.relationshipNamespace)\">"
        xml += "<dimension ref=\"A1" + (columnCount > 0 ? ":" + Self.reference(row: lastRow, column: columnCount) : "") + "\"/>"
        xml += "<sheetViews><sheetView workbookViewId=\"0\"" + (selected ? " tabSelected=\"1\"" : "") + ">"
        xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        xml += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
        xml += "<sheetFormatPr defaultRowHeight=\"15\"/>"

        var data = "<sheetData><row r=\"1\">"
        for (c, column) in table.columns.enumerated() {
            data += "<c r=\"\(Self.reference(row: 1, column: c + 1))\" s=\"\(XLSXStyles.header)\" t=\"s\"><v>\(strings.index(column.name))</v></c>"
        }
        data += "</row>"
        for (r, row) in table.rows.enumerated() {
            data += "<row r=\"\(r + 2)\">"
            for (c, cell) in row.enumerated() {
                guard let (attributes, value, width) = cellContent(cell, column: c, strings: &strings, styles: &styles) else { continue }
                data += "<c r=\"\(Self.reference(row: r + 2, column: c + 1))\"\(attributes)><v>\(value)</v></c>"
                if r < Self.widthSampleRows { widths[c] = max(widths[c], width) }
            }
            data += "</row>"
        }
        data += "</sheetData>"

        if columnCount > 0 {
            xml += "<cols>"
            for (c, width) in widths.enumerated() {
                let shown = Double(min(max(width + 2, 8), 60))
                xml += "<col min=\"\(c + 1)\" max=\"\(c + 1)\" width=\"\(shown)\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += data
        if columnCount > 0 { xml += "<autoFilter ref=\"\(filterRange)\"/>" }
        return xml + "</worksheet>"
    }

    /// The header and rows, as the autofilter and its defined name cover them.
    var filterRange: String {
        "A1:" + Self.reference(row: table.rows.count + 1, column: table.columns.count)
    }

    /// A cell's attributes (` s="…" t="…"`), its `<v>` text and its estimated width in characters; nil when it is empty.
    private func cellContent(_ cell: ExportCell, column: Int, strings: inout XLSXSharedStrings,
                             styles: inout XLSXStyles) -> (String, String, Int)? {
        let format = formats[column]
        let numberFormat = format.flatMap { $0.isDate ? nil : $0 }
        let dateFormat = format.flatMap { $0.isDate ? $0 : nil }
        func number(_ value: Double, _ style: ExcelFormatCode, _ text: String) -> (String, String, Int)? {
            guard value.isFinite else { return nil }
            let s = styles.style(style)
            return (s == 0 ? "" : " s=\"\(s)\"", text, Self.numberWidth(value, format: style))
        }
        switch cell {
        case .empty:
            return nil
        case let .text(text):
            return (" t=\"s\"", String(strings.index(text)), Self.textWidth(text))
        case let .bool(flag):
            return (" t=\"b\"", flag ? "1" : "0", 5)
        case let .number(value):
            return number(value, numberFormat ?? .general, "\(value)")
        case let .integer(value):
            return number(Double(value), numberFormat ?? .integer, "\(value)")
        case let .decimal(value, scale):
            return number(value, numberFormat ?? .decimal(scale: scale), "\(value)")
        case let .date(days):
            guard let serial = Self.serial(days: Int64(days)) else {
                return cellContent(.text(CivilDate.dateText(days: Int64(days))), column: column, strings: &strings, styles: &styles)
            }
            let style = dateFormat ?? .date
            return (" s=\"\(styles.style(style))\"", "\(serial)", style.code.count)
        case let .timestamp(microseconds):
            let day = microseconds.floorDiv(Self.microsecondsPerDay)
            guard let serial = Self.serial(days: day) else {
                let text = CivilDate.timestampText(microseconds, unit: .micros, utc: false)
                return cellContent(.text(text), column: column, strings: &strings, styles: &styles)
            }
            let fraction = Double(microseconds - day * Self.microsecondsPerDay) / Double(Self.microsecondsPerDay)
            let style = dateFormat ?? .timestamp
            return (" s=\"\(styles.style(style))\"", "\(Double(serial) + fraction)", style.code.count)
        }
    }

    static let microsecondsPerDay: Int64 = 86_400_000_000

    /// The 1900-system serial of a day counted from 1970-01-01, or nil outside 1900-03-01 … 9999-12-31.
    static func serial(days: Int64) -> Int64? {
        let serial = days + 25_569
        return (61...2_958_465).contains(serial) ? serial : nil
    }

    /// The widest line of `text`, in characters.
    static func textWidth(_ text: String) -> Int {
        text.split(whereSeparator: \.isNewline).map(\.count).max() ?? 0
    }

    /// About as many characters as Excel shows for `value` under `format`: the integer digits with their
    /// group separators, then the rest of the code (decimals, literals).
    static func numberWidth(_ value: Double, format: ExcelFormatCode) -> Int {
        let digits = value.magnitude < 1e15 ? String(Int64(value.magnitude.rounded())).count : 16
        let grouped = format.code.contains(",") ? digits + (digits - 1) / 3 : digits
        let rest = format.code.drop { $0 != "." }.count
        return grouped + rest + (value < 0 ? 1 : 0)
    }

    /// An A1 reference: the column in letters (A … Z, AA …), then the row.
    static func reference(row: Int, column: Int) -> String {
        var letters: [Character] = []
        var n = column
        while n > 0 {
            let digit = (n - 1) % 26
            letters.insert(Character(Unicode.Scalar(UInt8(65 + digit))), at: 0)
            n = (n - 1) / 26
        }
        return String(letters) + String(row)
    }
}
