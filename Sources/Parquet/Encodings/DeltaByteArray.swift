// DELTA_LENGTH_BYTE_ARRAY (Parquet encoding 6) and DELTA_BYTE_ARRAY (encoding 7).
//
// DELTA_LENGTH_BYTE_ARRAY, for BYTE_ARRAY:
//
//   <lengths: DELTA_BINARY_PACKED INT32> <all value bytes back to back>
//
// DELTA_BYTE_ARRAY ("incremental" or front coding), for BYTE_ARRAY and
// FIXED_LEN_BYTE_ARRAY: each value is stored as the length of the prefix it shares
// with the previous value plus the remaining suffix:
//
//   <prefix lengths: DELTA_BINARY_PACKED INT32> <suffixes: DELTA_LENGTH_BYTE_ARRAY>
//
// The first value of a page has prefix length 0; a prefix longer than the previous
// value is corrupt. FIXED_LEN_BYTE_ARRAY stores every length even though they are
// all equal; callers check the decoded lengths against the type length.
//
// Decoders append to a ByteArrays column and return the bytes consumed. They size
// their output from the lengths before copying anything, so allocation follows the
// caller's value count and the bytes actually present (for DELTA_BYTE_ARRAY the
// exact decoded size, which shared prefixes can make larger than the page).

enum DeltaLengthByteArray {
    /// A `ParquetError.corrupt` whose message names this encoding.
    static func corrupt(_ message: String) -> ParquetError {
        ParquetError.corrupt("DELTA_LENGTH_BYTE_ARRAY: " + message)
    }

    /// Decodes `count` values from `data` and appends them to `out`; returns the bytes consumed
    /// (the length stream plus the value bytes). Throws if a length is negative or the value
    /// bytes run past the end of `data`; on error `out` is left as it was.
    static func decode(_ data: UnsafeRawBufferPointer, count: Int, into out: inout ByteArrays) throws(ParquetError) -> Int {
        try decode(data, count: count, into: &out, base: 0, name: "DELTA_LENGTH_BYTE_ARRAY")
    }

    /// `decode` with the offset of `data` inside a larger buffer and the encoding name, for error messages.
    static func decode(
        _ data: UnsafeRawBufferPointer, count: Int, into out: inout ByteArrays, base: Int, name: String
    ) throws(ParquetError) -> Int {
        guard count >= 0 else { throw ParquetError(.invalidArgument, "\(name): negative value count \(count)") }
        var lengths: [Int32] = []
        let lengthBytes: Int
        do {
            lengthBytes = try DeltaBinaryPacked.decode(data, count: count, into: &lengths)
        } catch {
            throw ParquetError.corrupt("\(name): lengths: \(error.message)")
        }
        let available = data.count &- lengthBytes
        var total = 0
        for (i, length) in lengths.enumerated() {
            guard length >= 0 else {
                throw ParquetError.corrupt("\(name): value \(i) has negative length \(length) (lengths end at byte \(base &+ lengthBytes))")
            }
            total &+= Int(length)  // at most 2^31 values of at most 2^31 bytes: no overflow on 64-bit
            guard total <= available else {
                throw ParquetError.corrupt(
                    "\(name): values need more than the \(available) bytes after the lengths at byte \(base &+ lengthBytes) (value \(i))")
            }
        }
        guard let source = data.baseAddress else { return lengthBytes }  // only when count == 0 and data is empty
        out.bytes.append(contentsOf: UnsafeRawBufferPointer(start: source + lengthBytes, count: total))
        let startOffset = out.offsets[out.offsets.count &- 1]
        BitPacking.append(count: count, to: &out.offsets) { tail in
            guard let tail else { return }
            var offset = startOffset
            for i in 0..<count {
                offset &+= Int(lengths[i])
                tail[i] = offset
            }
        }
        return lengthBytes &+ total
    }

    /// Appends `values` encoded as DELTA_LENGTH_BYTE_ARRAY to `sink`. Each value must be shorter than 2^31 bytes.
    static func encode(_ values: ByteArrays, into sink: inout ByteSink) {
        var lengths = [Int32]()
        lengths.reserveCapacity(values.count)
        for i in 0..<values.count { lengths.append(checkedLength(values.length(i))) }
        lengths.withUnsafeBufferPointer { DeltaBinaryPacked.encode($0, into: &sink) }
        sink.append(contentsOf: values.bytes[values.offsets[0]..<values.offsets[values.count]])
    }

    /// A value length as the INT32 the format stores; Parquet cannot hold longer values.
    @inline(__always)
    static func checkedLength(_ length: Int) -> Int32 {
        guard let l = Int32(exactly: length) else { preconditionFailure("a byte array of \(length) bytes is too long for Parquet") }
        return l
    }
}

enum DeltaByteArray {
    /// A `ParquetError.corrupt` whose message names this encoding.
    static func corrupt(_ message: String) -> ParquetError {
        ParquetError.corrupt("DELTA_BYTE_ARRAY: " + message)
    }

    /// Decodes `count` values from `data` and appends them to `out`; returns the bytes consumed.
    ///
    /// Throws if a prefix length is negative or longer than the previous value, if the suffixes
    /// are malformed (see `DeltaLengthByteArray`), or if the data ends early; on error `out` is
    /// left as it was. The previous value of the first one is empty (each page starts afresh).
    static func decode(_ data: UnsafeRawBufferPointer, count: Int, into out: inout ByteArrays) throws(ParquetError) -> Int {
        guard count >= 0 else { throw ParquetError(.invalidArgument, "DELTA_BYTE_ARRAY: negative value count \(count)") }
        var prefixes: [Int32] = []
        let prefixBytes: Int
        do {
            prefixBytes = try DeltaBinaryPacked.decode(data, count: count, into: &prefixes)
        } catch {
            throw corrupt("prefix lengths: \(error.message)")
        }
        var suffixes = ByteArrays()
        let suffixBytes = try DeltaLengthByteArray.decode(
            UnsafeRawBufferPointer(rebasing: data[prefixBytes...]), count: count, into: &suffixes,
            base: prefixBytes, name: "DELTA_BYTE_ARRAY: suffixes")

        // Check every prefix and size the output exactly before writing anything.
        var total = 0
        var previousLength = 0
        for i in 0..<count {
            let prefix = Int(prefixes[i])
            guard prefix >= 0, prefix <= previousLength else {
                throw corrupt("value \(i) has prefix length \(prefix) but the previous value has \(previousLength) bytes")
            }
            previousLength = prefix &+ suffixes.length(i)
            let (sum, overflow) = total.addingReportingOverflow(previousLength)
            guard !overflow else { throw corrupt("decoded values exceed the address space") }
            total = sum
        }

        let startOffset = out.offsets[out.offsets.count &- 1]
        BitPacking.append(count: count, to: &out.offsets) { tail in
            guard let tail else { return }
            var offset = startOffset
            for i in 0..<count {
                offset &+= Int(prefixes[i]) &+ suffixes.length(i)
                tail[i] = offset
            }
        }
        BitPacking.append(count: total, to: &out.bytes) { tail in
            suffixes.bytes.withUnsafeBufferPointer { src in
                guard let d = tail, let s = src.baseAddress else { return }
                var write = 0
                var previousStart = 0
                var read = 0
                for i in 0..<count {
                    let prefix = Int(prefixes[i])
                    let suffix = suffixes.length(i)
                    // The prefix comes from the previous value, already written just before `write`.
                    if prefix > 0 { (d + write).update(from: d + previousStart, count: prefix) }
                    if suffix > 0 { (d + (write &+ prefix)).update(from: s + read, count: suffix) }
                    previousStart = write
                    write &+= prefix &+ suffix
                    read &+= suffix
                }
            }
        }
        return prefixBytes &+ suffixBytes
    }

    /// Appends `values` encoded as DELTA_BYTE_ARRAY to `sink`: for each value the length of the
    /// prefix it shares with the previous one, then the suffixes as DELTA_LENGTH_BYTE_ARRAY.
    /// Works for FIXED_LEN_BYTE_ARRAY too (all values then have the type length).
    static func encode(_ values: ByteArrays, into sink: inout ByteSink) {
        let n = values.count
        var prefixes = [Int32]()
        var suffixLengths = [Int32]()
        prefixes.reserveCapacity(n)
        suffixLengths.reserveCapacity(n)
        var suffixBytes = [UInt8]()
        values.bytes.withUnsafeBufferPointer { b in
            var previousStart = 0
            var previousLength = 0
            for i in 0..<n {
                let start = values.offsets[i]
                let length = values.offsets[i &+ 1] &- start
                let limit = min(length, previousLength)
                var prefix = 0
                while prefix < limit && b[start &+ prefix] == b[previousStart &+ prefix] { prefix &+= 1 }
                prefixes.append(DeltaLengthByteArray.checkedLength(prefix))
                suffixLengths.append(DeltaLengthByteArray.checkedLength(length &- prefix))
                suffixBytes.append(contentsOf: b[(start &+ prefix)..<(start &+ length)])
                previousStart = start
                previousLength = length
            }
        }
        prefixes.withUnsafeBufferPointer { DeltaBinaryPacked.encode($0, into: &sink) }
        suffixLengths.withUnsafeBufferPointer { DeltaBinaryPacked.encode($0, into: &sink) }
        sink.append(contentsOf: suffixBytes)
    }
}
