// Aggregated arithmetic — `Sum(l_extendedprice * (1 - l_discount))`, the
// heart of TPC-H Q1 — computed a chunk of rows at a time over arrays of
// doubles instead of row by row through the expression evaluator. Only
// where the two give the same numbers: constants, number fields and
// arithmetic in which a double takes part (int op int stays with the
// evaluator, whose integers and decimals are exact). Null is NaN and
// propagates as in the evaluator; a division by zero gives null; an
// infinite result, which the evaluator refuses as an overflow, sends the
// expression back to the evaluator so that the error is the same.

import Dispatch
import VigieExpressions

extension RowReader {
    /// The expression as a chunked computation over doubles; nil when it is not plain arithmetic on double values.
    private indirect enum Node: Sendable {
        case constant(Double)
        /// A double field of the table: its numbers, a row each.
        case column([Double])
        /// A double field reached through a code map: each code's number (NaN for null).
        case lookup(source: CodeColumn, map: [Int32]?, numbers: [Double])
        case negate(Node)
        case arithmetic(ArithmeticOperator, Node, Node)
    }

    /// Whether the node's values are doubles (rather than exact numbers, whose arithmetic only the evaluator keeps exact).
    private func compile(_ node: ExpressionNode) -> (Node, isDouble: Bool)? {
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

    /// Expression `i`'s value on every row of the table as doubles (NaN: null), computed by chunks on all processors; nil
    /// when only the evaluator computes it the same way.
    func numericColumn(_ i: Int = 0, rowCount: Int) -> [Double]? {
        guard let (root, isDouble) = compile(expressions[i]), isDouble else { return nil }
        var out = [Double](repeating: .nan, count: rowCount)
        let threads = Swift.max(1, Swift.min(Parallelism.processors, rowCount / 65_536))
        var overflow = false
        out.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let base = buffer.baseAddress
            let flags = UnsafeMutableBufferPointer<Bool>.allocate(capacity: threads)
            flags.initialize(repeating: false)
            defer { flags.deallocate() }
            nonisolated(unsafe) let overflowed = flags
            DispatchQueue.concurrentPerform(iterations: threads) { part in
                let range = (rowCount * part / threads)..<(rowCount * (part + 1) / threads)
                let chunk = 4096
                let run = Self.kernel(root, chunk: chunk)
                var start = range.lowerBound
                while start < range.upperBound, let base {
                    let n = Swift.min(chunk, range.upperBound - start)
                    run(start, n, base + start)
                    for i in 0..<n where base[start + i].isInfinite { overflowed[part] = true }
                    start += n
                }
            }
            overflow = flags.contains(true)
        }
        return overflow ? nil : out
    }

    /// Writes the node's values for rows `start ..< start + count` to `out`.
    private typealias Kernel = (_ start: Int, _ count: Int, _ out: UnsafeMutablePointer<Double>) -> Void

    private static func kernel(_ node: Node, chunk: Int) -> Kernel {
        switch node {
        case let .constant(c):
            return { _, n, out in out.update(repeating: c, count: n) }
        case let .column(numbers):
            return { start, n, out in numbers.withUnsafeBufferPointer { out.update(from: $0.baseAddress! + start, count: n) } }
        case let .lookup(source, map, numbers):
            return { start, n, out in
                var gather = GatherNumbers(start: start, count: n, map: map, numbers: numbers, out: out)
                source.read(&gather)
            }
        case let .negate(operand):
            let inner = kernel(operand, chunk: chunk)
            return { start, n, out in
                inner(start, n, out)
                for i in 0..<n { out[i] = -out[i] }
            }
        case let .arithmetic(op, a, b):
            let left = kernel(a, chunk: chunk), right = kernel(b, chunk: chunk)
            let scratch = Scratch(count: chunk)
            return { start, n, out in
                left(start, n, out)
                right(start, n, scratch.pointer)
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
    let map: [Int32]?
    let numbers: [Double]
    let out: UnsafeMutablePointer<Double>

    mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
        numbers.withUnsafeBufferPointer { numbers in
            if let map {
                map.withUnsafeBufferPointer { map in
                    for i in 0..<count { out[i] = numbers[Int(map[Int(codes[start + i])])] }
                }
            } else {
                for i in 0..<count { out[i] = numbers[Int(codes[start + i])] }
            }
        }
    }
}
