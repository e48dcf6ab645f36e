import Foundation
import Testing
@testable import VigieLake

@Suite("Workspace and raw zone")
struct WorkspaceTests {
    @Test("SHA-256 gives the standard's test vectors, with the system's library and with the portable code",
          arguments: [false, true])
    func sha256Vectors(portable: Bool) {
        #expect(SHA256.hex([], portable: portable) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8), portable: portable) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8), portable: portable)
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var h = SHA256(portable: portable)
        #expect(h.usesSystemLibrary == !portable)
        let a = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { h.update(a) }
        #expect(h.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // A copy taken midway goes on independently.
        var first = SHA256(portable: portable)
        first.update(Array("ab".utf8))
        var second = first
        first.update(Array("c".utf8))
        second.update(Array("d".utf8))
        #expect(first.finalizeHex() == SHA256.hex(Array("abc".utf8), portable: portable))
        #expect(second.finalizeHex() == SHA256.hex(Array("abd".utf8), portable: portable))
    }

    @Test("SHA-256 agrees with Python's hashlib on data of every length around the block size", arguments: [false, true])
    func sha256AgainstHashlib(portable: Bool) throws {
        var lines: [String] = []
        var inputs: [[UInt8]] = []
        for n in [1, 55, 56, 63, 64, 65, 119, 128, 1000, 70_000] {
            let bytes = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ n) }
            inputs.append(bytes)
            lines.append(bytes.map { String(format: "%02x", $0) }.joined())
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import sys, hashlib\nfor l in sys.stdin.read().split():\n print(hashlib.sha256(bytes.fromhex(l)).hexdigest())"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(lines.joined(separator: "\n").utf8))
        try input.fileHandleForWriting.close()
        let expected = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n").map(String.init)
        process.waitUntilExit()
        #expect(expected == inputs.map { SHA256.hex($0, portable: portable) })
    }

    @Test("init makes the folders; raw files are kept once, read-only, named by their hash")
    func workspace() throws {
        let root = NSTemporaryDirectory() + "vigie-ws-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect { try Workspace(at: root) } throws: { "\($0)".contains("vigie init") }
        let ws = try Workspace.create(at: root)
        let source = root + "/export.csv"
        try Data("structure;montant\nS03;1 234,50\n".utf8).write(to: URL(fileURLWithPath: source))
        let first = try ws.keepRaw(source)
        #expect(first.isNew && first.path.hasSuffix(".csv") && first.sha256.count == 64)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first.path)) == Data(contentsOf: URL(fileURLWithPath: source)))
        #expect(FileManager.default.isWritableFile(atPath: first.path) == (getuid() == 0))
        let again = try ws.keepRaw(source)
        #expect(!again.isNew && again.path == first.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: ws.rawPath) == [(first.path as NSString).lastPathComponent])
        #expect { try ws.table("../escape") } throws: { ($0 as? LakeError)?.code == .invalidArgument }
    }
}
