// An Excel workbook (.xlsx, .xlsm, .xltx) opened for reading: the sheet
// list, the date system, the shared strings and the number formats, read once
// from the package's small parts (XLSXWorkbook+Parts.swift says which);
// sheets themselves are read only when asked for (XLSXSheet.swift).
//
// Memory: the workbook keeps the compressed file and the shared string table
// (every distinct text of the workbook, as Excel stores them). A sheet is
// inflated and parsed at the same time, a few 64 KiB chunks apart
// (XLSXPartStream.swift), and its rows are handed over one at a time: no
// tree of the sheet and no copy of its XML is ever built, so a sheet of a
// million rows reads in tens of megabytes. Reading blocks the calling thread
// while a helper thread inflates.

import Foundation

/// An Excel workbook, opened from a file or from bytes.
///
/// ```swift
/// let workbook = try XLSXWorkbook(path: "raw/budget-2025.xlsx")
/// let sheet = try workbook.sheet(named: "Budget 2025")
/// try sheet.forEachRow { row in print(row.number, row.cells) }
/// ```
///
/// Errors are ``LakeError``s whose context starts with the file's name.
public struct XLSXWorkbook: Sendable {
    /// How much a workbook may make Vigie hold in memory.
    public struct Limits: Sendable, Equatable {
        /// The largest .xlsx file read (it is held in memory, compressed).
        public var maximumFileSize: Int
        /// The largest part (one sheet's XML, the shared strings…) once inflated. Sheets are
        /// streamed, so this bounds the time a hostile file (a "zip bomb") can take rather than
        /// memory; the shared strings are held, so it also bounds their memory.
        public var maximumPartSize: Int

        public init(maximumFileSize: Int = 1 << 30, maximumPartSize: Int = 1 << 30) {
            self.maximumFileSize = maximumFileSize
            self.maximumPartSize = maximumPartSize
        }

        /// 1 GiB for the file and 1 GiB for any inflated part.
        public static let `default` = Limits()
    }

    /// What a sheet of the workbook holds.
    public enum SheetKind: Sendable, Equatable {
        /// Cells: the only kind that can be read.
        case worksheet
        /// A chart alone on its tab.
        case chartsheet
        /// A dialog or macro sheet.
        case other
    }

    /// Whether a sheet's tab is shown in Excel.
    public enum Visibility: Sendable, Equatable {
        case visible
        case hidden
        /// Hidden so that only a macro can show it again.
        case veryHidden
    }

    /// One entry of the workbook's sheet list.
    struct SheetEntry: Sendable {
        var name: String
        var part: String
        var kind: SheetKind
        var visibility: Visibility
    }

    /// The file's name, as given (it starts the context of every error).
    public let name: String
    let package: XLSXPackage
    let parts: XLSXWorkbookParts

    /// Opens the workbook at `path`.
    public init(path: String, limits: Limits = .default) throws {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            if let size = attributes[.size] as? Int, size > limits.maximumFileSize {
                throw LakeError(.unsupported, "the file is \(size) bytes, over the limit of \(limits.maximumFileSize) (XLSXWorkbook.Limits.maximumFileSize)").within(path)
            }
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch let error as LakeError {
            throw error
        } catch {
            throw LakeError(.io, "cannot be read: \((error as NSError).localizedDescription)").within(path)
        }
        try self.init(data: data, name: path, limits: limits)
    }

    /// Opens a workbook from its bytes; `name` says where they came from, for messages.
    public init(data: Data, name: String, limits: Limits = .default) throws {
        self.name = name
        do {
            guard data.count <= limits.maximumFileSize else {
                throw LakeError(.unsupported, "the file is \(data.count) bytes, over the limit of \(limits.maximumFileSize) (XLSXWorkbook.Limits.maximumFileSize)")
            }
            package = try XLSXPackage(data: data, maximumPartSize: limits.maximumPartSize)
            parts = try XLSXWorkbookParts(package: package)
        } catch let error as LakeError {
            throw error.within(name)
        }
    }

    /// The sheets' names, in tab order (hidden sheets and chart sheets included).
    public var sheetNames: [String] { parts.sheets.map(\.name) }

    /// Whether dates count from 1904 (old Mac workbooks) rather than from 1900.
    public var uses1904Dates: Bool { parts.dateSystem == .mac1904 }

    /// The sheet at `index` in tab order, from 0.
    public func sheet(at index: Int) throws -> XLSXSheet {
        guard parts.sheets.indices.contains(index) else {
            throw LakeError(.invalidArgument, "no sheet at index \(index): the workbook has \(parts.sheets.count) (\(Self.list(sheetNames)))").within(name)
        }
        return try makeSheet(index)
    }

    /// The sheet called `name` (exactly; if none, the only one whose name matches ignoring case).
    public func sheet(named sheetName: String) throws -> XLSXSheet {
        if let index = parts.sheets.firstIndex(where: { $0.name == sheetName }) {
            return try makeSheet(index)
        }
        let folded = parts.sheets.indices.filter { parts.sheets[$0].name.lowercased() == sheetName.lowercased() }
        if folded.count == 1 { return try makeSheet(folded[0]) }
        throw LakeError(.invalidArgument, "no sheet named \"\(sheetName)\"; the sheets are \(Self.list(sheetNames))").within(name)
    }

    private func makeSheet(_ index: Int) throws -> XLSXSheet {
        let entry = parts.sheets[index]
        guard entry.kind == .worksheet else {
            let what = entry.kind == .chartsheet ? "a chart sheet" : "a dialog or macro sheet"
            throw LakeError(.unsupported, "sheet \(entry.name) is \(what), not a sheet of cells").within(name)
        }
        guard package.contains(entry.part) else {
            throw LakeError(.corrupt, "sheet \(entry.name): its part \(entry.part) is missing from the zip archive").within(name)
        }
        return XLSXSheet(workbook: self, index: index, entry: entry)
    }

    static func list(_ names: [String]) -> String {
        names.map { "\"\($0)\"" }.joined(separator: ", ")
    }
}
