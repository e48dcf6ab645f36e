// Tests of the XLSX reader: openpyxl as the oracle for whole workbooks
// (Tests/Oracles/make_xlsx.py), hand-written parts for what openpyxl does not
// write, tables with headers, and damaged files that must fail cleanly.

import Foundation
import Parquet
import Testing
@testable import VigieLake
import VigieTestSupport

/// A cell in the canonical forms make_xlsx.py prints.
private func canonical(_ cell: XLSXCell) -> (kind: String, value: String) {
    switch cell {
    case .empty: return ("empty", "")
    case let .text(s): return ("text", s)
    case let .number(v): return ("number", "\(v)")
    case let .bool(b): return ("bool", b ? "true" : "false")
    case let .date(d): return ("date", CivilDate.dateText(days: Int64(d)))
    case let .timestamp(us): return ("timestamp", CivilDate.timestampText(us, unit: .micros, utc: false))
    case let .time(us):
        return ("time", String(CivilDate.timestampText(us, unit: .micros, utc: false).dropFirst("1970-01-01T".count)))
    case let .error(e): return ("error", e)
    }
}

/// Whether Vigie's cell is openpyxl's: numbers bit for bit; a date equal to openpyxl's
/// midnight datetime (openpyxl has no date-only type for serial dates).
private func same(_ cell: XLSXCell, kind: String, value: Any) -> Bool {
    let ours = canonical(cell)
    switch (kind, value) {
    case let ("number", text as String):
        guard case let .number(v) = cell, let expected = Double(text) else { return false }
        return v.bitPattern == expected.bitPattern || (v == 0 && expected == 0 && v.sign == expected.sign)
    case let ("bool", flag as Bool):
        return cell == .bool(flag)
    case let ("timestamp", text as String) where ours.kind == "date":
        return text == ours.value + "T00:00:00.000000"
    case let (_, text as String):
        return ours.kind == kind && ours.value == text
    default:
        return false
    }
}

/// Reads everything a pipeline would read; any failure must be a LakeError naming the file.
private func readAll(_ data: Data, name: String) -> Bool {
    do {
        let workbook = try XLSXWorkbook(data: data, name: name)
        for index in workbook.sheetNames.indices {
            let sheet = try workbook.sheet(at: index)
            try sheet.forEachRow { _ in }
            _ = try? XLSXTable(sheet: sheet).rows()
        }
        return true
    } catch let error as LakeError {
        #expect(error.context.first == name, "\(error)")
        return false
    } catch {
        Issue.record("\(name): not a LakeError: \(error)")
        return false
    }
}

/// `parts` with 1 to 3 bytes changed, removed or inserted in one of them, chosen by `generator`.
private func mutated(_ parts: [(String, Data)], using generator: inout SeededGenerator) -> [(String, Data)] {
    let alphabet = Array("<>/=\"'&;:# abcrstvx01AZ-._\u{0}\u{FF}é".utf8)
    var result = parts
    let target = Int.random(in: 0..<result.count, using: &generator)
    var bytes = [UInt8](result[target].1)
    guard !bytes.isEmpty else { return result }
    for _ in 0..<Int.random(in: 1...3, using: &generator) {
        let at = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: bytes[at] = alphabet.randomElement(using: &generator)!
        case 1: bytes.remove(at: at)
        default: bytes.insert(alphabet.randomElement(using: &generator)!, at: at)
        }
    }
    result[target].1 = Data(bytes)
    return result
}

@Suite("XLSX against openpyxl")
struct XLSXOracleTests {
    @Test("openpyxl oracle: every cell of every sheet, 1900, 1904 and ISO dates", .enabled(if: Oracle.isAvailable))
    func everyCellAsOpenpyxlReadsIt() throws {
        let folder = try XLSXTemporaryFolder()
        defer { folder.remove() }
        let expected = try XLSXOracle.makeWorkbooks(in: folder.path)
        let workbooks = try #require(expected["workbooks"] as? [[String: Any]])
        #expect(workbooks.count == 3)
        var compared = 0
        for book in workbooks {
            let file = try #require(book["file"] as? String)
            let workbook = try XLSXWorkbook(path: folder.path + "/" + file)
            let sheets = try #require(book["sheets"] as? [[String: Any]])
            #expect(workbook.sheetNames == sheets.map { $0["name"] as? String ?? "" }, "\(file)")
            #expect(workbook.uses1904Dates == (book["date1904"] as? Bool), "\(file)")
            for (index, entry) in sheets.enumerated() {
                let sheet = try workbook.sheet(at: index)
                let state = entry["state"] as? String
                #expect((sheet.visibility == .hidden) == (state == "hidden"), "\(file) \(sheet.name)")
                var ours: [XLSXCellReference: XLSXCell] = [:]
                var lastRow = 0
                try sheet.forEachRow { row in
                    #expect(row.number > lastRow, "\(file) \(sheet.name): rows in order")
                    lastRow = row.number
                    for (i, cell) in row.cells.enumerated() where !cell.isEmpty {
                        ours[XLSXCellReference(row: row.number, column: i + 1)] = cell
                    }
                }
                let cells = try #require(entry["cells"] as? [[Any]])
                var theirs: Set<XLSXCellReference> = []
                for item in cells {
                    let reference = XLSXCellReference(row: item[0] as? Int ?? 0, column: item[1] as? Int ?? 0)
                    let kind = item[2] as? String ?? ""
                    let formatHasTime = item[4] as? Bool ?? false
                    theirs.insert(reference)
                    let cell = ours[reference] ?? .empty
                    #expect(same(cell, kind: kind, value: item[3]),
                            "\(file), sheet \(sheet.name), cell \(reference): Vigie \(cell), openpyxl \(kind) \(item[3])")
                    if kind == "timestamp", !formatHasTime, (item[3] as? String)?.hasSuffix("T00:00:00.000000") == true,
                       case .timestamp = cell {
                        Issue.record("\(file), sheet \(sheet.name), cell \(reference): a date-only format gave a timestamp at midnight")
                    }
                    compared += 1
                }
                let extra = Set(ours.keys).subtracting(theirs)
                #expect(extra.isEmpty, "\(file), sheet \(sheet.name): Vigie has values openpyxl does not: \(extra.map { "\($0)=\(ours[$0]!)" })")
            }
        }
        #expect(compared > 100)
    }

    @Test("openpyxl oracle: the budget sheet as a table with its header on row 3", .enabled(if: Oracle.isAvailable))
    func budgetTable() throws {
        let folder = try XLSXTemporaryFolder()
        defer { folder.remove() }
        _ = try XLSXOracle.makeWorkbooks(in: folder.path)
        let path = folder.path + "/budget.xlsx"
        let workbook = try XLSXWorkbook(path: path)
        let table = try XLSXTable(sheet: workbook.sheet(named: "Budget 2025"), headerRow: 3)
        #expect(table.columns == ["Structure", "Compte", "Libellé", "Montant HT", "column 5", "Montant", "montant 2",
                                  "Date de saisie", "Validé le", "Validé", "Total"])
        let rows = try table.rows()
        #expect(rows.map(\.number) == [4, 5, 6, 9, 10, 11, 12])
        let first = try #require(rows.first)
        #expect(first.cells.count == 11)
        #expect(table.cell(first, column: "compte") == .number(641_100))
        #expect(table.cell(first, column: "Date de saisie") == .date(Int32(CivilDate.days(year: 2025, month: 1, day: 31))))
        #expect(table.cell(first, column: "Validé le") == .timestamp((CivilDate.days(year: 2025, month: 2, day: 3) * 86_400 + 8 * 3600 + 30 * 60 + 15) * 1_000_000))
        #expect(first.rawText == "S03\t641100\tSalaires et appointements\t12345.67\t\t-250.5\t0.1\t2025-01-31\t2025-02-03T08:30:15\tTRUE\t12095.17")
        let row10 = try #require(rows.first { $0.number == 10 })
        #expect(row10.cellsBeyondHeader.count == 27 - 11)
        #expect(row10.cellsBeyondHeader.last == .text("au-delà de l'en-tête"))
        let row12 = try #require(rows.last)
        #expect(row12.cells.allSatisfy { $0.isEmpty })
        #expect(row12.cellsBeyondHeader.count == 16_384 - 11)
        #expect(table.place(row: 14, column: 5) == "\(path), sheet Budget 2025, row 14, column Montant (F14)")

        let titled = try XLSXTable(sheet: workbook.sheet(named: "Budget 2025"))
        #expect(titled.headerRow == 1)
        #expect(titled.columns == ["Budget 2025 — Structure Hauts-de-France"])

        #expect(throws: LakeError.self) { try XLSXTable(sheet: workbook.sheet(named: "Vide")) }
        #expect(throws: LakeError.self) { try XLSXTable(sheet: workbook.sheet(named: "Budget 2025"), headerRow: 7) }
    }
}

extension XLSXOracleTests {
    @Test("openpyxl oracle: random mutations of openpyxl's workbook fail cleanly or read", .enabled(if: Oracle.isAvailable))
    func mutationsOfARealWorkbook() throws {
        let folder = try XLSXTemporaryFolder()
        defer { folder.remove() }
        _ = try XLSXOracle.makeWorkbooks(in: folder.path)
        let original = try Data(contentsOf: URL(fileURLWithPath: folder.path + "/budget.xlsx"))
        let package = try XLSXWorkbook(data: original, name: "budget.xlsx").package
        let parts = try package.entries.values.sorted { $0.path < $1.path }.map { ($0.path, try package.read($0.path)) }
        var generator = SeededGenerator(seed: 1900)
        var read = 0
        for round in 0..<200 {
            var bytes = original
            let at = Int.random(in: 0..<bytes.count, using: &generator)
            bytes[at] = UInt8.random(in: 0...255, using: &generator)
            if readAll(bytes, name: "budget-byte-\(round).xlsx") { read += 1 }
            if readAll(try XLSXFixture.zip(mutated(parts, using: &generator)), name: "budget-xml-\(round).xlsx") { read += 1 }
        }
        #expect(read > 0 && read < 400)
    }
}

@Suite("XLSX cells, dates and formats")
struct XLSXCellTests {
    @Test(arguments: [("A1", 1, 1), ("c14", 14, 3), ("AA10", 10, 27), ("XFD1048576", 1_048_576, 16_384), ("AZ3", 3, 52)])
    func references(text: String, row: Int, column: Int) {
        #expect(XLSXCellReference(text) == XLSXCellReference(row: row, column: column))
        #expect(XLSXCellReference.columnName(column) == text.uppercased().filter(\.isLetter))
    }

    @Test(arguments: ["", "A", "1", "A0", "XFE1", "A1048577", "1A", "A1B", "ÀB1", "AAAA1", "A-1", "A 1"])
    func invalidReferences(text: String) {
        #expect(XLSXCellReference(text) == nil)
    }

    @Test func numberFormats() {
        let dates = ["dd/mm/yyyy", "d mmmm yyyy", "[$-40C]dddd d mmmm yyyy;@", "mmm-yy", "yyyy\\-mm\\-dd"]
        let times = ["h:mm", "dd/mm/yyyy hh:mm:ss", "h:mm AM/PM", "mm:ss.0"]
        let numbers = ["General", "0.00", "#,##0.00 \"€\";[Red]-#,##0.00 \"€\"", "0.00\" d\"", "0%", "@", "_-* #,##0 _€_-", "\\d0"]
        for code in dates { #expect(XLSXNumberKind(formatCode: code) == .date(hasTime: false), "\(code)") }
        for code in times { #expect(XLSXNumberKind(formatCode: code) == .date(hasTime: true), "\(code)") }
        for code in numbers { #expect(XLSXNumberKind(formatCode: code) == .number, "\(code)") }
        for code in ["[h]:mm:ss", "[mm]:ss", "[HH]:mm"] { #expect(XLSXNumberKind(formatCode: code) == .duration, "\(code)") }
        for id in [14, 15, 16, 17] { #expect(XLSXNumberKind.builtIn(id) == .date(hasTime: false)) }
        for id in [18, 19, 20, 21, 22, 45, 47] { #expect(XLSXNumberKind.builtIn(id) == .date(hasTime: true)) }
        for id in [0, 1, 2, 9, 13, 23, 44, 48, 49, 164] { #expect(XLSXNumberKind.builtIn(id) == .number) }
        #expect(XLSXNumberKind.builtIn(46) == .duration)
    }

    private func day(_ y: Int64, _ m: Int, _ d: Int) -> Int32 { Int32(CivilDate.days(year: y, month: m, day: d)) }

    @Test func serialDates1900() {
        let s = XLSXDateSystem.windows1900
        #expect(s.cell(serial: 1, hasTime: false) == .date(day(1900, 1, 1)))
        #expect(s.cell(serial: 59, hasTime: false) == .date(day(1900, 2, 28)))
        // Serial 60 is Lotus's fictitious 1900-02-29; like openpyxl, Vigie reads it as 1900-02-28.
        #expect(s.cell(serial: 60, hasTime: false) == .date(day(1900, 2, 28)))
        #expect(s.cell(serial: 61, hasTime: false) == .date(day(1900, 3, 1)))
        #expect(s.cell(serial: 45_672, hasTime: false) == .date(day(2025, 1, 15)))
        #expect(s.cell(serial: 45_672.5, hasTime: false) == .timestamp((Int64(day(2025, 1, 15)) * 86_400 + 43_200) * 1_000_000))
        #expect(s.cell(serial: 45_672, hasTime: true) == .timestamp(Int64(day(2025, 1, 15)) * 86_400 * 1_000_000))
        #expect(s.cell(serial: 0.75, hasTime: true) == .time(18 * 3_600_000_000))
        #expect(s.cell(serial: 0, hasTime: false) == .time(0))
        #expect(s.cell(serial: 2_958_465, hasTime: false) == .date(day(9999, 12, 31)))
        #expect(s.cell(serial: 2_958_466, hasTime: false) == nil)
        #expect(s.cell(serial: .infinity, hasTime: false) == nil)
    }

    @Test func serialDates1904() {
        let s = XLSXDateSystem.mac1904
        #expect(s.cell(serial: 1, hasTime: false) == .date(day(1904, 1, 2)))
        #expect(s.cell(serial: 59, hasTime: false) == .date(day(1904, 2, 29)))
        #expect(s.cell(serial: 44_210, hasTime: false) == .date(day(2025, 1, 15)))
    }

    @Test func cellText() {
        #expect(XLSXCell.number(2025).text == "2025")
        #expect(XLSXCell.number(-0.0).text == "0")
        #expect(XLSXCell.number(1234.5).text == "1234.5")
        #expect(XLSXCell.number(1e20).text == "1e+20")
        #expect(XLSXCell.number(123456789012).text == "123456789012")
        #expect(XLSXCell.bool(false).text == "FALSE")
        #expect(XLSXCell.date(day(2025, 1, 31)).text == "2025-01-31")
        #expect(XLSXCell.timestamp(Int64(day(1960, 7, 14)) * 86_400_000_000 + 30_600_123_000).text == "1960-07-14T08:30:00.123")
        #expect(XLSXCell.time(30_600_000_001).text == "08:30:00.000001")
        #expect(XLSXCell.error("#N/A").text == "#N/A")
    }

    @Test func escapes() {
        #expect(XLSXStringItemReader.unescaped("a_x000D__x000A_b") == "a\r\nb")
        #expect(XLSXStringItemReader.unescaped("_x005F_x0041_") == "_x0041_")
        #expect(XLSXStringItemReader.unescaped("_xD800_ _x12_") == "_xD800_ _x12_")
    }

    @Test func columnNames() {
        let names = XLSXTable.columnNames([.text(" Montant "), .empty, .text("montant"), .text("column 2"), .number(2025),
                                           .text("Montant 2"), .date(Int32(CivilDate.days(year: 2025, month: 1, day: 1)))])
        #expect(names == ["Montant", "column 2", "montant 2", "column 2 2", "2025", "Montant 2 2", "2025-01-01"])
    }
}

@Suite("XLSX parts written by hand")
struct XLSXHandWrittenTests {
    @Test func cellTypesAndPlacement() throws {
        let strings = [
            "<si><t>Structure</t></si>",
            "<si><r><t xml:space=\"preserve\">Mont</t></r><r><rPr><b/></rPr><t>ant</t></r><rPh sb=\"0\" eb=\"1\"><t>モ</t></rPh></si>",
            "<si><t>ligne_x000D__x000A_suivante</t></si>",
            "<si/>",
        ]
        let workbook = try XLSXFixture.workbook("""
            <row r="2"><c r="B2" t="s"><v>0</v></c><c r="D2" t="s"><v>1</v></c></row>
            <row><c t="inlineStr"><is><t>premier</t></is></c><c t="inlineStr"><is><r><t>en</t></r><r><t xml:space="preserve"> deux </t></r></is></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c></row>
            <row r="5"><c r="A5" t="str"><f>A3&amp;"!"</f><v>premier!</v></c><c r="B5" t="e"><v>#REF!</v></c><c r="C5" t="b"><v>0</v></c><c r="D5"><f>1/0</f></c><c r="E5" s="1"><v>45672.25</v></c><c r="F5" s="2"><v>1.5</v></c><c r="G5" s="3"><v>61</v></c><c r="H5" t="d"><v>2025-01-15T10:00:00Z</v></c><c r="I5" t="n"><v> 1.5E3 </v></c></row>
            <row r="7"><c r="A7" s="1"/><c r="B7" t="s"/></row>
            <row r="9"><c r="C9"><v><![CDATA[42]]></v></c></row>
            """, sharedStrings: strings, numFmts: [(164, "dd/mm/yyyy hh:mm"), (14, "yyyy")], cellXfs: [0, 164, 46, 14])
        #expect(workbook.sheetNames == ["Feuil1"])
        let rows = try workbook.sheet(at: 0).rows()
        #expect(rows.map(\.number) == [2, 3, 5, 7, 9])
        #expect(rows[0].cells == [.empty, .text("Structure"), .empty, .text("Montant")])
        #expect(rows[1].cells == [.text("premier"), .text("en deux "), .text("ligne\r\nsuivante")])
        let day = CivilDate.days(year: 2025, month: 1, day: 15)
        #expect(rows[2].cells == [.text("premier!"), .error("#REF!"), .bool(false), .empty,
                                  .timestamp((day * 86_400 + 6 * 3600) * 1_000_000), .number(1.5),
                                  .date(Int32(CivilDate.days(year: 1900, month: 3, day: 1))),
                                  .timestamp((day * 86_400 + 10 * 3600) * 1_000_000), .number(1500)])
        #expect(rows[3].cells.isEmpty && rows[3].isEmpty)
        #expect(rows[4][column: 3] == .number(42))
    }

    @Test func prefixedElementsAnd1904() throws {
        let parts = XLSXFixture.parts(sheets: [("Données", "")], cellXfs: [0, 14], date1904: true).map { part -> (String, Data) in
            guard part.0 == "xl/worksheets/sheet1.xml" else { return part }
            return (part.0, Data("""
                <x:worksheet xmlns:x="\(XLSXFixture.mainNS)"><x:sheetData><x:row x:r="1"><x:c r="A1" s="1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>
                """.utf8))
        }
        let workbook = try XLSXWorkbook(data: XLSXFixture.zip(parts), name: "mac.xlsx")
        #expect(workbook.uses1904Dates)
        let rows = try workbook.sheet(named: "données").rows()
        #expect(rows == [XLSXRow(number: 1, cells: [.date(Int32(CivilDate.days(year: 1904, month: 1, day: 2)))])])
    }

    @Test func callerErrorsComeOutUnchanged() throws {
        struct Mine: Error {}
        let workbook = try XLSXFixture.workbook("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v></c></row>")
        var seen = 0
        #expect(throws: Mine.self) {
            try workbook.sheet(at: 0).forEachRow { _ in
                seen += 1
                throw Mine()
            }
        }
        #expect(seen == 1)
    }
}

@Suite("XLSX damaged and wrong files")
struct XLSXFailureTests {
    /// The error `body` throws, which must be a LakeError.
    private func lakeError(_ body: () throws -> Void) -> LakeError? {
        do {
            try body()
            Issue.record("no error")
            return nil
        } catch let error as LakeError {
            return error
        } catch {
            Issue.record("not a LakeError: \(error)")
            return nil
        }
    }

    private func budget() throws -> Data {
        let strings = ["<si><t>Structure</t></si>", "<si><t>Montant</t></si>", "<si><t>Mois</t></si>", "<si><t>S03</t></si>"]
        var rows = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c></row>"
        for r in 2...40 {
            rows += "<row r=\"\(r)\"><c r=\"A\(r)\" t=\"s\"><v>3</v></c><c r=\"B\(r)\"><v>\(Double(r) * 101.25)</v></c><c r=\"C\(r)\" s=\"1\"><v>\(45_000 + r)</v></c></row>"
        }
        return try XLSXFixture.zip(XLSXFixture.parts(sheets: [("Budget", rows), ("Notes", "")], sharedStrings: strings, cellXfs: [0, 14]))
    }

    @Test func truncatedZip() throws {
        let data = try budget()
        for length in [0, 3, 100, data.count / 2, data.count - 10] {
            let error = lakeError { _ = try XLSXWorkbook(data: data.prefix(length), name: "budget.xlsx").sheet(at: 0).rows() }
            #expect(error?.context.first == "budget.xlsx", "\(length) bytes: \(String(describing: error))")
            #expect(error?.code == .corrupt, "\(length) bytes")
        }
    }

    @Test func notAWorkbook() throws {
        let text = lakeError { _ = try XLSXWorkbook(data: Data("Structure;Montant\nS03;12,5\n".utf8), name: "export.csv") }
        #expect(text?.description == "export.csv: not a zip archive, so not an .xlsx workbook")
        let xls = lakeError { _ = try XLSXWorkbook(data: Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), name: "old.xls") }
        #expect(xls?.description.contains("old binary Excel file (.xls)") == true)
        let zip = try XLSXFixture.zip([("readme.txt", Data("bonjour".utf8))])
        let plain = lakeError { _ = try XLSXWorkbook(data: zip, name: "archive.zip") }
        #expect(plain?.description == "archive.zip: a zip archive but not an Office document: it has no [Content_Types].xml")
        let word = try XLSXFixture.zip([("[Content_Types].xml", Data("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".utf8))])
        let docx = lakeError { _ = try XLSXWorkbook(data: word, name: "lettre.docx") }
        #expect(docx?.description == "lettre.docx: an Office package without a workbook part in [Content_Types].xml (it is a Word document)")
        let missing = lakeError { _ = try XLSXWorkbook(path: "/nonexistent/budget.xlsx") }
        #expect(missing?.code == .io)
        #expect(missing?.context == ["/nonexistent/budget.xlsx"])
    }

    @Test func missingSheet() throws {
        let workbook = try XLSXWorkbook(data: budget(), name: "budget.xlsx")
        let error = lakeError { _ = try workbook.sheet(named: "Budget 2024") }
        #expect(error?.code == .invalidArgument)
        #expect(error?.description == "budget.xlsx: no sheet named \"Budget 2024\"; the sheets are \"Budget\", \"Notes\"")
        #expect(lakeError { _ = try workbook.sheet(at: 2) }?.code == .invalidArgument)
    }

    @Test func badCellsNameTheirPlace() throws {
        let cases: [(String, String)] = [
            ("<row r=\"3\"><c r=\"B3\" t=\"s\"><v>9</v></c></row>", "bad.xlsx, sheet Feuil1, cell B3: shared string 9 does not exist (the workbook has 1)"),
            ("<row r=\"3\"><c r=\"C3\"><v>12,5</v></c></row>", "bad.xlsx, sheet Feuil1, cell C3: number cell holds \"12,5\", not a number"),
            ("<row r=\"3\"><c r=\"C3\" t=\"b\"><v>oui</v></c></row>", "bad.xlsx, sheet Feuil1, cell C3: boolean cell holds \"oui\", not 0 or 1"),
            ("<row r=\"3\"><c r=\"C3\" t=\"x\"><v>1</v></c></row>", "bad.xlsx, sheet Feuil1, cell C3: unknown cell type t=\"x\""),
            ("<row r=\"3\"><c r=\"C3\" s=\"5\"><v>1</v></c></row>", "bad.xlsx, sheet Feuil1, cell C3: style 5 does not exist (styles.xml defines 1)"),
            ("<row r=\"3\"><c r=\"3C\"><v>1</v></c></row>", "bad.xlsx, sheet Feuil1, row 3: cell reference \"3C\" is not an A1 reference within Excel's grid"),
            ("<row r=\"0\"></row>", "bad.xlsx, sheet Feuil1, after row 0: row number \"0\" is not between 1 and 1048576"),
            ("<row r=\"3\"><c r=\"C3\" t=\"d\"><v>2025-02-30</v></c></row>", "bad.xlsx, sheet Feuil1, cell C3: date cell holds \"2025-02-30\", not an ISO 8601 date"),
            ("<row r=\"3\"><c r=\"C3\"><v>1</v></c>", "bad.xlsx, sheet Feuil1: xl/worksheets/sheet1.xml is not well-formed XML (libxml2 error 76 at line 1, column 172)"),
        ]
        for (sheetData, message) in cases {
            let workbook = try XLSXFixture.workbook(sheetData, sharedStrings: ["<si><t>a</t></si>"], name: "bad.xlsx")
            let error = lakeError { _ = try workbook.sheet(at: 0).rows() }
            #expect(error?.description == message)
        }
    }

    @Test func partsOverTheLimit() throws {
        let data = try budget()
        let small = XLSXWorkbook.Limits(maximumFileSize: 1 << 20, maximumPartSize: 2000)
        let error = lakeError { _ = try XLSXWorkbook(data: data, name: "budget.xlsx", limits: small).sheet(at: 0).rows() }
        #expect(error?.code == .unsupported)
        #expect(error?.description.hasPrefix("budget.xlsx, sheet Budget: xl/worksheets/sheet1.xml is ") == true)
        let tiny = lakeError { _ = try XLSXWorkbook(data: data, name: "budget.xlsx", limits: .init(maximumFileSize: 100)) }
        #expect(tiny?.code == .unsupported)
    }

    @Test("random byte mutations of a valid workbook fail cleanly or read", arguments: [false, true])
    func byteMutations(stored: Bool) throws {
        let parts = XLSXFixture.parts(sheets: [("Budget", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>45672.5</v></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Écart</t></is></c><c r=\"B2\" t=\"b\"><v>1</v></c></row>")],
                                      sharedStrings: ["<si><t>Montant</t></si>"], cellXfs: [0, 22])
        let original = try XLSXFixture.zip(parts, stored: stored)
        #expect(readAll(original, name: "valid.xlsx"))
        var generator = SeededGenerator(seed: stored ? 7 : 11)
        var read = 0
        for round in 0..<300 {
            var data = original
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let at = Int.random(in: 0..<data.count, using: &generator)
                data[at] = UInt8.random(in: 0...255, using: &generator)
            }
            if readAll(data, name: "mutation-\(round).xlsx") { read += 1 }
        }
        #expect(read < 300)
    }

    @Test("random mutations of the XML parts, re-zipped, fail cleanly or read")
    func xmlMutations() throws {
        let parts = XLSXFixture.parts(sheets: [("Budget", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"1\"><v>45672.5</v></c><c r=\"C1\" t=\"e\"><v>#N/A</v></c></row><row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><r><t>É</t></r><r><t>cart</t></r></is></c><c r=\"AB2\" t=\"b\"><v>1</v></c><c r=\"AC2\" t=\"d\"><v>2025-01-15</v></c></row>")],
                                      sharedStrings: ["<si><t>Montant</t></si>"], numFmts: [(164, "dd/mm/yyyy")], cellXfs: [0, 164])
        var generator = SeededGenerator(seed: 2025)
        var read = 0
        for round in 0..<300 {
            let parts = mutated(parts, using: &generator)
            if readAll(try XLSXFixture.zip(parts), name: "xml-mutation-\(round).xlsx") { read += 1 }
        }
        #expect(read > 0 && read < 300)
    }
}

@Suite("XLSX streaming of big sheets")
struct XLSXStreamingTests {
    /// A sheet of `rows` rows (Structure, Compte, Montant, Date), several MiB of XML once inflated.
    private func bigWorkbook(rows: Int, stored: Bool = false) throws -> Data {
        var xml = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"s\"><v>2</v></c><c r=\"D1\" t=\"s\"><v>3</v></c></row>"
        for r in 2...(rows + 1) {
            xml += "<row r=\"\(r)\"><c r=\"A\(r)\" t=\"inlineStr\"><is><t>S\(r % 18)</t></is></c><c r=\"B\(r)\"><v>\(600_000 + r % 997)</v></c><c r=\"C\(r)\"><v>\(Double(r) * 0.25)</v></c><c r=\"D\(r)\" s=\"1\"><v>\(45_000 + r % 365)</v></c></row>"
        }
        let strings = ["Structure", "Compte", "Montant", "Date"].map { "<si><t>\($0)</t></si>" }
        return try XLSXFixture.zip(XLSXFixture.parts(sheets: [("Grand livre", xml)], sharedStrings: strings, cellXfs: [0, 14]), stored: stored)
    }

    @Test(arguments: [false, true])
    func everyRowOfABigSheet(stored: Bool) throws {
        let rows = 15_000
        let workbook = try XLSXWorkbook(data: bigWorkbook(rows: rows, stored: stored), name: "grand-livre.xlsx")
        let table = try XLSXTable(sheet: workbook.sheet(at: 0))
        #expect(table.columns == ["Structure", "Compte", "Montant", "Date"])
        var count = 0
        var total = 0.0
        var last = 0
        try table.forEachRow { row in
            count += 1
            #expect(row.number == last + 1 || last == 0)
            last = row.number
            if case let .number(v) = row.cells[2] { total += v }
        }
        #expect(count == rows)
        #expect(last == rows + 1)
        #expect(total == (2...(rows + 1)).reduce(0.0) { $0 + Double($1) * 0.25 })
    }

    @Test func stoppingEarlyEndsTheInflatingThread() throws {
        let workbook = try XLSXWorkbook(data: bigWorkbook(rows: 15_000), name: "grand-livre.xlsx")
        struct Enough: Error {}
        for _ in 0..<20 {
            #expect(throws: Enough.self) {
                try workbook.sheet(at: 0).forEachRow { row in if row.number == 3 { throw Enough() } }
            }
            _ = try XLSXTable(sheet: workbook.sheet(at: 0), headerRow: 2)
        }
    }

    @Test func damageDeepInABigSheetIsReported() throws {
        var data = try bigWorkbook(rows: 15_000)
        // Flip bytes in the middle of the sheet's compressed data, far past the first chunks.
        let workbook = try XLSXWorkbook(data: data, name: "grand-livre.xlsx")
        let entry = try #require(workbook.package.entries["xl/worksheets/sheet1.xml"])
        let middle = entry.localHeaderOffset + 30 + "xl/worksheets/sheet1.xml".utf8.count + entry.compressedSize * 3 / 4
        for i in 0..<8 { data[middle + i] ^= 0x5A }
        let damaged = try XLSXWorkbook(data: data, name: "grand-livre.xlsx")
        var seen = 0
        do {
            try damaged.sheet(at: 0).forEachRow { _ in seen += 1 }
            Issue.record("a damaged sheet was read whole")
        } catch let error as LakeError {
            #expect(error.code == .corrupt)
            #expect(error.description.hasPrefix("grand-livre.xlsx, sheet Grand livre"), "\(error)")
        }
        #expect(seen < 15_001)
    }
}

@Suite("XLSX workbooks")
struct XLSXWorkbookTests {
    @Test func chartSheetsAreListedButNotRead() throws {
        let parts = XLSXFixture.parts(sheets: [("Données", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"), ("Graphique", "")]).map { part -> (String, Data) in
            guard part.0 == "xl/_rels/workbook.xml.rels" else { return part }
            let text = String(decoding: part.1, as: UTF8.self)
                .replacingOccurrences(of: "relationships/worksheet\" Target=\"worksheets/sheet2.xml\"", with: "relationships/chartsheet\" Target=\"chartsheets/sheet1.xml\"")
            return (part.0, Data(text.utf8))
        }
        let workbook = try XLSXWorkbook(data: XLSXFixture.zip(parts), name: "rapport.xlsx")
        #expect(workbook.sheetNames == ["Données", "Graphique"])
        do {
            _ = try workbook.sheet(named: "Graphique")
            Issue.record("a chart sheet was opened")
        } catch let error as LakeError {
            #expect(error.description == "rapport.xlsx: sheet Graphique is a chart sheet, not a sheet of cells")
            #expect(error.code == .unsupported)
        }
        #expect(try workbook.sheet(at: 0).rows() == [XLSXRow(number: 1, cells: [.number(1)])])
    }

    @Test func sheetsReadConcurrently() async throws {
        let sheets = (1...6).map { n in
            (name: "Structure S0\(n)", sheetData: (1...2000).map { r in "<row r=\"\(r)\"><c r=\"A\(r)\"><v>\(n * r)</v></c></row>" }.joined())
        }
        let workbook = try XLSXWorkbook(data: XLSXFixture.zip(XLSXFixture.parts(sheets: sheets)), name: "structures.xlsx")
        let totals = try await withThrowingTaskGroup(of: (Int, Double).self) { group in
            for index in workbook.sheetNames.indices {
                group.addTask {
                    var total = 0.0
                    try workbook.sheet(at: index).forEachRow { row in
                        if case let .number(v) = row[column: 1] { total += v }
                    }
                    return (index, total)
                }
            }
            var totals: [Int: Double] = [:]
            for try await (index, total) in group { totals[index] = total }
            return totals
        }
        for n in 1...6 { #expect(totals[n - 1] == Double(n * 2000 * 2001 / 2)) }
    }
}
