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
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            case "\n": out += attribute ? "&#10;" : "\n"
            case "\t": out += attribute ? "&#9;" : "\t"
            default: if isAllowed(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
