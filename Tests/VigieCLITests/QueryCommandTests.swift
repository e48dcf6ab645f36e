// `vigie query` as a user runs it: two CSV exports ingested into the lake,
// an app linking them, then queries and value states from the shell.

import Foundation
import Testing

@Suite("vigie query")
struct QueryCommandTests {
    static func workspace() throws -> String {
        let root = NSTemporaryDirectory() + "vigie-cli-query-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        _ = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["init", root])
        try """
            structure;ligne;mois;montant;patient;jour
            S01;Crèche;2024-01;1 200,50;P1;2024-01-15
            S01;Crèche;2024-02;800,00;P2;2024-02-10
            S02;EHPAD;2024-01;3 000,00;P1;2024-01-20
            S03;Dentaire;2024-02;150,25;P3;2024-02-05
            S03;EHPAD;2024-02;2 500,00;P4;2024-02-28
            S09;Optique;2024-03;99,99;P5;2024-03-31
            """.write(toFile: root + "/activite.csv", atomically: true, encoding: .utf8)
        try """
            code;nom;region
            S01;Les Écureuils;Bretagne
            S02;Les Tilleuls;Bretagne
            S03;Centre dentaire du Port;Normandie
            S04;Optique Saint-Éloi;Pays de la Loire
            """.write(toFile: root + "/structures.csv", atomically: true, encoding: .utf8)
        for (table, file) in [("activite", "activite.csv"), ("structures", "structures.csv")] {
            let r = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["ingest", "-w", root, "--table", table, "--progress", "none", root + "/" + file])
            #expect(r.status == 0, "\(r.stderr)")
        }
        try """
            name: Activité
            tables:
              - name: Activity
                lake: activite
              - name: Structures
                lake: structures
            links:
              - Activity.structure = Structures.code
            calendar: {field: jour}
            """.write(toFile: root + "/apps/activite.yaml", atomically: true, encoding: .utf8)
        return root
    }

    @Test("a measure by a dimension of a linked table, under a selection, as CSV with its total line")
    func query() throws {
        let root = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try ParquetCommandTests.run(ParquetCommandTests.vigie, [
            "query", "-w", root, "activite", "--dim", "region", "--measure", "Sum(montant)", "--measure", "Count(distinct patient)",
            "--select", "ligne=EHPAD,Crèche", "--format", "csv",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            region,Sum(montant),Count(distinct patient)
            Bretagne,5000.5,2
            Normandie,2500,1
            Total,7500.5,3

            """, "\(r.stdout)")
    }

    @Test("month names come in calendar order, in a query's lines and in a field's states, as on the pages")
    func calendarOrder() throws {
        let root = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let lines = try ParquetCommandTests.run(ParquetCommandTests.vigie, [
            "query", "-w", root, "activite", "--dim", "MonthName", "--measure", "Count(patient)", "--format", "csv",
        ])
        #expect(lines.status == 0, "\(lines.stderr)")
        #expect(lines.stdout == """
            MonthName,Count(patient)
            janvier,2
            février,3
            mars,1
            Total,6

            """, "\(lines.stdout)")
        let states = try ParquetCommandTests.run(ParquetCommandTests.vigie, [
            "query", "-w", root, "activite", "--states", "MonthName", "--select", "ligne=EHPAD", "--format", "csv",
        ])
        #expect(states.status == 0, "\(states.stderr)")
        #expect(states.stdout.split(separator: "\n").map { $0.split(separator: ",").first.map(String.init) ?? "" }
            == ["MonthName", "janvier", "février", "mars"], "\(states.stdout)")
    }

    @Test("--states lists each value's state and frequency; conditions and searches select")
    func states() throws {
        let root = try Self.workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try ParquetCommandTests.run(ParquetCommandTests.vigie, [
            "query", "-w", root, "activite", "--states", "region", "--select", "montant=>=1000", "--select", "nom=*tilleuls", "--format", "csv",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            region,state,frequency
            Bretagne,possible,1
            Normandie,excluded,0
            Pays de la Loire,excluded,0

            """, "\(r.stdout)")
        let bad = try ParquetCommandTests.run(ParquetCommandTests.vigie, ["query", "-w", root, "activite", "--states", "région"])
        #expect(bad.status != 0 && bad.stderr.contains("no field région"), "\(bad.stderr)")
    }
}
