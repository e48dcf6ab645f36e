// The shape of one top-level field: its schema tree read through the LIST
// and MAP rules of parquet-format's LogicalTypes.md, every node carrying
// the levels that decide, for one level entry of a leaf under it, whether
// the node is null, an empty list or map, or present.
//
// Levels (Dremel): a node's definition level `d` is the number of
// non-required nodes from the root down to it, included. For one entry of
// a leaf below it, the node is present when the entry's definition level
// is at least `d`, null (or absent, for a required node under a null
// parent) otherwise. A list or map is a group around a repeated node R:
// it is non-null from its own `d`, holds at least one element from R's
// definition level (always `d + 1`), and a repetition level equal to R's
// (the number of repeated nodes down to R, included) starts its next
// element.
//
// Lists (LogicalTypes.md, with its backward-compatibility rules, as
// pyarrow applies them):
//   <list> (LIST) { repeated group list { <element> } }   3-level: the element
//   <list> (LIST) { repeated <type> element }              2-level, rule 1: required elements
//   <list> (LIST) { repeated group g { a; b } }            rule 2: elements are records {a, b}
//   <list> (LIST) { repeated group array (LIST) { repeated … } }
//                                                          rule 3: elements are the inner lists
//   <list> (LIST) { repeated group array|<list>_tuple { a } }
//                                                          rule 4: elements are records {a}
//   repeated <type> x   (outside LIST and MAP)             a required list of required elements
// Maps: <map> (MAP or MAP_KEY_VALUE) { repeated group key_value { key; value } };
// names are not enforced (key and value are the first and second fields),
// and a key_value group without a value field is a list of keys (as pyarrow
// reads it). The writer builds its schema elements, reads them back through
// the same rules and shreds rows along the resulting shape, so reading and
// writing always agree on levels.

/// How the leaves under a top-level field assemble into one value per row.
struct NestedShape: Sendable {
    indirect enum Kind: Sendable {
        /// A leaf column: a value when the definition level reaches `column.maxDefinitionLevel`.
        case leaf(ColumnDescriptor)
        case record([(name: String, shape: NestedShape)])
        case list(element: NestedShape)
        case map(key: NestedShape, value: NestedShape)
    }

    var kind: Kind
    /// Dotted schema path, for messages.
    var path: String
    /// Whether the node may be null (it is optional, or an element of a list of optional elements).
    var isNullable: Bool
    /// Definition level from which the node is present (non-null).
    var definedLevel: Int
    /// For lists and maps: definition level from which the node holds at least one element (`definedLevel + 1`).
    var elementLevel: Int
    /// For lists and maps: the repetition level that starts another element.
    var repetitionLevel: Int
    /// Indices (in column-chunk order) of the leaf columns under the node; never empty.
    var columns: Range<Int>

    /// The shape of the top-level field `node`.
    init(field node: SchemaNode) throws(ParquetError) {
        self = try Self.field(node, parent: Levels(definition: 0, repetition: 0), path: "")
    }

    private init(_ kind: Kind, path: String, nullable: Bool, levels: Levels, element: Levels? = nil, columns: Range<Int>) {
        self.kind = kind
        self.path = path
        isNullable = nullable
        definedLevel = levels.definition
        elementLevel = element?.definition ?? levels.definition
        repetitionLevel = element?.repetition ?? levels.repetition
        self.columns = columns
    }

    /// Definition and repetition levels reached at a node (the node included).
    struct Levels {
        var definition: Int
        var repetition: Int

        func entering(_ repetition: Repetition) -> Levels {
            Levels(definition: definition + (repetition == .required ? 0 : 1), repetition: self.repetition + (repetition == .repeated ? 1 : 0))
        }
    }

    /// A node as a field of a record (or the file): its own repetition applies.
    private static func field(_ node: SchemaNode, parent: Levels, path: String) throws(ParquetError) -> NestedShape {
        let path = path.isEmpty ? node.name : path + "." + node.name
        let repetition = node.repetition
        let levels = parent.entering(repetition)
        if repetition == .repeated {
            // A repeated field outside LIST and MAP: a required list of required elements.
            guard !node.isList && !node.isMap else {
                throw .unsupported("field '\(path)' is a repeated LIST or MAP group outside a list, which the format does not allow")
            }
            let element = try type(node, levels: levels, path: path)
            return NestedShape(.list(element: element), path: path, nullable: false, levels: parent, element: levels,
                               columns: element.columns)
        }
        return try type(node, levels: levels, path: path)
    }

    /// A node's own type; `levels` already count the node.
    private static func type(_ node: SchemaNode, levels: Levels, path: String) throws(ParquetError) -> NestedShape {
        let nullable = node.repetition == .optional
        switch node {
        case let .leaf(column):
            return NestedShape(.leaf(column), path: path, nullable: nullable, levels: levels, columns: column.index..<(column.index + 1))
        case let .group(_, _, _, _, children):
            if node.isList { return try list(node, children, levels: levels, path: path) }
            if node.isMap { return try map(node, children, levels: levels, path: path) }
            return try record(children, levels: levels, path: path, nullable: nullable)
        }
    }

    private static func record(_ children: [SchemaNode], levels: Levels, path: String, nullable: Bool) throws(ParquetError) -> NestedShape {
        guard !children.isEmpty else { throw .unsupported("group '\(path)' has no fields") }
        var fields: [(name: String, shape: NestedShape)] = []
        for child in children { fields.append((child.name, try field(child, parent: levels, path: path))) }
        let columns = fields[0].shape.columns.lowerBound..<fields[fields.count - 1].shape.columns.upperBound
        return NestedShape(.record(fields), path: path, nullable: nullable, levels: levels, columns: columns)
    }

    /// The repeated child of a LIST or MAP group, and the levels it reaches.
    private static func repeatedChild(_ node: SchemaNode, _ children: [SchemaNode], levels: Levels, path: String,
                                      annotation: String) throws(ParquetError) -> (SchemaNode, Levels) {
        guard children.count == 1 else {
            throw .unsupported("\(annotation) group '\(path)' has \(children.count) fields; it must have exactly one")
        }
        let child = children[0]
        guard child.repetition == .repeated else {
            throw .unsupported("\(annotation) group '\(path)' has a non-repeated field '\(child.name)'; it must be repeated")
        }
        return (child, levels.entering(.repeated))
    }

    private static func list(_ node: SchemaNode, _ children: [SchemaNode], levels: Levels, path: String) throws(ParquetError) -> NestedShape {
        let (repeated, inner) = try repeatedChild(node, children, levels: levels, path: path, annotation: "LIST")
        let innerPath = path + "." + repeated.name
        let element: NestedShape
        switch repeated {
        case .leaf:
            // Rule 1: a repeated primitive is the (required) element.
            element = try type(repeated, levels: inner, path: innerPath)
        case let .group(name, _, _, _, fields):
            if fields.count == 1 && fields[0].repetition != .repeated && name != "array" && name != node.name + "_tuple" {
                // The standard 3-level form (rule 5): the single field is the element, with its own repetition.
                element = try field(fields[0], parent: inner, path: innerPath)
            } else {
                // Rules 2, 3 and 4: the repeated group itself is the (required) element.
                element = try type(repeated, levels: inner, path: innerPath)
            }
        }
        return NestedShape(.list(element: element), path: path, nullable: node.repetition == .optional, levels: levels,
                           element: inner, columns: element.columns)
    }

    private static func map(_ node: SchemaNode, _ children: [SchemaNode], levels: Levels, path: String) throws(ParquetError) -> NestedShape {
        let (keyValue, inner) = try repeatedChild(node, children, levels: levels, path: path, annotation: "MAP")
        let innerPath = path + "." + keyValue.name
        guard case let .group(_, _, _, _, fields) = keyValue, fields.count == 1 || fields.count == 2 else {
            throw .unsupported("MAP group '\(path)' must hold a repeated group of a key and a value")
        }
        let key = try field(fields[0], parent: inner, path: innerPath)
        let nullable = node.repetition == .optional
        guard fields.count == 2 else {
            // No value field: a list of keys (what pyarrow makes of it).
            return NestedShape(.list(element: key), path: path, nullable: nullable, levels: levels, element: inner, columns: key.columns)
        }
        let value = try field(fields[1], parent: inner, path: innerPath)
        return NestedShape(.map(key: key, value: value), path: path, nullable: nullable, levels: levels, element: inner,
                           columns: key.columns.lowerBound..<value.columns.upperBound)
    }
}

extension SchemaNode {
    /// The node's repetition (a missing one reads as optional, as for leaves).
    var repetition: Repetition {
        switch self {
        case let .leaf(c): c.repetition
        case let .group(_, repetition, _, _, _): repetition ?? .optional
        }
    }

    /// Annotated LIST (logical or converted type).
    var isList: Bool {
        guard case let .group(_, _, logical, converted, _) = self else { return false }
        return logical == .list || converted == .list
    }

    /// Annotated MAP, or MAP_KEY_VALUE outside a MAP (the legacy mistake LogicalTypes.md says to accept).
    var isMap: Bool {
        guard case let .group(_, _, logical, converted, _) = self else { return false }
        return logical == .map || converted == .map || converted == .mapKeyValue
    }
}
