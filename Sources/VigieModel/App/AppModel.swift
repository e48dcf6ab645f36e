// An app's model: which lake tables it loads, under which names, the links
// between their key fields, and what users see of it: calendar fields,
// hierarchies, measures and sheets. It is a YAML file of the workspace
// (apps/NAME.yaml); README.md documents the whole format, and
// AppModel+YAML.swift reads it. Rights are not in the app: they belong to
// each user.

import Foundation
import VigieEngine
import VigieExpressions
import VigieLake

/// A field's label, with its line in the app file.
public struct FieldLabel: Sendable, Equatable {
    public var text: LocalizedText
    public var line: Int

    public init(_ text: LocalizedText, line: Int = 0) {
        self.text = text
        self.line = line
    }
}

/// An app as written in its YAML file.
public struct AppModel: Sendable, Equatable {
    public struct Table: Sendable, Equatable {
        public var name: String
        public var lake: String
        /// The columns loaded; nil for every column.
        public var fields: [String]?
        /// The condition a row must meet to be loaded (the pipelines' expression language); nil loads every row.
        public var condition: String?
        /// The file's line of the table, for errors.
        public var line: Int

        public init(name: String, lake: String? = nil, fields: [String]? = nil, condition: String? = nil, line: Int = 0) {
            self.name = name
            self.lake = lake ?? name
            self.fields = fields
            self.condition = condition
            self.line = line
        }

        /// Tables are equal whatever line they were written on.
        public static func == (a: Table, b: Table) -> Bool {
            a.name == b.name && a.lake == b.lake && a.fields == b.fields && a.condition == b.condition
        }
    }

    public var name: String
    public var title: LocalizedText
    public var tables: [Table]
    public var links: [Link]
    public var calendars: [CalendarSpec]
    public var hierarchies: [Hierarchy]
    public var measures: [AppMeasure]
    public var sheets: [Sheet]
    /// What users read for a field (list boxes, table headers, exports) instead of its name, by field name.
    public var labels: [String: FieldLabel]

    public init(name: String, title: LocalizedText? = nil, tables: [Table], links: [Link], calendars: [CalendarSpec] = [],
                hierarchies: [Hierarchy] = [], measures: [AppMeasure] = [], sheets: [Sheet] = [], labels: [String: FieldLabel] = [:]) {
        self.name = name
        self.title = title ?? LocalizedText(name)
        self.tables = tables
        self.links = links
        self.calendars = calendars
        self.hierarchies = hierarchies
        self.measures = measures
        self.sheets = sheets
        self.labels = labels
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

    /// The label of `field` in `language`: the app's label for `Table.field` or for the field's name, else the name.
    public func label(of field: FieldReference, _ language: ValueFormat.Language) -> String {
        (labels[field.description] ?? labels[field.field])?.text.text(language) ?? field.field
    }

    public func measure(_ name: String) -> AppMeasure? { measures.first { $0.name == name } }
    public func hierarchy(_ name: String) -> Hierarchy? { hierarchies.first { $0.name == name } }
    public func sheet(_ name: String) -> Sheet? { sheets.first { $0.name == name } }

    /// Loads the app's tables from the workspace's lake (their current versions), adds the calendar fields and links
    /// them. Names are not checked against the sheets here: `LoadedApp` does that.
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
            var loaded: EngineTable
            do { loaded = try EngineTable(name: table.name, fields: fields) } catch {
                throw LakeError(.invalidArgument, error.message, context: [name])
            }
            if let condition = table.condition {
                do {
                    loaded = try loaded.filtered(by: try RowExpression(condition))
                } catch {
                    throw LakeError(.invalidArgument, "table \(table.name): where \(condition): \(error)", context: [name, "line \(table.line)"])
                }
            }
            tables.append(loaded)
        }
        for calendar in calendars {
            do { try CalendarFields(calendar).add(to: &tables) } catch {
                throw LakeError(.invalidArgument, "calendar of \(calendar.field): \(error.message)", context: [name, "line \(calendar.line)"])
            }
        }
        do { return try DataModel(tables: tables, links: links) } catch {
            throw LakeError(.invalidArgument, error.message, context: [name])
        }
    }
}
