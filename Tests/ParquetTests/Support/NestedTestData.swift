// Deterministic nested rows: a schema with groups, lists and maps at
// several depths, and rows with nulls at every level, empty lists and
// empty maps. Records list every field in schema order and FLOAT leaves
// hold values a Float represents exactly, so a file's rows read back equal.

@testable import Parquet
import VigieTestSupport

enum NestedTestData {
    static let schema: [ParquetSchemaNode] = [
        .leaf(.int64("id", nullable: false)),
        .list(name: "tags", nullable: true, element: .leaf(.string("element"))),
        .list(name: "scores", nullable: false, element: .leaf(.double("element", nullable: false))),
        .map(name: "attrs", nullable: true, key: .string("key"), value: .leaf(.int32("value"))),
        .group(name: "person", nullable: true, children: [
            .leaf(.string("name")),
            .leaf(.int32("age", nullable: false)),
            .group(name: "address", nullable: true, children: [.leaf(.string("city")), .leaf(.int32("zip"))]),
            .list(name: "phones", nullable: true, element: .group(name: "phone", nullable: false, children: [
                .leaf(.int64("number", nullable: false)), .leaf(.string("kind")),
            ])),
        ]),
        .list(name: "matrix", nullable: true, element: .list(name: "row", nullable: true, element: .leaf(.int32("cell")))),
        .map(name: "nested_map", nullable: true, key: .string("key"),
             value: .map(name: "value", nullable: true, key: .int32("key"), value: .leaf(.boolean("value", nullable: false)))),
        .map(name: "props", nullable: false, key: .string("key"),
             value: .list(name: "value", nullable: true, element: .leaf(.string("element", nullable: false)))),
        .leaf(.boolean("flag")),
        .list(name: "days", nullable: true, element: .leaf(.date("element"))),
        .list(name: "amounts", nullable: true, element: .leaf(.decimal("element", precision: 9, scale: 2))),
        .group(name: "meta", nullable: false, children: [
            .leaf(.float("ratio")),
            .leaf(ParquetField(name: "code", physicalType: .fixedLenByteArray, typeLength: 4)),
            .leaf(ParquetField(name: "small", physicalType: .int32, logicalType: .integer(bitWidth: 8, isSigned: false))),
            .leaf(ParquetField(name: "big", physicalType: .int64, logicalType: .integer(bitWidth: 64, isSigned: false))),
            .leaf(.timestamp("at", unit: .millis)),
            .leaf(.decimal("wide", precision: 30, scale: 6)),
        ]),
    ]

    /// `count` rows; the first rows hold the edge cases (all null, all empty), the rest are random.
    static func rows(_ count: Int, seed: UInt64 = 42) -> [[NestedValue]] {
        var g = SeededGenerator(seed: seed)
        return (0..<count).map { row($0, &g) }
    }

    private static func chance(_ g: inout SeededGenerator, _ percent: UInt64) -> Bool { g.next() % 100 < percent }

    /// A list of up to `max` items, null (when nullable) or empty now and then; row 0 holds nulls, row 1 empties.
    private static func list(_ g: inout SeededGenerator, row: Int, nullable: Bool = true, max: UInt64 = 4,
                             _ item: (inout SeededGenerator) -> NestedValue) -> NestedValue {
        if nullable && (row == 0 || chance(&g, 12)) { return .null }
        if row <= 1 || chance(&g, 12) { return .list([]) }
        return .list((0..<(1 + Int(g.next() % max))).map { _ in item(&g) })
    }

    /// Like `list`, as a map with distinct string keys.
    private static func map(_ g: inout SeededGenerator, row: Int, nullable: Bool = true,
                            _ value: (inout SeededGenerator) -> NestedValue) -> NestedValue {
        guard case let .list(items) = list(&g, row: row, nullable: nullable, value) else { return .null }
        return .map(items.enumerated().map { NestedMapEntry(key: .string("k\($0.offset)·\(TestTable.words[$0.offset % 3])"), value: $0.element) })
    }

    private static func maybe(_ g: inout SeededGenerator, _ value: NestedValue, percent: UInt64 = 15) -> NestedValue {
        chance(&g, percent) ? .null : value
    }

    private static func word(_ g: inout SeededGenerator) -> NestedValue { .string(TestTable.words[Int(g.next() % UInt64(TestTable.words.count))]) }

    private static func int32(_ g: inout SeededGenerator) -> NestedValue { .int(Int64(Int32(truncatingIfNeeded: g.next()))) }

    private static func row(_ r: Int, _ g: inout SeededGenerator) -> [NestedValue] {
        let person: NestedValue = r == 0 || chance(&g, 15) ? .null : .record([
            "name": maybe(&g, word(&g)),
            "age": .int(Int64(g.next() % 120)),
            "address": r == 2 || chance(&g, 20) ? .null : .record(["city": maybe(&g, word(&g)), "zip": maybe(&g, int32(&g))]),
            "phones": list(&g, row: r) { g in
                .record(["number": .int(Int64(bitPattern: g.next()) / 7), "kind": maybe(&g, chance(&g, 50) ? "home" : "work")])
            },
        ])
        let matrix = list(&g, row: r) { g in list(&g, row: 2) { g in maybe(&g, int32(&g)) } }
        let nestedMap = map(&g, row: r) { g in
            chance(&g, 15) ? .null : map(&g, row: 2, nullable: false) { g in .boolean(chance(&g, 50)) }.withIntegerKeys
        }
        // A DECIMAL(30, 6) unscaled value (within 30 digits) as 16 big-endian bytes.
        let unscaled = Int128(Int64(bitPattern: g.next())) * 1_000_003 + Int128(g.next() % 1000)
        let wide: [UInt8] = (0..<16).reversed().map { UInt8(truncatingIfNeeded: UInt128(bitPattern: unscaled) >> (8 * UInt128($0))) }
        return [
            .int(Int64(r)),
            list(&g, row: r) { g in maybe(&g, word(&g)) },
            list(&g, row: r, nullable: false) { g in .float(Double(Int64(bitPattern: g.next())) / 1e9) },
            map(&g, row: r) { g in maybe(&g, int32(&g)) },
            person,
            matrix,
            nestedMap,
            map(&g, row: r, nullable: false) { g in chance(&g, 15) ? .null : list(&g, row: 2, nullable: false) { g in word(&g) } },
            r == 0 ? .null : maybe(&g, .boolean(chance(&g, 50))),
            list(&g, row: r) { g in maybe(&g, .int(Int64(g.next() % 40_000) - 10_000)) },
            list(&g, row: r) { g in maybe(&g, .int(Int64(g.next() % 2_000_000_000) - 1_000_000_000)) },
            .record([
                "ratio": r == 0 ? .null : maybe(&g, .float(Double(Float(Int64(g.next() % 2_000_001) - 1_000_000) / 64))),
                "code": r == 0 ? .null : maybe(&g, .bytes((0..<4).map { _ in UInt8(truncatingIfNeeded: g.next()) })),
                "small": r == 0 ? .null : maybe(&g, .int(Int64(g.next() % 256))),
                "big": r == 0 ? .null : maybe(&g, .int(Int64(bitPattern: g.next()))),
                "at": r == 0 ? .null : maybe(&g, .int(1_600_000_000_000 + Int64(g.next() % 100_000_000_000))),
                "wide": r == 0 ? .null : maybe(&g, .bytes(wide)),
            ]),
        ]
    }
}

private extension NestedValue {
    /// A map's string keys replaced by their position (for a map whose keys are INT32).
    var withIntegerKeys: NestedValue {
        guard case let .map(entries) = self else { return self }
        return .map(entries.enumerated().map { NestedMapEntry(key: .int(Int64($0.offset) * 3 - 1), value: $0.element.value) })
    }
}
