// Tests of the XLSX writer: openpyxl (oracle) and Vigie's own XLSX reader
// (VigieLake) read the written workbooks back, cell by cell, with their
// types, number formats, sheet names, header style, frozen pane and filter.

import Foundation
import Parquet
import Testing
@testable import VigieDraw
import VigieLake
import VigieTestSupport

/// A cell as the oracle script below prints it: Python's type name and the value's text.
private func expectedByOpenpyxl(_ cell: ExportCell) -> (type: String, value: String)? {
    switch cell {
    case .empty: return nil
    case let .text(s): return ("str", XLSXSamples.readBack(s))
    case let .number(v), let .decimal(v, _): return v.isFinite ? ("float", "\(v)") : nil
    case let .integer(v): return ("int", "\(v)")
    case let .bool(b): return ("bool", b ? "True" : "False")
    case let .date(d):
        guard XLSXSheetWriter.serial(days: Int64(d)) != nil else { return ("str", CivilDate.dateText(days: Int64(d))) }
        return ("datetime", CivilDate.dateText(days: Int64(d)) + "T00:00:00.000000")
    case let .timestamp(us):
        return ("datetime", CivilDate.timestampText(us, unit: .micros, utc: false))
    }
}

/// A cell as Vigie's XLSX reader must read it.
private func expectedByVigie(_ cell: ExportCell) -> XLSXCell {
    switch cell {
    case .empty: return .empty
    case let .text(s): return .text(XLSXSamples.readBack(s))
    case let .number(v), let .decimal(v, _): return v.isFinite ? .number(v) : .empty
    case let .integer(v): return .number(Double(v))
    case let .bool(b): return .bool(b)
    case let .date(d):
        guard XLSXSheetWriter.serial(days: Int64(d)) != nil else { return .text(CivilDate.dateText(days: Int64(d))) }
        return .date(d)
    case let .timestamp(us): return .timestamp(us)
    }
}

private let openpyxlDump = """
import datetime, json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
sheets = []
for ws in wb.worksheets:
    cells = []
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if v is None:
                continue
            if isinstance(v, datetime.datetime):
                text = v.isoformat(timespec="microseconds")
            elif isinstance(v, float):
                text = repr(v)
            else:
                text = v if isinstance(v, str) else str(v)
            cells.append([c.row, c.column, type(v).__name__, text, c.number_format, bool(c.font.b), c.data_type])
    widths = [ws.column_dimensions[k].width for k in sorted(ws.column_dimensions, key=lambda k: (len(k), k))]
    sheets.append({"name": ws.title, "freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "cells": cells, "widths": widths})
json.dump(sheets, sys.stdout, ensure_ascii=False)
"""

/// The Excel code each sample column's numbers or dates must carry.
private func expectedFormat(_ column: ExportColumn, _ cell: ExportCell) -> String {
    let format = column.format.map(ExcelFormatCode.init)
    switch cell {
    case .date: return format.flatMap { $0.isDate ? $0.code : nil } ?? "dd/mm/yyyy"
    case .timestamp: return format.flatMap { $0.isDate ? $0.code : nil } ?? "dd/mm/yyyy hh:mm:ss"
    case .integer: return format.flatMap { $0.isDate ? nil : $0.code } ?? "0"
    case let .decimal(_, scale): return format.flatMap { $0.isDate ? nil : $0.code } ?? ExcelFormatCode.decimal(scale: scale).code
    case .number: return format.flatMap { $0.isDate ? nil : $0.code } ?? "General"
    default: return "General"
    }
}

@Suite("XLSX writer")
struct XLSXWriterTests {
    private func written() throws -> (URL, Data) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-draw-\(UUID().uuidString).xlsx")
        try XLSXWriter(created: XLSXSamples.created).write(XLSXSamples.tables, to: url)
        return (url, try Data(contentsOf: url))
    }

    @Test("openpyxl oracle: values, types, number formats, sheet names, header, pane and filter", .enabled(if: Oracle.isAvailable))
    func openpyxlReadsItBack() throws {
        let (url, _) = try written()
        defer { try? FileManager.default.removeItem(at: url) }
        let output = try Oracle.run(code: openpyxlDump, [url.path])
        let sheets = try #require(try JSONSerialization.jsonObject(with: output) as? [[String: Any]])
        #expect(sheets.map { $0["name"] as? String ?? "" } == XLSXSamples.sheetNames)
        for (table, sheet) in zip(XLSXSamples.tables, sheets) {
            let cells = try #require(sheet["cells"] as? [[Any]])
            var theirs: [String: [Any]] = [:]
            for cell in cells { theirs["\(cell[0] as? Int ?? 0),\(cell[1] as? Int ?? 0)"] = cell }
            var expectedCount = 0
            for (c, column) in table.columns.enumerated() {
                let header = try #require(theirs["1,\(c + 1)"], "\(table.name): header \(column.name)")
                #expect(header[3] as? String == column.name)
                #expect(header[5] as? Bool == true, "\(table.name): header \(column.name) is bold")
                expectedCount += 1
            }
            for (r, row) in table.rows.enumerated() {
                for (c, cell) in row.enumerated() {
                    guard let expected = expectedByOpenpyxl(cell) else {
                        #expect(theirs["\(r + 2),\(c + 1)"] == nil, "\(table.name) row \(r + 2) column \(c + 1) must be empty")
                        continue
                    }
                    expectedCount += 1
                    let place = "\(table.name) row \(r + 2) column \(c + 1)"
                    let item = try #require(theirs["\(r + 2),\(c + 1)"], "\(place): missing")
                    #expect(item[2] as? String == expected.type, "\(place): \(item[2]) for \(cell)")
                    if expected.type == "float" {
                        #expect(Double(item[3] as? String ?? "")?.bitPattern == Double(expected.value)?.bitPattern, "\(place): \(item[3])")
                    } else {
                        #expect(item[3] as? String == expected.value, "\(place): \(item[3]) for \(expected.value)")
                    }
                    if expected.type == "str" {
                        #expect(item[6] as? String == "s", "\(place): a text, never a formula")
                    } else {
                        #expect(item[4] as? String == expectedFormat(table.columns[c], cell), "\(place): format \(item[4])")
                    }
                }
            }
            #expect(cells.count == expectedCount, "\(table.name): openpyxl reads \(cells.count) cells")
            if !table.columns.isEmpty {
                #expect(sheet["freeze"] as? String == "A2", "\(table.name)")
                let lastColumn = XLSXSheetWriter.reference(row: table.rows.count + 1, column: table.columns.count)
                #expect(sheet["filter"] as? String == "A1:" + lastColumn, "\(table.name)")
                let widths = try #require(sheet["widths"] as? [Double])
                #expect(widths.count == table.columns.count && widths.allSatisfy { (8...60).contains($0) }, "\(table.name): \(widths)")
            }
        }
    }

    @Test("LibreOffice Calc opens it: every sheet, each cell shown under its format", .enabled(if: Oracle.isAvailable && XLSXWriterTests.libreOffice != nil))
    func libreOfficeOpensIt() throws {
        let (url, _) = try written()
        defer { try? FileManager.default.removeItem(at: url) }
        let output = try Oracle.run("libreoffice_csv.py", [Self.libreOffice!, url.path])
        let sheets = try #require(try JSONSerialization.jsonObject(with: output) as? [[String: Any]])
        #expect(sheets.map { $0["name"] as? String ?? "" } == XLSXSamples.sheetNames)
        let shown = sheets.map { ($0["rows"] as? [[String]]) ?? [] }
        try #require(shown.count == 4)
        // As an English (United States) Calc shows the first sheet: each number and date under its column's format.
        #expect(shown[0] == [
            ["Structure", "Montant", "Part", "Patients", "Jour", "Saisie", "Validé", "Brut", "Budget", "Échéance"],
            ["S03", "12,345.67 €", "12.5%", "1234", "31/01/2025", "03/02/2025 08:30:15", "TRUE", "0.0000001", "98,765.43 €", "1900-01-01"],
            ["S07", "-1,234.50 €", "", "123456789012", "1900-02-28", "02/03/1900 00:00:00", "FALSE", "1E+020", "-0.50 €", "31/12/9999"],
            ["S11", "", "", "-7", "1899-12-31", "31/12/1969 12:00:00", "", "0", "3.00 €", "29/02/2024"],
            ["S12", "", "", "", "", "", "", "", "", ""],
        ])
        // Texts as written, but for the characters XML forbids and Calc's line breaks (a carriage return is one).
        let texts = XLSXSamples.nastyTexts.map {
            XLSXSamples.readBack($0).replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        }
        #expect(shown[1] == [["Texte"]] + texts.map { [$0] })
        #expect(shown[2] == [["Décimale"], ["1.500"], ["2.000"]])
        #expect(shown[3].allSatisfy { $0.isEmpty })
    }

    /// LibreOffice's soffice, installed by scripts/test (scripts/desktop-setup); nil (with a warning saying why) otherwise.
    static var libreOffice: String? {
        let environment = ProcessInfo.processInfo.environment
        if let soffice = environment["VIGIE_LIBREOFFICE"], !soffice.isEmpty { return soffice }
        let reason = environment["VIGIE_LIBREOFFICE_UNAVAILABLE"] ?? "run them through scripts/test, which installs libreoffice-calc (VIGIE_LIBREOFFICE is not set)"
        FileHandle.standardError.write(Data("WARNING: LibreOffice tests skipped: \(reason)\n".utf8))
        return nil
    }

    @Test("Vigie's XLSX reader reads every cell back")
    func vigieReadsItBack() throws {
        let (url, data) = try written()
        defer { try? FileManager.default.removeItem(at: url) }
        let workbook = try XLSXWorkbook(data: data, name: "written.xlsx")
        #expect(workbook.sheetNames == XLSXSamples.sheetNames)
        #expect(!workbook.uses1904Dates)
        for (index, table) in XLSXSamples.tables.enumerated() {
            let rows = try workbook.sheet(at: index).rows()
            guard !table.columns.isEmpty else {
                #expect(rows.allSatisfy { $0.isEmpty })
                continue
            }
            #expect(rows.first?.cells == table.columns.map { .text($0.name) })
            for (r, row) in table.rows.enumerated() {
                let read = try #require(rows.first { $0.number == r + 2 }, "\(table.name) row \(r + 2)")
                for (c, cell) in row.enumerated() {
                    #expect(read[column: c + 1] == expectedByVigie(cell), "\(table.name) row \(r + 2) column \(c + 1): \(read[column: c + 1])")
                }
            }
        }
    }

    /// openpyxl is no oracle here: it deletes every `x005F_` from shared strings instead of decoding `_xHHHH_`.
    @Test("texts that look like _xHHHH_ escapes read back as written")
    func escapeLookalikes() throws {
        let texts = ["_x005F_", "_x000D_ and _x0041__x0042_", "__x0041_"]
        let table = ExportTable(name: "T", columns: [ExportColumn("t")], rows: texts.map { [.text($0)] })
        let workbook = try XLSXWorkbook(data: XLSXWriter().data([table]), name: "escapes.xlsx")
        #expect(try workbook.sheet(at: 0).rows().dropFirst().map { $0[column: 1] } == texts.map { .text($0) })
    }

    @Test("the same tables and date give the same bytes")
    func deterministic() throws {
        let writer = XLSXWriter(created: XLSXSamples.created)
        let first = try writer.data(XLSXSamples.tables)
        let second = try writer.data(XLSXSamples.tables)
        #expect(first == second)
    }

    @Test("a workbook without tables, or a row wider than its columns, is refused")
    func refusals() {
        #expect(throws: DrawError.self) { try XLSXWriter().data([]) }
        let wide = ExportTable(name: "T", columns: [ExportColumn("a")], rows: [[.integer(1), .integer(2)]])
        #expect { try XLSXWriter().data([wide]) } throws: { error in
            (error as? DrawError)?.code == .invalidData && "\(error)".contains("row 1 has 2 cells for 1 columns")
        }
    }
}

@Suite("XLSX pieces")
struct XLSXPieceTests {
    @Test(arguments: [
        ("# ##0,00 €", "#,##0.00\" €\"", false), ("#,##0.00 \"€\"", "#,##0.00 \"€\"", false), ("0.0%", "0.0%", false),
        ("#,##0", "#,##0", false), ("0,0", "0.0", false), ("# ##0", "#,##0", false), ("0 000,0 k€", "0,000.0\" k€\"", false),
        ("€ #.##0,00", "\"€ \"#,##0.00", false), ("0,00 %", "0.00\" \"%", false), ("#,##0.0;[Red]-#,##0.0", "#,##0.0;[Red]-#,##0.0", false),
        ("DD/MM/YYYY", "dd/mm/yyyy", true), ("dd/mm/yyyy", "dd/mm/yyyy", true), ("DD/MM/YYYY hh:mm:ss", "dd/mm/yyyy hh:mm:ss", true),
        ("WWW DD MMM YYYY", "ddd dd mmm yyyy", true), ("YYYY-MM-DD hh:mm:ss.fff", "yyyy-mm-dd hh:mm:ss.000", true),
        ("le DD/MM", "\"le\" dd/mm", true), ("MMM YYYY", "mmm yyyy", true), ("[$-40C]dddd d mmmm yyyy;@", "[$-40C]dddd d mmmm yyyy;@", true),
        ("General", "General", false), ("", "General", false),
    ])
    func formatCodes(pattern: String, code: String, isDate: Bool) {
        let format = ExcelFormatCode(pattern)
        #expect(format.code == code)
        #expect(format.isDate == isDate)
    }

    @Test func sheetNames() {
        #expect(XLSXSheetNames.sanitised(["a", "A", "a", "", "History", "'quoted'", String(repeating: "x", count: 40), String(repeating: "x", count: 35)])
            == ["a", "A (2)", "a (3)", "Sheet 4", "History 1", "quoted", String(repeating: "x", count: 31), String(repeating: "x", count: 27) + " (2)"])
        #expect(XLSXSheetNames.sanitised([String(repeating: "🦷", count: 20)]) == [String(repeating: "🦷", count: 15)])
    }

    @Test func serialDates() {
        // Before 1900-03-01 Excel and LibreOffice read a serial as different days: those are written as text.
        #expect(XLSXSheetWriter.serial(days: Int64(XLSXSamples.days(1900, 1, 1))) == nil)
        #expect(XLSXSheetWriter.serial(days: Int64(XLSXSamples.days(1900, 2, 28))) == nil)
        #expect(XLSXSheetWriter.serial(days: Int64(XLSXSamples.days(1900, 3, 1))) == 61)
        #expect(XLSXSheetWriter.serial(days: 0) == 25_569)
        #expect(XLSXSheetWriter.serial(days: Int64(XLSXSamples.days(1899, 12, 31))) == nil)
        #expect(XLSXSheetWriter.serial(days: Int64(XLSXSamples.days(9999, 12, 31))) == 2_958_465)
        #expect(XLSXSheetWriter.serial(days: Int64(XLSXSamples.days(10000, 1, 1))) == nil)
    }

    @Test func texts() {
        #expect(XLSXSharedStrings.cellText("a\u{0}b\u{B}c\u{FFFE}") == "abc")
        #expect(XLSXSharedStrings.cellText(String(repeating: "é", count: 40_000)).utf16.count == 32_767)
        #expect(XLSXSharedStrings.escapingEscapes("_x0041_ _xZZZZ_ _x00") == "_x005F_x0041_ _xZZZZ_ _x00")
        #expect(XMLText.escaped("<&>\"'\r\n\t", attribute: true) == "&lt;&amp;&gt;&quot;&apos;&#13;&#10;&#9;")
    }
}
