// Streams a CSV file (or bytes) as batches of records, a block at a time.
//
// Each block is a fresh array: the bytes left over from the previous block
// (the record that might continue) followed by up to `blockSize` new bytes.
// Except at the end of the file, the last complete record of a block is
// also carried over, so the last record of the file is always seen in the
// final batch, where the total line is looked for. A record longer than
// `maxRecordBytes` (usually an unclosed quote) stops the reading with an
// error rather than filling memory.
//
// Structural failures become rejects of the batch, not errors: an unclosed
// quote, text after a closing quote, a field count that differs from the
// header's, invalid UTF-8 in a UTF-8 file. Records whose fields are all
// empty are skipped and counted.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a CSV file as batches of records, following a detected or given dialect.
///
/// ```swift
/// let reader = try CSVReader(path: "ventes.csv")
/// while let batch = try reader.nextBatch() {
///     for record in batch { print(record.line, record.fields) }
///     rejects += batch.rejects
/// }
/// if let total = reader.totalLine { print("total line", total.line) }
/// ```
public final class CSVReader {
    /// The file's name in rejects and errors.
    public let name: String
    /// The dialect in force: detected, then overridden.
    public let dialect: CSVDialect
    /// Column names: the header's, trimmed, or `column1`, `column2`… without a header.
    public private(set) var header: [String] = []
    /// The total line, once the final batch has been read.
    public private(set) var totalLine: CSVTotalLine?
    /// Records whose fields are all empty or blank, skipped.
    public private(set) var blankRecords = 0

    let blockSize: Int
    let maxRecordBytes: Int
    let tokenizer: CSVTokenizer
    let parser: CSVValueParser
    private let source: Source
    /// Bytes read but not yet consumed, starting at `pendingOffset` in the file.
    private var pending: [UInt8]
    private var pendingOffset: Int
    /// The line number at `pending[0]`.
    private var line = 1
    private var sourceEnded = false
    private var finished = false
    private var headerRead: Bool

    /// Bytes looked at by dialect detection.
    public static let sampleSize = 64 << 10

    /// Opens `path`. Without `dialect`, the dialect is detected from the first 64 KiB; `overrides` fix parts of it either way.
    /// `blockSize` is how many bytes each batch reads (4 MiB by default).
    public convenience init(
        path: String, dialect: CSVDialect? = nil, overrides: CSVDialect.Overrides = .init(),
        blockSize: Int = 4 << 20, maxRecordBytes: Int = 64 << 20
    ) throws(LakeError) {
        try self.init(source: Source(path: path), name: path, dialect: dialect, overrides: overrides,
                      blockSize: blockSize, maxRecordBytes: maxRecordBytes)
    }

    /// Reads `bytes` as a file named `name`.
    public convenience init(
        bytes: [UInt8], name: String = "bytes", dialect: CSVDialect? = nil, overrides: CSVDialect.Overrides = .init(),
        blockSize: Int = 4 << 20, maxRecordBytes: Int = 64 << 20
    ) throws(LakeError) {
        try self.init(source: Source(bytes: bytes), name: name, dialect: dialect, overrides: overrides,
                      blockSize: blockSize, maxRecordBytes: maxRecordBytes)
    }

    private init(
        source: Source, name: String, dialect: CSVDialect?, overrides: CSVDialect.Overrides,
        blockSize: Int, maxRecordBytes: Int
    ) throws(LakeError) {
        guard blockSize > 0, maxRecordBytes > 0, blockSize < 1 << 30, maxRecordBytes < 1 << 30 else {
            throw LakeError(.invalidArgument, "block size \(blockSize) and record limit \(maxRecordBytes) must lie in 1 ..< 1 GiB", context: [name])
        }
        self.source = source
        self.name = name
        self.blockSize = blockSize
        self.maxRecordBytes = maxRecordBytes
        var first: [UInt8] = []
        let ended: Bool
        do {
            ended = try source.append(max(blockSize, Self.sampleSize), to: &first)
        } catch {
            throw error.within(name)
        }
        if first.starts(with: [0xFF, 0xFE]) || first.starts(with: [0xFE, 0xFF]) {
            throw LakeError(.unsupported, "UTF-16 text is not supported: export the file as UTF-8 or Windows-1252", context: [name])
        }
        let detected = dialect ?? first.withUnsafeBytes {
            CSVDialect.detect(sample: UnsafeRawBufferPointer(rebasing: $0.prefix(Self.sampleSize)), isWholeFile: ended && $0.count <= Self.sampleSize)
        }
        let chosen = detected.applying(overrides)
        self.dialect = chosen
        tokenizer = CSVTokenizer(separator: chosen.separator, quote: chosen.quote)
        parser = CSVValueParser(dialect: chosen)
        var offset = 0
        if chosen.encoding != .windows1252 && first.starts(with: [0xEF, 0xBB, 0xBF]) {
            first.removeFirst(3)
            offset = 3
        }
        // The sample is larger than a block when blocks are small: give the rest back to the source.
        var hasMore = !ended
        if first.count > blockSize {
            source.unread(Array(first[blockSize...]))
            first.removeSubrange(blockSize...)
            hasMore = true
        }
        pending = first
        pendingOffset = offset
        sourceEnded = !hasMore
        headerRead = !chosen.hasHeader
        // The first batch sets the header (or the generated names); read it now so that `header` is known before any batch.
        firstBatch = try scanBlock()
    }

    /// A batch read ahead while looking for the header.
    private var firstBatch: CSVBatch?

    /// Bytes of the file tokenized so far.
    public var bytesRead: Int { pendingOffset }

    /// Whether every batch has been returned (the last one carried the total line, if any).
    public var isAtEnd: Bool { finished && firstBatch == nil }

    /// The next batch, or nil at the end of the file. Throws on I/O failures and on records longer than `maxRecordBytes`.
    public func nextBatch() throws(LakeError) -> CSVBatch? {
        if let batch = firstBatch {
            firstBatch = nil
            return batch
        }
        return try scanBlock()
    }

    // MARK: Blocks

    /// Tokenizes the next block and turns it into a batch.
    private func scanBlock() throws(LakeError) -> CSVBatch? {
        while !finished {
            var block = pending
            let blockOffset = pendingOffset
            if !sourceEnded {
                do {
                    sourceEnded = try source.append(blockSize, to: &block)
                } catch {
                    throw error.within(name)
                }
            }
            if block.isEmpty {
                finished = true
                break
            }
            var scan = CSVScan()
            scan.spans.reserveCapacity(block.count / 6)
            let isFinal = sourceEnded
            var (consumed, nextLine) = block.withUnsafeBytes {
                tokenizer.tokenize($0, from: 0, line: line, isFinal: isFinal, into: &scan)
            }
            if !isFinal {
                // Keep the last complete record for the next block: it might be the file's last.
                guard scan.count >= 2 else {
                    guard block.count < maxRecordBytes else {
                        throw LakeError(.corrupt, "a record is longer than \(maxRecordBytes) bytes (an unclosed quote?)",
                                        context: [name, "line \(line)"])
                    }
                    // Not even two records: read more into the same block.
                    pending = block
                    continue
                }
                let last = scan.count - 1
                consumed = Int(scan.recordStart[last])
                nextLine = scan.recordLine[last]
                scan.truncate(to: last)
            } else {
                finished = true
            }
            pending = Array(block[consumed...])
            pendingOffset = blockOffset + consumed
            line = nextLine
            return try makeBatch(block: block, scan: scan, offset: blockOffset, isFinal: isFinal)
        }
        return nil
    }

    /// Checks the records of a block: header, blank records, structural rejects, UTF-8, total line.
    private func makeBatch(block: [UInt8], scan: CSVScan, offset: Int, isFinal: Bool) throws(LakeError) -> CSVBatch {
        let windows1252 = dialect.encoding == .windows1252
        var first = 0
        var problems: [Int: String] = [:]
        for (record, problem) in scan.problems {
            switch problem {
            case let .unclosedQuote(line, column):
                problems[record] = "the quote opened in column \(column) on line \(line) is never closed"
            case let .textAfterQuote(column, byte):
                problems[record] = "text after the closing quote of column \(column): "
                    + (byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))")
            }
        }
        return block.withUnsafeBytes { bytes -> CSVBatch in
            func text(_ span: CSVFieldSpan) -> String {
                let field = UnsafeRawBufferPointer(rebasing: bytes[span.start..<Int(span.end)])
                return String(decoding: CSVText.utf8(field, escaped: span.isEscaped, quote: dialect.quote, windows1252: windows1252), as: UTF8.self)
            }
            func raw(_ record: Int) -> String {
                CSVText.display(UnsafeRawBufferPointer(rebasing: bytes[Int(scan.recordStart[record])..<Int(scan.recordEnd[record])]), windows1252: windows1252)
            }
            func isBlank(_ record: Int) -> Bool {
                for k in Int(scan.fieldStart[record])..<Int(scan.fieldStart[record + 1]) {
                    let s = scan.spans[k]
                    for i in s.start..<Int(s.end) where bytes[i] != 0x20 && bytes[i] != 0x09 { return false }
                }
                return true
            }

            // The header, or generated names from the first record.
            if !headerRead {
                headerRead = true
                if scan.count > 0 {
                    first = 1
                    header = Self.columnNames((Int(scan.fieldStart[0])..<Int(scan.fieldStart[1])).map { text(scan.spans[$0]) })
                }
            } else if header.isEmpty, let record = (0..<scan.count).first(where: { !isBlank($0) }) {
                header = (1...scan.fieldCount(record)).map { "column\($0)" }
            }
            let expected = header.count

            // Invalid UTF-8, found in one pass over the block's records.
            var invalidAt: [Int: Int] = [:]
            if !windows1252 && scan.count > first {
                var from = Int(scan.recordStart[first])
                let end = Int(scan.recordEnd[scan.count - 1])
                while let bad = CSVText.firstInvalidUTF8(bytes, from: from, to: end) {
                    // The record holding `bad`: the last one starting at or before it.
                    var lo = first, hi = scan.count - 1
                    while lo < hi {
                        let mid = (lo + hi + 1) / 2
                        if Int(scan.recordStart[mid]) <= bad { lo = mid } else { hi = mid - 1 }
                    }
                    invalidAt[lo] = bad
                    from = max(bad + 1, Int(scan.recordEnd[lo]))
                }
            }

            // The total line: the last record that is not blank, in the final block.
            var totalRecord = -1
            if isFinal, let last = (first..<scan.count).last(where: { !isBlank($0) }), problems[last] == nil, invalidAt[last] == nil {
                let fields = (Int(scan.fieldStart[last])..<Int(scan.fieldStart[last + 1])).map { scan.spans[$0] }
                if let evidence = totalEvidence(fields, bytes: bytes, expected: expected, text: text) {
                    // A `.shape` line with the header's field count stays in the data until the sums confirm it.
                    if evidence != .shape || fields.count != expected { totalRecord = last }
                    totalLine = CSVTotalLine(
                        line: scan.recordLine[last], fields: fields.map(text), rawText: raw(last), evidence: evidence,
                        fieldBytes: fields.map { Array(bytes[$0.start..<Int($0.end)]) })
                }
            }

            var rejects: [CSVReject] = []
            var recordStart: [Int32] = [], recordEnd: [Int32] = [], lines: [Int] = [], fieldStart: [Int32] = []
            recordStart.reserveCapacity(scan.count)
            recordEnd.reserveCapacity(scan.count)
            lines.reserveCapacity(scan.count)
            fieldStart.reserveCapacity(scan.count)
            for record in first..<scan.count where record != totalRecord {
                let count = scan.fieldCount(record)
                // Most blocks have no problems: skip the dictionary lookups then.
                if count != expected || (!problems.isEmpty && problems[record] != nil) || (!invalidAt.isEmpty && invalidAt[record] != nil) {
                    if isBlank(record) {
                        blankRecords += 1
                        continue
                    }
                    var column: Int?
                    let reason: String
                    if let problem = problems[record] {
                        reason = problem
                    } else if let bad = invalidAt[record] {
                        reason = "invalid UTF-8 at byte \(offset + bad)"
                        column = (Int(scan.fieldStart[record])..<Int(scan.fieldStart[record + 1]))
                            .last { scan.spans[$0].start <= bad }.map { $0 - Int(scan.fieldStart[record]) }
                    } else {
                        reason = "has \(count) field\(count == 1 ? "" : "s"), the \(dialect.hasHeader ? "header has" : "first record has") \(expected)"
                    }
                    rejects.append(CSVReject(
                        file: name, line: scan.recordLine[record], column: column.map { $0 + 1 },
                        columnName: column.flatMap { $0 < header.count ? header[$0] : nil }, reason: reason, rawText: raw(record)))
                    continue
                }
                if isBlank(record) {
                    blankRecords += 1
                    continue
                }
                recordStart.append(scan.recordStart[record])
                recordEnd.append(scan.recordEnd[record])
                lines.append(scan.recordLine[record])
                fieldStart.append(scan.fieldStart[record])
            }
            let storage = CSVBatch.Storage(
                bytes: block, recordStart: recordStart, recordEnd: recordEnd, lines: lines, fieldStart: fieldStart, spans: scan.spans)
            return CSVBatch(file: name, dialect: dialect, header: header, rejects: rejects, fileOffset: offset, storage: storage)
        }
    }

    /// Unique, trimmed names: empty ones become `columnN`, repeated ones get `_2`, `_3`….
    static func columnNames(_ raw: [String]) -> [String] {
        var used = Set<String>()
        return raw.enumerated().map { index, text in
            var name = text.trimmingSpaces
            if name.isEmpty { name = "column\(index + 1)" }
            var candidate = name
            var k = 2
            while used.contains(candidate) {
                candidate = "\(name)_\(k)"
                k += 1
            }
            used.insert(candidate)
            return candidate
        }
    }

    /// Whether the last record is a total line, and why.
    private func totalEvidence(_ fields: [CSVFieldSpan], bytes: UnsafeRawBufferPointer, expected: Int, text: (CSVFieldSpan) -> String) -> CSVTotalLine.Evidence? {
        let base = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self)
        if let label = fields.first(where: { !text($0).trimmingSpaces.isEmpty }).map(text), fields.count <= max(expected, 1) {
            let words = label.trimmingSpaces.lowercased()
            if ["total", "totaux", "total général", "total general", "grand total"].contains(where: { words == $0 || words.hasPrefix($0 + " ") || words.hasPrefix($0 + ":") }) {
                return .label(label.trimmingSpaces)
            }
        }
        var numbers = 0
        for span in fields where span.count > 0 {
            let (s, n) = CSVText.trimmed(base + span.start, span.count)
            if n == 0 { continue }
            guard parser.scan(s, n) != nil else { return nil }
            numbers += 1
        }
        guard numbers > 0, fields.count != expected || fields[0].count == 0 else { return nil }
        return .shape
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and no-break spaces.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\u{A0}" || $0 == "\u{202F}" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

extension CSVReader {
    /// Where bytes come from: a file descriptor or an array.
    final class Source {
        private let descriptor: Int32
        private let memory: [UInt8]
        private var position = 0

        init(path: String) throws(LakeError) {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw LakeError(.io, "cannot open: \(String(cString: strerror(errno)))", context: [path]) }
            var st = stat()
            guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR else {
                close(fd)
                throw LakeError(.io, "cannot read: not a file", context: [path])
            }
            descriptor = fd
            memory = []
        }

        init(bytes: [UInt8]) {
            descriptor = -1
            memory = bytes
        }

        deinit {
            if descriptor >= 0 { close(descriptor) }
        }

        /// Bytes given back, served before the rest.
        private var unreadBytes: [UInt8] = []

        /// Gives `bytes` back: the next reads start with them.
        func unread(_ bytes: [UInt8]) {
            unreadBytes = bytes + unreadBytes
        }

        /// Appends up to `count` bytes to `buffer`; returns true when the source has no more.
        func append(_ count: Int, to buffer: inout [UInt8]) throws(LakeError) -> Bool {
            if !unreadBytes.isEmpty {
                let n = min(count, unreadBytes.count)
                buffer.append(contentsOf: unreadBytes[..<n])
                unreadBytes.removeFirst(n)
                if !unreadBytes.isEmpty || n == count { return false }
                return try append(count - n, to: &buffer)
            }
            if descriptor < 0 {
                let n = min(count, memory.count - position)
                buffer.append(contentsOf: memory[position..<(position + n)])
                position += n
                return position == memory.count
            }
            let old = buffer.count
            var failure: LakeError?
            var ended = false
            var grown = [UInt8](unsafeUninitializedCapacity: old + count) { out, initialized in
                buffer.withUnsafeBytes { UnsafeMutableRawBufferPointer(out).copyMemory(from: $0) }
                var done = 0
                while done < count {
                    let n = read(descriptor, out.baseAddress! + old + done, count - done)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = LakeError(.io, "read failed at byte \(position + done): \(String(cString: strerror(errno)))")
                        break
                    }
                    if n == 0 {
                        ended = true
                        break
                    }
                    done += n
                }
                initialized = old + done
            }
            if let failure { throw failure }
            position += grown.count - old
            swap(&buffer, &grown)
            return ended
        }
    }
}
