// The meaning of a selection (../shared/design/ASSOCIATIVE.md) on a small
// model whose answers are worked out by hand: facts of activity linked to
// establishments and to a calendar, with an establishment that has no
// facts and a fact whose establishment is unknown.

import Testing
import VigieTestSupport
@testable import VigieEngine

enum SmallModel {
    static func make() throws -> DataModel {
        let activity = try EngineTable(name: "Activity", fields: [
            .text("Establishment", ["E1", "E1", "E2", "E3", "E9", nil]),
            .text("Line", ["Crèche", "Crèche", "EHPAD", "Dentaire", "EHPAD", "Crèche"]),
            .integer("Month", [202401, 202402, 202401, 202403, 202402, 202402]),
            .number("Amount", [100, 50.5, 200, 75, 10, 1]),
        ])
        let establishments = try EngineTable(name: "Establishments", fields: [
            .text("Establishment", ["E1", "E2", "E3", "E4"]),
            .text("Region", ["Bretagne", "Bretagne", "Normandie", "Pays de la Loire"]),
        ])
        let calendar = try EngineTable(name: "Calendar", fields: [
            .integer("Month", [202401, 202402, 202403, 202404]),
            .integer("Year", [2024, 2024, 2024, 2024]),
            .text("Quarter", ["T1", "T1", "T1", "T2"]),
        ])
        return try DataModel(tables: [activity, establishments, calendar], links: [
            Link(FieldReference(table: "Activity", field: "Establishment"), FieldReference(table: "Establishments", field: "Establishment")),
            Link(FieldReference(table: "Activity", field: "Month"), FieldReference(table: "Calendar", field: "Month")),
        ])
    }

    static func ref(_ name: String, _ model: DataModel) throws -> FieldReference { try model.resolve(name) }

    /// value → state, for compact expectations.
    static func states(_ model: DataModel, _ field: String, _ selection: Selection, rights: Rights = .unrestricted) throws -> [String: ValueState] {
        let values = try model.states(of: model.resolve(field), selection: selection, rights: rights)
        return Dictionary(uniqueKeysWithValues: values.map { ($0.value ?? "-", $0.state) })
    }
}

@Suite("Selections and value states (ASSOCIATIVE.md)")
struct SelectionTests {
    @Test("with nothing selected every row of every table is possible, orphans included")
    func nothingSelected() throws {
        let model = try SmallModel.make()
        let rows = try model.possibleRows(Selection())
        #expect(rows.allSatisfy { $0 == nil })
        let regions = try SmallModel.states(model, "Region", Selection())
        #expect(regions == ["Bretagne": .possible, "Normandie": .possible, "Pays de la Loire": .possible])
        let frequencies = try model.states(of: model.resolve("Activity.Establishment"), selection: Selection())
        #expect(frequencies.map(\.value) == ["E1", "E2", "E3", "E9", nil])
        #expect(frequencies.map(\.frequency) == [2, 1, 1, 1, 1])
    }

    @Test("a selection propagates across links both ways; rows without a partner become impossible")
    func propagation() throws {
        let model = try SmallModel.make()
        var selection = Selection()
        selection.select(["Bretagne"], in: try model.resolve("Region"))
        let rows = try model.possibleRows(selection)
        #expect(rows[0]?.elements == [0, 1, 2])        // E1, E1, E2: not E3, not the unknown E9, not the null key
        #expect(rows[1]?.elements == [0, 1])
        #expect(rows[2]?.elements == [0, 1])            // months with Breton activity
        #expect(try SmallModel.states(model, "Region", selection)
                == ["Bretagne": .selected, "Normandie": .alternative, "Pays de la Loire": .alternative])
        #expect(try SmallModel.states(model, "Line", selection) == ["Crèche": .possible, "EHPAD": .possible, "Dentaire": .excluded])
        #expect(try SmallModel.states(model, "Quarter", selection) == ["T1": .possible, "T2": .excluded])
        // Pays de la Loire (E4) has no activity: still an alternative, since Region's own selection is what excludes it.
        let months = try model.states(of: model.resolve("Calendar.Month"), selection: selection)
        #expect(months.map(\.frequency) == [1, 1, 0, 0])
    }

    @Test("selections in two fields: alternatives of each keep the other; selected values made impossible are selected-excluded")
    func twoFields() throws {
        let model = try SmallModel.make()
        var selection = Selection()
        selection.select(["Bretagne", "Normandie"], in: try model.resolve("Region"))
        selection.select(["Dentaire"], in: try model.resolve("Line"))
        #expect(try SmallModel.states(model, "Region", selection)
                == ["Bretagne": .selectedExcluded, "Normandie": .selected, "Pays de la Loire": .excluded])
        #expect(try SmallModel.states(model, "Line", selection) == ["Crèche": .alternative, "EHPAD": .alternative, "Dentaire": .selected])
        #expect(try SmallModel.states(model, "Year", selection) == ["2024": .possible])
        let establishment = try SmallModel.states(model, "Establishments.Establishment", selection)
        #expect(establishment == ["E1": .excluded, "E2": .excluded, "E3": .possible, "E4": .excluded])
    }

    @Test("a selection on the dimension side leaves a table beyond another link restricted only through the facts")
    func acrossTwoLinks() throws {
        let model = try SmallModel.make()
        var selection = Selection()
        selection.select(["T2"], in: try model.resolve("Quarter"))
        // April has no activity: nothing is possible in Activity, hence nothing in Establishments either.
        let rows = try model.possibleRows(selection)
        #expect(rows[0]?.isEmpty == true && rows[1]?.isEmpty == true && rows[2]?.elements == [3])
        #expect(try SmallModel.states(model, "Region", selection).values.allSatisfy { $0 == .excluded })
    }

    @Test("toggle, add, clear, clear all and lock")
    func editing() throws {
        let model = try SmallModel.make()
        let region = try model.resolve("Region"), line = try model.resolve("Line")
        var s = Selection()
        s.select(["Bretagne"], in: region)
        s.select(["Normandie", "Bretagne"], in: region, mode: .toggle)
        #expect(s.values(of: region) == ["Normandie"])
        s.select(["Bretagne"], in: region, mode: .add)
        #expect(s.values(of: region) == ["Bretagne", "Normandie"])
        s.lock(region)
        s.select(["Pays de la Loire"], in: region)
        s.clear(region)
        #expect(s.values(of: region) == ["Bretagne", "Normandie"])
        s.select(["EHPAD"], in: line)
        s.clearAll()
        #expect(s.values(of: line) == nil && s.values(of: region) == ["Bretagne", "Normandie"])
        s.lock(region, false)
        s.clearAll()
        #expect(s.isEmpty)
    }

    @Test("a state round-trips through JSON and a URL parameter")
    func serialisation() throws {
        let model = try SmallModel.make()
        var s = Selection()
        s.select(["Bretagne", "Pays de la Loire"], in: try model.resolve("Region"))
        s.select(["202401"], in: try model.resolve("Calendar.Month"))
        s.lock(try model.resolve("Region"))
        #expect(try Selection(json: s.json) == s)
        #expect(try Selection(urlParameter: s.urlParameter) == s)
        #expect(!s.urlParameter.contains("=") && !s.urlParameter.contains("+") && !s.urlParameter.contains("/"))
        #expect(try Selection(urlParameter: "") == Selection())
        #expect(throws: EngineError.self) { try Selection(urlParameter: "not-a-state") }
    }

    @Test("rights restrict every answer and hide the values outside them")
    func rights() throws {
        let model = try SmallModel.make()
        let rights = Rights(allowed: ["Establishments.Region": ["Normandie"]], hidden: ["Activity.Amount"])
        #expect(try SmallModel.states(model, "Region", Selection(), rights: rights) == ["Normandie": .possible])
        #expect(try SmallModel.states(model, "Line", Selection(), rights: rights) == ["Dentaire": .possible])
        // Selecting a region outside the rights selects nothing visible.
        var s = Selection()
        s.select(["Bretagne"], in: try model.resolve("Region"))
        #expect(try SmallModel.states(model, "Line", s, rights: rights) == ["Dentaire": .excluded])
        #expect(throws: EngineError.self) { try model.states(of: model.resolve("Amount"), selection: Selection(), rights: rights) }
    }

    @Test("a loop of links is refused, naming its tables and the way out")
    func loopRefused() throws {
        let model = try SmallModel.make()
        let error = #expect(throws: EngineError.self) {
            try DataModel(tables: model.tables, links: model.links + [
                Link(FieldReference(table: "Establishments", field: "Establishment"), FieldReference(table: "Calendar", field: "Quarter")),
            ])
        }
        #expect(error?.code == .invalidModel)
        #expect(error?.message.contains("Establishments → Activity → Calendar → Establishments") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("role-playing copy") == true)
    }

    @Test("link statistics give unmatched keys and the cardinality measured from the data")
    func linkStatistics() throws {
        let stats = try SmallModel.make().statistics()
        #expect(stats[0].unmatchedFrom == 1 && stats[0].unmatchedTo == 1 && stats[0].cardinality == "n:1")
        #expect(stats[1].unmatchedFrom == 0 && stats[1].unmatchedTo == 1 && stats[1].cardinality == "n:1")
    }

    @Test("fields use the narrowest code width and report their memory")
    func storage() throws {
        let small = EngineField.integer("x", (0..<300).map { Int64($0 % 7) })
        let wide = EngineField.integer("y", (0..<300).map { Int64($0) })
        let wider = EngineField.integer("z", (0..<70_000).map { Int64($0) })
        #expect(small.codes.width == 1 && wide.codes.width == 2 && wider.codes.width == 4)
        #expect(small.memory == 7 * 8 + 300 + 300 * 8)
        #expect(small.symbols.text(3) == "3" && small.symbols.code(of: "6") == 6 && small.symbols.code(of: "7") == nil)
        let dates = EngineField.date("d", [19_723, nil, 19_723])
        #expect(dates.symbols.text(0) == "2024-01-01" && dates.symbols.code(of: "01/01/2024") == 0 && dates.codes[1] == dates.nullCode)
    }
}

@Suite("Rows of a set of codes")
struct RowFilterTests {
    @Test("Bitset.rows gives the rows whose code is in the set, by whole words, by few bits of `within`, and on a last partial word")
    func rowsOfCodes() {
        var g = SeededGenerator(seed: 77)
        for codeCount in [3, 300, 70_000] {
            // Enough rows for the work to split across processors, and a last word of 37 rows.
            let n = 64 * 4_096 * 2 + 37
            let codes = (0..<n).map { _ in UInt32.random(in: 0..<UInt32(codeCount), using: &g) }
            let column = CodeColumn(codes: codes, codeCount: codeCount)
            var set = Bitset(count: codeCount)
            for code in 0..<codeCount where Int.random(in: 0..<3, using: &g) == 0 { set.insert(code) }
            // Rows `within`: words empty, sparse (a few bits) and dense, and the last partial word.
            var within = Bitset(count: n)
            for w in 0..<(n + 63) / 64 {
                let density = [0, 2, 40, 64][w % 4]
                for _ in 0..<density where w * 64 < n { within.insert(Swift.min(n - 1, w * 64 + Int.random(in: 0..<64, using: &g))) }
            }
            for bound in [nil, within] {
                let rows = Bitset.rows(of: column, in: set, within: bound)
                for r in 0..<n {
                    let expected = set.contains(Int(codes[r])) && (bound?.contains(r) ?? true)
                    if rows.contains(r) != expected {
                        Issue.record("codes \(codeCount), row \(r): \(rows.contains(r)) instead of \(expected)")
                        return
                    }
                }
            }
        }
    }
}
