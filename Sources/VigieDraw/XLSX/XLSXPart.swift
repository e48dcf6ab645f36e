// The small fixed parts of a workbook package (ECMA-376 parts 1 and 2):
// [Content_Types].xml names each part's type, _rels/.rels leads to the
// workbook and the document properties, xl/workbook.xml lists the sheets
// (and the hidden defined name `_xlnm._FilterDatabase` Excel keeps for each
// sheet's autofilter), xl/_rels/workbook.xml.rels leads from the workbook
// to its sheets, styles and shared strings, docProps/core.xml and app.xml
// say who made the file and when.

import Foundation

enum XLSXPart {
    static let declaration = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"
    private static let officeType = "application/vnd.openxmlformats-officedocument"

    static func contentTypes(sheets: Int) -> String {
        var xml = declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        xml += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"\(officeType).spreadsheetml.sheet.main+xml\"/>"
        for n in 1...sheets {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(n).xml\" ContentType=\"\(officeType).spreadsheetml.worksheet+xml\"/>"
        }
        xml += "<Override PartName=\"/xl/styles.xml\" ContentType=\"\(officeType).spreadsheetml.styles+xml\"/>"
        xml += "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"\(officeType).spreadsheetml.sharedStrings+xml\"/>"
        xml += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        xml += "<Override PartName=\"/docProps/app.xml\" ContentType=\"\(officeType).extended-properties+xml\"/>"
        return xml + "</Types>"
    }

    static func packageRelations() -> String {
        declaration + "<Relationships xmlns=\"\(packageRelationships)\">"
            + "<Relationship Id=\"rId1\" Type=\"\(relationshipNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
            + "<Relationship Id=\"rId2\" Type=\"\(packageRelationships)/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
            + "<Relationship Id=\"rId3\" Type=\"\(relationshipNamespace)/extended-properties\" Target=\"docProps/app.xml\"/>"
            + "</Relationships>"
    }

    /// The workbook: sheets in order (`rId1` … `rIdN`), and each sheet's autofilter range (nil without columns).
    static func workbook(sheets: [(name: String, filterRange: String?)]) -> String {
        var xml = declaration + "<workbook xmlns=\"\(mainNamespace)\" xmlns:r=\"\(relationshipNamespace)\">"
        xml += "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        for (i, sheet) in sheets.enumerated() {
            xml += "<sheet name=\"\(XMLText.escaped(sheet.name, attribute: true))\" sheetId=\"\(i + 1)\" r:id=\"rId\(i + 1)\"/>"
        }
        xml += "</sheets>"
        let filters = sheets.enumerated().compactMap { i, sheet in
            sheet.filterRange.map { range in
                let absolute = range.split(separator: ":").map { "$" + $0.prefix(while: \.isLetter) + "$" + $0.drop(while: \.isLetter) }
                let quoted = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'!" + absolute.joined(separator: ":")
                return "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(i)\" hidden=\"1\">\(XMLText.escaped(quoted))</definedName>"
            }
        }
        if !filters.isEmpty { xml += "<definedNames>" + filters.joined() + "</definedNames>" }
        return xml + "</workbook>"
    }

    static func workbookRelations(sheets: Int) -> String {
        var xml = declaration + "<Relationships xmlns=\"\(packageRelationships)\">"
        for n in 1...sheets {
            xml += "<Relationship Id=\"rId\(n)\" Type=\"\(relationshipNamespace)/worksheet\" Target=\"worksheets/sheet\(n).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheets + 1)\" Type=\"\(relationshipNamespace)/styles\" Target=\"styles.xml\"/>"
        xml += "<Relationship Id=\"rId\(sheets + 2)\" Type=\"\(relationshipNamespace)/sharedStrings\" Target=\"sharedStrings.xml\"/>"
        return xml + "</Relationships>"
    }

    static func core(creator: String, created: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let when = formatter.string(from: created)
        return declaration
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:creator>\(XMLText.escaped(creator))</dc:creator>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(when)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(when)</dcterms:modified>"
            + "</cp:coreProperties>"
    }

    static func app() -> String {
        declaration + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
            + "<Application>Vigie</Application></Properties>"
    }
}
