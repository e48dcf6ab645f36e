// Tests of the CSV writer: exact bytes for both dialects, quoting, and the
// defusing of texts a spreadsheet would run as formulas.

import Foundation
import Testing
@testable import VigieDraw

@Suite("CSV writer")
struct CSVWriterTests {
    static let table = ExportTable(name: "t", columns: [ExportColumn("Structure"), ExportColumn("Montant; HT"), ExportColumn("Jour")], rows: [
        [.text("S03"), .decimal(1234.5, scale: 2), .date(XLSXSamples.days(2025, 1, 31))],
        [.text("Dit \"bon\", oui"), .number(-0.25), .timestamp(XLSXSamples.micros(2025, 2, 3, 8, 30, 15, ms: 250))],
        [.text("ligne 1\nligne 2"), .number(.nan), .timestamp(XLSXSamples.micros(1969, 12, 31, 23, 0, 0))],
        [.text("=1+1"), .integer(-7), .bool(true)],
        [.text("-2+3")],
    ])

    @Test("RFC 4180: comma, decimal point, CRLF, no byte order mark")
    func standard() throws {
        let expected = "Structure,Montant; HT,Jour\r\n"
            + "S03,1234.50,2025-01-31\r\n"
            + "\"Dit \"\"bon\"\", oui\",-0.25,2025-02-03 08:30:15.25\r\n"
            + "\"ligne 1\nligne 2\",,1969-12-31 23:00:00\r\n"
            + "'=1+1,-7,TRUE\r\n"
            + "'-2+3,,\r\n"
        #expect(try CSVWriter.standard.data(Self.table) == Data(expected.utf8))
    }

    @Test("French Excel: semicolon, decimal comma, byte order mark; LF on demand")
    func frenchExcel() throws {
        let expected = "Structure;\"Montant; HT\";Jour\n"
            + "S03;1234,50;2025-01-31\n"
            + "\"Dit \"\"bon\"\", oui\";-0,25;2025-02-03 08:30:15.25\n"
            + "\"ligne 1\nligne 2\";;1969-12-31 23:00:00\n"
            + "'=1+1;-7;TRUE\n"
            + "'-2+3;;\n"
        var writer = CSVWriter.frenchExcel
        writer.lineEnding = .lf
        #expect(try writer.data(Self.table) == Data([0xEF, 0xBB, 0xBF] + Array(expected.utf8)))
    }

    @Test(arguments: [("=SUM(A1)", "'=SUM(A1)"), ("+33 6", "'+33 6"), ("-x", "'-x"), ("@cmd", "'@cmd"), ("\tx", "'\tx"),
                      ("\rx", "'\rx"), ("a=b", "a=b"), ("", ""), ("'quoted", "'quoted")])
    func defusing(text: String, written: String) {
        #expect(CSVWriter.defused(text) == written)
    }

    @Test("a defused text is still quoted when it needs to be")
    func defusedAndQuoted() throws {
        let table = ExportTable(name: "t", columns: [ExportColumn("a")], rows: [[.text("=HYPERLINK(\"x\",\"y\")")], [.text("\rx")]])
        #expect(try CSVWriter.standard.text(table) == "a\r\n\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"\r\n\"'\rx\"\r\n")
    }
}
