// Guessing a file's dialect from its first bytes (64 KiB by default).
//
// 1. Encoding: a UTF-8 byte order mark, else UTF-8 when the sample is valid
//    UTF-8 (a sequence cut by the sample's end is forgiven), else Windows-1252.
// 2. Separator: each of `;` tab `|` `,` splits the sample, quotes respected;
//    the one whose records most often have the same field count wins, then
//    the one with more fields, then the first in that order (`;` before `,`
//    because decimal commas make `,` look plausible).
// 3. Decimal separator: a number that reads only with a decimal comma
//    (`12,5`, `1 234,56`, `1.234,5`) votes comma; only with a decimal dot
//    votes dot; `1,234` reads both ways and does not vote. The majority
//    wins; without votes, `,` after a `;` separator and `.` otherwise.
// 4. Thousands separator: the grouping (space, U+00A0, U+202F, dot,
//    apostrophe, comma) found in most numbers written with groups.
// 5. Date order: each order parses the date-looking fields; the one that
//    parses most wins (day-month-year on ties).
// 6. Header: present unless a field of the first record is a number or a date.

extension CSVDialect {
    /// Separators tried, in order of preference.
    static let candidateSeparators: [UInt8] = [UInt8(ascii: ";"), 0x09, UInt8(ascii: "|"), UInt8(ascii: ",")]

    /// Detects the dialect of a file from its first bytes. `isWholeFile` says the sample is
    /// the whole file (so its last record is complete).
    public static func detect(sample: [UInt8], isWholeFile: Bool = false) -> CSVDialect {
        sample.withUnsafeBytes { detect(sample: $0, isWholeFile: isWholeFile) }
    }

    /// Detects the dialect of a file from its first bytes.
    public static func detect(sample: UnsafeRawBufferPointer, isWholeFile: Bool = false) -> CSVDialect {
        var dialect = CSVDialect()
        var bytes = sample
        // 1. Encoding.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            dialect.encoding = .utf8WithBOM
            bytes = UnsafeRawBufferPointer(rebasing: bytes[3...])
        } else if let bad = CSVText.firstInvalidUTF8(bytes, from: 0, to: bytes.count), isWholeFile || bad < bytes.count - 3 {
            dialect.encoding = .windows1252
        } else {
            dialect.encoding = .utf8
        }

        // 2. Separator.
        var best: (consistency: Double, fields: Int, scan: CSVScan)?
        for separator in candidateSeparators {
            var scan = CSVScan()
            _ = CSVTokenizer(separator: separator, quote: dialect.quote)
                .tokenize(bytes, from: 0, line: 1, isFinal: isWholeFile, into: &scan)
            guard scan.count > 0 else { continue }
            var frequency: [Int: Int] = [:]
            for record in 0..<scan.count { frequency[scan.fieldCount(record), default: 0] += 1 }
            let mode = frequency.max { a, b in a.value < b.value || (a.value == b.value && a.key < b.key) }!
            guard mode.key > 1 else { continue }
            let consistency = Double(mode.value) / Double(scan.count)
            if best == nil || consistency > best!.consistency || (consistency == best!.consistency && mode.key > best!.fields) {
                best = (consistency, mode.key, scan)
                dialect.separator = separator
            }
        }
        guard let scan = best?.scan, scan.count > 0 else { return dialect }
        func field(_ record: Int, _ column: Int) -> UnsafeRawBufferPointer {
            let span = scan.spans[Int(scan.fieldStart[record]) + column]
            return UnsafeRawBufferPointer(rebasing: bytes[span.start..<Int(span.end)])
        }
        let dataFields = (min(1, scan.count - 1)..<scan.count).flatMap { record in (0..<scan.fieldCount(record)).map { field(record, $0) } }

        // 3. Decimal separator.
        func parser(_ decimal: Character, _ thousands: ThousandsSeparator?) -> CSVValueParser {
            var d = dialect
            d.decimalSeparator = UInt8(ascii: decimal.unicodeScalars.first!)
            d.thousandsSeparator = thousands
            return CSVValueParser(dialect: d)
        }
        let commaReaders = [parser(",", .dot), parser(",", .space), parser(",", .apostrophe)]
        let dotReaders = [parser(".", .comma), parser(".", .space), parser(".", .apostrophe)]
        func reads(_ readers: [CSVValueParser], _ f: UnsafeRawBufferPointer) -> Bool {
            let (s, n) = CSVText.trimmed(f.baseAddress!.assumingMemoryBound(to: UInt8.self), f.count)
            return readers.contains { reader in reader.scan(s, n).map { $0.fractionDigits > 0 } ?? false }
        }
        var commaVotes = 0, dotVotes = 0
        for f in dataFields where f.count > 1 {
            let comma = reads(commaReaders, f)
            let dot = reads(dotReaders, f)
            if comma && !dot { commaVotes += 1 }
            if dot && !comma { dotVotes += 1 }
        }
        if commaVotes != dotVotes {
            dialect.decimalSeparator = commaVotes > dotVotes ? UInt8(ascii: ",") : UInt8(ascii: ".")
        } else {
            dialect.decimalSeparator = dialect.separator == UInt8(ascii: ";") ? UInt8(ascii: ",") : UInt8(ascii: ".")
        }
        if dialect.decimalSeparator == dialect.separator { dialect.decimalSeparator = UInt8(ascii: ".") }

        // 4. Thousands separator.
        let decimalComma = dialect.decimalSeparator == UInt8(ascii: ",")
        var kinds: [ThousandsSeparator] = [.space, .noBreakSpace, .narrowNoBreakSpace, .apostrophe, decimalComma ? .dot : .comma]
        kinds.removeAll { $0 == .comma && dialect.separator == UInt8(ascii: ",") }
        var groupVotes: [ThousandsSeparator: Int] = [:]
        for kind in kinds {
            var d = dialect
            d.thousandsSeparator = kind
            guard let written = d.bytes(of: kind) else { continue }
            let reader = CSVValueParser(dialect: d)
            for f in dataFields where f.count > 4 && f.contains(written[0]) {
                let (s, n) = CSVText.trimmed(f.baseAddress!.assumingMemoryBound(to: UInt8.self), f.count)
                // A space-grouped reader accepts all three spaces: count only the kind written.
                if let r = reader.scan(s, n), r.grouped, UnsafeRawBufferPointer(start: s, count: n).firstRange(of: written) != nil {
                    groupVotes[kind, default: 0] += 1
                }
            }
        }
        dialect.thousandsSeparator = groupVotes.max { a, b in a.value < b.value || (a.value == b.value && kinds.firstIndex(of: a.key)! > kinds.firstIndex(of: b.key)!) }?.key

        // 5. Date order.
        var dateVotes: [DateOrder: Int] = [:]
        let orders: [DateOrder] = [.dayMonthYear, .yearMonthDay, .monthDayYear]
        for order in orders {
            var d = dialect
            d.dateOrder = order
            let reader = CSVValueParser(dialect: d)
            for f in dataFields where f.count >= 6 && f.first.map({ $0 &- 48 < 10 }) == true {
                if reader.parseTimestamp(f).value != nil { dateVotes[order, default: 0] += 1 }
            }
        }
        dialect.dateOrder = orders.max { a, b in dateVotes[a, default: 0] < dateVotes[b, default: 0] || (dateVotes[a, default: 0] == dateVotes[b, default: 0] && orders.firstIndex(of: a)! > orders.firstIndex(of: b)!) }!

        // 6. Header.
        let reader = CSVValueParser(dialect: dialect)
        dialect.hasHeader = scan.count < 2 || (0..<scan.fieldCount(0)).allSatisfy { column in
            let f = field(0, column)
            return f.isEmpty || (reader.parseDouble(f).value == nil && reader.parseTimestamp(f).value == nil)
        }
        return dialect
    }
}
