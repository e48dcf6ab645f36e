// The rows holding some codes (Bitset.rows) and how many rows hold each
// code (Bitset.frequencies), read row by row or through a column's runs
// (RunIndex): both ways must give the same, within any set of rows.

import Testing
import VigieTestSupport
@testable import VigieEngine

@Suite("bitsets")
struct BitsetTests {
    @Test("the rows of some codes and the codes' frequencies through the runs equal those read row by row, for any widths, runs and rows")
    func runsEqualScan() {
        var random = SeededGenerator(seed: 29_11_2026)
        var indexed = 0, counted = 0
        for round in 0..<200 {
            // A column in runs of one code, some long, some of one row; several widths of codes.
            let codeCount = [3, 40, 300, 70_000][round % 4]
            let rows = Int.random(in: 1024...20_000, using: &random)
            let longest = [1, 8, 20, 64, 500, 5000][Int.random(in: 0..<6, using: &random)]
            var codes: [UInt32] = []
            while codes.count < rows {
                let code = UInt32.random(in: 0..<UInt32(codeCount), using: &random)
                codes += repeatElement(code, count: Swift.min(rows - codes.count, Int.random(in: 1...longest, using: &random)))
            }
            let column = CodeColumn(codes: codes, codeCount: codeCount)
            if let runs = column.runs { indexed += runs.fillsQuickly ? 1 : 0; counted += 1 }
            var chosen = Bitset(count: codeCount)
            for _ in 0..<Int.random(in: 0...Swift.min(codeCount, 20), using: &random) { chosen.insert(Int.random(in: 0..<codeCount, using: &random)) }
            var within: Bitset?
            if Bool.random(using: &random) {
                var set = Bitset(count: rows)
                let density = Double.random(in: 0...1, using: &random)
                for r in 0..<rows where Double.random(in: 0..<1, using: &random) < density { set.insert(r) }
                within = set
            }
            var expected = Bitset(count: rows)
            for r in 0..<rows where chosen.contains(Int(codes[r])) && within?.contains(r) != false { expected.insert(r) }
            #expect(Bitset.rows(of: column, in: chosen, within: within) == expected, "round \(round): \(rows) rows, runs up to \(longest)")
            var frequencies = [Int](repeating: 0, count: codeCount)
            for r in 0..<rows where within?.contains(r) != false { frequencies[Int(codes[r])] += 1 }
            #expect(Bitset.frequencies(of: column, on: within) == frequencies, "round \(round): frequencies")
        }
        // Long runs fill rows, middling ones only count, short ones have no index: each way was checked.
        #expect(indexed > 20 && counted > indexed && counted < 200)
    }
}
