// What an aggregation computes, and its per-group results
// (AggregationKernel.swift computes them).

/// What an aggregation computes over the rows of a group.
public enum AggregateFunction: String, Sendable, Equatable, CaseIterable {
    case sum, count, countDistinct, avg, min, max
    /// Every row counts, null or not: the number of rows of the table.
    case countRows
}

/// An aggregation of a field (or of a table's rows, for `countRows`): what the kernel computes for one
/// aggregation of a measure.
public struct FieldAggregation: Sendable, Equatable {
    public var function: AggregateFunction
    /// The field aggregated; for `countRows`, any field of the table whose rows are counted; for an
    /// expression, one of the fields it reads (it names the table).
    public var field: FieldReference
    /// For an aggregated expression (`Sum(Quantity * Price)`): its value on each row of the table (NaN: null).
    var rowValues: [Double]?

    public init(_ function: AggregateFunction, _ field: FieldReference) {
        self.function = function
        self.field = field
    }
}

/// Per-group results of one aggregation: the group numbers that have rows, and each one's value (nil: no value).
struct GroupedValues {
    var values: [Int: Double?]
    /// Over every row folded, whatever its group (the total line): from the same pass.
    var total: Double?
}

