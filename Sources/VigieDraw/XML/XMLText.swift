// Text inside XML 1.0 documents (SpreadsheetML parts, SVG).
//
// XML 1.0 allows tab, line feed, carriage return and the scalars from
// U+0020 except U+FFFE and U+FFFF (Swift strings hold no lone surrogates);
// any other control character makes the document ill-formed, so it is
// dropped. A carriage return is written as `&#13;`: a parser turns a literal
// one (and CR LF) into a line feed, and the text would not come back as it was.
// In attribute values a parser also turns tab and line feed into spaces, so
// there they are written as references too.

/// Escaping text for XML documents (and HTML, which the server writes with the same rules).
public enum XMLText {
    /// Whether XML 1.0 allows `scalar` in a document.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0x20...0xFFFD: true
        case 0x10000...: true
        default: false
        }
    }

    /// `text` escaped for element content or, when `attribute`, a double-quoted attribute value,
    /// without the characters XML 1.0 forbids.
    public static func escaped(_ text: String, attribute: Bool = false) -> String {
        // Pages escape thousands of values: the UTF-8 bytes are read once, and a text needing nothing is returned as is.
        var text = text
        return text.withUTF8 { escaped($0, attribute: attribute) } ?? text
    }

    /// The escaped bytes of `bytes` (valid UTF-8) as a text, or nil when nothing needs escaping.
    private static func escaped(_ bytes: UnsafeBufferPointer<UInt8>, attribute: Bool) -> String? {
        var out: [UInt8]?
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            var replacement: StaticString?
            var drop = 0
            switch b {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&apos;"
            case UInt8(ascii: "\r"): replacement = "&#13;"
            case UInt8(ascii: "\n"): if attribute { replacement = "&#10;" }
            case UInt8(ascii: "\t"): if attribute { replacement = "&#9;" }
            case 0..<0x20: drop = 1
            // U+FFFE and U+FFFF (EF BF BE, EF BF BF), which XML forbids.
            case 0xEF where i + 2 < bytes.count && bytes[i + 1] == 0xBF && bytes[i + 2] >= 0xBE: drop = 3
            default: break
            }
            if replacement == nil && drop == 0 {
                out?.append(b)
                i += 1
                continue
            }
            if out == nil {
                out = []
                out!.reserveCapacity(bytes.count + 16)
                out!.append(contentsOf: bytes[0..<i])
            }
            if let replacement {
                replacement.withUTF8Buffer { out!.append(contentsOf: $0) }
                i += 1
            } else {
                i += drop
            }
        }
        return out.map { String(decoding: $0, as: UTF8.self) }
    }
}
