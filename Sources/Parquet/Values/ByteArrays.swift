// Variable-length values (strings, binary) stored Arrow-style: one
// contiguous byte buffer plus `count + 1` offsets. No per-value allocation.

/// A column of byte strings: value `i` is `bytes[offsets[i] ..< offsets[i + 1]]`.
public struct ByteArrays: Sendable, Equatable {
    /// `count + 1` offsets into `bytes`, starting at 0 and never decreasing.
    public var offsets: [Int]
    /// All values, back to back.
    public var bytes: [UInt8]

    public init() {
        offsets = [0]
        bytes = []
    }

    public init(offsets: [Int], bytes: [UInt8]) {
        precondition(offsets.first == 0 && offsets.last == bytes.count)
        self.offsets = offsets
        self.bytes = bytes
    }

    /// Builds from Swift strings, as UTF-8.
    public init<S: Sequence>(_ strings: S) where S.Element == String {
        self.init()
        for s in strings { append(utf8: s) }
    }

    public var count: Int { offsets.count - 1 }

    public mutating func reserve(values: Int, bytes byteCount: Int) {
        offsets.reserveCapacity(offsets.count + values)
        bytes.reserveCapacity(bytes.count + byteCount)
    }

    @inlinable
    public mutating func append(_ value: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: value)
        offsets.append(bytes.count)
    }

    public mutating func append(utf8 string: String) {
        var s = string
        s.withUTF8 { bytes.append(contentsOf: $0) }
        offsets.append(bytes.count)
    }

    /// Appends all values of `other`.
    public mutating func append(contentsOf other: ByteArrays) {
        let shift = bytes.count
        bytes.append(contentsOf: other.bytes)
        offsets.reserveCapacity(offsets.count + other.count)
        for i in 1..<other.offsets.count { offsets.append(other.offsets[i] + shift) }
    }

    /// The length of value `i`.
    public func length(_ i: Int) -> Int { offsets[i + 1] - offsets[i] }

    /// The bytes of value `i` (a copy).
    public subscript(i: Int) -> ArraySlice<UInt8> { bytes[offsets[i]..<offsets[i + 1]] }

    /// Value `i` decoded as UTF-8 (invalid sequences become U+FFFD).
    public func string(_ i: Int) -> String {
        bytes.withUnsafeBufferPointer { buf in
            String(decoding: UnsafeBufferPointer(rebasing: buf[offsets[i]..<offsets[i + 1]]), as: UTF8.self)
        }
    }
}
