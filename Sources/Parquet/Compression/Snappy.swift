// Snappy raw block format (the format of Parquet's SNAPPY codec), in pure Swift.
//
// This is the raw block format, not the framing format with stream
// identifiers and checksums. A block is:
//
//   varint   uncompressed length (little-endian base 128, at most 32 bits)
//   element* until the input ends
//
// Each element starts with a tag byte whose low two bits give its kind:
//   00  literal: length-1 in the upper six bits when below 60; 60...63 mean
//       length-1 follows in 1...4 little-endian bytes. The bytes follow.
//   01  copy, length 4...11 in bits 2...4, an 11-bit offset whose high three
//       bits are bits 5...7 of the tag and whose low eight are the next byte.
//   10  copy, length 1...64 in the upper six bits, 2-byte little-endian offset.
//   11  copy, like 10 with a 4-byte little-endian offset.
// A copy repeats `length` bytes that start `offset` bytes back in the output;
// an offset smaller than the length repeats a pattern (offset 1 is a run).
//
// Safety invariant: the decompressor never touches memory outside `input` and
// `output`, whatever the input holds. Every element is checked against the
// bytes left on both sides before any pointer is used. The fast paths that move
// 8 or 16 bytes at once run only when that many bytes remain in the buffer, so
// their overshoot stays inside it and is overwritten by the following
// elements; decoding succeeds only if the elements fill the output exactly, so
// every output byte was written by a real element. Corruption surfaces as
// `ParquetError.corrupt` naming the input offset, never as a crash.
//
// The compressor follows the reference implementation: independent 64 KiB
// fragments, a hash table of 4-byte sequences holding 16-bit positions, a
// skipping heuristic that speeds through incompressible data, and elements of
// at most 64 bytes per copy.

/// Raw Snappy block compression and decompression.
enum Snappy {
    /// Largest size `compress` can produce for `n` input bytes (the reference bound).
    static func maxCompressedLength(_ n: Int) -> Int {
        32 + n + n / 6
    }

    // MARK: - Decompression

    /// Uncompressed length announced by the block header (validated: <= maxLength, error otherwise).
    static func uncompressedLength(_ input: UnsafeRawBufferPointer, maxLength: Int) throws(ParquetError) -> Int {
        let length = try readHeader(input).length
        guard length <= maxLength else {
            throw ParquetError.corrupt("snappy: block announces \(length) uncompressed bytes, more than the \(maxLength) allowed (length header at input offset 0)")
        }
        return length
    }

    /// Decompresses a whole raw block into `output`, whose count must equal the
    /// announced uncompressed length.
    ///
    /// Throws `ParquetError.corrupt` on any inconsistency: a bad length header, an
    /// offset of 0 or reaching before the start of the output, a literal or copy
    /// running past the input or the output, the input ending before the output is
    /// full, or bytes left over once it is full.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(ParquetError) {
        let header = try readHeader(input)
        guard header.length == output.count else {
            throw ParquetError.corrupt("snappy: block announces \(header.length) uncompressed bytes but the output holds \(output.count) (length header at input offset 0)")
        }
        // A header was read, so the input is not empty and has a base address.
        guard let source = input.baseAddress else {
            throw ParquetError.corrupt("snappy: empty input at input offset 0")
        }
        guard header.length > 0, let destination = output.baseAddress else {
            guard header.size == input.count else {
                throw ParquetError.corrupt("snappy: \(input.count - header.size) bytes of trailing data after an empty block, at input offset \(header.size)")
            }
            return
        }
        try decodeElements(source, inputCount: input.count, start: header.size, destination, outputCount: output.count)
    }

    /// Convenience returning a new array; the announced length must be <= `maxLength`.
    static func decompress(_ input: UnsafeRawBufferPointer, maxLength: Int) throws(ParquetError) -> [UInt8] {
        let length = try uncompressedLength(input, maxLength: maxLength)
        var failure: ParquetError?
        let result = [UInt8](unsafeUninitializedCapacity: length) { buffer, initialized in
            do throws(ParquetError) {
                try decompress(input, into: UnsafeMutableRawBufferPointer(buffer))
                initialized = length
            } catch {
                failure = error
                initialized = 0
            }
        }
        if let failure { throw failure }
        return result
    }

    /// Reads the varint length header: the announced length and the header's size.
    private static func readHeader(_ input: UnsafeRawBufferPointer) throws(ParquetError) -> (length: Int, size: Int) {
        var value: UInt64 = 0
        for index in 0..<5 {
            guard index < input.count else {
                throw ParquetError.corrupt("snappy: input ends inside the length header at input offset \(index)")
            }
            let byte = input[index]
            value |= UInt64(byte & 0x7F) << UInt64(7 * index)
            if byte & 0x80 == 0 {
                guard value <= UInt64(UInt32.max) else {
                    throw ParquetError.corrupt("snappy: length header \(value) exceeds 32 bits at input offset 0")
                }
                return (Int(value), index + 1)
            }
        }
        throw ParquetError.corrupt("snappy: length header longer than 5 bytes at input offset 0")
    }

    /// Decodes the elements of a block, from input offset `start`, into the
    /// `outputCount` bytes at `destination` (which is not empty).
    private static func decodeElements(
        _ source: UnsafeRawPointer, inputCount: Int, start: Int,
        _ destination: UnsafeMutableRawPointer, outputCount: Int
    ) throws(ParquetError) {
        // Invariants: 0 <= ip <= inputCount and 0 <= op <= outputCount; the
        // wrapping operators below never wrap because of them.
        var ip = start
        var op = 0
        // The fast loop runs while at least 17 input bytes (a tag and a 16-byte
        // literal, or a tag and 4 offset bytes) and 80 output bytes (a 64-byte
        // copy and 16 bytes of overshoot) remain; its only checks are the copy
        // offset and, for literals over 16 bytes, the input length.
        let fastInputEnd = inputCount &- 17
        let fastOutputEnd = outputCount &- 80
        while ip < inputCount {
            fast: while ip <= fastInputEnd && op <= fastOutputEnd {
                let tag = source.load(fromByteOffset: ip, as: UInt8.self)
                if tag & 3 == 0 {
                    let literalLength = Int(tag >> 2) &+ 1
                    if literalLength <= 16 {
                        copy16(destination + op, source + (ip &+ 1))
                    } else if tag < 60 << 2 && inputCount &- ip >= 65 {
                        // 17...60 bytes with 64 readable: whole 16-byte moves.
                        var k = 0
                        repeat {
                            copy16(destination + (op &+ k), source + (ip &+ 1 &+ k))
                            k &+= 16
                        } while k < literalLength
                    } else {
                        // Long, or close to the end of input: checked path.
                        break fast
                    }
                    ip &+= 1 &+ literalLength
                    op &+= literalLength
                    continue
                }
                // A copy; its 1, 2 or 4 offset bytes are read as one 4-byte load.
                let word = UInt32(littleEndian: source.loadUnaligned(fromByteOffset: ip &+ 1, as: UInt32.self))
                let length: Int
                let offset: Int
                let size: Int
                switch tag & 3 {
                case 1:
                    length = Int((tag >> 2) & 7) &+ 4
                    offset = Int(tag >> 5) << 8 | Int(word & 0xFF)
                    size = 2
                case 2:
                    length = Int(tag >> 2) &+ 1
                    offset = Int(word & 0xFFFF)
                    size = 3
                default:
                    length = Int(tag >> 2) &+ 1
                    offset = Int(word)
                    size = 5
                }
                // offset in 1...op, as one unsigned comparison.
                guard UInt(bitPattern: offset &- 1) < UInt(bitPattern: op) else {
                    throw ParquetError.corrupt("snappy: copy at input offset \(ip) has offset \(offset) but \(op) bytes are written")
                }
                copyMatchFast(destination + op, offset: offset, length: length)
                ip &+= size
                op &+= length
            }
            guard ip < inputCount else { break }

            // Checked path: one element, verified against both ends.
            let tagOffset = ip
            guard op < outputCount else {
                throw ParquetError.corrupt("snappy: \(inputCount - ip) bytes of trailing data after the announced \(outputCount) bytes, at input offset \(tagOffset)")
            }
            let tag = source.load(fromByteOffset: ip, as: UInt8.self)
            ip &+= 1
            let length: Int
            let offset: Int
            switch tag & 3 {
            case 0:
                var literalLength = Int(tag >> 2) &+ 1
                if literalLength > 60 {
                    // 61...64: length-1 follows in 1...4 little-endian bytes.
                    let extra = literalLength &- 60
                    guard inputCount &- ip >= extra else {
                        throw ParquetError.corrupt("snappy: literal length at input offset \(tagOffset) is cut off by the end of input")
                    }
                    var value = 0
                    for k in 0..<extra {
                        value |= Int(source.load(fromByteOffset: ip &+ k, as: UInt8.self)) << (8 &* k)
                    }
                    literalLength = value &+ 1
                    ip &+= extra
                }
                guard literalLength <= inputCount &- ip else {
                    throw ParquetError.corrupt("snappy: literal of \(literalLength) bytes at input offset \(tagOffset) runs past the end of input (\(inputCount - ip) bytes left)")
                }
                guard literalLength <= outputCount &- op else {
                    throw ParquetError.corrupt("snappy: literal of \(literalLength) bytes at input offset \(tagOffset) runs past the announced length (\(outputCount - op) output bytes left)")
                }
                (destination + op).copyMemory(from: source + ip, byteCount: literalLength)
                ip &+= literalLength
                op &+= literalLength
                continue
            case 1:
                guard ip < inputCount else {
                    throw ParquetError.corrupt("snappy: copy at input offset \(tagOffset) is cut off by the end of input")
                }
                length = Int((tag >> 2) & 7) &+ 4
                offset = Int(tag >> 5) << 8 | Int(source.load(fromByteOffset: ip, as: UInt8.self))
                ip &+= 1
            case 2:
                guard inputCount &- ip >= 2 else {
                    throw ParquetError.corrupt("snappy: copy at input offset \(tagOffset) is cut off by the end of input")
                }
                length = Int(tag >> 2) &+ 1
                offset = Int(UInt16(littleEndian: source.loadUnaligned(fromByteOffset: ip, as: UInt16.self)))
                ip &+= 2
            default:
                guard inputCount &- ip >= 4 else {
                    throw ParquetError.corrupt("snappy: copy at input offset \(tagOffset) is cut off by the end of input")
                }
                length = Int(tag >> 2) &+ 1
                offset = Int(UInt32(littleEndian: source.loadUnaligned(fromByteOffset: ip, as: UInt32.self)))
                ip &+= 4
            }
            guard offset != 0, offset <= op else {
                throw ParquetError.corrupt("snappy: copy at input offset \(tagOffset) has offset \(offset) but \(op) bytes are written")
            }
            let room = outputCount &- op
            guard length <= room else {
                throw ParquetError.corrupt("snappy: copy of \(length) bytes at input offset \(tagOffset) runs past the announced length (\(room) output bytes left)")
            }
            let target = destination + op
            if room >= length &+ 16 {
                copyMatchFast(target, offset: offset, length: length)
            } else {
                // Near the end of the output: exact byte-by-byte copy, which
                // is also right for overlapping (pattern) copies.
                let from = UnsafeRawPointer(target - offset)
                for k in 0..<length {
                    target.storeBytes(of: from.load(fromByteOffset: k, as: UInt8.self), toByteOffset: k, as: UInt8.self)
                }
            }
            op &+= length
        }
        guard op == outputCount else {
            throw ParquetError.corrupt("snappy: input ends at input offset \(inputCount) after \(op) of the announced \(outputCount) bytes")
        }
    }

    /// Copies `length` (1...64) bytes from `offset` (>= 1) bytes before `target`
    /// to `target`, with byte-by-byte copy semantics (an overlap repeats a
    /// pattern). May write up to 15 bytes past `target + length`; the caller
    /// guarantees `length + 16` writable bytes at `target`.
    @inline(__always)
    private static func copyMatchFast(_ target: UnsafeMutableRawPointer, offset: Int, length: Int) {
        let from = UnsafeRawPointer(target - offset)
        if offset >= 8 {
            // Two 8-byte moves cover the common short copy; the second may read
            // bytes the first wrote, which is right since they are final.
            copy8(target, from)
            guard length > 8 else { return }
            copy8(target + 8, from + 8)
            guard length > 16 else { return }
            var k = 16
            if offset >= 16 {
                // Each 16-byte load ends at or before the write position, so
                // it only sees final bytes.
                repeat {
                    copy16(target + k, from + k)
                    k &+= 16
                } while k < length
            } else {
                repeat {
                    copy8(target + k, from + k)
                    k &+= 8
                } while k < length
            }
        } else {
            // Offset 1...7: build the 8-byte repetition of the pattern in a
            // register (the load sees only `offset` final bytes; the rest are
            // masked off) and store it at steps that are multiples of the
            // offset, so no load depends on a store just made.
            var pattern = UInt64(littleEndian: from.loadUnaligned(as: UInt64.self))
            var shift = UInt64(truncatingIfNeeded: offset &* 8)
            pattern &= (1 &<< shift) &- 1
            while shift < 64 {
                pattern |= pattern &<< shift
                shift &*= 2
            }
            // step = 8 - 8 % offset (8, 8, 6, 8, 5, 6, 7 for offsets 1...7),
            // read from a table of nibbles instead of dividing.
            let step = Int(truncatingIfNeeded: (0x7658_6880 as UInt32) &>> UInt32(truncatingIfNeeded: offset &* 4)) & 0xF
            let stored = pattern.littleEndian
            var k = 0
            repeat {
                target.storeBytes(of: stored, toByteOffset: k, as: UInt64.self)
                k &+= step
            } while k < length
        }
    }

    /// Moves 8 bytes (loaded before stored, so overlap is harmless).
    @inline(__always)
    private static func copy8(_ to: UnsafeMutableRawPointer, _ from: UnsafeRawPointer) {
        to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
    }

    /// Moves 16 bytes (both halves loaded before either is stored).
    @inline(__always)
    private static func copy16(_ to: UnsafeMutableRawPointer, _ from: UnsafeRawPointer) {
        let low = from.loadUnaligned(as: UInt64.self)
        let high = from.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        to.storeBytes(of: low, as: UInt64.self)
        to.storeBytes(of: high, toByteOffset: 8, as: UInt64.self)
    }

    // MARK: - Compression

    /// Fragment size: matches never cross a fragment, so offsets fit 16 bits.
    private static let fragmentSize = 1 << 16
    /// Largest hash table, in entries (log2).
    private static let maxTableBits = 14
    /// Bytes at the end of a fragment where no match search starts, so the
    /// search loop can load 8 bytes and emit 16-byte literals without checks.
    private static let inputMargin = 15

    /// Compresses `input` as one raw block appended to `output`.
    ///
    /// The input must be shorter than 4 GiB (the header is a 32-bit length).
    static func compress(_ input: UnsafeRawBufferPointer, into output: inout [UInt8]) {
        precondition(UInt64(input.count) <= UInt64(UInt32.max), "snappy: input of \(input.count) bytes exceeds the 32-bit block length")
        let start = output.count
        let bound = maxCompressedLength(input.count)
        output.append(contentsOf: repeatElement(0, count: bound))
        let written = output.withUnsafeMutableBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            let begin = base + start
            let end = compressBlock(input, into: begin)
            return end - begin
        }
        output.removeLast(bound - written)
    }

    /// Writes the header and all fragments at `destination` (which has room for
    /// `maxCompressedLength(input.count)` bytes); returns the end of the output.
    private static func compressBlock(_ input: UnsafeRawBufferPointer, into destination: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        var op = destination
        var remaining = UInt(input.count)
        while remaining >= 0x80 {
            op.storeBytes(of: UInt8(truncatingIfNeeded: remaining) | 0x80, as: UInt8.self)
            op += 1
            remaining >>= 7
        }
        op.storeBytes(of: UInt8(remaining), as: UInt8.self)
        op += 1
        guard let base = input.baseAddress, input.count > 0 else { return op }

        let table = UnsafeMutablePointer<UInt16>.allocate(capacity: 1 << maxTableBits)
        defer { table.deallocate() }
        var position = 0
        while position < input.count {
            let length = min(input.count - position, fragmentSize)
            // Smallest power of two >= length, within 2^8...2^14 (as the reference).
            var bits = 8
            while bits < maxTableBits && (1 << bits) < length { bits += 1 }
            table.update(repeating: 0, count: 1 << bits)
            op = compressFragment(base + position, length: length, into: op, table: table, tableBits: bits)
            position += length
        }
        return op
    }

    @inline(__always)
    private static func load32(_ p: UnsafeRawPointer) -> UInt32 {
        UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))
    }

    @inline(__always)
    private static func load64(_ p: UnsafeRawPointer) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
    }

    /// Multiplicative hash of 4 bytes into a table of 2^(32 - shift) entries.
    @inline(__always)
    private static func hash(_ bytes: UInt32, _ shift: UInt32) -> Int {
        Int((bytes &* 0x1E35_A7BD) &>> shift)
    }

    /// Compresses one fragment (<= 64 KiB) with a zeroed table; returns the end of the output.
    private static func compressFragment(
        _ base: UnsafeRawPointer, length: Int, into destination: UnsafeMutableRawPointer,
        table: UnsafeMutablePointer<UInt16>, tableBits: Int
    ) -> UnsafeMutableRawPointer {
        var op = destination
        let shift = UInt32(32 - tableBits)
        var nextEmit = 0
        if length >= inputMargin {
            // Positions ip < ipLimit have at least 16 bytes after them.
            let ipLimit = length - inputMargin
            var ip = 1
            var nextHash = hash(load32(base + ip), shift)
            search: while true {
                // Look for a 4-byte match. After 32 misses the step grows by one
                // every 32 probes, so incompressible data is skipped quickly.
                var skip = 32
                var nextIp = ip
                var candidate = 0
                repeat {
                    ip = nextIp
                    let h = nextHash
                    let step = skip &>> 5
                    skip &+= step
                    nextIp = ip &+ step
                    if nextIp > ipLimit { break search }
                    nextHash = hash(load32(base + nextIp), shift)
                    // Table entries are earlier positions of this fragment (or 0),
                    // so candidate < ip and the offset is at least 1.
                    candidate = Int(table[h])
                    table[h] = UInt16(truncatingIfNeeded: ip)
                } while load32(base + ip) != load32(base + candidate)

                op = emitLiteral(op, from: base + nextEmit, length: ip - nextEmit, sixteenBytesReadable: true)

                // Emit copies as long as the position right after a match
                // starts another match.
                var following: UInt64 = 0
                repeat {
                    let matchStart = ip
                    let matched = 4 + matchLength(base + candidate + 4, base + ip + 4, limit: base + length)
                    ip += matched
                    op = emitCopy(op, offset: matchStart - candidate, length: matched)
                    nextEmit = ip
                    if ip >= ipLimit { break search }
                    // Index the last byte of the match and the current position.
                    following = load64(base + ip - 1)
                    table[hash(UInt32(truncatingIfNeeded: following), shift)] = UInt16(truncatingIfNeeded: ip - 1)
                    let h = hash(UInt32(truncatingIfNeeded: following >> 8), shift)
                    candidate = Int(table[h])
                    table[h] = UInt16(truncatingIfNeeded: ip)
                } while UInt32(truncatingIfNeeded: following >> 8) == load32(base + candidate)
                nextHash = hash(UInt32(truncatingIfNeeded: following >> 16), shift)
                ip += 1
            }
        }
        if nextEmit < length {
            op = emitLiteral(op, from: base + nextEmit, length: length - nextEmit, sixteenBytesReadable: false)
        }
        return op
    }

    /// Number of equal bytes at `a` and `b`, comparing no further than `limit` from `b` (`a` < `b`).
    @inline(__always)
    private static func matchLength(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, limit: UnsafeRawPointer) -> Int {
        let available = limit - b
        var matched = 0
        while matched + 8 <= available {
            let difference = load64(a + matched) ^ load64(b + matched)
            if difference != 0 {
                return matched + difference.trailingZeroBitCount >> 3
            }
            matched += 8
        }
        while matched < available && a.load(fromByteOffset: matched, as: UInt8.self) == b.load(fromByteOffset: matched, as: UInt8.self) {
            matched += 1
        }
        return matched
    }

    /// Emits a literal of `length` >= 1 bytes. With `sixteenBytesReadable`, a
    /// literal of <= 16 bytes is moved as one 16-byte block (the input has 16
    /// readable bytes at `from`, and the output bound leaves room for the excess).
    @inline(__always)
    private static func emitLiteral(
        _ destination: UnsafeMutableRawPointer, from: UnsafeRawPointer, length: Int, sixteenBytesReadable: Bool
    ) -> UnsafeMutableRawPointer {
        var op = destination
        let n = length - 1
        if sixteenBytesReadable && length <= 16 {
            op.storeBytes(of: UInt8(truncatingIfNeeded: n << 2), as: UInt8.self)
            copy16(op + 1, from)
            return op + 1 + length
        }
        if n < 60 {
            op.storeBytes(of: UInt8(truncatingIfNeeded: n << 2), as: UInt8.self)
            op += 1
        } else {
            var count = 1
            while count < 4 && n >> (8 * count) != 0 { count += 1 }
            op.storeBytes(of: UInt8(truncatingIfNeeded: (59 + count) << 2), as: UInt8.self)
            for k in 0..<count {
                op.storeBytes(of: UInt8(truncatingIfNeeded: n >> (8 * k)), toByteOffset: 1 + k, as: UInt8.self)
            }
            op += 1 + count
        }
        op.copyMemory(from: from, byteCount: length)
        return op + length
    }

    /// Emits one copy element of 1...64 bytes, with a 1-byte offset when possible.
    @inline(__always)
    private static func emitCopyAtMost64(_ destination: UnsafeMutableRawPointer, offset: Int, length: Int) -> UnsafeMutableRawPointer {
        if length >= 4 && length < 12 && offset < 2048 {
            destination.storeBytes(of: UInt8(truncatingIfNeeded: 1 | (length - 4) << 2 | (offset >> 3) & 0xE0), as: UInt8.self)
            destination.storeBytes(of: UInt8(truncatingIfNeeded: offset), toByteOffset: 1, as: UInt8.self)
            return destination + 2
        }
        destination.storeBytes(of: UInt8(truncatingIfNeeded: 2 | (length - 1) << 2), as: UInt8.self)
        destination.storeBytes(of: UInt16(truncatingIfNeeded: offset).littleEndian, toByteOffset: 1, as: UInt16.self)
        return destination + 3
    }

    /// Emits a match of >= 4 bytes as copies of at most 64 bytes, never leaving
    /// a remainder below 4 (so the last piece can still use a 1-byte offset).
    @inline(__always)
    private static func emitCopy(_ destination: UnsafeMutableRawPointer, offset: Int, length: Int) -> UnsafeMutableRawPointer {
        var op = destination
        var remaining = length
        while remaining >= 68 {
            op = emitCopyAtMost64(op, offset: offset, length: 64)
            remaining -= 64
        }
        if remaining > 64 {
            op = emitCopyAtMost64(op, offset: offset, length: 60)
            remaining -= 60
        }
        return emitCopyAtMost64(op, offset: offset, length: remaining)
    }
}
