// Parameters of a URL query or of a form body (application/x-www-form-
// urlencoded): `a=1&b=x+y&b=%C3%A9`, repeated names kept in order.

import Foundation
import VigieLake

/// Decoded name=value pairs.
struct FormParameters: Sendable {
    private(set) var pairs: [(String, String)] = []

    init(_ encoded: String) {
        for part in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            pairs.append((Self.decode(pieces[0]), pieces.count > 1 ? Self.decode(pieces[1]) : ""))
        }
    }

    init(pairs: [(String, String)]) { self.pairs = pairs }

    /// The first value of `name`.
    subscript(name: String) -> String? { pairs.first { $0.0 == name }?.1 }

    /// Every value of `name`, in order.
    func all(_ name: String) -> [String] { pairs.filter { $0.0 == name }.map(\.1) }

    private static func decode(_ text: Substring) -> String {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
    }

    /// `pairs` as a query string, each part percent-encoded.
    static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    /// `text` with every byte but RFC 3986's unreserved characters percent-encoded (accented letters too).
    static func encode(_ text: String) -> String { PercentEncoding.unreserved.encode(text) }
}
