// Signing in and out, the language switch, and the API's view of the
// session. Login is throttled per account and per address (LoginThrottle),
// every login, failure and refusal is audited (with the name typed, never
// the password), and bcrypt runs off the request's task so that its quarter
// of a second does not hold up other requests.

import Dispatch
import Foundation
import Hummingbird
import VigieLake
import VigieModel

struct AuthRoutes {
    let state: ServerState

    func add(to router: Router<VigieContext>) {
        router.get("/login") { request, context in try loginPage(request, context) }
        router.post("/login") { request, context in try await login(request, context) }
        router.post("/logout") { request, context in try await logout(request, context) }
        router.get("/language/:language") { request, context in try language(request, context) }
        router.get("/api/session") { request, context in try session(request, context) }
    }

    private var secure: Bool { state.configuration.secureCookies }

    /// The login token of the request's `vigie_login` cookie, or a new one set on `response`.
    private func loginToken(_ request: Request, _ response: inout Response) -> String {
        if let token = request.cookies[SessionCookies.login]?.value, token.count == 43 { return token }
        let token = Tokens.random()
        response.setCookie(SessionCookies.cookie(SessionCookies.login, token, secure: secure, maxAge: 3600))
        return token
    }

    private func loginPage(_ request: Request, _ context: VigieContext, message: String? = nil, status: HTTPResponse.Status = .ok) throws -> Response {
        var response = Responses.html("", status: status)
        let token = loginToken(request, &response)
        let labels = Labels(context.language)
        let next = request.query["next"] ?? "/"
        let body = """
            <main class="login"><h1>\(labels["sign-in"])</h1>\(message.map { "<p class=\"error\" role=\"alert\">\(HTML.escape($0))</p>" } ?? "")
            <form method="post" action="/login"><input type="hidden" name="csrf" value="\(token)"><input type="hidden" name="next" value="\(HTML.escape(next))">
            <label>\(labels["user"]) <input name="user" autocomplete="username" required autofocus></label>
            <label>\(labels["password"]) <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">\(labels["sign-in"])</button></form></main>
            """
        response.body = ResponseBody(byteBuffer: ByteBuffer(string: Layout.page(title: labels["sign-in"], context: context, body: body)))
        return response
    }

    private func login(_ request: Request, _ context: VigieContext) async throws -> Response {
        let form = try await request.form()
        let json = form == nil ? try await request.jsonBody() : nil
        let name = form?["user"] ?? json?["user"]?.stringValue ?? ""
        let password = form?["password"] ?? json?["password"]?.stringValue ?? ""
        // Signed in already (switching users), the session's token stands for the login cookie's.
        try CSRF.check(request, form: form, expected: request.cookies[SessionCookies.login]?.value, context.session?.csrfToken)
        let labels = Labels(context.language)
        if let wait = state.throttle.wait(account: name, address: context.address) {
            try state.accounts.audit("login-throttled", user: name, address: context.address, detail: "wait \(Int(wait.rounded(.up))) s")
            let message = "\(labels["throttled"]) \(Int(wait.rounded(.up))) \(labels["seconds"])"
            guard !request.isAPI && json == nil else { throw ServerError(.throttled, message) }
            return try loginPage(request, context, message: message, status: .tooManyRequests)
        }
        let accounts = state.accounts
        let user = try await Self.offload { try accounts.verify(name: name, password: password) }
        guard let user else {
            state.throttle.failed(account: name, address: context.address)
            try state.accounts.audit("login-failed", user: name, address: context.address)
            guard json == nil else { throw ServerError(.unauthenticated, labels["bad-login"]) }
            return try loginPage(request, context, message: labels["bad-login"], status: .unauthorized)
        }
        state.throttle.succeeded(account: name)
        let (token, session) = try state.accounts.openSession(for: user.name)
        try state.accounts.audit("login", user: user.name, address: context.address)
        var response: Response
        if json != nil {
            response = Responses.json(Self.sessionJSON(session))
        } else {
            let next = form?["next"] ?? "/"
            // Only a path of this server: never `//other.site` or a full URL.
            response = Responses.redirect(next.hasPrefix("/") && !next.hasPrefix("//") && !next.hasPrefix("/\\") ? next : "/")
        }
        response.setCookie(SessionCookies.cookie(SessionCookies.session, token, secure: secure, maxAge: Int(state.accounts.sessionLifetime)))
        response.setCookie(SessionCookies.removal(SessionCookies.login, secure: secure))
        return response
    }

    private func logout(_ request: Request, _ context: VigieContext) async throws -> Response {
        let form = try await request.form()
        let user = try context.user()
        try CSRF.check(request, form: form, expected: context.session?.csrfToken)
        if let token = context.sessionToken { try state.accounts.closeSession(token: token) }
        try state.accounts.audit("logout", user: user.name, address: context.address)
        var response = form == nil ? Responses.json(.object([("signedOut", .bool(true))])) : Responses.redirect("/login")
        response.setCookie(SessionCookies.removal(SessionCookies.session, secure: secure))
        return response
    }

    private func language(_ request: Request, _ context: VigieContext) throws -> Response {
        guard let code = context.parameters.get("language"), let language = Language(rawValue: code) else {
            throw ServerError(.notFound, "languages: fr, en")
        }
        // Back to the page the switch was clicked on: the path and query of the Referer (sent for this origin only),
        // never another host.
        var back = context.session == nil ? "/login" : "/"
        if let referer = request.headers[.referer], let url = URLComponents(string: referer), url.path.hasPrefix("/"),
           !url.path.hasPrefix("//"), !url.path.hasPrefix("/language/") {
            back = url.path + (url.percentEncodedQuery.map { "?" + $0 } ?? "")
        }
        var response = Responses.redirect(back)
        response.setCookie(SessionCookies.cookie(SessionCookies.language, language.rawValue, secure: secure, maxAge: 365 * 86400))
        return response
    }

    /// The signed-in user and their CSRF token; before login, the token the login must echo.
    private func session(_ request: Request, _ context: VigieContext) throws -> Response {
        guard let session = context.session else {
            var response = Responses.json(.null)
            let token = loginToken(request, &response)
            response = Responses.json(.object([("user", .null), ("csrfToken", .string(token))]))
            if request.cookies[SessionCookies.login]?.value != token {
                response.setCookie(SessionCookies.cookie(SessionCookies.login, token, secure: secure, maxAge: 3600))
            }
            return response
        }
        return Responses.json(Self.sessionJSON(session))
    }

    static func sessionJSON(_ session: AccountStore.Session) -> JSONValue {
        .object([("user", .object([("name", .string(session.user.name)), ("role", .string(session.user.role.rawValue))])),
                 ("csrfToken", .string(session.csrfToken))])
    }

    /// Runs `body` on a dispatch queue (bcrypt is seconds of CPU under load, which must not block Swift's tasks).
    static func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }
}
