// The schema tree rebuilt from the footer's depth-first list of
// SchemaElements, and the leaf columns with their definition and
// repetition levels (Dremel encoding: a leaf's max definition level is
// the number of non-required nodes on its path, its max repetition level
// the number of repeated ones).

/// A leaf column of the file.
public struct ColumnDescriptor: Sendable, Hashable {
    /// Position among the leaves (the order of column chunks in a row group).
    public var index: Int
    /// Names from the root's child down to this leaf.
    public var path: [String]
    public var physicalType: PhysicalType
    /// Byte width of FIXED_LEN_BYTE_ARRAY values.
    public var typeLength: Int
    public var repetition: Repetition
    public var maxDefinitionLevel: Int
    public var maxRepetitionLevel: Int
    /// The logical type, from the LogicalType annotation or derived from the legacy ConvertedType.
    public var logicalType: LogicalType?
    /// The legacy annotation as written.
    public var convertedType: ConvertedType?

    /// Dotted path, as users name columns.
    public var name: String { path.joined(separator: ".") }

    /// True for a top-level column that is not repeated (what the flat reader handles).
    public var isFlat: Bool { path.count == 1 && maxRepetitionLevel == 0 }
}

/// A node of the schema tree.
public indirect enum SchemaNode: Sendable, Hashable {
    case leaf(ColumnDescriptor)
    case group(name: String, repetition: Repetition?, logicalType: LogicalType?, convertedType: ConvertedType?, children: [SchemaNode])

    public var name: String {
        switch self {
        case let .leaf(c): c.path.last ?? ""
        case let .group(name, _, _, _, _): name
        }
    }
}

/// The schema of a Parquet file.
public struct ParquetSchema: Sendable, Hashable {
    /// The root's children.
    public var fields: [SchemaNode]
    /// All leaves, in column-chunk order.
    public var columns: [ColumnDescriptor]

    /// Rebuilds the tree from the footer's flattened elements.
    public init(elements: [SchemaElement]) throws(ParquetError) {
        guard let root = elements.first else { throw .corrupt("the schema is empty") }
        var position = 1
        var columns: [ColumnDescriptor] = []
        let rootChildren = Int(root.numChildren ?? 0)
        guard rootChildren >= 0, rootChildren <= elements.count - 1 else {
            throw .corrupt("the schema root claims \(rootChildren) children but only \(elements.count - 1) elements follow")
        }
        var fields: [SchemaNode] = []
        for _ in 0..<rootChildren {
            fields.append(try Self.node(elements, &position, path: [], def: 0, rep: 0, depth: 1, columns: &columns))
        }
        guard position == elements.count else {
            throw .corrupt("the schema has \(elements.count - position) elements outside the tree")
        }
        self.fields = fields
        self.columns = columns
    }

    private static func node(_ elements: [SchemaElement], _ position: inout Int, path: [String], def: Int, rep: Int,
                             depth: Int, columns: inout [ColumnDescriptor]) throws(ParquetError) -> SchemaNode {
        guard depth <= 64 else { throw .corrupt("the schema is nested deeper than 64 levels") }
        guard position < elements.count else { throw .corrupt("the schema tree needs more elements than the footer holds") }
        let e = elements[position]
        position += 1
        let repetition = e.repetition ?? .optional
        guard [.required, .optional, .repeated].contains(repetition) else {
            throw .corrupt("schema element '\(e.name)' has unknown repetition \(repetition.rawValue)")
        }
        let def = def + (repetition == .required ? 0 : 1)
        let rep = rep + (repetition == .repeated ? 1 : 0)
        let path = path + [e.name]
        if let n = e.numChildren, n > 0 || e.type == nil {
            guard n >= 0, n <= elements.count - position else {
                throw .corrupt("schema group '\(e.name)' claims \(n) children but only \(elements.count - position) elements follow")
            }
            var children: [SchemaNode] = []
            for _ in 0..<n {
                children.append(try node(elements, &position, path: path, def: def, rep: rep, depth: depth + 1, columns: &columns))
            }
            return .group(name: e.name, repetition: e.repetition, logicalType: e.logicalType, convertedType: e.convertedType, children: children)
        }
        guard let type = e.type else { throw .corrupt("schema leaf '\(e.name)' has no physical type") }
        guard (0...7).contains(type.rawValue) else { throw .corrupt("column '\(path.joined(separator: "."))' has unknown physical type \(type.rawValue)") }
        var width = 0
        if type == .fixedLenByteArray {
            guard let n = e.typeLength, n >= 0, n <= 1 << 20 else {
                throw .corrupt("FIXED_LEN_BYTE_ARRAY column '\(path.joined(separator: "."))' has an invalid length \(e.typeLength.map(String.init) ?? "none")")
            }
            width = Int(n)
        } else if type == .int96 {
            width = 12
        }
        let column = ColumnDescriptor(
            index: columns.count, path: path, physicalType: type, typeLength: width, repetition: repetition,
            maxDefinitionLevel: def, maxRepetitionLevel: rep,
            logicalType: e.logicalType ?? Self.logicalType(from: e), convertedType: e.convertedType)
        columns.append(column)
        return .leaf(column)
    }

    /// Maps a legacy ConvertedType to the equivalent logical type.
    static func logicalType(from e: SchemaElement) -> LogicalType? {
        guard let c = e.convertedType else { return nil }
        switch c {
        case .utf8: return .string
        case .enum: return .enum
        case .json: return .json
        case .bson: return .bson
        case .decimal: return .decimal(scale: e.scale ?? 0, precision: e.precision ?? 0)
        case .date: return .date
        case .timeMillis: return .time(isAdjustedToUTC: true, unit: .millis)
        case .timeMicros: return .time(isAdjustedToUTC: true, unit: .micros)
        case .timestampMillis: return .timestamp(isAdjustedToUTC: true, unit: .millis)
        case .timestampMicros: return .timestamp(isAdjustedToUTC: true, unit: .micros)
        case .int8: return .integer(bitWidth: 8, isSigned: true)
        case .int16: return .integer(bitWidth: 16, isSigned: true)
        case .int32: return .integer(bitWidth: 32, isSigned: true)
        case .int64: return .integer(bitWidth: 64, isSigned: true)
        case .uint8: return .integer(bitWidth: 8, isSigned: false)
        case .uint16: return .integer(bitWidth: 16, isSigned: false)
        case .uint32: return .integer(bitWidth: 32, isSigned: false)
        case .uint64: return .integer(bitWidth: 64, isSigned: false)
        default: return nil
        }
    }

    /// The leaf named `name` (dotted path).
    public func column(named name: String) -> ColumnDescriptor? {
        columns.first { $0.name == name }
    }
}

extension ColumnDescriptor {
    /// Why this column's values cannot be read at all (a type this reader does not implement), or nil if they can.
    ///
    /// Nested and repeated columns are supported: read them with `ParquetFileReader.readNested(field:)`
    /// (`flatReadRefusal` says why `readColumn` cannot).
    public var unsupportedReason: String? {
        if physicalType == .fixedLenByteArray, logicalType == .float16 { return "column '\(name)' has logical type FLOAT16, which is not supported" }
        if convertedType == .interval { return "column '\(name)' has converted type INTERVAL, which is not supported" }
        if case .other(16)? = logicalType { return "column '\(name)' has logical type VARIANT, which is not supported" }
        if case let .decimal(scale, precision)? = logicalType {
            if precision <= 0 || scale < 0 || scale > precision { return "column '\(name)' has an invalid DECIMAL(\(precision),\(scale))" }
            if physicalType == .byteArray || (physicalType == .fixedLenByteArray && typeLength > 16) {
                if precision > 38 { return "column '\(name)' is a DECIMAL wider than 38 digits, which is not supported" }
            }
        }
        return nil
    }
}

extension ColumnDescriptor {
    /// Why the flat API (`readColumn`, `read`, dictionary chunks: one value or null per row) cannot
    /// express this column, or nil for a flat column.
    public var flatReadRefusal: String? {
        guard let field = path.first else { return nil }
        if maxRepetitionLevel > 0 {
            return "column '\(name)' is repeated (in a list, a map or a repeated field), which one value per row cannot express; read field '\(field)' with readNested(field:)"
        }
        if path.count > 1 {
            return "column '\(name)' is nested inside group '\(field)', whose nulls one value per row cannot express; read field '\(field)' with readNested(field:)"
        }
        return nil
    }
}
