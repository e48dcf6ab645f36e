// How the rows of a table fall into the groups of a chart's lines, 4,096
// rows at a time: the chunk's possible rows (the set bits of the set's
// rows) are found first, a chunk without any skipped; then each dimension
// adds code × stride to their group numbers through a CodeReader
// (specialised for the stored code width), reading only the possible rows'
// codes when they are few. When the dimension values combine
// into too many groups for arrays, or when groups are renumbered for a top
// N and its Others line, the groups met are numbered as they come, on one
// thread; otherwise the rows are split across the processors. A chunk
// where most rows are possible is folded whole, its other rows sent to a
// discarded group (`discarded`), so that the kernel reads numbers in place
// with no gather. The kernel
// folds each chunk into accumulators (AggregationKernel.swift); collected
// aggregations gather its values (CollectedAggregation.swift).

import Dispatch

/// The rows of one table, a chunk at a time, each possible row with its group number.
struct RowGrouping: Sendable {
    static let chunk = 4096

    /// Whether a group's number is its key (Σ code × stride), or the order in which it was met.
    let dense: Bool
    /// How many groups there are before any row is read (dense: all of them).
    let initialGroups: Int
    /// The group that takes a chunk's rows that are not possible, when the chunk is folded whole; nil when chunks are
    /// always gathered. It comes after the others, so accumulators have `slots` groups and drop it at the end.
    let discarded: Int?
    /// How many groups the accumulators hold at the start (with the discarded one).
    var slots: Int { initialGroups + (discarded == nil ? 0 : 1) }
    /// The row ranges processed in parallel. Each starts on a multiple of 64 rows, so that each chunk's possible rows
    /// are whole words of the bitset.
    let parts: [Range<Int>]
    private let rows: Bitset?
    private let sourceCodes: [CodeColumn]
    private let maps: [[Int32]?]
    private let strides: [Int]
    private let remap: [Int: Int]?
    private let remainder: Int?
    private let numberer: GroupNumbering
    /// With `remap` over few combinations, each key's group number, read from an array rather than a dictionary.
    private let remapped: [Int32]?

    /// Groups `rows` (nil: all) of `table` by `dimensions` (group key = Σ code × stride). `remap` renumbers keys (top N
    /// and Others): a key missing from it goes to `remainder`. `wholeChunks`: whether the reader accepts chunks folded
    /// whole, with a discarded group.
    init(table: EngineTable, rows: Bitset?, dimensions: [DataModel.DimensionPath], strides: [Int], remap: [Int: Int]?, remainder: Int?,
         wholeChunks: Bool = false) {
        let radix = zip(dimensions, strides).map { path, stride in stride * (path.nullCode + 1) }.max() ?? 1
        // Group numbers: dense when the combinations are few, else numbered as met (one dictionary lookup per row).
        dense = radix <= 1 << 22 && remap == nil
        var numbering: [Int: Int] = [:]
        var groupOf: [Int] = []
        if let remap {
            // Kept groups first, then the remainder, then a slot for rows nobody reads.
            for target in remap.values where target >= 0 && numbering[target] == nil {
                numbering[target] = groupOf.count
                groupOf.append(target)
            }
            if let remainder, numbering[remainder] == nil {
                numbering[remainder] = groupOf.count
                groupOf.append(remainder)
            }
        }
        let rowCount = table.rowCount
        let threads = dense ? Swift.max(1, Swift.min(Parallelism.processors, rowCount / 65_536)) : 1
        initialGroups = dense ? radix : Swift.max(1, groupOf.count)
        discarded = dense && rows != nil && wholeChunks ? radix : nil
        parts = (0..<threads).map { i in ((rowCount * i / threads) & ~63)..<(i == threads - 1 ? rowCount : (rowCount * (i + 1) / threads) & ~63) }
        self.rows = rows
        sourceCodes = dimensions.map(\.source)
        maps = dimensions.map(\.map)
        self.strides = strides
        self.remap = remap
        self.remainder = remainder
        numberer = GroupNumbering(numbering, groupOf)
        if let remap, radix <= 1 << 20 {
            // Every key is numbered before the rows are read (keys no row has only add groups nobody reads).
            var table = [Int32](repeating: 0, count: radix)
            for key in 0..<radix { table[key] = Int32(numberer.number(remap[key] ?? remainder!)) }
            remapped = table
        } else {
            remapped = nil
        }
    }

    /// The key of each group numbered as met so far; nil when groups are dense (a group's number is its key).
    var groupKeys: [Int]? { dense ? nil : numberer.keys }

    /// How many groups there are so far.
    var groupCount: Int { dense ? initialGroups : numberer.keys.count }

    /// Calls `body` for each chunk of part `part` that has possible rows: its first row, its row count, and its `m` rows
    /// to fold — their group numbers (`keys`) and, when they are gathered, their offsets in the chunk (`selected`). When
    /// `selected` is nil, `m` is the row count: every row of the chunk, the impossible ones in the `discarded` group.
    func forEachChunk(of part: Int, _ body: (_ start: Int, _ count: Int, _ keys: UnsafeMutablePointer<Int>,
                                             _ selected: UnsafeMutablePointer<Int>?, _ m: Int) -> Void) {
        let keys = UnsafeMutablePointer<Int>.allocate(capacity: Self.chunk)
        let selected = UnsafeMutablePointer<Int>.allocate(capacity: Self.chunk)
        defer {
            keys.deallocate()
            selected.deallocate()
        }
        var start = parts[part].lowerBound
        while start < parts[part].upperBound {
            let n = Swift.min(Self.chunk, parts[part].upperBound - start)
            var m = n
            var gathered: UnsafeMutablePointer<Int>?
            var wholeWithImpossible = false
            if let rows {
                // The possible rows of the chunk: set bits in [start, start + n), start being a multiple of 64.
                m = rows.words.withUnsafeBufferPointer { words in
                    var count = 0
                    for w in (start >> 6)...((start + n - 1) >> 6) { count += (words[w] & Self.mask(w, start, n)).nonzeroBitCount }
                    return count
                }
                if m == 0 {
                    start += n
                    continue
                }
                if m == n {
                    // All are: the chunk is read whole.
                } else if discarded == nil || m * 2 < n {
                    // Few are: their offsets are moved to the front, and only their codes are read.
                    m = 0
                    rows.words.withUnsafeBufferPointer { words in
                        for w in (start >> 6)...((start + n - 1) >> 6) {
                            var bits = words[w] & Self.mask(w, start, n)
                            while bits != 0 {
                                selected[m] = (w << 6 | bits.trailingZeroBitCount) - start
                                bits &= bits &- 1
                                m += 1
                            }
                        }
                    }
                    gathered = selected
                } else {
                    // Most rows are possible: the chunk is folded whole, the others in the discarded group (below).
                    wholeWithImpossible = true
                    m = n
                }
            }
            if sourceCodes.isEmpty { keys.update(repeating: 0, count: m) }
            for d in sourceCodes.indices {
                var add = AddGroupParts(start: start, count: m, selected: gathered, stride: strides[d], map: maps[d], keys: keys, first: d == 0)
                sourceCodes[d].read(&add)
            }
            if wholeWithImpossible, let rows, let discarded {
                rows.words.withUnsafeBufferPointer { words in
                    for w in (start >> 6)...((start + n - 1) >> 6) {
                        var impossible = ~words[w] & Self.mask(w, start, n)
                        while impossible != 0 {
                            keys[(w << 6 | impossible.trailingZeroBitCount) - start] = discarded
                            impossible &= impossible &- 1
                        }
                    }
                }
            }
            if let remapped {
                remapped.withUnsafeBufferPointer { table in
                    for i in 0..<m { keys[i] = Int(table[keys[i]]) }
                }
            } else if !dense {
                for i in 0..<m {
                    let key = remap.map { $0[keys[i]] ?? remainder! } ?? keys[i]
                    keys[i] = numberer.number(key)
                }
            }
            if m > 0 { body(start, n, keys, gathered, m) }
            start += n
        }
    }

    /// The bits of word `w` that fall in rows `start ..< start + n`, `start` being a multiple of 64.
    private static func mask(_ w: Int, _ start: Int, _ n: Int) -> UInt64 {
        let end = start + n - (w << 6)
        return end >= 64 ? ~0 : (1 << UInt64(end)) &- 1
    }

    /// Runs `work` on each part, in parallel when there are several, and gives each part's result.
    func perPart<T>(_ work: @escaping @Sendable (Int) -> T) -> [T] {
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: parts.count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        nonisolated(unsafe) let slots = results
        if parts.count == 1 {
            slots[0] = work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: parts.count) { slots[$0] = work($0) }
        }
        return results.map { $0! }
    }
}

/// Adds `code × stride` (through `map` when the dimension is in another table) to each row's group number; the
/// `first` dimension sets it.
private struct AddGroupParts: CodeReader {
    let start: Int
    let count: Int
    /// The offsets in the chunk of the rows to read, when not all of them.
    let selected: UnsafeMutablePointer<Int>?
    let stride: Int
    let map: [Int32]?
    let keys: UnsafeMutablePointer<Int>
    let first: Bool

    mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
        let codes = codes.baseAddress! + start
        if let selected {
            if let map {
                map.withUnsafeBufferPointer { map in
                    if first {
                        for i in 0..<count { keys[i] = Int(map[Int(codes[selected[i]])]) &* stride }
                    } else {
                        for i in 0..<count { keys[i] &+= Int(map[Int(codes[selected[i]])]) &* stride }
                    }
                }
            } else if first {
                for i in 0..<count { keys[i] = Int(codes[selected[i]]) &* stride }
            } else {
                for i in 0..<count { keys[i] &+= Int(codes[selected[i]]) &* stride }
            }
            return
        }
        if let map {
            map.withUnsafeBufferPointer { map in
                if first {
                    for i in 0..<count { keys[i] = Int(map[Int(codes[i])]) &* stride }
                } else {
                    for i in 0..<count { keys[i] &+= Int(map[Int(codes[i])]) &* stride }
                }
            }
        } else if first {
            for i in 0..<count { keys[i] = Int(codes[i]) &* stride }
        } else {
            for i in 0..<count { keys[i] &+= Int(codes[i]) &* stride }
        }
    }
}

/// Copies the codes of a chunk's possible rows (all of them when `selected` is nil), in the order of their group numbers.
struct CopyCodes: CodeReader {
    let start: Int
    let count: Int
    let selected: UnsafeMutablePointer<Int>?
    let m: Int
    let out: UnsafeMutablePointer<Int32>

    mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
        if let selected {
            for j in 0..<m { out[j] = Int32(truncatingIfNeeded: codes[start + selected[j]]) }
        } else {
            for i in 0..<count { out[i] = Int32(truncatingIfNeeded: codes[start + i]) }
        }
    }
}

/// Numbers groups as they are met, when their keys are too spread for arrays (one thread only).
private final class GroupNumbering: @unchecked Sendable {
    private var numbers: [Int: Int]
    private(set) var keys: [Int]

    init(_ numbers: [Int: Int], _ keys: [Int]) {
        self.numbers = numbers
        self.keys = keys
    }

    func number(_ key: Int) -> Int {
        if let n = numbers[key] { return n }
        numbers[key] = keys.count
        keys.append(key)
        return keys.count - 1
    }
}
