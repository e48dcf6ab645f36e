// One code per row, in the narrowest unsigned width that holds the
// field's codes: a field of 8 activity lines takes a byte per row, one of
// 2 million patients four. Codes 0..<symbolCount are the field's values in
// its symbol table; the code `symbolCount` is null.
//
// Hot loops read the codes through a CodeReader, whose generic `read` is
// specialized for each width, so no loop converts or branches on the width.

/// Reads a column's codes at their stored width.
public protocol CodeReader {
    mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>)
}

/// The codes of one field, a code per row.
public struct CodeColumn: Sendable, Equatable {
    enum Storage: Sendable, Equatable {
        case byte([UInt8])
        case short([UInt16])
        case word([UInt32])
    }

    let storage: Storage
    /// How many distinct codes there can be: the symbols plus null.
    public let codeCount: Int

    /// Codes (each < `codeCount`), stored in the narrowest width that holds `codeCount - 1`.
    public init(codes: [UInt32], codeCount: Int) {
        self.codeCount = codeCount
        if codeCount <= 1 << 8 {
            storage = .byte(codes.map { UInt8(truncatingIfNeeded: $0) })
        } else if codeCount <= 1 << 16 {
            storage = .short(codes.map { UInt16(truncatingIfNeeded: $0) })
        } else {
            storage = .word(codes)
        }
    }

    /// The codes `table[provisional[row]]`, written straight in the narrowest width; a provisional code past the
    /// table's end stands for its last entry (null). `table` holds a code for each value and null's last: its count
    /// is `codeCount`.
    init(renumbering provisional: [UInt32], through table: [UInt32]) {
        codeCount = table.count
        func narrow<C: FixedWidthInteger & UnsignedInteger>(_: C.Type) -> [C] {
            [C](unsafeUninitializedCapacity: provisional.count) { out, initialized in
                provisional.withUnsafeBufferPointer { provisional in
                    table.withUnsafeBufferPointer { table in
                        let last = table.count - 1
                        for row in 0..<provisional.count { out[row] = C(truncatingIfNeeded: table[Swift.min(Int(provisional[row]), last)]) }
                    }
                }
                initialized = provisional.count
            }
        }
        if codeCount <= 1 << 8 {
            storage = .byte(narrow(UInt8.self))
        } else if codeCount <= 1 << 16 {
            storage = .short(narrow(UInt16.self))
        } else {
            storage = .word(narrow(UInt32.self))
        }
    }

    /// The number of rows.
    public var count: Int {
        switch storage {
        case let .byte(c): c.count
        case let .short(c): c.count
        case let .word(c): c.count
        }
    }

    /// Bytes per row.
    public var width: Int {
        switch storage {
        case .byte: 1
        case .short: 2
        case .word: 4
        }
    }

    /// The code of row `row`.
    public subscript(row: Int) -> Int {
        switch storage {
        case let .byte(c): Int(c[row])
        case let .short(c): Int(c[row])
        case let .word(c): Int(c[row])
        }
    }

    /// Runs `reader` over the codes.
    public func read<R: CodeReader>(_ reader: inout R) {
        switch storage {
        case let .byte(c): c.withUnsafeBufferPointer { reader.read($0) }
        case let .short(c): c.withUnsafeBufferPointer { reader.read($0) }
        case let .word(c): c.withUnsafeBufferPointer { reader.read($0) }
        }
    }
}
