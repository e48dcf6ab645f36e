// A small workspace built by the tests: two lake tables (activity of three
// structures, the structures with their unions), an app with measures,
// hierarchies, calendar fields and a sheet of every kind of object, and
// users of different structures; and a client that signs in and keeps its
// cookies, sending its requests in-process straight to the router's
// responder, as HummingbirdTesting's router framework does, without that
// product's live-server dependencies (an HTTP client and TLS), which made
// the test build three times as long.

import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import VigieLake
import VigieModel
@testable import VigieServer
import VigieTestSupport

struct TestServer {
    let workspace: Workspace
    let state: ServerState

    static let password = "correct horse battery"

    static let app = """
        name: activite
        title: {fr: Activité, en: Activity}
        tables:
          - {name: Activity, lake: activity}
          - {name: Structures, lake: structures}
        links:
          - Activity.structure = Structures.code
        calendar: {field: day}
        hierarchies:
          - name: Organisation
            levels: [union, structure, establishment]
          - name: Calendar
            levels: [Year, Quarter, MonthName]
        measures:
          - name: revenue
            label: {fr: Chiffre d'affaires, en: Revenue}
            expression: Sum(amount)
            format: "# ##0,00 €"
          - name: revenue_ly
            label: {fr: CA N-1, en: Revenue Y-1}
            expression: "Sum({<Year={$(=Max(Year)-1)}>} amount)"
            format: "# ##0 €"
          - name: all_time
            label: Tout
            expression: "Sum({1} amount)"
          - name: visits
            label: Visites
            expression: Count(amount)
        sheets:
          - name: overview
            title: {fr: Vue d'ensemble, en: Overview}
            objects:
              - {name: filters, kind: filter, fields: [Organisation, Year, MonthName, name], width: 3}
              - {name: kpi, kind: kpi, measures: [revenue, revenue_ly, all_time], width: 3}
              - {name: bars, kind: bar, dimensions: [Organisation], measures: [revenue], sort: revenue desc}
              - {name: stacked, kind: stackedbar, dimensions: [Year, structure], measures: [revenue]}
              - {name: months, kind: line, dimensions: [MonthName], measures: [revenue, visits]}
              - {name: combo, kind: combo, dimensions: [Calendar], measures: [revenue, visits]}
              - {name: pie, kind: pie, dimensions: [name], measures: [revenue]}
              - {name: scatter, kind: scatter, dimensions: [establishment], measures: [revenue, visits]}
              - {name: table, kind: table, dimensions: [structure, establishment], measures: [revenue, "Avg(amount)"], limit: 10}
              - {name: pivot, kind: pivot, dimensions: [union, structure], measures: [revenue, revenue_ly]}
          - name: detail
            objects:
              - {name: list, kind: table, dimensions: [day, name], measures: [revenue]}
        """

    /// 2023-03-15, 2024-01-10, 2024-02-20, 2024-06-21, 2024-02-21, 2024-12-30.
    static let days: [Int32] = [19_431, 19_732, 19_773, 19_895, 19_774, 20_087]

    /// A new workspace with the tables, the app and users: alice (analyst, S01), carol (analyst, S03), vic (viewer, S01),
    /// bob (admin, everything), dan (designer, everything).
    static func make(throttle: LoginThrottle = LoginThrottle(), secureCookies: Bool = false) throws -> TestServer {
        let root = NSTemporaryDirectory() + "vigie-server-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let workspace = try Workspace.create(at: root)
        try LakeFixture.write(workspace, table: "activity", [
            ("day", .date(days)), ("structure", .text(["S01", "S01", "S02", "S02", "S03", "S03"])),
            ("establishment", .text(["E01", "E02", "E03", "E04", "E05", "E06"])), ("amount", .number([11, 13, 1700, 1900, 23000, 29000])),
        ])
        try LakeFixture.write(workspace, table: "structures", [
            ("code", .text(["S01", "S02", "S03"])), ("union", .text(["Nord", "Nord", "Sud"])), ("name", .text(["Lille", "Arras", "Nice"])),
        ])
        try app.write(toFile: workspace.appsPath + "/activite.yaml", atomically: true, encoding: .utf8)
        let accounts = try AccountStore(workspace: workspace, passwordCost: 4)
        try accounts.addUser(User(name: "alice", role: .analyst, rights: UserRights(allowed: ["structure": ["S01"]])), password: password)
        try accounts.addUser(User(name: "carol", role: .analyst, rights: UserRights(allowed: ["structure": ["S03"]])), password: password)
        try accounts.addUser(User(name: "vic", role: .viewer, rights: UserRights(allowed: ["structure": ["S01"]])), password: password)
        try accounts.addUser(User(name: "bob", role: .admin), password: password)
        try accounts.addUser(User(name: "dan", role: .designer), password: password)
        let catalog = AppCatalog(workspace: workspace)
        catalog.refresh()
        let state = ServerState(configuration: ServerConfiguration(secureCookies: secureCookies, passwordCost: 4), catalog: catalog,
                                accounts: accounts, throttle: throttle)
        return TestServer(workspace: workspace, state: state)
    }

    func remove() { try? FileManager.default.removeItem(atPath: workspace.root) }

    /// Runs `body` with a new client of the server.
    func test<T: Sendable>(_ body: @Sendable (Client) async throws -> T) async throws -> T {
        try await body(Client(responder: VigieHTTPServer.router(state: state).buildResponder()))
    }
}

/// A response as the tests read it.
struct TestResponse {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let body: ByteBuffer
}

/// Collects a response's body.
private struct BodyCollector: ResponseBodyWriter {
    final class Box: @unchecked Sendable { var buffer = ByteBuffer() }
    let box = Box()

    mutating func write(_ buffer: ByteBuffer) async throws { box.buffer.writeImmutableBuffer(buffer) }
    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// A browser-like client: keeps cookies, signs in, and knows its session's CSRF token.
final class Client: @unchecked Sendable {
    let responder: RouterResponder<VigieContext>
    private(set) var cookies: [String: String] = [:]
    private(set) var csrf: String?

    init(responder: RouterResponder<VigieContext>) { self.responder = responder }

    /// Sends one request to the responder, as the server would after parsing it.
    private func execute(uri: String, method: HTTPRequest.Method, headers: HTTPFields, body: ByteBuffer?) async throws -> TestResponse {
        var headers = headers
        if let body { headers[.contentLength] = String(body.readableBytes) }
        let request = Request(head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: headers),
                              body: RequestBody(buffer: body ?? ByteBuffer()))
        let context = VigieContext(source: ApplicationRequestContextSource(channel: NIOAsyncTestingChannel(), logger: Logger(label: "vigie-test")))
        let response = try await responder.respond(to: request, context: context)
        let collector = BodyCollector()
        try await response.body.write(collector)
        return TestResponse(status: response.status, headers: response.headers, body: collector.box.buffer)
    }

    @discardableResult
    func request(_ uri: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:], body: String? = nil, contentType: String? = nil) async throws -> TestResponse {
        var headers = headers
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if let contentType { headers[.contentType] = contentType }
        let response = try await execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for header in response.headers[values: .setCookie] {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = pair.count > 1 ? String(pair[1]) : ""
            if header.contains("Max-Age=0") || value.isEmpty { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = value }
        }
        return response
    }

    /// Signs in through the JSON API; returns the response.
    @discardableResult
    func signIn(_ user: String, password: String = TestServer.password) async throws -> TestResponse {
        let session = try await request("/api/session")
        let token = try #require(try JSONValue.parse(String(buffer: session.body))["csrfToken"]?.stringValue)
        let response = try await request("/login", method: .post, headers: [CSRF.header: token],
                                         body: #"{"user":"\#(user)","password":"\#(password)"}"#, contentType: "application/json")
        if response.status == .ok { csrf = try JSONValue.parse(String(buffer: response.body))["csrfToken"]?.stringValue }
        return response
    }

    /// A GET's body as text, expecting `status`.
    func text(_ uri: String, status: HTTPResponse.Status = .ok, sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let response = try await request(uri)
        #expect(response.status == status, "\(uri): \(String(buffer: response.body).prefix(300))", sourceLocation: sourceLocation)
        return String(buffer: response.body)
    }

    func json(_ uri: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> JSONValue {
        try JSONValue.parse(try await text(uri, sourceLocation: sourceLocation))
    }

    /// POSTs a form with the session's CSRF token.
    func post(_ uri: String, form: [(String, String)] = [], csrf: Bool = true) async throws -> TestResponse {
        let fields = form + (csrf ? [("csrf", self.csrf ?? "")] : [])
        return try await request(uri, method: .post, body: FormParameters.encode(fields), contentType: "application/x-www-form-urlencoded")
    }
}

import Testing
