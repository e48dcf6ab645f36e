// An aggregation's argument on each row of the table it ranges over, as
// codes that sort like the values: a field's own codes (its symbols are
// sorted), reached along the links when the field is in another table; or,
// for a row expression, the codes of its distinct values, computed once
// per row and sorted — numbers (true and false as 1 and 0) by value, then
// dates, timestamps and texts (by their UTF-8 bytes). Collected
// aggregations then work on codes only: sorting a group's codes sorts its
// values, and equal codes are equal values.

import VigieExpressions

/// An aggregation's argument on each row of a table, as ordered codes.
struct ArgumentColumn: Sendable, Equatable {
    /// A code per row; the last code (`nullCode`) is null.
    let codes: CodeColumn
    /// A field's values, or nil for an expression's.
    private let symbols: SymbolTable?
    /// An expression's distinct values, in order.
    private let computed: [RowValue]
    /// Each code's value as a number (NaN: not a number, or null); null's is last.
    let numbers: [Double]

    var nullCode: Int { numbers.count - 1 }
    /// The field's type, or nil for an expression.
    var fieldType: FieldType? { symbols?.type }

    /// A field's values, through `codes` (the field's own, or reached from another table's rows).
    init(field: EngineField, codes: CodeColumn) {
        self.codes = codes
        symbols = field.symbols
        computed = []
        numbers = (0..<field.symbols.count).map { field.symbols.number($0) ?? .nan } + [.nan]
    }

    /// An expression's value on each row (nulls included).
    init(computed values: [RowValue]) {
        let (distinct, codes) = Self.encode(values.map { value -> RowValue? in
            let normal = Self.normalized(value)
            return normal.isNull ? nil : normal
        }, by: Self.precedes)
        self.codes = codes
        symbols = nil
        computed = distinct
        numbers = distinct.map { $0.number ?? .nan } + [.nan]
    }

    /// Distinct values sorted by `less`, and each row's code (null: the count of distinct values).
    private static func encode<T: Hashable>(_ values: [T?], by less: (T, T) -> Bool) -> ([T], CodeColumn) {
        var first: [T: UInt32] = [:]
        var distinct: [T] = []
        var provisional = [UInt32](repeating: 0, count: values.count)
        for (row, value) in values.enumerated() {
            guard let value else {
                provisional[row] = .max
                continue
            }
            if let code = first[value] {
                provisional[row] = code
            } else {
                let code = UInt32(distinct.count)
                first[value] = code
                distinct.append(value)
                provisional[row] = code
            }
        }
        let order = distinct.indices.sorted { less(distinct[$0], distinct[$1]) }
        var renumber = [UInt32](repeating: 0, count: distinct.count)
        for (position, index) in order.enumerated() { renumber[index] = UInt32(position) }
        let nullCode = UInt32(distinct.count)
        let codes = provisional.map { $0 == .max ? nullCode : renumber[Int($0)] }
        return (order.map { distinct[$0] }, CodeColumn(codes: codes, codeCount: distinct.count + 1, indexingRuns: false))
    }

    /// The value of `code`.
    func value(_ code: Int) -> RowValue {
        guard code != nullCode else { return .null }
        return symbols?.rowValue(code) ?? computed[code]
    }

    /// The value of `code` as users read it (`12`, `12.5`, `Bretagne`).
    func text(_ code: Int) -> String {
        if let symbols { return symbols.text(code) }
        if case let .double(d) = computed[code] { return SymbolTable.numberText(d) }
        return computed[code].text ?? ""
    }

    /// Numbers of any kind as one kind, so that `1` and `1.0` are one value.
    private static func normalized(_ value: RowValue) -> RowValue {
        switch value {
        case .int, .decimal, .double: value.numericValue.map(RowValue.double) ?? .null
        default: value
        }
    }

    /// The order of an expression's values: numbers first, then dates, timestamps and texts.
    private static func precedes(_ a: RowValue, _ b: RowValue) -> Bool {
        func kind(_ v: RowValue) -> Int {
            switch v {
            case .double, .bool, .int, .decimal: 0
            case .date: 1
            case .timestamp: 2
            default: 3
            }
        }
        if kind(a) != kind(b) { return kind(a) < kind(b) }
        switch (a, b) {
        case let (.date(x), .date(y)): return x < y
        case let (.timestamp(x), .timestamp(y)): return x < y
        case let (.string(x), .string(y)): return x.utf8.lexicographicallyPrecedes(y.utf8)
        default:
            // Numbers; a number before true or false of the same value.
            let x = a.number ?? 0, y = b.number ?? 0
            if x != y { return x < y }
            if case .bool = b, case .double = a { return true }
            return false
        }
    }
}

extension DataModel {
    /// An aggregation's row-level `arguments` on the rows of one table (RowReader.swift): fields as their codes, reached
    /// along the links, other expressions computed on each row; and a field of that table they read, which names it.
    func argumentColumns(of arguments: [ExpressionNode], rights: Rights) throws(EngineError) -> (FieldReference, [ArgumentColumn]) {
        let reader = try rowReader(of: arguments, rights: rights)
        var columns: [ArgumentColumn] = []
        for (i, argument) in arguments.enumerated() {
            if case let .field(name) = argument, let column = reader.column(of: name) {
                columns.append(column)
            } else {
                columns.append(ArgumentColumn(computed: try reader.evaluateAll(i, in: self) { $0 }))
            }
        }
        return (reader.reference, columns)
    }
}
