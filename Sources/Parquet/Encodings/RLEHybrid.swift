// RLE / bit-packed hybrid encoding (Parquet encoding RLE = 3).
//
// Used for definition and repetition levels, dictionary indices (RLE_DICTIONARY
// / PLAIN_DICTIONARY data pages) and optionally BOOLEAN values. Every value has
// the same bit width w (0...32), known from outside. The data is a sequence of
// runs, each starting with a ULEB128 header:
//
//   header & 1 == 0: RLE run. `header >> 1` repetitions of one value stored in
//                    ceil(w / 8) little-endian bytes.
//   header & 1 == 1: bit-packed run. `header >> 1` groups of 8 values packed
//                    LSB-first (see BitPacking.swift), w bytes per group. The last
//                    run of a stream may be padded past the values the page holds;
//                    the padding is ignored.
//
// Framing is the caller's business, because it depends on where the data sits:
//   - data page v1 definition / repetition levels, and RLE-encoded BOOLEAN values
//     (v1 and v2), carry a 4-byte little-endian byte length before the runs;
//   - dictionary indices carry a 1-byte bit width before the runs;
//   - data page v2 levels carry nothing (their lengths are in the page header).
// The functions here only see and produce the runs themselves.
//
// Writers (parquet-mr, Arrow) emit an RLE run for 8 or more equal values and
// bit-packed runs of at most 63 groups otherwise; `encode` does the same.

enum RLEHybrid {
    /// Largest bit width the encoding allows (dictionary indices are 32-bit).
    static let maxBitWidth = 32

    /// Decodes exactly `count` values of `bitWidth` bits (0...32) from `data` and appends them to `out`.
    ///
    /// Used for levels and booleans, where the caller wants a growable array. Throws
    /// `ParquetError` if the runs end before `count` values, if a run is malformed, or if
    /// `bitWidth` does not fit in `T`. On error `out` is left as it was.
    static func decode<T: FixedWidthInteger & UnsignedInteger>(
        _ data: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into out: inout [T]
    ) throws(ParquetError) {
        guard count >= 0 else { throw ParquetError(.invalidArgument, "RLE: negative value count \(count)") }
        guard bitWidth <= T.bitWidth else {
            throw ParquetError(.invalidArgument, "RLE: bit width \(bitWidth) does not fit in \(T.bitWidth)-bit values")
        }
        if count == 0 { return }
        try BitPacking.append(count: count, to: &out) { (tail) throws(ParquetError) in
            guard let tail else { throw ParquetError.corrupt("RLE: no output storage") }
            try decodeCore(data, bitWidth: bitWidth, count: count, into: tail)
        }
    }

    /// Decodes exactly `count` dictionary indices of `bitWidth` bits (0...32) from `data`
    /// straight into `out[0..<count]`, which the caller has allocated
    /// (labelled `to:` like the other raw-pointer decoders, so `&array` cannot be passed by mistake).
    ///
    /// The fast path of dictionary-encoded columns: no allocation, bit-packed groups are
    /// unpacked with 64-bit loads. Indices are not checked against the dictionary size;
    /// the caller does that when it looks them up.
    static func decodeIndices(
        _ data: UnsafeRawBufferPointer, bitWidth: Int, count: Int, to out: UnsafeMutablePointer<UInt32>
    ) throws(ParquetError) {
        guard count >= 0 else { throw ParquetError(.invalidArgument, "RLE: negative value count \(count)") }
        try decodeCore(data, bitWidth: bitWidth, count: count, into: out)
    }

    /// The shared decoder: walks the runs with bounds checks on every header and value,
    /// fills RLE runs and unpacks bit-packed runs into `out`, and stops after `count` values.
    @inline(__always)
    static func decodeCore<T: FixedWidthInteger>(
        _ data: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into out: UnsafeMutablePointer<T>
    ) throws(ParquetError) {
        guard (0...maxBitWidth).contains(bitWidth) else {
            throw ParquetError.corrupt("RLE: bit width \(bitWidth) is outside 0...32")
        }
        if count == 0 { return }
        guard let base = data.baseAddress else {
            throw ParquetError.corrupt("RLE: no data for \(count) values")
        }
        let end = data.count
        let valueBytes = (bitWidth + 7) >> 3
        let valueMask = UInt32(truncatingIfNeeded: BitPacking.mask(bitWidth))
        var cursor = ByteCursor(data)
        var produced = 0
        while produced < count {
            let headerAt = cursor.position
            let header: UInt64
            do {
                header = try cursor.readVarUInt64()
            } catch {
                throw ParquetError.corrupt(
                    "RLE: run header missing or malformed at byte \(headerAt) after \(produced) of \(count) values (\(error.message))")
            }
            let wanted = count &- produced
            if header & 1 == 0 {
                // RLE run: one value repeated.
                let runLength = header >> 1
                let at = cursor.position
                guard valueBytes <= end &- at else {
                    throw ParquetError.corrupt("RLE: repeated value of run at byte \(headerAt) is cut off at byte \(at)")
                }
                var value: UInt32 = 0
                for k in 0..<valueBytes {
                    value |= UInt32(base.load(fromByteOffset: at &+ k, as: UInt8.self)) &<< UInt32(8 &* k)
                }
                guard value & ~valueMask == 0 else {
                    throw ParquetError.corrupt("RLE: repeated value \(value) of run at byte \(headerAt) does not fit in \(bitWidth) bits")
                }
                cursor.position = at &+ valueBytes
                let n = runLength < UInt64(wanted) ? Int(runLength) : wanted
                (out + produced).update(repeating: T(truncatingIfNeeded: value), count: n)
                produced &+= n
            } else {
                // Bit-packed run of `groups * 8` values, of which the last run may hold padding.
                let groups = header >> 1
                let at = cursor.position
                let available = end &- at
                let runValues: UInt64 = groups > UInt64(Int.max >> 3) ? UInt64(Int.max) : groups &* 8
                let n = runValues < UInt64(wanted) ? Int(runValues) : wanted
                if bitWidth > 0 {
                    // The values this run must deliver have to be present (available * 8 cannot overflow:
                    // a buffer is far smaller than Int.max / 8 bytes).
                    guard n <= available &* 8 / bitWidth else {
                        throw ParquetError.corrupt(
                            "RLE: bit-packed run at byte \(headerAt) needs \((n &* bitWidth &+ 7) >> 3) bytes for \(n) values but only \(available) remain")
                    }
                    BitPacking.unpack(base + at, available: available, bitWidth: bitWidth, count: n, into: out + produced)
                    // Skip the whole run; a final run may end early, which is fine as nothing follows it.
                    let runBytes = groups > UInt64(available) ? available : min(available, Int(groups) &* bitWidth)
                    cursor.position = at &+ runBytes
                } else {
                    (out + produced).update(repeating: 0, count: n)
                }
                produced &+= n
            }
        }
    }

    /// Longest bit-packed run the encoder writes, in groups of 8 (parquet-mr and Arrow use the same,
    /// so the header always fits in one byte).
    static let maxGroupsPerRun = 63

    /// Appends `values` encoded as RLE / bit-packed hybrid runs at `bitWidth` bits (0...32) to `sink`,
    /// without any length or bit-width prefix.
    ///
    /// Runs of 8 or more equal values become RLE runs; everything else is bit-packed in groups of 8
    /// (runs of at most 63 groups), the final group padded with zeros. Every value must fit in `bitWidth` bits.
    static func encode(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into sink: inout ByteSink) {
        precondition((0...maxBitWidth).contains(bitWidth), "RLE: bit width \(bitWidth) is outside 0...32")
        let n = values.count
        guard n > 0, let v = values.baseAddress else { return }
        var all: UInt32 = 0
        for i in 0..<n { all |= v[i] }
        precondition(UInt64(all) & ~BitPacking.mask(bitWidth) == 0, "RLE: a value does not fit in \(bitWidth) bits")

        let valueBytes = (bitWidth + 7) >> 3
        var literalStart = 0
        var i = 0
        // Literal values [literalStart, i) are pending; they are flushed in groups of 8 before an RLE run.
        while i < n {
            let value = v[i]
            var j = i &+ 1
            while j < n && v[j] == value { j &+= 1 }
            let run = j &- i
            if run >= 8 {
                // Complete the pending literals to a multiple of 8 with values of this run, if enough remain.
                let pending = i &- literalStart
                let borrow = (8 &- (pending & 7)) & 7
                if run &- borrow >= 8 {
                    let literalEnd = i &+ borrow
                    writeLiterals(v + literalStart, count: literalEnd &- literalStart, bitWidth: bitWidth, into: &sink)
                    var remaining = run &- borrow
                    while remaining > 0 {
                        let chunk = min(remaining, Int(Int32.max))
                        sink.appendVarUInt64(UInt64(chunk) << 1)
                        for k in 0..<valueBytes { sink.append(UInt8(truncatingIfNeeded: value >> UInt32(8 &* k))) }
                        remaining &-= chunk
                    }
                    i = j
                    literalStart = j
                    continue
                }
            }
            i = j
        }
        writeLiterals(v + literalStart, count: n &- literalStart, bitWidth: bitWidth, into: &sink)
    }

    /// Writes `count` values as bit-packed runs of at most 63 groups; a last partial group is padded with zeros.
    static func writeLiterals(_ values: UnsafePointer<UInt32>, count: Int, bitWidth: Int, into sink: inout ByteSink) {
        var done = 0
        while done < count {
            let chunk = min(count &- done, maxGroupsPerRun &* 8)
            let groups = (chunk &+ 7) >> 3
            sink.appendVarUInt64(UInt64(groups) << 1 | 1)
            let whole = chunk & ~7
            BitPacking.pack(values + done, count: whole, bitWidth: bitWidth, into: &sink)
            if whole < chunk {
                var last = [UInt32](repeating: 0, count: 8)
                for k in 0..<(chunk &- whole) { last[k] = values[done &+ whole &+ k] }
                last.withUnsafeBufferPointer { p in
                    if let b = p.baseAddress { BitPacking.pack(b, count: 8, bitWidth: bitWidth, into: &sink) }
                }
            }
            done &+= chunk
        }
    }
}
