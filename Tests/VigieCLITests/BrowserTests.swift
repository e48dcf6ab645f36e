// The pages in a real browser: Debian's headless chromium, driven by
// selenium through chromedriver (Tests/Browser/sheet_walk.py), against
// `vigie serve` run as a user runs it, on a workspace of a few rows whose
// users were added through `vigie users add`: a list box click, a
// ctrl-click, a bar click, back, forward, clears, exports, and two users'
// rights. Every number the script
// checks on the pages and in the exports (totals, bars, each value's state)
// is computed here from the fixture's rows, by plain Swift that shares
// nothing with the engine. scripts/test installs chromium, chromium-driver
// and selenium (VIGIE_BROWSER=1); without that the test skips, loudly.
// Screenshots land in .build-artefacts/browser/ ($VIGIE_ARTEFACTS/browser/).

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
#if canImport(Glibc)
import Glibc
#endif
import Testing
import VigieLake
import VigieTestSupport

@Suite("browser (chromium, selenium)", .serialized)
struct BrowserTests {
    static let environment = ProcessInfo.processInfo.environment

    /// True when scripts/test installed the browser; otherwise says loudly why the test is skipped.
    static var available: Bool {
        if environment["VIGIE_BROWSER"] == "1" { return true }
        let reason = environment["VIGIE_BROWSER_UNAVAILABLE"].map { "the browser could not be installed: \($0)" }
            ?? "run them through scripts/test, which installs chromium, chromium-driver and selenium (VIGIE_BROWSER is not set)"
        FileHandle.standardError.write(Data("WARNING: browser tests skipped: \(reason)\n".utf8))
        return false
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
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
        measures:
          - name: revenue
            label: {fr: Chiffre d'affaires, en: Revenue}
            expression: Sum(amount)
            format: "# ##0,00 €"
        sheets:
          - name: overview
            title: {fr: Vue d'ensemble, en: Overview}
            objects:
              - {name: filters, kind: filter, fields: [name, establishment, Year], width: 3}
              - {name: kpi, kind: kpi, measures: [revenue], width: 3}
              - {name: bars, kind: bar, dimensions: [establishment], measures: [revenue], width: 6}
              - {name: table, kind: table, dimensions: [structure, establishment], measures: [revenue]}
        """

    /// One row of the activity table.
    struct Visit {
        let day: String
        let structure: String
        let establishment: String
        let amount: Double
    }

    static let names = ["S01": "Lille", "S02": "Arras", "S03": "Nice"]
    static let visits = [
        Visit(day: "2022-07-14", structure: "S01", establishment: "Moulins", amount: 60),
        Visit(day: "2023-03-15", structure: "S01", establishment: "Fives", amount: 120.5),
        Visit(day: "2023-11-02", structure: "S01", establishment: "Wazemmes", amount: 80.25),
        Visit(day: "2024-01-10", structure: "S01", establishment: "Fives", amount: 310),
        Visit(day: "2024-06-21", structure: "S01", establishment: "Wazemmes", amount: 45.75),
        Visit(day: "2024-02-20", structure: "S02", establishment: "Baudimont", amount: 1700),
        Visit(day: "2023-05-05", structure: "S02", establishment: "Meaulens", amount: 1900),
        Visit(day: "2023-12-30", structure: "S03", establishment: "Cimiez", amount: 23000),
        Visit(day: "2024-02-21", structure: "S03", establishment: "Riquier", amount: 29000.4),
        Visit(day: "2024-09-09", structure: "S03", establishment: "Cimiez", amount: 4100),
    ]

    /// The list boxes' fields as the pages name them, with each visit's value of it.
    static let listed: [(field: String, value: @Sendable (Visit) -> String)] = [
        ("Structures.name", { names[$0.structure]! }), ("Activity.establishment", \.establishment), ("Activity.Year", { String($0.day.prefix(4)) }),
    ]
    static func value(_ visit: Visit, _ field: String) -> String { listed.first { $0.field == field }!.value(visit) }

    /// Days since 1970-01-01 of an ISO date.
    static func days(_ iso: String) -> Int32 {
        let parts = iso.split(separator: "-").map { Int($0)! }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
        return Int32(date.timeIntervalSince1970 / 86_400)
    }

    /// What a user of `structures` must see under `selection` (field → values): the total, each establishment's bar,
    /// and each list box value's state by ASSOCIATIVE.md: a selected field's values are selected, or alternative when
    /// the other fields' selections allow them, else excluded; another field's values are possible when some row
    /// matching the whole selection has them, else excluded.
    static func view(_ structures: Set<String>, _ selection: [String: Set<String>]) -> [String: Any] {
        let visible = visits.filter { structures.contains($0.structure) }
        func matching(except skipped: String?) -> [Visit] {
            visible.filter { visit in selection.allSatisfy { field, values in field == skipped || values.contains(value(visit, field)) } }
        }
        let chosen = matching(except: nil)
        var states: [String: [String: String]] = [:]
        for (field, _) in listed {
            let reachable = Set((selection[field] == nil ? chosen : matching(except: field)).map { value($0, field) })
            states[field] = Dictionary(uniqueKeysWithValues: Set(visible.map { value($0, field) }).map { text in
                let state = if let values = selection[field] {
                    values.contains(text) ? (reachable.contains(text) ? "selected" : "selected-excluded") : (reachable.contains(text) ? "alternative" : "excluded")
                } else {
                    reachable.contains(text) ? "possible" : "excluded"
                }
                return (text, state)
            })
        }
        return ["total": chosen.reduce(0) { $0 + $1.amount },
                "bars": Dictionary(grouping: chosen, by: \.establishment).mapValues { $0.reduce(0) { $0 + $1.amount } },
                "states": states]
    }

    /// The table object's export under `selection`: structure, establishment and revenue, sorted as the table is.
    static func exportRows(_ structures: Set<String>, _ selection: [String: Set<String>]) -> [[Any]] {
        let rows = visits.filter { visit in structures.contains(visit.structure) && selection.allSatisfy { $0.value.contains(value(visit, $0.key)) } }
        let sums = Dictionary(grouping: rows) { [$0.structure, $0.establishment] }.mapValues { $0.reduce(0) { $0 + $1.amount } }
        let lines: [[Any]] = sums.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in [key[0], key[1], sums[key]!] }
        return lines + [["Total", "", rows.reduce(0) { $0 + $1.amount }]]
    }

    /// Texts only the other structures' rows give: codes, names, establishments.
    static func foreign(to structures: Set<String>) -> [String] {
        let others = visits.filter { !structures.contains($0.structure) }
        return Array(Set(others.flatMap { [$0.structure, names[$0.structure]!, $0.establishment] })).sorted()
    }

    /// A TCP port of 127.0.0.1 that nothing listens on (the kernel's choice).
    static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw BrowserFailure("socket: errno \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw BrowserFailure("bind: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct BrowserFailure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    @Test("browser (chromium, selenium): sign in, click values and bars, check states, numbers and rights, export, sign out",
          .enabled(if: available), .timeLimit(.minutes(3)))
    func sheetWalk() async throws {
        let chromium = Self.environment["VIGIE_CHROMIUM"] ?? "/usr/bin/chromium"
        let chromedriver = Self.environment["VIGIE_CHROMEDRIVER"] ?? "/usr/bin/chromedriver"
        let python = try #require(Oracle.python, "VIGIE_BROWSER=1 but VIGIE_ORACLE_PYTHON is not set")
        for program in [chromium, chromedriver, python] {
            try #require(FileManager.default.isExecutableFile(atPath: program), "VIGIE_BROWSER=1 but \(program) is missing")
        }
        let root = NSTemporaryDirectory() + "vigie-browser-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let workspace = try Workspace.create(at: root + "/ws")
        try LakeFixture.write(workspace, table: "activity", [
            ("day", .date(Self.visits.map { Self.days($0.day) })), ("structure", .text(Self.visits.map(\.structure))),
            ("establishment", .text(Self.visits.map(\.establishment))), ("amount", .number(Self.visits.map(\.amount))),
        ])
        let codes = Self.names.keys.sorted()
        try LakeFixture.write(workspace, table: "structures", [("code", .text(codes)), ("name", .text(codes.map { Self.names[$0]! }))])
        try Self.app.write(toFile: workspace.appsPath + "/activite.yaml", atomically: true, encoding: .utf8)
        for (user, structure) in [("alice", "S01"), ("carol", "S03")] {
            let add = try ServeCommandTests.run(["users", "add", "-w", workspace.root, user, "--role", "analyst", "--right", "structure in [\(structure)]"],
                                                input: Self.password + "\n")
            try #require(add.status == 0, "vigie users add \(user): \(add.stderr)")
        }

        // The server, on a free port, stopped by its PID whatever happens.
        let port = try Self.freePort()
        let log = root + "/serve.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: ParquetCommandTests.vigie)
        server.arguments = ["serve", "-w", workspace.root, "--port", String(port), "--host", "127.0.0.1"]
        server.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        server.standardError = server.standardOutput
        try server.run()
        defer {
            // SIGTERM stops it cleanly; one that has not stopped 5 s later is killed.
            if server.isRunning { kill(server.processIdentifier, SIGTERM) }
            for _ in 0..<100 where server.isRunning { usleep(50_000) }
            if server.isRunning { kill(server.processIdentifier, SIGKILL) }
            server.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)"
        var answered = false
        for _ in 0..<100 where !answered && server.isRunning {
            if let (_, response) = try? await URLSession.shared.data(from: URL(string: base + "/login")!) {
                answered = (response as? HTTPURLResponse)?.statusCode == 200
            }
            if !answered { try await Task.sleep(for: .milliseconds(100)) }
        }
        try #require(answered, "vigie serve did not answer on \(base): \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")

        // The plan: where everything is, and what each user must see, computed from the rows above.
        let alice: Set = ["S01"], carol: Set = ["S03"]
        let year: [String: Set<String>] = ["Activity.Year": ["2024"]], years: [String: Set<String>] = ["Activity.Year": ["2023", "2024"]]
        let yearsAndOne = years.merging(["Activity.establishment": ["Wazemmes"]]) { a, _ in a }
        let artefacts = (Self.environment["VIGIE_ARTEFACTS"].map { URL(fileURLWithPath: $0) }
            ?? Self.packageRoot.appendingPathComponent(".build-artefacts")).appendingPathComponent("browser").path
        let plan: [String: Any] = [
            "base": base, "chromium": chromium, "chromedriver": chromedriver, "artefacts": artefacts, "downloads": root + "/downloads",
            "password": Self.password, "app": "activite", "sheet": "overview", "kpi": "kpi", "bars": "bars", "export": "table",
            "measure": "Chiffre d'affaires",
            "walker": [
                "name": "alice", "foreign": Self.foreign(to: alice), "expected": Self.view(alice, [:]),
                "steps": [
                    ["via": "listbox", "field": "Activity.Year", "value": "2024", "expected": Self.view(alice, year)],
                    ["via": "toggle", "field": "Activity.Year", "value": "2023", "expected": Self.view(alice, years)],
                    ["via": "bar", "field": "Activity.establishment", "value": "Wazemmes", "expected": Self.view(alice, yearsAndOne)],
                ],
                "export_rows": Self.exportRows(alice, years),
            ] as [String: Any],
            "second": ["name": "carol", "foreign": Self.foreign(to: carol), "expected": Self.view(carol, [:])] as [String: Any],
        ]
        let planPath = root + "/plan.json"
        try JSONSerialization.data(withJSONObject: plan, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: planPath))

        let script = Self.packageRoot.appendingPathComponent("Tests/Browser/sheet_walk.py").path
        let walk = try ParquetCommandTests.run(python, [script, planPath])
        if walk.status == 0 { print(walk.stdout, terminator: "") }
        #expect(walk.status == 0, """
            sheet_walk.py exited with status \(walk.status):
            \(walk.stdout)\(walk.stderr)
            vigie serve's log:
            \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")
            """)
    }
}
