// Deterministic test data: a seeded generator and a table with one column
// of every type the writer supports, nulls included.

@testable import Parquet
import VigieTestSupport

/// A table of every writable type.
struct TestTable {
    var fields: [ParquetField] = []
    var columns: [ColumnData] = []

    static let words = ["crèche", "EHPAD Les Tilleuls", "Hôpital Saint-Éloi", "", "東京", "Москва", "🦷 dentaire", "optique, audition",
                        "quote \" inside", "line\nbreak", "Pays de la Loire", "Bretagne"]

    /// `rows` rows; `distinctStrings` bounds the high-cardinality text column.
    static func make(rows: Int, seed: UInt64 = 42, distinctStrings: Int = 1000) -> TestTable {
        var g = SeededGenerator(seed: seed)
        var t = TestTable()
        func add(_ field: ParquetField, nullRate: Double, _ make: (inout SeededGenerator, Int) -> Any) {
            var validity: [Bool] = []
            var bools: [Bool] = [], i32: [Int32] = [], i64: [Int64] = [], f32: [Float] = [], f64: [Double] = []
            var bytes = ByteArrays()
            var fixed: [UInt8] = []
            for row in 0..<rows {
                let isNull = field.isNullable && Double(g.next() % 1000) / 1000 < nullRate
                validity.append(!isNull)
                if isNull { continue }
                switch make(&g, row) {
                case let v as Bool: bools.append(v)
                case let v as Int32: i32.append(v)
                case let v as Int64: i64.append(v)
                case let v as Float: f32.append(v)
                case let v as Double: f64.append(v)
                case let v as String: bytes.append(utf8: v)
                case let v as [UInt8]:
                    if field.physicalType == .fixedLenByteArray { fixed.append(contentsOf: v) } else { v.withUnsafeBytes { bytes.append($0) } }
                default: fatalError("unexpected test value")
                }
            }
            let values: ColumnValues
            switch field.physicalType {
            case .boolean: values = .boolean(bools)
            case .int32: values = .int32(i32)
            case .int64: values = .int64(i64)
            case .float: values = .float(f32)
            case .double: values = .double(f64)
            case .byteArray: values = .byteArray(bytes)
            default: values = .fixed(width: field.typeLength, bytes: fixed)
            }
            t.fields.append(field)
            t.columns.append(ColumnData(descriptor: field.descriptor(index: t.fields.count - 1), values: values,
                                        validity: validity.contains(false) ? validity : nil, rowCount: rows))
        }
        let specials: [Double] = [.nan, .infinity, -.infinity, -0.0, 0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1e-300]
        add(.int64("id", nullable: false), nullRate: 0) { _, row in Int64(row) }
        add(.boolean("flag"), nullRate: 0.1) { g, _ in g.next() % 2 == 0 }
        add(.int32("small"), nullRate: 0.1) { g, _ in Int32(truncatingIfNeeded: g.next() % 20) - 10 }
        add(.int32("int32"), nullRate: 0.05) { g, row in row < 2 ? (row == 0 ? Int32.min : Int32.max) : Int32(truncatingIfNeeded: g.next()) }
        add(.int64("int64"), nullRate: 0.05) { g, row in row < 2 ? (row == 0 ? Int64.min : Int64.max) : Int64(bitPattern: g.next()) }
        add(ParquetField(name: "uint8", physicalType: .int32, logicalType: .integer(bitWidth: 8, isSigned: false)), nullRate: 0.1) { g, _ in Int32(g.next() % 256) }
        add(ParquetField(name: "uint64", physicalType: .int64, logicalType: .integer(bitWidth: 64, isSigned: false)), nullRate: 0.1) { g, row in
            row == 0 ? Int64(-1) : Int64(bitPattern: g.next())
        }
        add(.float("float"), nullRate: 0.1) { g, row in row < specials.count ? Float(specials[row]) : Float(Int64(g.next() % 2_000_001) - 1_000_000) / 7 }
        add(.double("double"), nullRate: 0.1) { g, row in row < specials.count ? specials[row] : Double(Int64(bitPattern: g.next())) / 1e9 }
        add(.string("line"), nullRate: 0.1) { g, _ in words[Int(g.next() % UInt64(words.count))] }
        add(.string("patient"), nullRate: 0.02) { g, _ in "P" + String(g.next() % UInt64(distinctStrings)) }
        add(.binary("blob"), nullRate: 0.1) { g, _ in (0..<Int(g.next() % 5)).map { _ in UInt8(truncatingIfNeeded: g.next()) } }
        add(ParquetField(name: "fixed16", physicalType: .fixedLenByteArray, typeLength: 16), nullRate: 0.1) { g, _ in
            (0..<16).map { _ in UInt8(truncatingIfNeeded: g.next()) }
        }
        add(.date("day"), nullRate: 0.1) { g, row in row == 0 ? Int32(CivilDate.days(year: 1, month: 1, day: 1)) : Int32(16_000 + Int(g.next() % 1100)) }
        add(.timestamp("at_ms", unit: .millis, utc: true), nullRate: 0.1) { g, _ in 1_600_000_000_000 + Int64(g.next() % 100_000_000_000) }
        add(.timestamp("at_us", unit: .micros, utc: false), nullRate: 0.1) { g, _ in 1_600_000_000_000_000 + Int64(g.next() % 100_000_000_000_000) }
        add(.timestamp("at_ns", unit: .nanos, utc: true), nullRate: 0.1) { g, _ in 1_600_000_000_000_000_000 + Int64(g.next() % 100_000_000_000_000_000) }
        add(ParquetField(name: "time_us", physicalType: .int64, logicalType: .time(isAdjustedToUTC: false, unit: .micros)), nullRate: 0.1) { g, _ in
            Int64(g.next() % 86_400_000_000)
        }
        add(.decimal("price", precision: 9, scale: 2), nullRate: 0.1) { g, _ in Int32(Int64(g.next() % 2_000_000_001) - 1_000_000_000) / 3 }
        add(.decimal("amount", precision: 18, scale: 4), nullRate: 0.1) { g, _ in Int64(bitPattern: g.next()) / 100 }
        add(.decimal("big", precision: 30, scale: 6), nullRate: 0.1) { g, _ in
            let v = Int128(Int64(bitPattern: g.next())) * 1_000_003 + Int128(g.next() % 1000)
            return (0..<16).reversed().map { UInt8(truncatingIfNeeded: UInt128(bitPattern: v) >> (8 * UInt128($0))) }
        }
        add(.string("all_null"), nullRate: 1.0) { _, _ in "never" }
        return t
    }
}
