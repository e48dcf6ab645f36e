// DELTA_BINARY_PACKED (Parquet encoding 5), for INT32 and INT64.
//
// Layout (all varints ULEB128, "zigzag" = zigzag-mapped ULEB128):
//
//   header: <block size> <miniblocks per block> <total value count> <first value: zigzag>
//   blocks: <min delta: zigzag> <one bit-width byte per miniblock> <miniblocks>
//
// The block size is a positive multiple of 128 and the miniblock count divides it
// into miniblocks of a multiple of 32 values. Each value after the first is stored
// as (value - previous - min delta), bit-packed LSB-first (BitPacking.swift) at its
// miniblock's width, which must not exceed the type's width (32 or 64). All
// arithmetic wraps (two's complement), so deltas such as Int64.max - Int64.min
// round-trip.
//
// The last miniblock that holds values is padded to full length (its padding bits
// are arbitrary); the miniblocks after it in the last block have no body at all,
// and their bit widths are arbitrary and ignored. A stream with a total count of 0
// or 1 has no blocks. The stream does not record its own byte length, so `decode`
// returns the number of bytes it spans: DELTA_LENGTH_BYTE_ARRAY and
// DELTA_BYTE_ARRAY put other data right after it.
//
// The encoder writes blocks of 128 values in 4 miniblocks of 32, as parquet-mr,
// Arrow C++ and arrow-rs do.

enum DeltaBinaryPacked {
    /// Values per block written by `encode`.
    static let encoderBlockSize = 128
    /// Miniblocks per block written by `encode` (32 values each).
    static let encoderMiniblocks = 4

    /// Decodes `count` values from the stream at the start of `data` and appends them to `out`;
    /// returns how many bytes the whole stream spans (header, blocks, padding of the last miniblock).
    ///
    /// The header's total count must be at least `count`; if it is larger, the surplus values
    /// are walked over (not stored) so that the returned length is still the stream's end.
    /// Throws `ParquetError.corrupt` for an impossible header, a bit width above `T.bitWidth`,
    /// or data that ends early; on error `out` is left as it was.
    static func decode<T: FixedWidthInteger & SignedInteger>(
        _ data: UnsafeRawBufferPointer, count: Int, into out: inout [T]
    ) throws(ParquetError) -> Int {
        guard count >= 0 else { throw ParquetError(.invalidArgument, "DELTA_BINARY_PACKED: negative value count \(count)") }
        return try BitPacking.append(count: count, to: &out) { (tail) throws(ParquetError) -> Int in
            try decodeCore(data, count: count, into: tail)
        }
    }

    /// Decodes `count` values straight into `out[0..<count]`, memory the caller has allocated;
    /// returns how many bytes the stream spans. Same checks as the array version.
    ///
    /// (Named `to:`, not `into:`, so that `&array` can never silently pick this pointer
    /// version instead of the appending one.)
    static func decode<T: FixedWidthInteger & SignedInteger>(
        _ data: UnsafeRawBufferPointer, count: Int, to out: UnsafeMutablePointer<T>
    ) throws(ParquetError) -> Int {
        guard count >= 0 else { throw ParquetError(.invalidArgument, "DELTA_BINARY_PACKED: negative value count \(count)") }
        return try decodeCore(data, count: count, into: out)
    }

    /// Reads only the header and returns its total value count, so a caller that does not know
    /// how many values a stream holds can size its output before decoding.
    static func totalCount(_ data: UnsafeRawBufferPointer) throws(ParquetError) -> Int {
        var cursor = ByteCursor(data)
        _ = try varint(&cursor, "block size", base: 0)
        _ = try varint(&cursor, "miniblock count", base: 0)
        let at = cursor.position
        let total = try varint(&cursor, "total value count", base: 0)
        guard total <= UInt64(Int.max) else { throw corrupt("total value count \(total) is too large at byte \(at)") }
        return Int(total)
    }

    /// A `ParquetError.corrupt` whose message names this encoding.
    static func corrupt(_ message: String) -> ParquetError {
        ParquetError.corrupt("DELTA_BINARY_PACKED: " + message)
    }

    /// Reads a ULEB128 varint, naming `what` and its offset (`base` + position) if it is cut off or too long.
    @inline(__always)
    static func varint(_ cursor: inout ByteCursor, _ what: @autoclosure () -> String, base: Int) throws(ParquetError) -> UInt64 {
        let at = cursor.position
        do {
            return try cursor.readVarUInt64()
        } catch {
            throw corrupt("\(what()) missing or malformed at byte \(base &+ at)")
        }
    }

    /// Reads a zigzag varint, with the same error naming as `varint`.
    @inline(__always)
    static func zigzag(_ cursor: inout ByteCursor, _ what: @autoclosure () -> String, base: Int) throws(ParquetError) -> Int64 {
        let at = cursor.position
        do {
            return try cursor.readZigZagInt64()
        } catch {
            throw corrupt("\(what()) missing or malformed at byte \(base &+ at)")
        }
    }

    /// The decoder proper: validates the header, then per miniblock checks the width and the bytes
    /// present, unpacks the needed deltas into `out` and turns them into values with a running sum.
    /// `out` may be nil only when `count` is 0. `base` is added to byte offsets in error messages,
    /// for streams that sit inside a larger buffer.
    static func decodeCore<T: FixedWidthInteger & SignedInteger>(
        _ data: UnsafeRawBufferPointer, count: Int, into out: UnsafeMutablePointer<T>?, base: Int = 0
    ) throws(ParquetError) -> Int {
        if count == 0 && data.isEmpty { return 0 }
        var cursor = ByteCursor(data)
        let blockSize = try varint(&cursor, "block size", base: base)
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= UInt64(Int32.max) else {
            throw corrupt("block size \(blockSize) is not a positive multiple of 128 (at most 2^31) at byte \(base)")
        }
        let miniblocksAt = cursor.position
        let miniblockCount = try varint(&cursor, "miniblock count", base: base)
        guard miniblockCount > 0, blockSize % miniblockCount == 0, (blockSize / miniblockCount) % 32 == 0 else {
            throw corrupt(
                "\(miniblockCount) miniblocks do not split a block of \(blockSize) values into multiples of 32 at byte \(base &+ miniblocksAt)")
        }
        let totalAt = cursor.position
        let total = try varint(&cursor, "total value count", base: base)
        guard total >= UInt64(count) else {
            throw corrupt("header holds \(total) values but \(count) are expected at byte \(base &+ totalAt)")
        }
        let firstAt = cursor.position
        let firstValue = try zigzag(&cursor, "first value", base: base)
        guard let first = T(exactly: firstValue) else {
            throw corrupt("first value \(firstValue) does not fit in \(T.bitWidth) bits at byte \(base &+ firstAt)")
        }
        if total == 0 { return cursor.position }
        guard let bytes = data.baseAddress else { return cursor.position }  // unreachable: the header was read
        var produced = 0
        if count > 0 {
            guard let out else { throw ParquetError(.invalidArgument, "DELTA_BINARY_PACKED: no output for \(count) values") }
            out[0] = first
            produced = 1
        }
        var last = first
        var left = total &- 1
        let valuesPerMiniblock = Int(blockSize / miniblockCount)
        let miniblocks = Int(miniblockCount)
        let maxWidth = T.bitWidth

        while left > 0 {
            let blockAt = cursor.position
            let minDeltaValue = try zigzag(&cursor, "min delta of the block at byte \(base &+ blockAt)", base: base)
            guard let minDelta = T(exactly: minDeltaValue) else {
                throw corrupt("min delta \(minDeltaValue) does not fit in \(T.bitWidth) bits at byte \(base &+ blockAt)")
            }
            let widthsAt = cursor.position
            guard miniblocks <= cursor.remaining else {
                throw corrupt(
                    "block at byte \(base &+ blockAt) needs \(miniblocks) miniblock bit widths but only \(cursor.remaining) bytes remain")
            }
            cursor.position = widthsAt &+ miniblocks
            var m = 0
            while m < miniblocks && left > 0 {
                let width = Int(bytes.load(fromByteOffset: widthsAt &+ m, as: UInt8.self))
                guard width <= maxWidth else {
                    throw corrupt("miniblock bit width \(width) exceeds \(maxWidth) at byte \(base &+ widthsAt &+ m)")
                }
                let inMiniblock = left < UInt64(valuesPerMiniblock) ? Int(left) : valuesPerMiniblock
                let at = cursor.position
                let available = cursor.remaining
                // inMiniblock <= 2^31 and width <= 64, so the products cannot overflow.
                let needed = (inMiniblock &* width &+ 7) &>> 3
                guard needed <= available else {
                    throw corrupt(
                        "miniblock at byte \(base &+ at) needs \(needed) bytes for \(inMiniblock) values of \(width) bits but only \(available) remain")
                }
                let wanted = min(inMiniblock, count &- produced)
                if wanted > 0, let out {
                    let dst = out + produced
                    if width == 0 {
                        if minDelta == 0 {
                            dst.update(repeating: last, count: wanted)
                        } else {
                            for i in 0..<wanted {
                                last = last &+ minDelta
                                dst[i] = last
                            }
                        }
                    } else {
                        BitPacking.unpack(bytes + at, available: available, bitWidth: width, count: wanted, into: dst)
                        for i in 0..<wanted {
                            last = last &+ (dst[i] &+ minDelta)
                            dst[i] = last
                        }
                    }
                    produced &+= wanted
                }
                // A full miniblock is present (checked above); only the stream's last one may be cut short.
                cursor.position = at &+ min((valuesPerMiniblock &* width) &>> 3, available)
                left &-= UInt64(inMiniblock)
                m &+= 1
            }
        }
        return cursor.position
    }

    /// Appends `values` encoded as DELTA_BINARY_PACKED to `sink`: blocks of 128 values in 4 miniblocks
    /// of 32, each miniblock at the smallest width that holds its deltas, the last one padded with zeros.
    static func encode<T: FixedWidthInteger & SignedInteger>(_ values: UnsafeBufferPointer<T>, into sink: inout ByteSink) {
        precondition(T.bitWidth <= 64, "DELTA_BINARY_PACKED holds at most 64-bit integers")
        let n = values.count
        let miniblockSize = encoderBlockSize / encoderMiniblocks
        sink.appendVarUInt64(UInt64(encoderBlockSize))
        sink.appendVarUInt64(UInt64(encoderMiniblocks))
        sink.appendVarUInt64(UInt64(n))
        guard n > 0, let v = values.baseAddress else {
            sink.appendZigZagInt64(0)
            return
        }
        sink.appendZigZagInt64(Int64(v[0]))
        let typeMask = BitPacking.mask(T.bitWidth)
        // Scratch for one block: the deltas, then their distances from the block minimum.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: encoderBlockSize) { scratch in
            guard let packed = scratch.baseAddress else { return }
            var previous = v[0]
            var i = 1
            while i < n {
                let inBlock = min(encoderBlockSize, n &- i)
                var minDelta = T.max
                var p = previous
                for k in 0..<inBlock {
                    let delta = v[i &+ k] &- p
                    p = v[i &+ k]
                    if delta < minDelta { minDelta = delta }
                }
                for k in 0..<inBlock {
                    let delta = v[i &+ k] &- previous
                    previous = v[i &+ k]
                    // The distance from the minimum is non-negative and fits in T's width, unsigned.
                    packed[k] = UInt64(truncatingIfNeeded: delta &- minDelta) & typeMask
                }
                for k in inBlock..<encoderBlockSize { packed[k] = 0 }
                sink.appendZigZagInt64(Int64(minDelta))
                var widths: (UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0)
                withUnsafeMutableBytes(of: &widths) { w in
                    for m in 0..<encoderMiniblocks where m &* miniblockSize < inBlock {
                        var all: UInt64 = 0
                        for k in (m &* miniblockSize)..<((m &+ 1) &* miniblockSize) { all |= packed[k] }
                        w[m] = UInt8(64 &- all.leadingZeroBitCount)
                    }
                }
                sink.append(widths.0)
                sink.append(widths.1)
                sink.append(widths.2)
                sink.append(widths.3)
                let used = (inBlock &+ miniblockSize &- 1) / miniblockSize
                for m in 0..<used {
                    let width = withUnsafeBytes(of: widths) { Int($0[m]) }
                    BitPacking.pack(packed + m &* miniblockSize, count: miniblockSize, bitWidth: width, into: &sink)
                }
                i &+= inBlock
            }
        }
    }
}
