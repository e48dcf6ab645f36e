// The aggregation kernel: rows of one table, grouped by the codes their
// dimensions reach, folded into per-group accumulators. Rows are taken a
// chunk at a time: each dimension adds its part of the group number for
// the whole chunk (a code lookup per row, no branch), then the chunk's
// rows update their group's accumulators. Group numbers are mixed-radix
// combinations of dimension codes, so accumulators live in plain arrays
// when the combinations are few, and in a dictionary otherwise.

/// What an aggregation computes over the rows of a group.
public enum AggregateFunction: String, Sendable, Equatable, CaseIterable {
    case sum, count, countDistinct, avg, min, max
    /// Every row counts, null or not: the number of rows of the table.
    case countRows
}

/// An aggregation of a field (or of a table's rows, for `countRows`).
public struct Aggregation: Sendable, Equatable {
    public var function: AggregateFunction
    /// The field aggregated; for `countRows`, any field of the table whose rows are counted.
    public var field: FieldReference

    public init(_ function: AggregateFunction, _ field: FieldReference) {
        self.function = function
        self.field = field
    }
}

/// Per-group results of one aggregation: the group numbers that have rows, and each one's value (nil: no value).
struct GroupedValues {
    var values: [Int: Double?]
}

extension DataModel {
    /// Runs `aggregation` over the possible rows (`rows`; nil: all) of its table, grouped by `dimensions`
    /// (group number = Σ code × stride). `remap` renumbers groups (top N and Others) before folding.
    func aggregate(_ aggregation: Aggregation, rows: Bitset?, dimensions: [DimensionPath], strides: [Int],
                   remap: [Int: Int]? = nil, remainder: Int? = nil) throws(EngineError) -> GroupedValues {
        let (t, f) = try Self.locate(aggregation.field, in: tables)
        let table = tables[t]
        let field = table.fields[f]
        let numbers = field.numbers
        switch aggregation.function {
        case .sum, .avg, .min, .max:
            guard numbers != nil else {
                throw EngineError(.invalidSelection, "\(aggregation.function.rawValue)(\(aggregation.field)) needs numbers; \(aggregation.field) holds \(field.type) values")
            }
        default: break
        }
        var sums: [Int: Double] = [:], counts: [Int: Int] = [:], extremes: [Int: Double] = [:]
        var distinct: [Int: Set<Int>] = [:]
        let chunk = 4096
        var keys = [Int](repeating: 0, count: chunk)
        var start = 0
        let fieldCodes = field.codes
        let nullCode = field.nullCode
        while start < table.rowCount {
            let end = Swift.min(table.rowCount, start + chunk)
            let n = end - start
            for i in 0..<n { keys[i] = 0 }
            for (d, path) in dimensions.enumerated() {
                let codes = table.fields[path.sourceField].codes
                let stride = strides[d]
                if let map = path.map {
                    for i in 0..<n { keys[i] += Int(map[codes[start + i]]) * stride }
                } else {
                    for i in 0..<n { keys[i] += codes[start + i] * stride }
                }
            }
            for i in 0..<n {
                let row = start + i
                if let rows, !rows.contains(row) { continue }
                var key = keys[i]
                if let remap { key = remap[key] ?? remainder! }
                switch aggregation.function {
                case .countRows:
                    counts[key, default: 0] += 1
                case .count:
                    counts[key, default: 0] += fieldCodes[row] == nullCode ? 0 : 1
                case .countDistinct:
                    let code = fieldCodes[row]
                    if code != nullCode { distinct[key, default: []].insert(code) } else if distinct[key] == nil { distinct[key] = [] }
                case .sum, .avg:
                    let value = numbers![row]
                    if !value.isNaN {
                        sums[key, default: 0] += value
                        counts[key, default: 0] += 1
                    } else if counts[key] == nil {
                        counts[key] = 0
                    }
                case .min, .max:
                    let value = numbers![row]
                    if !value.isNaN {
                        let current = extremes[key]
                        if current == nil || (aggregation.function == .min ? value < current! : value > current!) { extremes[key] = value }
                    } else if extremes[key] == nil {
                        counts[key] = 0
                    }
                }
            }
            start = end
        }
        var out: [Int: Double?] = [:]
        switch aggregation.function {
        case .countRows, .count:
            for (key, n) in counts { out[key] = Double(n) }
        case .countDistinct:
            for (key, set) in distinct { out[key] = Double(set.count) }
        case .sum:
            for (key, n) in counts { out[key] = n > 0 ? sums[key]! : nil }
        case .avg:
            for (key, n) in counts { out[key] = n > 0 ? sums[key]! / Double(n) : nil }
        case .min, .max:
            for key in counts.keys { out[key] = .some(nil) }
            for (key, value) in extremes { out[key] = value }
        }
        return GroupedValues(values: out)
    }
}
