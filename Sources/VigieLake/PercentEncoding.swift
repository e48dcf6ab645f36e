// Percent-encoding (RFC 3986) on UTF-8 bytes, for the Delta log's file paths
// and the server's URLs: each byte outside the characters kept is written
// %XX (upper-case hex), so accented letters become their UTF-8 bytes. Pages
// encode a link for every value of every list: a byte is looked up in a
// table of 256, not hashed.

/// An encoding that keeps some ASCII characters as they are.
public struct PercentEncoding: Sendable {
    private let kept: [Bool]

    /// Keeps the characters of `characters` (ASCII) and encodes every other byte.
    public init(keeping characters: String) {
        var kept = [Bool](repeating: false, count: 256)
        for b in characters.utf8 { kept[Int(b)] = true }
        self.kept = kept
    }

    /// RFC 3986's unreserved characters: letters, digits, `-`, `.`, `_` and `~`.
    public static let unreservedCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~"
    public static let unreserved = PercentEncoding(keeping: unreservedCharacters)

    public func encode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for b in text.utf8 {
            if kept[Int(b)] {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
