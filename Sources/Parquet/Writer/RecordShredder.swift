// Record shredding (Dremel), the inverse of RecordAssembler: rows of
// NestedValue become, for each leaf column, a stream of (repetition level,
// definition level) entries and the non-null values.
//
// The shredder walks each top-level value along its field's shape
// (NestedShape, built from the very schema elements the file gets, so the
// reader's assembly sees the same levels). It carries the repetition level
// the next entry starts with: 0 at the start of a row, the list's
// repetition level for a list's second and later elements. Then:
//   - a present leaf emits (r, its maximum definition level) and its value;
//   - a null node emits (r, its defined level - 1) once to every leaf under
//     it (the level of its present parent), and must be nullable;
//   - an empty list or map emits (r, its defined level) to every leaf under it;
//   - a record passes r to each of its fields (missing fields are null);
//   - a list passes r to its first element and its own repetition level to
//     the others; a map does the same with each entry's key and value.

struct RecordShredder {
    private let columns: [ColumnDescriptor]
    private var repetitionLevels: [[UInt8]]
    private var definitionLevels: [[UInt8]]
    private var counts: [Int]
    private var values: [ValueAccumulator]

    /// A shredder for the leaf columns of a file (every column, in column-chunk order).
    init(columns: [ColumnDescriptor]) {
        self.columns = columns
        repetitionLevels = Array(repeating: [], count: columns.count)
        definitionLevels = Array(repeating: [], count: columns.count)
        counts = Array(repeating: 0, count: columns.count)
        values = columns.map { ValueAccumulator(type: $0.physicalType, width: $0.typeLength) }
    }

    /// Shreds one row's value of the top-level field `shape`.
    mutating func shred(_ value: NestedValue, _ shape: NestedShape) throws(ParquetError) {
        try shred(value, shape, repetition: 0)
    }

    /// The shredded columns.
    func finish() -> [LeafColumn] {
        columns.indices.map { k in
            LeafColumn(descriptor: columns[k], repetitionLevels: repetitionLevels[k], definitionLevels: definitionLevels[k],
                       count: counts[k], values: values[k].finish())
        }
    }

    @inline(__always)
    private mutating func emit(_ k: Int, repetition: Int, definition: Int) {
        if columns[k].maxRepetitionLevel > 0 { repetitionLevels[k].append(UInt8(repetition)) }
        if columns[k].maxDefinitionLevel > 0 { definitionLevels[k].append(UInt8(definition)) }
        counts[k] += 1
    }

    /// One entry at `definition` to every leaf under `shape`.
    private mutating func emitAll(_ shape: NestedShape, repetition: Int, definition: Int) {
        for k in shape.columns { emit(k, repetition: repetition, definition: definition) }
    }

    private mutating func shred(_ value: NestedValue, _ shape: NestedShape, repetition r: Int) throws(ParquetError) {
        if case .null = value {
            guard shape.isNullable else {
                throw ParquetError(.invalidArgument, "field '\(shape.path)' is not nullable but the value is null")
            }
            emitAll(shape, repetition: r, definition: shape.definedLevel - 1)
            return
        }
        switch (shape.kind, value) {
        case let (.leaf(column), _):
            try append(value, column: column, path: shape.path)
            emit(column.index, repetition: r, definition: column.maxDefinitionLevel)
        case let (.record(fields), .record(given)):
            for field in given where !fields.contains(where: { $0.name == field.name }) {
                throw ParquetError(.invalidArgument, "group '\(shape.path)' has no field '\(field.name)' (its fields are \(fields.map(\.name).joined(separator: ", ")))")
            }
            for (name, child) in fields {
                try shred(given.first { $0.name == name }?.value ?? .null, child, repetition: r)
            }
        case let (.list(element), .list(items)):
            guard !items.isEmpty else { return emitAll(shape, repetition: r, definition: shape.definedLevel) }
            for (i, item) in items.enumerated() {
                try shred(item, element, repetition: i == 0 ? r : shape.repetitionLevel)
            }
        case let (.map(key, valueShape), .map(entries)):
            guard !entries.isEmpty else { return emitAll(shape, repetition: r, definition: shape.definedLevel) }
            for (i, entry) in entries.enumerated() {
                let level = i == 0 ? r : shape.repetitionLevel
                try shred(entry.key, key, repetition: level)
                try shred(entry.value, valueShape, repetition: level)
            }
        case (.record, _): throw mismatch(shape, "a record", value)
        case (.list, _): throw mismatch(shape, "a list", value)
        case (.map, _): throw mismatch(shape, "a map", value)
        }
    }

    private func mismatch(_ shape: NestedShape, _ wanted: String, _ value: NestedValue) -> ParquetError {
        ParquetError(.invalidArgument, "field '\(shape.path)' needs \(wanted), not \(value.kindName)")
    }

    /// Appends a leaf value to its column, checking that the physical type can hold it.
    private mutating func append(_ value: NestedValue, column: ColumnDescriptor, path: String) throws(ParquetError) {
        let k = column.index
        switch (column.physicalType, value) {
        case let (.boolean, .boolean(b)):
            values[k].booleans.append(b)
        case let (.int32, .int(v)):
            let unsignedValue = column.hasUnsignedInt32 ? UInt32(exactly: v).map { Int32(bitPattern: $0) } : nil
            guard let x = Int32(exactly: v) ?? unsignedValue else {
                throw ParquetError(.invalidArgument, "field '\(path)': \(v) does not fit its INT32 column")
            }
            values[k].int32s.append(x)
        case let (.int64, .int(v)):
            values[k].int64s.append(v)
        case let (.float, .float(v)):
            values[k].floats.append(Float(v))
        case let (.double, .float(v)):
            values[k].doubles.append(v)
        case let (.byteArray, .bytes(b)):
            b.withUnsafeBytes { values[k].byteArrays.append($0) }
        case let (.fixedLenByteArray, .bytes(b)), let (.int96, .bytes(b)):
            guard b.count == column.typeLength else {
                throw ParquetError(.invalidArgument, "field '\(path)': \(b.count) bytes given for its \(column.typeLength)-byte column")
            }
            values[k].fixed.append(contentsOf: b)
        default:
            throw ParquetError(.invalidArgument, "field '\(path)' (\(column.physicalType)) cannot hold \(value.kindName)")
        }
    }
}
