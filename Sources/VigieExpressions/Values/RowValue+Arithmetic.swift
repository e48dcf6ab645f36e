// Arithmetic on values (docs/ingest-expressions.md, "Numbers").
//
// Kinds: int (Int64), decimal (Int128 unscaled, scale 0...38), double.
// - int op int stays int, except `/`, which gives a decimal.
// - int and decimal mix as decimals (an int is a decimal of scale 0):
//   + - % keep the larger scale; * adds the scales (rounded half to even to
//   max(18, the operands' scales) when the sum is larger); / gives scale
//   max(6, the operands' scales), rounded half to even.
// - a double on either side makes a double.
// - a date plus or minus an int is a date; a date minus a date is a number of days.
// Exact overflow (beyond Int64 or Int128) and a finite double operation
// giving infinity are failures, never wrap-arounds; division and remainder
// by zero give null.

/// The arithmetic operators, as written: `+ - * / %`.
public enum ArithmeticOperator: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
}

extension RowValue {
    /// `a op b`; null when either is null.
    static func arithmetic(_ op: ArithmeticOperator, _ a: RowValue, _ b: RowValue) throws(ValueFailure) -> RowValue {
        switch (a, b) {
        case (.null, _), (_, .null):
            return .null
        case let (.int(x), .int(y)):
            return try integerArithmetic(op, x, y)
        case let (.date(d), .int(n)) where op == .add || op == .subtract:
            let (days, overflow) = op == .add ? Int64(d).addingReportingOverflow(n) : Int64(d).subtractingReportingOverflow(n)
            guard !overflow else { throw ValueFailure("the date is out of range") }
            return try ExpressionCalendar.date(days)
        case let (.int(n), .date(d)) where op == .add:
            return try arithmetic(op, .date(d), .int(n))
        case let (.date(x), .date(y)) where op == .subtract:
            return .int(Int64(x) - Int64(y))
        default:
            if let x = try a.exactNumber(), let y = try b.exactNumber() {
                return try DecimalMath.arithmetic(op, x, y)
            }
            guard let x = a.doubleNumber else { throw ValueFailure.notA("a number", a) }
            guard let y = b.doubleNumber else { throw ValueFailure.notA("a number", b) }
            return try doubleArithmetic(op, x, y)
        }
    }

    private static func integerArithmetic(_ op: ArithmeticOperator, _ x: Int64, _ y: Int64) throws(ValueFailure) -> RowValue {
        let (result, overflow): (Int64, Bool)
        switch op {
        case .add: (result, overflow) = x.addingReportingOverflow(y)
        case .subtract: (result, overflow) = x.subtractingReportingOverflow(y)
        case .multiply: (result, overflow) = x.multipliedReportingOverflow(by: y)
        case .divide: return try DecimalMath.arithmetic(.divide, (Int128(x), 0), (Int128(y), 0))
        case .remainder:
            // Int64.min % -1 reports an overflow but its remainder, 0, is exact.
            return y == 0 ? .null : .int(x.remainderReportingOverflow(dividingBy: y).partialValue)
        }
        if overflow { throw .overflow }
        return .int(result)
    }

    private static func doubleArithmetic(_ op: ArithmeticOperator, _ x: Double, _ y: Double) throws(ValueFailure) -> RowValue {
        let result: Double
        switch op {
        case .add: result = x + y
        case .subtract: result = x - y
        case .multiply: result = x * y
        case .divide:
            if y == 0 { return .null }
            result = x / y
        case .remainder:
            if y == 0 { return .null }
            result = x.truncatingRemainder(dividingBy: y)
        }
        if !result.isFinite, x.isFinite, y.isFinite { throw .overflow }
        return .double(result)
    }

    /// `-value`.
    static func negated(_ value: RowValue) throws(ValueFailure) -> RowValue {
        switch value {
        case .null: return .null
        case let .int(x):
            guard x != .min else { throw .overflow }
            return .int(-x)
        case let .decimal(u, s):
            _ = try value.exactNumber()
            guard u != .min else { throw .overflow }
            return .decimal(-u, scale: s)
        case let .double(d): return .double(-d)
        default: throw .notA("a number", value)
        }
    }

    /// (unscaled, scale) of an int or a decimal; nil for other kinds. Throws on a scale outside 0...38.
    func exactNumber() throws(ValueFailure) -> (Int128, Int)? {
        switch self {
        case let .int(i): return (Int128(i), 0)
        case let .decimal(u, s):
            guard (0...DecimalMath.maxScale).contains(s) else {
                throw ValueFailure("not a decimal of scale 0...38", subject: self)
            }
            return (u, s)
        default: return nil
        }
    }

    /// The nearest double of a number; nil for other kinds.
    var doubleNumber: Double? {
        switch self {
        case let .int(i): return Double(i)
        case let .decimal(u, s): return DecimalMath.double(u, scale: s)
        case let .double(d): return d
        default: return nil
        }
    }
}

/// Exact decimal arithmetic on (unscaled Int128, scale) pairs.
enum DecimalMath {
    static let maxScale = 38
    /// Products keep at most this scale (or their operands' if larger).
    static let productScale = 18
    /// Quotients have at least this scale.
    static let quotientScale = 6
    /// 10^0 … 10^38.
    static let powerOfTen: [UInt128] = {
        var powers: [UInt128] = [1]
        for _ in 1...38 { powers.append(powers[powers.count - 1] * 10) }
        return powers
    }()

    /// `a op b` for exact operands; the result is a decimal (null for a division by zero).
    static func arithmetic(_ op: ArithmeticOperator, _ a: (Int128, Int), _ b: (Int128, Int)) throws(ValueFailure) -> RowValue {
        switch op {
        case .add, .subtract, .remainder:
            let scale = max(a.1, b.1)
            guard let x = rescale(a.0, by: scale - a.1), let y = rescale(b.0, by: scale - b.1) else { throw .overflow }
            let (result, overflow): (Int128, Bool)
            switch op {
            case .add: (result, overflow) = x.addingReportingOverflow(y)
            case .subtract: (result, overflow) = x.subtractingReportingOverflow(y)
            default:
                if y == 0 { return .null }
                (result, overflow) = (x.remainderReportingOverflow(dividingBy: y).partialValue, false)
            }
            if overflow { throw .overflow }
            return .decimal(result, scale: scale)
        case .multiply:
            let scale = a.1 + b.1
            let target = scale > productScale ? max(productScale, a.1, b.1) : scale
            let (high, low) = a.0.magnitude.multipliedFullWidth(by: b.0.magnitude)
            let magnitude = target < scale
                ? roundedQuotient(high: high, low: low, divisor: powerOfTen[scale - target], halfEven: true)
                : (high == 0 ? low : nil)
            return try signed(magnitude, negative: (a.0 < 0) != (b.0 < 0), scale: target)
        case .divide:
            if b.0 == 0 { return .null }
            let scale = max(quotientScale, a.1, b.1)
            let shift = scale - a.1 + b.1
            guard shift <= maxScale else { throw .overflow }
            let (high, low) = a.0.magnitude.multipliedFullWidth(by: powerOfTen[shift])
            let magnitude = roundedQuotient(high: high, low: low, divisor: b.0.magnitude, halfEven: true)
            return try signed(magnitude, negative: (a.0 < 0) != (b.0 < 0), scale: scale)
        }
    }

    /// `u × 10^k` (0 ≤ k ≤ 38), nil on overflow.
    static func rescale(_ u: Int128, by k: Int) -> Int128? {
        if k == 0 || u == 0 { return u }
        let (result, overflow) = u.multipliedReportingOverflow(by: Int128(powerOfTen[k]))
        return overflow ? nil : result
    }

    /// (high, low) / divisor rounded to an integer (half to even, or half away from zero); nil when it does not fit.
    static func roundedQuotient(high: UInt128, low: UInt128, divisor: UInt128, halfEven: Bool) -> UInt128? {
        guard divisor != 0, high < divisor else { return nil }
        let (quotient, remainder) = divisor.dividingFullWidth((high: high, low: low))
        let rest = divisor - remainder
        let up = remainder > rest || (remainder == rest && (!halfEven || quotient & 1 == 1))
        if !up { return quotient }
        return quotient == .max ? nil : quotient + 1
    }

    /// A decimal of `magnitude` with a sign, or an overflow failure.
    static func signed(_ magnitude: UInt128?, negative: Bool, scale: Int) throws(ValueFailure) -> RowValue {
        guard let magnitude, magnitude <= UInt128(Int128.max) else { throw .overflow }
        return .decimal(negative ? -Int128(magnitude) : Int128(magnitude), scale: scale)
    }

    /// `u × 10^-scale` rounded to `digits` decimals, half away from zero (negative `digits` round to tens, hundreds…).
    /// The result has scale max(0, digits), or keeps `scale` when it already has no more digits.
    static func round(_ u: Int128, scale: Int, digits: Int) throws(ValueFailure) -> RowValue {
        if digits >= scale { return .decimal(u, scale: scale) }
        let drop = scale - digits
        let newScale = max(0, digits)
        if drop > maxScale { return .decimal(0, scale: newScale) }
        guard let q = roundedQuotient(high: 0, low: u.magnitude, divisor: powerOfTen[drop], halfEven: false) else {
            throw .overflow
        }
        // Negative digits: scale back up (round(1234, -2) = 1200).
        let back = newScale - digits
        let (high, low) = q.multipliedFullWidth(by: powerOfTen[min(back, maxScale)])
        return try signed(high == 0 ? low : nil, negative: u < 0, scale: newScale)
    }

    /// The integer part of `u × 10^-scale` rounded toward negative (floor) or positive (ceiling) infinity.
    static func integerPart(_ u: Int128, scale: Int, up: Bool) -> Int128 {
        guard scale > 0 else { return u }
        let divisor = Int128(powerOfTen[scale])
        let q = u / divisor, r = u % divisor
        if r == 0 { return q }
        if up { return r > 0 ? q + 1 : q }
        return r < 0 ? q - 1 : q
    }

    /// The nearest double of `u × 10^-scale`.
    static func double(_ u: Int128, scale: Int) -> Double {
        // Both exact in a double: one correctly rounded division.
        if u.magnitude < 1 << 53, (0...22).contains(scale) {
            return Double(u) / Double(powerOfTen[scale])
        }
        return Double("\(u)e\(-scale)") ?? .nan
    }
}
