// Text out of field bytes: UTF-8 validation, Windows-1252 to UTF-8, and the
// removal of doubled quotes.
//
// Windows-1252 equals Latin-1 (U+0000–U+00FF) except for 0x80–0x9F, where it
// has 27 typographic characters (€ ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™
// š › œ ž Ÿ) and five unassigned bytes (0x81 0x8D 0x8F 0x90 0x9D), which
// decode to the C1 control of the same number, as the WHATWG Encoding
// standard does. So every byte decodes: a Windows-1252 file has no invalid text.

enum CSVText {
    /// The code points of bytes 0x80–0x9F in Windows-1252.
    static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    /// Appends the UTF-8 form of the Windows-1252 bytes `source` to `out`.
    static func appendWindows1252(_ source: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        for b in source {
            switch b {
            case 0..<0x80:
                out.append(b)
            case 0x80..<0xA0:
                let scalar = windows1252High[Int(b - 0x80)]
                if scalar < 0x800 {
                    out.append(UInt8(0xC0 | (scalar >> 6)))
                    out.append(UInt8(0x80 | (scalar & 0x3F)))
                } else {
                    out.append(UInt8(0xE0 | (scalar >> 12)))
                    out.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
                    out.append(UInt8(0x80 | (scalar & 0x3F)))
                }
            default:
                out.append(0xC0 | (b >> 6))
                out.append(0x80 | (b & 0x3F))
            }
        }
    }

    /// Appends the bytes of a field to `out`, with each doubled `quote` made single.
    static func appendUnescaped(_ source: UnsafeRawBufferPointer, quote: UInt8, to out: inout [UInt8]) {
        var i = 0
        let n = source.count
        while i < n {
            let b = source[i]
            out.append(b)
            i += (b == quote && i + 1 < n && source[i + 1] == quote) ? 2 : 1
        }
    }

    /// The UTF-8 bytes of a field: unescaped when `escaped`, transcoded from Windows-1252 when asked.
    static func utf8(_ source: UnsafeRawBufferPointer, escaped: Bool, quote: UInt8, windows1252: Bool) -> [UInt8] {
        var plain: [UInt8] = []
        if escaped {
            appendUnescaped(source, quote: quote, to: &plain)
        } else if !windows1252 {
            return Array(source)
        }
        guard windows1252 else { return plain }
        var out: [UInt8] = []
        if escaped {
            plain.withUnsafeBytes { appendWindows1252($0, to: &out) }
        } else {
            appendWindows1252(source, to: &out)
        }
        return out
    }

    /// The offset of the first byte that breaks UTF-8 in `bytes[from..<to]`, or nil when it is all valid.
    /// Overlong forms, surrogates and code points above U+10FFFF are invalid, as in `String(validating:)`.
    static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        guard from < to, let raw = bytes.baseAddress else { return nil }
        var i = from
        while i < to {
            // Eight ASCII bytes at a time.
            if i + 8 <= to {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 {
                    i += 8
                    continue
                }
            }
            let b0 = bytes[i]
            if b0 < 0x80 {
                i += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= to else { return i }
            let b1 = bytes[i + 1]
            guard b1 >= low && b1 <= high else { return i }
            for k in 2..<max(2, length) where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    /// Whether `bytes` is valid UTF-8.
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        firstInvalidUTF8(bytes, from: 0, to: bytes.count) == nil
    }

    /// Text for messages and rejects: UTF-8 with U+FFFD for invalid bytes, or Windows-1252.
    static func display(_ source: UnsafeRawBufferPointer, windows1252: Bool) -> String {
        guard windows1252 else { return String(decoding: source, as: UTF8.self) }
        var out: [UInt8] = []
        appendWindows1252(source, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `bytes` without leading and trailing spaces and tabs.
    @inline(__always)
    static func trimmed(_ start: UnsafePointer<UInt8>, _ count: Int) -> (UnsafePointer<UInt8>, Int) {
        var s = start
        var n = count
        while n > 0 && (s[0] == 0x20 || s[0] == 0x09) { s += 1; n -= 1 }
        while n > 0 && (s[n - 1] == 0x20 || s[n - 1] == 0x09) { n -= 1 }
        return (s, n)
    }
}
