// Decoded column data. Values are kept dense (nulls take no slot) in the
// physical type's natural Swift array, with a per-row validity array when
// the column has nulls. Logical types (dates, decimals, timestamps) are
// interpreted only when a value is formatted, so decoding stays a copy.

/// The non-null values of a column, in physical representation.
public enum ColumnValues: Sendable, Equatable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case float([Float])
    case double([Double])
    case byteArray(ByteArrays)
    /// FIXED_LEN_BYTE_ARRAY (and INT96, as 12-byte values): `count * width` bytes.
    case fixed(width: Int, bytes: [UInt8])

    /// Number of values.
    public var count: Int {
        switch self {
        case let .boolean(v): v.count
        case let .int32(v): v.count
        case let .int64(v): v.count
        case let .float(v): v.count
        case let .double(v): v.count
        case let .byteArray(v): v.count
        case let .fixed(width, bytes): width == 0 ? 0 : bytes.count / width
        }
    }

    /// An empty array of the representation used for `type`.
    public static func empty(for type: PhysicalType, width: Int) -> ColumnValues {
        switch type {
        case .boolean: .boolean([])
        case .int32: .int32([])
        case .int64: .int64([])
        case .float: .float([])
        case .double: .double([])
        case .byteArray: .byteArray(ByteArrays())
        default: .fixed(width: width, bytes: [])
        }
    }
}

/// One column read from a file: its description, its non-null values and which rows are null.
public struct ColumnData: Sendable, Equatable {
    public var descriptor: ColumnDescriptor
    /// The non-null values, in row order.
    public var values: ColumnValues
    /// One entry per row, false where the row is null; nil when no row is null.
    public var validity: [Bool]?
    /// Number of rows.
    public var rowCount: Int

    public init(descriptor: ColumnDescriptor, values: ColumnValues, validity: [Bool]?, rowCount: Int) {
        self.descriptor = descriptor
        self.values = values
        self.validity = validity
        self.rowCount = rowCount
    }

    /// Number of null rows.
    public var nullCount: Int { rowCount - values.count }

    /// For each row, the index of its value in `values`, or nil for a null row.
    public func valueIndices() -> [Int?] {
        guard let validity else { return (0..<rowCount).map { $0 } }
        var next = 0
        return validity.map { valid in
            guard valid else { return nil }
            defer { next += 1 }
            return next
        }
    }
}

/// A column chunk kept dictionary-encoded: distinct values once, and one index per non-null row.
/// The engine keeps text columns this way instead of one string per row.
public struct DictionaryColumnData: Sendable, Equatable {
    public var descriptor: ColumnDescriptor
    /// The dictionary (entries may repeat across row groups, never within one chunk by convention).
    public var dictionary: ColumnValues
    /// For each non-null row, the index of its value in `dictionary`.
    public var indices: [UInt32]
    /// One entry per row, false where the row is null; nil when no row is null.
    public var validity: [Bool]?
    public var rowCount: Int
}

/// One leaf column of a nested field as level entries (Dremel): an entry per value, null or empty
/// list, with its repetition and definition levels, and the non-null values in entry order.
/// What the decoder gives record assembly, and what shredding gives the chunk writer.
struct LeafColumn {
    var descriptor: ColumnDescriptor
    /// One repetition level per entry; empty when the column's maximum is 0 (every level is 0).
    var repetitionLevels: [UInt8]
    /// One definition level per entry; empty when the column's maximum is 0 (every level is 0).
    var definitionLevels: [UInt8]
    /// Number of entries.
    var count: Int
    /// The values of the entries whose definition level is the column's maximum.
    var values: ColumnValues
}
