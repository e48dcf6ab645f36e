// The cookies Vigie sets. The session cookie carries a random 256-bit
// token (the database keeps only its hash), is HttpOnly (no script reads
// it), SameSite=Strict (no other site's page sends it) and Secure when the
// server is reached over https. Before login, a `vigie_login` cookie holds
// the token the login form must echo (a double-submit CSRF token), so a
// third-party page cannot sign a browser in to an account of its choosing.

import Foundation
import Hummingbird

enum SessionCookies {
    static let session = "vigie_session"
    static let login = "vigie_login"
    static let language = "vigie_lang"

    static func cookie(_ name: String, _ value: String, secure: Bool, maxAge: Int? = nil, httpOnly: Bool = true) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: secure, httpOnly: httpOnly, sameSite: .strict)
    }

    /// A cookie that removes `name`.
    static func removal(_ name: String, secure: Bool) -> Cookie { cookie(name, "", secure: secure, maxAge: 0) }
}
