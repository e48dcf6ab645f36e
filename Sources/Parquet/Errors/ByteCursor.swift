// A bounds-checked cursor over borrowed bytes.
//
// Every decoder reads input through this type (or checks bounds itself
// before using raw pointers), so a corrupted or truncated file can only
// produce a `ParquetError`, never an out-of-bounds read.

/// A read position inside a buffer the caller keeps alive.
@usableFromInline
struct ByteCursor {
    @usableFromInline let base: UnsafeRawBufferPointer
    @usableFromInline var position: Int

    @inlinable
    init(_ base: UnsafeRawBufferPointer, position: Int = 0) {
        self.base = base
        self.position = position
    }

    @inlinable var remaining: Int { base.count - position }
    @inlinable var isAtEnd: Bool { position >= base.count }

    @inlinable
    mutating func readByte() throws(ParquetError) -> UInt8 {
        guard position < base.count else { throw ParquetError.corrupt("unexpected end of data at byte \(position)") }
        let b = base[position]
        position += 1
        return b
    }

    /// Reads `count` bytes; the returned view borrows the same storage.
    @inlinable
    mutating func readBytes(_ count: Int) throws(ParquetError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else {
            throw ParquetError.corrupt("needs \(count) bytes at byte \(position) but only \(remaining) remain")
        }
        let slice = UnsafeRawBufferPointer(rebasing: base[position..<(position + count)])
        position += count
        return slice
    }

    @inlinable
    mutating func skip(_ count: Int) throws(ParquetError) {
        guard count >= 0, count <= remaining else {
            throw ParquetError.corrupt("cannot skip \(count) bytes at byte \(position): only \(remaining) remain")
        }
        position += count
    }

    @inlinable
    mutating func readLittleEndian<T: FixedWidthInteger>(_: T.Type) throws(ParquetError) -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else { throw ParquetError.corrupt("unexpected end of data reading \(size) bytes at byte \(position)") }
        let v = base.loadUnaligned(fromByteOffset: position, as: T.self)
        position += size
        return T(littleEndian: v)
    }

    /// Unsigned LEB128 varint, at most 10 bytes.
    @inlinable
    mutating func readVarUInt64() throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try readByte()
            if shift == 63 && b > 1 { throw ParquetError.corrupt("varint overflows 64 bits at byte \(position)") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ParquetError.corrupt("varint longer than 10 bytes at byte \(position)") }
        }
    }

    /// Zigzag-encoded signed varint.
    @inlinable
    mutating func readZigZagInt64() throws(ParquetError) -> Int64 {
        let u = try readVarUInt64()
        return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
    }
}

/// A growable little-endian byte sink used by encoders and the writer.
@usableFromInline
struct ByteSink {
    @usableFromInline var bytes: [UInt8]

    @inlinable init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inlinable var count: Int { bytes.count }

    @inlinable mutating func append(_ b: UInt8) { bytes.append(b) }
    @inlinable mutating func append<C: Collection>(contentsOf c: C) where C.Element == UInt8 { bytes.append(contentsOf: c) }

    /// Appends `count` bytes that `fill` writes through a pointer to the first of them
    /// (zeroed beforehand: an Array cannot grow uninitialized).
    @inlinable
    mutating func append(count: Int, writing fill: (UnsafeMutableRawPointer) -> Void) {
        guard count > 0 else { return }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: count))
        bytes.withUnsafeMutableBytes { fill($0.baseAddress! + start) }
    }

    @inlinable
    mutating func appendLittleEndian<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    @inlinable
    mutating func appendVarUInt64(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    @inlinable
    mutating func appendZigZagInt64(_ v: Int64) {
        appendVarUInt64(UInt64(bitPattern: (v << 1) ^ (v >> 63)))
    }
}

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for bodies that throw `ParquetError` (the standard one is untyped `rethrows`).
    @inlinable
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(ParquetError) -> R) throws(ParquetError) -> R {
        let result: Result<R, ParquetError> = withUnsafeBytes { raw in Result { () throws(ParquetError) in try body(raw) } }
        return try result.get()
    }
}
