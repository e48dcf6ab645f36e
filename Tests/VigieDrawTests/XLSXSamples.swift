// Workbooks the XLSX tests write, and the values each cell must read back as.

import Foundation
import Parquet
@testable import VigieDraw

enum XLSXSamples {
    static let created = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01T00:00:00Z

    static func days(_ year: Int64, _ month: Int, _ day: Int) -> Int32 {
        Int32(CivilDate.days(year: year, month: month, day: day))
    }

    static func micros(_ year: Int64, _ month: Int, _ day: Int, _ h: Int64, _ m: Int64, _ s: Int64, ms: Int64 = 0) -> Int64 {
        (Int64(days(year, month, day)) * 86_400 + h * 3600 + m * 60 + s) * 1_000_000 + ms * 1000
    }

    static let longText = String(repeating: "abcdé", count: 8_000)

    /// Texts Excel and XML make hard: markup, emoji, control characters, line breaks, formulas, escapes, a long text.
    static let nastyTexts = [
        "<b>&\"x\"</b> 'quoted'", "👩‍⚕️ Soins 🦷 dentaires", "a\u{1}b\u{1F}c\u{7F}d", "ligne 1\r\nligne 2\rligne 3\nfin\tTAB",
        "=1+1", "+33 6 12 34 56 78", "-2+3", "@SUM(A1:A2)", "=HYPERLINK(\"http://x\",\"clic\")",
        "_x0041_ et _x00e9_", "  espaces autour  ", longText,
    ]

    static let tables: [ExportTable] = [
        ExportTable(name: "Activité 2025", columns: [
            ExportColumn("Structure"), ExportColumn("Montant", format: "# ##0,00 €"), ExportColumn("Part", format: "0.0%"),
            ExportColumn("Patients"), ExportColumn("Jour", format: "DD/MM/YYYY"), ExportColumn("Saisie"),
            ExportColumn("Validé"), ExportColumn("Brut"), ExportColumn("Budget", format: "#,##0.00 \"€\""),
            ExportColumn("Échéance", format: "dd/mm/yyyy"),
        ], rows: [
            [.text("S03"), .decimal(12345.67, scale: 2), .number(0.125), .integer(1234), .date(days(2025, 1, 31)),
             .timestamp(micros(2025, 2, 3, 8, 30, 15, ms: 250)), .bool(true), .number(1e-7), .number(98765.4321), .date(days(1900, 1, 1))],
            [.text("S07"), .decimal(-1234.5, scale: 2), .number(.nan), .integer(123_456_789_012), .date(days(1900, 2, 28)),
             .timestamp(micros(1900, 3, 1, 23, 59, 59, ms: 999)), .bool(false), .number(1e20), .number(-0.5), .date(days(9999, 12, 31))],
            [.text("S11"), .empty, .number(.infinity), .integer(-7), .date(days(1899, 12, 31)),
             .timestamp(micros(1969, 12, 31, 12, 0, 0)), .empty, .number(-0.0), .decimal(3, scale: 0), .date(days(2024, 2, 29))],
            [.text("S12")],
        ]),
        ExportTable(name: "activité 2025", columns: [ExportColumn("Texte")], rows: nastyTexts.map { [.text($0)] }),
        ExportTable(name: "Ventes [2025]: a/b*c?\\ et bien plus que 31 caractères", columns: [ExportColumn("Décimale", format: "0,000")],
                    rows: [[.decimal(1.5, scale: 3)], [.integer(2)]]),
        ExportTable(name: "", columns: [], rows: []),
    ]

    static let sheetNames = ["Activité 2025", "activité 2025 (2)", "Ventes  2025   a b c   et bien ", "Sheet 4"]

    /// What a text cell reads back as: without the characters XML forbids, cut to Excel's limit.
    static func readBack(_ text: String) -> String {
        let kept = String(String.UnicodeScalarView(text.unicodeScalars.filter {
            $0.value >= 0x20 || $0 == "\t" || $0 == "\n" || $0 == "\r"
        }))
        guard kept.utf16.count > 32_767 else { return kept }
        return String(kept.utf16.prefix(32_766))! + "…"
    }
}
