// A column to write: name, physical and logical type, nullability. The
// writer derives the schema elements (with the legacy ConvertedType too,
// for older readers) from these.

/// The declaration of one flat column to write.
public struct ParquetField: Sendable, Hashable {
    public var name: String
    public var physicalType: PhysicalType
    public var logicalType: LogicalType?
    /// Byte width, for FIXED_LEN_BYTE_ARRAY.
    public var typeLength: Int
    public var isNullable: Bool

    public init(name: String, physicalType: PhysicalType, logicalType: LogicalType? = nil, typeLength: Int = 0, isNullable: Bool = true) {
        self.name = name
        self.physicalType = physicalType
        self.logicalType = logicalType
        self.typeLength = typeLength
        self.isNullable = isNullable
    }

    public static func boolean(_ name: String, nullable: Bool = true) -> ParquetField {
        ParquetField(name: name, physicalType: .boolean, isNullable: nullable)
    }
    public static func int32(_ name: String, nullable: Bool = true) -> ParquetField {
        ParquetField(name: name, physicalType: .int32, isNullable: nullable)
    }
    public static func int64(_ name: String, nullable: Bool = true) -> ParquetField {
        ParquetField(name: name, physicalType: .int64, isNullable: nullable)
    }
    public static func float(_ name: String, nullable: Bool = true) -> ParquetField {
        ParquetField(name: name, physicalType: .float, isNullable: nullable)
    }
    public static func double(_ name: String, nullable: Bool = true) -> ParquetField {
        ParquetField(name: name, physicalType: .double, isNullable: nullable)
    }
    public static func string(_ name: String, nullable: Bool = true) -> ParquetField {
        ParquetField(name: name, physicalType: .byteArray, logicalType: .string, isNullable: nullable)
    }
    public static func binary(_ name: String, nullable: Bool = true) -> ParquetField {
        ParquetField(name: name, physicalType: .byteArray, isNullable: nullable)
    }
    /// Days since 1970-01-01 as INT32.
    public static func date(_ name: String, nullable: Bool = true) -> ParquetField {
        ParquetField(name: name, physicalType: .int32, logicalType: .date, isNullable: nullable)
    }
    /// Units since the epoch as INT64.
    public static func timestamp(_ name: String, unit: TimeUnit = .micros, utc: Bool = true, nullable: Bool = true) -> ParquetField {
        ParquetField(name: name, physicalType: .int64, logicalType: .timestamp(isAdjustedToUTC: utc, unit: unit), isNullable: nullable)
    }
    /// A decimal stored as INT32 (precision ≤ 9), INT64 (≤ 18) or 16-byte FIXED_LEN_BYTE_ARRAY (≤ 38).
    public static func decimal(_ name: String, precision: Int, scale: Int, nullable: Bool = true) -> ParquetField {
        let logical = LogicalType.decimal(scale: Int32(scale), precision: Int32(precision))
        if precision <= 9 { return ParquetField(name: name, physicalType: .int32, logicalType: logical, isNullable: nullable) }
        if precision <= 18 { return ParquetField(name: name, physicalType: .int64, logicalType: logical, isNullable: nullable) }
        return ParquetField(name: name, physicalType: .fixedLenByteArray, logicalType: logical, typeLength: 16, isNullable: nullable)
    }

    /// The schema element for this field.
    var schemaElement: SchemaElement {
        var e = SchemaElement(name: name)
        e.type = physicalType
        e.repetition = isNullable ? .optional : .required
        if physicalType == .fixedLenByteArray { e.typeLength = Int32(typeLength) }
        e.logicalType = logicalType
        switch logicalType {
        case .string?: e.convertedType = .utf8
        case .enum?: e.convertedType = .enum
        case .json?: e.convertedType = .json
        case .bson?: e.convertedType = .bson
        case .date?: e.convertedType = .date
        case let .decimal(scale, precision)?:
            e.convertedType = .decimal
            e.scale = scale
            e.precision = precision
        case let .timestamp(utc, unit)? where utc && unit != .nanos:
            e.convertedType = unit == .millis ? .timestampMillis : .timestampMicros
        case let .time(utc, unit)? where utc && unit != .nanos:
            e.convertedType = unit == .millis ? .timeMillis : .timeMicros
        case let .integer(bits, signed)?:
            let table: [Int8: (ConvertedType, ConvertedType)] = [8: (.int8, .uint8), 16: (.int16, .uint16), 32: (.int32, .uint32), 64: (.int64, .uint64)]
            if let pair = table[bits] { e.convertedType = signed ? pair.0 : pair.1 }
        default: break
        }
        return e
    }

    /// The descriptor a reader would build for this field at `index`.
    public func descriptor(index: Int) -> ColumnDescriptor {
        ColumnDescriptor(index: index, path: [name], physicalType: physicalType,
                         typeLength: physicalType == .fixedLenByteArray ? typeLength : (physicalType == .int96 ? 12 : 0),
                         repetition: isNullable ? .optional : .required,
                         maxDefinitionLevel: isNullable ? 1 : 0, maxRepetitionLevel: 0,
                         logicalType: logicalType, convertedType: schemaElement.convertedType)
    }
}
