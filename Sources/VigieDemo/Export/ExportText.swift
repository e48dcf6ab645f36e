// Texts as the exports write them, encoded once before the rows: Windows-1252
// for the business software's CSV (a French Windows export), UTF-8 for the
// open-data and web exports, and quoting when a text holds the separator.

import Foundation

enum ExportText {
    /// The Windows-1252 bytes of `text` (every French letter, `œ`, `€`, `’` and `–` included).
    static func windows1252(_ text: String) -> [UInt8] {
        Array(text.data(using: .windowsCP1252, allowLossyConversion: true) ?? Data(text.utf8))
    }

    /// `text` as a CSV field in `encoding`: quoted (RFC 4180) when it holds the separator, a quote or a line break.
    static func field(_ text: String, separator: UInt8 = UInt8(ascii: ";"), windows1252 encode: Bool = true) -> [UInt8] {
        let bytes = encode ? windows1252(text) : Array(text.utf8)
        guard bytes.contains(where: { $0 == separator || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) else { return bytes }
        var quoted: [UInt8] = [UInt8(ascii: "\"")]
        for b in bytes {
            quoted.append(b)
            if b == UInt8(ascii: "\"") { quoted.append(b) }
        }
        return quoted + [UInt8(ascii: "\"")]
    }

    /// `text` as a JSON string, quotes included.
    static func json(_ text: String) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), b]
            case 0..<0x20: out += Array(String(format: "\\u%04x", b).utf8)
            default: out.append(b)
            }
        }
        return out + [UInt8(ascii: "\"")]
    }
}
