// Test support for the XLSX reader: the openpyxl oracle (Tests/Oracles/make_xlsx.py,
// run with the venv python that scripts/test exports), and small workbooks
// written part by part in Swift.

import Foundation
import Testing
import ZIPFoundation
@testable import VigieLake
import VigieTestSupport

enum XLSXOracle {
    /// Runs make_xlsx.py (oracle: openpyxl), which writes its workbooks into `folder`; returns its JSON.
    static func makeWorkbooks(in folder: String) throws -> [String: Any] {
        let data = try Oracle.run("make_xlsx.py", [folder])
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Oracle.Failure(description: "make_xlsx.py printed no JSON object")
        }
        return object
    }
}

/// A fresh temporary folder, removed by `remove()`.
struct XLSXTemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("vigie-xlsx-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Minimal workbooks written part by part, for cases openpyxl does not write.
enum XLSXFixture {
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A zip archive of `parts` (path → content), deflated unless `stored`.
    static func zip(_ parts: [(String, Data)], stored: Bool = false) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, content) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(content.count),
                                 compressionMethod: stored ? .none : .deflate) { position, size in
                content.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return archive.data ?? Data()
    }

    /// The parts of a workbook whose sheets hold `sheetData` XML (the content of <sheetData>).
    static func parts(sheets: [(name: String, sheetData: String)], sharedStrings: [String]? = nil,
                      numFmts: [(Int, String)] = [], cellXfs: [Int] = [0], date1904: Bool = false) -> [(String, Data)] {
        var parts: [(String, String)] = []
        var overrides = ""
        var rels = ""
        var sheetList = ""
        for (i, sheet) in sheets.enumerated() {
            let n = i + 1
            overrides += "<Override PartName=\"/xl/worksheets/sheet\(n).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            rels += "<Relationship Id=\"rId\(n)\" Type=\"\(relNS)/worksheet\" Target=\"worksheets/sheet\(n).xml\"/>"
            sheetList += "<sheet name=\"\(escape(sheet.name))\" sheetId=\"\(n)\" r:id=\"rId\(n)\"/>"
            parts.append(("xl/worksheets/sheet\(n).xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"\(mainNS)\"><sheetData>\(sheet.sheetData)</sheetData></worksheet>"))
        }
        rels += "<Relationship Id=\"rIdStyles\" Type=\"\(relNS)/styles\" Target=\"styles.xml\"/>"
        if let sharedStrings {
            rels += "<Relationship Id=\"rIdStrings\" Type=\"\(relNS)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
            parts.append(("xl/sharedStrings.xml", "<sst xmlns=\"\(mainNS)\">" + sharedStrings.joined() + "</sst>"))
        }
        let formats = numFmts.map { "<numFmt numFmtId=\"\($0.0)\" formatCode=\"\(escape($0.1))\"/>" }.joined()
        let xfs = cellXfs.map { "<xf numFmtId=\"\($0)\" fontId=\"0\"/>" }.joined()
        parts.append(("xl/styles.xml", "<styleSheet xmlns=\"\(mainNS)\"><numFmts>\(formats)</numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs>\(xfs)</cellXfs></styleSheet>"))
        parts.append(("xl/workbook.xml", "<workbook xmlns=\"\(mainNS)\" xmlns:r=\"\(relNS)\"><workbookPr date1904=\"\(date1904 ? 1 : 0)\"/><sheets>\(sheetList)</sheets></workbook>"))
        parts.append(("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>"))
        parts.append(("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>\(overrides)</Types>"))
        return parts.map { ($0.0, Data($0.1.utf8)) }
    }

    /// A workbook of one sheet.
    static func workbook(_ sheetData: String, sharedStrings: [String]? = nil, numFmts: [(Int, String)] = [],
                         cellXfs: [Int] = [0], date1904: Bool = false, name: String = "test.xlsx") throws -> XLSXWorkbook {
        let data = try zip(parts(sheets: [("Feuil1", sheetData)], sharedStrings: sharedStrings, numFmts: numFmts,
                                 cellXfs: cellXfs, date1904: date1904))
        return try XLSXWorkbook(data: data, name: name)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
    }
}
