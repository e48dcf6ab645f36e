// Lake columns (Parquet values in the table's types) as engine fields.
//
// An app loads a column chunk by chunk (DeltaSnapshot.readChunks): a
// dictionary-encoded chunk gives the FieldBuilder its dictionary, converted
// here once per entry, and its rows' indices, so those rows are neither
// decoded into values nor hashed; other chunks give their values.

import Foundation
import Parquet
import VigieEngine
import VigieLake

extension EngineField {
    /// The field of a lake table's column of type `type`, from its values.
    init(name: String, column: ColumnData, type: DeltaType) throws(EngineError) {
        var field = try LakeField(name: name, type: type)
        try field.append(.values(column))
        self = field.builder.finish()
    }
}

/// A lake table's column being loaded into a field, chunk by chunk in row order.
struct LakeField {
    let type: DeltaType
    var builder: FieldBuilder

    /// Refuses the types apps cannot load, before any row is read.
    init(name: String, type: DeltaType) throws(EngineError) {
        self.type = type
        let fieldType: FieldType
        switch type {
        case .string: fieldType = .text
        case .long, .integer, .short, .byte: fieldType = .integer
        case .double, .float, .decimal: fieldType = .number
        case .boolean: fieldType = .bool
        case .date: fieldType = .date
        case .timestamp, .timestampNtz: fieldType = .timestamp
        default: throw EngineError(.invalidData, "column \(name) has the type \(type), which apps cannot load yet")
        }
        builder = FieldBuilder(name: name, type: fieldType)
    }

    mutating func append(_ chunk: DeltaColumnChunk) throws(EngineError) {
        switch chunk {
        case let .dictionary(d):
            builder.append(dictionary: try symbols(d.dictionary), indices: d.indices, validity: d.validity, rowCount: d.rowCount)
        case let .values(c):
            builder.append(values: try symbols(c.values), validity: c.validity, rowCount: c.rowCount)
        }
    }

    /// Values of the column's type (as the lake table stores them) as the engine keeps them.
    private func symbols(_ values: ColumnValues) throws(EngineError) -> SymbolTable.Values {
        let name = builder.name
        switch (type, values) {
        case let (.string, .byteArray(v)): return .text((0..<v.count).map(v.string))
        case let (.long, .int64(v)): return .integer(v)
        case let (.integer, .int32(v)), let (.short, .int32(v)), let (.byte, .int32(v)): return .integer(v.map(Int64.init))
        case let (.double, .double(v)): return .number(v)
        case let (.float, .float(v)): return .number(v.map(Double.init))
        case let (.boolean, .boolean(v)): return .bool(v)
        case let (.date, .int32(v)): return .date(v)
        case let (.timestamp, .int64(v)), let (.timestampNtz, .int64(v)): return .timestamp(v)
        case let (.decimal(_, scale), values):
            let divisor = (0..<scale).reduce(1.0) { acc, _ in acc * 10 }
            let unscaled: [Double]
            switch values {
            case let .int32(v): unscaled = v.map(Double.init)
            case let .int64(v): unscaled = v.map(Double.init)
            case let .fixed(width, bytes):
                unscaled = (0..<(bytes.count / Swift.max(width, 1))).map { i in
                    Double(ColumnDescriptor.bigEndianInteger(bytes[(i * width)..<(i * width + width)]) ?? 0)
                }
            default: throw EngineError(.invalidData, "column \(name): decimal values in an unexpected representation")
            }
            return .number(unscaled.map { $0 / divisor })
        default:
            throw EngineError(.invalidData, "column \(name) of type \(type) holds \(values.count) values of an unexpected representation")
        }
    }
}
