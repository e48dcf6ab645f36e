// Writes exported tables as an Excel workbook (.xlsx): a zip archive
// (deflated, through ZIPFoundation) of the SpreadsheetML parts, one sheet
// per table. What each part holds is said in XLSXPart, XLSXSheetWriter,
// XLSXStrings and XLSXStyles; the same input gives the same bytes when the
// creation date is given.

import Foundation
import ZIPFoundation

/// Writes a workbook of one sheet per table.
///
/// Each sheet has the table's column names as a bold header row, frozen, with an autofilter;
/// its cells keep their types (numbers, dates, booleans, texts) and each column's format.
/// Texts longer than Excel's 32,767 characters are cut, ending with `…`; characters XML
/// cannot hold (control characters but tab and line breaks) are dropped. Sheet names are made
/// valid and unique (31 characters at most, none of `[]:*?/\`).
public struct XLSXWriter: Sendable {
    /// Who made the file (docProps/core.xml).
    public var creator: String
    /// When the file was made: the document's creation date and every zip entry's date.
    public var created: Date

    public init(creator: String = "Vigie", created: Date = Date()) {
        self.creator = creator
        self.created = created
    }

    /// The workbook's bytes.
    public func data(_ tables: [ExportTable]) throws -> Data {
        guard !tables.isEmpty else { throw DrawError(.invalidData, "a workbook needs at least one table to write") }
        for table in tables { try table.checkRows() }
        let names = XLSXSheetNames.sanitised(tables.map(\.name))
        var strings = XLSXSharedStrings()
        var styles = XLSXStyles()
        var parts: [(String, String)] = []
        var sheets: [(name: String, filterRange: String?)] = []
        for (i, table) in tables.enumerated() {
            let writer = XLSXSheetWriter(table: table)
            parts.append(("xl/worksheets/sheet\(i + 1).xml", writer.part(selected: i == 0, strings: &strings, styles: &styles)))
            sheets.append((names[i], table.columns.isEmpty ? nil : writer.filterRange))
        }
        parts.insert(contentsOf: [
            ("[Content_Types].xml", XLSXPart.contentTypes(sheets: tables.count)),
            ("_rels/.rels", XLSXPart.packageRelations()),
            ("docProps/core.xml", XLSXPart.core(creator: creator, created: created)),
            ("docProps/app.xml", XLSXPart.app()),
            ("xl/workbook.xml", XLSXPart.workbook(sheets: sheets)),
            ("xl/_rels/workbook.xml.rels", XLSXPart.workbookRelations(sheets: tables.count)),
            ("xl/styles.xml", styles.part()),
            ("xl/sharedStrings.xml", strings.part()),
        ], at: 0)
        return try zip(parts)
    }

    /// Writes the workbook to `url`, replacing any file there.
    public func write(_ tables: [ExportTable], to url: URL) throws {
        let bytes = try data(tables)
        do {
            try bytes.write(to: url, options: .atomic)
        } catch {
            throw DrawError(.cannotWrite, "cannot write the workbook \(url.path)", cause: error)
        }
    }

    private func zip(_ parts: [(String, String)]) throws -> Data {
        do {
            let archive = try Archive(accessMode: .create)
            for (path, text) in parts {
                let content = Data(text.utf8)
                try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(content.count),
                                     modificationDate: created, compressionMethod: .deflate) { position, size in
                    content.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            guard let data = archive.data else { throw DrawError(.cannotWrite, "the zip archive of the workbook is empty") }
            return data
        } catch let error as DrawError {
            throw error
        } catch {
            throw DrawError(.cannotWrite, "cannot zip the workbook", cause: error)
        }
    }
}
