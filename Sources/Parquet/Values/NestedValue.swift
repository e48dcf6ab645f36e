// One value of a nested field (a struct, a list, a map, or a leaf inside
// them), as `ParquetFileReader.readNested` assembles it and
// `ParquetFileWriter.writeRows` takes it. Leaves keep their physical
// representation (integers, floats, bytes); their logical meaning (a
// string, a date, a decimal) is the schema's, as for flat columns.
// Bulk flat data never goes through this type: it is for the few nested
// fields (Delta checkpoints, event payloads) where one value per row is
// the natural shape.

/// A value of a nested (or flat) field: a leaf, a list, a map or a record, any of them null.
public indirect enum NestedValue: Sendable, Equatable {
    case null
    case boolean(Bool)
    /// INT32 and INT64 values. INT32 columns annotated as unsigned give their unsigned value.
    case int(Int64)
    /// FLOAT and DOUBLE values.
    case float(Double)
    /// BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY and INT96 values.
    case bytes([UInt8])
    case list([NestedValue])
    /// Entries in file order (duplicate keys are kept as written).
    case map([NestedMapEntry])
    /// Fields in schema order.
    case record([NestedField])
}

/// One entry of a map.
public struct NestedMapEntry: Sendable, Equatable {
    public var key: NestedValue
    public var value: NestedValue

    public init(key: NestedValue, value: NestedValue) {
        self.key = key
        self.value = value
    }
}

/// One named field of a record.
public struct NestedField: Sendable, Equatable {
    public var name: String
    public var value: NestedValue

    public init(name: String, value: NestedValue) {
        self.name = name
        self.value = value
    }
}

extension NestedValue {
    /// A UTF-8 string leaf.
    public static func string(_ s: String) -> NestedValue { .bytes(Array(s.utf8)) }

    /// A record from (name, value) pairs, in order.
    public static func record(_ fields: KeyValuePairs<String, NestedValue>) -> NestedValue {
        .record(fields.map { NestedField(name: $0.key, value: $0.value) })
    }

    /// A map from (key, value) pairs, in order.
    public static func map(_ entries: [(key: NestedValue, value: NestedValue)]) -> NestedValue {
        .map(entries.map { NestedMapEntry(key: $0.key, value: $0.value) })
    }

    /// A map of strings to strings (Delta's partitionValues, tags, configuration), keys in the order given.
    public static func stringMap(_ entries: KeyValuePairs<String, String?>) -> NestedValue {
        .map(entries.map { NestedMapEntry(key: .string($0.key), value: $0.value.map(NestedValue.string) ?? .null) })
    }

    public var isNull: Bool { self == .null }

    /// The bytes decoded as UTF-8 (invalid sequences become U+FFFD); nil for anything but bytes.
    public var string: String? {
        guard case let .bytes(b) = self else { return nil }
        return String(decoding: b, as: UTF8.self)
    }

    /// The integer; nil for anything but an integer.
    public var int: Int64? {
        guard case let .int(v) = self else { return nil }
        return v
    }

    /// The float; nil for anything but a float.
    public var double: Double? {
        guard case let .float(v) = self else { return nil }
        return v
    }

    /// The boolean; nil for anything but a boolean.
    public var bool: Bool? {
        guard case let .boolean(v) = self else { return nil }
        return v
    }

    /// The elements of a list; nil for anything but a list.
    public var elements: [NestedValue]? {
        guard case let .list(v) = self else { return nil }
        return v
    }

    /// The entries of a map; nil for anything but a map.
    public var entries: [NestedMapEntry]? {
        guard case let .map(v) = self else { return nil }
        return v
    }

    /// The field `name` of a record; nil when this is not a record or has no such field.
    public subscript(field name: String) -> NestedValue? {
        guard case let .record(fields) = self else { return nil }
        return fields.first { $0.name == name }?.value
    }

    /// The value of the first entry of a map whose key is the string `key`; nil when there is none.
    public subscript(key key: String) -> NestedValue? {
        guard case let .map(entries) = self else { return nil }
        let bytes = Array(key.utf8)
        return entries.first { $0.key == .bytes(bytes) }?.value
    }

    /// What kind of value this is, for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .boolean: "a boolean"
        case .int: "an integer"
        case .float: "a float"
        case .bytes: "bytes"
        case .list: "a list"
        case .map: "a map"
        case .record: "a record"
        }
    }
}

extension NestedValue: CustomStringConvertible {
    /// A compact rendering: records as `{name: value}`, maps as `[key: value]`, lists as `[a, b]`,
    /// bytes as a quoted string when they are UTF-8, else as hex.
    public var description: String {
        switch self {
        case .null: return "null"
        case let .boolean(b): return "\(b)"
        case let .int(i): return "\(i)"
        case let .float(d): return "\(d)"
        case let .bytes(b):
            if let s = String(validating: b, as: UTF8.self) { return "\"" + s + "\"" }
            return "0x" + b.map { String($0, radix: 16).leftPadded(2) }.joined()
        case let .list(items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
        case let .map(entries): return entries.isEmpty ? "[:]" : "[" + entries.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "]"
        case let .record(fields): return "{" + fields.map { "\($0.name): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

extension NestedValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(arrayLiteral elements: NestedValue...) { self = .list(elements) }
}

extension ColumnValues {
    /// Value `i` as a nested leaf; `unsigned` makes INT32 values zero-extended (UINT_8…UINT_32).
    func nestedValue(at i: Int, unsigned: Bool) -> NestedValue {
        switch self {
        case let .boolean(v): .boolean(v[i])
        case let .int32(v): .int(unsigned ? Int64(UInt32(bitPattern: v[i])) : Int64(v[i]))
        case let .int64(v): .int(v[i])
        case let .float(v): .float(Double(v[i]))
        case let .double(v): .float(v[i])
        case let .byteArray(v): .bytes(Array(v[i]))
        case let .fixed(w, b): .bytes(Array(b[(i * w)..<(i * w + w)]))
        }
    }
}

extension ColumnDescriptor {
    /// Whether INT32 values of this column are unsigned (and read zero-extended into `NestedValue.int`).
    var hasUnsignedInt32: Bool {
        if physicalType == .int32, case .integer(_, false)? = logicalType { return true }
        return false
    }
}

extension ColumnData {
    /// One nested value per row: the leaf value, or null.
    public func nestedValues() -> [NestedValue] {
        let unsigned = descriptor.hasUnsignedInt32
        return valueIndices().map { index in index.map { values.nestedValue(at: $0, unsigned: unsigned) } ?? .null }
    }
}
