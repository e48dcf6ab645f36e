// What an aggregation computes, and its per-group results
// (AggregationKernel.swift computes them).

import VigieExpressions

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

/// Per-group results of one aggregation: the group numbers that have rows, and each one's value (null: no value).
struct GroupedValues {
    var values: [Int: RowValue]
    /// Over every row folded, whatever its group (the total line): from the same pass.
    var total: RowValue
}

extension AggregateFunction {
    /// Whether it counts (its values are whole numbers, 0 over no row).
    var counts: Bool { self == .count || self == .countDistinct || self == .countRows }

    /// The kernel's number as a value: a whole number for counts, null for none.
    func value(_ number: Double?) -> RowValue {
        guard let number else { return counts ? .int(0) : .null }
        if counts, let n = Int64(exactly: number) { return .int(n) }
        return .double(number)
    }
}

