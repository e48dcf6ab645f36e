// The `vigie parquet` commands as a user runs them: the built executable,
// on a file pyarrow wrote (oracle: pyarrow writes the file and states what
// must be printed, in Tests/Oracles/cat_expected.py).

import Foundation
import Testing

@Suite("vigie parquet (oracle: pyarrow)", .serialized)
struct ParquetCommandTests {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }
    static var python: String? { environment["VIGIE_ORACLE_PYTHON"] }
    static var scripts: String {
        environment["VIGIE_ORACLE_SCRIPTS"] ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Oracles").path
    }

    /// The `vigie` executable built beside the test bundle.
    static var vigie: String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("vigie").path) && dir.path != "/" {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("vigie").path
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func fixture() throws -> (path: String, expected: [String: Any]) {
        let path = NSTemporaryDirectory() + "vigie-cat-\(getpid()).parquet"
        let python = try #require(Self.python, "run the suite through scripts/test")
        let result = try run(python, [scripts + "/cat_expected.py", path])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return (path, object)
    }

    @Test("cat prints a pyarrow-written file exactly, as CSV", .enabled(if: python != nil))
    func catCSV() throws {
        let (path, expected) = try Self.fixture()
        defer { unlink(path) }
        let result = try Self.run(Self.vigie, ["parquet", "cat", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == expected["csv"] as? String)
    }

    @Test("cat prints a pyarrow-written file exactly, as JSON", .enabled(if: python != nil))
    func catJSON() throws {
        let (path, expected) = try Self.fixture()
        defer { unlink(path) }
        let result = try Self.run(Self.vigie, ["parquet", "cat", path, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let ours = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        let theirs = try #require(expected["json"] as? [[String: Any]])
        #expect(ours.count == theirs.count)
        /// JSON values as comparable text: numbers (and booleans, which Foundation gives as numbers) by value, strings, null.
        func normal(_ row: [String: Any]) -> [String: String] {
            row.mapValues { value in
                if value is NSNull { return "null" }
                if let s = value as? String { return "s:" + s }
                if let n = value as? NSNumber { return "n:\(n.doubleValue)" }
                return "?\(value)"
            }
        }
        for (a, b) in zip(ours, theirs) {
            #expect(normal(a) == normal(b))
        }
    }

    @Test("cat projects columns and stops at the limit", .enabled(if: python != nil))
    func catProjection() throws {
        let (path, _) = try Self.fixture()
        defer { unlink(path) }
        let result = try Self.run(Self.vigie, ["parquet", "cat", path, "--columns", "line,id", "--limit", "2"])
        #expect(result.stdout == "line,id\ncrèche,1\n\"EHPAD \"\"Les Tilleuls\"\", Nantes\",2\n")
        let unknown = try Self.run(Self.vigie, ["parquet", "cat", path, "--columns", "nope"])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no column 'nope'") && unknown.stderr.contains("columns are: id, structure"))
    }

    @Test("inspect shows schema, row groups, codecs, encodings and statistics", .enabled(if: python != nil))
    func inspect() throws {
        let (path, _) = try Self.fixture()
        defer { unlink(path) }
        let result = try Self.run(Self.vigie, ["parquet", "inspect", path])
        #expect(result.status == 0)
        for line in ["rows: 3", "row groups: 1", "  id: INT64 REQUIRED", "  day: INT32 DATE OPTIONAL", "DECIMAL(9,2) OPTIONAL",
                     "  at: INT64 TIMESTAMP(MICROS, UTC) OPTIONAL", "min 1999-12-31, max 2024-01-31, nulls 1", "min -0.05, max 1234.50, nulls 1",
                     "ARROW:schema = "] {
            #expect(result.stdout.contains(line), "missing: \(line)\n\(result.stdout)")
        }
        #expect(result.stdout.contains("SNAPPY, encodings"))
    }

    @Test("a file that is not Parquet gives a one-line error naming it and exit status 1")
    func notParquet() throws {
        let path = NSTemporaryDirectory() + "vigie-not-parquet-\(getpid()).csv"
        try Data("id;amount\n1;2,5\n".utf8).write(to: URL(fileURLWithPath: path))
        defer { unlink(path) }
        let result = try Self.run(Self.vigie, ["parquet", "cat", path])
        #expect(result.status == 1)
        #expect(result.stderr.contains(path) && result.stderr.contains("Parquet magic"))
        let missing = try Self.run(Self.vigie, ["parquet", "inspect", "/nonexistent.parquet"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent.parquet") && missing.stderr.contains("No such file"))
    }
}
