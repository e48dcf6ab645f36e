// Building a field a chunk of rows at a time, the way a lake table gives
// its rows: a Parquet column chunk that is dictionary-encoded comes as its
// dictionary (the chunk's values in the writer's order) and each non-null
// row's index into it; any other chunk comes as its values, row by row.
//
// Every value gets a provisional code the first time a row uses it (in row
// order), from one hash table for the whole field; a dictionary entry is
// hashed once per chunk, and its rows take the entry's code through a remap
// array of the chunk's dictionary size, so those rows are neither hashed
// nor turned into strings. Entries no row uses never become symbols. At the
// end the distinct values are sorted in the engine's order (texts by their
// UTF-8 bytes) and the provisional codes renumbered. Because values are
// first met in row order either way, a field is the same whether its rows
// came as dictionaries, as values, or as a mix of both.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds a field from chunks of rows, in row order.
public struct FieldBuilder: Sendable {
    public let name: String
    public let type: FieldType
    private var state: State

    /// The distinct values met so far and each row's provisional code, for the field's type.
    private enum State: Sendable {
        case text(SymbolUnion<String>)
        case integer(SymbolUnion<Int64>)
        case number(SymbolUnion<Double>)
        case date(SymbolUnion<Int32>)
        case timestamp(SymbolUnion<Int64>)
        case bool(SymbolUnion<Bool>)
        /// Held only while a union is being changed, so that the union is not shared and its arrays are not copied.
        case moved
    }

    public init(name: String, type: FieldType) {
        self.name = name
        self.type = type
        switch type {
        case .text: state = .text(SymbolUnion())
        case .integer: state = .integer(SymbolUnion())
        case .number: state = .number(SymbolUnion())
        case .date: state = .date(SymbolUnion())
        case .timestamp: state = .timestamp(SymbolUnion())
        case .bool: state = .bool(SymbolUnion())
        }
    }

    /// The number of rows appended.
    public var rowCount: Int {
        switch state {
        case let .text(u): u.rows.count
        case let .integer(u), let .timestamp(u): u.rows.count
        case let .number(u): u.rows.count
        case let .date(u): u.rows.count
        case let .bool(u): u.rows.count
        case .moved: 0
        }
    }

    /// Appends `rowCount` rows kept as a dictionary: `dictionary` holds values of the field's type in any order
    /// (doubles: NaN is null), `indices` the entry of each non-null row in order (each below the dictionary's count),
    /// and `validity` is false for null rows (nil: no row is null).
    public mutating func append(dictionary: SymbolTable.Values, indices: [UInt32], validity: [Bool]?, rowCount: Int) {
        append(dictionary, indices: indices, validity: validity, rowCount: rowCount)
    }

    /// Appends `rowCount` rows given by value: `values` holds the non-null rows' values in order
    /// (doubles: NaN is null), and `validity` is false for null rows (nil: no row is null).
    public mutating func append(values: SymbolTable.Values, validity: [Bool]?, rowCount: Int) {
        append(values, indices: nil, validity: validity, rowCount: rowCount)
    }

    /// Appends `rowCount` null rows.
    public mutating func appendNulls(_ rowCount: Int) {
        append(values: Self.empty(type), validity: [Bool](repeating: false, count: rowCount), rowCount: rowCount)
    }

    private mutating func append(_ values: SymbolTable.Values, indices: [UInt32]?, validity: [Bool]?, rowCount: Int) {
        let current = state
        state = .moved
        switch (current, values) {
        case (.text(var u), let .text(v)):
            u.append(v, indices: indices, validity: validity, rowCount: rowCount)
            state = .text(u)
        case (.integer(var u), let .integer(v)):
            u.append(v, indices: indices, validity: validity, rowCount: rowCount)
            state = .integer(u)
        case (.number(var u), let .number(v)):
            u.append(v, indices: indices, validity: validity, rowCount: rowCount)
            state = .number(u)
        case (.date(var u), let .date(v)):
            u.append(v, indices: indices, validity: validity, rowCount: rowCount)
            state = .date(u)
        case (.timestamp(var u), let .timestamp(v)):
            u.append(v, indices: indices, validity: validity, rowCount: rowCount)
            state = .timestamp(u)
        case (.bool(var u), let .bool(v)):
            u.append(v, indices: indices, validity: validity, rowCount: rowCount)
            state = .bool(u)
        default:
            preconditionFailure("field \(name) is of type \(type); values of type \(SymbolTable(sorted: values).type) cannot be appended to it")
        }
    }

    /// The field: its distinct values sorted, and each row's code.
    public func finish() -> EngineField {
        let symbols: SymbolTable.Values
        let codes: CodeColumn
        switch state {
        case let .text(u): (symbols, codes) = u.finish { .text($0) }
        case let .integer(u): (symbols, codes) = u.finish { .integer($0) }
        case let .number(u): (symbols, codes) = u.finish { .number($0) }
        case let .date(u): (symbols, codes) = u.finish { .date($0) }
        case let .timestamp(u): (symbols, codes) = u.finish { .timestamp($0) }
        case let .bool(u): (symbols, codes) = u.finish { .bool($0) }
        case .moved: preconditionFailure("field \(name) was left without its values")
        }
        return EngineField(name: name, symbols: SymbolTable(sorted: symbols), codes: codes)
    }

    private static func empty(_ type: FieldType) -> SymbolTable.Values {
        switch type {
        case .text: .text([])
        case .integer: .integer([])
        case .number: .number([])
        case .date: .date([])
        case .timestamp: .timestamp([])
        case .bool: .bool([])
        }
    }
}

/// A value as the engine keeps it in a symbol table: how it is ordered, and which values stand for null.
protocol SymbolKey: Hashable, Sendable {
    /// The engine's order of values.
    static func precedes(_ a: Self, _ b: Self) -> Bool
    /// The value as a symbol, or nil when it is null.
    static func symbol(_ value: Self) -> Self?
}

extension SymbolKey {
    static func symbol(_ value: Self) -> Self? { value }
}

extension String: SymbolKey {
    /// By UTF-8 bytes, compared a block at a time (sorting a field's distinct texts is most of a large field's build).
    static func precedes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool in
                let common = Swift.min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
        return (fast ?? nil) ?? a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

extension Int64: SymbolKey {
    static func precedes(_ a: Int64, _ b: Int64) -> Bool { a < b }
}

extension Int32: SymbolKey {
    static func precedes(_ a: Int32, _ b: Int32) -> Bool { a < b }
}

extension Bool: SymbolKey {
    static func precedes(_ a: Bool, _ b: Bool) -> Bool { !a && b }
}

extension Double: SymbolKey {
    static func precedes(_ a: Double, _ b: Double) -> Bool { a < b }
    /// NaN is null; -0 is the symbol 0 (they are equal, and one symbol must print one way).
    static func symbol(_ value: Double) -> Double? { value.isNaN ? nil : value == 0 ? 0 : value }
}

/// The distinct values of a field's rows, in the order rows first use them, and each row's provisional code:
/// the value's position in `distinct`, or `nullMark`.
struct SymbolUnion<Key: SymbolKey>: Sendable {
    private(set) var distinct: [Key] = []
    private var positions: [Key: UInt32] = [:]
    private(set) var rows: [UInt32] = []

    static var nullMark: UInt32 { .max }
    /// A dictionary entry no row has used yet in the current chunk.
    static var unresolved: UInt32 { .max - 1 }

    /// The provisional code of `value`, which gets the next one if it is new.
    mutating func code(of value: Key) -> UInt32 {
        guard let symbol = Key.symbol(value) else { return Self.nullMark }
        if let position = positions[symbol] { return position }
        let position = UInt32(distinct.count)
        precondition(position < Self.unresolved, "a field holds at most \(Self.unresolved) distinct values")
        positions[symbol] = position
        distinct.append(symbol)
        return position
    }

    /// Appends `rowCount` rows; non-null row `k` (in order) has the value `entries[indices[k]]`, or `entries[k]` when
    /// `indices` is nil; `validity` is false for null rows.
    mutating func append(_ entries: [Key], indices: [UInt32]?, validity: [Bool]?, rowCount: Int) {
        precondition(validity.map { $0.count == rowCount } ?? true, "\(validity?.count ?? 0) validity flags for \(rowCount) rows")
        var out = rows
        rows = []
        let start = out.count
        out.append(contentsOf: repeatElement(Self.nullMark, count: rowCount))
        var used = 0
        out.withUnsafeMutableBufferPointer { buffer in
            let codes = UnsafeMutableBufferPointer(rebasing: buffer[start...])
            if let indices {
                // Each entry's code is looked up when a row first uses it, then read from `remap`.
                var remap = [UInt32](repeating: Self.unresolved, count: entries.count)
                remap.withUnsafeMutableBufferPointer { remap in
                    indices.withUnsafeBufferPointer { indices in
                        func code(_ k: Int) -> UInt32 {
                            let entry = Int(indices[k])
                            precondition(entry < remap.count, "dictionary index \(entry) for a dictionary of \(remap.count) values")
                            var c = remap[entry]
                            if c == Self.unresolved {
                                c = self.code(of: entries[entry])
                                remap[entry] = c
                            }
                            return c
                        }
                        used = Self.layOut(validity, rowCount: rowCount, available: indices.count, into: codes, code)
                    }
                }
            } else {
                entries.withUnsafeBufferPointer { entries in
                    used = Self.layOut(validity, rowCount: rowCount, available: entries.count, into: codes) { self.code(of: entries[$0]) }
                }
            }
        }
        rows = out
        precondition(used == (indices?.count ?? entries.count), "\(used) non-null rows for \(indices?.count ?? entries.count) values")
    }

    /// Writes `code(k)` for the k-th non-null row into `codes` (null rows keep `nullMark`); returns the non-null rows.
    private static func layOut(_ validity: [Bool]?, rowCount: Int, available: Int, into codes: UnsafeMutableBufferPointer<UInt32>,
                               _ code: (Int) -> UInt32) -> Int {
        guard let validity else {
            precondition(available >= rowCount, "\(available) values for \(rowCount) non-null rows")
            for row in 0..<rowCount { codes[row] = code(row) }
            return rowCount
        }
        var k = 0
        for row in 0..<rowCount where validity[row] {
            precondition(k < available, "more non-null rows than the \(available) values")
            codes[row] = code(k)
            k += 1
        }
        return k
    }

    /// The distinct values sorted in the engine's order, and each row's final code (null: the number of values).
    func finish(_ make: ([Key]) -> SymbolTable.Values) -> (SymbolTable.Values, CodeColumn) {
        let order = distinct.indices.sorted { Key.precedes(distinct[$0], distinct[$1]) }
        // Provisional → final code; the last slot is null's, which provisional codes reach through `min`.
        var renumber = [UInt32](repeating: UInt32(distinct.count), count: distinct.count + 1)
        for (position, index) in order.enumerated() { renumber[index] = UInt32(position) }
        return (make(order.map { distinct[$0] }), CodeColumn(renumbering: rows, through: renumber))
    }
}
