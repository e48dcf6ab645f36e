// Searches and conditions turned into values.

import Testing
@testable import VigieEngine

@Suite("Searches and conditions")
struct SearchTests {
    static let model: DataModel = {
        let t = try! EngineTable(name: "T", fields: [
            .text("Name", ["Crèche Les Écureuils", "EHPAD Saint-Éloi", "Centre dentaire", "Œuvre sociale", "crèche du Port", "Optique"]),
            .integer("Year", [2014, 2015, 2016, 2017, 2018, 2019]),
            .date("Day", [19_723, 19_724, 19_754, 19_783, 19_814, 19_845]),
            .number("Rate", [0.5, 1, 1.5, 10, 20, 20.5]),
        ])
        return try! DataModel(tables: [t], links: [])
    }()

    static func match(_ request: String, _ field: String) throws -> [String] {
        try model.values(matching: request, in: FieldReference(table: "T", field: field))
    }

    @Test("words starting with the text, ignoring case and accents")
    func words() throws {
        #expect(try Self.match("creche", "Name") == ["Crèche Les Écureuils", "crèche du Port"])
        #expect(try Self.match("ECUR", "Name") == ["Crèche Les Écureuils"])
        #expect(try Self.match("eloi", "Name") == ["EHPAD Saint-Éloi"])
        #expect(try Self.match("oeuvre", "Name") == ["Œuvre sociale"])
        #expect(try Self.match("cureuils", "Name") == [])
    }

    @Test("wildcards over the whole value")
    func wildcards() throws {
        #expect(try Self.match("cr*", "Name") == ["Crèche Les Écureuils", "crèche du Port"])
        #expect(try Self.match("*port", "Name") == ["crèche du Port"])
        #expect(try Self.match("?ptique", "Name") == ["Optique"])
        #expect(try Self.match("*", "Name").count == 6)
        #expect(try Self.match("201?", "Year") == ["2014", "2015", "2016", "2017", "2018", "2019"])
    }

    @Test("numeric conditions and ranges, on numbers and dates")
    func conditions() throws {
        #expect(try Self.match(">=2016", "Year") == ["2016", "2017", "2018", "2019"])
        #expect(try Self.match(">=2015<=2017", "Year") == ["2015", "2016", "2017"])
        #expect(try Self.match("2015..2016", "Year") == ["2015", "2016"])
        #expect(try Self.match("<>2014<2016", "Year") == ["2015"])
        #expect(try Self.match("1..20", "Rate") == ["1", "1.5", "10", "20"])
        #expect(try Self.match(">1,5", "Rate") == ["10", "20", "20.5"])
        #expect(try Self.match(">=2024-02-01", "Day") == ["2024-02-01", "2024-03-01", "2024-04-01", "2024-05-02"])
        #expect(try Self.match("01/01/2024..02/01/2024", "Day") == ["2024-01-01", "2024-01-02"])
    }

    @Test("conditions that cannot apply say why")
    func errors() throws {
        #expect { try Self.match(">=2016", "Name") } throws: { "\($0)".contains("holds text values") }
        #expect { try Self.match(">=abc", "Year") } throws: { "\($0)".contains("'abc'") }
        #expect { try Self.match(">=2016", "Day") } throws: { "\($0)".contains("not a date") }
    }
}
