// Lake columns (Parquet values in the table's types) as engine fields.

import Foundation
import Parquet
import VigieEngine
import VigieLake

extension EngineField {
    /// The field of a lake table's column of type `type`.
    init(name: String, column: ColumnData, type: DeltaType) throws(EngineError) {
        let indices = column.valueIndices()
        func rows<T>(_ values: [T]) -> [T?] { indices.map { $0.map { values[$0] } } }
        switch (type, column.values) {
        case let (.string, .byteArray(v)):
            let texts = (0..<v.count).map(v.string)
            self = .text(name, rows(texts))
        case let (.long, .int64(v)):
            self = .integer(name, rows(v))
        case let (.integer, .int32(v)), let (.short, .int32(v)), let (.byte, .int32(v)):
            self = .integer(name, rows(v.map(Int64.init)))
        case let (.double, .double(v)):
            self = .number(name, rows(v))
        case let (.float, .float(v)):
            self = .number(name, rows(v.map(Double.init)))
        case let (.boolean, .boolean(v)):
            self = .bool(name, rows(v))
        case let (.date, .int32(v)):
            self = .date(name, rows(v))
        case let (.timestamp, .int64(v)), let (.timestampNtz, .int64(v)):
            self = .timestamp(name, rows(v))
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
            self = .number(name, rows(unscaled.map { $0 / divisor }))
        default:
            throw EngineError(.invalidData, "column \(name) has the type \(type), which apps cannot load yet")
        }
    }
}
