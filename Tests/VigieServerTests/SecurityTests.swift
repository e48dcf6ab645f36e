// Sign-in and out, CSRF, throttling, cookies, headers, and what the state
// database and audit trail keep (never a password or a token).

import Foundation
import HTTPTypes
import Testing
import VigieLake
@testable import VigieServer

@Suite("Security")
struct SecurityTests {
    @Test("signing in sets an HttpOnly, SameSite=Strict session cookie; signing out closes the session")
    func loginLogout() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        try await server.test { (client: Client) async throws in
            #expect(try await client.request("/api/apps").status == .unauthorized)
            let page = try await client.request("/")
            #expect(page.status == .seeOther && page.headers[.location] == "/login?next=%2F")
            let login = try await client.signIn("alice")
            #expect(login.status == .ok)
            let cookie = try #require(login.headers[values: .setCookie].first { $0.hasPrefix("vigie_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/") && !cookie.contains("Secure"))
            #expect(try await client.request("/api/apps").status == .ok)
            #expect(try await client.post("/logout", csrf: false).status == .forbidden)
            let logout = try await client.post("/logout")
            #expect(logout.status == .seeOther)
            #expect(try await client.request("/api/apps").status == .unauthorized)
        }
        let events = try server.state.accounts.auditTrail().map(\.event)
        #expect(events == ["logout", "login"])
    }

    @Test("the language switch returns to the page it was clicked on, never to another site")
    func languageSwitchReturns() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        try await server.test { (client: Client) async throws in
            _ = try await client.signIn("alice")
            let sheet = "/apps/activite/sheets/overview?s=abc"
            let back = try await client.request("/language/en", headers: [.referer: "http://localhost" + sheet])
            #expect(back.status == .seeOther && back.headers[.location] == sheet)
            #expect(back.headers[values: .setCookie].contains { $0.hasPrefix("vigie_lang=en") })
            let elsewhere = try await client.request("/language/fr", headers: [.referer: "https://evil.example//evil.example/x"])
            #expect(elsewhere.headers[.location] == "/")
            #expect(try await client.request("/language/fr").headers[.location] == "/")
        }
    }

    @Test("administrators read the audit trail, newest first, as a page and as JSON; no one else does")
    func auditTrail() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        try await server.test { (client: Client) async throws in
            _ = try await client.signIn("alice")
            #expect(try await client.request("/api/audit").status == .forbidden)
            #expect(try await client.request("/audit").status == .forbidden)
            _ = try await client.signIn("bob")
            let json = try await client.request("/api/audit?limit=2")
            #expect(json.status == .ok)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(buffer: json.body)) as? [String: Any])
            let entries = try #require(object["entries"] as? [[String: Any]])
            #expect(entries.map { $0["event"] as? String } == ["login", "login"] && entries.map { $0["user"] as? String } == ["bob", "alice"])
            let page = try await client.text("/audit")
            #expect(page.contains("data-event=\"login\"") && page.contains("alice") && !page.contains(TestServer.password))
            #expect(try await client.text("/").contains("href=\"/audit\""))
        }
    }

    @Test("behind https the session cookie is Secure")
    func secureCookie() async throws {
        let server = try TestServer.make(secureCookies: true)
        defer { server.remove() }
        try await server.test { (client: Client) async throws in
            let login = try await client.signIn("alice")
            #expect(login.headers[values: .setCookie].contains { $0.hasPrefix("vigie_session=") && $0.contains("Secure") })
        }
    }

    @Test("a login, a logout or an export without the right CSRF token is refused")
    func csrf() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        try await server.test { (client: Client) async throws in
            // No login token at all, then a wrong one.
            let bare = try await client.request("/login", method: .post, body: "user=alice&password=\(TestServer.password.replacingOccurrences(of: " ", with: "+"))",
                                                contentType: "application/x-www-form-urlencoded")
            #expect(bare.status == .forbidden)
            _ = try await client.request("/login")
            let wrong = try await client.request("/login", method: .post, body: "user=alice&password=x&csrf=forged", contentType: "application/x-www-form-urlencoded")
            #expect(wrong.status == .forbidden && client.cookies["vigie_session"] == nil)
            try await client.signIn("alice")
            let export = "/api/apps/activite/sheets/overview/objects/table/export?format=csv"
            #expect(try await client.post(export, csrf: false).status == .forbidden)
            #expect(try await client.request(export, method: .post, headers: [CSRF.header: "forged"]).status == .forbidden)
            #expect(try await client.post(export).status == .ok)
        }
    }

    @Test("failed logins are throttled per account, then per address, and audited")
    func throttling() async throws {
        let server = try TestServer.make(throttle: LoginThrottle(accountThreshold: 3, addressThreshold: 6))
        defer { server.remove() }
        try await server.test { (client: Client) async throws in
            for _ in 0..<3 { #expect(try await client.signIn("alice", password: "wrong password").status == .unauthorized) }
            #expect(try await client.signIn("alice").status == .tooManyRequests)
            // Other accounts still sign in, until the address has failed too often.
            #expect(try await client.signIn("carol").status == .ok)
            for _ in 0..<3 { #expect(try await client.signIn("carol", password: "wrong password").status == .unauthorized) }
            #expect(try await client.signIn("bob").status == .tooManyRequests)
        }
        let trail = try server.state.accounts.auditTrail()
        #expect(trail.filter { $0.event == "login-failed" }.count == 6)
        #expect(trail.filter { $0.event == "login-throttled" }.map(\.user) == ["bob", "alice"])
    }

    @Test("waits double past the threshold and are forgotten after a quarter of an hour")
    func waits() {
        final class Clock: @unchecked Sendable { var now = Date(timeIntervalSince1970: 1_000_000) }
        let clock = Clock()
        let throttle = LoginThrottle(accountThreshold: 2, addressThreshold: 100, now: { clock.now })
        throttle.failed(account: "a", address: "1")
        #expect(throttle.wait(account: "a", address: "1") == nil)
        throttle.failed(account: "a", address: "1")
        #expect(throttle.wait(account: "a", address: "1") == 1)
        throttle.failed(account: "a", address: "1")
        throttle.failed(account: "a", address: "1")
        #expect(throttle.wait(account: "a", address: "1") == 4)
        clock.now += 16 * 60
        #expect(throttle.wait(account: "a", address: "1") == nil)
        throttle.failed(account: "a", address: "1")
        #expect(throttle.wait(account: "a", address: "1") == nil)
    }

    @Test("every response carries the security headers, errors too")
    func headers() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        try await server.test { (client: Client) async throws in
            try await client.signIn("alice")
            for uri in ["/login", "/", "/apps/activite/sheets/overview", "/api/apps", "/api/nothing", "/apps/nothing", "/assets/vigie.js"] {
                let response = try await client.request(uri)
                let policy = response.headers[.contentSecurityPolicy] ?? ""
                #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe-inline"), "\(uri)")
                #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                #expect(response.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin", "\(uri)")
            }
            // Pages hold no inline script: every <script> loads a file of /assets.
            let page = try await client.text("/apps/activite/sheets/overview")
            let scripts = page.components(separatedBy: "<script").dropFirst()
            #expect(!scripts.isEmpty && scripts.allSatisfy { $0.hasPrefix(" type=\"module\" src=\"/assets/") && $0.contains("></script>") })
            #expect(!page.contains(" onclick=") && !page.contains(" style="))
        }
    }

    @Test("the state database and the audit trail keep no password and no token")
    func noSecrets() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        let (token, csrf) = try await server.test { (client: Client) async throws in
            try await client.signIn("alice", password: "wrong password")
            try await client.signIn("alice")
            _ = try await client.post("/api/apps/activite/sheets/overview/objects/table/export?format=xlsx")
            return (client.cookies["vigie_session"] ?? "", client.csrf ?? "")
        }
        #expect(!token.isEmpty)
        let texts = try server.state.accounts.allTexts()
        #expect(!texts.contains { $0.contains(TestServer.password) || $0.contains("wrong password") || $0.contains(token) })
        #expect(texts.contains(Tokens.hash(token)) && texts.contains { $0.hasPrefix("$2b$") })
        #expect(try server.state.accounts.auditTrail().map(\.event) == ["export", "login", "login-failed"])
        #expect(csrf.count == 43)
    }
}
