// Sets of small integers (row numbers, symbol codes) as bits in 64-bit
// words: a table's possible rows, a field's selected values. Word-wise
// operations and popcounts keep propagation and state computation free of
// per-row branches and allocations.

import Dispatch

/// A fixed-size set of the integers 0..<count.
public struct Bitset: Sendable, Hashable {
    /// The bits, 64 integers a word, the lowest first.
    @usableFromInline var words: [UInt64]
    /// The integers the set ranges over: 0..<count.
    public let count: Int

    /// The empty set (`full`: every integer) of 0..<count.
    public init(count: Int, full: Bool = false) {
        self.count = count
        words = Array(repeating: full ? ~0 : 0, count: (count + 63) >> 6)
        if full { clearTail() }
    }

    /// Bits past `count` in the last word stay zero, so popcounts and equality hold.
    private mutating func clearTail() {
        let extra = count & 63
        if extra != 0 { words[words.count - 1] &= (1 << UInt64(extra)) &- 1 }
    }

    @inlinable public func contains(_ i: Int) -> Bool { words[i &>> 6] & (1 &<< UInt64(i & 63)) != 0 }

    @inlinable public mutating func insert(_ i: Int) { words[i &>> 6] |= 1 &<< UInt64(i & 63) }

    @inlinable public mutating func remove(_ i: Int) { words[i &>> 6] &= ~(1 &<< UInt64(i & 63)) }

    /// How many integers are in the set.
    public var cardinality: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    public var isFull: Bool { cardinality == count }

    /// Keeps only the integers also in `other` (of the same count).
    public mutating func formIntersection(_ other: Bitset) {
        precondition(other.count == count)
        words.withUnsafeMutableBufferPointer { a in
            other.words.withUnsafeBufferPointer { b in
                for i in a.indices { a[i] &= b[i] }
            }
        }
    }

    /// Adds the integers of `other` (of the same count).
    public mutating func formUnion(_ other: Bitset) {
        precondition(other.count == count)
        words.withUnsafeMutableBufferPointer { a in
            other.words.withUnsafeBufferPointer { b in
                for i in a.indices { a[i] |= b[i] }
            }
        }
    }

    /// Removes the integers of `other` (of the same count).
    public mutating func subtract(_ other: Bitset) {
        precondition(other.count == count)
        words.withUnsafeMutableBufferPointer { a in
            other.words.withUnsafeBufferPointer { b in
                for i in a.indices { a[i] &= ~b[i] }
            }
        }
    }

    public func intersection(_ other: Bitset) -> Bitset {
        var copy = self
        copy.formIntersection(other)
        return copy
    }

    /// Calls `body` with each integer in the set, in increasing order.
    @inlinable public func forEach(_ body: (Int) throws -> Void) rethrows {
        for (w, word) in words.enumerated() {
            var bits = word
            while bits != 0 {
                try body(w << 6 | bits.trailingZeroBitCount)
                bits &= bits &- 1
            }
        }
    }

    /// The integers in the set, in increasing order.
    public var elements: [Int] {
        var out: [Int] = []
        out.reserveCapacity(cardinality)
        forEach { out.append($0) }
        return out
    }

    /// The set of the rows whose code is in `codes`: row r is in it iff `codes` holds `column[r]`.
    public static func rows(of column: CodeColumn, in codes: Bitset, within: Bitset? = nil) -> Bitset {
        if let runs = column.runs, runs.fillsQuickly {
            // Filling the codes' runs costs a few words each, against a read of every row (or of `within`'s rows).
            let runCount = runs.runCount(of: codes)
            if within == nil || runCount * 4 < within!.cardinality { return rows(of: runs, codes: codes, count: column.count, within: within) }
        }
        // One word per code, 0 or 1, so the row loop is a load, a shift and an or, without branches. Rows outside
        // `within` are not read: a word of it without a bit skips its 64 rows, and one with few bits reads only those
        // rows (a filter after a selective one reads a fraction of the column). A whole word of rows is read 8 at a
        // time: their 0s and 1s as the bytes of a word, which one multiplication gathers into 8 bits. Large columns
        // split across processors.
        var ones = [UInt64](repeating: 0, count: codes.count)
        codes.forEach { ones[$0] = 1 }
        let mask = ones
        struct Filter: CodeReader {
            let mask: [UInt64]
            let within: [UInt64]?
            let words: Range<Int>
            let out: UnsafeMutablePointer<UInt64>
            mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
                mask.withUnsafeBufferPointer { mask in
                    for w in words {
                        let keep = within?[w] ?? ~0
                        guard keep != 0 else {
                            out[w] = 0
                            continue
                        }
                        let start = w << 6, end = min(codes.count, start + 64)
                        var word: UInt64 = 0
                        if keep.nonzeroBitCount <= 16 {
                            var bits = keep
                            while bits != 0 {
                                let b = bits.trailingZeroBitCount
                                word |= mask[Int(codes[start + b])] &<< UInt64(b)
                                bits &= bits &- 1
                            }
                        } else if end - start == 64 {
                            for byte in 0..<8 {
                                let r = start + byte * 8
                                var bytes: UInt64 = 0
                                for j in 0..<8 { bytes |= mask[Int(codes[r + j])] &<< UInt64(j * 8) }
                                word |= ((bytes &* 0x0102_0408_1020_4080) &>> 56) &<< UInt64(byte * 8)
                            }
                        } else {
                            for r in start..<end { word |= mask[Int(codes[r])] &<< UInt64(r - start) }
                        }
                        out[w] = word & keep
                    }
                }
            }
        }
        var out = Bitset(count: column.count)
        let wordCount = out.words.count
        let parts = Swift.max(1, Swift.min(Parallelism.processors, wordCount / 4096))
        out.words.withUnsafeMutableBufferPointer { words in
            nonisolated(unsafe) let base = words.baseAddress!
            let filter: @Sendable (Int) -> Void = { part in
                var reader = Filter(mask: mask, within: within?.words, words: (wordCount * part / parts)..<(wordCount * (part + 1) / parts), out: base)
                column.read(&reader)
            }
            if parts == 1 { filter(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: filter) }
        }
        return out
    }

    /// The words a range of rows covers, and the bits of its first and last words that fall in it.
    @inline(__always) private static func wordsOf(_ rows: Range<Int>) -> (first: Int, last: Int, head: UInt64, tail: UInt64) {
        let end = rows.upperBound
        return (rows.lowerBound >> 6, (end - 1) >> 6, ~0 &<< UInt64(rows.lowerBound & 63), end & 63 == 0 ? ~0 : (1 &<< UInt64(end & 63)) &- 1)
    }

    /// The rows in the runs of `codes`, within `within`.
    private static func rows(of runs: RunIndex, codes: Bitset, count: Int, within: Bitset?) -> Bitset {
        var out = Bitset(count: count)
        out.words.withUnsafeMutableBufferPointer { words in
            runs.offsets.withUnsafeBufferPointer { offsets in
                runs.starts.withUnsafeBufferPointer { starts in
                    runs.ends.withUnsafeBufferPointer { ends in
                        codes.forEach { code in
                            for i in Int(offsets[code])..<Int(offsets[code + 1]) {
                                let (first, last, head, tail) = wordsOf(Int(starts[i])..<Int(ends[i]))
                                if first == last {
                                    words[first] |= head & tail
                                } else {
                                    words[first] |= head
                                    for w in (first + 1)..<last { words[w] = ~0 }
                                    words[last] |= tail
                                }
                            }
                        }
                    }
                }
            }
        }
        if let within { out.formIntersection(within) }
        return out
    }

    /// How many rows of `rows` each code's runs hold: a popcount of the words each run covers.
    private static func frequencies(of runs: RunIndex, codeCount: Int, on rows: Bitset?) -> [Int] {
        var counts = [Int](repeating: 0, count: codeCount)
        runs.offsets.withUnsafeBufferPointer { offsets in
            runs.starts.withUnsafeBufferPointer { starts in
                runs.ends.withUnsafeBufferPointer { ends in
                    guard let rows else {
                        for code in 0..<codeCount {
                            for i in Int(offsets[code])..<Int(offsets[code + 1]) { counts[code] += Int(ends[i] - starts[i]) }
                        }
                        return
                    }
                    rows.words.withUnsafeBufferPointer { words in
                        for code in 0..<codeCount {
                            var n = 0
                            for i in Int(offsets[code])..<Int(offsets[code + 1]) {
                                let (first, last, head, tail) = wordsOf(Int(starts[i])..<Int(ends[i]))
                                if first == last {
                                    n &+= (words[first] & head & tail).nonzeroBitCount
                                } else {
                                    n &+= (words[first] & head).nonzeroBitCount &+ (words[last] & tail).nonzeroBitCount
                                    for w in (first + 1)..<last { n &+= words[w].nonzeroBitCount }
                                }
                            }
                            counts[code] = n
                        }
                    }
                }
            }
        }
        return counts
    }

    /// The codes found on the rows of `rows` (all rows when nil), as a set over the column's codes.
    public static func codes(of column: CodeColumn, on rows: Bitset?) -> Bitset {
        var out = Bitset(count: column.codeCount)
        for (code, frequency) in frequencies(of: column, on: rows).enumerated() where frequency > 0 { out.insert(code) }
        return out
    }

    /// How many rows of `rows` (all rows when nil) hold each code.
    public static func frequencies(of column: CodeColumn, on rows: Bitset?) -> [Int] {
        if let runs = column.runs { return frequencies(of: runs, codeCount: column.codeCount, on: rows) }
        struct Count: CodeReader {
            let rows: Bitset?
            var counts: [Int]
            mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
                counts.withUnsafeMutableBufferPointer { counts in
                    if let rows {
                        rows.forEach { counts[Int(codes[$0])] &+= 1 }
                    } else {
                        for code in codes { counts[Int(code)] &+= 1 }
                    }
                }
            }
        }
        var reader = Count(rows: rows, counts: Array(repeating: 0, count: column.codeCount))
        column.read(&reader)
        return reader.counts
    }
}
