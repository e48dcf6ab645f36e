// Ingest pipelines as code: one YAML file per pipeline in the workspace's
// pipelines/ folder. Errors name the file, the line and what is wrong, and
// a pipeline that fails to load is never half-applied.
//
//   name: creches-attendance
//   source:
//     format: csv                      # csv | ndjson | json | xlsx
//     path: inbox/creches/*.csv        # a file, a glob, or a folder (every file in it)
//     csv: { separator: ";", encoding: windows-1252, decimal: ",", thousands: " ", dates: dmy }
//     xlsx: { sheet: "Budget 2025", header_row: 3 }
//   target:
//     table: creches_attendance
//     mode: append                     # append | replace | upsert
//     key: [child, day]                # rows must be unique on it; upsert replaces by it
//   schema:                            # omitted: inferred from the data
//     - { name: establishment, type: string, required: true }
//     - { name: day, type: date, required: true }
//     - { name: hours, type: "decimal(6,2)" }
//   transforms:
//     - rename: { "Code établissement": establishment }
//     - cast: { hours: double }
//     - derive: { month: "month(day)" }
//     - filter: "hours > 0"
//     - drop: [note]
//     - lookup: { table: establishments, key: establishment, fields: [structure] }
//   rejects:
//     max_ratio: 0.05                  # above it nothing is committed

import Foundation
import Yams

/// A declared or inferred column of the target table.
public struct PipelineField: Sendable, Equatable {
    public var name: String
    public var type: DeltaType
    public var required: Bool

    public init(name: String, type: DeltaType, required: Bool = false) {
        self.name = name
        self.type = type
        self.required = required
    }
}

/// One step between the source's columns and the table's.
public enum PipelineTransform: Sendable, Equatable {
    case rename([(from: String, to: String)])
    case cast([(field: String, type: DeltaType)])
    case derive([(field: String, expression: String)])
    case filter(String)
    case drop([String])
    case lookup(table: String, key: String, fields: [String])

    public static func == (a: PipelineTransform, b: PipelineTransform) -> Bool {
        switch (a, b) {
        case let (.rename(x), .rename(y)): x.count == y.count && zip(x, y).allSatisfy { $0.from == $1.from && $0.to == $1.to }
        case let (.cast(x), .cast(y)): x.count == y.count && zip(x, y).allSatisfy { $0.field == $1.field && $0.type == $1.type }
        case let (.derive(x), .derive(y)): x.count == y.count && zip(x, y).allSatisfy { $0.field == $1.field && $0.expression == $1.expression }
        case let (.filter(x), .filter(y)): x == y
        case let (.drop(x), .drop(y)): x == y
        case let (.lookup(t1, k1, f1), .lookup(t2, k2, f2)): t1 == t2 && k1 == k2 && f1 == f2
        default: false
        }
    }
}

/// An ingest pipeline.
public struct Pipeline: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable { case csv, ndjson, json, xlsx }
    public enum Mode: String, Sendable, Equatable { case append, replace, upsert }

    public var name: String
    public var format: Format
    /// A file, a glob (`*`, `?`) or a folder, relative to the workspace.
    public var sourcePath: String
    /// CSV dialect overrides, by key (separator, encoding, decimal, thousands, dates, header).
    public var csvOptions: [String: String]
    public var sheet: String?
    public var headerRow: Int?
    public var table: String
    public var mode: Mode
    public var key: [String]
    /// nil: inferred from the data.
    public var schema: [PipelineField]?
    public var transforms: [PipelineTransform]
    public var maxRejectRatio: Double?

    public init(name: String, format: Format, sourcePath: String, table: String, mode: Mode = .append, key: [String] = [],
                schema: [PipelineField]? = nil, transforms: [PipelineTransform] = [], csvOptions: [String: String] = [:],
                sheet: String? = nil, headerRow: Int? = nil, maxRejectRatio: Double? = nil) {
        self.name = name
        self.format = format
        self.sourcePath = sourcePath
        self.table = table
        self.mode = mode
        self.key = key
        self.schema = schema
        self.transforms = transforms
        self.csvOptions = csvOptions
        self.sheet = sheet
        self.headerRow = headerRow
        self.maxRejectRatio = maxRejectRatio
    }

    /// Loads a pipeline file.
    public static func load(path: String) throws(LakeError) -> Pipeline {
        guard let data = FileManager.default.contents(atPath: path) else { throw LakeError(.io, "cannot read \(path)") }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Parses pipeline YAML; errors name `file` and the line.
    public static func parse(_ text: String, file: String) throws(LakeError) -> Pipeline {
        let yaml = PipelineYAML(file: file)
        return try yaml.pipeline(try yaml.root(text))
    }
}

/// Reads the YAML tree, with line numbers in every error.
private struct PipelineYAML: YAMLReading {
    let file: String

    func type(_ node: Node?) throws(LakeError) -> DeltaType {
        let text = try string(node, "a type").lowercased().replacingOccurrences(of: " ", with: "")
        let aliases: [String: String] = ["int": "long", "int64": "long", "bigint": "long", "int32": "integer", "text": "string",
                                         "bool": "boolean", "datetime": "timestamp", "number": "double", "float64": "double"]
        do {
            return try DeltaType.decode(.string(aliases[text] ?? (text == "decimal" ? "decimal(18,2)" : text)))
        } catch {
            throw fail(node, "unknown type '\(text)': use string, int, long, integer, double, decimal(p,s), bool, date or timestamp")
        }
    }

    func pipeline(_ root: Node) throws(LakeError) -> Pipeline {
        let top = try mapping(root, "a pipeline")
        try checkKeys(top, allowed: ["name", "source", "target", "schema", "transforms", "rejects"], "the pipeline")
        let source = try mapping(top["source"], "source")
        try checkKeys(source, allowed: ["format", "path", "csv", "xlsx"], "source")
        let target = try mapping(top["target"], "target")
        try checkKeys(target, allowed: ["table", "mode", "key"], "target")
        let formatText = try string(source["format"], "source.format")
        guard let format = Pipeline.Format(rawValue: formatText.lowercased()) else {
            throw fail(source["format"], "unknown source format '\(formatText)': use csv, ndjson, json or xlsx")
        }
        let modeText = target["mode"].map { $0.scalar?.string ?? "" } ?? "append"
        guard let mode = Pipeline.Mode(rawValue: modeText) else { throw fail(target["mode"], "unknown mode '\(modeText)': use append, replace or upsert") }
        var pipeline = Pipeline(name: try string(top["name"], "name"), format: format, sourcePath: try string(source["path"], "source.path"),
                                table: try string(target["table"], "target.table"), mode: mode,
                                key: target["key"] == nil ? [] : try strings(target["key"], "target.key"))
        if mode == .upsert && pipeline.key.isEmpty { throw fail(target["mode"], "mode upsert needs a key (target.key)") }
        if let csv = source["csv"] {
            let m = try mapping(csv, "source.csv")
            try checkKeys(m, allowed: ["separator", "encoding", "decimal", "thousands", "dates", "header"], "source.csv")
            for (k, v) in m { pipeline.csvOptions[k.scalar?.string ?? ""] = try string(v, "source.csv.\(k.scalar?.string ?? "")") }
        }
        if let xlsx = source["xlsx"] {
            let m = try mapping(xlsx, "source.xlsx")
            try checkKeys(m, allowed: ["sheet", "header_row"], "source.xlsx")
            pipeline.sheet = m["sheet"].map { $0.scalar?.string ?? "" }
            if let row = m["header_row"] {
                guard let n = row.scalar.flatMap({ Int($0.string) }), n >= 1 else { throw fail(row, "source.xlsx.header_row must be a row number (1 or more)") }
                pipeline.headerRow = n
            }
        }
        if let schema = top["schema"] {
            guard let items = schema.sequence else { throw fail(schema, "schema must be a list of fields") }
            var fields: [PipelineField] = []
            for item in items {
                let m = try mapping(item, "a schema field")
                try checkKeys(m, allowed: ["name", "type", "required", "key"], "a schema field")
                let required = m["required"]?.bool ?? false
                let field = PipelineField(name: try string(m["name"], "a field's name"), type: try type(m["type"]), required: required)
                if field.type.isNested { throw fail(item, "field '\(field.name)': nested types are not supported") }
                if fields.contains(where: { $0.name == field.name }) { throw fail(item, "field '\(field.name)' is declared twice") }
                fields.append(field)
            }
            pipeline.schema = fields
            for k in pipeline.key where !fields.contains(where: { $0.name == k }) {
                throw fail(target["key"], "key field '\(k)' is not in the schema")
            }
        }
        if let transforms = top["transforms"] {
            guard let items = transforms.sequence else { throw fail(transforms, "transforms must be a list") }
            for item in items { pipeline.transforms.append(try transform(item)) }
        }
        if let rejects = top["rejects"] {
            let m = try mapping(rejects, "rejects")
            try checkKeys(m, allowed: ["max_ratio"], "rejects")
            guard let ratio = m["max_ratio"]?.float, ratio >= 0, ratio <= 1 else { throw fail(m["max_ratio"], "rejects.max_ratio must be a number between 0 and 1") }
            pipeline.maxRejectRatio = ratio
        }
        return pipeline
    }

    func pairs(_ node: Node?, _ what: String) throws(LakeError) -> [(String, Node)] {
        var out: [(String, Node)] = []
        for (k, v) in try mapping(node, what) { out.append((try string(k, "a name in \(what)"), v)) }
        return out
    }

    func transform(_ node: Node) throws(LakeError) -> PipelineTransform {
        let m = try mapping(node, "a transform")
        guard m.count == 1, let (k, v) = m.first, let kind = k.scalar?.string else {
            throw fail(node, "a transform is one of rename, cast, derive, filter, drop, lookup, with its settings")
        }
        switch kind {
        case "rename":
            var out: [(from: String, to: String)] = []
            for (from, to) in try pairs(v, "rename") { out.append((from, try string(to, "rename's new name"))) }
            return .rename(out)
        case "cast":
            var out: [(field: String, type: DeltaType)] = []
            for (field, t) in try pairs(v, "cast") { out.append((field, try type(t))) }
            return .cast(out)
        case "derive":
            var out: [(field: String, expression: String)] = []
            for (field, e) in try pairs(v, "derive") { out.append((field, try string(e, "derive's expression"))) }
            return .derive(out)
        case "filter":
            return .filter(try string(v, "filter's condition"))
        case "drop":
            return .drop(try strings(v, "drop"))
        case "lookup":
            let l = try mapping(v, "lookup")
            try checkKeys(l, allowed: ["table", "key", "fields"], "lookup")
            return .lookup(table: try string(l["table"], "lookup.table"), key: try string(l["key"], "lookup.key"), fields: try strings(l["fields"], "lookup.fields"))
        default:
            throw fail(k, "unknown transform '\(kind)': use rename, cast, derive, filter, drop or lookup")
        }
    }
}

extension Pipeline {
    /// The pipeline as YAML, in the form `parse` reads (to save an inferred schema).
    public func yaml() -> String {
        func quoted(_ s: String) -> String {
            let plain = !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || "_-./*".contains($0) } && !["true", "false", "null", "yes", "no"].contains(s)
            return plain ? s : "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines = ["name: \(quoted(name))", "source:", "  format: \(format.rawValue)", "  path: \(quoted(sourcePath))"]
        if !csvOptions.isEmpty {
            lines.append("  csv: { " + csvOptions.sorted { $0.key < $1.key }.map { "\($0.key): \(quoted($0.value))" }.joined(separator: ", ") + " }")
        }
        if sheet != nil || headerRow != nil {
            var parts: [String] = []
            if let sheet { parts.append("sheet: \(quoted(sheet))") }
            if let headerRow { parts.append("header_row: \(headerRow)") }
            lines.append("  xlsx: { " + parts.joined(separator: ", ") + " }")
        }
        lines += ["target:", "  table: \(quoted(table))", "  mode: \(mode.rawValue)"]
        if !key.isEmpty { lines.append("  key: [" + key.map(quoted).joined(separator: ", ") + "]") }
        if let schema {
            lines.append("schema:")
            for f in schema {
                lines.append("  - { name: \(quoted(f.name)), type: \(quoted(f.type.description))\(f.required ? ", required: true" : "") }")
            }
        }
        if !transforms.isEmpty {
            lines.append("transforms:")
            for t in transforms {
                switch t {
                case let .rename(pairs): lines.append("  - rename: { " + pairs.map { "\(quoted($0.from)): \(quoted($0.to))" }.joined(separator: ", ") + " }")
                case let .cast(pairs): lines.append("  - cast: { " + pairs.map { "\(quoted($0.field)): \(quoted($0.type.description))" }.joined(separator: ", ") + " }")
                case let .derive(pairs): lines.append("  - derive: { " + pairs.map { "\(quoted($0.field)): \(quoted($0.expression))" }.joined(separator: ", ") + " }")
                case let .filter(condition): lines.append("  - filter: \(quoted(condition))")
                case let .drop(fields): lines.append("  - drop: [" + fields.map(quoted).joined(separator: ", ") + "]")
                case let .lookup(table, key, fields):
                    lines.append("  - lookup: { table: \(quoted(table)), key: \(quoted(key)), fields: [" + fields.map(quoted).joined(separator: ", ") + "] }")
                }
            }
        }
        if let maxRejectRatio { lines += ["rejects:", "  max_ratio: \(maxRejectRatio)"] }
        return lines.joined(separator: "\n") + "\n"
    }
}
