// Values as text and numbers from text.
//
// - `RowValue.text` is what `tostring` and `&` give: decimals with exactly
//   their scale (a scale outside 0...38, which only a caller can make, as
//   unscaled e-scale), doubles in Swift's shortest round-trip form (0.1, 100.0,
//   1e-05), dates as yyyy-MM-dd, timestamps as yyyy-MM-dd HH:mm:ss with six
//   fraction digits only when there is a fraction.
// - `DecimalText` reads a number written in text exactly (digits and a power
//   of ten) so that `todecimal('0.1', 2)` or `todecimal(0.1, 2)` never goes
//   through binary floating point.
// - Numbers typed in French exports ("1 234,50", "12,5") are read by
//   `DecimalText.lenient`: blanks (including the no-break spaces used as
//   thousands separators) are dropped, and of ',' and '.' the last one is the
//   decimal separator when both appear.


extension RowValue {
    /// The value as text, as `tostring` and `&` give it; nil for `.null`.
    public var text: String? {
        switch self {
        case .null: nil
        case let .bool(b): b ? "true" : "false"
        case let .int(i): String(i)
        case let .decimal(u, s): (0...DecimalMath.maxScale).contains(s) ? Self.decimalText(u, scale: s) : "\(u)e\(-s)"
        case let .double(d): "\(d)"
        case let .string(s): s
        case let .date(d): ExpressionCalendar.dateText(Int64(d))
        case let .timestamp(t): Self.timestampText(t)
        }
    }

    /// yyyy-MM-dd HH:mm:ss, with .ffffff when the microseconds are not zero.
    static func timestampText(_ micros: Int64) -> String {
        let (day, inDay) = ExpressionCalendar.split(micros)
        let seconds = inDay / 1_000_000, fraction = inDay % 1_000_000
        var text = ExpressionCalendar.dateText(day) + " " + twoDigits(seconds / 3600) + ":"
            + twoDigits(seconds / 60 % 60) + ":" + twoDigits(seconds % 60)
        if fraction != 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: 6 - digits.count) + digits
        }
        return text
    }

    private static func twoDigits(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `unscaled × 10^-scale` with exactly `scale` decimals: 1230 at scale 2 is 12.30, -5 is -0.05.
    static func decimalText(_ unscaled: Int128, scale: Int) -> String {
        let digits = String(unscaled.magnitude)
        let sign = unscaled < 0 ? "-" : ""
        guard scale > 0 else { return sign + digits }
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let point = padded.index(padded.endIndex, offsetBy: -scale)
        return sign + padded[..<point] + "." + padded[point...]
    }

    /// Orders two texts by their Unicode scalars (the order of their UTF-8 bytes): -1, 0 or 1.
    static func compareText(_ a: String, _ b: String) -> Int {
        var a = a, b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                var i = 0
                while i < n {
                    if x[i] != y[i] { return x[i] < y[i] ? -1 : 1 }
                    i += 1
                }
                return x.count == y.count ? 0 : (x.count < y.count ? -1 : 1)
            }
        }
    }
}

/// A number read from text exactly: `digits × 10^exponent`, with its sign.
struct DecimalText {
    var negative: Bool
    /// Decimal digits (0...9), most significant first, without leading zeros (empty for zero).
    var digits: [UInt8]
    var exponent: Int
    /// Whether the text had a decimal point.
    var hasPoint: Bool
    /// Whether the text had an exponent (`1e3`).
    var hasExponent: Bool

    /// The scale the text was written with: 2 for "12.30", 0 for "12" or "1e3".
    var naturalScale: Int { max(0, -exponent) }

    /// Reads `[+-]digits[.digits][(e|E)[+-]digits]` (".5" and "5." too), nothing around it.
    init?(_ bytes: some Collection<UInt8>) {
        var negative = false, digits: [UInt8] = [], exponent = 0
        var hasPoint = false, hasExponent = false, sawDigit = false
        var i = bytes.startIndex
        if i != bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            negative = bytes[i] == UInt8(ascii: "-")
            i = bytes.index(after: i)
        }
        while i != bytes.endIndex {
            let c = bytes[i]
            if c >= 48 && c <= 57 {
                sawDigit = true
                if !(digits.isEmpty && c == 48) { digits.append(c - 48) }
                if hasPoint { exponent -= 1 }
            } else if c == UInt8(ascii: "."), !hasPoint {
                hasPoint = true
            } else {
                break
            }
            i = bytes.index(after: i)
        }
        guard sawDigit else { return nil }
        if i != bytes.endIndex, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            hasExponent = true
            i = bytes.index(after: i)
            var sign = 1
            if i != bytes.endIndex, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                sign = bytes[i] == UInt8(ascii: "-") ? -1 : 1
                i = bytes.index(after: i)
            }
            var written = 0, sawExponentDigit = false
            while i != bytes.endIndex, bytes[i] >= 48 && bytes[i] <= 57 {
                written = min(written * 10 + Int(bytes[i] - 48), 1_000_000)
                sawExponentDigit = true
                i = bytes.index(after: i)
            }
            guard sawExponentDigit else { return nil }
            exponent += sign * written
        }
        guard i == bytes.endIndex else { return nil }
        self.negative = negative
        self.digits = digits
        self.exponent = exponent
        self.hasPoint = hasPoint
        self.hasExponent = hasExponent
    }

    /// Reads a number as people type it in exports: blanks anywhere are
    /// dropped ("1 234,50"), a lone ',' is the decimal separator ("12,5"), and
    /// when both ',' and '.' appear the last one is ("1.234,50", "1,234.50").
    /// Nil when the text is not a number.
    static func lenient(_ text: String) -> DecimalText? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var commas = 0, points = 0, lastSeparator: UInt8 = 0
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace { continue }
            guard scalar.isASCII else { return nil }
            let c = UInt8(scalar.value)
            if c == UInt8(ascii: ",") { commas += 1; lastSeparator = c }
            if c == UInt8(ascii: ".") { points += 1; lastSeparator = c }
            bytes.append(c)
        }
        let decimalSeparator: UInt8? = if commas > 0 && points > 0 {
            lastSeparator
        } else if commas == 1 {
            UInt8(ascii: ",")
        } else if points == 1 {
            UInt8(ascii: ".")
        } else {
            nil
        }
        let normalized = bytes.compactMap { c -> UInt8? in
            guard c == UInt8(ascii: ",") || c == UInt8(ascii: ".") else { return c }
            return c == decimalSeparator ? UInt8(ascii: ".") : nil
        }
        return DecimalText(normalized)
    }

    /// Whether the value is zero.
    var isZero: Bool { digits.isEmpty }

    /// The value × 10^scale as an integer, rounded half away from zero (or half
    /// to even); nil when it does not fit an Int128.
    func unscaled(scale: Int, halfEven: Bool = false) -> Int128? {
        if digits.isEmpty { return 0 }
        let shift = exponent + scale
        let keep = digits.count + shift
        var magnitude: UInt128 = 0
        if keep > 40 { return nil }
        for d in digits.prefix(max(0, keep)) {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt128(d))
            if o1 || o2 { return nil }
            magnitude = a
        }
        if shift > 0 {
            guard shift <= 38 else { return nil }
            let (m, o) = magnitude.multipliedReportingOverflow(by: DecimalMath.powerOfTen[shift])
            if o { return nil }
            magnitude = m
        } else if keep < digits.count {
            // Round on the dropped digits.
            let dropped = digits[max(0, keep)...]
            let first = keep < 0 ? 0 : dropped.first ?? 0
            let restNonZero = dropped.dropFirst().contains { $0 != 0 }
            let roundsUp: Bool = if first > 5 || (first == 5 && restNonZero) {
                true
            } else if first == 5 {
                !halfEven || magnitude & 1 == 1
            } else {
                false
            }
            if roundsUp {
                let (a, o) = magnitude.addingReportingOverflow(1)
                if o { return nil }
                magnitude = a
            }
        }
        guard magnitude <= UInt128(Int128.max) else { return nil }
        return negative ? -Int128(magnitude) : Int128(magnitude)
    }
}
