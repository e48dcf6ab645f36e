// Building one table column from many data files: each file's column is
// converted to the representation of the table's type (writers differ:
// timestamps in millis, micros, nanos or INT96; decimals as INT32, INT64
// or fixed bytes), partition values are parsed from their text, and
// columns a file lacks are null.

import Parquet
import VigieExpressions

struct ColumnBuilder {
    let field: ParquetField
    let descriptor: ColumnDescriptor
    var int32s: [Int32] = []
    var int64s: [Int64] = []
    var floats: [Float] = []
    var doubles: [Double] = []
    var booleans: [Bool] = []
    var bytes = ByteArrays()
    var fixed: [UInt8] = []
    var validity: [Bool] = []
    var hasNulls = false

    init(field: ParquetField, index: Int) {
        self.field = field
        descriptor = field.descriptor(index: index)
    }

    var name: String { field.name }

    func finish() -> ColumnData {
        let values: ColumnValues
        switch field.physicalType {
        case .int32: values = .int32(int32s)
        case .int64: values = .int64(int64s)
        case .float: values = .float(floats)
        case .double: values = .double(doubles)
        case .boolean: values = .boolean(booleans)
        case .byteArray: values = .byteArray(bytes)
        default: values = .fixed(width: field.typeLength, bytes: fixed)
        }
        return ColumnData(descriptor: descriptor, values: values, validity: hasNulls ? validity : nil, rowCount: validity.count)
    }

    mutating func appendNulls(_ rows: Int) {
        validity.append(contentsOf: repeatElement(false, count: rows))
        if rows > 0 { hasNulls = true }
    }

    private func mismatch(_ source: ColumnDescriptor) -> LakeError {
        LakeError(.unsupported, "column '\(name)' is stored as \(source.physicalType)\(source.logicalType.map { " \($0)" } ?? "") but the table declares \(field.logicalType.map { "\($0)" } ?? "\(field.physicalType)"); reading it would need type widening, which is not supported")
    }

    /// Appends a file's column, converted to the table's type.
    mutating func append(_ data: ColumnData) throws(LakeError) {
        let source = data.descriptor
        switch (field.physicalType, data.values) {
        case (.boolean, let .boolean(v)): booleans.append(contentsOf: v)
        case (.float, let .float(v)): floats.append(contentsOf: v)
        case (.double, let .double(v)): doubles.append(contentsOf: v)
        case (.double, let .float(v)): doubles.append(contentsOf: v.lazy.map(Double.init))
        case (.byteArray, let .byteArray(v)): bytes.append(contentsOf: v)
        case (.byteArray, let .fixed(w, b)):
            for i in 0..<(b.count / max(w, 1)) { b[(i * w)..<(i * w + w)].withUnsafeBytes { bytes.append($0) } }
        case (.int32, let .int32(v)):
            try checkScale(source)
            int32s.append(contentsOf: v)
        case (.int32, let .int64(v)):
            try checkScale(source)
            for x in v {
                guard let n = Int32(exactly: x) else { throw LakeError(.corrupt, "column '\(name)': value \(x) does not fit the table's type") }
                int32s.append(n)
            }
        case (.int64, let .int64(v)):
            if case let .timestamp(_, targetUnit)? = field.logicalType, case let .timestamp(_, sourceUnit)? = source.logicalType, targetUnit != sourceUnit {
                int64s.append(contentsOf: v.lazy.map { Self.convert($0, from: sourceUnit, to: targetUnit) })
            } else {
                try checkScale(source)
                int64s.append(contentsOf: v)
            }
        case (.int64, let .int32(v)):
            try checkScale(source)
            int64s.append(contentsOf: v.lazy.map(Int64.init))
        case (.int64, let .fixed(12, b)) where source.physicalType == .int96:
            // INT96 (Spark's legacy timestamps): nanoseconds → the table's unit.
            let unit: TimeUnit = { if case let .timestamp(_, u)? = field.logicalType { return u }; return .micros }()
            for i in 0..<(b.count / 12) {
                let ns = ColumnDescriptor.int96Nanoseconds(b[(i * 12)..<(i * 12 + 12)])
                let scaled = Self.floorDiv(ns, Int128(unit.nanosPerUnit))
                guard let n = Int64(exactly: scaled) else { throw LakeError(.corrupt, "column '\(name)': INT96 timestamp out of range") }
                int64s.append(n)
            }
        case (_, _) where isDecimal(field.logicalType) && isDecimal(source.logicalType):
            try checkScale(source)
            try appendDecimals(data)
        default:
            throw mismatch(source)
        }
        appendValidity(data)
    }

    private func isDecimal(_ t: LogicalType?) -> Bool {
        if case .decimal? = t { return true }
        return false
    }

    private func checkScale(_ source: ColumnDescriptor) throws(LakeError) {
        if case let .decimal(targetScale, _)? = field.logicalType {
            guard case let .decimal(sourceScale, _)? = source.logicalType, sourceScale == targetScale else { throw mismatch(source) }
        }
    }

    private mutating func appendDecimals(_ data: ColumnData) throws(LakeError) {
        var unscaled: [Int128] = []
        switch data.values {
        case let .int32(v): unscaled = v.map { Int128($0) }
        case let .int64(v): unscaled = v.map { Int128($0) }
        case let .fixed(w, b):
            for i in 0..<(b.count / max(w, 1)) { unscaled.append(try bigEndian(b[(i * w)..<(i * w + w)])) }
        case let .byteArray(a):
            for i in 0..<a.count { unscaled.append(try bigEndian(a[i])) }
        default: throw mismatch(data.descriptor)
        }
        try appendUnscaled(unscaled)
    }

    private func bigEndian(_ bytes: ArraySlice<UInt8>) throws(LakeError) -> Int128 {
        guard let v = ColumnDescriptor.bigEndianInteger(bytes) else { throw LakeError(.corrupt, "column '\(name)': decimal wider than 128 bits") }
        return v
    }

    mutating func appendUnscaled(_ unscaled: [Int128]) throws(LakeError) {
        switch field.physicalType {
        case .int32:
            for u in unscaled {
                guard let n = Int32(exactly: u) else { throw LakeError(.corrupt, "column '\(name)': decimal \(u) exceeds the precision") }
                int32s.append(n)
            }
        case .int64:
            for u in unscaled {
                guard let n = Int64(exactly: u) else { throw LakeError(.corrupt, "column '\(name)': decimal \(u) exceeds the precision") }
                int64s.append(n)
            }
        default:
            for u in unscaled {
                let bits = UInt128(bitPattern: u)
                for k in (0..<field.typeLength).reversed() { fixed.append(UInt8(truncatingIfNeeded: k >= 16 ? (u < 0 ? ~0 : 0) : bits >> (8 * UInt128(k)))) }
            }
        }
    }

    private mutating func appendValidity(_ data: ColumnData) {
        if let v = data.validity {
            validity.append(contentsOf: v)
            hasNulls = true
        } else {
            validity.append(contentsOf: repeatElement(true, count: data.rowCount))
        }
    }

    static func convert(_ v: Int64, from: TimeUnit, to: TimeUnit) -> Int64 {
        let f = from.nanosPerUnit, t = to.nanosPerUnit
        if f > t { return v &* (f / t) }
        let d = t / f
        return v >= 0 || v % d == 0 ? v / d : v / d - 1
    }

    static func floorDiv(_ a: Int128, _ b: Int128) -> Int128 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Appends one partition value (Spark's text form) repeated for `rows` rows.
    mutating func appendPartitionValue(_ text: String?, rows: Int) throws(LakeError) {
        guard let text, text != "__HIVE_DEFAULT_PARTITION__" else {
            appendNulls(rows)
            return
        }
        func fail() -> LakeError { LakeError(.corrupt, "partition value '\(text)' is not a valid \(field.logicalType.map { "\($0)" } ?? "\(field.physicalType)") for column '\(name)'") }
        switch field.physicalType {
        case .byteArray:
            for _ in 0..<rows { bytes.append(utf8: text) }
        case .boolean:
            guard let b = Bool(text.lowercased()) else { throw fail() }
            booleans.append(contentsOf: repeatElement(b, count: rows))
        case .float:
            guard let f = Float(text) else { throw fail() }
            floats.append(contentsOf: repeatElement(f, count: rows))
        case .double:
            guard let d = Double(text) else { throw fail() }
            doubles.append(contentsOf: repeatElement(d, count: rows))
        case .int32:
            if field.logicalType == .date {
                guard let days = Self.parseDate(text) else { throw fail() }
                int32s.append(contentsOf: repeatElement(Int32(days), count: rows))
            } else if case let .decimal(scale, _)? = field.logicalType {
                guard let u = Self.parseDecimal(text, scale: Int(scale)), let n = Int32(exactly: u) else { throw fail() }
                int32s.append(contentsOf: repeatElement(n, count: rows))
            } else {
                guard let n = Int32(text) else { throw fail() }
                int32s.append(contentsOf: repeatElement(n, count: rows))
            }
        case .int64:
            if case let .timestamp(_, unit)? = field.logicalType {
                guard let micros = Self.parseTimestamp(text) else { throw fail() }
                int64s.append(contentsOf: repeatElement(Self.convert(micros, from: .micros, to: unit), count: rows))
            } else if case let .decimal(scale, _)? = field.logicalType {
                guard let u = Self.parseDecimal(text, scale: Int(scale)), let n = Int64(exactly: u) else { throw fail() }
                int64s.append(contentsOf: repeatElement(n, count: rows))
            } else {
                guard let n = Int64(text) else { throw fail() }
                int64s.append(contentsOf: repeatElement(n, count: rows))
            }
        default:
            guard case let .decimal(scale, _)? = field.logicalType, let u = Self.parseDecimal(text, scale: Int(scale)) else { throw fail() }
            try appendUnscaled(Array(repeating: u, count: rows))
        }
        validity.append(contentsOf: repeatElement(true, count: rows))
    }

    /// yyyy-MM-dd → days since the epoch.
    static func parseDate(_ text: String) -> Int64? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        let negative = text.hasPrefix("-")
        let p = negative ? Array(parts.dropFirst()) : Array(parts)
        guard p.count == 3, var y = Int64(p[0]), let m = Int(p[1]), let d = Int(p[2]), (1...12).contains(m), (1...31).contains(d) else { return nil }
        if negative { y = -y }
        return CivilDate.days(year: y, month: m, day: d)
    }

    /// Spark's timestamp text ("2021-01-01 12:34:56[.ffffff]", with T or a space, optionally ending
    /// in Z or an offset like -08:00) → microseconds since the epoch (UTC).
    static func parseTimestamp(_ text: String) -> Int64? {
        // The date and the time are split at the T or the space (Foundation's replacingOccurrences would cost
        // tens of microseconds a value).
        var t = text
        var offsetMicros: Int64 = 0
        if t.hasSuffix("Z") {
            t.removeLast()
        } else if t.count > 16, let sign = t.dropLast(5).last, sign == "+" || sign == "-", t.dropLast(2).last == ":",
                  let h = Int64(t.suffix(5).prefix(2)), let m = Int64(t.suffix(2)) {
            // The local time is ahead of UTC by the offset: subtract it.
            offsetMicros = (sign == "+" ? 1 : -1) * (h * 60 + m) * 60_000_000
            t.removeLast(6)
        }
        let halves = t.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard let dayPart = halves.first, let days = parseDate(String(dayPart)) else { return nil }
        var micros: Int64 = days * 86_400_000_000
        if halves.count == 2 {
            let clock = halves[1].split(separator: ":")
            guard clock.count == 3, let h = Int64(clock[0]), let mi = Int64(clock[1]) else { return nil }
            let secParts = clock[2].split(separator: ".")
            guard let s = Int64(secParts[0]) else { return nil }
            var fraction: Int64 = 0
            if secParts.count == 2 {
                let digits = String(secParts[1].prefix(6))
                guard let f = Int64(digits) else { return nil }
                fraction = f * Int64(pow10(6 - digits.count))
            }
            micros += ((h * 60 + mi) * 60 + s) * 1_000_000 + fraction
        }
        return micros - offsetMicros
    }

    static func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { acc, _ in acc * 10 } }

    /// "-123.45" at `scale` → unscaled integer.
    static func parseDecimal(_ text: String, scale: Int) -> Int128? {
        var s = Substring(text)
        var negative = false
        if s.first == "-" { negative = true; s = s.dropFirst() } else if s.first == "+" { s = s.dropFirst() }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, whole.allSatisfy(\.isNumber) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.allSatisfy(\.isNumber) else { return nil }
        // Extra digits must be zeros to be exact.
        if fraction.count > scale {
            guard fraction.dropFirst(scale).allSatisfy({ $0 == "0" }) else { return nil }
            fraction = String(fraction.prefix(scale))
        }
        fraction += String(repeating: "0", count: scale - fraction.count)
        guard let v = Int128(String(whole.isEmpty ? "0" : whole) + fraction) else { return nil }
        return negative ? -v : v
    }
}

// MARK: - Rows from ingest

extension ColumnBuilder {
    /// One value in the column's physical form.
    enum Stored {
        case null, int32(Int32), int64(Int64), float(Float), double(Double), bool(Bool), bytes([UInt8]), unscaled(Int128)
    }

    /// `value` converted to the column's type, or why it cannot be.
    func stored(_ value: RowValue) -> Result<Stored, LakeError> {
        func fail(_ why: String) -> Result<Stored, LakeError> { .failure(LakeError(.invalidArgument, why)) }
        if case .null = value { return .success(.null) }
        let logical = field.logicalType
        switch field.physicalType {
        case .byteArray:
            guard let text = value.text else { return fail("\(value) is not a text") }
            return .success(.bytes(Array(text.utf8)))
        case .boolean:
            guard case let .bool(b) = value else { return fail("\(value) is not true or false") }
            return .success(.bool(b))
        case .float, .double:
            let d: Double
            switch value {
            case let .double(x): d = x
            case let .int(i): d = Double(i)
            case let .decimal(u, s): d = Double(decimalText(u, scale: s)) ?? .nan
            default: return fail("\(value) is not a number")
            }
            return .success(field.physicalType == .float ? .float(Float(d)) : .double(d))
        default:
            if case let .decimal(scale, precision)? = logical {
                guard let u = ColumnAccumulator.decimal(value, scale: Int(scale)) else {
                    return fail("\(value) is not a number with at most \(scale) decimals")
                }
                guard u.magnitude < UInt128(ColumnAccumulator.pow10(Int(precision))) else { return fail("\(value) has more than \(precision) digits") }
                return .success(.unscaled(u))
            }
            if logical == .date {
                switch value {
                case let .date(d): return .success(.int32(d))
                case let .timestamp(t) where t % 86_400_000_000 == 0: return .success(.int32(Int32(t / 86_400_000_000)))
                default: return fail("\(value) is not a date")
                }
            }
            if case let .timestamp(_, unit)? = logical {
                switch value {
                case let .timestamp(t): return .success(.int64(Self.convert(t, from: .micros, to: unit)))
                case let .date(d): return .success(.int64(Self.convert(Int64(d) * 86_400_000_000, from: .micros, to: unit)))
                default: return fail("\(value) is not a date and time")
                }
            }
            let i: Int64
            switch value {
            case let .int(x): i = x
            case let .decimal(u, s):
                let p = ColumnAccumulator.pow10(s)
                guard u % p == 0, let x = Int64(exactly: u / p) else { return fail("\(value) is not a whole number") }
                i = x
            case let .double(d):
                guard d.rounded() == d, let x = Int64(exactly: d) else { return fail("\(value) is not a whole number") }
                i = x
            default: return fail("\(value) is not a whole number")
            }
            if field.physicalType == .int32 {
                var range = Int64(Int32.min)...Int64(Int32.max)
                if case let .integer(bits, true)? = logical, bits < 32 { range = -(Int64(1) << (bits - 1))...((Int64(1) << (bits - 1)) - 1) }
                guard range.contains(i) else { return fail("\(i) is out of range for \(logical.map { "\($0)" } ?? "INT32")") }
                return .success(.int32(Int32(i)))
            }
            return .success(.int64(i))
        }
    }

    /// Why `value` cannot be stored in this column, or nil when it can.
    func check(_ value: RowValue) -> String? {
        if case let .failure(error) = stored(value) { return error.message }
        return nil
    }

    /// Appends `value` (already checked).
    mutating func append(_ value: RowValue) {
        guard case let .success(s) = stored(value) else { return appendNulls(1) }
        switch s {
        case .null: return appendNulls(1)
        case let .int32(v): int32s.append(v)
        case let .int64(v): int64s.append(v)
        case let .float(v): floats.append(v)
        case let .double(v): doubles.append(v)
        case let .bool(v): booleans.append(v)
        case let .bytes(v): v.withUnsafeBytes { bytes.append($0) }
        case let .unscaled(u): try? appendUnscaled([u])
        }
        validity.append(true)
    }
}
