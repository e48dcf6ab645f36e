// Typed values straight from field bytes, following a dialect. No Foundation
// formatters and no String per value except for text columns.
//
// Numbers: `[sign] digits [decimal digits] [e|E [sign] digits] [spaces %]`,
// spaces and tabs around. With a thousands separator, the integer digits
// may be grouped by three (`1 234 567`); a group of another length is not
// a number (`12 34`), so a dot or comma is never misread. When the dialect's
// separator is any of the three spaces (space, U+00A0, U+202F), all three
// are accepted, as exporters mix them. `%` divides by 100.
//
// Doubles take Clinger's fast path (an integer mantissa below 2^53 times an
// exact power of ten is correctly rounded); others go to the standard
// library's correctly rounded `Double(String)` on normalized text.

/// Parses field bytes into typed values following one dialect.
public struct CSVValueParser: Sendable {
    /// The dialect it follows.
    public let dialect: CSVDialect
    let decimal: UInt8
    /// The single-byte thousands separator (dot, comma, apostrophe), or 0.
    let groupByte: UInt8
    /// Whether the spaces group digits (space, NBSP, narrow NBSP in their encoded forms).
    let groupBySpaces: Bool
    let windows1252: Bool
    let quote: UInt8
    let dateOrder: CSVDialect.DateOrder

    public init(dialect: CSVDialect) {
        self.dialect = dialect
        decimal = dialect.decimalSeparator
        windows1252 = dialect.encoding == .windows1252
        quote = dialect.quote
        dateOrder = dialect.dateOrder
        switch dialect.thousandsSeparator {
        case nil:
            groupByte = 0
            groupBySpaces = false
        case let t? where t.isSpace:
            groupByte = 0
            groupBySpaces = true
        case let t?:
            let byte = dialect.bytes(of: t)?.first ?? 0
            groupByte = byte == dialect.decimalSeparator ? 0 : byte
            groupBySpaces = false
        }
    }

    // MARK: Public entry points

    /// Parses `field` (raw bytes of one field, doubled quotes as in the file) as `type`.
    public func parse(_ field: UnsafeRawBufferPointer, as type: CSVFieldType, escaped: Bool = false) -> CSVParsed<CSVValue> {
        switch type {
        case .string:
            return field.isEmpty ? .null : .value(.string(text(field, escaped: escaped)))
        case .int: return parseInt(field).flatMap { .value(.int($0)) }
        case let .decimal(scale): return parseDecimal(field, scale: scale).flatMap { .value(.decimal($0, scale: scale)) }
        case .double: return parseDouble(field).flatMap { .value(.double($0)) }
        case .bool: return parseBool(field).flatMap { .value(.bool($0)) }
        case .date: return parseDate(field).flatMap { .value(.date($0)) }
        case .timestamp: return parseTimestamp(field).flatMap { .value(.timestamp($0)) }
        }
    }

    /// Parses the bytes of `text` (in the dialect's encoding, so UTF-8 test strings suit UTF-8 dialects).
    public func parse(_ text: String, as type: CSVFieldType) -> CSVParsed<CSVValue> {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0), as: type) }
    }

    /// A field's text in UTF-8: doubled quotes made single when `escaped`, Windows-1252 transcoded.
    public func text(_ field: UnsafeRawBufferPointer, escaped: Bool = false) -> String {
        if !escaped && !windows1252 { return String(decoding: field, as: UTF8.self) }
        return String(decoding: CSVText.utf8(field, escaped: escaped, quote: quote, windows1252: windows1252), as: UTF8.self)
    }

    /// `parse` over the bytes of `field`; an empty field is a null.
    @inline(__always)
    func onBytes<T>(_ field: UnsafeRawBufferPointer, _ parse: (UnsafePointer<UInt8>, Int) -> CSVParsed<T>) -> CSVParsed<T> {
        guard let base = field.baseAddress, field.count > 0 else { return .null }
        return parse(base.assumingMemoryBound(to: UInt8.self), field.count)
    }

    /// The field as text for a reason, shortened past 60 characters.
    func quoted(_ s: UnsafePointer<UInt8>, _ n: Int) -> String {
        let text = self.text(UnsafeRawBufferPointer(start: s, count: n))
        return "'" + (text.count > 60 ? String(text.prefix(60)) + "…" : text) + "'"
    }

    // MARK: Numbers

    /// A number as written: sign, digits (decimal point removed), position of the point, exponent.
    struct Scanned {
        var negative = false
        /// The digits as an integer; meaningful when `significantDigits <= 19`.
        var mantissa: UInt64 = 0
        /// Digits after leading zeros, integer and fraction parts together.
        var significantDigits = 0
        var integerDigits = 0
        var fractionDigits = 0
        var exponent = 0
        var hasExponent = false
        var percent = false
        /// The integer part has two digits or more and starts with 0 (`01001`).
        var leadingZero = false
        /// Written with a thousands separator.
        var grouped = false

        /// The power of ten the mantissa is multiplied by.
        var power: Int { exponent - fractionDigits - (percent ? 2 : 0) }
        /// More digits than a UInt64 holds.
        var isWide: Bool { significantDigits > 19 }
    }

    /// The length of a thousands separator at `s[i]`, or 0.
    @inline(__always)
    func groupLength(_ s: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        let c = s[i]
        if groupBySpaces {
            if c == 0x20 { return 1 }
            if windows1252 { return c == 0xA0 ? 1 : 0 }
            if c == 0xC2 && i + 1 < n && s[i + 1] == 0xA0 { return 2 }
            if c == 0xE2 && i + 2 < n && s[i + 1] == 0x80 && s[i + 2] == 0xAF { return 3 }
            return 0
        }
        return c == groupByte && groupByte != 0 ? 1 : 0
    }

    /// Reads a number from trimmed bytes; nil when the text is not one.
    @inline(__always)
    func scan(_ s: UnsafePointer<UInt8>, _ n: Int) -> Scanned? {
        var r = Scanned()
        var i = 0
        if n > 0 && (s[0] == UInt8(ascii: "-") || s[0] == UInt8(ascii: "+")) {
            r.negative = s[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        // Integer part, maybe grouped by three.
        var group = -1
        let firstDigit = i
        while i < n {
            let d = s[i] &- 48
            if d < 10 {
                if significant > 0 || d != 0 {
                    significant += 1
                    if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(d) }
                }
                r.integerDigits += 1
                if group >= 0 { group += 1 }
                i += 1
                continue
            }
            let g = r.integerDigits > 0 ? groupLength(s, i, n) : 0
            if g == 0 { break }
            if group >= 0 ? group != 3 : r.integerDigits > 3 { return nil }
            // A separator must be followed by a digit (otherwise it is a trailing space, not a group).
            guard i + g < n, s[i + g] &- 48 < 10 else { break }
            group = 0
            r.grouped = true
            i += g
        }
        if group >= 0 && group != 3 { return nil }
        r.leadingZero = r.integerDigits > 1 && s[firstDigit] == UInt8(ascii: "0")
        // Fraction.
        if i < n && s[i] == decimal {
            i += 1
            while i < n {
                let d = s[i] &- 48
                guard d < 10 else { break }
                if significant > 0 || d != 0 {
                    significant += 1
                    if significant <= 19 { mantissa = mantissa &* 10 &+ UInt64(d) }
                }
                r.fractionDigits += 1
                i += 1
            }
        }
        guard r.integerDigits + r.fractionDigits > 0 else { return nil }
        // Digits beyond 19 are not in the mantissa: `isWide` sends such numbers to the slow paths.
        // Exponent.
        if i < n && s[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var negative = false
            if i < n && (s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+")) {
                negative = s[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            var digits = 0
            while i < n, s[i] &- 48 < 10 {
                if e < 100_000 { e = e * 10 + Int(s[i] &- 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            r.exponent = negative ? -e : e
            r.hasExponent = true
        }
        // Percent, maybe after spaces.
        if i < n {
            var j = i
            while j < n {
                let g = s[j] == 0x20 ? 1 : (groupBySpaces ? groupLength(s, j, n) : 0)
                if g == 0 { break }
                j += g
            }
            if j < n && s[j] == UInt8(ascii: "%") {
                r.percent = true
                i = j + 1
            }
        }
        guard i == n else { return nil }
        r.mantissa = mantissa
        r.significantDigits = significant
        return r
    }

    /// The digits of a number written in `s`, leading zeros dropped (for the wide slow paths).
    func digitText(_ s: UnsafePointer<UInt8>, _ n: Int, _ scanned: Scanned) -> [UInt8] {
        var digits: [UInt8] = []
        var i = 0
        var seenPoint = false
        while i < n {
            let c = s[i]
            if c == decimal && !seenPoint {
                seenPoint = true
            } else if c | 0x20 == UInt8(ascii: "e") || c == UInt8(ascii: "%") {
                break
            } else if c &- 48 < 10 && !(digits.isEmpty && c == 48) {
                digits.append(c)
            }
            i += 1
        }
        return digits
    }

    /// 10^k for k in 0...19 (a loop: the exponents met are small, and a table would be a global to initialize).
    @inline(__always)
    static func powerOfTen(_ k: Int) -> UInt64 {
        var p: UInt64 = 1
        for _ in 0..<k { p &*= 10 }
        return p
    }

    /// 10^k for k in 0...22, exact in a Double.
    @inline(__always)
    static func exactPowerOfTen(_ k: Int) -> Double {
        var p = 1.0
        for _ in 0..<k { p *= 10 }
        return p
    }

    /// Parses a whole number. `12,00` is 12; `12,5` is not an integer.
    public func parseInt(_ field: UnsafeRawBufferPointer) -> CSVParsed<Int64> { onBytes(field, parseInt) }

    @inline(__always)
    func parseInt(_ start: UnsafePointer<UInt8>, _ count: Int) -> CSVParsed<Int64> {
        let (s, n) = CSVText.trimmed(start, count)
        if n == 0 { return .null }
        // Fast path: plain digits with an optional minus.
        if n <= 18 {
            var i = s[0] == UInt8(ascii: "-") ? 1 : 0
            if i < n {
                var v: Int64 = 0
                while i < n {
                    let d = s[i] &- 48
                    if d >= 10 { break }
                    v = v &* 10 &+ Int64(d)
                    i += 1
                }
                if i == n { return .value(s[0] == UInt8(ascii: "-") ? -v : v) }
            }
        }
        guard let r = scan(s, n) else { return .invalid("not a number: \(quoted(s, n))") }
        if r.percent || r.hasExponent { return .invalid("not an integer: \(quoted(s, n))") }
        if r.isWide { return .invalid("integer out of range: \(quoted(s, n))") }
        var magnitude = r.mantissa
        if r.fractionDigits > 0 {
            if r.fractionDigits > 19 { return .invalid("not an integer: \(quoted(s, n))") }
            let p = Self.powerOfTen(r.fractionDigits)
            guard magnitude % p == 0 else { return .invalid("not an integer: \(quoted(s, n))") }
            magnitude /= p
        }
        if r.negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return .invalid("integer out of range: \(quoted(s, n))") }
            return .value(Int64(truncatingIfNeeded: 0 &- magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { return .invalid("integer out of range: \(quoted(s, n))") }
        return .value(Int64(magnitude))
    }

    /// Parses a fixed-point number into its unscaled value at `scale` decimals. A text with
    /// more decimals than `scale` is invalid unless the extra digits are zeros (no silent rounding).
    public func parseDecimal(_ field: UnsafeRawBufferPointer, scale: Int) -> CSVParsed<Int128> {
        onBytes(field) { parseDecimal($0, $1, scale: scale) }
    }

    /// 10^38 - 1: the largest unscaled value of 38 digits.
    static let maxDecimal: Int128 = (0..<38).reduce(Int128(1)) { acc, _ in acc * 10 } - 1

    @inline(__always)
    func parseDecimal(_ start: UnsafePointer<UInt8>, _ count: Int, scale: Int) -> CSVParsed<Int128> {
        let (s, n) = CSVText.trimmed(start, count)
        if n == 0 { return .null }
        guard let r = scan(s, n) else { return .invalid("not a number: \(quoted(s, n))") }
        let shift = r.power + scale
        if !r.isWide && shift >= 0 && shift <= 19 {
            let (high, low) = r.mantissa.multipliedFullWidth(by: Self.powerOfTen(shift))
            let value = Int128(high) << 64 | Int128(low)
            guard value <= Self.maxDecimal else { return .invalid("number out of range (38 digits): \(quoted(s, n))") }
            return .value(r.negative ? -value : value)
        }
        return parseWideDecimal(s, n, r, scale: scale)
    }

    /// Decimals with more than 19 digits, far exponents or extra decimals.
    func parseWideDecimal(_ s: UnsafePointer<UInt8>, _ n: Int, _ r: Scanned, scale: Int) -> CSVParsed<Int128> {
        var digits = digitText(s, n, r)
        var shift = r.power + scale
        // Drop the digits below the scale: they must be zeros.
        while shift < 0 && !digits.isEmpty {
            guard digits.removeLast() == 48 else {
                let written = r.fractionDigits + (r.percent ? 2 : 0) - r.exponent
                return .invalid("\(quoted(s, n)) has \(written) decimals, the column has \(scale)")
            }
            shift += 1
        }
        if digits.isEmpty { return .value(0) }
        guard digits.count + shift <= 38 else { return .invalid("number out of range (38 digits): \(quoted(s, n))") }
        var value: Int128 = 0
        for d in digits { value = value * 10 + Int128(d - 48) }
        for _ in 0..<max(0, shift) { value *= 10 }
        return .value(r.negative ? -value : value)
    }

    /// Parses a floating-point number, correctly rounded.
    public func parseDouble(_ field: UnsafeRawBufferPointer) -> CSVParsed<Double> { onBytes(field, parseDouble) }

    @inline(__always)
    func parseDouble(_ start: UnsafePointer<UInt8>, _ count: Int) -> CSVParsed<Double> {
        let (s, n) = CSVText.trimmed(start, count)
        if n == 0 { return .null }
        guard let r = scan(s, n) else { return .invalid("not a number: \(quoted(s, n))") }
        let power = r.power
        if !r.isWide && r.mantissa <= 1 << 53 && power >= -22 && power <= 22 {
            let m = Double(r.mantissa)
            let v = power >= 0 ? m * Self.exactPowerOfTen(power) : m / Self.exactPowerOfTen(-power)
            return .value(r.negative ? -v : v)
        }
        var text = r.negative ? "-" : ""
        let digits = r.isWide ? digitText(s, n, r) : Array(String(r.mantissa).utf8)
        text += String(decoding: digits.isEmpty ? [48] : digits, as: UTF8.self)
        text += "e\(power)"
        guard let v = Double(text), v.isFinite else { return .invalid("number out of range: \(quoted(s, n))") }
        return .value(v)
    }

    // MARK: Booleans

    /// The words a boolean column accepts, lowercased and packed (see `packedLowercase`): French, English, and 1/0.
    static let trueWords: [UInt64] = ["oui", "o", "vrai", "v", "true", "t", "yes", "y", "1"].map(packed)
    static let falseWords: [UInt64] = ["non", "n", "faux", "f", "false", "no", "0"].map(packed)

    static func packed(_ word: String) -> UInt64 {
        var copy = word
        return copy.withUTF8 { packedLowercase($0.baseAddress!, $0.count) }
    }

    /// Up to 8 bytes with ASCII letters lowercased, packed little-endian; 0 for longer texts.
    @inline(__always)
    static func packedLowercase(_ s: UnsafePointer<UInt8>, _ n: Int) -> UInt64 {
        guard n <= 8 else { return 0 }
        var v: UInt64 = 0
        for i in 0..<n {
            let c = s[i]
            v |= UInt64(c >= 65 && c <= 90 ? c | 0x20 : c) << (8 * i)
        }
        return v
    }

    /// Parses oui/non, vrai/faux, true/false, yes/no (any case, or their first letter) and 1/0.
    public func parseBool(_ field: UnsafeRawBufferPointer) -> CSVParsed<Bool> { onBytes(field, parseBool) }

    func parseBool(_ start: UnsafePointer<UInt8>, _ count: Int) -> CSVParsed<Bool> {
        let (s, n) = CSVText.trimmed(start, count)
        if n == 0 { return .null }
        let word = Self.packedLowercase(s, n)
        if word != 0 {
            if Self.trueWords.contains(word) { return .value(true) }
            if Self.falseWords.contains(word) { return .value(false) }
        }
        return .invalid("not a boolean: \(quoted(s, n))")
    }
}
