// Aggregated arithmetic — `Sum(l_extendedprice * (1 - l_discount))`, the
// heart of TPC-H Q1 — computed where the aggregation kernel reads it, a
// chunk of rows at a time over arrays of doubles, instead of row by row
// through the expression evaluator and instead of into a whole-table
// array. A chunk is either a run of rows or the chunk's possible rows
// gathered (a narrow selection computes only those). Any expression of one
// field is its number per value, read through the codes. Otherwise only
// where the two give the same numbers: constants, number fields and arithmetic in which
// a double takes part (int op int stays with the evaluator, whose integers
// and decimals are exact). Null is NaN and propagates as in the evaluator;
// a division by zero gives null; an infinite result, which the evaluator
// refuses as an overflow, sends the expression back to the evaluator so
// that the error is the same (AggregationKernel.swift).

import VigieExpressions

/// An aggregated expression's arithmetic on doubles, computed a chunk of rows at a time.
struct ChunkedArithmetic: Sendable, Equatable {
    fileprivate let root: ArithmeticNode

    /// Writes the expression's values to `out`: of rows `start ..< start + count`, or, with `selected`, of rows
    /// `start + selected[j]` for `j < count`. Each thread makes its own (it owns scratch buffers).
    typealias Kernel = (_ start: Int, _ count: Int, _ selected: UnsafeMutablePointer<Int>?, _ out: UnsafeMutablePointer<Double>) -> Void

    func kernel(chunk: Int) -> Kernel { Self.kernel(root, chunk: chunk) }
}

/// The expression's tree, with the numbers each leaf reads.
private indirect enum ArithmeticNode: Sendable, Equatable {
    case constant(Double)
    /// A double field of the table: its numbers, a row each.
    case column([Double])
    /// A double field reached through a code map: each code's number (NaN for null).
    case lookup(source: CodeColumn, map: [Int32]?, numbers: [Double])
    case negate(ArithmeticNode)
    case arithmetic(ArithmeticOperator, ArithmeticNode, ArithmeticNode)
}

extension RowReader {
    /// Expression `i` as a chunked computation over doubles; nil when it is not plain arithmetic in which a double
    /// takes part.
    func arithmetic(_ i: Int = 0) -> ChunkedArithmetic? {
        if let (root, isDouble) = compile(expressions[i]), isDouble { return ChunkedArithmetic(root: root) }
        return perValue(expressions[i]).map(ChunkedArithmetic.init)
    }

    /// An expression of one field that is not arithmetic on doubles (`If(gir = 1, 1000, …)`, a `case`, exact
    /// arithmetic) as its number for each of the field's values, computed once and read through the codes as the
    /// field's own numbers are: the numbers the evaluator gives row by row. Nil when it reads several fields, or
    /// when a value fails (the evaluator then names the row).
    private func perValue(_ expression: ExpressionNode) -> ArithmeticNode? {
        guard let (field, source, map) = onlySource(of: expression) else { return nil }
        let today = RowValue.localToday
        var numbers: [Double] = []
        numbers.reserveCapacity(field.nullCode + 1)
        for code in 0...field.nullCode {
            let value = field.value(code)
            guard let result = try? expression.evaluate({ _ in value }, today: today) else { return nil }
            numbers.append(result.number ?? .nan)
        }
        return .lookup(source: source, map: map, numbers: numbers)
    }

    /// Whether the node's values are doubles (rather than exact numbers, whose arithmetic only the evaluator keeps exact).
    private func compile(_ node: ExpressionNode) -> (ArithmeticNode, isDouble: Bool)? {
        switch node {
        case let .constant(value):
            switch value {
            case let .double(d): return (.constant(d), true)
            case let .int(i): return (.constant(Double(i)), false)
            case .decimal: return value.number.map { (.constant($0), false) }
            default: return nil
            }
        case let .field(name):
            guard let (field, source, map) = sources[name] else { return nil }
            let numbers: [Double], isDouble: Bool
            switch field.symbols.values {
            case let .number(values): (numbers, isDouble) = (values, true)
            case let .integer(values): (numbers, isDouble) = (values.map(Double.init), false)
            default: return nil
            }
            if map == nil, let column = field.numbers { return (.column(column), isDouble) }
            return (.lookup(source: source, map: map, numbers: numbers + [.nan]), isDouble)
        case let .negate(operand):
            return compile(operand).map { (.negate($0.0), $0.isDouble) }
        case let .arithmetic(op, a, b):
            guard op != .remainder, let left = compile(a), let right = compile(b), left.isDouble || right.isDouble else { return nil }
            return (.arithmetic(op, left.0, right.0), true)
        default:
            return nil
        }
    }
}

extension ChunkedArithmetic {
    private static func kernel(_ node: ArithmeticNode, chunk: Int) -> Kernel {
        switch node {
        case let .constant(c):
            return { _, n, _, out in out.update(repeating: c, count: n) }
        case let .column(numbers):
            return { start, n, selected, out in
                numbers.withUnsafeBufferPointer { numbers in
                    let base = numbers.baseAddress! + start
                    if let selected {
                        for j in 0..<n { out[j] = base[selected[j]] }
                    } else {
                        out.update(from: base, count: n)
                    }
                }
            }
        case let .lookup(source, map, numbers):
            return { start, n, selected, out in
                var gather = GatherNumbers(start: start, count: n, selected: selected, map: map, numbers: numbers, out: out)
                source.read(&gather)
            }
        case let .negate(operand):
            let inner = kernel(operand, chunk: chunk)
            return { start, n, selected, out in
                inner(start, n, selected, out)
                for i in 0..<n { out[i] = -out[i] }
            }
        case let .arithmetic(op, a, b):
            let left = kernel(a, chunk: chunk), right = kernel(b, chunk: chunk)
            let scratch = Scratch(count: chunk)
            return { start, n, selected, out in
                left(start, n, selected, out)
                right(start, n, selected, scratch.pointer)
                let y = scratch.pointer
                switch op {
                case .add: for i in 0..<n { out[i] += y[i] }
                case .subtract: for i in 0..<n { out[i] -= y[i] }
                case .multiply: for i in 0..<n { out[i] *= y[i] }
                default: for i in 0..<n { out[i] = y[i] == 0 ? .nan : out[i] / y[i] }
                }
            }
        }
    }
}

/// A chunk's buffer, freed with the kernel that owns it.
private final class Scratch {
    let pointer: UnsafeMutablePointer<Double>

    init(count: Int) {
        pointer = .allocate(capacity: count)
    }

    deinit { pointer.deallocate() }
}

/// Looks up each row's number through its code (and the code map of a far table).
private struct GatherNumbers: CodeReader {
    let start: Int
    let count: Int
    let selected: UnsafeMutablePointer<Int>?
    let map: [Int32]?
    let numbers: [Double]
    let out: UnsafeMutablePointer<Double>

    mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
        let codes = codes.baseAddress! + start
        numbers.withUnsafeBufferPointer { numbers in
            if let map {
                map.withUnsafeBufferPointer { map in
                    if let selected {
                        for j in 0..<count { out[j] = numbers[Int(map[Int(codes[selected[j]])])] }
                    } else {
                        for i in 0..<count { out[i] = numbers[Int(map[Int(codes[i])])] }
                    }
                }
            } else if let selected {
                for j in 0..<count { out[j] = numbers[Int(codes[selected[j]])] }
            } else {
                for i in 0..<count { out[i] = numbers[Int(codes[i])] }
            }
        }
    }
}
