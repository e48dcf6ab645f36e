// `vigie demo` as a user runs it: a tiny demo built, reused the second
// time, queried through one of its apps; a folder that holds something else
// is left alone.

import Foundation
import Testing

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
        let again = try ParquetCommandTests.run(vigie, ["demo", "--dir", root, "--scale", "0.002", "--seed", "3", "--progress", "none", "--no-serve"])
        #expect(again.status == 0 && again.stdout.contains("Reusing the demo in \(root)"), "\(again.stdout)\(again.stderr)")
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
}
