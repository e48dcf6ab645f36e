// An app's model: which lake tables it loads, under which names, and the
// links between their key fields. It is a YAML file of the workspace
// (apps/NAME.yaml); the next capabilities (sheets, measures, rights,
// hierarchies) extend this same file.
//
//   name: Activité des structures
//   tables:
//     - name: Activity            # the name in the app
//       lake: activity            # the lake table (default: the name)
//       fields: [establishment, line, month, amount]   # default: every column
//     - name: Establishments
//       lake: establishments
//   links:
//     - Activity.establishment = Establishments.code

import Foundation
import VigieEngine
import VigieLake
import Yams

/// An app's tables and links, as written in its YAML file.
public struct AppModel: Sendable, Equatable {
    public struct Table: Sendable, Equatable {
        public var name: String
        public var lake: String
        /// The columns loaded; nil for every column.
        public var fields: [String]?

        public init(name: String, lake: String? = nil, fields: [String]? = nil) {
            self.name = name
            self.lake = lake ?? name
            self.fields = fields
        }
    }

    public var name: String
    public var tables: [Table]
    public var links: [Link]

    public init(name: String, tables: [Table], links: [Link]) {
        self.name = name
        self.tables = tables
        self.links = links
    }

    /// Reads an app file.
    public static func load(path: String) throws(LakeError) -> AppModel {
        guard let data = FileManager.default.contents(atPath: path) else { throw LakeError(.io, "cannot read \(path)") }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses an app's YAML; errors name `file` and the line.
    public static func parse(_ text: String, file: String) throws(LakeError) -> AppModel {
        let yaml = AppYAML(file: file)
        return try yaml.app(try yaml.root(text))
    }

    /// Loads the app's tables from the workspace's lake (their current versions) and links them.
    public func load(from workspace: Workspace) throws(LakeError) -> DataModel {
        var tables: [EngineTable] = []
        for table in self.tables {
            let snapshot = try workspace.table(table.lake).snapshot()
            let columns = table.fields ?? snapshot.schema.fields.map(\.name)
            // Each column becomes a field as its chunks are read, columns in parallel.
            let fields = try snapshot.readChunks(columns: columns) { (column: DeltaField) throws(LakeError) -> LakeField in
                do throws(EngineError) { return try LakeField(name: column.name, type: column.type) } catch {
                    throw LakeError(.unsupported, error.message, context: [table.lake])
                }
            } append: { (field: inout LakeField, chunk: DeltaColumnChunk) throws(LakeError) in
                do throws(EngineError) { try field.append(chunk) } catch { throw LakeError(.unsupported, error.message, context: [table.lake]) }
            } finish: { (field: LakeField) throws(LakeError) -> EngineField in field.builder.finish() }
            do { tables.append(try EngineTable(name: table.name, fields: fields)) } catch {
                throw LakeError(.invalidArgument, error.message, context: [name])
            }
        }
        do { return try DataModel(tables: tables, links: links) } catch {
            throw LakeError(.invalidArgument, error.message, context: [name])
        }
    }
}

/// Reads the app YAML tree.
private struct AppYAML: YAMLReading {
    let file: String

    func app(_ root: Node) throws(LakeError) -> AppModel {
        let top = try mapping(root, "an app")
        try checkKeys(top, allowed: ["name", "tables", "links"], "the app")
        let name = try top["name"].map { (n) throws(LakeError) in try string(n, "name") } ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let list = top["tables"]?.sequence, !list.isEmpty else { throw fail(top["tables"] ?? root, "an app needs a list of tables") }
        var tables: [AppModel.Table] = []
        for item in list {
            if let plain = item.scalar?.string {
                tables.append(AppModel.Table(name: plain))
                continue
            }
            let m = try mapping(item, "a table")
            try checkKeys(m, allowed: ["name", "lake", "fields"], "a table")
            let tableName = try string(m["name"], "a table's name")
            let lake = try m["lake"].map { (n) throws(LakeError) in try string(n, "lake") }
            let fields = try m["fields"].map { (n) throws(LakeError) in try strings(n, "fields") }
            tables.append(AppModel.Table(name: tableName, lake: lake, fields: fields))
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
        return AppModel(name: name, tables: tables, links: links)
    }
}
