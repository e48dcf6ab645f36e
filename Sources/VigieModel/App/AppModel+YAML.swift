// Reading an app file (README.md, "Apps"). Every mistake is reported with
// the file and the line of the node at fault, and unknown keys are refused,
// so a typo never passes as a silently ignored setting. Names (fields,
// measures, hierarchies) are checked later against the loaded data
// (LoadedApp.swift), with the lines kept here.

import Foundation
import VigieEngine
import VigieExpressions
import VigieLake
import Yams

/// Reads the app YAML tree.
struct AppYAML: YAMLReading {
    let file: String

    func app(_ root: Node) throws(LakeError) -> AppModel {
        let top = try mapping(root, "an app")
        try checkKeys(top, allowed: ["name", "title", "tables", "links", "calendar", "labels", "hierarchies", "measures", "sheets"], "the app")
        let name = try top["name"].map { (n) throws(LakeError) in try string(n, "name") } ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let title = try top["title"].map { (n) throws(LakeError) in try text(n, "the title") }
        guard let tableNodes = top["tables"]?.sequence, !tableNodes.isEmpty else { throw fail(top["tables"] ?? root, "an app needs a list of tables") }
        var tables: [AppModel.Table] = []
        for item in tableNodes {
            if let plain = item.scalar?.string {
                tables.append(AppModel.Table(name: plain))
                continue
            }
            let m = try mapping(item, "a table")
            try checkKeys(m, allowed: ["name", "lake", "fields", "where"], "a table")
            let tableName = try string(m["name"], "a table's name")
            let lake = try m["lake"].map { (n) throws(LakeError) in try string(n, "lake") }
            let fields = try m["fields"].map { (n) throws(LakeError) in try strings(n, "fields") }
            let condition = try m["where"].map { (n) throws(LakeError) in try string(n, "where") }
            if let condition, let node = m["where"] {
                do { _ = try RowExpression(condition) } catch { throw fail(node, "table \(tableName): where \(condition): \(error.description)") }
            }
            tables.append(AppModel.Table(name: tableName, lake: lake, fields: fields, condition: condition, line: line(item)))
        }
        var links: [Link] = []
        for item in top["links"]?.sequence ?? [] {
            let text = try string(item, "a link")
            let sides = text.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let references = sides.map { side -> FieldReference? in
                guard let dot = side.firstIndex(of: "."), dot != side.startIndex, side.index(after: dot) != side.endIndex else { return nil }
                return FieldReference(table: String(side[..<dot]), field: String(side[side.index(after: dot)...]))
            }
            guard references.count == 2, let from = references[0], let to = references[1] else {
                throw fail(item, "a link is written Table.field = OtherTable.field, not '\(text)'")
            }
            links.append(Link(from, to))
        }
        let calendarNodes = top["calendar"].map { $0.sequence.map(Array.init) ?? [$0] } ?? []
        var calendars: [CalendarSpec] = []
        for node in calendarNodes { calendars.append(try calendar(node)) }
        var hierarchies: [Hierarchy] = []
        for node in try list(top["hierarchies"], "hierarchies") {
            let hierarchy = try hierarchy(node)
            guard !hierarchies.contains(where: { $0.name == hierarchy.name }) else { throw fail(node, "two hierarchies are named \(hierarchy.name)") }
            hierarchies.append(hierarchy)
        }
        var measures: [AppMeasure] = []
        for node in try list(top["measures"], "measures") {
            let measure = try measure(node)
            guard !measures.contains(where: { $0.name == measure.name }) else { throw fail(node, "two measures are named \(measure.name)") }
            measures.append(measure)
        }
        var sheets: [Sheet] = []
        for node in try list(top["sheets"], "sheets") {
            let sheet = try sheet(node)
            guard !sheets.contains(where: { $0.name == sheet.name }) else { throw fail(node, "two sheets are named \(sheet.name)") }
            sheets.append(sheet)
        }
        var labels: [String: FieldLabel] = [:]
        if let node = top["labels"] {
            for (key, value) in try mapping(node, "labels") {
                let field = try string(key, "a labelled field")
                labels[field] = FieldLabel(try text(value, "the label of \(field)"), line: line(key))
            }
        }
        return AppModel(name: name, title: title, tables: tables, links: links, calendars: calendars, hierarchies: hierarchies,
                        measures: measures, sheets: sheets, labels: labels)
    }

    // MARK: Parts

    func calendar(_ node: Node) throws(LakeError) -> CalendarSpec {
        let m = try mapping(node, "a calendar")
        try checkKeys(m, allowed: ["field", "prefix", "language"], "a calendar")
        let language = try m["language"].map { (n) throws(LakeError) in try self.language(n) } ?? .french
        return CalendarSpec(field: try string(m["field"], "a calendar's date field"),
                            prefix: try m["prefix"].map { (n) throws(LakeError) in try string(n, "prefix") } ?? "",
                            language: language, line: line(node))
    }

    func hierarchy(_ node: Node) throws(LakeError) -> Hierarchy {
        let m = try mapping(node, "a hierarchy")
        try checkKeys(m, allowed: ["name", "levels"], "a hierarchy")
        let levels = try names(m["levels"], "a hierarchy's levels")
        guard !levels.isEmpty else { throw fail(m["levels"] ?? node, "a hierarchy needs at least one level") }
        return Hierarchy(name: try string(m["name"], "a hierarchy's name"), levels: levels, line: line(node))
    }

    func measure(_ node: Node) throws(LakeError) -> AppMeasure {
        let m = try mapping(node, "a measure")
        try checkKeys(m, allowed: ["name", "label", "expression", "format", "description"], "a measure")
        let name = try string(m["name"], "a measure's name")
        let source = try string(m["expression"], "measure \(name)'s expression")
        let expression: MeasureExpression
        do { expression = try MeasureExpression(source) } catch { throw fail(m["expression"], "measure \(name): \(error.description)") }
        return AppMeasure(name: name, label: try m["label"].map { (n) throws(LakeError) in try text(n, "a label") }, expression: expression,
                          format: try m["format"].map { (n) throws(LakeError) in try string(n, "a format") },
                          description: try m["description"].map { (n) throws(LakeError) in try text(n, "a description") },
                          line: m["expression"].map(line) ?? line(node))
    }

    func sheet(_ node: Node) throws(LakeError) -> Sheet {
        let m = try mapping(node, "a sheet")
        try checkKeys(m, allowed: ["name", "title", "objects"], "a sheet")
        let name = try string(m["name"], "a sheet's name")
        var objects: [SheetObject] = []
        for (index, item) in try list(m["objects"], "objects").enumerated() {
            let object = try object(item, index: index)
            guard !objects.contains(where: { $0.name == object.name }) else { throw fail(item, "two objects of sheet \(name) are named \(object.name)") }
            objects.append(object)
        }
        return Sheet(name: name, title: try m["title"].map { (n) throws(LakeError) in try text(n, "a title") }, objects: objects, line: line(node))
    }

    func object(_ node: Node, index: Int) throws(LakeError) -> SheetObject {
        let m = try mapping(node, "a sheet object")
        try checkKeys(m, allowed: ["name", "kind", "title", "dimensions", "measures", "fields", "sort", "limit", "width"], "a sheet object")
        let kindText = try string(m["kind"], "an object's kind")
        guard let kind = SheetObject.Kind(rawValue: kindText) else {
            throw fail(m["kind"], "unknown kind '\(kindText)'; kinds: \(SheetObject.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let sort = try m["sort"].map { (n) throws(LakeError) -> SheetObject.Sort in
            let words = try string(n, "sort").split(separator: " ").map(String.init)
            guard let by = words.first, words.count <= 2, words.count == 1 || ["asc", "desc"].contains(words[1]) else {
                throw fail(n, "sort is written 'NAME', 'NAME asc' or 'NAME desc'")
            }
            return SheetObject.Sort(by: by, descending: words.count == 2 && words[1] == "desc", line: line(n))
        }
        let object = SheetObject(
            name: try m["name"].map { (n) throws(LakeError) in try string(n, "an object's name") } ?? "o\(index + 1)",
            kind: kind, title: try m["title"].map { (n) throws(LakeError) in try text(n, "a title") },
            dimensions: try names(m["dimensions"], "dimensions"), measures: try names(m["measures"], "measures"),
            fields: try names(m["fields"], "fields"), sort: sort,
            limit: try m["limit"].map { (n) throws(LakeError) in try positive(n, "limit", maximum: 100_000) },
            width: try m["width"].map { (n) throws(LakeError) in try positive(n, "width", maximum: 12) } ?? 6, line: line(node))
        switch kind {
        case .filter where object.fields.isEmpty: throw fail(node, "a filter pane needs a list of fields")
        case .kpi where object.measures.isEmpty, .table where object.measures.isEmpty && object.dimensions.isEmpty:
            throw fail(node, "a \(kind.rawValue) needs measures")
        case .bar, .stackedbar, .line, .combo, .pie, .scatter, .pivot:
            if object.dimensions.isEmpty || object.measures.isEmpty { throw fail(node, "a \(kind.rawValue) needs dimensions and measures") }
        default: break
        }
        return object
    }

    // MARK: Values

    /// A text for both languages, or a mapping `{fr: …, en: …}`.
    func text(_ node: Node, _ what: String) throws(LakeError) -> LocalizedText {
        if let plain = node.scalar?.string { return LocalizedText(plain) }
        let m = try mapping(node, what)
        try checkKeys(m, allowed: ["fr", "en"], what)
        let french = try m["fr"].map { (n) throws(LakeError) in try string(n, what) }
        let english = try m["en"].map { (n) throws(LakeError) in try string(n, what) }
        guard let any = french ?? english else { throw fail(node, "\(what) needs fr or en") }
        return LocalizedText(french: french ?? any, english: english ?? any)
    }

    func language(_ node: Node) throws(LakeError) -> Language {
        let text = try string(node, "language")
        guard let language = Language(rawValue: text) else { throw fail(node, "language is fr or en, not '\(text)'") }
        return language
    }

    /// A list of names, each with its line (a single name counts as a list of one).
    func names(_ node: Node?, _ what: String) throws(LakeError) -> [NameReference] {
        guard let node else { return [] }
        if let s = node.scalar?.string { return [NameReference(s, line: line(node))] }
        var out: [NameReference] = []
        for item in try list(node, what) { out.append(NameReference(try string(item, what), line: line(item))) }
        return out
    }

    /// The items of an optional list.
    func list(_ node: Node?, _ what: String) throws(LakeError) -> [Node] {
        guard let node else { return [] }
        guard let items = node.sequence else { throw fail(node, "\(what) must be a list") }
        return Array(items)
    }

    func positive(_ node: Node, _ what: String, maximum: Int) throws(LakeError) -> Int {
        guard let n = node.scalar.flatMap({ Int($0.string) }), n >= 1, n <= maximum else {
            throw fail(node, "\(what) must be a whole number from 1 to \(maximum)")
        }
        return n
    }

    func line(_ node: Node) -> Int { node.mark?.line ?? 0 }
}
