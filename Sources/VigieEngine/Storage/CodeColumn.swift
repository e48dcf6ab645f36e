// One code per row, in the narrowest unsigned width that holds the
// field's codes: a field of 8 activity lines takes a byte per row, one of
// 2 million patients four. Codes 0..<symbolCount are the field's values in
// its symbol table; the code `symbolCount` is null.
//
// Hot loops read the codes through a CodeReader, whose generic `read` is
// specialized for each width, so no loop converts or branches on the width.
//
// When the rows come in runs of one code (facts exported establishment by
// establishment, then day by day), the column also keeps where each code's
// runs lie (`runs`): a code's frequency is then a popcount of the words its
// runs cover, and, when runs are long, the rows holding some codes a few
// filled words per run, rather than a read of every row (Bitset.swift).

/// Reads a column's codes at their stored width.
public protocol CodeReader {
    mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>)
}

/// The codes of one field, a code per row.
public struct CodeColumn: Sendable, Equatable {
    enum Storage: Sendable, Equatable {
        case byte([UInt8])
        case short([UInt16])
        case word([UInt32])
    }

    let storage: Storage
    /// How many distinct codes there can be: the symbols plus null.
    public let codeCount: Int
    /// Each code's runs of rows, when runs are long enough to be worth it.
    let runs: RunIndex?

    /// Codes (each < `codeCount`), stored in the narrowest width that holds `codeCount - 1`. `indexingRuns`: whether
    /// to keep the runs' index when runs are long (not for a query's own columns, read once by its grouping).
    public init(codes: [UInt32], codeCount: Int, indexingRuns: Bool = true) {
        self.codeCount = codeCount
        if codeCount <= 1 << 8 {
            storage = .byte(codes.map { UInt8(truncatingIfNeeded: $0) })
        } else if codeCount <= 1 << 16 {
            storage = .short(codes.map { UInt16(truncatingIfNeeded: $0) })
        } else {
            storage = .word(codes)
        }
        runs = indexingRuns ? RunIndex(storage, codeCount: codeCount) : nil
    }

    /// The codes `table[provisional[row]]`, written straight in the narrowest width; a provisional code past the
    /// table's end stands for its last entry (null). `table` holds a code for each value and null's last: its count
    /// is `codeCount`.
    init(renumbering provisional: [UInt32], through table: [UInt32]) {
        codeCount = table.count
        func narrow<C: FixedWidthInteger & UnsignedInteger>(_: C.Type) -> [C] {
            [C](unsafeUninitializedCapacity: provisional.count) { out, initialized in
                provisional.withUnsafeBufferPointer { provisional in
                    table.withUnsafeBufferPointer { table in
                        let last = table.count - 1
                        for row in 0..<provisional.count { out[row] = C(truncatingIfNeeded: table[Swift.min(Int(provisional[row]), last)]) }
                    }
                }
                initialized = provisional.count
            }
        }
        if codeCount <= 1 << 8 {
            storage = .byte(narrow(UInt8.self))
        } else if codeCount <= 1 << 16 {
            storage = .short(narrow(UInt16.self))
        } else {
            storage = .word(narrow(UInt32.self))
        }
        runs = RunIndex(storage, codeCount: codeCount)
    }

    /// The number of rows.
    public var count: Int {
        switch storage {
        case let .byte(c): c.count
        case let .short(c): c.count
        case let .word(c): c.count
        }
    }

    /// Bytes per row.
    public var width: Int {
        switch storage {
        case .byte: 1
        case .short: 2
        case .word: 4
        }
    }

    /// The code of row `row`.
    public subscript(row: Int) -> Int {
        switch storage {
        case let .byte(c): Int(c[row])
        case let .short(c): Int(c[row])
        case let .word(c): Int(c[row])
        }
    }

    /// Runs `reader` over the codes.
    public func read<R: CodeReader>(_ reader: inout R) {
        switch storage {
        case let .byte(c): c.withUnsafeBufferPointer { reader.read($0) }
        case let .short(c): c.withUnsafeBufferPointer { reader.read($0) }
        case let .word(c): c.withUnsafeBufferPointer { reader.read($0) }
        }
    }
}

/// Where each code's rows lie, as runs of consecutive rows holding it: the runs of code c are `starts[i] ..< ends[i]`
/// for i in `offsets[c] ..< offsets[c + 1]`, in row order.
struct RunIndex: Sendable, Equatable {
    let offsets: [Int32]
    let starts: [Int32]
    let ends: [Int32]
    /// Whether the runs are long enough to find rows by filling them.
    let fillsQuickly: Bool

    /// Below this many rows per run on average, the index is not built: counting codes row by row is as quick.
    static let minimumRunLength = 8
    /// Below this many rows per run, reading a column's codes 8 at a time finds rows as quickly as filling the runs.
    static let filledRunLength = 32

    /// The runs of `storage`'s codes; nil when they are short on average, or the rows too many for 32-bit row numbers.
    init?(_ storage: CodeColumn.Storage, codeCount: Int) {
        struct Build: CodeReader {
            let codeCount: Int
            var index: RunIndex?
            mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
                let rows = codes.count
                guard rows >= 1024, rows < Int(Int32.max) else { return }
                var runCount = 1
                for r in 1..<rows { runCount &+= codes[r] != codes[r - 1] ? 1 : 0 }
                guard runCount * RunIndex.minimumRunLength <= rows else { return }
                var offsets = [Int32](repeating: 0, count: codeCount + 1)
                var previous = Int(codes[0])
                offsets[previous + 1] = 1
                for r in 1..<rows where Int(codes[r]) != previous {
                    previous = Int(codes[r])
                    offsets[previous + 1] += 1
                }
                for c in 0..<codeCount { offsets[c + 1] += offsets[c] }
                var next = offsets
                var starts = [Int32](repeating: 0, count: runCount), ends = [Int32](repeating: 0, count: runCount)
                var start = 0
                for r in 1...rows where r == rows || codes[r] != codes[start] {
                    let code = Int(codes[start]), slot = Int(next[code])
                    starts[slot] = Int32(start)
                    ends[slot] = Int32(r)
                    next[code] += 1
                    start = r
                }
                index = RunIndex(offsets: offsets, starts: starts, ends: ends, fillsQuickly: runCount * RunIndex.filledRunLength <= rows)
            }
        }
        var build = Build(codeCount: codeCount)
        switch storage {
        case let .byte(c): c.withUnsafeBufferPointer { build.read($0) }
        case let .short(c): c.withUnsafeBufferPointer { build.read($0) }
        case let .word(c): c.withUnsafeBufferPointer { build.read($0) }
        }
        guard let index = build.index else { return nil }
        self = index
    }

    private init(offsets: [Int32], starts: [Int32], ends: [Int32], fillsQuickly: Bool) {
        self.offsets = offsets
        self.starts = starts
        self.ends = ends
        self.fillsQuickly = fillsQuickly
    }

    /// How many runs the codes of `codes` have.
    func runCount(of codes: Bitset) -> Int {
        var n = 0
        codes.forEach { n += Int(offsets[$0 + 1] - offsets[$0]) }
        return n
    }
}
