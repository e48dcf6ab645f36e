// How a measure is computed for the lines of a chart. Its aggregations
// (Sum, Count, Median…) each become a kernel run over the rows of their set,
// grouped by the chart's dimensions — or not grouped, with `total` — and
// the rest of the measure (arithmetic, If, Alt… around them) is evaluated
// once per line by the row evaluator of VigieExpressions, each aggregation
// replaced by a field holding its value for that line. So
// `Sum(Amount) / Count(distinct Patient)` is two kernel runs and one
// division per line, and a division by zero gives null as everywhere.

import Foundation
import VigieExpressions

/// One aggregation of a measure, ready to run.
struct PlannedAggregation {
    var spec: FieldAggregation
    /// The possible rows of each table in the aggregation's set.
    var rows: [Bitset?]
    /// `total`: computed over all the set's rows, the same for every line.
    var total: Bool
}

/// A measure as the engine runs it.
struct MeasurePlan {
    /// The measure with its aggregations replaced by the fields `MeasurePlan.placeholder(i)`.
    var tree: ExpressionNode
    var aggregations: [PlannedAggregation]

    static func placeholder(_ i: Int) -> String { "\u{1}\(i)" }

    /// The measure's value for one line, given each aggregation's value there.
    func value(_ aggregationValue: (Int) -> RowValue) throws(EngineError) -> RowValue {
        do {
            return try tree.evaluate({ name in
                guard name.hasPrefix("\u{1}"), let i = Int(name.dropFirst()) else { return .null }
                return aggregationValue(i)
            }, today: RowValue.localToday)
        } catch {
            throw EngineError(.invalidSelection, error.description)
        }
    }
}

extension RowValue {
    /// The value as a number, for the result grid (nil when it is not a number; true and false are 1 and 0).
    var number: Double? {
        if case let .bool(b) = self { return b ? 1 : 0 }
        return numericValue
    }
}

extension DataModel {
    /// Plans `measure` under `selection` within `rights`.
    func plan(_ measure: Measure, selection: Selection, rights: Rights, cache: PropagationCache) throws(EngineError) -> MeasurePlan {
        switch measure.definition {
        case let .aggregation(spec):
            guard !rights.hidden.contains(spec.field.description) else { throw EngineError(.unknownName, "no field \(spec.field)") }
            return MeasurePlan(tree: .field(MeasurePlan.placeholder(0)),
                               aggregations: [PlannedAggregation(spec: spec, rows: try cache.rows(selection, rights: rights, in: self), total: false)])
        case let .expression(expression):
            return try plan(expression.root, selection: selection, rights: rights, cache: cache)
        }
    }

    func plan(_ root: ExpressionNode, selection: Selection, rights: Rights, cache: PropagationCache) throws(EngineError) -> MeasurePlan {
        var planned: [PlannedAggregation] = []
        var failure: EngineError?
        let tree: ExpressionNode
        do {
            tree = try root.rewritten { (node) throws(ExpressionError) -> ExpressionNode? in
                switch node {
                case let .aggregation(aggregation):
                    do throws(EngineError) {
                        planned.append(try self.plan(aggregation, selection: selection, rights: rights, cache: cache))
                    } catch {
                        failure = error
                        throw ExpressionError(.aggregation, error.message, expression: "", position: nil)
                    }
                    return .field(MeasurePlan.placeholder(planned.count - 1))
                case .aggr, .rank:
                    failure = EngineError(.invalidSelection, "Aggr() and Rank() are not evaluated yet")
                    throw ExpressionError(.aggregation, "Aggr() and Rank() are not evaluated yet", expression: "", position: nil)
                default:
                    return nil
                }
            }
        } catch {
            throw failure ?? EngineError(.invalidSelection, "\(error)")
        }
        return MeasurePlan(tree: tree, aggregations: planned)
    }

    /// Plans one aggregation: its function, the values it aggregates (a field, or a row expression computed on each row
    /// of a table), its constant arguments (rank, fraction, delimiter), and the rows of its set.
    func plan(_ aggregation: Aggregation, selection: Selection, rights: Rights, cache: PropagationCache) throws(EngineError) -> PlannedAggregation {
        let name = aggregation.function.rawValue
        if let total = aggregation.total, !total.isEmpty {
            throw EngineError(.invalidSelection, "total <\(total.joined(separator: ", "))> is not evaluated yet; plain total is")
        }
        let arguments = aggregation.arguments
        guard arguments.allSatisfy(\.isRowLevel) else { throw EngineError(.invalidSelection, "Aggr() and Rank() are not evaluated yet") }
        let function: AggregateFunction
        switch aggregation.function {
        case .sum: function = .sum
        case .count: function = aggregation.distinct ? .countDistinct : arguments.isEmpty ? .countRows : .count
        case .avg: function = .avg
        case .min: function = .min
        case .max: function = .max
        case .median: function = .median
        case .fractile: function = .fractile
        case .stdev: function = .stdev
        case .only: function = .only
        case .concat: function = .concat
        case .firstSortedValue: function = .firstSortedValue
        }
        // The arguments read on each row (the value, and the sort weight), and the constant ones.
        var read = Array(arguments.prefix(1))
        var spec = FieldAggregation(function, FieldReference(table: "", field: ""))
        spec.distinct = aggregation.distinct && function != .countDistinct
        switch function {
        case .min, .max:
            if arguments.count > 1 { spec.rank = try constantRank(arguments[1], of: name) }
        case .fractile:
            guard let fraction = try constant(arguments[1], as: "the fraction of \(name)()").number else {
                throw EngineError(.invalidSelection, "the fraction of \(name)() must be a number, from 0 to 1")
            }
            spec.fraction = fraction
        case .concat:
            if arguments.count > 1 { spec.delimiter = try constant(arguments[1], as: "the delimiter of \(name)()").text ?? "" }
            if arguments.count > 2 { read.append(arguments[2]) }
        case .firstSortedValue:
            read.append(arguments[1])
            if arguments.count > 2 { spec.rank = try constantRank(arguments[2], of: name) }
        default: break
        }
        switch read.first {
        case nil:
            // Count(*): the rows of the app's first table.
            guard let table = tables.first, let first = table.fields.first else { throw EngineError(.unknownName, "the app has no table") }
            spec.field = FieldReference(table: table.name, field: first.name)
        case let .field(written)? where read.count == 1:
            let field = try resolve(written)
            guard !rights.hidden.contains(field.description) else { throw EngineError(.unknownName, "no field \(written)") }
            spec.field = field
        case let argument? where read.count == 1 && !spec.isCollected && function.isNumeric:
            // Sum, Avg, Min, Max of an expression: the kernel reads its numbers.
            let reader = try rowReader(of: [argument], rights: rights)
            spec.field = reader.reference
            spec.rowValues = try reader.evaluateAll(in: self) { $0.number ?? .nan }
        case _?:
            (spec.field, spec.arguments) = try argumentColumns(of: read, rights: rights)
        }
        let set: SetExpression? = aggregation.all ? .selection(.all, []) : aggregation.set
        return PlannedAggregation(spec: spec, rows: try rows(of: set, current: selection, rights: rights, cache: cache),
                                  total: aggregation.total != nil || aggregation.all)
    }

    /// The value of an argument that must be the same on every row (a rank, a fraction, a delimiter).
    func constant(_ node: ExpressionNode, as what: String) throws(EngineError) -> RowValue {
        func readsField(_ node: ExpressionNode) -> Bool {
            if case .field = node { return true }
            return node.children.contains(where: readsField)
        }
        guard !readsField(node) else { throw EngineError(.invalidSelection, "\(what) is \(node), which reads fields; it must be a constant") }
        do {
            return try node.evaluate({ _ in .null }, today: RowValue.localToday)
        } catch {
            throw EngineError(.invalidSelection, "\(what): \(error.message)")
        }
    }

    /// A rank argument: a whole number from 1.
    func constantRank(_ node: ExpressionNode, of name: String) throws(EngineError) -> Int {
        guard let number = try constant(node, as: "the rank of \(name)()").number, number >= 1, let rank = Int(exactly: number) else {
            throw EngineError(.invalidSelection, "the rank of \(name)() is \(node); it must be a whole number from 1")
        }
        return rank
    }

    /// The value of a measure-level expression over every possible row (a dollar expansion's `=…`).
    func evaluate(_ node: ExpressionNode, selection: Selection, rights: Rights, cache: PropagationCache) throws(EngineError) -> RowValue {
        let plan = try plan(node, selection: selection, rights: rights, cache: cache)
        var values: [RowValue] = []
        for planned in plan.aggregations {
            let table = try tableIndex(planned.spec.field.table)
            let grouped = try aggregate(planned.spec, rows: planned.rows[table], dimensions: [], strides: [])
            values.append(grouped.values[0] ?? planned.spec.function.value(nil))
        }
        return try plan.value { values[$0] }
    }
}
