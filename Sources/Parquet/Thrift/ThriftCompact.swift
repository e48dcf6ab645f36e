// The Thrift compact protocol, as far as Parquet metadata needs it.
//
// Wire format (thrift/doc/specs/thrift-compact-protocol.md):
// - a field header is one byte `delta << 4 | type` where delta (1...15) is
//   added to the previous field id of the same struct; delta 0 means a
//   zigzag varint i16 field id follows. Type 0 ends the struct.
// - booleans as fields carry their value in the type (1 true, 2 false);
//   inside lists they are one byte each.
// - i16/i32/i64 are zigzag varints, double is 8 bytes little-endian,
//   binary is a varint length then bytes.
// - a list header is `size << 4 | elementType`, with size 15 meaning a
//   varint size follows.
// The reader never trusts a size: every container size is bounded by the
// bytes that remain (each element takes at least one byte) and nesting
// is bounded, so hostile metadata cannot make it allocate or recurse
// without limit.

/// Compact-protocol wire types.
@usableFromInline
enum ThriftType: UInt8 {
    case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6
    case double = 7, binary = 8, list = 9, set = 10, map = 11, `struct` = 12
}

/// A field header read from the wire.
struct ThriftField {
    var id: Int16
    var type: ThriftType
}

/// Reads Thrift compact-protocol values from bytes.
struct ThriftReader {
    private(set) var cursor: ByteCursor
    private var lastFieldIds: [Int16] = []
    private var lastFieldId: Int16 = 0
    static let maxDepth = 64

    init(_ bytes: UnsafeRawBufferPointer) {
        cursor = ByteCursor(bytes)
    }

    var position: Int { cursor.position }

    mutating func structBegin() throws(ParquetError) {
        guard lastFieldIds.count < Self.maxDepth else { throw .corrupt("Thrift structures nested deeper than \(Self.maxDepth)") }
        lastFieldIds.append(lastFieldId)
        lastFieldId = 0
    }

    /// The next field of the current struct, or nil at its end (which also closes the struct).
    mutating func nextField() throws(ParquetError) -> ThriftField? {
        let header = try cursor.readByte()
        if header == 0 {
            lastFieldId = lastFieldIds.popLast() ?? 0
            return nil
        }
        guard let type = ThriftType(rawValue: header & 0x0F), type != .stop else {
            throw .corrupt("unknown Thrift field type \(header & 0x0F) at byte \(cursor.position - 1)")
        }
        let delta = Int16(header >> 4)
        let id: Int16
        if delta == 0 {
            let wide = try cursor.readZigZagInt64()
            guard let narrow = Int16(exactly: wide) else { throw .corrupt("Thrift field id \(wide) out of range") }
            id = narrow
        } else {
            id = lastFieldId &+ delta
        }
        lastFieldId = id
        return ThriftField(id: id, type: type)
    }

    private func expect(_ field: ThriftField, _ types: ThriftType..., name: String) throws(ParquetError) {
        guard types.contains(field.type) else {
            throw .corrupt("Thrift field \(field.id) should be \(name) but has wire type \(field.type)")
        }
    }

    mutating func readBool(_ field: ThriftField) throws(ParquetError) -> Bool {
        try expect(field, .boolTrue, .boolFalse, name: "bool")
        return field.type == .boolTrue
    }

    mutating func readI32(_ field: ThriftField) throws(ParquetError) -> Int32 {
        try expect(field, .i32, .i16, .byte, name: "i32")
        return try readI32Value(field.type)
    }

    mutating func readI64(_ field: ThriftField) throws(ParquetError) -> Int64 {
        try expect(field, .i64, .i32, .i16, .byte, name: "i64")
        if field.type == .byte { return Int64(Int8(bitPattern: try cursor.readByte())) }
        return try cursor.readZigZagInt64()
    }

    private mutating func readI32Value(_ type: ThriftType) throws(ParquetError) -> Int32 {
        if type == .byte { return Int32(Int8(bitPattern: try cursor.readByte())) }
        let v = try cursor.readZigZagInt64()
        guard let n = Int32(exactly: v) else { throw .corrupt("Thrift i32 value \(v) out of range") }
        return n
    }

    mutating func readBinary(_ field: ThriftField) throws(ParquetError) -> [UInt8] {
        try expect(field, .binary, name: "binary")
        return try readBinaryValue()
    }

    mutating func readString(_ field: ThriftField) throws(ParquetError) -> String {
        let bytes = try readBinary(field)
        return String(decoding: bytes, as: UTF8.self)
    }

    private mutating func readBinaryValue() throws(ParquetError) -> [UInt8] {
        let n = try cursor.readVarUInt64()
        guard n <= UInt64(cursor.remaining) else {
            throw .corrupt("Thrift binary of \(n) bytes at byte \(cursor.position) but only \(cursor.remaining) remain")
        }
        return Array(try cursor.readBytes(Int(n)))
    }

    /// Reads a list header; the element count is checked against the bytes left.
    mutating func listBegin(_ field: ThriftField) throws(ParquetError) -> (count: Int, type: ThriftType) {
        try expect(field, .list, .set, name: "list")
        return try listHeader()
    }

    private mutating func listHeader() throws(ParquetError) -> (count: Int, type: ThriftType) {
        let header = try cursor.readByte()
        var size = UInt64(header >> 4)
        if size == 15 { size = try cursor.readVarUInt64() }
        guard let type = ThriftType(rawValue: header & 0x0F) else {
            throw .corrupt("unknown Thrift list element type \(header & 0x0F)")
        }
        guard size <= UInt64(cursor.remaining) else {
            throw .corrupt("Thrift list of \(size) elements at byte \(cursor.position) but only \(cursor.remaining) bytes remain")
        }
        return (Int(size), type)
    }

    /// Reads a list of i32 (used for enums).
    mutating func readI32List(_ field: ThriftField) throws(ParquetError) -> [Int32] {
        let (count, type) = try listBegin(field)
        var out: [Int32] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try readI32Value(type)) }
        return out
    }

    mutating func readStringList(_ field: ThriftField) throws(ParquetError) -> [String] {
        let (count, type) = try listBegin(field)
        guard type == .binary || count == 0 else { throw .corrupt("Thrift list of strings has element type \(type)") }
        var out: [String] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(String(decoding: try readBinaryValue(), as: UTF8.self)) }
        return out
    }

    /// Reads a list of structs, decoding each with `element`.
    mutating func readStructList<T>(_ field: ThriftField, _ element: (inout ThriftReader) throws(ParquetError) -> T) throws(ParquetError) -> [T] {
        let (count, type) = try listBegin(field)
        guard type == .struct || count == 0 else { throw .corrupt("Thrift list of structs has element type \(type)") }
        var out: [T] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try element(&self)) }
        return out
    }

    /// Skips a value of the given type (for fields this reader does not use).
    mutating func skip(_ type: ThriftType) throws(ParquetError) {
        try skip(type, depth: 0)
    }

    private mutating func skip(_ type: ThriftType, depth: Int) throws(ParquetError) {
        guard depth < Self.maxDepth else { throw .corrupt("Thrift values nested deeper than \(Self.maxDepth)") }
        switch type {
        case .stop: throw .corrupt("unexpected Thrift stop")
        case .boolTrue, .boolFalse: break
        case .byte: try cursor.skip(1)
        case .i16, .i32, .i64: _ = try cursor.readVarUInt64()
        case .double: try cursor.skip(8)
        case .binary:
            let n = try cursor.readVarUInt64()
            guard n <= UInt64(cursor.remaining) else { throw .corrupt("Thrift binary of \(n) bytes runs past the end") }
            try cursor.skip(Int(n))
        case .list, .set:
            let (count, element) = try listHeader()
            for _ in 0..<count {
                if element == .boolTrue || element == .boolFalse { try cursor.skip(1) } else { try skip(element, depth: depth + 1) }
            }
        case .map:
            let n = try cursor.readVarUInt64()
            guard n <= UInt64(cursor.remaining) else { throw .corrupt("Thrift map of \(n) entries runs past the end") }
            if n == 0 { break }
            let kv = try cursor.readByte()
            guard let k = ThriftType(rawValue: kv >> 4), let v = ThriftType(rawValue: kv & 0x0F) else {
                throw .corrupt("unknown Thrift map types \(kv)")
            }
            for _ in 0..<n {
                if k == .boolTrue || k == .boolFalse { try cursor.skip(1) } else { try skip(k, depth: depth + 1) }
                if v == .boolTrue || v == .boolFalse { try cursor.skip(1) } else { try skip(v, depth: depth + 1) }
            }
        case .struct:
            try structBegin()
            while let f = try nextField() { try skip(f.type, depth: depth + 1) }
        }
    }
}

/// Writes Thrift compact-protocol values.
struct ThriftWriter {
    var sink = ByteSink()
    private var lastFieldIds: [Int16] = []
    private var lastFieldId: Int16 = 0

    var bytes: [UInt8] { sink.bytes }

    mutating func structBegin() {
        lastFieldIds.append(lastFieldId)
        lastFieldId = 0
    }

    mutating func structEnd() {
        sink.append(0)
        lastFieldId = lastFieldIds.popLast() ?? 0
    }

    private mutating func fieldHeader(_ id: Int16, _ type: ThriftType) {
        let delta = id - lastFieldId
        if delta > 0 && delta <= 15 {
            sink.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            sink.append(type.rawValue)
            sink.appendZigZagInt64(Int64(id))
        }
        lastFieldId = id
    }

    mutating func bool(_ id: Int16, _ value: Bool) { fieldHeader(id, value ? .boolTrue : .boolFalse) }
    mutating func i32(_ id: Int16, _ value: Int32) { fieldHeader(id, .i32); sink.appendZigZagInt64(Int64(value)) }
    mutating func i64(_ id: Int16, _ value: Int64) { fieldHeader(id, .i64); sink.appendZigZagInt64(value) }
    mutating func byte(_ id: Int16, _ value: Int8) { fieldHeader(id, .byte); sink.append(UInt8(bitPattern: value)) }

    mutating func binary(_ id: Int16, _ value: [UInt8]) {
        fieldHeader(id, .binary)
        sink.appendVarUInt64(UInt64(value.count))
        sink.append(contentsOf: value)
    }

    mutating func string(_ id: Int16, _ value: String) { binary(id, Array(value.utf8)) }

    /// Opens a struct-typed field; close it with `structEnd()`.
    mutating func structField(_ id: Int16) {
        fieldHeader(id, .struct)
        structBegin()
    }

    private mutating func listHeader(_ count: Int, _ type: ThriftType) {
        if count < 15 {
            sink.append(UInt8(count) << 4 | type.rawValue)
        } else {
            sink.append(0xF0 | type.rawValue)
            sink.appendVarUInt64(UInt64(count))
        }
    }

    mutating func i32List(_ id: Int16, _ values: [Int32]) {
        fieldHeader(id, .list)
        listHeader(values.count, .i32)
        for v in values { sink.appendZigZagInt64(Int64(v)) }
    }

    mutating func stringList(_ id: Int16, _ values: [String]) {
        fieldHeader(id, .list)
        listHeader(values.count, .binary)
        for v in values {
            sink.appendVarUInt64(UInt64(v.utf8.count))
            sink.append(contentsOf: v.utf8)
        }
    }

    /// Writes a list of structs; `element` writes one struct's fields (begin/end are done here).
    mutating func structList<T>(_ id: Int16, _ values: [T], _ element: (inout ThriftWriter, T) -> Void) {
        fieldHeader(id, .list)
        listHeader(values.count, .struct)
        for v in values {
            structBegin()
            element(&self, v)
            structEnd()
        }
    }
}
