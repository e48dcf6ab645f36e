// Small lake tables written by tests through the lake's public API
// (DeltaTable.create and write), for the tests of what reads the lake:
// apps, the server. Columns are given as plain Swift arrays.

import Parquet
import VigieLake

/// A column of a test table.
public enum FixtureColumn: Sendable {
    case text([String])
    case integer([Int64])
    case number([Double])
    /// Days since 1970-01-01.
    case date([Int32])

    var count: Int {
        switch self {
        case let .text(v): v.count
        case let .integer(v): v.count
        case let .number(v): v.count
        case let .date(v): v.count
        }
    }
}

public enum LakeFixture {
    /// Writes `columns` (name and values, equal lengths) to the lake table `name` of `workspace` in one commit, creating
    /// the table first when it does not exist.
    public static func write(_ workspace: Workspace, table name: String, _ columns: [(String, FixtureColumn)]) throws {
        let fields = columns.map { name, column -> DeltaField in
            switch column {
            case .text: DeltaField(name: name, type: .string)
            case .integer: DeltaField(name: name, type: .long)
            case .number: DeltaField(name: name, type: .double)
            case .date: DeltaField(name: name, type: .date)
            }
        }
        let existing = try workspace.table(name)
        let table = existing.exists ? existing : try DeltaTable.create(path: existing.path, schema: DeltaSchema(fields: fields))
        let data = columns.enumerated().map { index, pair -> ColumnData in
            let (field, column) = pair
            let (parquet, values): (ParquetField, ColumnValues) = switch column {
            case let .text(v): (.string(field), .byteArray(ByteArrays(v)))
            case let .integer(v): (.int64(field), .int64(v))
            case let .number(v): (.double(field), .double(v))
            case let .date(v): (.date(field), .int32(v))
            }
            return ColumnData(descriptor: parquet.descriptor(index: index), values: values, validity: nil, rowCount: column.count)
        }
        try table.write(data)
    }
}
