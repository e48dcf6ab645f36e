// Reaching a dimension from the rows of the table an aggregation ranges
// over (ASSOCIATIVE.md, "Aggregations"): a field of the same table gives
// each row its own code; a field of another table is reached along the
// link path, and where every step goes from many rows to one (the far key
// is unique, n:1) each row reaches exactly one value. The steps compose
// into one array: for each code of the first key, the dimension's code —
// so grouping reads one code and one table lookup per row, whatever the
// path's length.

extension DataModel {
    /// How the rows of one table reach a dimension field.
    struct DimensionPath {
        /// The codes of the source table's rows that are looked up: a field's (the dimension itself when it is in the
        /// same table), or numbers made for the query (WideDimensions.swift).
        let source: CodeColumn
        /// For each code of `source`, the dimension's code; nil when `source` gives it.
        let map: [Int32]?
        /// The dimension's null code, which rows without a partner reach.
        let nullCode: Int
    }

    /// The links from `source` to `target`, each with the direction it is walked in (true: from → to).
    func linkPath(from source: Int, to target: Int) -> [(link: Int, forward: Bool)]? {
        if source == target { return [] }
        var previous = [(table: Int, link: Int, forward: Bool)?](repeating: nil, count: tables.count)
        var queue = [source]
        var seen: Set<Int> = [source]
        while !queue.isEmpty {
            let t = queue.removeFirst()
            for (link, isFrom) in adjacency[t] {
                let other = isFrom ? ends[link].to.table : ends[link].from.table
                guard seen.insert(other).inserted else { continue }
                previous[other] = (t, link, isFrom)
                if other == target {
                    var path: [(link: Int, forward: Bool)] = []
                    var current = target
                    while let step = previous[current] {
                        path.insert((step.link, step.forward), at: 0)
                        current = step.table
                    }
                    return path
                }
                queue.append(other)
            }
        }
        return nil
    }

    /// The path from the rows of table `source` to `dimension`; each step must reach one row of the far table.
    /// It depends on the data alone, so the model keeps the recent ones for the next queries.
    func dimensionPath(from source: Int, to dimension: FieldReference) throws(EngineError) -> DimensionPath {
        try dimensionPaths.answer(DimensionPathQuestion(source: source, dimension: dimension)) { () throws(EngineError) in
            try computeDimensionPath(from: source, to: dimension)
        }
    }

    private func computeDimensionPath(from source: Int, to dimension: FieldReference) throws(EngineError) -> DimensionPath {
        let (target, field) = try Self.locate(dimension, in: tables)
        let targetField = tables[target].fields[field]
        guard let links = linkPath(from: source, to: target) else {
            throw EngineError(.invalidModel, "\(dimension) is not linked to table \(tables[source].name)")
        }
        guard let first = links.first else { return DimensionPath(source: targetField.codes, map: nil, nullCode: targetField.nullCode) }
        // Walk back from the dimension. `dimensionOfRow` gives, for a row of the step's far table, the dimension
        // code it reaches; each step turns it into `toDimension`, indexed by the codes of its near key.
        let dimensionCodes = targetField.codes
        var dimensionOfRow: (Int) -> Int32 = { Int32(dimensionCodes[$0]) }
        var toDimension: [Int32] = []
        for step in links.reversed() {
            let near = step.forward ? ends[step.link].from : ends[step.link].to
            let far = step.forward ? ends[step.link].to : ends[step.link].from
            let map = step.forward ? forward[step.link] : backward[step.link]
            let farKey = tables[far.table].fields[far.field]
            // The far key must be unique: one row per key value.
            var rowOfCode = [Int32](repeating: -1, count: farKey.codes.codeCount)
            for row in 0..<farKey.rowCount {
                let code = farKey.codes[row]
                guard code != farKey.nullCode else { continue }
                guard rowOfCode[code] < 0 else {
                    throw EngineError(.invalidModel, "\(dimension) is reached from \(tables[source].name) through \(tables[far.table].name), "
                        + "where \(tables[far.table].name).\(farKey.name) = \(farKey.symbols.text(code)) is on several rows; "
                        + "a dimension must be reached from many rows to one")
                }
                rowOfCode[code] = Int32(row)
            }
            let nearKey = tables[near.table].fields[near.field]
            let reach = dimensionOfRow
            toDimension = (0..<nearKey.codes.codeCount).map { code in
                let partner = map[code]
                guard partner >= 0, rowOfCode[Int(partner)] >= 0 else { return Int32(targetField.nullCode) }
                return reach(Int(rowOfCode[Int(partner)]))
            }
            let nearCodes = nearKey.codes
            let lookup = toDimension
            dimensionOfRow = { lookup[nearCodes[$0]] }
        }
        let start = ends[first.link]
        let sourceField = first.forward ? start.from.field : start.to.field
        return DimensionPath(source: tables[source].fields[sourceField].codes, map: toDimension, nullCode: targetField.nullCode)
    }
}

/// A table's rows and the dimension they reach (DataModel.dimensionPaths).
struct DimensionPathQuestion: Hashable, Sendable {
    var source: Int
    var dimension: FieldReference
}
