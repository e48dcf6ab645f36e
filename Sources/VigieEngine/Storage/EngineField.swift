// A field of a loaded table: its symbol table, a code per row, and for
// numeric fields the values again as a plain array of doubles per row
// (NaN for null), which aggregations read without going through codes.
//
// Fields are built from the values of each row, or from dictionaries and
// indices (FieldBuilder.swift); identical values share one symbol, so a
// column of 20 million rows over 8 activity lines stores 8 texts and 20
// million bytes.

import VigieExpressions

/// One field of a table.
public struct EngineField: Sendable {
    public let name: String
    public let symbols: SymbolTable
    /// A code per row; `symbols.count` is null.
    public let codes: CodeColumn
    /// For numeric fields, each row's value (NaN for null).
    public let numbers: [Double]?
    /// Whether some row is null.
    public let hasNulls: Bool

    public var type: FieldType { symbols.type }
    public var rowCount: Int { codes.count }
    /// The code of null rows.
    public var nullCode: Int { symbols.count }

    /// The value of `code` for the expression language: null for the null code.
    public func value(_ code: Int) -> RowValue { code == nullCode ? .null : symbols.rowValue(code) }

    public init(name: String, symbols: SymbolTable, codes: CodeColumn) {
        self.name = name
        self.symbols = symbols
        self.codes = codes
        var scan = NullsAndNumbers(nullCode: symbols.count,
                                   table: symbols.type.isNumeric ? (0..<symbols.count).map { symbols.number($0) ?? .nan } + [.nan] : nil)
        codes.read(&scan)
        numbers = scan.numbers
        hasNulls = scan.hasNulls
    }

    /// Bytes held: symbols, codes and the numeric array.
    public var memory: Int {
        let symbolBytes: Int
        switch symbols.values {
        case let .text(v): symbolBytes = v.reduce(0) { $0 + $1.utf8.count + 16 }
        case let .integer(v): symbolBytes = v.count * 8
        case let .number(v): symbolBytes = v.count * 8
        case let .date(v): symbolBytes = v.count * 4
        case let .timestamp(v): symbolBytes = v.count * 8
        case let .bool(v): symbolBytes = v.count
        }
        return symbolBytes + codes.count * codes.width + (numbers?.count ?? 0) * 8
    }

    // MARK: Building from row values

    public static func text(_ name: String, _ values: [String?]) -> EngineField { build(name, .text, values) { .text($0) } }

    public static func integer(_ name: String, _ values: [Int64?]) -> EngineField { build(name, .integer, values) { .integer($0) } }

    /// Doubles; NaN counts as null.
    public static func number(_ name: String, _ values: [Double?]) -> EngineField { build(name, .number, values) { .number($0) } }

    /// Days since 1970-01-01.
    public static func date(_ name: String, _ values: [Int32?]) -> EngineField { build(name, .date, values) { .date($0) } }

    /// Microseconds since 1970-01-01 00:00 UTC.
    public static func timestamp(_ name: String, _ values: [Int64?]) -> EngineField { build(name, .timestamp, values) { .timestamp($0) } }

    public static func bool(_ name: String, _ values: [Bool?]) -> EngineField { build(name, .bool, values) { .bool($0) } }

    /// The field of each row's value (nil: null), through a FieldBuilder.
    private static func build<T>(_ name: String, _ type: FieldType, _ values: [T?], _ make: ([T]) -> SymbolTable.Values) -> EngineField {
        var builder = FieldBuilder(name: name, type: type)
        let hasNulls = values.contains { $0 == nil }
        builder.append(values: make(values.compactMap { $0 }), validity: hasNulls ? values.map { $0 != nil } : nil, rowCount: values.count)
        return builder.finish()
    }

    /// From a dictionary (distinct values, any order) and each row's index into it (nil: null), as Parquet
    /// dictionary pages give them: the dictionary is sorted once and the indices renumbered, without hashing rows.
    public static func fromDictionary<T: Hashable>(_ name: String, dictionary: [T], indices: [Int?], by less: (T, T) -> Bool,
                                                   symbols make: ([T]) -> SymbolTable.Values) -> EngineField {
        let order = dictionary.indices.sorted { less(dictionary[$0], dictionary[$1]) }
        var renumber = [UInt32](repeating: 0, count: dictionary.count)
        var sorted: [T] = []
        for index in order {
            // Dictionaries may repeat a value (a writer's fallback); equal values share the first code.
            if let last = sorted.last, !less(last, dictionary[index]) {
                renumber[index] = UInt32(sorted.count - 1)
                continue
            }
            renumber[index] = UInt32(sorted.count)
            sorted.append(dictionary[index])
        }
        let nullCode = UInt32(sorted.count)
        let codes = indices.map { $0.map { renumber[$0] } ?? nullCode }
        return EngineField(name: name, symbols: SymbolTable(sorted: make(sorted)), codes: CodeColumn(codes: codes, codeCount: sorted.count + 1))
    }
}

/// Reads a field's codes once at load: whether one is null, and for numeric fields each row's number.
private struct NullsAndNumbers: CodeReader {
    let nullCode: Int
    let table: [Double]?
    var numbers: [Double]?
    var hasNulls = false

    init(nullCode: Int, table: [Double]?) {
        self.nullCode = nullCode
        self.table = table
    }

    mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
        var nulls = 0
        let null = C(truncatingIfNeeded: nullCode)
        for code in codes { nulls &+= code == null ? 1 : 0 }
        hasNulls = nulls > 0
        guard let table else { return }
        numbers = [Double](unsafeUninitializedCapacity: codes.count) { out, initialized in
            table.withUnsafeBufferPointer { table in
                for i in codes.indices { out[i] = table[Int(codes[i])] }
            }
            initialized = codes.count
        }
    }
}

/// A table of the engine: fields of equal row counts.
public struct EngineTable: Sendable {
    public let name: String
    public let fields: [EngineField]
    public let rowCount: Int

    public init(name: String, fields: [EngineField]) throws(EngineError) {
        self.name = name
        self.fields = fields
        rowCount = fields.first?.rowCount ?? 0
        var seen = Set<String>()
        for field in fields {
            guard seen.insert(field.name).inserted else { throw EngineError(.invalidData, "table \(name) has two fields named \(field.name)") }
            guard field.rowCount == rowCount else {
                throw EngineError(.invalidData, "field \(name).\(field.name) has \(field.rowCount) rows, the table's first field \(rowCount)")
            }
        }
    }

    public func field(_ name: String) -> EngineField? { fields.first { $0.name == name } }

    /// Bytes held by the table's fields.
    public var memory: Int { fields.reduce(0) { $0 + $1.memory } }
}
