// RowPrinter.jsonString, which every JSON answer and NDJSON line of Vigie
// writes its texts with: what it writes must read back as the same text.

import Foundation
import Testing
import Parquet

@Suite("JSON string literals")
struct JSONStringTests {
    @Test("texts with quotes, backslashes, control characters and any Unicode read back the same through Foundation's JSON parser")
    func readBack() throws {
        var random = SystemRandomNumberGenerator()
        let pieces = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "Crèche « Les Lutins »", "👩‍⚕️", "\r\n", "a", " ", "/", "\u{2028}"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let literal = RowPrinter.jsonString(text)
            let read = try JSONSerialization.jsonObject(with: Data(literal.utf8), options: .fragmentsAllowed) as? String
            #expect(read == text, "\(literal)")
        }
        #expect(RowPrinter.jsonString("a\"b\\c\u{1}") == #""a\"b\\c\u0001""#)
    }
}
