// Changing a table beyond appends: schema evolution (new nullable columns)
// and upserts by key (rows whose key is in the new data are replaced), each
// one commit checked for conflicts like any other.

import Foundation
import Parquet

extension DeltaSchema {
    /// The columns `schema` adds to this one, after checking it only adds nullable columns.
    func checkEvolution(to schema: DeltaSchema, table: String) throws(LakeError) -> [DeltaField] {
        for old in fields {
            guard let new = schema.field(named: old.name), new.type == old.type else {
                throw LakeError(.invalidArgument, "schema evolution may only add columns; '\(old.name)' changed or disappeared", context: [table])
            }
        }
        let added = schema.fields.filter { field(named: $0.name) == nil }
        for new in added where !new.nullable {
            throw LakeError(.invalidArgument, "a column added to an existing table must be nullable ('\(new.name)')", context: [table])
        }
        return added
    }
}

extension DeltaTable {
    /// Commits a new schema that adds nullable columns to the current one.
    @discardableResult
    public func evolve(to schema: DeltaSchema) throws(LakeError) -> Int64 {
        let snapshot = try snapshot()
        let added = try snapshot.schema.checkEvolution(to: schema, table: path)
        var metadata = snapshot.metadata
        metadata.schemaString = schema.jsonString
        return try commit([.metadata(metadata)], readVersion: snapshot.version, operation: .rewrite("ADD COLUMNS"),
                          info: [("vigie.addedColumns", .array(added.map { .string($0.name) }))])
    }

    /// Replaces the rows whose `key` is in `columns` and adds the others, in one commit.
    @discardableResult
    public func upsert(_ columns: [ColumnData], key: [String], info: [(String, JSONValue)] = []) throws(LakeError) -> Int64 {
        let snapshot = try snapshot()
        let keyIndices = try key.map { (name) throws(LakeError) -> Int in
            guard let i = snapshot.schema.fields.firstIndex(where: { $0.name == name }) else {
                throw LakeError(.invalidArgument, "the key column '\(name)' is not in the table", context: [path])
            }
            return i
        }
        let incoming = Set(Self.keys(columns, keyIndices))
        let current = try snapshot.read()
        let keep = Self.keys(current, keyIndices).map { !incoming.contains($0) }
        let fields = try snapshot.schema.fields.map { (f) throws(LakeError) in try f.parquetField() }
        var builders = fields.enumerated().map { ColumnBuilder(field: $0.element, index: $0.offset) }
        for (k, column) in current.enumerated() { try builders[k].append(column.filtered(keep)) }
        for (k, column) in columns.enumerated() { try builders[k].append(column) }
        let merged = builders.map { $0.finish() }
        let file = try DeltaDataFile(table: self, schema: snapshot.schema)
        var actions: [DeltaAction]
        do {
            try file.append(merged)
            actions = try [file.finish()].compactMap { $0 }.map(DeltaAction.add)
        } catch {
            file.discard()
            throw error
        }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        for file in snapshot.files {
            actions.append(.remove(DeltaRemoveFile(path: file.path, deletionTimestamp: now, dataChange: true, partitionValues: file.partitionValues, size: file.size)))
        }
        return try commit(actions, readVersion: snapshot.version, operation: .rewrite("MERGE"),
                          info: info + [("operationParameters", .object([("mode", .string("Upsert")), ("key", .array(key.map(JSONValue.string)))]))])
    }

    /// Each row's key as text.
    static func keys(_ columns: [ColumnData], _ indices: [Int]) -> [[String?]] {
        let rows = columns.first?.rowCount ?? 0
        let parts = indices.map { i -> [String?] in
            let c = columns[i]
            return c.valueIndices().map { $0.map { c.descriptor.text(of: c.values, at: $0) } }
        }
        return (0..<rows).map { r in parts.map { $0[r] } }
    }
}

extension ColumnData {
    /// The rows where `keep` is true.
    func filtered(_ keep: [Bool]) -> ColumnData {
        let indices = valueIndices()
        var keptValues: [Int] = []
        var validity: [Bool] = []
        for (row, index) in indices.enumerated() where keep[row] {
            validity.append(index != nil)
            if let index { keptValues.append(index) }
        }
        func pick<T>(_ a: [T]) -> [T] { keptValues.map { a[$0] } }
        let picked: ColumnValues
        switch values {
        case let .boolean(v): picked = .boolean(pick(v))
        case let .int32(v): picked = .int32(pick(v))
        case let .int64(v): picked = .int64(pick(v))
        case let .float(v): picked = .float(pick(v))
        case let .double(v): picked = .double(pick(v))
        case let .byteArray(v):
            var out = ByteArrays()
            for i in keptValues { v[i].withUnsafeBytes { out.append($0) } }
            picked = .byteArray(out)
        case let .fixed(w, b):
            picked = .fixed(width: w, bytes: keptValues.flatMap { b[($0 * w)..<($0 * w + w)] })
        }
        return ColumnData(descriptor: descriptor, values: picked, validity: validity.contains(false) ? validity : nil, rowCount: validity.count)
    }
}
