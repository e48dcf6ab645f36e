// Reading nested fields: the leaf columns under one top-level field are
// decoded with their repetition and definition levels, then assembled
// (RecordAssembler.swift) along the field's shape (NestedShape.swift) into
// one NestedValue per row.

extension ParquetFileReader {
    /// One value per row for the top-level field `name` (a leaf, a group, a LIST or a MAP), over the given
    /// row groups (all when nil).
    ///
    /// Groups become `.record`, LIST-annotated groups and repeated fields `.list`, MAP-annotated groups
    /// `.map`, following parquet-format's LogicalTypes.md and its backward-compatibility rules (legacy
    /// 2-level lists, unannotated repeated fields, misnamed maps). Leaves keep their physical values.
    public func readNested(field name: String, rowGroups: [Int]? = nil) throws(ParquetError) -> [NestedValue] {
        let shape = try nestedShape(field: name)
        let groups = rowGroups ?? Array(metadata.rowGroups.indices)
        try checkIndices(column: shape.columns.lowerBound, rowGroups: groups)
        if case let .leaf(column) = shape.kind, column.isFlat {
            return try readColumn(column.index, rowGroups: groups).nestedValues()
        }
        var leaves: [LeafColumn] = []
        do {
            for column in shape.columns {
                leaves.append(try decode(column: column, rowGroups: groups, output: .values, nested: true).leafColumn())
            }
        } catch let error as ParquetError {
            throw error
        } catch {
            throw ParquetError(.corrupt, "\(error)", context: [source.name])
        }
        let rows = groups.reduce(0) { $0 + Int(metadata.rowGroups[$1].numRows) }
        var assembler = RecordAssembler(leaves: leaves)
        do {
            return try assembler.assemble(shape, rows: rows)
        } catch {
            throw error.within("field '\(name)'").within(source.name)
        }
    }

    /// The shape of the top-level field `name`, or an error listing the fields.
    func nestedShape(field name: String) throws(ParquetError) -> NestedShape {
        guard let node = schema.fields.first(where: { $0.name == name }) else {
            throw ParquetError(.invalidArgument, "no field '\(name)'; fields are: \(schema.fields.map(\.name).joined(separator: ", "))",
                               context: [source.name])
        }
        do {
            return try NestedShape(field: node)
        } catch {
            throw error.within(source.name)
        }
    }
}
