// Every request that changes state (login, logout, exports, any API write)
// carries a CSRF token, in the `X-CSRF-Token` header (scripts, API clients)
// or a `csrf` form field (forms). After login it must equal the session's
// token; for the login itself, the `vigie_login` cookie's. A page of
// another site can make a browser send a form, but cannot read either
// token, so its request is refused.

import HTTPTypes
import Hummingbird

enum CSRF {
    static let header = HTTPField.Name("X-CSRF-Token")!

    /// The token a request presents.
    static func presented(_ request: Request, form: FormParameters?) -> String? {
        request.headers[header] ?? form?["csrf"]
    }

    /// Refuses the request unless it presents one of `expected` (nil ones ignored).
    static func check(_ request: Request, form: FormParameters?, expected: String?...) throws(ServerError) {
        let accepted = expected.compactMap { $0 }.filter { !$0.isEmpty }
        guard let presented = presented(request, form: form), accepted.contains(where: { Tokens.equal(presented, $0) }) else {
            throw ServerError(.forbidden, "missing or wrong CSRF token: reload the page and try again")
        }
    }
}
