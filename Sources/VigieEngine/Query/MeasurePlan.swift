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
    /// `total`: computed over all the set's rows, the same for every line — or, with `kept` fields (`total <Region>`),
    /// grouped by those of the chart's dimensions only.
    var total: Bool
    var kept: [FieldReference] = []
}

/// A `Rank()` of a measure: its measure over the same aggregations, ranked among the chart's lines once they are known.
struct PlannedRank {
    /// The ranked measure, its aggregations replaced by the placeholders of the enclosing plan's.
    var tree: ExpressionNode
    /// Ranked among all the lines, not within the groups of the last dimension.
    var total: Bool
    /// Qlik's mode: how lines of equal value rank (0 to 4).
    var mode: Int
}

/// An aggregation of `Aggr()`'s values (`Avg(Aggr(Sum(Amount), Establishment))`): the inner measure is computed for each
/// combination of the chart's dimensions and Aggr's, then aggregated per line.
struct PlannedAggr {
    var function: AggregationFunction
    var distinct: Bool
    var measure: Measure
    var dimensions: [FieldReference]
    /// Fractile's fraction (0.5 for Median).
    var fraction = 0.5
}

/// A measure as the engine runs it.
struct MeasurePlan {
    /// The measure with its aggregations replaced by the fields `MeasurePlan.placeholder(i)`, its ranks and Aggr()
    /// aggregations by those of `rankPlaceholder(i)` and `aggrPlaceholder(i)`.
    var tree: ExpressionNode
    var aggregations: [PlannedAggregation]
    var ranks: [PlannedRank] = []
    var aggrs: [PlannedAggr] = []

    static func placeholder(_ i: Int) -> String { "\u{1}\(i)" }
    static func rankPlaceholder(_ i: Int) -> String { "\u{2}\(i)" }
    static func aggrPlaceholder(_ i: Int) -> String { "\u{3}\(i)" }

    /// Evaluates `tree` (this plan's or one of its ranks') for one line, given each aggregation's, rank's and Aggr's value there.
    static func value(of tree: ExpressionNode, aggregation: (Int) -> RowValue, rank: (Int) -> RowValue = { _ in .null },
                      aggr: (Int) -> RowValue = { _ in .null }) throws(EngineError) -> RowValue {
        do {
            return try tree.evaluate({ name in
                guard let kind = name.unicodeScalars.first, let i = Int(name.dropFirst()) else { return .null }
                switch kind {
                case "\u{1}": return aggregation(i)
                case "\u{2}": return rank(i)
                case "\u{3}": return aggr(i)
                default: return .null
                }
            }, today: RowValue.localToday)
        } catch {
            throw EngineError(.invalidSelection, error.description)
        }
    }

    /// The measure's value for one line, given each aggregation's, rank's and Aggr's value there.
    func value(_ aggregationValue: (Int) -> RowValue, rank: (Int) -> RowValue = { _ in .null },
               aggr: (Int) -> RowValue = { _ in .null }) throws(EngineError) -> RowValue {
        try Self.value(of: tree, aggregation: aggregationValue, rank: rank, aggr: aggr)
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
        var plan = MeasurePlan(tree: root, aggregations: [])
        var failure: EngineError?
        func refuse(_ error: EngineError) -> ExpressionError {
            failure = error
            return ExpressionError(.aggregation, error.message, expression: "", position: nil)
        }
        func replace(_ node: ExpressionNode) throws(ExpressionError) -> ExpressionNode? {
            switch node {
            case let .aggregation(aggregation):
                if case let .aggr(aggr)? = aggregation.arguments.first {
                    do throws(EngineError) {
                        plan.aggrs.append(try self.plan(aggregation, of: aggr, rights: rights))
                    } catch {
                        throw refuse(error)
                    }
                    return .field(MeasurePlan.aggrPlaceholder(plan.aggrs.count - 1))
                }
                do throws(EngineError) {
                    plan.aggregations.append(try self.plan(aggregation, selection: selection, rights: rights, cache: cache))
                } catch {
                    throw refuse(error)
                }
                return .field(MeasurePlan.placeholder(plan.aggregations.count - 1))
            case let .rank(rank):
                var mode = 0
                if let option = rank.options.first {
                    guard case let .constant(value) = option, let number = value.number, let m = Int(exactly: number), (0...4).contains(m) else {
                        throw refuse(EngineError(.invalidSelection, "Rank()'s mode is a number from 0 to 4, not \(option)"))
                    }
                    mode = m
                }
                plan.ranks.append(PlannedRank(tree: try rank.measure.rewritten(replace), total: rank.total, mode: mode))
                return .field(MeasurePlan.rankPlaceholder(plan.ranks.count - 1))
            case .aggr:
                throw refuse(EngineError(.invalidSelection, "Aggr() gives many values: aggregate them, as in Avg(Aggr(Sum(Amount), Establishment))"))
            default:
                return nil
            }
        }
        do {
            plan.tree = try root.rewritten(replace)
        } catch {
            throw failure ?? EngineError(.invalidSelection, "\(error)")
        }
        return plan
    }

    /// Plans an aggregation of Aggr()'s values.
    func plan(_ aggregation: Aggregation, of aggr: Aggr, rights: Rights) throws(EngineError) -> PlannedAggr {
        let name = aggregation.function.rawValue
        guard [.sum, .avg, .min, .max, .count, .median, .fractile, .stdev].contains(aggregation.function) else {
            throw EngineError(.invalidSelection, "\(name)() of Aggr() is not evaluated yet; Sum, Avg, Min, Max, Count, Median, Fractile and StDev are")
        }
        let arguments = aggregation.function == .fractile ? 2 : 1
        guard aggregation.arguments.count == arguments, aggregation.set == nil, aggregation.total == nil, !aggregation.all,
              aggr.set == nil, !aggr.nodistinct else {
            throw EngineError(.invalidSelection, "\(name)(Aggr(…)) with a set, total, nodistinct or more arguments is not evaluated yet")
        }
        guard !aggr.dimensions.isEmpty else { throw EngineError(.invalidSelection, "Aggr() needs at least one dimension") }
        let dimensions = try aggr.dimensions.map { (d) throws(EngineError) -> FieldReference in
            let reference = try resolve(d)
            guard !rights.hidden.contains(reference.description) else { throw EngineError(.unknownName, "no field \(d)") }
            return reference
        }
        // The canonical text of a tree parses back to the same tree.
        var planned = PlannedAggr(function: aggregation.function, distinct: aggregation.distinct,
                                  measure: try Measure(aggr.measure.description), dimensions: dimensions)
        if aggregation.function == .fractile {
            guard let fraction = try constant(aggregation.arguments[1], as: "the fraction of Fractile()").number, (0...1).contains(fraction) else {
                throw EngineError(.invalidSelection, "the fraction of Fractile() must be a number, from 0 to 1")
            }
            planned.fraction = fraction
        }
        return planned
    }

    /// Plans one aggregation: its function, the values it aggregates (a field, or a row expression computed on each row
    /// of a table), its constant arguments (rank, fraction, delimiter), and the rows of its set.
    func plan(_ aggregation: Aggregation, selection: Selection, rights: Rights, cache: PropagationCache) throws(EngineError) -> PlannedAggregation {
        let name = aggregation.function.rawValue
        let kept = try (aggregation.total ?? []).map { (name) throws(EngineError) -> FieldReference in
            let reference = try resolve(name)
            guard !rights.hidden.contains(reference.description) else { throw EngineError(.unknownName, "no field \(name)") }
            return reference
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
            if let arithmetic = reader.arithmetic() {
                spec.rowNumbers = .computed(arithmetic, reader: reader)
            } else {
                spec.rowNumbers = .stored(try reader.evaluateAll(in: self) { $0.number ?? .nan })
            }
        case _?:
            (spec.field, spec.arguments) = try argumentColumns(of: read, rights: rights)
        }
        let set: SetExpression? = aggregation.all ? .selection(.all, []) : aggregation.set
        return PlannedAggregation(spec: spec, rows: try rows(of: set, current: selection, rights: rights, cache: cache),
                                  total: aggregation.total != nil || aggregation.all, kept: aggregation.all ? [] : kept)
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
        guard plan.ranks.isEmpty && plan.aggrs.isEmpty else {
            throw EngineError(.invalidSelection, "Rank() and Aggr() are not evaluated in a dollar expansion")
        }
        var values: [RowValue] = []
        for planned in plan.aggregations {
            let table = try tableIndex(planned.spec.field.table)
            let grouped = try aggregate(planned.spec, rows: planned.rows[table], dimensions: [], strides: [])
            values.append(grouped.values[0] ?? planned.spec.function.value(nil))
        }
        return try plan.value { values[$0] }
    }
}
