// The aggregation kernel. Rows are taken 4,096 at a time, each possible
// row with its group number (RowGrouping.swift), and update accumulators
// held in plain arrays indexed by group, without branches on values (a
// null, stored as NaN or as the null code, adds zero). The row range is
// split across the processors, each part with its own accumulators,
// merged at the end. When groups are few, each group has 4 accumulators,
// row i updating lane i mod 4: rows of one group in a row then update
// different memory, instead of each addition waiting for the previous one
// to be stored (a chart of 6 groups folds about 4 times faster); the lanes
// are added up at the end. Aggregations that need all of a group's values
// (Median, Concat…) are gathered in the same pass.

import Dispatch
import VigieExpressions

/// Accumulators of one aggregation over a range of rows.
struct Accumulators {
    var rows: [Int32]
    var counts: [Int]
    var sums: [Double]
    var extremes: [Double]
    /// For distinct counts over few (group, value) pairs: a bit per pair.
    var seen: Bitset?
    /// For distinct counts over many pairs (or groups numbered as met): each row's pair, group × codes + code.
    var pairs: [Int]
    /// Where a minimum (+∞) or a maximum (−∞) starts.
    let extremeStart: Double

    /// `lanes` accumulators per group for rows, counts, sums and extremes (group g, lane l at g × lanes + l).
    init(groups: Int, function: AggregateFunction, codeCount: Int, lanes: Int = 1) {
        extremeStart = function == .max ? -.infinity : .infinity
        rows = Array(repeating: 0, count: groups * lanes)
        counts = Array(repeating: 0, count: groups * lanes)
        sums = function == .sum || function == .avg ? Array(repeating: 0, count: groups * lanes) : []
        extremes = function == .min || function == .max ? Array(repeating: extremeStart, count: groups * lanes) : []
        let bits = groups.multipliedReportingOverflow(by: codeCount)
        seen = function == .countDistinct && !bits.overflow && bits.partialValue <= Self.maximumBits ? Bitset(count: bits.partialValue) : nil
        pairs = []
    }

    /// An empty value to swap in while an accumulator is folded into.
    static let placeholder = Accumulators(groups: 0, function: .countRows, codeCount: 0)

    /// Above this many (group, value) pairs, distinct counts collect pairs instead of setting bits (16 MiB).
    static let maximumBits = 1 << 27

    /// Distinct values per group.
    func distinctCounts(groups: Int, codeCount: Int) -> [Int] {
        var out = [Int](repeating: 0, count: groups)
        if let seen {
            seen.forEach { out[$0 / codeCount] += 1 }
        } else {
            var last = -1
            for pair in pairs.sorted() where pair != last {
                out[pair / codeCount] += 1
                last = pair
            }
        }
        return out
    }

    /// The value over every group but the unread one (key -2), as the total line needs it.
    func overall(_ function: AggregateFunction, codeCount: Int, groupKeys: [Int]?) -> Double? {
        let read = rows.indices.filter { (groupKeys?[$0] ?? $0) != -2 }
        let n = read.reduce(0) { $0 + counts[$1] }
        switch function {
        case .countRows, .count: return Double(n)
        case .sum: return n > 0 ? read.reduce(0) { $0 + sums[$1] } : nil
        case .avg: return n > 0 ? read.reduce(0) { $0 + sums[$1] } / Double(n) : nil
        case .min: return n > 0 ? read.map { extremes[$0] }.min() : nil
        case .max: return n > 0 ? read.map { extremes[$0] }.max() : nil
        case .countDistinct:
            let keep = Set(read)
            var present = [Bool](repeating: false, count: codeCount)
            if let seen {
                seen.forEach { bit in if keep.contains(bit / codeCount) { present[bit % codeCount] = true } }
            } else {
                for pair in pairs where keep.contains(pair / codeCount) { present[pair % codeCount] = true }
            }
            return Double(present.reduce(0) { $0 + ($1 ? 1 : 0) })
        case .median, .fractile, .stdev, .only, .concat, .firstSortedValue: return nil
        }
    }

    /// Makes room for `groups` groups (groups numbered as met), keeping what is accumulated.
    mutating func grow(to groups: Int, codeCount: Int) {
        guard groups > rows.count else { return }
        let more = groups - rows.count
        rows += repeatElement(0, count: more)
        counts += repeatElement(0, count: more)
        if !sums.isEmpty { sums += repeatElement(0, count: more) }
        if !extremes.isEmpty { extremes += repeatElement(extremeStart, count: more) }
        // Distinct counts go on as collected pairs (a bit's index is its pair, group × codes + code), keeping what is seen.
        if let bits = seen {
            pairs += bits.elements
            seen = nil
        }
    }

    /// Adds up each group's lanes, leaving one accumulator per group.
    mutating func collapse(lanes: Int, function: AggregateFunction) {
        guard lanes > 1 else { return }
        func fold<T>(_ values: [T], _ combine: (T, T) -> T) -> [T] {
            stride(from: 0, to: values.count, by: lanes).map { g in values[g + 1..<g + lanes].reduce(values[g], combine) }
        }
        rows = fold(rows, +)
        counts = fold(counts, +)
        sums = fold(sums, +)
        extremes = fold(extremes, function == .max ? { Swift.max($0, $1) } : { Swift.min($0, $1) })
    }

    /// Drops the groups from `groups` on (the discarded one).
    mutating func drop(after groups: Int, codeCount: Int) {
        rows.removeSubrange(groups...)
        counts.removeSubrange(groups...)
        if !sums.isEmpty { sums.removeSubrange(groups...) }
        if !extremes.isEmpty { extremes.removeSubrange(groups...) }
        if var bits = seen {
            for bit in groups * codeCount..<bits.count { bits.remove(bit) }
            seen = bits
        }
        pairs.removeAll { $0 >= groups * codeCount }
    }

    mutating func merge(_ other: Accumulators, function: AggregateFunction) {
        for g in rows.indices {
            rows[g] += other.rows[g]
            counts[g] += other.counts[g]
        }
        for g in sums.indices { sums[g] += other.sums[g] }
        switch function {
        case .min: for g in extremes.indices { extremes[g] = Swift.min(extremes[g], other.extremes[g]) }
        case .max: for g in extremes.indices { extremes[g] = Swift.max(extremes[g], other.extremes[g]) }
        default: break
        }
        if let theirs = other.seen { seen?.formUnion(theirs) }
        pairs += other.pairs
    }
}

/// One aggregation's field, as the kernel reads it.
private struct KernelInput: Sendable {
    let function: AggregateFunction
    let numbers: [Double]
    /// An aggregated expression computed a chunk at a time (instead of `numbers`).
    let arithmetic: ChunkedArithmetic?
    /// Whether some number may be null (NaN); a field without a null row skips looking for them.
    let hasNulls: Bool
    let codes: CodeColumn
    let nullCode: Int32
    let codeCount: Int
}

extension DataModel {
    /// Runs `aggregation` over the possible rows (`rows`; nil: all) of its table, grouped by `dimensions`
    /// (group number = Σ code × stride). `remap` renumbers groups before folding (top N and Others): a group
    /// missing from it folds into `remainder`.
    func aggregate(_ aggregation: FieldAggregation, rows: Bitset?, dimensions: [DimensionPath], strides: [Int],
                   remap: [Int: Int]? = nil, remainder: Int? = nil) throws(EngineError) -> GroupedValues {
        try aggregate([aggregation], rows: rows, dimensions: dimensions, strides: strides, remap: remap, remainder: remainder)[0]
    }

    /// Runs several aggregations of fields of one table over the same rows and groups, in one pass: the group
    /// numbers are computed once per chunk for all of them, folded into the kernel's accumulators or, for the
    /// functions that need every value of a group (`isCollected`), gathered for CollectedAggregation.swift.
    func aggregate(_ aggregations: [FieldAggregation], rows: Bitset?, dimensions: [DimensionPath], strides: [Int],
                   remap: [Int: Int]? = nil, remainder: Int? = nil) throws(EngineError) -> [GroupedValues] {
        guard let first = aggregations.first else { return [] }
        let (t, _) = try Self.locate(first.field, in: tables)
        let table = tables[t]
        var folded: [KernelInput] = []
        var gathered: [CollectedInput] = []
        for aggregation in aggregations {
            let (at, f) = try Self.locate(aggregation.field, in: tables)
            precondition(at == t, "aggregations of one pass share a table")
            let field = table.fields[f]
            if aggregation.isCollected {
                gathered.append(try CollectedInput(aggregation, field: field))
                continue
            }
            switch aggregation.function {
            case .sum, .avg, .min, .max:
                guard field.numbers != nil || aggregation.rowNumbers != nil else {
                    throw EngineError(.invalidSelection, "\(aggregation.function.rawValue)(\(aggregation.field)) needs numbers; \(aggregation.field) holds \(field.type) values")
                }
            default: break
            }
            // A counted expression is read through the codes of its values.
            let codes = aggregation.arguments?.first?.codes ?? field.codes
            var numbers = field.numbers ?? [], arithmetic: ChunkedArithmetic?, hasNulls = true
            switch aggregation.rowNumbers {
            case let .stored(values)?: numbers = values
            case let .computed(chunked, _)?: arithmetic = chunked
            case nil: hasNulls = field.hasNulls
            }
            // Counting the values of a field without nulls counts its rows.
            let function = aggregation.function == .count && aggregation.arguments == nil && !field.hasNulls ? .countRows : aggregation.function
            folded.append(KernelInput(function: function, numbers: numbers, arithmetic: arithmetic, hasNulls: hasNulls, codes: codes,
                                      nullCode: Int32(codes.codeCount - 1), codeCount: codes.codeCount))
        }
        let inputs = folded, collected = gathered
        let grouping = RowGrouping(table: table, rows: rows, dimensions: dimensions, strides: strides, remap: remap, remainder: remainder,
                                   wholeChunks: collected.isEmpty)
        // Lanes per group when groups are few (see the top of this file); groups numbered as met grow, one lane each.
        let lanes = grouping.dense && grouping.slots <= 4_096 ? 4 : 1
        let shift = lanes.trailingZeroBitCount, mask = lanes - 1
        let results = grouping.perPart { part -> (accumulators: [Accumulators], entries: [[CollectedEntry]], overflow: [Bool]) in
            var accs = inputs.map { Accumulators(groups: grouping.slots, function: $0.function, codeCount: $0.codeCount, lanes: lanes) }
            var entries = collected.map { _ in [CollectedEntry]() }
            let kernels = inputs.map { $0.arithmetic?.kernel(chunk: RowGrouping.chunk) }
            var overflow = inputs.map { _ in false }
            // Rows per group, shared by every aggregation of the pass; each one counts its nulls (into `counts`, turned
            // into the count of values at the end).
            var rowsSeen = [Int32](repeating: 0, count: grouping.slots * lanes)
            let values = UnsafeMutablePointer<Int32>.allocate(capacity: RowGrouping.chunk)
            let weights = UnsafeMutablePointer<Int32>.allocate(capacity: RowGrouping.chunk)
            let chunkNumbers = UnsafeMutablePointer<Double>.allocate(capacity: RowGrouping.chunk)
            defer {
                values.deallocate()
                weights.deallocate()
                chunkNumbers.deallocate()
            }
            grouping.forEachChunk(of: part) { start, n, keys, selected, m in
                if !grouping.dense {
                    for s in accs.indices { accs[s].grow(to: grouping.groupCount, codeCount: inputs[s].codeCount) }
                    if rowsSeen.count < grouping.groupCount { rowsSeen += repeatElement(0, count: grouping.groupCount - rowsSeen.count) }
                }
                rowsSeen.withUnsafeMutableBufferPointer { rows in
                    for i in 0..<m { rows[keys[i] << shift | i & mask] += 1 }
                }
                for s in inputs.indices {
                    let input = inputs[s]
                    var acc = Accumulators.placeholder
                    swap(&acc, &accs[s])
                    // The values of the rows folded, in the order of their keys: codes, or numbers (read in place when
                    // every row of the chunk is folded).
                    switch input.function {
                    case .count, .countDistinct:
                        var copy = CopyCodes(start: start, count: n, selected: selected, m: m, out: values)
                        input.codes.read(&copy)
                        Self.fold(&acc, input, keys: keys, shift: shift, values: values, numbers: chunkNumbers, count: m)
                    case .countRows: break
                    default:
                        if let kernel = kernels[s] {
                            kernel(start, selected == nil ? n : m, selected, chunkNumbers)
                            overflow[s] = overflow[s] || Self.infinities(chunkNumbers, m) > 0
                            Self.fold(&acc, input, keys: keys, shift: shift, values: values, numbers: chunkNumbers, count: m)
                        } else {
                            input.numbers.withUnsafeBufferPointer { numbers in
                                if let selected {
                                    for j in 0..<m { chunkNumbers[j] = numbers[start + selected[j]] }
                                    Self.fold(&acc, input, keys: keys, shift: shift, values: values, numbers: chunkNumbers, count: m)
                                } else {
                                    Self.fold(&acc, input, keys: keys, shift: shift, values: values,
                                              numbers: UnsafeMutablePointer(mutating: numbers.baseAddress! + start), count: m)
                                }
                            }
                        }
                    }
                    swap(&acc, &accs[s])
                }
                for c in collected.indices {
                    collected[c].gather(into: &entries[c], start: start, count: n, keys: keys, selected: selected, m: m,
                                        values: values, weights: weights)
                }
            }
            for s in accs.indices {
                accs[s].rows = rowsSeen
                for g in rowsSeen.indices { accs[s].counts[g] = Int(rowsSeen[g]) - accs[s].counts[g] }
            }
            return (accs, entries, overflow)
        }
        // An infinite result: the evaluator computes that expression again, row by row, and reports the overflow.
        if let s = inputs.indices.first(where: { s in results.contains { $0.overflow[s] } }) {
            let k = aggregations.indices.filter { !aggregations[$0].isCollected }[s]
            guard case let .computed(_, reader)? = aggregations[k].rowNumbers else { preconditionFailure("an overflow comes from computed numbers") }
            var again = aggregations
            again[k].rowNumbers = .stored(try reader.evaluateAll(in: self) { $0.number ?? .nan })
            return try aggregate(again, rows: rows, dimensions: dimensions, strides: strides, remap: remap, remainder: remainder)
        }
        var merged = results[0].accumulators
        for part in results.dropFirst() {
            for s in merged.indices { merged[s].merge(part.accumulators[s], function: inputs[s].function) }
        }
        for s in merged.indices { merged[s].collapse(lanes: lanes, function: inputs[s].function) }
        if grouping.discarded != nil {
            for s in merged.indices { merged[s].drop(after: grouping.initialGroups, codeCount: inputs[s].codeCount) }
        }
        let groupKeys = grouping.groupKeys
        var kernelValues = merged.indices.map { s in
            let total = merged[s], function = inputs[s].function, codeCount = inputs[s].codeCount
            let distinct = function == .countDistinct ? total.distinctCounts(groups: total.rows.count, codeCount: codeCount) : []
            var out: [Int: RowValue] = [:]
            for g in 0..<total.rows.count where total.rows[g] > 0 {
                let key = groupKeys?[g] ?? g
                if key == -2 { continue }
                let n = total.counts[g]
                switch function {
                case .countRows, .count: out[key] = .int(Int64(n))
                case .countDistinct: out[key] = .int(Int64(distinct[g]))
                case .sum: out[key] = n > 0 ? .double(total.sums[g]) : .null
                case .avg: out[key] = n > 0 ? .double(total.sums[g] / Double(n)) : .null
                default: out[key] = n > 0 ? .double(total.extremes[g]) : .null
                }
            }
            return GroupedValues(values: out, total: function.value(total.overall(function, codeCount: codeCount, groupKeys: groupKeys)))
        }.makeIterator()
        var collectedValues = collected.indices.map { c in
            collected[c].grouped(results.flatMap { $0.entries[c] }, groupKeys: groupKeys)
        }.makeIterator()
        return aggregations.map { $0.isCollected ? collectedValues.next()! : kernelValues.next()! }
    }

    // Counts in loops without a branch per row, which the compiler turns into vector instructions.

    private static func nans(_ numbers: UnsafeMutablePointer<Double>, _ m: Int) -> Int {
        var n = 0
        for i in 0..<m { n &+= numbers[i] != numbers[i] ? 1 : 0 }
        return n
    }

    private static func infinities(_ numbers: UnsafeMutablePointer<Double>, _ m: Int) -> Int {
        var n = 0
        for i in 0..<m { n &+= numbers[i].magnitude == .infinity ? 1 : 0 }
        return n
    }

    private static func occurrences(of code: Int32, in values: UnsafeMutablePointer<Int32>, _ m: Int) -> Int {
        var n = 0
        for i in 0..<m { n &+= values[i] == code ? 1 : 0 }
        return n
    }

    /// Folds `count` rows (their group numbers, codes and numbers) into `acc`, through pointers: no copy-on-write
    /// check, no closure and no switch per row. `counts` gathers the nulls met; a chunk without any (the common case,
    /// checked first) updates one accumulator per row.
    private static func fold(_ acc: inout Accumulators, _ input: KernelInput, keys: UnsafeMutablePointer<Int>, shift: Int,
                             values: UnsafeMutablePointer<Int32>, numbers: UnsafeMutablePointer<Double>, count m: Int) {
        let nullCode = input.nullCode, codeCount = input.codeCount, mask = (1 << shift) - 1
        let hasNull: Bool
        switch input.function {
        case .count, .countDistinct: hasNull = Self.occurrences(of: nullCode, in: values, m) > 0
        case .sum, .avg, .min, .max: hasNull = input.hasNulls && Self.nans(numbers, m) > 0
        default: hasNull = false
        }
        acc.counts.withUnsafeMutableBufferPointer { nulls in
            if hasNull {
                switch input.function {
                case .count, .countDistinct: for i in 0..<m { nulls[keys[i] << shift | i & mask] += values[i] == nullCode ? 1 : 0 }
                default: for i in 0..<m { nulls[keys[i] << shift | i & mask] += numbers[i].isNaN ? 1 : 0 }
                }
            }
            switch input.function {
            case .countRows, .count:
                break
            case .sum, .avg:
                acc.sums.withUnsafeMutableBufferPointer { sums in
                    if hasNull {
                        for i in 0..<m { sums[keys[i] << shift | i & mask] += numbers[i].isNaN ? 0 : numbers[i] }
                    } else {
                        for i in 0..<m { sums[keys[i] << shift | i & mask] += numbers[i] }
                    }
                }
            case .min:
                acc.extremes.withUnsafeMutableBufferPointer { extremes in
                    // NaN (null) compares false and changes nothing.
                    for i in 0..<m {
                        let g = keys[i] << shift | i & mask, v = numbers[i]
                        extremes[g] = v < extremes[g] ? v : extremes[g]
                    }
                }
            case .max:
                acc.extremes.withUnsafeMutableBufferPointer { extremes in
                    for i in 0..<m {
                        let g = keys[i] << shift | i & mask, v = numbers[i]
                        extremes[g] = v > extremes[g] ? v : extremes[g]
                    }
                }
            case .median, .fractile, .stdev, .only, .concat, .firstSortedValue:
                // Collected, not folded.
                break
            case .countDistinct:
                if acc.seen != nil {
                    acc.seen!.words.withUnsafeMutableBufferPointer { seen in
                        for i in 0..<m where values[i] != nullCode {
                            let bit = keys[i] * codeCount + Int(values[i])
                            seen[bit >> 6] |= 1 << UInt64(bit & 63)
                        }
                    }
                } else {
                    for i in 0..<m where values[i] != nullCode { acc.pairs.append(keys[i] * codeCount + Int(values[i])) }
                }
            }
        }
    }
}

/// How many threads the engine's parallel work uses.
enum Parallelism {
    static let processors = Swift.max(1, sysconfProcessors())

    private static func sysconfProcessors() -> Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
