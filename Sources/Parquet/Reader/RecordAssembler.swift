// Record assembly (Dremel): the leaf columns under one top-level field,
// each a stream of (repetition level, definition level, value?) entries,
// become one NestedValue per row.
//
// The assembler keeps a cursor per leaf and walks the field's shape
// (NestedShape) once per row, consuming entries:
//   - a leaf consumes one entry: its value when the definition level is the
//     leaf's maximum, null otherwise;
//   - a record, list or map first looks at the next entry of its first leaf:
//     below the node's defined level the node is null, and below its element
//     level an empty list or map; either way every leaf under the node holds
//     exactly one entry for it, which is skipped;
//   - a present record reads each field in turn;
//   - a non-empty list reads one element, then another while the next
//     entry of its first leaf repeats at the list's repetition level (a
//     lower level ends the list; deeper levels were consumed by the element).
// Every row must start with repetition level 0 on every leaf, and every
// entry must be consumed by the last row; anything else is a corrupt file.
// Each step consumes at least one entry of every leaf under the node, so
// a damaged file cannot make the walk loop, and recursion is bounded by
// the schema's depth (64).

struct RecordAssembler {
    private let leaves: [LeafColumn]
    /// Column index of `leaves[0]`.
    private let base: Int
    /// Next entry of each leaf.
    private var positions: [Int]
    /// Next value of each leaf.
    private var valueIndices: [Int]
    private let unsigned: [Bool]

    /// An assembler over the leaves of one field, in column order (`leaves[k]` is column `base + k`).
    init(leaves: [LeafColumn]) {
        self.leaves = leaves
        base = leaves.first?.descriptor.index ?? 0
        positions = Array(repeating: 0, count: leaves.count)
        valueIndices = Array(repeating: 0, count: leaves.count)
        unsigned = leaves.map(\.descriptor.hasUnsignedInt32)
    }

    /// Assembles `rows` values of the field `shape`, checking that the leaves hold exactly those rows.
    mutating func assemble(_ shape: NestedShape, rows: Int) throws(ParquetError) -> [NestedValue] {
        var out: [NestedValue] = []
        out.reserveCapacity(rows)
        for row in 0..<rows {
            for k in leaves.indices {
                guard positions[k] < leaves[k].count else {
                    throw .corrupt("column '\(leaves[k].descriptor.name)' ends after \(row) rows of \(rows)")
                }
                guard repetition(k, positions[k]) == 0 else {
                    throw .corrupt("column '\(leaves[k].descriptor.name)': row \(row) does not start at repetition level 0")
                }
            }
            out.append(try value(shape))
        }
        for k in leaves.indices where positions[k] != leaves[k].count {
            throw .corrupt("column '\(leaves[k].descriptor.name)' holds \(leaves[k].count - positions[k]) level entries beyond its \(rows) rows")
        }
        return out
    }

    @inline(__always)
    private func repetition(_ k: Int, _ p: Int) -> Int {
        leaves[k].repetitionLevels.isEmpty ? 0 : Int(leaves[k].repetitionLevels[p])
    }

    @inline(__always)
    private func definition(_ k: Int, _ p: Int) -> Int {
        leaves[k].definitionLevels.isEmpty ? 0 : Int(leaves[k].definitionLevels[p])
    }

    /// The definition level of the next entry of leaf `k`.
    private func nextDefinition(_ k: Int) throws(ParquetError) -> Int {
        guard positions[k] < leaves[k].count else {
            throw .corrupt("column '\(leaves[k].descriptor.name)' ends in the middle of a row")
        }
        return definition(k, positions[k])
    }

    /// The repetition level of the next entry of leaf `k`, or -1 at its end.
    private func nextRepetition(_ k: Int) -> Int {
        positions[k] < leaves[k].count ? repetition(k, positions[k]) : -1
    }

    /// Skips the one entry each leaf under `shape` holds for a null or empty node.
    private mutating func skip(_ shape: NestedShape) throws(ParquetError) {
        for column in shape.columns {
            let k = column - base
            guard positions[k] < leaves[k].count else {
                throw .corrupt("column '\(leaves[k].descriptor.name)' ends in the middle of a row")
            }
            positions[k] += 1
        }
    }

    private mutating func value(_ shape: NestedShape) throws(ParquetError) -> NestedValue {
        switch shape.kind {
        case let .leaf(column):
            let k = column.index - base
            let level = try nextDefinition(k)
            positions[k] += 1
            guard level >= column.maxDefinitionLevel else { return .null }
            let i = valueIndices[k]
            guard i < leaves[k].values.count else {
                throw .corrupt("column '\(column.name)' has fewer values than its definition levels announce")
            }
            valueIndices[k] = i + 1
            return leaves[k].values.nestedValue(at: i, unsigned: unsigned[k])
        case let .record(fields):
            if try nextDefinition(shape.columns.lowerBound - base) < shape.definedLevel {
                try skip(shape)
                return .null
            }
            var out: [NestedField] = []
            out.reserveCapacity(fields.count)
            for (name, field) in fields { out.append(NestedField(name: name, value: try value(field))) }
            return .record(out)
        case let .list(element):
            guard try present(shape) else { return .null }
            var items: [NestedValue] = []
            try forEachElement(shape) { (assembler) throws(ParquetError) in items.append(try assembler.value(element)) }
            return .list(items)
        case let .map(keyShape, valueShape):
            guard try present(shape) else { return .null }
            var entries: [NestedMapEntry] = []
            try forEachElement(shape) { (assembler) throws(ParquetError) in
                let key = try assembler.value(keyShape)
                let value = try assembler.value(valueShape)
                entries.append(NestedMapEntry(key: key, value: value))
            }
            return .map(entries)
        }
    }

    /// For a list or map: false (after skipping its entries) when it is null.
    private mutating func present(_ shape: NestedShape) throws(ParquetError) -> Bool {
        guard try nextDefinition(shape.columns.lowerBound - base) < shape.definedLevel else { return true }
        try skip(shape)
        return false
    }

    /// Reads the elements of a present list or map: none when empty, else while the next entry repeats at its level.
    private mutating func forEachElement(_ shape: NestedShape, _ read: (inout RecordAssembler) throws(ParquetError) -> Void) throws(ParquetError) {
        let first = shape.columns.lowerBound - base
        if try nextDefinition(first) < shape.elementLevel {
            try skip(shape)
            return
        }
        repeat {
            try read(&self)
        } while nextRepetition(first) == shape.repetitionLevel
    }
}
