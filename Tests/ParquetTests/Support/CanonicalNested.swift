// Nested values (Parquet's NestedValue, shaped by the reader's internal
// NestedShape) in canonical.py's forms, for the Parquet tests.

@testable import Parquet
import VigieTestSupport

extension Canonical {
    /// A nested value of a field of shape `shape`, in canonical.py's forms.
    static func nested(_ shape: NestedShape, _ value: NestedValue) -> CanonicalValue {
        switch (shape.kind, value) {
        case (_, .null): return .null
        case let (.leaf(d), leaf): return .scalar(leafText(d, leaf))
        case let (.record(fields), .record(values)):
            var object: [String: CanonicalValue] = [:]
            for (field, value) in zip(fields, values) { object[field.name] = nested(field.shape, value.value) }
            return .object(object)
        case let (.list(element), .list(items)): return .array(items.map { nested(element, $0) })
        case let (.map(key, valueShape), .map(entries)):
            return .array(entries.map { .array([nested(key, $0.key), nested(valueShape, $0.value)]) })
        default: return .scalar("<\(value.kindName) where the shape of \(shape.path) wants another kind>")
        }
    }

    /// A nested leaf in canonical.py's text form, through the flat formatting of a one-value column.
    static func leafText(_ d: ColumnDescriptor, _ value: NestedValue) -> String {
        let values: ColumnValues
        switch (value, d.physicalType) {
        case let (.boolean(b), _): values = .boolean([b])
        case let (.int(v), .int32): values = .int32([Int32(truncatingIfNeeded: v)])
        case let (.int(v), _): values = .int64([v])
        case let (.float(v), .float): values = .float([Float(v)])
        case let (.float(v), _): values = .double([v])
        case let (.bytes(b), .byteArray): values = .byteArray(ByteArrays(offsets: [0, b.count], bytes: b))
        case let (.bytes(b), _): values = .fixed(width: b.count, bytes: b)
        default: return "<\(value.kindName) in leaf \(d.name)>"
        }
        return text(d, values, 0)
    }
}
