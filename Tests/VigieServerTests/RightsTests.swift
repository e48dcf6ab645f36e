// Row-level rights everywhere: a user of structure S01 calls every route of
// the OpenAPI document, every object's data, field states, searches and
// both exports, with and without selections (one asking for another
// structure) — and no answer holds a value, a total or a frequency of
// another structure.

import Foundation
import Testing
import VigieLake
import VigieEngine
import VigieModel
@testable import VigieServer

@Suite("Rights")
struct RightsTests {
    /// Texts only the other structures' rows give: their codes, union, names, establishments, amounts and totals.
    static let foreign = ["S02", "S03", "Sud", "Arras", "Nice", "E03", "E04", "E05", "E06", "1700", "1 700", "1900", "1 900", "23000", "23 000",
                          "29000", "29 000", "3600", "3 600", "52000", "52 000", "55624", "55 624", "3624", "3 624", "juin", "décembre"]

    static func expectNothingForeign(_ text: String, _ place: String, csrf: String?, sourceLocation: SourceLocation = #_sourceLocation) {
        // Random tokens could spell a code by chance: they are left out.
        let checked = csrf.map { text.replacingOccurrences(of: $0, with: "") } ?? text
        for word in foreign where checked.contains(word) {
            Issue.record("\(place) shows '\(word)'", sourceLocation: sourceLocation)
        }
    }

    /// Selections to try: none, a year, and one naming another structure (which the rights must empty).
    static func selections(_ app: LoadedApp) throws -> [String] {
        var year = Selection(), other = Selection()
        year.select(["2024"], in: try app.data.resolve("Year"))
        other.select(["S03", "S01"], in: try app.data.resolve("Activity.structure"))
        return ["", year.urlParameter, other.urlParameter]
    }

    @Test("no route, object, field state, search or export shows alice anything of another structure")
    func nothingForeign() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        let app = try #require(server.state.catalog.app("activite"))
        let fields = app.data.tables.flatMap { t in t.fields.map { "\(t.name).\($0.name)" } }
        let objects = app.model.sheets.flatMap { sheet in sheet.objects.map { (sheet.name, $0.name) } }
        let selections = try Self.selections(app)
        try await server.test { (client: Client) async throws in
            try await client.signIn("alice")
            let csrf = client.csrf
            var checked = 0, ownSeen = 0
            // Every GET of the document, its parameters filled in every way that applies.
            for (path, operations) in OpenAPIDocument.paths where operations.contains(where: { $0.0 == "get" }) {
                var uris = [path]
                func expand(_ name: String, _ values: [String]) {
                    uris = uris.flatMap { uri in uri.contains("{\(name)}") ? values.map { uri.replacingOccurrences(of: "{\(name)}", with: FormParameters.encode($0)) } : [uri] }
                }
                expand("app", ["activite"])
                expand("language", ["en"])
                expand("file", ["vigie.js"])
                expand("field", fields)
                uris = uris.flatMap { uri in
                    uri.contains("{sheet}") ? objects.map { uri.replacingOccurrences(of: "{sheet}", with: $0.0).replacingOccurrences(of: "{object}", with: $0.1) } : [uri]
                }
                for uri in Set(uris) {
                    for s in selections {
                        var query = ["s=" + s]
                        if uri.hasSuffix("/search") { query.append("q=*") }
                        if uri.hasSuffix("/select") || uri.hasSuffix("/selection") { query += ["field=structure", "value=S03"] }
                        let response = try await client.request(uri + "?" + query.joined(separator: "&"))
                        // The audit trail names every user: it is for administrators only.
                        #expect(["/audit", "/api/audit"].contains(uri) ? response.status == .forbidden : response.status.code < 400, "\(uri)")
                        Self.expectNothingForeign(String(buffer: response.body), uri + " s=" + s, csrf: csrf)
                        checked += 1
                        if String(buffer: response.body).contains("S01") { ownSeen += 1 }
                        // A selection change redirects to a sheet, which is checked too.
                        if response.status == .seeOther, let location = response.headers[.location] {
                            Self.expectNothingForeign(try await client.text(location), location, csrf: csrf)
                        }
                    }
                }
            }
            // The check is not vacuous: over a hundred and fifty answers, some showing alice's own structure.
            #expect(checked > 150 && ownSeen > 20, "\(checked) answers, \(ownSeen) with S01")
            // Both exports of every object that has data.
            for (sheet, object) in objects where object != "filters" {
                for format in ["csv", "xlsx"] {
                    for s in selections {
                        let response = try await client.post("/api/apps/activite/sheets/\(sheet)/objects/\(object)/export", form: [("format", format), ("s", s)])
                        #expect(response.status == .ok)
                        let data = Data(buffer: response.body)
                        let text = format == "csv" ? String(decoding: data, as: UTF8.self)
                            : try XLSXWorkbook(data: data, name: "export.xlsx").sheet(at: 0).rows().map { $0.cells.map(\.text).joined(separator: ";") }.joined(separator: "\n")
                        Self.expectNothingForeign(text, "\(object).\(format)", csrf: nil)
                    }
                }
            }
        }
    }

    @Test("values, totals and frequencies are alice's own; carol's are hers")
    func ownValues() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        try await server.test { (client: Client) async throws in
            try await client.signIn("alice")
            let kpi = try await client.json("/api/apps/activite/sheets/overview/objects/kpi")
            // Revenue, last year's (2023: 11) and all time ({1} ignores selections, never rights).
            #expect(kpi["totals"]?.arrayValue?.map { $0["value"] } == [.number(24), .number(11), .number(24)])
            let years = try await client.json("/api/apps/activite/fields/Year/states")
            #expect(years["values"]?.arrayValue?.map { [$0["value"]?.stringValue, $0["frequency"]?.description] } == [["2023", "1"], ["2024", "1"]])
            let structures = try await client.json("/api/apps/activite/fields/Structures.code/states")
            #expect(structures["values"]?.arrayValue?.compactMap { $0["value"]?.stringValue } == ["S01"])
            let search = try await client.json("/api/apps/activite/fields/structure/search?q=S*")
            #expect(search["values"] == .array([.string("S01")]))
            // Asking for S03 selects nothing: alice may not see it, so her selection stays empty.
            let other = try await client.json("/api/apps/activite/selection?field=structure&value=S03")
            #expect(other["s"] == .string("") && other["fields"] == .array([]))
        }
        try await server.test { (client: Client) async throws in
            try await client.signIn("carol")
            let kpi = try await client.json("/api/apps/activite/sheets/overview/objects/kpi")
            #expect(kpi["totals"]?.arrayValue?.first?["value"] == .number(52000))
            let pivot = try await client.json("/api/apps/activite/sheets/overview/objects/pivot")
            #expect(pivot["lines"]?.arrayValue?.map { $0["dimensions"]?.arrayValue?.compactMap { $0["text"]?.stringValue } ?? [] } == [["Sud", "S03"]])
        }
    }

    @Test("a hidden field is in no answer: not listed, no states, no object that shows it, not on the page")
    func hidden() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        try server.state.accounts.addUser(User(name: "hank", role: .analyst, rights: UserRights(hidden: ["name"])), password: TestServer.password)
        try await server.test { (client: Client) async throws in
            try await client.signIn("hank")
            let fields = try await client.json("/api/apps/activite")["fields"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
            #expect(fields.contains("Activity.structure") && !fields.contains("Structures.name"))
            #expect(try await client.request("/api/apps/activite/fields/name/states").status == .notFound)
            #expect(try await client.request("/api/apps/activite/fields/Structures.name/search?q=*").status == .notFound)
            #expect(try await client.request("/api/apps/activite/sheets/overview/objects/pie").status == .notFound)
            let filters = try await client.text("/api/apps/activite/sheets/overview/objects/filters")
            let page = try await client.text("/apps/activite/sheets/overview")
            for text in [filters, page] { #expect(!text.contains("Lille") && !text.contains("Nice") && !text.contains("Arras")) }
            #expect(page.contains(#"data-object="kpi""#))
        }
    }

    @Test("a viewer may not export; a rule on a field the app lacks closes the app")
    func roles() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        try server.state.accounts.addUser(User(name: "rita", role: .analyst, rights: UserRights(allowed: ["region": ["Bretagne"]])), password: TestServer.password)
        try await server.test { (client: Client) async throws in
            try await client.signIn("vic")
            #expect(try await client.post("/api/apps/activite/sheets/overview/objects/table/export").status == .forbidden)
            #expect(!(try await client.text("/apps/activite/sheets/overview")).contains("data-export"))
        }
        try await server.test { (client: Client) async throws in
            try await client.signIn("rita")
            #expect(try await client.json("/api/apps")["apps"] == .array([]))
            #expect(try await client.request("/api/apps/activite/sheets/overview/objects/kpi").status == .notFound)
        }
    }
}
