// Oracle: DuckDB's read_csv (the oracles' venv, VIGIE_ORACLE_PYTHON, set by
// scripts/test) reads a generated messy French CSV with the same dialect and
// types; every value must equal Vigie's, compared in canonical text
// (decimals with their scale, dates yyyy-MM-dd, timestamps with six fraction
// digits, doubles bit-exactly).

import Foundation
import Testing
@testable import VigieLake
import VigieTestSupport

@Suite struct CSVOracleTests {
    static let schema: [CSVColumnSchema] = [
        .init(name: "id", type: .int), .init(name: "insee", type: .string), .init(name: "libelle", type: .string),
        .init(name: "montant", type: .decimal(scale: 2)), .init(name: "taux", type: .double), .init(name: "jour", type: .date),
        .init(name: "horodatage", type: .timestamp), .init(name: "present", type: .bool),
    ]

    /// `rows` rows of messy but valid data: quotes, separators and line breaks in text, accents, nulls, CRLF.
    static func messyFile(rows: Int) -> [UInt8] {
        var random = SeededGenerator(seed: 1_789)
        let words = ["Hôpital", "Crèche \"Les Écureuils\"", "EHPAD; aile B", "ligne\nsuivante", "fin\r\nde ligne", "", "Œuvre", "  espaces  ", "Total partiel"]
        func quoted(_ s: String) -> String {
            s.contains(";") || s.contains("\"") || s.contains("\n") || s.contains("\r") || s.hasPrefix(" ")
                ? "\"" + s.replacingOccurrences("\"", "\"\"") + "\"" : s
        }
        func two(_ v: UInt64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        var text = "id;insee;libelle;montant;taux;jour;horodatage;present\r\n"
        for id in 1...rows {
            let r = random.next()
            let cents = Int64(r % 10_000_000) - 5_000_000
            let amount = (cents < 0 ? "-" : "") + "\(abs(cents) / 100)," + two(UInt64(abs(cents) % 100))
            let rate = Double(Int64(bitPattern: random.next()) >> 30) / 1e6
            let day = r >> 24 % 28 + 1, month = r >> 29 % 12 + 1, year = 1990 + r >> 33 % 40
            let fields = [
                "\(id)",
                r % 7 == 0 ? "2A\(r >> 8 % 900 + 100)" : String(String(r >> 11 % 100_000 + 100_000).dropFirst()),
                quoted(words[Int(r >> 40 % UInt64(words.count))] + (r % 3 == 0 ? " n°\(id)" : "")),
                r % 11 == 0 ? "" : amount,
                r % 13 == 0 ? "" : "\(rate)".replacingOccurrences(".", ","),
                r % 17 == 0 ? "" : "\(two(day))/\(two(month))/\(year)",
                "\(two(day))/\(two(month))/\(year) \(two(r >> 45 % 24)):\(two(r >> 50 % 60)):\(two(r >> 56 % 60))",
                r % 19 == 0 ? "" : (r >> 3 & 1 == 0 ? "true" : "false"),
            ]
            text += fields.joined(separator: ";") + "\r\n"
        }
        return Array(text.utf8)
    }

    static let script = """
        import duckdb, json, sys
        rows = duckdb.sql(f\"\"\"SELECT * FROM read_csv('{sys.argv[1]}', delim=';', quote='"', escape='"', header=true,
            decimal_separator=',', dateformat='%d/%m/%Y', timestampformat='%d/%m/%Y %H:%M:%S',
            columns={{'id':'BIGINT','insee':'VARCHAR','libelle':'VARCHAR','montant':'DECIMAL(18,2)','taux':'DOUBLE',
                      'jour':'DATE','horodatage':'TIMESTAMP','present':'BOOLEAN'}})\"\"\").fetchall()
        def text(v):
            if v is None: return None
            if isinstance(v, bool): return 'true' if v else 'false'
            if isinstance(v, float): return repr(v)
            if hasattr(v, 'hour'): return v.strftime('%Y-%m-%dT%H:%M:%S.%f')
            if hasattr(v, 'isoformat'): return v.isoformat()
            return str(v)
        json.dump([[text(v) for v in row] for row in rows], sys.stdout, ensure_ascii=False)
        """

    @Test(.enabled(if: Oracle.isAvailable)) func duckDBReadsTheSameValues() throws {
        let bytes = Self.messyFile(rows: 3000)
        let path = NSTemporaryDirectory() + "vigie-csv-oracle-\(getpid()).csv"
        #expect(writeFile(path, bytes))
        defer { removeFile(path) }

        let data = try Oracle.run(code: Self.script, [path])
        let theirs = try #require(try JSONSerialization.jsonObject(with: data) as? [[Any]])

        // Vigie detects the dialect itself and is given the types.
        let ours = try CSVFixture.typed(bytes, schema: Self.schema, blockSize: 4096)
        #expect(ours.reader.reader.dialect.separator == UInt8(ascii: ";"))
        #expect(ours.reader.reader.dialect.decimalSeparator == UInt8(ascii: ","))
        #expect(ours.rejects.isEmpty, "\(ours.rejects.prefix(3))")
        #expect(ours.rows.count == theirs.count)
        var differences: [String] = []
        for (i, (row, other)) in zip(ours.rows, theirs).enumerated() {
            for (j, (value, expected)) in zip(row, other).enumerated() {
                let mine: String? = value == .null ? nil : value.description
                let same: Bool
                if case let .double(d) = value, let text = expected as? String, let e = Double(text) {
                    same = d.bitPattern == e.bitPattern
                } else {
                    same = mine == (expected as? String)
                }
                if !same { differences.append("line \(ours.lines[i]), \(Self.schema[j].name): Vigie \(mine ?? "null"), DuckDB \(expected)") }
            }
        }
        #expect(differences.isEmpty, "\(differences.count) differences, first: \(differences.prefix(5))")
    }
}
