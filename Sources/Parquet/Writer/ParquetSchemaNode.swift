// Declaring nested fields to write, and the schema elements they become.
// Lists and maps are written in the standard forms of LogicalTypes.md:
//   <name> (LIST) { repeated group list { <element> element } }
//   <name> (MAP) { repeated group key_value { required <key> key; <value> value } }
// so every reader (pyarrow, DuckDB, Spark, delta-rs) reads them alike.

/// One field of a schema to write: a leaf column, a group of fields (a struct), a list or a map.
public indirect enum ParquetSchemaNode: Sendable, Hashable {
    case leaf(ParquetField)
    case group(name: String, nullable: Bool, children: [ParquetSchemaNode])
    /// A list; the element's own name is not used (the standard name `element` is written).
    case list(name: String, nullable: Bool, element: ParquetSchemaNode)
    /// A map; keys are never null (whatever `key.isNullable` says) and the names `key` and `value` are written.
    case map(name: String, nullable: Bool, key: ParquetField, value: ParquetSchemaNode)

    public var name: String {
        switch self {
        case let .leaf(field): field.name
        case let .group(name, _, _), let .list(name, _, _), let .map(name, _, _, _): name
        }
    }

    public var isNullable: Bool {
        switch self {
        case let .leaf(field): field.isNullable
        case let .group(_, nullable, _), let .list(_, nullable, _), let .map(_, nullable, _, _): nullable
        }
    }

    /// Appends the node's schema elements (depth first), naming it `name` (its own name when nil).
    /// Throws for an empty group, duplicate field names or a FIXED_LEN_BYTE_ARRAY without a length.
    func appendElements(to elements: inout [SchemaElement], name: String? = nil, path: String = "") throws(ParquetError) {
        let name = name ?? self.name
        let path = path.isEmpty ? name : path + "." + name
        func group(_ repetition: Repetition, children: Int, logical: LogicalType? = nil, converted: ConvertedType? = nil) {
            var e = SchemaElement(name: name)
            e.repetition = repetition
            e.numChildren = Int32(children)
            e.logicalType = logical
            e.convertedType = converted
            elements.append(e)
        }
        func repeatedGroup(_ name: String, children: Int) {
            var e = SchemaElement(name: name)
            e.repetition = .repeated
            e.numChildren = Int32(children)
            elements.append(e)
        }
        let repetition: Repetition = isNullable ? .optional : .required
        switch self {
        case let .leaf(field):
            if field.physicalType == .fixedLenByteArray && field.typeLength <= 0 {
                throw ParquetError(.invalidArgument, "FIXED_LEN_BYTE_ARRAY column '\(path)' needs a positive length")
            }
            var e = field.schemaElement
            e.name = name
            elements.append(e)
        case let .group(_, _, children):
            guard !children.isEmpty else { throw ParquetError(.invalidArgument, "group '\(path)' has no fields") }
            var seen = Set<String>()
            for child in children where !seen.insert(child.name).inserted {
                throw ParquetError(.invalidArgument, "group '\(path)' has two fields named '\(child.name)'")
            }
            group(repetition, children: children.count)
            for child in children { try child.appendElements(to: &elements, path: path) }
        case let .list(_, _, element):
            group(repetition, children: 1, logical: .list, converted: .list)
            repeatedGroup("list", children: 1)
            try element.appendElements(to: &elements, name: "element", path: path + ".list")
        case let .map(_, _, key, value):
            group(repetition, children: 1, logical: .map, converted: .map)
            repeatedGroup("key_value", children: 2)
            var requiredKey = key
            requiredKey.isNullable = false
            try ParquetSchemaNode.leaf(requiredKey).appendElements(to: &elements, name: "key", path: path + ".key_value")
            try value.appendElements(to: &elements, name: "value", path: path + ".key_value")
        }
    }
}
