// Session tokens and CSRF tokens: 256 random bits from the system's
// cryptographic generator, written in base64url. Only a token's SHA-256
// is stored, so the state database never holds a credential that could be
// replayed.

import Foundation
import VigieLake

enum Tokens {
    /// 32 random bytes as base64url without padding.
    static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The SHA-256 of a token, in hexadecimal: what the sessions table keeps.
    static func hash(_ token: String) -> String {
        var hasher = SHA256()
        hasher.update(Array(token.utf8))
        return hasher.finalizeHex()
    }

    /// Compares two texts in time independent of where they differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
