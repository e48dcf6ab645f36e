// Hypercubes on the small model of SelectionTests, with answers worked out by hand.

import Testing
@testable import VigieEngine

@Suite("Hypercubes")
struct QueryTests {
    static func cube(_ model: DataModel, _ dimensions: [String], sort: [SortKey] = [], limit: Int? = nil,
                     suppressNulls: Bool = false) throws -> Hypercube {
        Hypercube(dimensions: try dimensions.map { try model.resolve($0) },
                  measures: [Measure("Amount", Aggregation(.sum, try model.resolve("Amount"))),
                             Measure("Establishments", Aggregation(.countDistinct, try model.resolve("Activity.Establishment")))],
                  sort: sort, limit: limit, suppressNulls: suppressNulls)
    }

    @Test("a dimension two tables away, sorted by measure, with the null line and totals over the rows")
    func byRegion() throws {
        let model = try SmallModel.make()
        let result = try model.query(try Self.cube(model, ["Region"], sort: [.measure(0, descending: true)]))
        #expect(result.lines.map(\.dimensions) == [["Bretagne"], ["Normandie"], [nil]])
        #expect(result.lines.map(\.measures) == [[350.5, 2], [75, 1], [11, 1]])
        // The total's distinct count is over the rows: E1, E2, E3, E9.
        #expect(result.totals == [436.5, 4])
        let suppressed = try model.query(try Self.cube(model, ["Region"], suppressNulls: true))
        #expect(suppressed.lines.map(\.dimensions) == [["Bretagne"], ["Normandie"]])
    }

    @Test("top N gathers the rest in an Others line computed over its rows")
    func topAndOthers() throws {
        let model = try SmallModel.make()
        let result = try model.query(try Self.cube(model, ["Activity.Month"], sort: [.measure(0, descending: true)], limit: 1))
        #expect(result.lines.count == 2)
        #expect(result.lines[0].dimensions == ["202401"] && result.lines[0].measures == [300, 2])
        #expect(result.lines[1].isOthers && result.lines[1].measures == [136.5, 3])
    }

    @Test("under a selection and rights, lines and totals only count what both allow")
    func selectionAndRights() throws {
        let model = try SmallModel.make()
        var selection = Selection()
        selection.select(["Crèche", "EHPAD"], in: try model.resolve("Line"))
        let rights = Rights(allowed: ["Establishments.Region": ["Bretagne"]])
        let result = try model.query(try Self.cube(model, ["Line"]), selection: selection, rights: rights)
        #expect(result.lines.map(\.dimensions) == [["Crèche"], ["EHPAD"]])
        #expect(result.lines.map(\.measures) == [[150.5, 1], [200, 1]])
        #expect(result.totals == [350.5, 2])
        #expect(throws: EngineError.self) {
            try model.query(try Self.cube(model, ["Line"]), rights: Rights(hidden: ["Activity.Amount"]))
        }
    }

    @Test("a dimension reached from one row to many is refused with the table and value that repeat")
    func oneToManyRefused() throws {
        let model = try SmallModel.make()
        let cube = Hypercube(dimensions: [try model.resolve("Line")],
                             measures: [Measure("Establishments", Aggregation(.countRows, try model.resolve("Region")))])
        let error = #expect(throws: EngineError.self) { try model.query(cube) }
        #expect(error?.message.contains("Activity.Establishment = E1 is on several rows") == true, "\(error?.message ?? "")")
    }
}
