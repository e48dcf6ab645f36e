// Aggregations that need every value of a group at once: Median,
// Fractile, StDev, Only, Concat, FirstSortedValue, Sum and Avg of distinct
// values, Min and Max of a rank. In the kernel's pass (RowGrouping.swift)
// each possible row gives an entry: its group number and the codes of its
// value and sort weight, which sort like the values (ArgumentColumn.swift).
// The entries are sorted by group, then weight, then value, and each
// group's run computes its function; the total line sorts the same
// entries without their groups, so it is computed over the rows, never
// from the lines. A row without a value (null, or a text where numbers are
// aggregated) still gives an entry, last in its group's run, which says
// the group has rows: its line exists, with a null.
//
// Orders, where Qlik leaves them open: Concat without a sort weight joins
// the values in their order (numbers by value, then texts by their UTF-8
// bytes: a field's sort order); with a weight, by weight (nulls last),
// equal weights by value. FirstSortedValue counts its rank in rows (or
// distinct value and weight pairs, with `distinct`) that have both a value
// and a numeric weight; when another of them shares the chosen one's
// weight, the result is null, as in Qlik.

import VigieExpressions

/// One possible row of a collected aggregation: its group, and the codes of its value and weight.
struct CollectedEntry: Comparable {
    /// group << 32 | the first code sorted on: the weight's, or the value's when there is no weight
    /// (`CollectedInput.noValue` for a row without a value).
    var key: UInt64
    /// The value's code, when there is a weight.
    var second: UInt32

    var group: UInt64 { key >> 32 }
    var first: Int { Int(UInt32(truncatingIfNeeded: key)) }

    static func < (a: CollectedEntry, b: CollectedEntry) -> Bool { (a.key, a.second) < (b.key, b.second) }
}

/// One collected aggregation, as the pass reads it.
struct CollectedInput: Sendable {
    let function: AggregateFunction
    let distinct: Bool
    let rank: Int
    let fraction: Double
    let delimiter: String
    let value: ArgumentColumn
    let weight: ArgumentColumn?

    /// The first code of an entry for a row without a value: last in its group.
    static let noValue = UInt32.max

    init(_ aggregation: FieldAggregation, field: EngineField) throws(EngineError) {
        function = aggregation.function
        distinct = aggregation.distinct
        rank = aggregation.rank
        fraction = function == .median ? 0.5 : aggregation.fraction
        delimiter = aggregation.delimiter
        value = aggregation.arguments?.first ?? ArgumentColumn(field: field, codes: field.codes)
        weight = aggregation.arguments.flatMap { $0.count > 1 ? $0[1] : nil }
        let name = "\(function.rawValue)(\(aggregation.field))"
        if function.isNumeric, let type = value.fieldType, !type.isNumeric {
            throw EngineError(.invalidSelection, "\(name) needs numbers; \(aggregation.field) holds \(type) values")
        }
        if function == .firstSortedValue && weight == nil {
            throw EngineError(.invalidSelection, "\(name) needs a sort weight: write it as a measure, FirstSortedValue(value, weight)")
        }
        guard rank >= 1 else { throw EngineError(.invalidSelection, "\(name): the rank is \(rank); ranks start at 1") }
        guard (0...1).contains(fraction) else { throw EngineError(.invalidSelection, "\(name): the fraction is \(fraction); it lies from 0 to 1") }
    }

    /// Appends an entry for each of a chunk's `m` possible rows (`keys`: their groups; `selected`: their offsets in the
    /// chunk, nil when all are possible). `values` and `weights` hold a chunk of codes.
    func gather(into entries: inout [CollectedEntry], start: Int, count n: Int, keys: UnsafeMutablePointer<Int>,
                selected: UnsafeMutablePointer<Int>?, m: Int, values: UnsafeMutablePointer<Int32>, weights: UnsafeMutablePointer<Int32>) {
        var copy = CopyCodes(start: start, count: n, selected: selected, m: m, out: values)
        value.codes.read(&copy)
        if let weight {
            var copy = CopyCodes(start: start, count: n, selected: selected, m: m, out: weights)
            weight.codes.read(&copy)
        }
        let nullCode = Int32(value.nullCode), numeric = function.isNumeric, weighed = function == .firstSortedValue
        let weightNumbers = weight?.numbers ?? []
        value.numbers.withUnsafeBufferPointer { numbers in
            weightNumbers.withUnsafeBufferPointer { weightNumbers in
                for j in 0..<m {
                    let code = values[j]
                    var present = code != nullCode && !(numeric && numbers[Int(code)].isNaN)
                    var first = UInt32(truncatingIfNeeded: code), second: UInt32 = 0
                    if weight != nil {
                        present = present && !(weighed && weightNumbers[Int(weights[j])].isNaN)
                        first = UInt32(truncatingIfNeeded: weights[j])
                        second = UInt32(truncatingIfNeeded: code)
                    }
                    entries.append(CollectedEntry(key: UInt64(keys[j]) << 32 | UInt64(present ? first : Self.noValue), second: present ? second : 0))
                }
            }
        }
    }

    /// Each group's value, and the total over every group but the unread one (key -2); `groupKeys` gives a group
    /// number's key when groups were numbered as met.
    func grouped(_ gathered: [CollectedEntry], groupKeys: [Int]?) -> GroupedValues {
        var entries = gathered
        entries.sort()
        var scratch = Scratch()
        var out: [Int: RowValue] = [:]
        var unread = false
        var lo = 0
        while lo < entries.count {
            let group = entries[lo].group
            var hi = lo + 1
            while hi < entries.count && entries[hi].group == group { hi += 1 }
            let key = groupKeys?[Int(group)] ?? Int(group)
            if key == -2 {
                unread = true
            } else {
                out[key] = value(of: entries[lo..<hi], &scratch)
            }
            lo = hi
        }
        // The total: one group already is the total; else the entries again, without their groups.
        if !unread && out.count <= 1 { return GroupedValues(values: out, total: out.values.first ?? .null) }
        var all: [CollectedEntry] = []
        all.reserveCapacity(entries.count)
        for entry in entries where (groupKeys?[Int(entry.group)] ?? 0) != -2 {
            all.append(CollectedEntry(key: entry.key & 0xFFFF_FFFF, second: entry.second))
        }
        all.sort()
        return GroupedValues(values: out, total: value(of: all[...], &scratch))
    }

    /// Buffers reused from one group to the next.
    struct Scratch {
        var numbers: [Double] = []
        var candidates: [Int] = []
        var texts: [String] = []
    }

    /// The function over one group's entries, sorted.
    func value(of run: ArraySlice<CollectedEntry>, _ scratch: inout Scratch) -> RowValue {
        // Rows without a value sort last.
        let present = run.prefix { UInt32(truncatingIfNeeded: $0.key) != Self.noValue }
        switch function {
        case .only:
            guard let low = present.first, let high = present.last, low.first == high.first else { return .null }
            return value.value(low.first)
        case .concat:
            scratch.texts.removeAll(keepingCapacity: true)
            var previous: CollectedEntry?
            for entry in present where !(distinct && entry == previous) {
                scratch.texts.append(value.text(weight == nil ? entry.first : Int(entry.second)))
                previous = entry
            }
            return scratch.texts.isEmpty ? .null : .string(scratch.texts.joined(separator: delimiter))
        case .firstSortedValue:
            scratch.candidates.removeAll(keepingCapacity: true)
            for i in present.indices where !(distinct && i > present.startIndex && present[i] == present[i - 1]) {
                scratch.candidates.append(i)
            }
            let candidates = scratch.candidates
            guard rank <= candidates.count, let weight else { return .null }
            func weightOf(_ c: Int) -> Double { weight.numbers[present[candidates[c]].first] }
            let chosen = weightOf(rank - 1)
            if rank > 1 && weightOf(rank - 2) == chosen || rank < candidates.count && weightOf(rank) == chosen { return .null }
            return value.value(Int(present[candidates[rank - 1]].second))
        default:
            // Numbers in ascending order (codes sort like values); once each for distinct, Min and Max.
            scratch.numbers.removeAll(keepingCapacity: true)
            let once = distinct || function == .min || function == .max
            var last = -1
            for entry in present where !(once && entry.first == last) {
                scratch.numbers.append(value.numbers[entry.first])
                last = entry.first
            }
            return Self.compute(function, scratch.numbers, rank: rank, fraction: fraction)
        }
    }

    /// A numeric function of values in ascending order.
    static func compute(_ function: AggregateFunction, _ x: [Double], rank: Int, fraction: Double) -> RowValue {
        let n = x.count
        guard n > 0 else { return .null }
        switch function {
        case .sum: return .double(x.reduce(0, +))
        case .avg: return .double(x.reduce(0, +) / Double(n))
        case .min: return rank <= n ? .double(x[rank - 1]) : .null
        case .max: return rank <= n ? .double(x[n - rank]) : .null
        case .stdev:
            guard n > 1 else { return .null }
            let mean = x.reduce(0, +) / Double(n)
            return .double((x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot())
        default:
            // Median and Fractile: between the two values around position (n − 1) × fraction.
            let h = Double(n - 1) * fraction, low = Int(h.rounded(.down)), high = Swift.min(low + 1, n - 1)
            return .double(x[low] + (h - Double(low)) * (x[high] - x[low]))
        }
    }
}
