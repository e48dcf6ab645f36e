// Bit packing shared by the RLE / bit-packed hybrid and DELTA_BINARY_PACKED
// encodings.
//
// Format: values of a fixed width w (0...64 bits) are packed back to back,
// least significant bit first: value i occupies bits [i*w, (i+1)*w) of the
// byte stream read as one little-endian integer. Both encodings always pack
// whole groups of 8 values, so a group of 8 takes exactly w bytes. (The
// deprecated BIT_PACKED encoding, MSB first, is not this layout.)
//
// Decoding is the hot path of dictionary-encoded columns, so the unpacker is
// specialised per bit width: a switch picks a loop whose width is a compile-time
// constant, and each of the 8 values of a group is one unaligned 64-bit load, a
// shift and a mask (plus one byte load for widths above 57). These loads read up
// to w + 8 bytes from the group start; groups closer than that to the end of the
// buffer are copied into a zero-padded stack buffer first, so no read ever leaves
// the caller's bytes.

enum BitPacking {
    /// The low `bitWidth` bits set (`bitWidth` in 0...64); used to cut a value out of a 64-bit load.
    @inline(__always)
    static func mask(_ bitWidth: Int) -> UInt64 {
        bitWidth >= 64 ? ~0 : (1 &<< UInt64(bitWidth)) &- 1
    }

    /// The number of bytes `count` values of `bitWidth` bits occupy, rounded up to whole bytes,
    /// or nil on overflow; callers compare it with the bytes present before reading.
    @inline(__always)
    static func byteCount(values count: Int, bitWidth: Int) -> Int? {
        let (bits, overflow) = count.multipliedReportingOverflow(by: bitWidth)
        if overflow || bits > Int.max - 7 { return nil }
        return (bits + 7) >> 3
    }

    // MARK: Unpacking

    /// Unpacks one group of 8 values of `w` bits from `src` into `dst[0..<8]`.
    /// Needs `w + 8` readable bytes at `src`. Always inlined into a loop where `w` is a
    /// constant, so the shifts and the 58...64-bit branch fold away.
    @inline(__always)
    static func unpack8<T: FixedWidthInteger>(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<T>, _ w: Int) {
        let m = mask(w)
        @inline(__always)
        func one(_ j: Int) {
            let bit = j &* w
            let byte = bit &>> 3
            let shift = UInt64(truncatingIfNeeded: bit & 7)
            var v = UInt64(littleEndian: src.loadUnaligned(fromByteOffset: byte, as: UInt64.self)) &>> shift
            if w &+ Int(shift) > 64 {
                v |= UInt64(src.load(fromByteOffset: byte &+ 8, as: UInt8.self)) &<< (64 &- shift)
            }
            dst[j] = T(truncatingIfNeeded: v & m)
        }
        one(0); one(1); one(2); one(3); one(4); one(5); one(6); one(7)
    }

    /// Unpacks `groups` whole groups at the constant width `w`, all of whose
    /// `groups * w + 8` bytes are readable.
    @inline(__always)
    static func unpackGroups<T: FixedWidthInteger>(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<T>, _ groups: Int, _ w: Int) {
        var s = src
        var d = dst
        var g = groups
        while g > 0 {
            unpack8(s, d, w)
            s += w
            d += 8
            g &-= 1
        }
    }

    /// Dispatches to the loop specialised for `bitWidth` (1...64): one indirect
    /// jump per call instead of per value.
    @inline(never)
    static func unpackGroupsDispatch<T: FixedWidthInteger>(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<T>, _ groups: Int, bitWidth: Int) {
        if bitWidth <= 32 || T.bitWidth <= 32 {
            switch bitWidth {
            case 1: unpackGroups(src, dst, groups, 1)
            case 2: unpackGroups(src, dst, groups, 2)
            case 3: unpackGroups(src, dst, groups, 3)
            case 4: unpackGroups(src, dst, groups, 4)
            case 5: unpackGroups(src, dst, groups, 5)
            case 6: unpackGroups(src, dst, groups, 6)
            case 7: unpackGroups(src, dst, groups, 7)
            case 8: unpackGroups(src, dst, groups, 8)
            case 9: unpackGroups(src, dst, groups, 9)
            case 10: unpackGroups(src, dst, groups, 10)
            case 11: unpackGroups(src, dst, groups, 11)
            case 12: unpackGroups(src, dst, groups, 12)
            case 13: unpackGroups(src, dst, groups, 13)
            case 14: unpackGroups(src, dst, groups, 14)
            case 15: unpackGroups(src, dst, groups, 15)
            case 16: unpackGroups(src, dst, groups, 16)
            case 17: unpackGroups(src, dst, groups, 17)
            case 18: unpackGroups(src, dst, groups, 18)
            case 19: unpackGroups(src, dst, groups, 19)
            case 20: unpackGroups(src, dst, groups, 20)
            case 21: unpackGroups(src, dst, groups, 21)
            case 22: unpackGroups(src, dst, groups, 22)
            case 23: unpackGroups(src, dst, groups, 23)
            case 24: unpackGroups(src, dst, groups, 24)
            case 25: unpackGroups(src, dst, groups, 25)
            case 26: unpackGroups(src, dst, groups, 26)
            case 27: unpackGroups(src, dst, groups, 27)
            case 28: unpackGroups(src, dst, groups, 28)
            case 29: unpackGroups(src, dst, groups, 29)
            case 30: unpackGroups(src, dst, groups, 30)
            case 31: unpackGroups(src, dst, groups, 31)
            case 32: unpackGroups(src, dst, groups, 32)
            default: break
            }
        } else {
            switch bitWidth {
            case 33: unpackGroups(src, dst, groups, 33)
            case 34: unpackGroups(src, dst, groups, 34)
            case 35: unpackGroups(src, dst, groups, 35)
            case 36: unpackGroups(src, dst, groups, 36)
            case 37: unpackGroups(src, dst, groups, 37)
            case 38: unpackGroups(src, dst, groups, 38)
            case 39: unpackGroups(src, dst, groups, 39)
            case 40: unpackGroups(src, dst, groups, 40)
            case 41: unpackGroups(src, dst, groups, 41)
            case 42: unpackGroups(src, dst, groups, 42)
            case 43: unpackGroups(src, dst, groups, 43)
            case 44: unpackGroups(src, dst, groups, 44)
            case 45: unpackGroups(src, dst, groups, 45)
            case 46: unpackGroups(src, dst, groups, 46)
            case 47: unpackGroups(src, dst, groups, 47)
            case 48: unpackGroups(src, dst, groups, 48)
            case 49: unpackGroups(src, dst, groups, 49)
            case 50: unpackGroups(src, dst, groups, 50)
            case 51: unpackGroups(src, dst, groups, 51)
            case 52: unpackGroups(src, dst, groups, 52)
            case 53: unpackGroups(src, dst, groups, 53)
            case 54: unpackGroups(src, dst, groups, 54)
            case 55: unpackGroups(src, dst, groups, 55)
            case 56: unpackGroups(src, dst, groups, 56)
            case 57: unpackGroups(src, dst, groups, 57)
            case 58: unpackGroups(src, dst, groups, 58)
            case 59: unpackGroups(src, dst, groups, 59)
            case 60: unpackGroups(src, dst, groups, 60)
            case 61: unpackGroups(src, dst, groups, 61)
            case 62: unpackGroups(src, dst, groups, 62)
            case 63: unpackGroups(src, dst, groups, 63)
            case 64: unpackGroups(src, dst, groups, 64)
            default: break
            }
        }
    }

    /// Unpacks `count` values of `bitWidth` bits (0...64, at most `T.bitWidth`) stored LSB-first at `src`
    /// into `dst[0..<count]`, reading only the `available` bytes at `src`.
    ///
    /// The caller must have checked that `available * 8 >= count * bitWidth` (the values
    /// themselves are present); bytes past them may be absent. Groups with at least
    /// `bitWidth + 8` bytes behind them are decoded in place; the last few go through a
    /// zero-padded stack copy. Bits above `T.bitWidth` are truncated.
    @inline(__always)
    static func unpack<T: FixedWidthInteger>(
        _ src: UnsafeRawPointer, available: Int, bitWidth: Int, count: Int, into dst: UnsafeMutablePointer<T>
    ) {
        if count <= 0 { return }
        if bitWidth == 0 {
            dst.update(repeating: 0, count: count)
            return
        }
        let fullGroups = count &>> 3
        var fast = 0
        if available >= bitWidth &+ 8 {
            fast = min(fullGroups, (available &- 8) / bitWidth)
            if fast > 0 { unpackGroupsDispatch(src, dst, fast, bitWidth: bitWidth) }
        }
        if fast == fullGroups && count & 7 == 0 { return }
        unpackTail(src, available: available, bitWidth: bitWidth, count: count, from: fast, into: dst)
    }

    /// The slow path of `unpack`: decodes groups `firstGroup...` one at a time from a
    /// zero-padded copy of the bytes that remain, so nothing past `available` is read.
    @inline(never)
    static func unpackTail<T: FixedWidthInteger>(
        _ src: UnsafeRawPointer, available: Int, bitWidth: Int, count: Int, from firstGroup: Int,
        into dst: UnsafeMutablePointer<T>
    ) {
        // 10 words hold one group of up to 64 bytes plus the 8 (+1) bytes the loads may touch;
        // the next 8 words receive the unpacked values of a partial group.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 18) { tmp in
            guard let words = tmp.baseAddress else { return }
            let padded = UnsafeMutableRawPointer(words)
            let values = words + 10
            var group = firstGroup
            var produced = firstGroup &* 8
            while produced < count {
                let offset = group &* bitWidth
                let present = max(0, min(bitWidth, available &- offset))
                padded.initializeMemory(as: UInt64.self, repeating: 0, count: 10)
                if present > 0 { padded.copyMemory(from: src + offset, byteCount: present) }
                let n = min(8, count &- produced)
                if n == 8 {
                    unpack8(UnsafeRawPointer(padded), dst + produced, bitWidth)
                } else {
                    unpack8(UnsafeRawPointer(padded), values, bitWidth)
                    for j in 0..<n { dst[produced &+ j] = T(truncatingIfNeeded: values[j]) }
                }
                produced &+= n
                group &+= 1
            }
        }
    }

    // MARK: Packing

    /// Appends `count` values (a multiple of 8) packed LSB-first at `bitWidth` bits (0...64)
    /// to `sink`: exactly `count * bitWidth / 8` bytes. Bits above `bitWidth` must be zero.
    static func pack<T: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafePointer<T>, count: Int, bitWidth: Int, into sink: inout ByteSink
    ) {
        precondition(count & 7 == 0 && (0...64).contains(bitWidth), "pack needs whole groups of 8 and a width in 0...64")
        let byteCount = (count &* bitWidth) &>> 3
        if byteCount == 0 { return }
        // Pack into a scratch buffer (on the stack for usual sizes), then append it with one copy.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: byteCount) { scratch in
            guard let base = scratch.baseAddress else { return }
            var out = UnsafeMutableRawPointer(base)
            var acc: UInt64 = 0
            var bits = 0
            for i in 0..<count {
                let v = UInt64(truncatingIfNeeded: values[i])
                acc |= v << UInt64(bits)
                bits &+= bitWidth
                if bits >= 64 {
                    out.storeBytes(of: acc.littleEndian, as: UInt64.self)
                    out += 8
                    bits &-= 64
                    acc = bits == 0 ? 0 : v >> UInt64(bitWidth &- bits)
                }
            }
            var b = bits &>> 3
            while b > 0 {
                out.storeBytes(of: UInt8(truncatingIfNeeded: acc), as: UInt8.self)
                acc >>= 8
                out += 1
                b &-= 1
            }
            sink.bytes.append(contentsOf: UnsafeBufferPointer(scratch))
        }
    }
}

extension BitPacking {
    /// Grows `array` by `count` elements and lets `fill` write them through a pointer to the new
    /// tail (nil only when `count` is 0); if `fill` throws, `array` is left as it was.
    ///
    /// Decoders write straight into the caller's array this way. An empty array without room is
    /// replaced by one filled without being zeroed first; otherwise the array is zero-extended
    /// (keeping its storage), then overwritten.
    @inline(__always)
    static func append<T: FixedWidthInteger, R, E: Error>(
        count: Int, to array: inout [T], fill: (UnsafeMutablePointer<T>?) throws(E) -> R
    ) throws(E) -> R {
        if array.isEmpty && array.capacity < count {
            var outcome: Result<R, E>? = nil
            let fresh = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
                do throws(E) {
                    outcome = .success(try fill(buffer.baseAddress))
                    initialized = count
                } catch {
                    outcome = .failure(error)
                    initialized = 0
                }
            }
            switch outcome {
            case .success(let result)?:
                array = fresh
                return result
            case .failure(let error)?:
                throw error
            case nil:
                preconditionFailure("unreachable: the initializer always runs")
            }
        }
        let start = array.count
        // Zero-extend by copying from a small zeroed block: a contiguous append is a memcpy,
        // where appending `repeatElement` would go element by element.
        if count > 0 {
            array.reserveCapacity(start &+ count)
            let zeros = [T](repeating: 0, count: min(count, 4096))
            var remaining = count
            while remaining > 0 {
                let n = min(remaining, zeros.count)
                array.append(contentsOf: zeros[0..<n])
                remaining &-= n
            }
        }
        let outcome = array.withUnsafeMutableBufferPointer { (buffer) -> Result<R, E> in
            do throws(E) {
                return .success(try fill(buffer.baseAddress.map { $0 + start }))
            } catch {
                return .failure(error)
            }
        }
        if case .failure = outcome { array.removeSubrange(start...) }
        return try outcome.get()
    }
}
