// CSV files as they really arrive: dialects, quoting, line numbers, total
// lines, inference and the reasons given for bad rows. Fixtures are built
// here as bytes (Windows-1252 ones through CSVFixture.windows1252).

import Testing
@testable import VigieLake
import VigieTestSupport

@Suite struct CSVDialectTests {
    /// A French export: `;`, Windows-1252 accents, decimal comma, spaces between thousands, a total line.
    static let french = "Établissement;Ville;Coût (€);Date;Code INSEE\r\n"
        + "Hôpital Saint-Éloi;Nîmes;1 234,56;15/03/2024;30189\r\n"
        + "Crèche Les Écureuils;Ajaccio;12 345,00;01/02/2024;2A004\r\n"
        + "\"EHPAD \"\"Les Tilleuls\"\"; aile B\";Bourg-en-Bresse;-7,50;29/02/2024;01053\r\n"
        + "Total général;;13 572,06;;\r\n"

    @Test func frenchWindows1252Export() throws {
        let read = try CSVFixture.read(CSVFixture.windows1252(Self.french))
        #expect(read.dialect == CSVDialect(separator: UInt8(ascii: ";"), encoding: .windows1252, decimalSeparator: UInt8(ascii: ","),
                                           thousandsSeparator: .space, dateOrder: .dayMonthYear, hasHeader: true))
        #expect(read.header == ["Établissement", "Ville", "Coût (€)", "Date", "Code INSEE"])
        #expect(read.rows == [
            ["Hôpital Saint-Éloi", "Nîmes", "1 234,56", "15/03/2024", "30189"],
            ["Crèche Les Écureuils", "Ajaccio", "12 345,00", "01/02/2024", "2A004"],
            ["EHPAD \"Les Tilleuls\"; aile B", "Bourg-en-Bresse", "-7,50", "29/02/2024", "01053"],
        ])
        #expect(read.lines == [2, 3, 4])
        #expect(read.total?.line == 5)
        #expect(read.total?.evidence == .label("Total général"))
        #expect(read.rejects.isEmpty)
    }

    @Test func noBreakSpaceThousandsInWindows1252() throws {
        let text = "Libellé;Montant\nSoins;1\u{A0}234\u{A0}567,89\nRepas;12\u{A0}000,00\n"
        let read = try CSVFixture.read(CSVFixture.windows1252(text))
        #expect(read.dialect.encoding == .windows1252)
        #expect(read.dialect.thousandsSeparator == .noBreakSpace)
        let typed = try CSVFixture.typed(CSVFixture.windows1252(text))
        #expect(typed.reader.schema.map(\.type) == [.string, .decimal(scale: 2)])
        #expect(typed.rows.map { $0[1] } == [.decimal(123_456_789, scale: 2), .decimal(1_200_000, scale: 2)])
        #expect(typed.rows.map { $0[0] } == [.string("Soins"), .string("Repas")])
    }

    @Test func narrowNoBreakSpaceThousandsInUTF8() throws {
        let text = "Libellé;Montant\nSoins;1\u{202F}234,5\nRepas;999,25\nDons;12\u{202F}000\n"
        let read = try CSVFixture.read(CSVFixture.utf8(text))
        #expect(read.dialect.encoding == .utf8)
        #expect(read.dialect.thousandsSeparator == .narrowNoBreakSpace)
        #expect(read.dialect.decimalSeparator == UInt8(ascii: ","))
    }

    @Test func utf8WithByteOrderMark() throws {
        let read = try CSVFixture.read([0xEF, 0xBB, 0xBF] + CSVFixture.utf8("nom,montant,jour\nCrèche,12.5,2024-03-15\nEHPAD,7.25,2024-03-16\n"))
        #expect(read.dialect.encoding == .utf8WithBOM)
        #expect(read.dialect.separator == UInt8(ascii: ","))
        #expect(read.dialect.decimalSeparator == UInt8(ascii: "."))
        #expect(read.header == ["nom", "montant", "jour"])
        #expect(read.rows == [["Crèche", "12.5", "2024-03-15"], ["EHPAD", "7.25", "2024-03-16"]])
    }

    @Test(arguments: [(UInt8(0x09), "\t"), (UInt8(ascii: "|"), "|"), (UInt8(ascii: ","), ","), (UInt8(ascii: ";"), ";")])
    func separators(_ separator: UInt8, _ text: String) throws {
        let rows = [["code", "libellé", "montant"], ["01001", "L'Abergement, \"vieux\"; bourg", "12,5"], ["2A004", "Ajaccio | Corse", "3"]]
        let quoted = rows.map { row in
            row.map { field in
                field.contains(text) || field.contains("\"") || field.contains(",") ? "\"" + field.replacingOccurrences("\"", "\"\"") + "\"" : field
            }.joined(separator: text)
        }.joined(separator: "\n") + "\n"
        let read = try CSVFixture.read(CSVFixture.utf8(quoted))
        #expect(read.dialect.separator == separator)
        #expect(read.header == rows[0])
        #expect(read.rows == Array(rows.dropFirst()))
    }

    @Test func overridesWin() throws {
        let text = "a;b\n1,5;2\n"
        let read = try CSVFixture.read(CSVFixture.utf8(text), overrides: .init(separator: UInt8(ascii: ","), decimalSeparator: UInt8(ascii: "."), thousandsSeparator: .some(nil), hasHeader: false))
        #expect(read.dialect.separator == UInt8(ascii: ","))
        #expect(read.dialect.decimalSeparator == UInt8(ascii: "."))
        #expect(read.dialect.hasHeader == false)
        #expect(read.header == ["column1"])
        #expect(read.rows == [["a;b"]])
        #expect(read.rejects.map(\.reason) == ["has 2 fields, the first record has 1"])
    }

    @Test func headerlessFileIsDetected() throws {
        let read = try CSVFixture.read(CSVFixture.utf8("1;Crèche;12,5\n2;EHPAD;7,25\n"))
        #expect(read.dialect.hasHeader == false)
        #expect(read.header == ["column1", "column2", "column3"])
        #expect(read.lines == [1, 2])
    }

    @Test func dateOrderIsDetected() {
        #expect(CSVDialect.detect(sample: CSVFixture.utf8("d;n\n03/15/2024;1\n12/31/2024;2\n"), isWholeFile: true).dateOrder == .monthDayYear)
        #expect(CSVDialect.detect(sample: CSVFixture.utf8("d;n\n15/03/2024;1\n31/12/2024;2\n"), isWholeFile: true).dateOrder == .dayMonthYear)
        #expect(CSVDialect.detect(sample: CSVFixture.utf8("d;n\n01/02/2024;1\n"), isWholeFile: true).dateOrder == .dayMonthYear)
    }

    @Test func utf16IsRefused() {
        #expect(throws: LakeError.self) { try CSVReader(bytes: [0xFF, 0xFE, 0x61, 0x00], name: "u16.csv") }
    }
}

@Suite struct CSVReaderTests {
    /// Quoted separators, doubled quotes and line breaks (LF and CRLF) inside quotes, no final line break.
    static let quoted = "id;note;n\n"
        + "1;\"a;b\";2\n"
        + "2;\"multi\nline\r\nthree\";3\r\n"
        + "3;\"he said \"\"hi\"\"\";4\n"
        + "\n"
        + "4;plain \"inch\";5"

    @Test(arguments: [1, 3, 7, 16, 64, 4 << 20])
    func quotedFieldsAndLineNumbers(blockSize: Int) throws {
        let read = try CSVFixture.read(CSVFixture.utf8(Self.quoted), overrides: .init(separator: UInt8(ascii: ";")), blockSize: blockSize)
        #expect(read.rows == [
            ["1", "a;b", "2"],
            ["2", "multi\nline\r\nthree", "3"],
            ["3", "he said \"hi\"", "4"],
            ["4", "plain \"inch\"", "5"],
        ])
        #expect(read.lines == [2, 3, 6, 8])
        #expect(read.rejects.isEmpty)
    }

    @Test func loneCarriageReturnsEndRecords() throws {
        let read = try CSVFixture.read(CSVFixture.utf8("a;b\r1;2\r3;4\r"), overrides: .init(separator: UInt8(ascii: ";")))
        #expect(read.rows == [["1", "2"], ["3", "4"]])
        #expect(read.lines == [2, 3])
    }

    @Test func fieldsAreByteRangesOfTheBlock() throws {
        let reader = try CSVReader(bytes: CSVFixture.utf8("a;b\nxy;\"q\"\"z\"\n"), overrides: .init(separator: UInt8(ascii: ";")))
        let batch = try #require(try reader.nextBatch())
        let record = batch[0]
        #expect(Array(batch.bytes[record.fieldRange(0)]) == Array("xy".utf8))
        #expect(Array(batch.bytes[record.fieldRange(1)]) == Array("q\"\"z".utf8))
        #expect(record.isEscaped(1))
        #expect(record.text(1) == "q\"z")
        #expect(record.rawText == "xy;\"q\"\"z\"")
    }

    @Test func structuralRejectsNameLineAndReason() throws {
        let text = "a;b;c\n1;2;3\n4;5\n6;\"x\"y;7\n8;9;10\n11;\"open;12\n13;14;15\n"
        let read = try CSVFixture.read(CSVFixture.utf8(text), overrides: .init(separator: UInt8(ascii: ";")))
        #expect(read.rows == [["1", "2", "3"], ["8", "9", "10"]])
        #expect(read.rejects.map(\.line) == [3, 4, 6])
        #expect(read.rejects[0].reason == "has 2 fields, the header has 3")
        #expect(read.rejects[0].rawText == "4;5")
        #expect(read.rejects[1].reason == "text after the closing quote of column 2: 'y'")
        #expect(read.rejects[2].reason == "the quote opened in column 2 on line 6 is never closed")
        #expect(read.rejects[2].rawText == "11;\"open;12\n13;14;15\n")
        #expect(read.rejects[0].description == "test.csv, line 3: has 2 fields, the header has 3")
    }

    @Test func invalidUTF8IsARejectNamingTheByte() throws {
        var bytes = CSVFixture.utf8("nom;ville\nA;Nîmes\nB;N")
        let offset = bytes.count
        bytes += [0xEE, 0x6D, 0x65, 0x73] + CSVFixture.utf8("\nC;Lyon\n")
        let read = try CSVFixture.read(bytes, overrides: .init(encoding: .utf8))
        #expect(read.rows == [["A", "Nîmes"], ["C", "Lyon"]])
        #expect(read.rejects.count == 1)
        #expect(read.rejects[0].reason == "invalid UTF-8 at byte \(offset)")
        #expect(read.rejects[0].line == 3)
        #expect(read.rejects[0].column == 2)
        #expect(read.rejects[0].columnName == "ville")
        #expect(read.rejects[0].error.description == "test.csv, line 3, column 2 (ville): invalid UTF-8 at byte \(offset)")
    }

    @Test func blankRecordsAreSkipped() throws {
        let read = try CSVFixture.read(CSVFixture.utf8("a;b\n1;2\n;\n  ; \n\n3;4\n"), overrides: .init(separator: UInt8(ascii: ";")))
        #expect(read.rows == [["1", "2"], ["3", "4"]])
        #expect(read.lines == [2, 6])
        #expect(read.blank == 2)
    }

    @Test func headerNamesAreTrimmedAndUnique() throws {
        let read = try CSVFixture.read(CSVFixture.utf8(" Code ;Nom; ;Nom\n1;a;b;c\n"), overrides: .init(separator: UInt8(ascii: ";")))
        #expect(read.header == ["Code", "Nom", "column3", "Nom_2"])
    }

    @Test func longRecordsStopCleanly() {
        let bytes = CSVFixture.utf8("a;b\n1;\"" + String(repeating: "x", count: 5000))
        #expect(throws: LakeError.self) {
            let reader = try CSVReader(bytes: bytes + CSVFixture.utf8(String(repeating: "y", count: 70_000)), blockSize: 64, maxRecordBytes: 1000)
            while try reader.nextBatch() != nil {}
        }
    }

    @Test func readsFiles() throws {
        let path = "/tmp/vigie-csv-\(UInt64.random(in: 0...UInt64.max)).csv"
        let text = "id;montant\n" + (1...20000).map { "\($0);\($0),50" }.joined(separator: "\n") + "\n"
        #expect(writeFile(path, CSVFixture.utf8(text)))
        defer { removeFile(path) }
        let reader = try CSVReader(path: path, blockSize: 4096)
        var lines: [Int] = []
        var batches = 0
        while let batch = try reader.nextBatch() {
            lines += batch.lines
            batches += 1
        }
        #expect(lines == Array(2...20001))
        #expect(batches > 10)
        #expect(throws: LakeError.self) { try CSVReader(path: path + ".missing") }
    }
}

@Suite struct CSVTotalLineTests {
    @Test(arguments: ["Total;;13 572,06", "TOTAL;;13572,06", "Total général;;13 572,06", "  total : ;;", "Totaux;;1"])
    func labelledTotals(_ last: String) throws {
        let text = "nom;n;montant\nA;1;1 234,56\nB;2;12 337,50\n" + last + "\n"
        let typed = try CSVFixture.typed(CSVFixture.utf8(text))
        #expect(typed.rows.count == 2)
        if case .label = typed.reader.totalLine?.evidence {} else { Issue.record("no labelled total line for \(last)") }
        #expect(typed.reader.totalLine?.line == 4)
        #expect(typed.rejects.isEmpty)
    }

    @Test func supplierNamedTotalIsData() throws {
        let typed = try CSVFixture.typed(CSVFixture.utf8("fournisseur;montant\nEDF;12,50\nTotalEnergies;7,25\n"))
        #expect(typed.rows.count == 2)
        #expect(typed.reader.totalLine == nil)
    }

    @Test func unlabelledTotalConfirmedBySums() throws {
        // A shorter line of numbers only: the sums of `n` and `montant`.
        let text = "nom;n;montant;taux\nA;1;1 234,56;0,5\nB;2;12 337,50;0,25\n3;13 572,06\n"
        let typed = try CSVFixture.typed(CSVFixture.utf8(text))
        #expect(typed.rows.count == 2)
        #expect(typed.reader.totalLine?.evidence == .columnSums)
        #expect(typed.reader.totalLine?.line == 4)
        #expect(typed.rejects.isEmpty)
    }

    @Test func alignedTotalWithEmptyFirstField() throws {
        let text = "nom;n;montant\nA;1;1 234,56\nB;2;12 337,50\n;3;13 572,06\n"
        let typed = try CSVFixture.typed(CSVFixture.utf8(text), blockSize: 8)
        #expect(typed.rows.count == 2)
        #expect(typed.reader.totalLine?.evidence == .columnSums)
    }

    @Test func numbersThatAreNotSumsStayData() throws {
        let text = "nom;n;montant\nA;1;1 234,56\nB;2;12 337,50\n;3;99,00\n"
        let typed = try CSVFixture.typed(CSVFixture.utf8(text))
        #expect(typed.rows.count == 3)
        #expect(typed.rows[2] == [.null, .int(3), .decimal(9900, scale: 2)])
        #expect(typed.reader.totalLine == nil)
        let short = try CSVFixture.typed(CSVFixture.utf8("nom;n;montant\nA;1;1 234,56\nB;2;12 337,50\n3;99,00\n"))
        #expect(short.rows.count == 2)
        #expect(short.reader.totalLine == nil)
        #expect(short.rejects.map(\.reason) == ["has 2 fields, the header has 3"])
    }
}

@Suite struct CSVInferenceTests {
    @Test func frenchExportSchema() throws {
        let typed = try CSVFixture.typed(CSVFixture.windows1252(CSVDialectTests.french))
        #expect(typed.reader.schema == [
            CSVColumnSchema(name: "Établissement", type: .string, nullable: false),
            CSVColumnSchema(name: "Ville", type: .string, nullable: false),
            CSVColumnSchema(name: "Coût (€)", type: .decimal(scale: 2), nullable: false),
            CSVColumnSchema(name: "Date", type: .date, nullable: false),
            CSVColumnSchema(name: "Code INSEE", type: .string, nullable: false),
        ])
        #expect(typed.rows[0] == [.string("Hôpital Saint-Éloi"), .string("Nîmes"), .decimal(123_456, scale: 2), .date(19797), .string("30189")])
        #expect(typed.rows[2][0] == .string("EHPAD \"Les Tilleuls\"; aile B"))
        #expect(typed.rows[2][4] == .string("01053"))
    }

    @Test func codesStayText() throws {
        let typed = try CSVFixture.typed(CSVFixture.utf8("insee;dept;n\n01001;01;1\n75056;75;2\n"))
        #expect(typed.reader.schema.map(\.type) == [.string, .string, .int])
        #expect(typed.rows.map { $0[0] } == [.string("01001"), .string("75056")])
        let corsica = try CSVFixture.typed(CSVFixture.utf8("insee;n\n75056;1\n2A004;2\n"))
        #expect(corsica.reader.schema[0].type == .string)
    }

    @Test func typesOfColumns() throws {
        let text = """
            entier;montant;ratio;flag;jour;horodatage;minuit;vide;pct
            1;12,50;0,125;oui;15/03/2024;15/03/2024 10:30;15/03/2024 00:00:00;;12,5 %
            -2;3;1,5;Non;01/01/24;2024-03-15T10:30:00Z;2024-03-16;;3 %
            3;;2;;2024-12-31;2024-03-15 08:00:00.250;;;

            """
        let typed = try CSVFixture.typed(CSVFixture.utf8(text))
        #expect(typed.reader.schema.map(\.type) == [.int, .decimal(scale: 2), .double, .bool, .date, .timestamp, .date, .string, .double])
        #expect(typed.reader.schema.map(\.nullable) == [false, true, false, true, false, false, true, true, true])
        #expect(typed.rows[0][2] == .double(0.125))
        #expect(typed.rows[1][4] == .date(19723))
        #expect(typed.rows[0][5].description == "2024-03-15T10:30:00.000000")
        #expect(typed.rows[2][5].description == "2024-03-15T08:00:00.250000")
        #expect(typed.rows[0][8] == .double(0.125))
    }

    @Test func failingFieldsAreRejectsWithReasons() throws {
        let schema = [
            CSVColumnSchema(name: "code", type: .string, nullable: false),
            CSVColumnSchema(name: "montant", type: .decimal(scale: 2)),
            CSVColumnSchema(name: "jour", type: .date),
        ]
        let text = "code;montant;jour\nA;12,50;15/03/2024\nB;12,5,3;15/03/2024\nC;1;31/02/2024\n;2;01/01/2024\nD;1,234;x\nE;7;29/02/2024\n"
        let typed = try CSVFixture.typed(CSVFixture.utf8(text), schema: schema)
        #expect(typed.lines == [2, 7])
        #expect(typed.rejects.map(\.description) == [
            "test.csv, line 3, column 2 (montant): not a number: '12,5,3'",
            "test.csv, line 4, column 3 (jour): day 31 does not exist in month 02 of 2024: '31/02/2024'",
            "test.csv, line 5, column 1 (code): required value missing",
            "test.csv, line 6, column 2 (montant): '1,234' has 3 decimals, the column has 2",
            "test.csv, line 6, column 3 (jour): not a date: 'x'",
        ])
        #expect(typed.rejects[0].rawText == "B;12,5,3;15/03/2024")
        #expect(typed.rejects[0].error.code == .corrupt)
    }
}

@Suite struct CSVValueParserTests {
    static let french = CSVValueParser(dialect: CSVDialect(thousandsSeparator: .space))
    static let english = CSVValueParser(dialect: CSVDialect(separator: UInt8(ascii: ","), decimalSeparator: UInt8(ascii: "."), thousandsSeparator: .comma, dateOrder: .monthDayYear))

    @Test(arguments: [
        ("12", CSVParsed<Int64>.value(12)), ("-0012", .value(-12)), ("+7", .value(7)), ("1 234 567", .value(1_234_567)),
        ("1\u{A0}234", .value(1234)), ("1\u{202F}234", .value(1234)), ("  42 ", .value(42)), ("12,00", .value(12)), ("", .null), ("   ", .null),
        ("9223372036854775807", .value(Int64.max)), ("-9223372036854775808", .value(Int64.min)),
        ("9223372036854775808", .invalid("integer out of range: '9223372036854775808'")),
        ("12,5", .invalid("not an integer: '12,5'")), ("12 34", .invalid("not a number: '12 34'")),
        ("1.234", .invalid("not a number: '1.234'")), ("abc", .invalid("not a number: 'abc'")), ("-", .invalid("not a number: '-'")),
    ])
    func integers(_ text: String, _ expected: CSVParsed<Int64>) {
        var t = text
        #expect(t.withUTF8 { Self.french.parseInt(UnsafeRawBufferPointer($0)) } == expected)
    }

    @Test(arguments: [
        ("12,5", 2, CSVParsed<Int128>.value(1250)), ("-1 234,56", 2, .value(-123_456)), ("0,1", 3, .value(100)),
        ("12,340", 2, .value(1234)), ("12,345", 2, .invalid("'12,345' has 3 decimals, the column has 2")),
        ("12,5 %", 3, .value(125)), ("1,5e3", 0, .value(1500)),
        ("12345678901234567890123,45", 2, .value(1_234_567_890_123_456_789_012_345)),
        ("99999999999999999999999999999999999999", 0, .value(Int128("99999999999999999999999999999999999999")!)),
        ("999999999999999999999999999999999999999", 0, .invalid("number out of range (38 digits): '999999999999999999999999999999999999999'")),
        ("12,5,3", 2, .invalid("not a number: '12,5,3'")),
    ])
    func decimals(_ text: String, _ scale: Int, _ expected: CSVParsed<Int128>) {
        var t = text
        #expect(t.withUTF8 { Self.french.parseDecimal(UnsafeRawBufferPointer($0), scale: scale) } == expected)
    }

    @Test func doublesAndBooleans() {
        #expect(Self.french.parse("1 234,5", as: .double) == .value(.double(1234.5)))
        #expect(Self.french.parse("-2,5E-3", as: .double) == .value(.double(-0.0025)))
        #expect(Self.french.parse("50 %", as: .double) == .value(.double(0.5)))
        #expect(Self.english.parse("1,234.5", as: .double) == .value(.double(1234.5)))
        #expect(Self.english.parse("1,23.5", as: .double) == .invalid("not a number: '1,23.5'"))
        #expect(Self.french.parse("1e400", as: .double) == .invalid("number out of range: '1e400'"))
        for (text, value) in [("oui", true), ("NON", false), ("Vrai", true), ("faux", false), ("true", true), ("False", false), ("1", true), ("0", false), ("O", true), ("n", false)] {
            #expect(Self.french.parse(text, as: .bool) == .value(.bool(value)), "\(text)")
        }
        #expect(Self.french.parse("peut-être", as: .bool) == .invalid("not a boolean: 'peut-être'"))
    }

    @Test(arguments: [
        ("15/03/2024", "2024-03-15"), ("5/3/2024", "2024-03-05"), ("15-03-2024", "2024-03-15"), ("15.03.2024", "2024-03-15"),
        ("15/03/24", "2024-03-15"), ("15/03/68", "2068-03-15"), ("15/03/69", "1969-03-15"), ("2024-03-15", "2024-03-15"),
        ("2024/3/5", "2024-03-05"), ("29/02/2000", "2000-02-29"), ("01/01/1900", "1900-01-01"), ("15/03/2024 00:00", "2024-03-15"),
        ("15/03/2024 00:00:00", "2024-03-15"), ("2024-03-15T00:00:00.000", "2024-03-15"),
    ])
    func dates(_ text: String, _ expected: String) {
        #expect(Self.french.parse(text, as: .date).value?.description == expected)
    }

    @Test(arguments: [
        ("31/02/2024", "day 31 does not exist in month 02 of 2024: '31/02/2024'"),
        ("29/02/2023", "day 29 does not exist in month 02 of 2023: '29/02/2023'"),
        ("15/13/2024", "month 13 does not exist: '15/13/2024'"),
        ("15/03/2024 10:30", "'15/03/2024 10:30' has a time of day, the column holds dates"),
        ("15/03/202", "year of 3 digits in '15/03/202': write 2 or 4"),
        ("15/03-2024", "not a date: '15/03-2024'"),
        ("2024-03-15 25:00", "hour 25 does not exist: '2024-03-15 25:00'"),
        ("mars 2024", "not a date: 'mars 2024'"),
    ])
    func badDates(_ text: String, _ reason: String) {
        #expect(Self.french.parse(text, as: .date) == .invalid(reason))
    }

    @Test(arguments: [
        ("15/03/2024 10:30", "2024-03-15T10:30:00.000000"), ("15/03/2024 10:30:15", "2024-03-15T10:30:15.000000"),
        ("15/03/2024 10:30:15.5", "2024-03-15T10:30:15.500000"), ("15/03/2024 10:30:15,123456", "2024-03-15T10:30:15.123456"),
        ("2024-03-15T10:30:00Z", "2024-03-15T10:30:00.000000"), ("2024-03-15T10:30:00+02:00", "2024-03-15T08:30:00.000000"),
        ("2024-03-15T00:30:00-0130", "2024-03-15T02:00:00.000000"), ("2024-03-15 10:30:00.123000000", "2024-03-15T10:30:00.123000"),
        ("15/03/2024", "2024-03-15T00:00:00.000000"), ("1969-12-31T23:59:59.999999", "1969-12-31T23:59:59.999999"),
    ])
    func timestamps(_ text: String, _ expected: String) {
        #expect(Self.french.parse(text, as: .timestamp).value?.description == expected)
    }

    @Test func monthFirstDates() {
        #expect(Self.english.parse("03/15/2024", as: .date).value?.description == "2024-03-15")
        #expect(Self.english.parse("15/03/2024", as: .date) == .invalid("month 15 does not exist: '15/03/2024'"))
    }

    @Test func windows1252Text() {
        let parser = CSVValueParser(dialect: CSVDialect(encoding: .windows1252))
        let bytes = CSVFixture.windows1252("Crèche “Les Écureuils” – 12 € ‰ Ÿ")
        #expect(bytes.withUnsafeBytes { parser.text($0) } == "Crèche “Les Écureuils” – 12 € ‰ Ÿ")
        let all = (0...255).map { UInt8($0) }
        let decoded = all.withUnsafeBytes { parser.text($0) }
        #expect(decoded.unicodeScalars.count == 256)
        #expect(Array(decoded.unicodeScalars)[0x81] == "\u{81}")
    }

    /// Property: integers, decimals and doubles formatted by Swift (then written with a decimal
    /// comma and grouped thousands) parse back to the same value.
    @Test func numbersRoundTripSwiftFormatting() {
        var random = SeededGenerator(seed: 20_240_315)
        func grouped(_ digits: String, _ separator: String) -> String {
            var out = ""
            for (i, c) in digits.enumerated() {
                if i > 0 && (digits.count - i) % 3 == 0 { out += separator }
                out.append(c)
            }
            return out
        }
        let spaces = ["\u{20}", "\u{A0}", "\u{202F}"]
        for _ in 0..<5000 {
            let v = Int64(bitPattern: random.next()) >> Int(random.next() % 64)
            let text = (v < 0 ? "-" : "") + grouped(String(v.magnitude), spaces[Int(random.next() % 3)])
            #expect(Self.french.parse(text, as: .int) == .value(.int(v)), "\(text)")

            let scale = Int(random.next() % 7)
            let unscaled = Int128(Int64(bitPattern: random.next()) >> Int(random.next() % 64)) * Int128(random.next() % 1000 + 1)
            var plain = String(unscaled.magnitude)
            if plain.count <= scale { plain = String(repeating: "0", count: scale - plain.count + 1) + plain }
            let cut = plain.index(plain.endIndex, offsetBy: -scale)
            let written = (unscaled < 0 ? "-" : "") + grouped(String(plain[..<cut]), " ") + (scale > 0 ? "," + plain[cut...] : "")
            #expect(Self.french.parse(written, as: .decimal(scale: scale)) == .value(.decimal(unscaled, scale: scale)), "\(written)")

            let d = Double(bitPattern: random.next())
            guard d.isFinite else { continue }
            let swift = "\(d)"
            #expect(Self.french.parse(swift.replacingOccurrences(".", ","), as: .double) == .value(.double(d)), "\(swift)")
            #expect(Self.english.parse(swift, as: .double) == .value(.double(d)), "\(swift)")
            let cents = Double(Int64(bitPattern: random.next()) >> 20) / 100
            #expect(Self.french.parse("\(cents)".replacingOccurrences(".", ","), as: .double) == .value(.double(cents)))
        }
    }
}

extension String {
    /// `self` with every `target` replaced (no Foundation needed in the tests).
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
