// The RFC 4180 state machine: finds records and fields in a block of bytes
// without copying them.
//
// - A field that starts with the quote byte is quoted: it runs to the next
//   quote that is not doubled, and may hold separators, doubled quotes and
//   line breaks. Its span excludes the surrounding quotes; doubled quotes
//   stay doubled in the block and the span is flagged so that text values
//   are unescaped when asked for.
// - A quote inside an unquoted field is an ordinary byte (`12" screen`).
// - Records end at LF, CRLF or a lone CR. Line numbers count every line
//   break, inside quotes too, so a record's line is where it starts in an
//   editor. Empty lines are skipped.
// - At the end of a block that is not the end of the file, a record that
//   might continue in the next block is left unconsumed: the caller carries
//   its bytes over and tokenizes them again with more.

/// Where one field lies in its block: `start..<end`, without surrounding quotes.
struct CSVFieldSpan: Sendable, Equatable, BitwiseCopyable {
    /// Bit 31: the field holds doubled quotes. Bits 0–30: the offset of its first byte.
    var startAndFlag: UInt32
    var end: UInt32

    @inline(__always) init(start: Int, end: Int, escaped: Bool) {
        startAndFlag = UInt32(truncatingIfNeeded: start) | (escaped ? 0x8000_0000 : 0)
        self.end = UInt32(truncatingIfNeeded: end)
    }

    @inline(__always) var start: Int { Int(startAndFlag & 0x7FFF_FFFF) }
    @inline(__always) var isEscaped: Bool { startAndFlag & 0x8000_0000 != 0 }
    @inline(__always) var count: Int { Int(end) - start }
}

/// What is structurally wrong with a record (its fields are still listed).
enum CSVRecordProblem: Sendable, Equatable {
    /// A quoted field (1-based column) opened on `line` never closes before the end of the file.
    case unclosedQuote(line: Int, column: Int)
    /// A byte other than a separator or line break follows the closing quote of a field (1-based column).
    case textAfterQuote(column: Int, byte: UInt8)
}

/// The records found in one block; offsets are into the block.
struct CSVScan {
    var recordStart: [Int32] = []
    /// End of the record's bytes, line break excluded.
    var recordEnd: [Int32] = []
    var recordLine: [Int] = []
    /// Index in `spans` of each record's first field; one more entry than records.
    var fieldStart: [Int32] = [0]
    var spans: [CSVFieldSpan] = []
    /// Records (by index) with a structural problem.
    var problems: [(record: Int, problem: CSVRecordProblem)] = []

    var count: Int { recordStart.count }

    func fieldCount(_ record: Int) -> Int { Int(fieldStart[record + 1] - fieldStart[record]) }

    /// Drops every record from `record` on.
    mutating func truncate(to record: Int) {
        guard record < count else { return }
        recordStart.removeSubrange(record...)
        recordEnd.removeSubrange(record...)
        recordLine.removeSubrange(record...)
        spans.removeSubrange(Int(fieldStart[record])...)
        fieldStart.removeSubrange((record + 1)...)
        problems.removeAll { $0.record >= record }
    }
}

/// Splits blocks into records and fields for one separator and quote.
struct CSVTokenizer: Sendable {
    let separator: UInt8
    let quote: UInt8

    init(separator: UInt8, quote: UInt8) {
        self.separator = separator
        self.quote = quote
    }

    /// 0x80 in each byte of `word` that equals the byte broadcast in `pattern` (exact for the lowest such byte).
    @inline(__always)
    static func matches(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let v = word ^ pattern
        return (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080
    }

    /// Tokenizes `block[from...]`, appending to `scan`. Returns the offset up to which the
    /// block was consumed and the line number there. With `isFinal` false, a record that
    /// reaches the end of the block is left unconsumed (and not appended).
    func tokenize(_ block: UnsafeRawBufferPointer, from: Int, line firstLine: Int, isFinal: Bool, into scan: inout CSVScan) -> (consumed: Int, line: Int) {
        let n = block.count
        guard n > from, let raw = block.baseAddress else { return (from, firstLine) }
        let base = raw.assumingMemoryBound(to: UInt8.self)
        let lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        let separator = self.separator, quote = self.quote
        let separators = UInt64(separator) &* 0x0101_0101_0101_0101
        let lfs: UInt64 = 0x0A0A_0A0A_0A0A_0A0A, crs: UInt64 = 0x0D0D_0D0D_0D0D_0D0D

        // Unsafe growable buffers: Array's append costs a uniqueness check each time.
        var recordStart = CSVGrowable<Int32>(capacity: (n - from) / 32 + 16)
        var recordEnd = CSVGrowable<Int32>(capacity: (n - from) / 32 + 16)
        var recordLine = CSVGrowable<Int>(capacity: (n - from) / 32 + 16)
        var fieldEnd = CSVGrowable<Int32>(capacity: (n - from) / 32 + 16)
        var spans = CSVGrowable<CSVFieldSpan>(capacity: (n - from) / 4 + 16)
        let firstRecord = scan.count
        let spanBase = scan.spans.count

        /// Moves `p` to the next separator, CR or LF (or `n`), eight bytes at a time.
        @inline(__always) func skipUnquoted(_ p: inout Int) {
            while p + 8 <= n {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self))
                let stops = Self.matches(word, separators) | Self.matches(word, lfs) | Self.matches(word, crs)
                if stops != 0 {
                    p += stops.trailingZeroBitCount >> 3
                    return
                }
                p += 8
            }
            while p < n {
                let c = base[p]
                if c == separator || c == lf || c == cr { return }
                p += 1
            }
        }

        var p = from
        var line = firstLine
        records: while p < n {
            let first = base[p]
            if first == lf {
                p += 1
                line += 1
                continue
            }
            if first == cr {
                if p + 1 < n {
                    p += base[p + 1] == lf ? 2 : 1
                } else if isFinal {
                    p += 1
                } else {
                    break records
                }
                line += 1
                continue
            }
            let start = p
            let startLine = line
            let spanMark = spans.count
            var problem: CSVRecordProblem?
            var complete = true
            fields: while true {
                if p < n && base[p] == quote {
                    let column = spans.count - spanMark + 1
                    p += 1
                    let s = p
                    var escaped = false
                    var closed = false
                    while p < n {
                        let c = base[p]
                        if c == quote {
                            if p + 1 < n {
                                if base[p + 1] == quote {
                                    escaped = true
                                    p += 2
                                    continue
                                }
                                closed = true
                            } else {
                                closed = isFinal
                            }
                            break
                        }
                        if c == lf || (c == cr && (p + 1 == n || base[p + 1] != lf)) { line += 1 }
                        p += 1
                    }
                    if !closed {
                        guard isFinal else {
                            complete = false
                            break fields
                        }
                        if problem == nil { problem = .unclosedQuote(line: startLine, column: column) }
                        spans.append(CSVFieldSpan(start: s, end: n, escaped: escaped))
                        p = n
                        break fields
                    }
                    spans.append(CSVFieldSpan(start: s, end: p, escaped: escaped))
                    p += 1
                    if p < n, base[p] != separator, base[p] != lf, base[p] != cr {
                        if problem == nil { problem = .textAfterQuote(column: column, byte: base[p]) }
                        skipUnquoted(&p)
                    }
                } else {
                    let s = p
                    skipUnquoted(&p)
                    spans.append(CSVFieldSpan(start: s, end: p, escaped: false))
                }
                if p >= n {
                    if !isFinal { complete = false }
                    break fields
                }
                if base[p] == separator {
                    p += 1
                    continue fields
                }
                break fields
            }
            // Here p is at the record's line break, or at n.
            if complete && p < n && base[p] == cr && p + 1 == n && !isFinal { complete = false }
            guard complete else {
                spans.truncate(to: spanMark)
                p = start
                line = startLine
                break records
            }
            if let problem { scan.problems.append((firstRecord + recordStart.count, problem)) }
            recordStart.append(Int32(truncatingIfNeeded: start))
            recordEnd.append(Int32(truncatingIfNeeded: p))
            recordLine.append(startLine)
            fieldEnd.append(Int32(truncatingIfNeeded: spanBase + spans.count))
            if p < n {
                p += (base[p] == cr && p + 1 < n && base[p + 1] == lf) ? 2 : 1
                line += 1
            }
        }
        recordStart.appendAll(to: &scan.recordStart)
        recordEnd.appendAll(to: &scan.recordEnd)
        recordLine.appendAll(to: &scan.recordLine)
        fieldEnd.appendAll(to: &scan.fieldStart)
        spans.appendAll(to: &scan.spans)
        return (p, line)
    }
}

/// An append-only buffer of plain values, for the tokenizer's inner loop: no uniqueness
/// or exclusivity checks per append, unlike an Array.
struct CSVGrowable<Element: BitwiseCopyable>: ~Copyable {
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }

    /// Forgets the elements from `count` on.
    mutating func truncate(to count: Int) {
        self.count = min(self.count, count)
    }

    /// Appends every element to `array`.
    func appendAll(to array: inout [Element]) {
        array.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }
}
