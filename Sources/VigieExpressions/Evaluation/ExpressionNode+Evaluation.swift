// Evaluating a parsed expression on one row: SQL's null rules (an operation
// with a null operand is null, except `is null`, coalesce, concat, min, max,
// the conditions of if/case where null counts as false, and the
// three-valued `and`/`or`/`not`), with failures that name the operation and
// its values (`month('abc'): not a date`).
//
// Each kind of node has its own small function so that the recursion's
// frames stay small in debug builds too. Measure-level nodes (aggregations,
// Aggr, Rank) are refused: a row cannot compute them; the engine does.

extension ExpressionNode {
    /// The node's value for the row whose fields `row` gives, with `today()` given by `today` (days since
    /// 1970-01-01). Throws `.value` when the row's values do not fit, `.aggregation` on a measure-level node.
    public func evaluate(_ row: (String) -> RowValue, today: () -> Int32) throws(ExpressionError) -> RowValue {
        try evaluate(row, today)
    }

    func evaluate(_ row: (String) -> RowValue, _ today: () -> Int32) throws(ExpressionError) -> RowValue {
        switch self {
        case let .constant(value): return value
        case let .field(name): return row(name)
        case let .negate(operand): return try Self.negate(operand, row, today)
        case let .arithmetic(op, a, b): return try Self.arithmetic(op, a, b, row, today)
        case let .concatenate(a, b): return try Self.concatenate(a, b, row, today)
        case let .comparison(op, a, b): return try Self.comparison(op, a, b, row, today)
        case let .not(operand): return try Self.not(operand, row, today)
        case let .and(a, b): return try Self.logical(isAnd: true, a, b, row, today)
        case let .or(a, b): return try Self.logical(isAnd: false, a, b, row, today)
        case let .isNull(operand, negated): return .bool(try operand.evaluate(row, today).isNull != negated)
        case let .inList(operand, list, negated): return try Self.inList(operand, list, negated, row, today)
        case let .between(operand, low, high, negated): return try Self.between(operand, low, high, negated, row, today)
        case let .conditional(branches, otherwise): return try Self.conditional(branches, otherwise, row, today)
        case let .call(function, arguments):
            if function.isVariadic { return try Self.variadic(function, arguments, row, today) }
            return try Self.call(function, arguments, row, today)
        case .aggregation, .aggr, .rank:
            throw Self.notRowLevel(self)
        }
    }

    /// "Sum() is an aggregation; pipelines compute one row at a time".
    static func notRowLevel(_ node: ExpressionNode) -> ExpressionError {
        let name = switch node {
        case let .aggregation(aggregation): aggregation.function.rawValue
        case .aggr: "Aggr"
        default: "Rank"
        }
        return ExpressionError(.aggregation, "\(name)() is an aggregation; pipelines compute one row at a time")
    }

    private static func negate(_ operand: ExpressionNode, _ row: (String) -> RowValue, _ today: () -> Int32) throws(ExpressionError) -> RowValue {
        let value = try operand.evaluate(row, today)
        do { return try RowValue.negated(value) } catch { throw failure(error, "-(\(value.brief))", operands: 1) }
    }

    private static func arithmetic(_ op: ArithmeticOperator, _ a: ExpressionNode, _ b: ExpressionNode,
                                   _ row: (String) -> RowValue, _ today: () -> Int32) throws(ExpressionError) -> RowValue {
        let x = try a.evaluate(row, today)
        if x.isNull { return .null }
        let y = try b.evaluate(row, today)
        do { return try RowValue.arithmetic(op, x, y) } catch {
            throw failure(error, "\(x.brief) \(op.rawValue) \(y.brief)", operands: 2)
        }
    }

    private static func concatenate(_ a: ExpressionNode, _ b: ExpressionNode,
                                    _ row: (String) -> RowValue, _ today: () -> Int32) throws(ExpressionError) -> RowValue {
        guard let x = try a.evaluate(row, today).text, let y = try b.evaluate(row, today).text else { return .null }
        return .string(x + y)
    }

    private static func comparison(_ op: ComparisonOperator, _ a: ExpressionNode, _ b: ExpressionNode,
                                   _ row: (String) -> RowValue, _ today: () -> Int32) throws(ExpressionError) -> RowValue {
        let x = try a.evaluate(row, today)
        if x.isNull { return .null }
        let y = try b.evaluate(row, today)
        guard let order = try compare(x, y, "\(x.brief) \(op.rawValue) \(y.brief)") else { return .null }
        return .bool(op.holds(order))
    }

    private static func compare(_ x: RowValue, _ y: RowValue, _ operation: @autoclosure () -> String) throws(ExpressionError) -> Int? {
        do { return try RowValue.compare(x, y) } catch { throw failure(error, operation(), operands: 2) }
    }

    private static func not(_ operand: ExpressionNode, _ row: (String) -> RowValue, _ today: () -> Int32) throws(ExpressionError) -> RowValue {
        guard let b = try truth(operand.evaluate(row, today), "the operand of 'not'") else { return .null }
        return .bool(!b)
    }

    /// Three-valued `and` / `or`: false and null is false, true or null is true; the right side is
    /// evaluated only when the left does not decide.
    private static func logical(isAnd: Bool, _ a: ExpressionNode, _ b: ExpressionNode,
                                _ row: (String) -> RowValue, _ today: () -> Int32) throws(ExpressionError) -> RowValue {
        let role = isAnd ? "the operands of 'and'" : "the operands of 'or'"
        let x = try truth(a.evaluate(row, today), role)
        if x == !isAnd { return .bool(!isAnd) }
        let y = try truth(b.evaluate(row, today), role)
        if y == !isAnd { return .bool(!isAnd) }
        guard x != nil, y != nil else { return .null }
        return .bool(isAnd)
    }

    /// `x in (…)`: true on a match; otherwise null when `x` or an item is null, else false.
    private static func inList(_ operand: ExpressionNode, _ list: [ExpressionNode], _ negated: Bool,
                               _ row: (String) -> RowValue, _ today: () -> Int32) throws(ExpressionError) -> RowValue {
        let x = try operand.evaluate(row, today)
        if x.isNull { return .null }
        var sawNull = false
        for item in list {
            let y = try item.evaluate(row, today)
            guard let order = try compare(x, y, "\(x.brief) in (… \(y.brief) …)") else {
                sawNull = true
                continue
            }
            if order == 0 { return .bool(!negated) }
        }
        return sawNull ? .null : .bool(negated)
    }

    /// `x between low and high` is `x >= low and x <= high`, three-valued.
    private static func between(_ operand: ExpressionNode, _ low: ExpressionNode, _ high: ExpressionNode, _ negated: Bool,
                                _ row: (String) -> RowValue, _ today: () -> Int32) throws(ExpressionError) -> RowValue {
        let x = try operand.evaluate(row, today)
        if x.isNull { return .null }
        let lo = try low.evaluate(row, today), hi = try high.evaluate(row, today)
        let operation = "\(x.brief) between \(lo.brief) and \(hi.brief)"
        let above = try compare(x, lo, operation).map { $0 >= 0 }
        let below = try compare(x, hi, operation).map { $0 <= 0 }
        let inside: Bool? = above == false || below == false ? false : (above == nil || below == nil ? nil : true)
        guard let inside else { return .null }
        return .bool(inside != negated)
    }

    private static func conditional(_ branches: [ExpressionBranch], _ otherwise: ExpressionNode,
                                    _ row: (String) -> RowValue, _ today: () -> Int32) throws(ExpressionError) -> RowValue {
        for branch in branches where try truth(branch.condition.evaluate(row, today), "a condition") == true {
            return try branch.value.evaluate(row, today)
        }
        return try otherwise.evaluate(row, today)
    }

    /// A function of at most three arguments: null when one is null.
    private static func call(_ function: ExpressionFunction, _ arguments: [ExpressionNode],
                             _ row: (String) -> RowValue, _ today: () -> Int32) throws(ExpressionError) -> RowValue {
        let count = arguments.count
        var a = RowValue.null, b = RowValue.null, c = RowValue.null
        if count > 0 {
            a = try arguments[0].evaluate(row, today)
            if a.isNull { return .null }
        }
        if count > 1 {
            b = try arguments[1].evaluate(row, today)
            if b.isNull { return .null }
        }
        if count > 2 {
            c = try arguments[2].evaluate(row, today)
            if c.isNull { return .null }
        }
        do { return try function.apply(a, b, c, count: count, today: today) } catch {
            let shown = [a, b, c].prefix(count).map(\.brief).joined(separator: ", ")
            throw failure(error, "\(function.rawValue)(\(shown))", operands: count)
        }
    }

    /// coalesce (first non-null), alt (first number), concat (the texts of the non-null arguments), min and max (of the non-null ones).
    private static func variadic(_ function: ExpressionFunction, _ arguments: [ExpressionNode],
                                 _ row: (String) -> RowValue, _ today: () -> Int32) throws(ExpressionError) -> RowValue {
        switch function {
        case .coalesce:
            for argument in arguments {
                let value = try argument.evaluate(row, today)
                if !value.isNull { return value }
            }
            return .null
        case .alt:
            // The first argument that is a number, else the last one.
            var value = RowValue.null
            for argument in arguments {
                value = try argument.evaluate(row, today)
                if value.numericValue != nil { return value }
            }
            return value
        case .concat:
            var text = ""
            for argument in arguments {
                if let part = try argument.evaluate(row, today).text { text += part }
            }
            return .string(text)
        default:
            var best = RowValue.null
            for argument in arguments {
                let value = try argument.evaluate(row, today)
                if value.isNull { continue }
                if best.isNull {
                    best = value
                    continue
                }
                let order = try compare(value, best, "\(function.rawValue)(… \(best.brief), \(value.brief) …)") ?? 0
                if function == .min ? order < 0 : order > 0 { best = value }
            }
            return best
        }
    }

    /// true, false or nil (null) from a value that must be one of them.
    private static func truth(_ value: RowValue, _ role: @autoclosure () -> String) throws(ExpressionError) -> Bool? {
        switch value {
        case .null: return nil
        case let .bool(b): return b
        default: throw ExpressionError(.value, "\(value.brief) is not true or false, as \(role()) must be")
        }
    }

    private static func failure(_ failure: ValueFailure, _ operation: String, operands: Int) -> ExpressionError {
        ExpressionError(.value, failure.message(operation: operation, operands: operands))
    }
}
