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
@usableFromInline
struct CSVFieldSpan: Sendable, Equatable {
    /// Bit 31: the field holds doubled quotes. Bits 0–30: the offset of its first byte.
    @usableFromInline var startAndFlag: UInt32
    @usableFromInline var end: UInt32

    @inlinable init(start: Int, end: Int, escaped: Bool) {
        startAndFlag = UInt32(truncatingIfNeeded: start) | (escaped ? 0x8000_0000 : 0)
        self.end = UInt32(truncatingIfNeeded: end)
    }

    @inlinable var start: Int { Int(startAndFlag & 0x7FFF_FFFF) }
    @inlinable var isEscaped: Bool { startAndFlag & 0x8000_0000 != 0 }
    @inlinable var count: Int { Int(end) - start }
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
    /// 1 for the separator, CR and LF: the bytes that end an unquoted field.
    private let stops: [UInt8]

    init(separator: UInt8, quote: UInt8) {
        self.separator = separator
        self.quote = quote
        var stops = [UInt8](repeating: 0, count: 256)
        stops[Int(separator)] = 1
        stops[0x0A] = 1
        stops[0x0D] = 1
        self.stops = stops
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

        // Local arrays, put back at the end (appending through `scan` costs a uniqueness check each time).
        var recordStart: [Int32] = [], recordEnd: [Int32] = [], recordLine: [Int] = []
        var fieldStart: [Int32] = [], spans: [CSVFieldSpan] = []
        swap(&recordStart, &scan.recordStart)
        swap(&recordEnd, &scan.recordEnd)
        swap(&recordLine, &scan.recordLine)
        swap(&fieldStart, &scan.fieldStart)
        swap(&spans, &scan.spans)
        defer {
            swap(&recordStart, &scan.recordStart)
            swap(&recordEnd, &scan.recordEnd)
            swap(&recordLine, &scan.recordLine)
            swap(&fieldStart, &scan.fieldStart)
            swap(&spans, &scan.spans)
        }

        var p = from
        var line = firstLine
        return stops.withUnsafeBufferPointer { stops in
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
                            while p < n && stops[Int(base[p])] == 0 { p += 1 }
                        }
                    } else {
                        let s = p
                        while p < n && stops[Int(base[p])] == 0 { p += 1 }
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
                    spans.removeSubrange(spanMark...)
                    p = start
                    line = startLine
                    break records
                }
                if problem != nil { scan.problems.append((recordStart.count, problem!)) }
                recordStart.append(Int32(truncatingIfNeeded: start))
                recordEnd.append(Int32(truncatingIfNeeded: p))
                recordLine.append(startLine)
                fieldStart.append(Int32(truncatingIfNeeded: spans.count))
                if p < n {
                    p += (base[p] == cr && p + 1 < n && base[p + 1] == lf) ? 2 : 1
                    line += 1
                }
            }
            return (p, line)
        }
    }
}
