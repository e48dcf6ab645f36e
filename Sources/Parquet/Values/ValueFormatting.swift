// Text for one value, following its logical type: what `vigie parquet cat`
// prints and what people compare with other tools.
//
// - DATE: yyyy-MM-dd (proleptic Gregorian)
// - TIMESTAMP: yyyy-MM-ddTHH:mm:ss with 3, 6 or 9 fraction digits by unit, "Z" when UTC-adjusted
// - TIME: HH:mm:ss with fraction digits by unit
// - DECIMAL: plain digits with exactly `scale` decimals
// - INT96 (legacy Impala/Spark timestamps): as TIMESTAMP(NANOS)
// - byte arrays: the text for STRING/ENUM/JSON and for unannotated bytes
//   that are valid UTF-8; otherwise 0x-prefixed hex

/// Calendar arithmetic on days since 1970-01-01.
public enum CivilDate {
    /// (year, month, day) of a day count (Howard Hinnant's algorithm).
    public static func fromDays(_ days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, Int(m), Int(d))
    }

    /// Day count of a calendar date.
    public static func days(year: Int64, month: Int, day: Int) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func pad(_ n: Int64, _ width: Int) -> String {
        let s = String(n.magnitude)
        return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// yyyy-MM-dd.
    public static func dateText(days: Int64) -> String {
        let (y, m, d) = fromDays(days)
        return "\(pad(y, 4))-\(pad(Int64(m), 2))-\(pad(Int64(d), 2))"
    }

    /// HH:mm:ss.fraction for `value` units since midnight (may exceed a day for corrupt data).
    static func timeText(_ value: Int64, unit: TimeUnit) -> String {
        let perSecond = 1_000_000_000 / unit.nanosPerUnit
        let seconds = value.floorDiv(perSecond)
        let fraction = value - seconds * perSecond
        let digits = unit == .millis ? 3 : unit == .micros ? 6 : 9
        let s = seconds.floorMod(60), mi = seconds.floorDiv(60).floorMod(60), h = seconds.floorDiv(3600)
        return "\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(fraction, digits))"
    }

    /// yyyy-MM-ddTHH:mm:ss.fraction for `value` units since the epoch.
    public static func timestampText(_ value: Int64, unit: TimeUnit, utc: Bool) -> String {
        let perDay = 86_400 * (1_000_000_000 / unit.nanosPerUnit)
        let day = value.floorDiv(perDay)
        return dateText(days: day) + "T" + timeText(value - day * perDay, unit: unit) + (utc ? "Z" : "")
    }
}

extension Int64 {
    /// self / d rounded towards minus infinity: the day of a timestamp before 1970 too.
    @inlinable public func floorDiv(_ d: Int64) -> Int64 {
        let q = self / d
        return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
    }
    @inlinable func floorMod(_ d: Int64) -> Int64 { self - floorDiv(d) * d }
}

/// Plain decimal text of `unscaled × 10^-scale`.
public func decimalText(_ unscaled: Int128, scale: Int) -> String {
    let digits = String(unscaled.magnitude)
    let sign = unscaled < 0 ? "-" : ""
    guard scale > 0 else { return sign + digits + String(repeating: "0", count: -scale) }
    let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
    let cut = padded.index(padded.endIndex, offsetBy: -scale)
    return sign + padded[..<cut] + "." + padded[cut...]
}

extension ColumnDescriptor {
    /// INT96 legacy timestamp (8 bytes nanoseconds of day, 4 bytes Julian day) as nanoseconds
    /// since the epoch, exact (far dates exceed Int64). Nanoseconds are unsigned, as Arrow reads them.
    public static func int96Nanoseconds(_ bytes: ArraySlice<UInt8>) -> Int128 {
        var nanos: UInt64 = 0
        var julian: UInt32 = 0
        let b = Array(bytes)
        for i in (0..<8).reversed() { nanos = nanos << 8 | UInt64(b[i]) }
        for i in (8..<12).reversed() { julian = julian << 8 | UInt32(b[i]) }
        return (Int128(julian) - 2_440_588) * 86_400_000_000_000 + Int128(nanos)
    }

    /// The text of value `i` of `values` (a column of this descriptor).
    public func text(of values: ColumnValues, at i: Int) -> String {
        switch values {
        case let .boolean(v): return v[i] ? "true" : "false"
        case let .int32(v): return integerText(Int64(v[i]), bits: 32)
        case let .int64(v): return integerText(v[i], bits: 64)
        case let .float(v): return "\(v[i])"
        case let .double(v): return "\(v[i])"
        case let .byteArray(v): return bytesText(v[i])
        case let .fixed(width, bytes): return bytesText(bytes[(i * width)..<(i * width + width)])
        }
    }

    private func integerText(_ v: Int64, bits: Int) -> String {
        switch logicalType {
        case let .integer(_, signed)? where !signed:
            return bits == 32 ? String(UInt32(truncatingIfNeeded: v)) : String(UInt64(bitPattern: v))
        case .date?: return CivilDate.dateText(days: v)
        case let .time(_, unit)?: return CivilDate.timeText(v, unit: unit)
        case let .timestamp(utc, unit)?: return CivilDate.timestampText(v, unit: unit, utc: utc)
        case let .decimal(scale, _)?: return decimalText(Int128(v), scale: Int(scale))
        default: return String(v)
        }
    }

    private func bytesText(_ bytes: ArraySlice<UInt8>) -> String {
        if physicalType == .int96 {
            let total = Self.int96Nanoseconds(bytes)
            let perDay: Int128 = 86_400_000_000_000
            var days = total / perDay
            if total % perDay < 0 { days -= 1 }
            return CivilDate.dateText(days: Int64(days)) + "T" + CivilDate.timeText(Int64(total - days * perDay), unit: .nanos)
        }
        switch logicalType {
        case let .decimal(scale, _)?:
            if let v = Self.bigEndianInteger(bytes) { return decimalText(v, scale: Int(scale)) }
            return hex(bytes)
        case .string?, .enum?, .json?:
            return String(decoding: bytes, as: UTF8.self)
        case .uuid? where bytes.count == 16:
            let h = bytes.map { String($0, radix: 16).leftPadded(2) }.joined()
            let parts = [h.prefix(8), h.dropFirst(8).prefix(4), h.dropFirst(12).prefix(4), h.dropFirst(16).prefix(4), h.dropFirst(20)]
            return parts.joined(separator: "-")
        case nil where physicalType == .byteArray:
            if let s = String(validating: bytes, as: UTF8.self), !s.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\t" && $0 != "\n" && $0 != "\r" }) {
                return s
            }
            return hex(bytes)
        default:
            return hex(bytes)
        }
    }

    private func hex(_ bytes: ArraySlice<UInt8>) -> String {
        "0x" + bytes.map { String($0, radix: 16).leftPadded(2) }.joined()
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
