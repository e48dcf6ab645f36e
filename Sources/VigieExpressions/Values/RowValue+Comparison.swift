// Ordering values for = <> < <= > >=, in, between, min and max.
//
// - Numbers compare by value across kinds: ints and decimals exactly, a
//   double with anything as doubles. NaN equals NaN and is above every
//   other number (as in DuckDB and PostgreSQL), so ordering stays total.
// - Texts compare by Unicode scalars (the byte order of UTF-8): 'Z' < 'a' < 'é',
//   and a precomposed 'é' differs from 'e' + U+0301.
// - Dates and timestamps compare on the time line (a date is its midnight);
//   a text compared with either is read as a date (yyyy-MM-dd or
//   dd/MM/yyyy, with an optional time), so `day >= '2024-01-01'` works.
// - false < true. Any other mix (a text with a number) is a failure.

/// The comparison operators, as written: `= <> < <= > >=` (`!=` and `==` are read as `<>` and `=`).
public enum ComparisonOperator: String, Sendable, Equatable {
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// Whether the operator holds for an ordering (-1, 0 or 1) of its operands.
    @inline(__always) func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }
}

extension RowValue {
    /// -1, 0 or 1 as `a` is below, equal to or above `b`; nil when either is null.
    static func compare(_ a: RowValue, _ b: RowValue) throws(ValueFailure) -> Int? {
        switch (a, b) {
        case (.null, _), (_, .null): return nil
        case let (.int(x), .int(y)): return order(x, y)
        case let (.string(x), .string(y)): return compareText(x, y)
        case let (.date(x), .date(y)): return order(x, y)
        case let (.timestamp(x), .timestamp(y)): return order(x, y)
        case let (.bool(x), .bool(y)): return order(x ? 1 : 0, y ? 1 : 0)
        case let (.date(x), .timestamp(y)):
            let (day, time) = ExpressionCalendar.split(y)
            return Int64(x) != day ? order(Int64(x), day) : (time == 0 ? 0 : -1)
        case (.timestamp, .date):
            return try compare(b, a).map { -$0 }
        case let (.date, .string(s)), let (.timestamp, .string(s)):
            let moment = try ExpressionCalendar.moment(.string(s))
            return try compare(a, ExpressionCalendar.value(moment))
        case (.string, .date), (.string, .timestamp):
            return try compare(b, a).map { -$0 }
        default:
            if let x = try a.exactNumber(), let y = try b.exactNumber() {
                return compareExact(x, y)
            }
            if let x = a.doubleNumber, let y = b.doubleNumber {
                if x.isNaN || y.isNaN { return x.isNaN ? (y.isNaN ? 0 : 1) : -1 }
                return order(x, y)
            }
            throw ValueFailure("cannot compare \(a.kindName) with \(b.kindName)")
        }
    }

    @inline(__always) static func order<T: Comparable>(_ x: T, _ y: T) -> Int {
        x < y ? -1 : (x == y ? 0 : 1)
    }

    /// Orders two exact numbers of any scales without rounding.
    static func compareExact(_ a: (Int128, Int), _ b: (Int128, Int)) -> Int {
        if a.1 == b.1 { return order(a.0, b.0) }
        if a.1 < b.1 {
            // Too large to rescale means larger in magnitude than the other.
            guard let x = DecimalMath.rescale(a.0, by: b.1 - a.1) else { return a.0 > 0 ? 1 : -1 }
            return order(x, b.0)
        }
        return -compareExact(b, a)
    }
}
