// The small parts of a workbook and what Vigie takes from each:
//
// - [Content_Types].xml: `<Override PartName ContentType>`; the part whose
//   content type is a spreadsheet's main part is the workbook (usually
//   /xl/workbook.xml). Binary workbooks (.xlsb) are refused here.
// - xl/workbook.xml: `<workbookPr date1904>` (1904 date system) and
//   `<sheets><sheet name sheetId state r:id/>`, in tab order.
// - xl/_rels/workbook.xml.rels: `<Relationship Id Type Target>`; a sheet's
//   r:id leads to its part, and the relationship types …/sharedStrings and
//   …/styles lead to those parts. Targets are relative to the workbook's
//   folder unless they start with `/`.
// - xl/sharedStrings.xml: `<si>` items, in index order; an item's text is its
//   `<t>`, or the concatenation of its rich-text runs' `<r><t>`; phonetic
//   guides (`<rPh>`, Japanese readings) are not part of the text. Text is kept
//   exactly, spaces included (`xml:space="preserve"` only tells writers
//   not to strip them), and `_xHHHH_` escapes are decoded (§22.4.2.4).
// - xl/styles.xml: `<numFmts><numFmt numFmtId formatCode/>` and
//   `<cellXfs><xf numFmtId/>`; a cell's `s` is an index into cellXfs.

import Foundation

/// Collects the attributes of chosen elements, with the name of their parent.
final class XLSXElementCollector: XLSXXMLHandler {
    struct Element {
        var name: String
        var parent: String
        var attributes: [String: String]
    }

    private let wanted: Set<String>
    private var stack: [String] = []
    private(set) var elements: [Element] = []

    init(_ wanted: Set<String>) {
        self.wanted = wanted
    }

    var wantsText: Bool { false }
    func characters(_ text: String) {}

    func start(_ name: Substring, _ attributes: [String: String]) throws {
        let name = String(name)
        if wanted.contains(name) {
            elements.append(Element(name: name, parent: stack.last ?? "", attributes: attributes))
        }
        stack.append(name)
    }

    func end(_ name: Substring) throws {
        _ = stack.popLast()
    }

    static func collect(_ part: String, of package: XLSXPackage, _ wanted: Set<String>) throws -> [Element] {
        let collector = XLSXElementCollector(wanted)
        try XLSXXMLReader.parse(part, of: package, into: collector)
        return collector.elements
    }
}

/// Reads the text of `<si>` or `<is>` items: `<t>` directly inside, or inside `<r>` runs.
final class XLSXStringItemReader {
    private var depth = 0
    private var inPhonetic = 0
    private var inText = false
    private var text = ""

    var wantsText: Bool { inText }

    /// Call on each element start inside the item (not on the item itself).
    func start(_ name: Substring) {
        depth += 1
        if name == "rPh" { inPhonetic += 1 }
        if name == "t", inPhonetic == 0 { inText = true }
    }

    func end(_ name: Substring) {
        depth -= 1
        if name == "rPh" { inPhonetic -= 1 }
        if name == "t" { inText = false }
    }

    func characters(_ s: String) {
        text += s
    }

    /// The item's text, unescaped; resets for the next item.
    func take() -> String {
        defer {
            text = ""
            depth = 0
            inPhonetic = 0
            inText = false
        }
        return Self.unescaped(text)
    }

    /// Decodes `_xHHHH_` (ECMA-376 §22.4.2.4), e.g. `_x000D_` for a carriage return and
    /// `_x005F_` for a literal underscore; sequences that are not valid scalars stay as they are.
    static func unescaped(_ s: String) -> String {
        guard s.contains("_x") else { return s }
        let u = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < u.count {
            if u[i] == "_", i + 6 < u.count, u[i + 1] == "x", u[i + 6] == "_",
               let code = UInt32(String(String.UnicodeScalarView(u[(i + 2)..<(i + 6)])), radix: 16),
               let scalar = Unicode.Scalar(code) {
                out.append(scalar)
                i += 7
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return String(out)
    }
}

/// The shared string table.
final class XLSXSharedStringsReader: XLSXXMLHandler {
    private let item = XLSXStringItemReader()
    private var inItem = false
    private(set) var strings: [String] = []

    var wantsText: Bool { inItem && item.wantsText }
    func characters(_ text: String) { item.characters(text) }

    func start(_ name: Substring, _ attributes: [String: String]) throws {
        if inItem {
            item.start(name)
        } else if name == "si" {
            inItem = true
        }
    }

    func end(_ name: Substring) throws {
        guard inItem else { return }
        if name == "si" {
            inItem = false
            strings.append(item.take())
        } else {
            item.end(name)
        }
    }
}

/// Workbook-level facts read from the small parts.
struct XLSXWorkbookParts: Sendable {
    var workbookPart: String
    var dateSystem: XLSXDateSystem
    var sheets: [XLSXWorkbook.SheetEntry]
    var sharedStrings: [String]
    var styles: [XLSXNumberKind]

    static let workbookContentTypes: Set<String> = [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
        "application/vnd.ms-excel.sheet.macroenabled.main+xml",
        "application/vnd.ms-excel.template.macroenabled.main+xml",
    ]

    init(package: XLSXPackage) throws {
        workbookPart = try Self.findWorkbook(package)
        let folder = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let relsPart = (folder.isEmpty ? "" : folder + "/") + "_rels/" + (workbookPart.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        var relationships: [String: (type: String, target: String)] = [:]
        if package.contains(relsPart) {
            for e in try XLSXElementCollector.collect(relsPart, of: package, ["Relationship"]) {
                guard let id = e.attributes["Id"], let type = e.attributes["Type"], let target = e.attributes["Target"],
                      e.attributes["TargetMode"]?.lowercased() != "external" else { continue }
                relationships[id] = (type, Self.resolve(target, in: folder))
            }
        }

        let workbook = try XLSXElementCollector.collect(workbookPart, of: package, ["workbookPr", "sheet"])
        dateSystem = .windows1900
        sheets = []
        for e in workbook {
            switch e.name {
            case "workbookPr":
                if let flag = e.attributes["date1904"], flag == "1" || flag.lowercased() == "true" { dateSystem = .mac1904 }
            case "sheet" where e.parent == "sheets":
                guard let name = e.attributes["name"] else {
                    throw LakeError(.corrupt, "\(workbookPart) lists a sheet without a name")
                }
                guard let id = e.attributes.xlsxAttribute("id"), let rel = relationships[id] else {
                    throw LakeError(.corrupt, "\(workbookPart): sheet \(name) has no relationship to its part in \(relsPart)")
                }
                let kind: XLSXWorkbook.SheetKind
                if rel.type.hasSuffix("/worksheet") {
                    kind = .worksheet
                } else if rel.type.hasSuffix("/chartsheet") {
                    kind = .chartsheet
                } else {
                    kind = .other
                }
                let visibility: XLSXWorkbook.Visibility
                switch e.attributes["state"] {
                case "hidden"?: visibility = .hidden
                case "veryHidden"?: visibility = .veryHidden
                default: visibility = .visible
                }
                sheets.append(.init(name: name, part: rel.target, kind: kind, visibility: visibility))
            default:
                break
            }
        }
        guard !sheets.isEmpty else {
            throw LakeError(.corrupt, "\(workbookPart) lists no sheets")
        }

        let sharedStringsPart = relationships.values.first { $0.type.hasSuffix("/sharedStrings") }?.target
            ?? (package.contains("xl/sharedStrings.xml") ? "xl/sharedStrings.xml" : nil)
        sharedStrings = []
        if let part = sharedStringsPart, package.contains(part) {
            let reader = XLSXSharedStringsReader()
            try XLSXXMLReader.parse(part, of: package, into: reader)
            sharedStrings = reader.strings
        }

        let stylesPart = relationships.values.first { $0.type.hasSuffix("/styles") }?.target
            ?? (package.contains("xl/styles.xml") ? "xl/styles.xml" : nil)
        styles = []
        if let part = stylesPart, package.contains(part) {
            styles = try Self.readStyles(part, of: package)
        }
    }

    private static func findWorkbook(_ package: XLSXPackage) throws -> String {
        let part = "[Content_Types].xml"
        guard package.contains(part) else {
            throw LakeError(.corrupt, "a zip archive but not an Office document: it has no [Content_Types].xml")
        }
        let entries = try XLSXElementCollector.collect(part, of: package, ["Override"])
        var types: [String] = []
        for e in entries {
            guard let name = e.attributes["PartName"], let type = e.attributes["ContentType"]?.lowercased() else { continue }
            if workbookContentTypes.contains(type) { return XLSXPackage.normalised(name) }
            if type.contains("sheet.binary") {
                throw LakeError(.unsupported, "a binary workbook (.xlsb), which Vigie does not read: save it as .xlsx")
            }
            types.append(type)
        }
        let kind = types.contains { $0.contains("wordprocessingml") } ? " (it is a Word document)"
            : types.contains { $0.contains("presentationml") } ? " (it is a PowerPoint presentation)" : ""
        throw LakeError(.corrupt, "an Office package without a workbook part in [Content_Types].xml\(kind)")
    }

    /// The part a relationship target names, from the folder of the part that holds the relationship.
    static func resolve(_ target: String, in folder: String) -> String {
        let t = target.replacingOccurrences(of: "\\", with: "/")
        var components: [Substring] = t.hasPrefix("/") ? [] : folder.split(separator: "/")
        for c in t.split(separator: "/") {
            if c == ".." {
                if !components.isEmpty { components.removeLast() }
            } else if c != "." {
                components.append(c)
            }
        }
        return components.joined(separator: "/")
    }

    /// The kind of number each cellXfs entry shows, by index.
    static func readStyles(_ part: String, of package: XLSXPackage) throws -> [XLSXNumberKind] {
        var custom: [Int: String] = [:]
        var kinds: [XLSXNumberKind] = []
        let elements = try XLSXElementCollector.collect(part, of: package, ["numFmt", "xf"])
        for e in elements where e.name == "numFmt" && e.parent == "numFmts" {
            guard let id = e.attributes["numFmtId"].flatMap({ Int($0) }), let code = e.attributes["formatCode"] else {
                throw LakeError(.corrupt, "\(part): a number format without numFmtId or formatCode")
            }
            custom[id] = code
        }
        for e in elements where e.name == "xf" && e.parent == "cellXfs" {
            let id = e.attributes["numFmtId"].flatMap { Int($0) } ?? 0
            kinds.append(custom[id].map { XLSXNumberKind(formatCode: $0) } ?? .builtIn(id))
        }
        return kinds
    }
}
