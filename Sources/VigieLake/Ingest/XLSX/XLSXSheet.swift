// Reading one worksheet part (xl/worksheets/sheetN.xml, ECMA-376 part 1,
// §18.3) as a stream of rows.
//
// Only <sheetData> matters: <row r="14"> elements holding <c> cells.
// - A row's `r` is its Excel number; without it, the row after the previous.
// - A cell's `r` ("C14") places it in its column; without it, the column after
//   the previous cell. Columns never written are empty cells.
// - A cell's `t` says how to read its value: "s" an index into the shared
//   strings, "inlineStr" the text of its <is> (plain or rich runs), "b" 0/1,
//   "e" an error such as #DIV/0!, "str" a formula's string result, "d" an
//   ISO 8601 date, "n" or none a number, which the style `s` may make a date
//   (XLSXNumberFormat.swift).
// - Formulas (<f>) are not evaluated: the value is the result Excel cached in
//   <v>; a formula without one reads as empty.
// - Merged cells keep their value in the top-left cell; the others are empty.
// Everything else (column widths, merges, conditional formats…) is ignored.

import Foundation
import Parquet

/// One row of a sheet: its Excel number and its cells from column A.
public struct XLSXRow: Sendable, Hashable {
    /// The Excel row number, from 1.
    public var number: Int
    /// The cells from column A up to the last non-empty one; gaps are `.empty`.
    public var cells: [XLSXCell]

    public init(number: Int, cells: [XLSXCell]) {
        self.number = number
        self.cells = cells
    }

    /// The cell in `column` (1 = A), empty beyond the row's last value.
    public subscript(column column: Int) -> XLSXCell {
        column >= 1 && column <= cells.count ? cells[column - 1] : .empty
    }

    /// Whether no cell of the row holds a value.
    public var isEmpty: Bool { cells.allSatisfy(\.isEmpty) }
}

/// A worksheet of a workbook, read on demand.
public struct XLSXSheet: Sendable {
    /// The sheet's name, as on its tab.
    public var name: String { entry.name }
    /// The sheet's position in tab order, from 0.
    public let index: Int
    /// Whether the sheet is shown in Excel.
    public var visibility: XLSXWorkbook.Visibility { entry.visibility }
    /// The part holding the sheet's cells (e.g. xl/worksheets/sheet2.xml).
    public var part: String { entry.part }

    let workbook: XLSXWorkbook
    let entry: XLSXWorkbook.SheetEntry

    init(workbook: XLSXWorkbook, index: Int, entry: XLSXWorkbook.SheetEntry) {
        self.workbook = workbook
        self.index = index
        self.entry = entry
    }

    /// Where this sheet is, for messages: "budget.xlsx, sheet Budget 2025".
    public var place: String { "\(workbook.name), sheet \(name)" }

    /// Calls `body` with each row present in the sheet, in file order (normally by row number).
    /// Rows are read as the XML streams by; only one is held at a time.
    public func forEachRow(_ body: (XLSXRow) throws -> Void) throws {
        try scanRows { row in
            try body(row)
            return true
        }
    }

    /// All the sheet's rows (memory grows with the sheet: prefer `forEachRow` for big ones).
    public func rows() throws -> [XLSXRow] {
        var rows: [XLSXRow] = []
        try forEachRow { rows.append($0) }
        return rows
    }

    /// Calls `body` with each row until it returns false. Errors thrown by `body` come out unchanged.
    func scanRows(_ body: (XLSXRow) throws -> Bool) throws {
        do {
            try withoutActuallyEscaping(body) { body in
                let reader = XLSXWorksheetReader(sheet: self) { row in
                    do { return try body(row) } catch { throw CallerError(error: error) }
                }
                try XLSXXMLReader.parse(entry.part, of: workbook.package, into: reader)
            }
        } catch let error as CallerError {
            throw error.error
        } catch let error as LakeError {
            var error = error
            if error.context.first != workbook.name {
                error = error.within("sheet \(name)").within(workbook.name)
            }
            throw error
        }
    }
}

/// An error thrown by the caller's closure, carried through the parser untouched.
private struct CallerError: Error {
    var error: any Error
}

/// The SAX handler of a worksheet: builds one row at a time.
final class XLSXWorksheetReader: XLSXXMLHandler {
    private let sharedStrings: [String]
    private let styles: [XLSXNumberKind]
    private let dateSystem: XLSXDateSystem
    private let body: (XLSXRow) throws -> Bool
    private let sheetName: String
    private let workbookName: String

    private var inSheetData = false
    private var rowNumber = 0
    private var inRow = false
    private var cells: [XLSXCell] = []

    // The cell being read.
    private var inCell = false
    private var column = 0
    private var type = "n"
    private var style = 0
    private var value: String?
    private var inValue = false
    private var inInlineString = false
    private var inlineText: String?
    private let item = XLSXStringItemReader()

    init(sheet: XLSXSheet, body: @escaping (XLSXRow) throws -> Bool) {
        sharedStrings = sheet.workbook.parts.sharedStrings
        styles = sheet.workbook.parts.styles
        dateSystem = sheet.workbook.parts.dateSystem
        sheetName = sheet.name
        workbookName = sheet.workbook.name
        self.body = body
    }

    var wantsText: Bool { inValue || (inInlineString && item.wantsText) }

    func characters(_ text: String) {
        if inValue {
            if let previous = value, !previous.isEmpty { value = previous + text } else { value = text }
        } else {
            item.characters(text)
        }
    }

    /// An error about the current row or cell, with the file and sheet in its context.
    private func failure(_ message: String, cell: Bool = true) -> LakeError {
        let place = cell ? "cell \(XLSXCellReference(row: rowNumber, column: column))" : "row \(rowNumber)"
        return LakeError(.corrupt, message, context: [workbookName, "sheet \(sheetName)", place])
    }

    func start(_ name: Substring, _ attributes: [String: String]) throws {
        if inInlineString {
            item.start(name)
            return
        }
        switch name {
        case "sheetData":
            inSheetData = true
        case "row" where inSheetData:
            if let r = attributes["r"] {
                guard let n = Int(r), (1...XLSXCellReference.maximumRow).contains(n) else {
                    throw LakeError(.corrupt, "row number \"\(r)\" is not between 1 and \(XLSXCellReference.maximumRow)",
                                    context: [workbookName, "sheet \(sheetName)", "after row \(rowNumber)"])
                }
                rowNumber = n
            } else {
                guard rowNumber < XLSXCellReference.maximumRow else {
                    throw failure("a row after Excel's last row \(XLSXCellReference.maximumRow)", cell: false)
                }
                rowNumber += 1
            }
            inRow = true
            cells = []
            column = 0
        case "c" where inRow:
            if let r = attributes["r"] {
                guard let reference = XLSXCellReference(r) else {
                    throw failure("cell reference \"\(r)\" is not an A1 reference within Excel's grid", cell: false)
                }
                column = reference.column
            } else {
                guard column < XLSXCellReference.maximumColumn else {
                    throw failure("a cell after Excel's last column XFD", cell: false)
                }
                column += 1
            }
            type = attributes["t"] ?? "n"
            if let s = attributes["s"] {
                guard let index = Int(s), index >= 0, index < max(styles.count, 1) else {
                    throw failure("style \(s) does not exist (styles.xml defines \(styles.count))")
                }
                style = index
            } else {
                style = 0
            }
            inCell = true
            value = nil
            inlineText = nil
        case "v" where inCell:
            inValue = true
            value = value ?? ""
        case "is" where inCell:
            inInlineString = true
        default:
            break
        }
    }

    func end(_ name: Substring) throws {
        if inInlineString {
            if name == "is" {
                inInlineString = false
                inlineText = item.take()
            } else {
                item.end(name)
            }
            return
        }
        switch name {
        case "v" where inValue:
            inValue = false
        case "c" where inCell:
            inCell = false
            let cell = try makeCell()
            if cell != .empty {
                if cells.count < column { cells.append(contentsOf: repeatElement(.empty, count: column - cells.count)) }
                cells[column - 1] = cell
            }
        case "row" where inRow:
            inRow = false
            let row = XLSXRow(number: rowNumber, cells: cells)
            cells = []
            if try !body(row) { throw XLSXStopReading() }
        case "sheetData":
            inSheetData = false
        default:
            break
        }
    }

    private func makeCell() throws -> XLSXCell {
        switch type {
        case "inlineStr":
            guard let inlineText, !inlineText.isEmpty else { return .empty }
            return .text(inlineText)
        case "s":
            guard let value, !value.isEmpty else { return .empty }
            guard let index = Int(Self.trimmed(value)), sharedStrings.indices.contains(index) else {
                throw failure("shared string \(value) does not exist (the workbook has \(sharedStrings.count))")
            }
            let text = sharedStrings[index]
            return text.isEmpty ? .empty : .text(text)
        case "str":
            guard let value, !value.isEmpty else { return .empty }
            return .text(value)
        case "b":
            guard let value, !value.isEmpty else { return .empty }
            switch Self.trimmed(value) {
            case "1", "true": return .bool(true)
            case "0", "false": return .bool(false)
            default: throw failure("boolean cell holds \"\(value)\", not 0 or 1")
            }
        case "e":
            guard let value, !value.isEmpty else { return .empty }
            return .error(value)
        case "d":
            guard let value, !value.isEmpty else { return .empty }
            guard let cell = XLSXISODate.cell(value) else {
                throw failure("date cell holds \"\(value)\", not an ISO 8601 date")
            }
            return cell
        case "n":
            guard let value, !value.isEmpty else { return .empty }
            guard let number = Self.number(value) else {
                throw failure("number cell holds \"\(value)\", not a number")
            }
            switch style < styles.count ? styles[style] : .number {
            case let .date(hasTime):
                return dateSystem.cell(serial: number, hasTime: hasTime) ?? .number(number)
            case .number, .duration:
                return .number(number)
            }
        default:
            throw failure("unknown cell type t=\"\(type)\"")
        }
    }

    /// `text` without the XML white space (space, tab, CR, LF) around it.
    static func trimmed(_ text: String) -> Substring {
        let utf8 = text.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        guard let first = utf8.first, let last = utf8.last, isSpace(first) || isSpace(last) else { return text[...] }
        var start = utf8.startIndex
        var end = utf8.endIndex
        while start < end, isSpace(utf8[start]) { start = utf8.index(after: start) }
        while end > start, isSpace(utf8[utf8.index(before: end)]) { end = utf8.index(before: end) }
        return text[start..<end]
    }

    /// A number as OOXML writes it (xsd:double: digits, sign, point, exponent); nil otherwise.
    static func number(_ text: String) -> Double? {
        let trimmed = Self.trimmed(text)
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ byte in
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        }), let value = Double(trimmed), value.isFinite else { return nil }
        return value == 0 ? 0 : value  // "-0" reads as 0, as in Excel
    }
}

/// ISO 8601 values of `t="d"` cells (Strict OOXML and some writers): 2025-01-31,
/// 2025-01-31T08:30:00(.123)(Z), or a time alone, 08:30:00.
enum XLSXISODate {
    static func cell(_ text: String) -> XLSXCell? {
        var s = XLSXWorksheetReader.trimmed(text)
        if s.hasSuffix("Z") { s = s.dropLast() }
        let parts = s.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        if parts.count == 1 {
            if let days = date(parts[0]) { return .date(Int32(days)) }
            return time(parts[0]).map { .time($0) }
        }
        guard let days = date(parts[0]), let us = time(parts[1]) else { return nil }
        return .timestamp(days * XLSXCell.microsecondsPerDay + us)
    }

    private static func date(_ s: Substring) -> Int64? {
        let f = s.split(separator: "-", omittingEmptySubsequences: false)
        guard f.count == 3, f[0].count == 4, f[1].count == 2, f[2].count == 2,
              let y = Int64(f[0]), let m = Int(f[1]), let d = Int(f[2]),
              y >= 1, (1...12).contains(m), (1...31).contains(d) else { return nil }
        let days = CivilDate.days(year: y, month: m, day: d)
        // Reject 2025-02-30 and the like: the day must survive a round trip.
        guard CivilDate.fromDays(days) == (y, m, d) else { return nil }
        return days
    }

    private static func time(_ s: Substring) -> Int64? {
        let f = s.split(separator: ":", omittingEmptySubsequences: false)
        guard f.count == 2 || f.count == 3, f[0].count == 2, f[1].count == 2,
              let h = Int64(f[0]), let m = Int64(f[1]), h < 24, m < 60 else { return nil }
        var us = (h * 3600 + m * 60) * 1_000_000
        if f.count == 3 {
            let sec = f[2].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            guard sec[0].count == 2, let whole = Int64(sec[0]), whole < 60 else { return nil }
            us += whole * 1_000_000
            if sec.count == 2 {
                let digits = sec[1].prefix(6)
                guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let fraction = Int64(digits) else { return nil }
                var scaled = fraction
                for _ in digits.count..<6 { scaled *= 10 }
                us += scaled
            }
        }
        return us
    }
}
