// A chart's group number is its dimension codes in mixed radix (code ×
// stride), which is one integer as long as the product of the dimensions'
// code counts is. A straight table of customers with their name, address,
// phone and comment goes past 2^63 combinations while only a few thousand
// occur: then the query numbers the combinations that occur instead. Each
// row of a table an aggregation runs over gets the number of its tuple of
// dimension codes — the numbering shared by every table of the query — and
// that number is the chart's one dimension.

/// Numbers tuples of dimension codes as they are met (open addressing over the tuples, no allocation per tuple).
final class TupleNumbering: @unchecked Sendable {
    let width: Int
    /// The tuples met, one after the other.
    private(set) var tuples: [Int32] = []
    /// For each slot, 1 + the number of the tuple there; 0 when empty.
    private var slots = [Int32](repeating: 0, count: 1024)

    init(width: Int) {
        self.width = width
    }

    /// How many tuples have a number.
    var count: Int { tuples.count / width }

    /// The codes of tuple `number`.
    func tuple(_ number: Int) -> ArraySlice<Int32> { tuples[(number * width)..<((number + 1) * width)] }

    /// The number of `tuple` (`width` codes), given when first met.
    func number(_ tuple: UnsafePointer<Int32>) -> Int {
        if (count + 1) * 2 > slots.count { grow() }
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<width { hash = (hash ^ UInt64(UInt32(bitPattern: tuple[i]))) &* 0xBF58_476D_1CE4_E5B9 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash ^ (hash >> 31)) & mask
        while slots[slot] != 0 {
            let n = Int(slots[slot]) - 1
            if tuples.withUnsafeBufferPointer({ stored in (0..<width).allSatisfy { stored[n * width + $0] == tuple[$0] } }) { return n }
            slot = (slot + 1) & mask
        }
        let n = count
        tuples.append(contentsOf: UnsafeBufferPointer(start: tuple, count: width))
        slots[slot] = Int32(n + 1)
        return n
    }

    private func grow() {
        let old = count
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let stored = tuples
        tuples.removeAll(keepingCapacity: true)
        stored.withUnsafeBufferPointer { stored in
            for n in 0..<old { _ = number(stored.baseAddress! + n * width) }
        }
    }
}

extension DataModel {
    /// The rows of table `table` reaching the tuple numbers of their `dimensions` codes, as one dimension.
    func tuplePath(from table: Int, to dimensions: [FieldReference], numbering: TupleNumbering) throws(EngineError) -> DimensionPath {
        let paths = try dimensions.map { (d) throws(EngineError) in try dimensionPath(from: table, to: d) }
        let rowCount = tables[table].rowCount
        var numbers = [UInt32](repeating: 0, count: rowCount)
        var tuple = [Int32](repeating: 0, count: paths.count)
        tuple.withUnsafeMutableBufferPointer { tuple in
            for row in 0..<rowCount {
                for (d, path) in paths.enumerated() {
                    let code = path.source[row]
                    tuple[d] = path.map.map { $0[code] } ?? Int32(code)
                }
                numbers[row] = UInt32(numbering.number(tuple.baseAddress!))
            }
        }
        // Numbers met so far are below `count`; the next tables' rows may add more.
        let count = numbering.count
        return DimensionPath(source: CodeColumn(codes: numbers, codeCount: count + 1, indexingRuns: false), map: nil, nullCode: count)
    }
}
