// `vigie demo` as a user runs it: a tiny demo built, reused the second
// time, queried through one of its apps; a folder that holds something else
// is left alone; and the demo served, where a structure's user sees only
// that structure (through curl, with its own cookie jar per user).

import Foundation
import Testing
import VigieLake
import VigieTestSupport

@Suite("vigie demo")
struct DemoCommandTests {
    @Test("builds a tiny demo, reuses it the second time, and its apps answer queries")
    func buildReuseQuery() throws {
        let root = NSTemporaryDirectory() + "vigie-cli-demo-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let vigie = ParquetCommandTests.vigie
        let built = try ParquetCommandTests.run(vigie, ["demo", "--dir", root, "--scale", "0.002", "--seed", "3", "--progress", "none", "--no-serve"])
        #expect(built.status == 0, "\(built.stderr)")
        #expect(built.stdout.contains("Demo built in \(root)") && built.stdout.contains("optical_sales"), "\(built.stdout)")
        // Before reusing it: the user edits one app and deletes another, and a third is as an older Vigie installed it.
        let apps = root + "/apps/", shipped = BrowserTests.packageRoot.path + "/Sources/VigieDemo/Resources/workspace/apps/"
        let edited = try String(contentsOfFile: apps + "ehpad.yaml", encoding: .utf8) + "# my own note\n"
        try edited.write(toFile: apps + "ehpad.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: apps + "ssiad.yaml")
        let older = try String(contentsOfFile: apps + "creches.yaml", encoding: .utf8).replacingOccurrences(of: "0,0 %", with: "0.0 %")
        try older.write(toFile: apps + "creches.yaml", atomically: true, encoding: .utf8)
        let stampPath = root + "/vigie-demo.json"
        var stamp = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: stampPath))) as? [String: Any])
        var definitions = try #require(stamp["definitions"] as? [String: String])
        var hasher = SHA256()
        hasher.update(Array(older.utf8))
        definitions["apps/creches.yaml"] = hasher.finalizeHex()
        stamp["definitions"] = definitions
        try JSONSerialization.data(withJSONObject: stamp).write(to: URL(fileURLWithPath: stampPath))

        let again = try ParquetCommandTests.run(vigie, ["demo", "--dir", root, "--scale", "0.002", "--seed", "3", "--progress", "none", "--no-serve"])
        #expect(again.status == 0 && again.stdout.contains("Reusing the demo in \(root)"), "\(again.stdout)\(again.stderr)")
        #expect(again.stdout.contains("Updated to this Vigie's version: apps/creches.yaml, apps/ssiad.yaml"), "\(again.stdout)")
        #expect(again.stdout.contains("(changed since the demo wrote them; remove one to take this Vigie's): apps/ehpad.yaml"), "\(again.stdout)")
        for app in ["creches", "ssiad"] {
            #expect(FileManager.default.contents(atPath: apps + app + ".yaml") == FileManager.default.contents(atPath: shipped + app + ".yaml"), "\(app)")
        }
        #expect(try String(contentsOfFile: apps + "ehpad.yaml", encoding: .utf8) == edited)
        let third = try ParquetCommandTests.run(vigie, ["demo", "--dir", root, "--scale", "0.002", "--seed", "3", "--progress", "none", "--no-serve"])
        #expect(third.status == 0 && !third.stdout.contains("Updated to") && third.stdout.contains("apps/ehpad.yaml"), "\(third.stdout)")
        for app in ["creches", "ehpad", "dentaire", "optique", "audition", "ssiad", "cliniques", "ambulances", "teleassistance", "groupe"] {
            let query = try ParquetCommandTests.run(vigie, ["query", "-w", root, app, "--dim", "union_name", "--measure", "Count(*)", "--format", "csv"])
            #expect(query.status == 0 && query.stdout.hasPrefix("union_name,Count(*)\n") && query.stdout.contains("\nTotal,"), "\(app): \(query.stdout)\(query.stderr)")
        }
    }

    @Test("refuses a folder that holds something other than a demo")
    func refusesOtherFolders() throws {
        let root = NSTemporaryDirectory() + "vigie-cli-demo-other-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try "keep me".write(toFile: root + "/notes.txt", atomically: true, encoding: .utf8)
        let r = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["demo", "--dir", root, "--scale", "0.002", "--progress", "none", "--no-serve"])
        #expect(r.status != 0 && r.stderr.contains("is not a Vigie demo"), "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: root + "/notes.txt"))
    }

    @Test("serves the demo on the port given, with its users: a structure's analyst sees only that structure")
    func serves() async throws {
        let root = NSTemporaryDirectory() + "vigie-cli-demo-serve-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let port = try BrowserTests.freePort(), base = "http://127.0.0.1:\(port)"
        let log = root + "/demo.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let demo = Process()
        demo.executableURL = URL(fileURLWithPath: ParquetCommandTests.vigie)
        demo.arguments = ["demo", "--dir", root + "/ws", "--scale", "0.002", "--seed", "3", "--progress", "none", "--port", String(port)]
        demo.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        demo.standardError = demo.standardOutput
        try demo.run()
        defer {
            if demo.isRunning { kill(demo.processIdentifier, SIGKILL) }
            demo.waitUntilExit()
        }
        func output() -> String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        for _ in 0..<1200 where demo.isRunning && !output().contains("Vigie serving") { try await Task.sleep(for: .milliseconds(100)) }
        let printed = output()
        try #require(printed.contains("Vigie serving \(root)/ws on \(base)"), "\(printed)")
        #expect(printed.contains("Sign in with password vigie-demo as:") && printed.contains("bretagne") && printed.contains("provence"), "\(printed)")

        /// The structures `user` may see in the group app, through the API after signing in.
        func structures(of user: String) throws -> String {
            let jar = root + "/\(user).cookies"
            _ = try ParquetCommandTests.run("/usr/bin/curl", ["-sf", "-c", jar, "-b", jar, base + "/login"])
            let cookies = try String(contentsOfFile: jar, encoding: .utf8)
            let token = try #require(cookies.split(separator: "\n").first { $0.contains("vigie_login") }?.split(separator: "\t").last, "\(cookies)")
            let login = try ParquetCommandTests.run("/usr/bin/curl", ["-sf", "-c", jar, "-b", jar, "-H", "Content-Type: application/json",
                                                                      "-H", "X-CSRF-Token: \(token)", "-d", "{\"user\":\"\(user)\",\"password\":\"vigie-demo\"}", base + "/login"])
            #expect(login.status == 0 && login.stdout.contains("\"name\":\"\(user)\""), "\(login.stdout)\(login.stderr)")
            return try ParquetCommandTests.run("/usr/bin/curl", ["-sf", "-b", jar, base + "/api/apps/groupe/fields/structure_name/states"]).stdout
        }
        let everything = try structures(of: "direction"), brittany = try structures(of: "bretagne"), provence = try structures(of: "provence")
        #expect(everything.contains("Mutualité Bretagne Ouest") && everything.contains("Mutualité Provence Côte d'Azur"), "\(everything)")
        #expect(brittany.contains("Structures.structure_name") && !brittany.contains("Provence") && !brittany.contains("Normandie"), "\(brittany)")
        #expect(provence.contains("Structures.structure_name") && !provence.contains("Bretagne") && !provence.contains("Normandie"), "\(provence)")

        // The main pages in a real browser, screenshots kept (when the test command installed chromium).
        if BrowserTests.available {
            let python = try #require(Oracle.python, "VIGIE_BROWSER=1 but VIGIE_ORACLE_PYTHON is not set")
            let plan: [String: Any] = [
                "base": base, "chromium": BrowserTests.environment["VIGIE_CHROMIUM"] ?? "/usr/bin/chromium",
                "chromedriver": BrowserTests.environment["VIGIE_CHROMEDRIVER"] ?? "/usr/bin/chromedriver",
                "artefacts": (BrowserTests.environment["VIGIE_ARTEFACTS"].map { URL(fileURLWithPath: $0) }
                    ?? BrowserTests.packageRoot.appendingPathComponent(".build-artefacts")).appendingPathComponent("demo").path,
                "password": "vigie-demo", "apps": 10, "users": ["bretagne", "direction"],
                "pages": ["/apps/creches/sheets/overview", "/apps/ehpad/sheets/overview", "/apps/optique/sheets/products", "/apps/groupe/sheets/overview"],
            ]
            let planPath = root + "/plan.json"
            try JSONSerialization.data(withJSONObject: plan).write(to: URL(fileURLWithPath: planPath))
            let pages = try ParquetCommandTests.run(python, [BrowserTests.packageRoot.appendingPathComponent("Tests/Browser/demo_pages.py").path, planPath])
            #expect(pages.status == 0, "\(pages.stdout)\(pages.stderr)")
        }

        kill(demo.processIdentifier, SIGTERM)
        for _ in 0..<100 where demo.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!demo.isRunning && demo.terminationStatus == 0, "\(output())")
    }
}
