// `vigie users` and `vigie serve` as an administrator runs them: users
// added with a password on standard input, listed, given a new password and
// removed; the server started on a port of this machine, answering, and
// stopping cleanly on SIGTERM.

import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

@Suite("vigie users and serve")
struct ServeCommandTests {
    /// Runs vigie with `input` on standard input.
    static func run(_ arguments: [String], input: String = "") throws -> ParquetCommandTests.Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ParquetCommandTests.vigie)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ParquetCommandTests.Run(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    @Test("users are added, listed with their rights, given a password and removed")
    func users() throws {
        let root = NSTemporaryDirectory() + "vigie-cli-users-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["init", root])
        let add = try Self.run(["users", "add", "-w", root, "alice", "--role", "analyst", "--right", "structure in [S03, S07]", "--hide", "patient"], input: "long enough password\n")
        #expect(add.status == 0, "\(add.stderr)")
        #expect(try Self.run(["users", "add", "-w", root, "alice"], input: "another password\n").stderr.contains("already exists"))
        #expect(try Self.run(["users", "add", "-w", root, "bob", "--role", "boss"], input: "long enough password\n").status != 0)
        #expect(try Self.run(["users", "add", "-w", root, "eve"], input: "short\n").stderr.contains("at least 8"))
        let list = try Self.run(["users", "list", "-w", root])
        #expect(list.stdout == "alice\tanalyst\tstructure in [S03, S07]; hide patient\n")
        #expect(try Self.run(["users", "passwd", "-w", root, "alice"], input: "a new long password\n").status == 0)
        #expect(try Self.run(["users", "passwd", "-w", root, "nobody"], input: "a new long password\n").stderr.contains("no user named nobody"))
        #expect(try Self.run(["users", "remove", "-w", root, "alice"]).status == 0)
        #expect(try Self.run(["users", "list", "-w", root]).stdout.isEmpty)
        let database = try String(decoding: Data(contentsOf: URL(fileURLWithPath: root + "/state/vigie.sqlite")), as: UTF8.self)
        #expect(!database.contains("long enough password") && !database.contains("a new long password"))
    }

    @Test("the server answers on its port and stops cleanly on SIGTERM")
    func serve() async throws {
        let root = NSTemporaryDirectory() + "vigie-cli-serve-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        _ = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["init", root])
        let port = Int.random(in: 20_000...40_000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ParquetCommandTests.vigie)
        process.arguments = ["serve", "-w", root, "--port", String(port)]
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var page: String?
        for _ in 0..<100 where page == nil {
            try await Task.sleep(for: .milliseconds(100))
            if let (data, _) = try? await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)/login")!) { page = String(decoding: data, as: UTF8.self) }
        }
        #expect(page?.contains("name=\"password\"") == true)
        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }
}
