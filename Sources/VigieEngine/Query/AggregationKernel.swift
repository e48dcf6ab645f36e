// The aggregation kernel. Rows are taken 4,096 at a time: each dimension
// adds code × stride to the chunk's group numbers through a CodeReader
// (specialised for the stored code width), then the chunk's rows — all of
// them, or the set bits of the possible rows — update accumulators held
// in plain arrays indexed by group, without branches on values (a null,
// stored as NaN or as the null code, adds zero). The row range is split
// across the processors, each part with its own accumulators, merged at
// the end. When the dimension values combine into too many groups for
// arrays, the groups met are numbered as they come.

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

    init(groups: Int, function: AggregateFunction, codeCount: Int) {
        extremeStart = function == .max ? -.infinity : .infinity
        rows = Array(repeating: 0, count: groups)
        counts = Array(repeating: 0, count: groups)
        sums = function == .sum || function == .avg ? Array(repeating: 0, count: groups) : []
        extremes = function == .min || function == .max ? Array(repeating: extremeStart, count: groups) : []
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

/// Adds `code × stride` (through `map` when the dimension is in another table) to each row's group number.
private struct AddGroupParts: CodeReader {
    let start: Int
    let count: Int
    let stride: Int
    let map: [Int32]?
    let keys: UnsafeMutablePointer<Int>

    mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
        if let map {
            map.withUnsafeBufferPointer { map in
                for i in 0..<count { keys[i] &+= Int(map[Int(codes[start + i])]) &* stride }
            }
        } else {
            for i in 0..<count { keys[i] &+= Int(codes[start + i]) &* stride }
        }
    }
}

/// Copies the codes of a row range.
private struct CopyCodes: CodeReader {
    let start: Int
    let count: Int
    let out: UnsafeMutablePointer<Int32>

    mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
        for i in 0..<count { out[i] = Int32(truncatingIfNeeded: codes[start + i]) }
    }
}

/// One aggregation's field, as the kernel reads it.
private struct KernelInput: Sendable {
    let function: AggregateFunction
    let numbers: [Double]
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
    /// numbers are computed once per chunk for all of them.
    func aggregate(_ aggregations: [FieldAggregation], rows: Bitset?, dimensions: [DimensionPath], strides: [Int],
                   remap: [Int: Int]? = nil, remainder: Int? = nil) throws(EngineError) -> [GroupedValues] {
        guard let first = aggregations.first else { return [] }
        let (t, _) = try Self.locate(first.field, in: tables)
        let table = tables[t]
        var collected: [KernelInput] = []
        for aggregation in aggregations {
            let (at, f) = try Self.locate(aggregation.field, in: tables)
            precondition(at == t, "aggregations of one pass share a table")
            let field = table.fields[f]
            switch aggregation.function {
            case .sum, .avg, .min, .max:
                guard field.numbers != nil || aggregation.rowValues != nil else {
                    throw EngineError(.invalidSelection, "\(aggregation.function.rawValue)(\(aggregation.field)) needs numbers; \(aggregation.field) holds \(field.type) values")
                }
            default: break
            }
            collected.append(KernelInput(function: aggregation.function, numbers: aggregation.rowValues ?? field.numbers ?? [], codes: field.codes,
                                      nullCode: Int32(field.nullCode), codeCount: field.codes.codeCount))
        }
        let inputs = collected
        let radix = zip(dimensions, strides).map { path, stride in stride * (path.nullCode + 1) }.max() ?? 1
        // Group numbers: dense when the combinations are few, else numbered as met (one dictionary lookup per row).
        let dense = radix <= 1 << 22 && remap == nil
        var numbering: [Int: Int] = [:]
        var groupOf: [Int] = []
        if let remap {
            // Kept groups first, then the remainder, then a slot for rows nobody reads.
            for target in remap.values where target >= 0 && numbering[target] == nil {
                numbering[target] = groupOf.count
                groupOf.append(target)
            }
            if let remainder, numbering[remainder] == nil {
                numbering[remainder] = groupOf.count
                groupOf.append(remainder)
            }
        }
        let rowCount = table.rowCount
        let threads = dense ? Swift.max(1, Swift.min(Parallelism.processors, rowCount / 65_536)) : 1
        let groups = dense ? radix : Swift.max(1, groupOf.count)
        // Parts start on multiples of 64 rows, so that each chunk's possible rows are whole words of the bitset.
        let parts = (0..<threads).map { i in ((rowCount * i / threads) & ~63)..<(i == threads - 1 ? rowCount : (rowCount * (i + 1) / threads) & ~63) }
        let results = UnsafeMutableBufferPointer<[Accumulators]?>.allocate(capacity: threads)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        nonisolated(unsafe) let slots = results
        let sourceCodes = dimensions.map(\.source)
        let numberer = GroupNumbering(numbering, groupOf)
        let dimensions = dimensions, strides = strides, remap = remap, remainder = remainder
        let work: @Sendable (Int) -> Void = { part in
            var accs = inputs.map { Accumulators(groups: groups, function: $0.function, codeCount: $0.codeCount) }
            let chunk = 4096
            let keys = UnsafeMutablePointer<Int>.allocate(capacity: chunk)
            let selected = UnsafeMutablePointer<Int>.allocate(capacity: chunk)
            let values = UnsafeMutablePointer<Int32>.allocate(capacity: chunk)
            let chunkNumbers = UnsafeMutablePointer<Double>.allocate(capacity: chunk)
            defer {
                keys.deallocate()
                selected.deallocate()
                values.deallocate()
                chunkNumbers.deallocate()
            }
            var start = parts[part].lowerBound
            while start < parts[part].upperBound {
                let n = Swift.min(chunk, parts[part].upperBound - start)
                keys.initialize(repeating: 0, count: n)
                for d in dimensions.indices {
                    var add = AddGroupParts(start: start, count: n, stride: strides[d], map: dimensions[d].map, keys: keys)
                    sourceCodes[d].read(&add)
                }
                // The possible rows of the chunk (set bits in [start, start + n)), their keys moved to the front.
                var m = n
                if let rows {
                    m = 0
                    rows.words.withUnsafeBufferPointer { words in
                        for w in (start >> 6)...((start + n - 1) >> 6) {
                            var bits = words[w]
                            while bits != 0 {
                                let r = w << 6 | bits.trailingZeroBitCount
                                bits &= bits &- 1
                                guard r >= start && r < start + n else { continue }
                                selected[m] = r - start
                                keys[m] = keys[r - start]
                                m += 1
                            }
                        }
                    }
                }
                if !dense {
                    for i in 0..<m {
                        let key = remap.map { $0[keys[i]] ?? remainder! } ?? keys[i]
                        keys[i] = numberer.number(key)
                    }
                    for s in accs.indices { accs[s].grow(to: numberer.keys.count, codeCount: inputs[s].codeCount) }
                }
                for s in inputs.indices {
                    let input = inputs[s]
                    // The values of the rows folded, in the order of their keys.
                    switch input.function {
                    case .count, .countDistinct:
                        var copy = CopyCodes(start: start, count: n, out: values)
                        input.codes.read(&copy)
                        if rows != nil { for j in 0..<m { values[j] = values[selected[j]] } }
                    case .sum, .avg, .min, .max:
                        input.numbers.withUnsafeBufferPointer { numbers in
                            if rows != nil {
                                for j in 0..<m { chunkNumbers[j] = numbers[start + selected[j]] }
                            } else {
                                chunkNumbers.update(from: numbers.baseAddress! + start, count: n)
                            }
                        }
                    case .countRows: break
                    }
                    var acc = Accumulators.placeholder
                    swap(&acc, &accs[s])
                    Self.fold(&acc, input, keys: keys, values: values, numbers: chunkNumbers, count: m)
                    swap(&acc, &accs[s])
                }
                start += n
            }
            slots[part] = accs
        }
        if threads == 1 {
            work(0)
        } else {
            DispatchQueue.concurrentPerform(iterations: threads, execute: work)
        }
        var merged = results[0]!
        for part in 1..<threads {
            for s in merged.indices { merged[s].merge(results[part]![s], function: inputs[s].function) }
        }
        let groupKeys = dense ? nil : numberer.keys
        return merged.indices.map { s in
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
                case .min, .max: out[key] = n > 0 ? .double(total.extremes[g]) : .null
                }
            }
            return GroupedValues(values: out, total: function.value(total.overall(function, codeCount: codeCount, groupKeys: groupKeys)))
        }
    }

    /// Folds `count` rows (their group numbers, codes and numbers) into `acc`, through pointers: no copy-on-write
    /// check, no closure and no switch per row.
    private static func fold(_ acc: inout Accumulators, _ input: KernelInput, keys: UnsafeMutablePointer<Int>,
                             values: UnsafeMutablePointer<Int32>, numbers: UnsafeMutablePointer<Double>, count m: Int) {
        let nullCode = input.nullCode, codeCount = input.codeCount
        acc.rows.withUnsafeMutableBufferPointer { rowsSeen in
            acc.counts.withUnsafeMutableBufferPointer { counts in
                switch input.function {
                case .countRows:
                    for i in 0..<m {
                        rowsSeen[keys[i]] += 1
                        counts[keys[i]] += 1
                    }
                case .count:
                    for i in 0..<m {
                        rowsSeen[keys[i]] += 1
                        counts[keys[i]] += values[i] != nullCode ? 1 : 0
                    }
                case .sum, .avg:
                    acc.sums.withUnsafeMutableBufferPointer { sums in
                        for i in 0..<m {
                            let g = keys[i], v = numbers[i], present = !v.isNaN
                            rowsSeen[g] += 1
                            sums[g] += present ? v : 0
                            counts[g] += present ? 1 : 0
                        }
                    }
                case .min:
                    acc.extremes.withUnsafeMutableBufferPointer { extremes in
                        for i in 0..<m {
                            // NaN (null) compares false and changes nothing.
                            let g = keys[i], v = numbers[i]
                            rowsSeen[g] += 1
                            extremes[g] = v < extremes[g] ? v : extremes[g]
                            counts[g] += v.isNaN ? 0 : 1
                        }
                    }
                case .max:
                    acc.extremes.withUnsafeMutableBufferPointer { extremes in
                        for i in 0..<m {
                            let g = keys[i], v = numbers[i]
                            rowsSeen[g] += 1
                            extremes[g] = v > extremes[g] ? v : extremes[g]
                            counts[g] += v.isNaN ? 0 : 1
                        }
                    }
                case .countDistinct:
                    if acc.seen != nil {
                        acc.seen!.words.withUnsafeMutableBufferPointer { seen in
                            for i in 0..<m {
                                rowsSeen[keys[i]] += 1
                                guard values[i] != nullCode else { continue }
                                let bit = keys[i] * codeCount + Int(values[i])
                                seen[bit >> 6] |= 1 << UInt64(bit & 63)
                            }
                        }
                    } else {
                        for i in 0..<m {
                            rowsSeen[keys[i]] += 1
                            if values[i] != nullCode { acc.pairs.append(keys[i] * codeCount + Int(values[i])) }
                        }
                    }
                }
            }
        }
    }
}

/// Numbers groups as they are met, when their keys are too spread for arrays (one thread only).
private final class GroupNumbering: @unchecked Sendable {
    private var numbers: [Int: Int]
    private(set) var keys: [Int]

    init(_ numbers: [Int: Int], _ keys: [Int]) {
        self.numbers = numbers
        self.keys = keys
    }

    func number(_ key: Int) -> Int {
        if let n = numbers[key] { return n }
        numbers[key] = keys.count
        keys.append(key)
        return keys.count - 1
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
