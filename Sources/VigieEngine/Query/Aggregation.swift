// What an aggregation computes, and its per-group results. Sum, Count,
// Avg, Min and Max fold into accumulators in the kernel
// (AggregationKernel.swift); the others — and Sum or Avg of distinct
// values, Min or Max of a rank — need every value of a group at once, and
// are computed from the values collected per group (CollectedAggregation.swift).

import VigieExpressions

/// What an aggregation computes over the rows of a group.
public enum AggregateFunction: String, Sendable, Equatable, CaseIterable {
    case sum, count, countDistinct, avg, min, max
    /// Every row counts, null or not: the number of rows of the table.
    case countRows
    /// The middle value (the mean of the two middle ones for an even count).
    case median
    /// The value below which `fraction` of the values lie, interpolated between the two nearest (Excel's PERCENTILE.INC).
    case fractile
    /// The sample standard deviation (n − 1); null under two values.
    case stdev
    /// The value, when all the non-null values are one value; else null.
    case only
    /// The texts of the values, joined by `delimiter`.
    case concat
    /// The value of the row with the smallest sort weight (the `rank`-th); null when several rows share that weight.
    case firstSortedValue
}

/// An aggregation of a field (or of a table's rows, for `countRows`): what the engine computes for one
/// aggregation of a measure.
public struct FieldAggregation: Sendable, Equatable {
    public var function: AggregateFunction
    /// The field aggregated; for `countRows`, any field of the table whose rows are counted; for an
    /// expression, one of the fields it reads (it names the table).
    public var field: FieldReference
    /// Each value once (`Sum(distinct Amount)`): for Sum, Avg, StDev, Median, Fractile, Concat and FirstSortedValue;
    /// Count has `countDistinct`.
    public var distinct = false
    /// Min and Max: the `rank`-th smallest or largest distinct value; FirstSortedValue: the value of the `rank`-th row
    /// by sort weight. From 1.
    public var rank = 1
    /// Fractile: the share of the values below the result, from 0 to 1.
    public var fraction = 0.5
    /// Concat: what goes between the texts.
    public var delimiter = ""
    /// For an aggregated expression (`Sum(Quantity * Price)`): its numbers on the table's rows (NaN: null).
    var rowNumbers: RowNumbers?
    /// For an aggregated expression the kernel cannot read as numbers (`Count(a & b)`, `Median(x * 2)`), or for the
    /// sort weight of Concat and FirstSortedValue: the value and then the weight on each row of the table.
    var arguments: [ArgumentColumn]?

    public init(_ function: AggregateFunction, _ field: FieldReference) {
        self.function = function
        self.field = field
    }

    /// Whether it is computed from the values collected per group rather than in the kernel's accumulators.
    var isCollected: Bool {
        switch function {
        case .sum, .avg: distinct
        case .min, .max: rank != 1
        case .count, .countDistinct, .countRows: false
        case .median, .fractile, .stdev, .only, .concat, .firstSortedValue: true
        }
    }
}

/// An aggregated expression's numbers, as the kernel reads them.
enum RowNumbers: Sendable, Equatable {
    /// Computed by the evaluator for every row of the table.
    case stored([Double])
    /// Arithmetic on doubles, computed a chunk at a time as the kernel reads it; `reader` evaluates it row by row
    /// instead when a result is infinite, so that the overflow is reported as the evaluator reports it.
    case computed(ChunkedArithmetic, reader: RowReader)

    static func == (a: RowNumbers, b: RowNumbers) -> Bool {
        switch (a, b) {
        case let (.stored(x), .stored(y)): x == y
        case let (.computed(x, _), .computed(y, _)): x == y
        default: false
        }
    }
}

/// Per-group results of one aggregation: the group numbers that have rows, and each one's value (null: no value).
struct GroupedValues {
    var values: [Int: RowValue]
    /// Over every row folded, whatever its group (the total line): from the same pass.
    var total: RowValue
}

extension AggregateFunction {
    /// Whether it counts (its values are whole numbers, 0 over no row).
    var counts: Bool { self == .count || self == .countDistinct || self == .countRows }

    /// Whether it computes on numbers (texts are left out, and a text field is refused).
    var isNumeric: Bool {
        switch self {
        case .sum, .avg, .min, .max, .median, .fractile, .stdev: true
        default: false
        }
    }

    /// The kernel's number as a value: a whole number for counts, null for none.
    func value(_ number: Double?) -> RowValue {
        guard let number else { return counts ? .int(0) : .null }
        if counts, let n = Int64(exactly: number) { return .int(n) }
        return .double(number)
    }
}
