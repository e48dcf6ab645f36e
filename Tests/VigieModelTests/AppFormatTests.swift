// The whole app format: titles, calendar fields, hierarchies, measures and
// sheets; names checked against the data at load with their lines; sheet
// objects' data with drill-down and calendar order; users' rights.

import Foundation
import Testing
import VigieEngine
import VigieLake
@testable import VigieModel
import VigieTestSupport

@Suite("App format")
struct AppFormatTests {
    /// 2023-03-15, 2024-01-10, 2024-02-20, 2024-02-21 (a Wednesday), 2024-12-30 (ISO week 1 of 2025).
    static let days: [Int32] = [19_431, 19_732, 19_773, 19_774, 20_087]

    static let app = """
        name: activite
        title: {fr: Activité, en: Activity}
        tables:
          - name: Activity
            lake: activity
          - name: Structures
            lake: structures
        links:
          - Activity.structure = Structures.code
        calendar: {field: day, prefix: ""}
        hierarchies:
          - name: Organisation
            levels: [union, structure]
        measures:
          - name: revenue
            label: {fr: Chiffre d'affaires, en: Revenue}
            expression: Sum(amount)
            format: "# ##0,00 €"
            description: {fr: Montant facturé, en: Amount billed}
          - name: revenue_ly
            label: {fr: CA N-1, en: Revenue Y-1}
            expression: "Sum({<Year={$(=Max(Year)-1)}>} amount)"
        sheets:
          - name: overview
            title: {fr: Vue d'ensemble, en: Overview}
            objects:
              - name: filters
                kind: filter
                fields: [Organisation, Year, MonthName]
                width: 3
              - name: total
                kind: kpi
                measures: [revenue, revenue_ly]
              - name: by_org
                kind: bar
                dimensions: [Organisation]
                measures: [revenue]
                sort: revenue desc
              - name: by_month
                kind: line
                dimensions: [MonthName]
                measures: [revenue, "Count(amount)"]
              - name: pivot
                kind: pivot
                dimensions: [union, structure]
                measures: [revenue]
        """

    /// A workspace with the two tables and the app file above.
    static func workspace(app: String = app) throws -> (Workspace, String) {
        let root = NSTemporaryDirectory() + "vigie-format-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let ws = try Workspace.create(at: root)
        try LakeFixture.write(ws, table: "activity", [
            ("day", .date(days)), ("structure", .text(["S01", "S01", "S02", "S03", "S02"])), ("amount", .number([10, 20, 30, 40, 50])),
        ])
        try LakeFixture.write(ws, table: "structures", [("code", .text(["S01", "S02", "S03"])), ("union", .text(["Nord", "Nord", "Sud"]))])
        try app.write(toFile: ws.appsPath + "/activite.yaml", atomically: true, encoding: .utf8)
        return (ws, ws.appsPath + "/activite.yaml")
    }

    @Test("the format reads titles, calendars, hierarchies, measures and sheets with their lines")
    func parse() throws {
        let model = try AppModel.parse(Self.app, file: "apps/activite.yaml")
        #expect(model.title == LocalizedText(french: "Activité", english: "Activity"))
        #expect(model.calendars == [CalendarSpec(field: "day", prefix: "", language: .french, line: 10)])
        #expect(model.hierarchies.map(\.name) == ["Organisation"] && model.hierarchies[0].levels.map(\.name) == ["union", "structure"])
        #expect(model.measures.map(\.name) == ["revenue", "revenue_ly"] && model.measures[0].format == "# ##0,00 €")
        #expect(model.measures[0].label.text(.english) == "Revenue" && model.measures[0].line == 17)
        let sheet = try #require(model.sheet("overview"))
        #expect(sheet.objects.map(\.kind) == [.filter, .kpi, .bar, .line, .pivot])
        #expect(sheet.objects[2].sort == SheetObject.Sort(by: "revenue", descending: true, line: 38))
        #expect(sheet.objects[3].measures.map(\.name) == ["revenue", "Count(amount)"] && sheet.objects[0].width == 3)
    }

    @Test("names the data lacks are refused at load with the file and line", arguments: [
        ("measures: [revenue]\n        sort", "measures: [revenu]\n        sort", "revenu", "line 37"),
        ("dimensions: [Organisation]\n        measures: [revenue]\n        sort", "dimensions: [Organisatio]\n        measures: [revenue]\n        sort",
         "Organisatio", "line 36"),
        ("fields: [Organisation, Year", "fields: [Organisation, Years", "Years", "line 29"),
        ("expression: Sum(amount)", "expression: Sum(amounts)", "amounts", "line 17"),
        ("levels: [union, structure]", "levels: [unions, structure]", "unions", "line 13"),
        ("sort: revenue desc", "sort: revenues desc", "revenues", "line 38"),
    ])
    func unknownNames(_ original: String, _ replacement: String, _ misspelt: String, _ line: String) throws {
        let text = Self.app.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.app)
        let (ws, path) = try Self.workspace(app: text)
        defer { try? FileManager.default.removeItem(atPath: ws.root) }
        #expect { try LoadedApp.load(path: path, workspace: ws) } throws: { error in
            "\(error)".contains(path) && "\(error)".contains(line) && "\(error)".contains(misspelt)
        }
    }

    @Test("format mistakes name the line", arguments: [
        ("kind: bar", "kind: barre", "line 35", "unknown kind 'barre'"),
        ("width: 3", "width: 13", "line 30", "from 1 to 12"),
        ("sort: revenue desc", "sort: revenue down", "line 38", "NAME desc"),
        ("expression: Sum(amount)", "expression: Sum(amount", "line 17", "measure revenue"),
    ])
    func mistakes(_ original: String, _ replacement: String, _ line: String, _ message: String) throws {
        let text = Self.app.replacingOccurrences(of: original, with: replacement)
        #expect { try AppModel.parse(text, file: "apps/a.yaml") } throws: { "\($0)".contains(line) && "\($0)".contains(message) }
    }

    @Test("calendar fields are derived from the date, month names in calendar order")
    func calendar() throws {
        let (ws, path) = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: ws.root) }
        let app = try LoadedApp.load(path: path, workspace: ws)
        let activity = try #require(app.data.tables.first)
        func texts(_ name: String) throws -> [String] {
            let field = try #require(activity.field(name))
            return (0..<field.rowCount).map { field.symbols.text(field.codes[$0]) }
        }
        #expect(try texts("Year") == ["2023", "2024", "2024", "2024", "2024"])
        #expect(try texts("Quarter") == ["T1", "T1", "T1", "T1", "T4"])
        #expect(try texts("Month") == ["3", "1", "2", "2", "12"])
        #expect(try texts("MonthName") == ["mars", "janvier", "février", "février", "décembre"])
        #expect(try texts("YearMonth") == ["2023-03", "2024-01", "2024-02", "2024-02", "2024-12"])
        #expect(try texts("Week") == ["11", "2", "8", "8", "1"])
        #expect(try texts("WeekDay") == ["mercredi", "mercredi", "mardi", "mercredi", "lundi"])
        let months = try app.states(of: [try app.data.resolve("MonthName")], selection: Selection(), rights: .unrestricted)[0]
        #expect(months.compactMap(\.value) == ["janvier", "février", "mars", "décembre"])
        let sheet = try #require(app.model.sheet("overview"))
        let line = try app.data(of: try #require(sheet.object("by_month")), selection: Selection(), rights: .unrestricted, language: .english)
        #expect(line.result.lines.map { $0.dimensions[0].text } == ["janvier", "février", "mars", "décembre"])
        #expect(line.measures.map(\.label) == ["Revenue", "Count(amount)"])
    }

    @Test("objects drill down along hierarchies, compare with last year, and keep to the user's rights")
    func objects() throws {
        let (ws, path) = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: ws.root) }
        let app = try LoadedApp.load(path: path, workspace: ws)
        let sheet = try #require(app.model.sheet("overview"))
        let byOrg = try #require(sheet.object("by_org")), kpi = try #require(sheet.object("total")), pivot = try #require(sheet.object("pivot"))
        let all = try app.data(of: byOrg, selection: Selection(), rights: .unrestricted, language: .french)
        #expect(all.dimensions[0].field.field == "union" && all.result.lines.map { $0.dimensions[0].text } == ["Nord", "Sud"])
        var selection = Selection()
        selection.select(["Nord"], in: try app.data.resolve("union"))
        let drilled = try app.data(of: byOrg, selection: selection, rights: .unrestricted, language: .french)
        #expect(drilled.dimensions[0].field.field == "structure" && drilled.result.lines.map { $0.dimensions[0].text } == ["S02", "S01"])
        #expect(drilled.result.lines[0].measures[0].text == "80,00 €")
        let total = try app.data(of: kpi, selection: Selection(), rights: .unrestricted, language: .french)
        #expect(total.result.totals.map(\.number) == [150, 10])
        let pivotData = try app.data(of: pivot, selection: Selection(), rights: .unrestricted, language: .french)
        #expect(pivotData.result.subtotals.first?.map(\.numbers) == [[110], [40]])

        let rights = try #require(app.rights(try UserRights(rules: ["structure in [S01]"], hidden: [])))
        #expect(rights.allowed == ["Activity.structure": ["S01"]])
        let mine = try app.data(of: kpi, selection: Selection(), rights: rights, language: .french)
        #expect(mine.result.totals.map(\.number) == [30, 10])
        #expect(app.rights(UserRights(allowed: ["region": ["X"]])) == nil)
        #expect(try app.values(matching: "S*", in: try app.data.resolve("Activity.structure"), rights: rights) == ["S01"])
    }

    @Test("answers read back from the cache are the computed ones, per selection, rights and language; a full cache forgets")
    func cachedAnswers() throws {
        let (ws, path) = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: ws.root) }
        let app = try LoadedApp.load(path: path, workspace: ws)
        let kpi = try #require(app.model.sheet("overview")?.object("total"))
        let rights = try #require(app.rights(try UserRights(rules: ["structure in [S01]"], hidden: [])))
        var nord = Selection()
        nord.select(["Nord"], in: try app.data.resolve("union"))
        // Asked in one order, then the other, each answer is the one a fresh app computes.
        let questions: [(Selection, Rights, Language)] = [(Selection(), .unrestricted, .french), (Selection(), rights, .french),
                                                          (nord, .unrestricted, .french), (nord, rights, .english)]
        let fresh = try LoadedApp.load(path: path, workspace: ws)
        for (selection, rights, language) in questions + questions.reversed() {
            let answer = try app.data(of: kpi, selection: selection, rights: rights, language: language)
            #expect(answer == (try fresh.data(of: kpi, selection: selection, rights: rights, language: language)))
        }
        #expect(try app.data(of: kpi, selection: Selection(), rights: rights, language: .french).result.totals.map(\.number) == [30, 10])
        #expect(app.cache.count == 4)
        let small = ResultCache(capacity: 4)
        for n in 0..<5 { _ = try small.answer(ResultCache.key("q\(n)", Selection(), .unrestricted)) { .states([]) } }
        #expect(small.count <= 4)
    }
}
