// Fields built chunk by chunk (dictionaries and values) against fields built
// from all their rows' values at once, and against the way fields were built
// before FieldBuilder (a hash of every row, kept below as the reference).

import Testing
import VigieTestSupport
@testable import VigieEngine

@Suite("Building fields")
struct FieldBuilderTests {
    /// How fields were built from row values before FieldBuilder: every row hashed in order, distinct values sorted.
    static func reference<T: Hashable>(_ values: [T?], by less: (T, T) -> Bool) -> ([T], [Int]) {
        var first: [T: Int] = [:]
        var distinct: [T] = []
        let provisional = values.map { value -> Int in
            guard let value else { return -1 }
            if let code = first[value] { return code }
            first[value] = distinct.count
            distinct.append(value)
            return distinct.count - 1
        }
        let order = distinct.indices.sorted { less(distinct[$0], distinct[$1]) }
        var renumber = [Int](repeating: 0, count: distinct.count)
        for (position, index) in order.enumerated() { renumber[index] = position }
        return (order.map { distinct[$0] }, provisional.map { $0 < 0 ? distinct.count : renumber[$0] })
    }

    static func codes(_ field: EngineField) -> [Int] { (0..<field.rowCount).map { field.codes[$0] } }

    /// Rows of texts with nulls, two spellings of é (equal Strings, different bytes) and invalid UTF-8's replacement.
    static let texts: [String?] = (0..<2000).map { i in
        i % 7 == 0 ? nil : ["", "caf\u{e9}", "cafe\u{301}", "Crèche", "crèche", "東京", "\u{FFFD}", "S\(i % 300)"][i % 8]
    }
    /// Rows of doubles with nulls, NaN (null too), -0 and 0 (one symbol).
    static let doubles: [Double?] = (0..<2000).map { (i: Int) -> Double? in
        let choices: [Double] = [0.0, -0.0, .nan, 1.5, -2.25, Double(i % 97) * 0.1]
        return i % 9 == 0 ? nil : choices[i % 6]
    }

    @Test("fields from row values are as before: texts by their bytes, equal Strings one symbol, NaN null, -0 as 0")
    func asBefore() {
        let text = EngineField.text("t", Self.texts)
        let (symbols, codes) = Self.reference(Self.texts) { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect(text.symbols == SymbolTable(sorted: .text(symbols)) && Self.codes(text) == codes && text.codes.codeCount == symbols.count + 1)
        let number = EngineField.number("n", Self.doubles)
        let normalized = Self.doubles.map { $0.flatMap { $0.isNaN ? nil : $0 == 0 ? 0 : $0 } }
        let (numbers, numberCodes) = Self.reference(normalized, by: <)
        #expect(number.symbols == SymbolTable(sorted: .number(numbers)) && Self.codes(number) == numberCodes)
        #expect(number.numbers?.map(\.bitPattern) == numberCodes.map { $0 < numbers.count ? numbers[$0].bitPattern : Double.nan.bitPattern })
        let flags: [Bool?] = (0..<50).map { $0 % 4 == 0 ? nil : $0 % 3 == 0 }
        let (bools, boolCodes) = Self.reference(flags) { !$0 && $1 }
        let bool = EngineField.bool("b", flags)
        #expect(bool.symbols == SymbolTable(sorted: .bool(bools)) && Self.codes(bool) == boolCodes)
        let days: [Int32?] = (0..<100_000).map { $0 % 5 == 0 ? nil : Int32($0) - 1000 }
        let (sortedDays, dayCodes) = Self.reference(days, by: <)
        let date = EngineField.date("d", days)
        #expect(date.symbols == SymbolTable(sorted: .date(sortedDays)) && Self.codes(date) == dayCodes && date.codes.width == 4)
    }

    /// Rows `range` of `values` as a dictionary chunk: the distinct values shuffled, an entry no row uses, one repeated.
    static func dictionaryChunk<T: Hashable>(_ values: [T?], _ range: Range<Int>, unused: T, seed: UInt64) -> (dictionary: [T], indices: [UInt32], validity: [Bool]?) {
        var generator = SeededGenerator(seed: seed)
        var dictionary = Array(Set(values[range].compactMap { $0 })).shuffled(using: &generator)
        dictionary.insert(unused, at: dictionary.count / 2)
        if let first = dictionary.first { dictionary.append(first) }
        let position = Dictionary(dictionary.enumerated().map { ($0.element, UInt32($0.offset)) }, uniquingKeysWith: { a, b in Bool.random(using: &generator) ? a : b })
        let rows = values[range]
        return (dictionary, rows.compactMap { $0.map { position[$0]! } }, rows.contains { $0 == nil } ? rows.map { $0 != nil } : nil)
    }

    @Test("chunks given as dictionaries (shuffled, with unused and repeated entries), values and nulls make the field of all the values")
    func chunks() {
        var text = FieldBuilder(name: "t", type: .text)
        var number = FieldBuilder(name: "n", type: .number)
        let bounds = [0, 300, 301, 900, 1200, 1500, 2000]
        for (k, (start, end)) in zip(bounds, bounds.dropFirst()).enumerated() {
            let range = start..<end
            if k % 2 == 0 {
                // Entries are distinct bytes, as a writer's are: both spellings of é have one each.
                let t = Self.dictionaryChunk(Self.texts.map { $0.map { Array($0.utf8) } }, range, unused: Array("never used".utf8), seed: UInt64(k))
                text.append(dictionary: .text(t.dictionary.map { String(decoding: $0, as: UTF8.self) }), indices: t.indices, validity: t.validity,
                            rowCount: range.count)
                // NaN as a dictionary entry stands for null, like a null row.
                let n = Self.dictionaryChunk(Self.doubles.map { $0.map { $0.isNaN ? -1e-300 : $0 } }, range, unused: 42.42, seed: UInt64(k))
                number.append(dictionary: .number(n.dictionary.map { $0 == -1e-300 ? .nan : $0 }), indices: n.indices, validity: n.validity, rowCount: range.count)
            } else {
                let rows = Self.texts[range]
                text.append(values: .text(rows.compactMap { $0 }), validity: rows.map { $0 != nil }, rowCount: range.count)
                let numbers = Self.doubles[range]
                number.append(values: .number(numbers.compactMap { $0 }), validity: numbers.map { $0 != nil }, rowCount: range.count)
            }
        }
        text.appendNulls(3)
        number.appendNulls(3)
        let texts = EngineField.text("t", Self.texts + [nil, nil, nil])
        let builtText = text.finish()
        #expect(builtText.symbols == texts.symbols && builtText.codes == texts.codes && builtText.memory == texts.memory)
        let numbers = EngineField.number("n", Self.doubles + [nil, nil, nil])
        let builtNumber = number.finish()
        #expect(builtNumber.symbols == numbers.symbols && builtNumber.codes == numbers.codes)
        #expect(builtNumber.numbers?.map(\.bitPattern) == numbers.numbers?.map(\.bitPattern))
        #expect(!(0..<builtText.symbols.count).contains { builtText.symbols.text($0) == "never used" })
    }
}
