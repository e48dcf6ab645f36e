// Inferring column types from a sample of rows, for `vigie ingest` without
// a declared schema. Each column keeps the types every non-empty value of
// the sample parses as, and the first of these wins:
//
//   bool       only the words oui/non, vrai/faux, true/false, yes/no (not 1/0 nor letters)
//   int        whole numbers, none written with a leading zero
//   decimal(s) numbers whose values with decimals all have s of them (s ≤ 6)
//   double     other numbers
//   date       dates, or date-times that are all at midnight without offset
//   timestamp  date-times
//   string     anything else
//
// A column with one number written with a leading zero (INSEE `01001`, a
// FINESS or account code) stays a string, as does one with letters (`2A004`).
// Empty fields are nulls: a column is nullable when the sample has one.

/// Infers a schema from sample rows.
public enum CSVSchemaInference {
    /// Rows looked at by default.
    public static let defaultSampleRows = 10_000
    /// The most decimals a column can have and still be a decimal rather than a double.
    public static let maxDecimalScale = 6

    /// What one column's values have shown so far.
    struct Evidence {
        var values = 0
        var nulls = 0
        var bool = true
        var int = true
        var decimal = true
        var double = true
        var date = true
        var timestamp = true
        var leadingZero = false
        /// Decimals written, over values that have some.
        var scales = Set<Int>()
        var digits = 0

        static let boolWords: [UInt64] = ["oui", "non", "vrai", "faux", "true", "false", "yes", "no"].map(CSVValueParser.packed)

        mutating func add(_ s: UnsafePointer<UInt8>, _ n: Int, parser: CSVValueParser) {
            if n == 0 {
                nulls += 1
                return
            }
            values += 1
            if bool { bool = Self.boolWords.contains(CSVValueParser.packedLowercase(s, n)) }
            if int || decimal || double {
                if let r = parser.scan(s, n) {
                    if r.leadingZero { leadingZero = true }
                    let scale = r.fractionDigits + (r.percent ? 2 : 0) - r.exponent
                    if int { int = r.fractionDigits == 0 && !r.percent && !r.hasExponent && parser.parseInt(s, n).value != nil }
                    if decimal {
                        if scale > 0 { scales.insert(scale) }
                        digits = max(digits, r.significantDigits + max(0, -scale))
                        decimal = !r.hasExponent && scale <= CSVSchemaInference.maxDecimalScale && digits <= 38
                    }
                    if double { double = parser.parseDouble(s, n).value != nil }
                } else {
                    int = false
                    decimal = false
                    double = false
                }
            }
            if date || timestamp {
                switch parser.scanDateTime(s, n, kind: "date") {
                case let .value(d):
                    if d.hasTime && (d.timeOfDay != 0 || d.offset != nil) { date = false }
                default:
                    date = false
                    timestamp = false
                }
            }
        }

        var type: CSVFieldType {
            if values == 0 || leadingZero { return .string }
            if bool { return .bool }
            if int { return .int }
            if decimal && scales.count <= 1 { return .decimal(scale: scales.first ?? 0) }
            if double { return .double }
            if date { return .date }
            if timestamp { return .timestamp }
            return .string
        }
    }

    /// Infers one column schema per header name from `records`.
    public static func infer<S: Sequence>(header: [String], records: S, dialect: CSVDialect) -> [CSVColumnSchema] where S.Element == CSVRecord {
        let parser = CSVValueParser(dialect: dialect)
        var evidence = [Evidence](repeating: Evidence(), count: header.count)
        for record in records {
            for column in 0..<min(header.count, record.fieldCount) {
                record.withFieldBytes(column) { field in
                    guard let base = field.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
                        evidence[column].nulls += 1
                        return
                    }
                    let (s, n) = CSVText.trimmed(base, field.count)
                    evidence[column].add(s, n, parser: parser)
                }
            }
        }
        return zip(header, evidence).map { name, e in
            CSVColumnSchema(name: name.trimmingSpaces, type: e.type, nullable: e.nulls > 0 || e.values == 0)
        }
    }

    /// Reads batches from `reader` until `rows` records are seen and infers the schema from them.
    /// The batches read are returned so that their rows can be ingested too.
    public static func infer(reading reader: CSVReader, rows: Int = defaultSampleRows) throws(LakeError) -> (schema: [CSVColumnSchema], batches: [CSVBatch]) {
        var batches: [CSVBatch] = []
        var seen = 0
        while seen < rows, let batch = try reader.nextBatch() {
            batches.append(batch)
            seen += batch.count
        }
        let sample = batches.lazy.flatMap { $0 }.prefix(rows)
        return (infer(header: reader.header, records: sample, dialect: reader.dialect), batches)
    }
}
