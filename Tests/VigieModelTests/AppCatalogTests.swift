// Hot reload: an edited app file is swapped in, a broken one keeps its last
// good version serving and shows its error with the line.

import Foundation
import Testing
import VigieLake
@testable import VigieModel
import VigieTestSupport

@Suite("App catalog")
struct AppCatalogTests {
    @Test("an edit is swapped in; a broken file keeps the last good version and tells the line; a removed file goes")
    func reload() throws {
        let (ws, path) = try AppFormatTests.workspace()
        defer { try? FileManager.default.removeItem(atPath: ws.root) }
        let catalog = AppCatalog(workspace: ws)
        #expect(catalog.refresh() == ["activite"])
        #expect(catalog.app("activite")?.model.title.french == "Activité" && catalog.entry("activite")?.version == 1)
        #expect(catalog.refresh().isEmpty)

        try AppFormatTests.app.replacingOccurrences(of: "fr: Activité,", with: "fr: Activité 2,").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(catalog.refresh() == ["activite"])
        #expect(catalog.app("activite")?.model.title.french == "Activité 2" && catalog.entry("activite")?.version == 2)

        try AppFormatTests.app.replacingOccurrences(of: "measures: [revenue]\n        sort", with: "measures: [nothing]\n        sort")
            .write(toFile: path, atomically: true, encoding: .utf8)
        catalog.refresh()
        let entry = try #require(catalog.entry("activite"))
        #expect(entry.app?.model.title.french == "Activité 2" && entry.version == 2)
        #expect(entry.error.map { "\($0)".contains("line 37") && "\($0)".contains("nothing") && "\($0)".contains(path) } == true)

        // New data in a lake table reloads the app too (here the last good file again).
        try AppFormatTests.app.write(toFile: path, atomically: true, encoding: .utf8)
        catalog.refresh()
        #expect(catalog.entry("activite")?.version == 3 && catalog.entry("activite")?.error == nil)
        try LakeFixture.write(ws, table: "structures", [("code", .text(["S04"])), ("union", .text(["Est"]))])
        #expect(catalog.refresh() == ["activite"] && catalog.entry("activite")?.version == 4)

        try FileManager.default.removeItem(atPath: path)
        catalog.refresh()
        #expect(catalog.all.isEmpty)
    }
}
