// The pages and the API as a user explores: list boxes with Qlik's states,
// selections in the URL (select, toggle, search with wildcards, lock,
// clear), drill-down with its breadcrumb, pivot subtotals, exports that
// read back equal to the grid, the OpenAPI document covering every route,
// and app files reloaded while serving.

import Foundation
import Testing
import VigieEngine
import VigieLake
import VigieModel
@testable import VigieServer

@Suite("Exploration")
struct ExplorationTests {
    /// The `s` of a redirect's location.
    static func selection(_ location: String?) -> String {
        guard let location, let range = location.range(of: "?s=") else { return "" }
        return String(location[range.upperBound...])
    }

    /// The state of `value` in the list box of `field` on `page` (from its `state-…` class), nil when it is not listed.
    static func listState(_ page: String, _ field: String, _ value: String) -> String? {
        guard let box = page.range(of: "<div class=\"listbox\" data-field=\"\(field)\">"),
              let end = page.range(of: "</ul></div>", range: box.upperBound..<page.endIndex) else { return nil }
        let list = page[box.upperBound..<end.lowerBound]
        guard let link = list.range(of: "\" data-value=\"\(value)\"") else { return nil }
        let start = list[..<link.lowerBound].range(of: "class=\"value state-", options: .backwards)!
        return String(list[start.upperBound..<link.lowerBound])
    }

    @Test("list boxes show states and frequencies; clicks, ctrl-clicks, searches, locks and clears change the URL's selection")
    func selections() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        try await server.test { (client: Client) async throws in
            try await client.signIn("bob")
            let sheet = "/apps/activite/sheets/overview"
            let page = try await client.text(sheet)
            #expect(Self.listState(page, "Structures.union", "Nord") == "possible")
            #expect(Self.listState(page, "Activity.Year", "2024") == "possible")

            let select = try await client.request(sheet + "/select?field=Activity.Year&value=2023")
            #expect(select.status == .seeOther)
            let s = Self.selection(select.headers[.location])
            let selected = try await client.text(sheet + "?s=" + s)
            #expect(Self.listState(selected, "Activity.Year", "2023") == "selected" && Self.listState(selected, "Activity.Year", "2024") == "alternative")
            #expect(Self.listState(selected, "Structures.union", "Sud") == "excluded" && selected.contains(#"class="chip" data-field="Activity.Year""#))

            let toggled = Self.selection(try await client.request(sheet + "/select?s=\(s)&field=Activity.Year&value=2024&op=toggle").headers[.location])
            let both = try await client.json("/api/apps/activite/selection?s=" + toggled)
            #expect(both["fields"]?.arrayValue?.first?["values"] == .array([.string("2023"), .string("2024")]))

            let searched = Self.selection(try await client.request(sheet + "/select?field=Structures.name&search=n*").headers[.location])
            let names = try await client.json("/api/apps/activite/selection?s=" + searched)
            #expect(names["fields"]?.arrayValue?.first?["values"] == .array([.string("Nice")]))
            let question = try await client.json("/api/apps/activite/fields/Structures.name/search?q=%3Fi%2A")
            #expect(question["values"] == .array([.string("Lille"), .string("Nice")]))

            let locked = try await client.json("/api/apps/activite/selection?s=\(s)&op=lock&field=Year")
            let lockedS = try #require(locked["s"]?.stringValue)
            let cleared = try await client.json("/api/apps/activite/selection?s=\(lockedS)&op=clear-all")
            #expect(cleared["fields"]?.arrayValue?.count == 1)
            let unlocked = try await client.json("/api/apps/activite/selection?s=\(lockedS)&op=unlock&field=Year")
            let free = try await client.json("/api/apps/activite/selection?s=\(unlocked["s"]?.stringValue ?? "")&op=clear&field=Year")
            #expect(free["s"] == .string(""))
        }
    }

    @Test("a long list box lists its selected values, then possible, alternative and excluded ones, each in the field's order")
    func longListBoxes() {
        let states: [ValueState] = [.excluded, .possible, .alternative, .selected, .selectedExcluded]
        let values = (0..<250).map { FieldValueState(value: "v\($0)", state: states[$0 % 5], frequency: 1) }
        let listed = ObjectView.listed(values)
        #expect(listed.count == ObjectView.listedValues)
        let expected = [ValueState.selected, .selectedExcluded, .possible, .alternative, .excluded].flatMap { state in
            values.filter { $0.state == state }
        }
        #expect(Array(listed) == Array(expected.prefix(ObjectView.listedValues)))
        let short = Array(values.prefix(ObjectView.listedValues))
        #expect(Array(ObjectView.listed(short)) == short)
    }

    @Test("a hierarchy drills down as values are selected, with a breadcrumb; pivots have subtotals")
    func drillDown() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        try await server.test { (client: Client) async throws in
            try await client.signIn("bob")
            let bars = "/api/apps/activite/sheets/overview/objects/bars"
            #expect(try await client.json(bars)["dimensions"]?.arrayValue?.first?["field"] == .string("Structures.union"))
            let nord = try await client.json("/api/apps/activite/selection?field=union&value=Nord")
            let s = try #require(nord["s"]?.stringValue)
            let drilled = try await client.json(bars + "?s=" + s)
            #expect(drilled["dimensions"]?.arrayValue?.first?["field"] == .string("Activity.structure"))
            #expect(drilled["lines"]?.arrayValue?.map { $0["dimensions"]?.arrayValue?.first?["text"] } == [.string("S02"), .string("S01")])
            let page = try await client.text("/apps/activite/sheets/overview?s=" + s)
            #expect(page.contains(#"<nav class="breadcrumb" data-hierarchy="Organisation">"#) && page.contains(#"aria-current="step" data-field="Activity.structure""#))

            let pivot = try await client.json("/api/apps/activite/sheets/overview/objects/pivot")
            #expect(pivot["subtotals"]?.arrayValue?.first?.arrayValue?.map { $0["measures"]?.arrayValue?.first?["value"] } == [.number(3624), .number(52000)])
            let pivotPage = try await client.text("/apps/activite/sheets/overview")
            #expect(pivotPage.components(separatedBy: #"<tr class="subtotal" data-level="1">"#).count == 3)
            // The year-on-year measure: 2024 against 2023.
            let kpi = try await client.json("/api/apps/activite/sheets/overview/objects/kpi")
            #expect(kpi["totals"]?.arrayValue?.map { $0["text"] } == [.string("55 624,00 €"), .string("11 €"), .string("55624")])
        }
    }

    @Test("exports read back equal to the grid: XLSX through Vigie's reader, CSV as text")
    func exports() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        try await server.test { (client: Client) async throws in
            try await client.signIn("alice")
            let grid = try await client.json("/api/apps/activite/sheets/overview/objects/table")
            let lines = try #require(grid["lines"]?.arrayValue)
            let expected: [[String]] = lines.map { line in
                (line["dimensions"]?.arrayValue ?? []).map { $0["text"]?.stringValue ?? "" } + (line["measures"]?.arrayValue ?? []).map { $0["value"]?.description ?? "" }
            } + [["Total", ""] + (grid["totals"]?.arrayValue ?? []).map { $0["value"]?.description ?? "" }]
            let csv = try await client.post("/api/apps/activite/sheets/overview/objects/table/export", form: [("format", "csv")])
            #expect(csv.headers[.contentDisposition]?.contains("activite-table.csv") == true)
            // Numbers compare as numbers (the CSV writes 11 as 11.0).
            func number(_ text: String) -> String { Double(text).map { JSONValue.number($0).description } ?? text }
            let rows = String(buffer: csv.body).split(separator: "\r\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map { number(String($0)) } }
            #expect(rows.first == ["structure", "establishment", "Chiffre d'affaires", "Avg(amount)"])
            #expect(Array(rows.dropFirst()) == expected)

            let xlsx = try await client.post("/api/apps/activite/sheets/overview/objects/table/export", form: [("format", "xlsx")])
            let sheet = try XLSXWorkbook(data: Data(buffer: xlsx.body), name: "table.xlsx").sheet(at: 0).rows()
            let cells = sheet.dropFirst().map { row in row.cells.map { cell -> String in
                if case let .number(n) = cell { return JSONValue.number(n).description }
                return cell.text
            } }
            #expect(cells.map { $0 + Array(repeating: "", count: max(0, 4 - $0.count)) } == expected)
            #expect(try server.state.accounts.auditTrail().prefix(2).map(\.event) == ["export", "export"])
        }
    }

    @Test("the OpenAPI document describes every route of the router, with its method")
    func openAPI() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        let router = VigieHTTPServer.router(state: server.state)
        let documented = Set(OpenAPIDocument.paths.flatMap { path, operations in operations.map { "\($0.0.uppercased()) \(path)" } })
        let routes = Set(router.routes.map { route in
            "\(route.method) " + "/" + route.path.components.map { element -> String in
                let text = element.description
                return text.hasPrefix(":") ? "{\(text.dropFirst())}" : text
            }.joined(separator: "/")
        }.map { $0.replacingOccurrences(of: "GET //", with: "GET /") })
        #expect(routes == documented)
        try await server.test { (client: Client) async throws in
            let document = try await client.json("/api/openapi.json")
            #expect(document["openapi"] == .string("3.1.0") && document["paths"]?.objectValue?.count == OpenAPIDocument.paths.count)
        }
    }

    @Test("an edited app is served at once; a broken one keeps serving its last version and shows designers the line")
    func reload() async throws {
        let server = try TestServer.make()
        defer { server.remove() }
        let path = server.workspace.appsPath + "/activite.yaml"
        try TestServer.app.replacingOccurrences(of: "fr: Activité,", with: "fr: Activité bis,").write(toFile: path, atomically: true, encoding: .utf8)
        server.state.catalog.refresh()
        try await server.test { (client: Client) async throws in
            try await client.signIn("dan")
            #expect(try await client.json("/api/apps")["apps"]?.arrayValue?.first?["title"] == .string("Activité bis"))
        }
        try TestServer.app.replacingOccurrences(of: "measures: [revenue], sort", with: "measures: [revenu], sort").write(toFile: path, atomically: true, encoding: .utf8)
        server.state.catalog.refresh()
        try await server.test { (client: Client) async throws in
            try await client.signIn("dan")
            let apps = try await client.json("/api/apps")
            #expect(apps["apps"]?.arrayValue?.first?["title"] == .string("Activité bis"))
            let error = apps["apps"]?.arrayValue?.first?["error"]?.stringValue ?? ""
            #expect(error.contains("activite.yaml") && error.contains("line 35") && error.contains("revenu"))
            #expect(try await client.text("/").contains("line 35"))
            #expect(try await client.json("/api/apps/activite/sheets/overview/objects/kpi")["totals"] != nil)
        }
        try await server.test { (client: Client) async throws in
            try await client.signIn("alice")
            #expect(try await client.json("/api/apps")["errors"] == .array([]))
            #expect(!(try await client.text("/")).contains("line 35"))
        }
    }
}
