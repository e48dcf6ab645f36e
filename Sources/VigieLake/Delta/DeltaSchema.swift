// A Delta table's schema: the Spark-style JSON of metaData.schemaString
// ({"type":"struct","fields":[{"name","type","nullable","metadata"}]}),
// with primitive type names (string, long, integer, short, byte, float,
// double, boolean, binary, date, timestamp, timestamp_ntz, decimal(p,s))
// and nested struct, array and map types. Vigie's tables are flat; nested
// types are parsed so that the error can name them.

import Foundation
import Parquet

/// A Delta column type.
public indirect enum DeltaType: Sendable, Equatable, CustomStringConvertible {
    case string, long, integer, short, byte, float, double, boolean, binary, date, timestamp, timestampNtz
    case decimal(precision: Int, scale: Int)
    case `struct`([DeltaField])
    case array(element: DeltaType, containsNull: Bool)
    case map(key: DeltaType, value: DeltaType, valueContainsNull: Bool)

    public var description: String {
        switch self {
        case .string: "string"
        case .long: "long"
        case .integer: "integer"
        case .short: "short"
        case .byte: "byte"
        case .float: "float"
        case .double: "double"
        case .boolean: "boolean"
        case .binary: "binary"
        case .date: "date"
        case .timestamp: "timestamp"
        case .timestampNtz: "timestamp_ntz"
        case let .decimal(p, s): "decimal(\(p),\(s))"
        case .struct: "struct"
        case let .array(e, _): "array<\(e)>"
        case let .map(k, v, _): "map<\(k),\(v)>"
        }
    }

    public var isNested: Bool {
        switch self {
        case .struct, .array, .map: true
        default: false
        }
    }

    static func decode(_ json: JSONValue) throws(LakeError) -> DeltaType {
        if let name = json.stringValue {
            switch name {
            case "string": return .string
            case "long": return .long
            case "integer": return .integer
            case "short": return .short
            case "byte": return .byte
            case "float": return .float
            case "double": return .double
            case "boolean": return .boolean
            case "binary": return .binary
            case "date": return .date
            case "timestamp": return .timestamp
            case "timestamp_ntz": return .timestampNtz
            default:
                if name.hasPrefix("decimal(") && name.hasSuffix(")") {
                    let parts = name.dropFirst(8).dropLast().split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                    if parts.count == 2, let p = parts[0], let s = parts[1], p > 0, p <= 38, s >= 0, s <= p {
                        return .decimal(precision: p, scale: s)
                    }
                }
                if name == "variant" { throw LakeError(.unsupported, "the column type variant is not supported") }
                throw LakeError(.corrupt, "unknown column type '\(name)'")
            }
        }
        switch json["type"]?.stringValue {
        case "struct"?:
            return .struct(try DeltaSchema.fields(json))
        case "array"?:
            guard let e = json["elementType"] else { throw LakeError(.corrupt, "array type without elementType") }
            return .array(element: try decode(e), containsNull: json["containsNull"]?.boolValue ?? true)
        case "map"?:
            guard let k = json["keyType"], let v = json["valueType"] else { throw LakeError(.corrupt, "map type without keyType or valueType") }
            return .map(key: try decode(k), value: try decode(v), valueContainsNull: json["valueContainsNull"]?.boolValue ?? true)
        default:
            throw LakeError(.corrupt, "unknown column type \(String(json.description.prefix(80)))")
        }
    }

    var json: JSONValue {
        switch self {
        case let .struct(fields): .object([("type", .string("struct")), ("fields", .array(fields.map(\.json)))])
        case let .array(e, n): .object([("type", .string("array")), ("elementType", e.json), ("containsNull", .bool(n))])
        case let .map(k, v, n): .object([("type", .string("map")), ("keyType", k.json), ("valueType", v.json), ("valueContainsNull", .bool(n))])
        default: .string(description)
        }
    }
}

/// One column of a Delta schema.
public struct DeltaField: Sendable, Equatable {
    public var name: String
    public var type: DeltaType
    public var nullable: Bool
    /// Column metadata (column mapping ids, comments, …) as JSON.
    public var metadata: JSONValue

    public init(name: String, type: DeltaType, nullable: Bool = true, metadata: JSONValue = .object([])) {
        self.name = name
        self.type = type
        self.nullable = nullable
        self.metadata = metadata
    }

    var json: JSONValue {
        .object([("name", .string(name)), ("type", type.json), ("nullable", .bool(nullable)), ("metadata", metadata)])
    }

    /// The column's name in the data files: its column-mapping physical name when it has one.
    public var physicalName: String {
        metadata["delta.columnMapping.physicalName"]?.stringValue ?? name
    }
}

/// The schema of a Delta table.
public struct DeltaSchema: Sendable, Equatable {
    public var fields: [DeltaField]

    public init(fields: [DeltaField]) { self.fields = fields }

    /// Parses metaData.schemaString.
    public init(json text: String) throws(LakeError) {
        let json = try JSONValue.parse(text)
        guard json["type"]?.stringValue == "struct" else { throw LakeError(.corrupt, "the schema is not a struct type") }
        fields = try Self.fields(json)
    }

    static func fields(_ json: JSONValue) throws(LakeError) -> [DeltaField] {
        guard let items = json["fields"]?.arrayValue else { throw LakeError(.corrupt, "a struct type without fields") }
        var out: [DeltaField] = []
        for item in items {
            guard let name = item["name"]?.stringValue, let type = item["type"] else { throw LakeError(.corrupt, "a struct field without name or type") }
            out.append(DeltaField(name: name, type: try DeltaType.decode(type), nullable: item["nullable"]?.boolValue ?? true,
                                  metadata: item["metadata"] ?? .object([])))
        }
        return out
    }

    /// The schemaString to write.
    public var jsonString: String {
        JSONValue.object([("type", .string("struct")), ("fields", .array(fields.map(\.json)))]).description
    }

    public func field(named name: String) -> DeltaField? { fields.first { $0.name == name } }
}

extension DeltaField {
    /// The Parquet column Vigie writes for this field (flat types only).
    func parquetField() throws(LakeError) -> ParquetField {
        switch type {
        case .string: return .string(name, nullable: nullable)
        case .long: return .int64(name, nullable: nullable)
        case .integer: return .int32(name, nullable: nullable)
        case .short: return ParquetField(name: name, physicalType: .int32, logicalType: .integer(bitWidth: 16, isSigned: true), isNullable: nullable)
        case .byte: return ParquetField(name: name, physicalType: .int32, logicalType: .integer(bitWidth: 8, isSigned: true), isNullable: nullable)
        case .float: return .float(name, nullable: nullable)
        case .double: return .double(name, nullable: nullable)
        case .boolean: return .boolean(name, nullable: nullable)
        case .binary: return .binary(name, nullable: nullable)
        case .date: return .date(name, nullable: nullable)
        case .timestamp: return .timestamp(name, unit: .micros, utc: true, nullable: nullable)
        case .timestampNtz: return .timestamp(name, unit: .micros, utc: false, nullable: nullable)
        case let .decimal(p, s): return .decimal(name, precision: p, scale: s, nullable: nullable)
        default: throw LakeError(.unsupported, "column '\(name)' has the nested type \(type); Vigie's tables are flat")
        }
    }
}
