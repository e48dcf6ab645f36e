// A query as a BI tool asks it: dimensions (fields of any linked table)
// and measures, under a selection and the user's rights, giving one line
// per combination of dimension values that has rows, sorted, optionally
// cut to the top N with the rest gathered in an "Others" line, and a total
// line computed over the rows (never by adding the lines, so a distinct
// count stays a distinct count). Measures are planned (MeasurePlan.swift):
// their aggregations run in the kernel, the rest is evaluated per line.

import Foundation
import VigieExpressions

/// One measure of a hypercube: a label and what it computes.
public struct Measure: Sendable, Equatable {
    public enum Definition: Sendable, Equatable {
        /// A measure expression: `Sum(Amount) / Count(distinct Patient)`, with set analysis (docs/expressions.md).
        case expression(MeasureExpression)
        /// One aggregation of a field, built by code.
        case aggregation(FieldAggregation)
    }

    public var label: String
    public var definition: Definition
    /// How the result grid shows its values (nil: as numbers are usually written, up to 10 significant digits).
    public var format: ValueFormat?

    public init(_ label: String, _ aggregation: FieldAggregation, format: ValueFormat? = nil) {
        self.label = label
        definition = .aggregation(aggregation)
        self.format = format
    }

    public init(_ label: String, _ expression: MeasureExpression, format: ValueFormat? = nil) {
        self.label = label
        definition = .expression(expression)
        self.format = format
    }

    /// Parses `text` as a measure expression, labelled by itself.
    public init(_ text: String, format: ValueFormat? = nil) throws(EngineError) {
        do { self.init(text, try MeasureExpression(text), format: format) } catch { throw EngineError(.invalidSelection, error.description) }
    }
}

/// The order of a hypercube's lines.
public enum SortKey: Sendable, Equatable {
    /// By a dimension's values (its index), in the field's order.
    case dimension(Int, descending: Bool)
    /// By a measure's values (its index); lines without a value last.
    case measure(Int, descending: Bool)
}

public struct Hypercube: Sendable, Equatable {
    public var dimensions: [FieldReference]
    public var measures: [Measure]
    /// The first key decides; ties go to the next, then to the dimensions in order.
    public var sort: [SortKey]
    /// Keep this many lines; the others are gathered in one "Others" line.
    public var limit: Int?
    /// Leave out lines whose dimension value is null.
    public var suppressNulls: Bool
    /// Leave out lines whose measures are all zero or without value.
    public var suppressZeros: Bool
    /// Also compute the lines of each leading part of the dimensions (a pivot table's subtotals).
    public var subtotals: Bool

    public init(dimensions: [FieldReference], measures: [Measure], sort: [SortKey] = [], limit: Int? = nil,
                suppressNulls: Bool = false, suppressZeros: Bool = false, subtotals: Bool = false) {
        self.dimensions = dimensions
        self.measures = measures
        self.sort = sort
        self.limit = limit
        self.suppressNulls = suppressNulls
        self.suppressZeros = suppressZeros
        self.subtotals = subtotals
    }
}

/// The result of a hypercube: a line per combination of dimension values, and the totals.
public struct QueryResult: Sendable, Equatable {
    /// One value of the grid: typed, and as users read it.
    public struct Cell: Sendable, Equatable {
        /// Null when there is no value (a null dimension value, a measure no row gives, the Others line's dimensions).
        public var value: RowValue
        /// The value through the measure's format, or as the field writes it; "-" for null.
        public var text: String

        public init(_ value: RowValue, text: String) {
            self.value = value
            self.text = text
        }

        /// The value as a number (nil for null and texts), as charts draw it.
        public var number: Double? { value.number }
    }

    public struct Line: Sendable, Equatable {
        /// Each dimension's value.
        public var dimensions: [Cell]
        /// Each measure's value.
        public var measures: [Cell]
        /// Whether this is the line gathering the lines beyond the limit (its dimensions are null).
        public var isOthers: Bool
        /// The dimensions' codes (none for Others), for the engine's own use of a result (Aggr()).
        var codes: [Int] = []

        /// Each dimension's value as the field writes it; nil for null.
        public var dimensionTexts: [String?] { dimensions.map { $0.value.isNull ? nil : $0.text } }
        /// Each measure's value as a number; nil when there is none.
        public var numbers: [Double?] { measures.map(\.number) }
    }

    public var dimensionLabels: [String]
    public var measureLabels: [String]
    public var lines: [Line]
    /// Each measure over every possible row.
    public var totals: [Cell]
    /// With `Hypercube.subtotals`: for k = 1 … dimensions − 1, the lines grouped by the first k dimensions (k cells each),
    /// computed over their rows like the totals, sorted like the lines.
    public var subtotals: [[Line]] = []

    /// The totals as numbers.
    public var totalNumbers: [Double?] { totals.map(\.number) }
}

extension Measure {
    /// `value` as the grid shows it.
    func cell(_ value: RowValue) -> QueryResult.Cell {
        guard !value.isNull else { return QueryResult.Cell(.null, text: "-") }
        if let format { return QueryResult.Cell(value, text: format.text(value)) }
        if case let .double(d) = value { return QueryResult.Cell(value, text: Self.text(d)) }
        return QueryResult.Cell(value, text: value.text ?? "-")
    }

    /// A number with up to 10 significant digits, as `%.10g` writes it (without the cost of formatting through C's
    /// printf, which a grid of 18,000 lines notices).
    static func text(_ d: Double) -> String {
        let magnitude = abs(d)
        if d.rounded() == d && magnitude < 1e15 { return String(Int64(d)) }
        guard magnitude >= 1e-4 && magnitude < 1e10 && d.isFinite else { return String(format: "%.10g", d) }
        let decimals = 9 - Int(log10(magnitude).rounded(.down))
        let scaled = (magnitude * pow(10, Double(decimals))).rounded()
        guard scaled < 1e10 else { return String(format: "%.10g", d) }
        var digits = Array(String(Int64(scaled)).utf8)
        if digits.count <= decimals { digits = Array(repeating: UInt8(ascii: "0"), count: decimals + 1 - digits.count) + digits }
        var fraction = digits[(digits.count - decimals)...]
        while fraction.last == UInt8(ascii: "0") { fraction = fraction.dropLast() }
        let integer = digits[..<(digits.count - decimals)]
        let text = String(decoding: integer, as: UTF8.self) + (fraction.isEmpty ? "" : "." + String(decoding: fraction, as: UTF8.self))
        return d < 0 ? "-" + text : text
    }
}

extension DataModel {
    /// Runs `cube` under `selection` within `rights`; set expressions may name `bookmarks` (`Sum({BM01} Amount)`).
    public func query(_ cube: Hypercube, selection: Selection = Selection(), rights: Rights = .unrestricted,
                      bookmarks: [String: Selection] = [:]) throws(EngineError) -> QueryResult {
        for name in cube.dimensions.map(\.description) where rights.hidden.contains(name) {
            throw EngineError(.unknownName, "no field \(name)")
        }
        let dimensionFields = try cube.dimensions.map { (d) throws(EngineError) in try field(d) }
        // Mixed-radix strides over the dimensions' codes (null included); with too many combinations for one integer,
        // the combinations that occur are numbered (WideDimensions.swift).
        let mixed = Self.strides(dimensionFields)
        let wide = mixed == nil ? TupleNumbering(width: dimensionFields.count) : nil
        let strides = mixed ?? [1]
        func decode(_ key: Int) -> [Int] {
            if let wide { return wide.tuple(key).map(Int.init) }
            return zip(strides, dimensionFields).map { stride, field in key / stride % field.codes.codeCount }
        }

        let cache = PropagationCache(bookmarks: bookmarks)
        let plans = try cube.measures.map { (m) throws(EngineError) in try plan(m, selection: selection, rights: rights, cache: cache) }
        var pathsByTable: [Int: [DimensionPath]] = [:]
        func paths(_ table: Int) throws(EngineError) -> [DimensionPath] {
            if let known = pathsByTable[table] { return known }
            let found = if let wide {
                [try tuplePath(from: table, to: cube.dimensions, numbering: wide)]
            } else {
                try cube.dimensions.map { (d) throws(EngineError) in try dimensionPath(from: table, to: d) }
            }
            pathsByTable[table] = found
            return found
        }
        // `total <fields>`: the chart's dimensions an aggregation keeps, and the mixed radix over them.
        let kept = plans.map { plan in
            plan.aggregations.map { planned in planned.total ? cube.dimensions.indices.filter { planned.kept.contains(cube.dimensions[$0]) } : [] }
        }
        var keptStride: [[[Int]]] = []
        for dimensions in kept {
            var strides: [[Int]] = []
            for d in dimensions {
                guard let found = Self.strides(d.map { dimensionFields[$0] }) else {
                    throw EngineError(.invalidSelection, "too many combinations of the dimensions kept by total <…>")
                }
                strides.append(found)
            }
            keptStride.append(strides)
        }
        /// Each planned aggregation's values: by line, or one value for `total`. Aggregations of one table over the same
        /// rows share one pass of the kernel. The Others line's pass (`remap`) takes the `total` ones from `done`.
        func run(remap: [Int: Int]? = nil, done: [[GroupedValues]]? = nil) throws(EngineError) -> [[GroupedValues]] {
            var out = done ?? plans.map { $0.aggregations.map { _ in GroupedValues(values: [:], total: .null) } }
            var batches: [(table: Int, rows: Bitset?, total: Bool, kept: [Int], members: [(m: Int, i: Int)])] = []
            for (m, plan) in plans.enumerated() {
                for (i, planned) in plan.aggregations.enumerated() {
                    let table = try tableIndex(planned.spec.field.table)
                    let rows = planned.rows[table]
                    if let b = batches.firstIndex(where: { $0.table == table && $0.total == planned.total && $0.kept == kept[m][i] && $0.rows == rows }) {
                        batches[b].members.append((m, i))
                    } else {
                        batches.append((table, rows, planned.total, kept[m][i], [(m, i)]))
                    }
                }
            }
            for batch in batches where !(batch.total && done != nil) {
                let specs = batch.members.map { plans[$0.m].aggregations[$0.i].spec }
                let results = batch.total
                    ? try aggregate(specs, rows: batch.rows, dimensions: try batch.kept.map { (d) throws(EngineError) in
                        try dimensionPath(from: batch.table, to: cube.dimensions[d])
                    }, strides: keptStride[batch.members[0].m][batch.members[0].i])
                    : try aggregate(specs, rows: batch.rows, dimensions: try paths(batch.table), strides: strides,
                                    remap: remap, remainder: remap == nil ? nil : -1)
                for (member, result) in zip(batch.members, results) { out[member.m][member.i] = result }
            }
            return out
        }
        /// Which line a value is for: the line of a group key, the Others line, or the totals.
        enum Target { case line(Int), others, totals }
        /// The values of measure `m`'s aggregations on a line (runs of `run(remap:)` for Others).
        func aggregationValues(_ runs: [[GroupedValues]], _ m: Int, _ target: Target) -> (Int) -> RowValue {
            { i in
                let planned = plans[m].aggregations[i], grouped = runs[m][i]
                let missing = planned.spec.function.value(nil)
                switch target {
                case let .line(key) where planned.total:
                    guard !kept[m][i].isEmpty else { return grouped.values[0] ?? missing }
                    let codes = decode(key)
                    return grouped.values[zip(kept[m][i], keptStride[m][i]).reduce(0) { $0 + codes[$1.0] * $1.1 }] ?? missing
                case let .line(key): return grouped.values[key] ?? missing
                case .others: return planned.total ? (kept[m][i].isEmpty ? grouped.values[0] ?? missing : .null) : grouped.values[-1] ?? missing
                case .totals: return planned.total && kept[m][i].isEmpty ? grouped.values[0] ?? missing : grouped.total
                }
            }
        }
        /// The measures on one line, given their aggregations' values, their ranks there and their Aggr() values.
        func values(_ runs: [[GroupedValues]], _ target: Target, rank: (Int, Int) -> RowValue = { _, _ in .null },
                    aggr: (Int, Int) -> RowValue) throws(EngineError) -> [RowValue] {
            var out: [RowValue] = []
            for (m, plan) in plans.enumerated() {
                out.append(try plan.value(aggregationValues(runs, m, target), rank: { rank(m, $0) }, aggr: { aggr(m, $0) }))
            }
            return out
        }
        func encode(_ codes: ArraySlice<Int>) -> Int {
            if let wide {
                let tuple = codes.map { Int32($0) }
                return tuple.withUnsafeBufferPointer { wide.number($0.baseAddress!) }
            }
            return zip(codes, strides).reduce(0) { $0 + $1.0 * $1.1 }
        }

        let byLine = try run()
        var keys = Set<Int>()
        for (m, plan) in plans.enumerated() {
            for (i, planned) in plan.aggregations.enumerated() where !planned.total { keys.formUnion(byLine[m][i].values.keys) }
        }
        // Aggr(): the inner measure for each combination of the chart's dimensions and Aggr's, gathered by line; and
        // for the totals, by Aggr's dimensions alone.
        var aggrByLine = plans.map { $0.aggrs.map { _ in [Int: [RowValue]]() } }
        var aggrTotals = plans.map { $0.aggrs.map { _ in RowValue.null } }
        for (m, plan) in plans.enumerated() {
            for (a, aggr) in plan.aggrs.enumerated() {
                let extra = aggr.dimensions.filter { !cube.dimensions.contains($0) }
                let inner = try query(Hypercube(dimensions: cube.dimensions + extra, measures: [aggr.measure]), selection: selection, rights: rights,
                                      bookmarks: bookmarks)
                for line in inner.lines { aggrByLine[m][a][encode(line.codes.prefix(cube.dimensions.count)), default: []].append(line.measures[0].value) }
                keys.formUnion(aggrByLine[m][a].keys)
                let whole = try query(Hypercube(dimensions: aggr.dimensions, measures: [aggr.measure]), selection: selection, rights: rights,
                                      bookmarks: bookmarks)
                aggrTotals[m][a] = aggr.aggregate(whole.lines.map { $0.measures[0].value })
            }
        }
        // Without a sort of their own, lines follow their dimensions' codes, which is their group keys' order: the first
        // dimension has the largest stride (unless keys are numbered as met, for wide dimensions).
        let keyOrder = cube.sort.isEmpty && wide == nil
        var lines: [(key: Int, codes: [Int], measures: [RowValue])] = (keyOrder ? keys.sorted() : Array(keys)).map { ($0, decode($0), []) }
        let all = Set(lines.map(\.key))
        if cube.suppressNulls {
            lines.removeAll { line in zip(line.codes, dimensionFields).contains { $0 == $1.nullCode } }
        }
        // Rank(): each ranked measure over the lines, ranked within the groups of the other dimensions' values (or
        // among all lines, with `total`).
        var ranks = plans.map { $0.ranks.map { _ in [Int: RowValue]() } }
        for (m, plan) in plans.enumerated() {
            for (r, rank) in plan.ranks.enumerated() {
                var groups: [[Int]: [(key: Int, order: [Int], value: Double)]] = [:]
                for line in lines {
                    let value = try MeasurePlan.value(of: rank.tree, aggregation: aggregationValues(byLine, m, .line(line.key)))
                    guard let number = value.number else { continue }
                    groups[rank.total ? [] : Array(line.codes.dropLast()), default: []].append((line.key, line.codes, number))
                }
                for group in groups.values {
                    for (key, value) in Self.ranks(group, mode: rank.mode) { ranks[m][r][key] = value }
                }
            }
        }
        for i in lines.indices {
            let key = lines[i].key
            lines[i].measures = try values(byLine, .line(key), rank: { ranks[$0][$1][key] ?? .null },
                                           aggr: { plans[$0].aggrs[$1].aggregate(aggrByLine[$0][$1][key] ?? []) })
        }
        if cube.suppressZeros {
            lines.removeAll { line in line.measures.allSatisfy { $0.isNull || $0.number == 0 } }
        }
        let sort = cube.sort + cube.dimensions.indices.map { SortKey.dimension($0, descending: false) }
        if !keyOrder {
            lines.sort { a, b in
                for key in sort {
                    switch key {
                    case let .dimension(d, descending):
                        if a.codes[d] != b.codes[d] { return (a.codes[d] < b.codes[d]) != descending }
                    case let .measure(m, descending):
                        switch (a.measures[m].number, b.measures[m].number) {
                        case let (x?, y?) where x != y: return (x < y) != descending
                        case (.some, nil): return true
                        case (nil, .some): return false
                        default: continue
                        }
                    }
                }
                return false
            }
        }
        var result = QueryResult(dimensionLabels: cube.dimensions.map(\.field), measureLabels: cube.measures.map(\.label), lines: [], totals: [])
        func cells(_ codes: [Int]) -> [QueryResult.Cell] {
            zip(codes, dimensionFields).map { code, field in
                code == field.nullCode ? QueryResult.Cell(.null, text: "-") : QueryResult.Cell(field.symbols.rowValue(code), text: field.symbols.text(code))
            }
        }
        func cells(_ values: [RowValue]) -> [QueryResult.Cell] { zip(cube.measures, values).map { $0.cell($1) } }
        let shown = cube.limit.map { Swift.min($0, lines.count) } ?? lines.count
        result.lines = lines.prefix(shown).map {
            QueryResult.Line(dimensions: cells($0.codes), measures: cells($0.measures), isOthers: false, codes: $0.codes)
        }
        if shown < lines.count {
            // The Others line is computed over its rows, like the totals. Kept lines keep their group,
            // suppressed lines go to a group nobody reads (-2), the rest to Others (-1).
            var remap = Dictionary(uniqueKeysWithValues: all.map { ($0, -2) })
            for line in lines.prefix(shown) { remap[line.key] = line.key }
            for line in lines.dropFirst(shown) { remap[line.key] = -1 }
            let otherKeys = lines.dropFirst(shown).map(\.key)
            let others = try values(try run(remap: remap, done: byLine), .others) { m, a in
                plans[m].aggrs[a].aggregate(otherKeys.flatMap { aggrByLine[m][a][$0] ?? [] })
            }
            result.lines.append(QueryResult.Line(dimensions: Array(repeating: QueryResult.Cell(.null, text: "-"), count: cube.dimensions.count),
                                                 measures: cells(others), isOthers: true, codes: []))
        }
        // Totals come from the lines' pass, over every row folded (a `total` aggregation's value is its own).
        result.totals = cells(try values(byLine, .totals) { aggrTotals[$0][$1] })
        if cube.subtotals {
            for k in cube.dimensions.indices.dropFirst() {
                var level = cube
                level.dimensions = Array(cube.dimensions.prefix(k))
                level.sort = cube.sort.filter { if case let .dimension(d, _) = $0 { d < k } else { true } }
                level.limit = nil
                level.subtotals = false
                result.subtotals.append(try query(level, selection: selection, rights: rights, bookmarks: bookmarks).lines)
            }
        }
        return result
    }
}

extension DataModel {
    /// Mixed-radix strides over the fields' codes (null included): a combination's number is Σ code × stride. Nil when
    /// the combinations outnumber an Int.
    static func strides(_ fields: [EngineField]) -> [Int]? {
        var out: [Int] = []
        var radix = 1
        for field in fields.reversed() {
            out.insert(radix, at: 0)
            let (next, overflow) = radix.multipliedReportingOverflow(by: field.codes.codeCount)
            guard !overflow else { return nil }
            radix = next
        }
        return out
    }

    /// Ranks of `values` (1: the largest) by Qlik's `mode` for equal values: 0, the smallest rank number of the group when
    /// all its ranks are at most the middle of the ranking, the largest when all are at least the middle, else the middle;
    /// 1 the smallest; 2 the average; 3 the largest; 4 one after the other in the lines' order.
    static func ranks(_ values: [(key: Int, order: [Int], value: Double)], mode: Int) -> [(Int, RowValue)] {
        let sorted = values.sorted { $0.value != $1.value ? $0.value > $1.value : $0.order.lexicographicallyPrecedes($1.order) }
        let middle = Double(sorted.count + 1) / 2
        var out: [(Int, RowValue)] = []
        var start = 0
        while start < sorted.count {
            var end = start
            while end + 1 < sorted.count && sorted[end + 1].value == sorted[start].value { end += 1 }
            let low = start + 1, high = end + 1
            for (i, entry) in sorted[start...end].enumerated() {
                let rank: RowValue = switch mode {
                case 1: .int(Int64(low))
                case 2: low == high ? .int(Int64(low)) : .double(Double(low + high) / 2)
                case 3: .int(Int64(high))
                case 4: .int(Int64(low + i))
                default:
                    Double(high) <= middle ? .int(Int64(low)) : Double(low) >= middle ? .int(Int64(high))
                        : middle.rounded() == middle ? .int(Int64(middle)) : .double(middle)
                }
                out.append((entry.key, rank))
            }
            start = end + 1
        }
        return out
    }
}

extension PlannedAggr {
    /// The enclosing aggregation of Aggr()'s values (nulls and texts left out; counts count the values), computed as the
    /// collected aggregations compute theirs.
    func aggregate(_ values: [RowValue]) -> RowValue {
        if function == .count {
            let present = values.filter { !$0.isNull }
            return .int(Int64(distinct ? Set(present).count : present.count))
        }
        var numbers = values.compactMap(\.number)
        if distinct { numbers = Array(Set(numbers)) }
        let engine: AggregateFunction = switch function {
        case .sum: .sum
        case .avg: .avg
        case .min: .min
        case .max: .max
        case .stdev: .stdev
        default: .fractile
        }
        return CollectedInput.compute(engine, numbers.sorted(), rank: 1, fraction: fraction)
    }
}
