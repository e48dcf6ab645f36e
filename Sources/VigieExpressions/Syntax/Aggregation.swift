// The measure-level nodes of an expression: aggregations over many rows
// (Sum, Count, Avg…), Aggr() and Rank(). They are the only nodes a row
// cannot compute, so an expression whose tree has none of them is
// row-level (what ingest pipelines evaluate); the engine evaluates the
// others. Qlik's grammar, which measures follow:
//
//   Sum({set} distinct total <Region, Year> Amount)
//        └─set  └─qualifiers─────────────┘ └─arguments (row-level)
//
// Arguments of an aggregation are row-level expressions, computed for each
// row of the set before aggregating; an aggregation inside an aggregation
// goes through Aggr(). Qlik calls Min, Max and Concat both aggregations and
// (as RangeMin, RangeMax…) row functions; here, in a measure, `Max(x)` is the
// aggregation, and inside an aggregation `max(a, b)` is the row function of
// pipelines.

/// An aggregation function of measures.
public enum AggregationFunction: String, CaseIterable, Sendable, Equatable {
    case sum = "Sum", count = "Count", avg = "Avg", min = "Min", max = "Max", median = "Median"
    case fractile = "Fractile", stdev = "StDev", only = "Only", concat = "Concat", firstSortedValue = "FirstSortedValue"

    /// The function named `word`, in any case.
    public init?(named word: String) {
        guard let function = Self.allCases.first(where: { $0.rawValue.lowercased() == word.lowercased() }) else { return nil }
        self = function
    }

    /// How many arguments it takes (after the set and the qualifiers).
    public var arity: ClosedRange<Int> {
        switch self {
        case .min, .max: 1...2
        case .fractile: 2...2
        case .concat: 1...3
        case .firstSortedValue: 2...3
        default: 1...1
        }
    }

    /// How it is called, for messages.
    public var signature: String {
        switch self {
        case .min, .max: "\(rawValue)([{set}] [total] value[, rank])"
        case .fractile: "Fractile([{set}] [distinct] [total] value, fraction)"
        case .concat: "Concat([{set}] [distinct] [total] text[, delimiter[, sort weight]])"
        case .firstSortedValue: "FirstSortedValue([{set}] [distinct] [total] value, sort weight[, rank])"
        case .median, .only: "\(rawValue)([{set}] [total] value)"
        default: "\(rawValue)([{set}] [distinct] [total] value)"
        }
    }

    /// Whether Qlik allows `distinct` before the arguments.
    public var allowsDistinct: Bool {
        switch self {
        case .min, .max, .median, .only: false
        default: true
        }
    }

    /// Whether a row function of the same name exists (min, max, concat), which it stands for inside an aggregation.
    var rowFunction: ExpressionFunction? {
        switch self {
        case .min: .min
        case .max: .max
        case .concat: .concat
        default: nil
        }
    }
}

/// `Sum({<Year={2016}>} distinct total <Region> Amount)`: an aggregation over the rows of a set.
public struct Aggregation: Sendable, Equatable {
    public var function: AggregationFunction
    /// The set of rows aggregated; nil for the current selection.
    public var set: SetExpression?
    /// Whether each distinct value counts once (`Count(distinct PatientId)`).
    public var distinct: Bool
    /// `total`: nil when absent; the dimensions kept (`total <Region>`), none for a plain `total`.
    public var total: [String]?
    /// `all`: Qlik's older spelling of `{1} total` (every row, every dimension ignored).
    public var all: Bool
    /// The row-level arguments; empty for `Count(*)`, which counts rows.
    public var arguments: [ExpressionNode]

    public init(_ function: AggregationFunction, set: SetExpression? = nil, distinct: Bool = false, total: [String]? = nil,
                all: Bool = false, arguments: [ExpressionNode]) {
        self.function = function
        self.set = set
        self.distinct = distinct
        self.total = total
        self.all = all
        self.arguments = arguments
    }
}

/// `Aggr({set} nodistinct Sum(Amount), Region, Year)`: a measure computed for each combination of the dimensions,
/// which an enclosing aggregation then aggregates (`Avg(Aggr(Sum(Amount), Establishment))`).
public struct Aggr: Sendable, Equatable {
    /// The set of rows the dimensions' values come from; nil for the current selection.
    public var set: SetExpression?
    /// `nodistinct`: one value per row of the enclosing chart rather than per combination (Qlik's default is distinct).
    public var nodistinct: Bool
    /// The measure computed per combination.
    public var measure: ExpressionNode
    /// The dimensions, field names.
    public var dimensions: [String]

    public init(set: SetExpression? = nil, nodistinct: Bool = false, measure: ExpressionNode, dimensions: [String]) {
        self.set = set
        self.nodistinct = nodistinct
        self.measure = measure
        self.dimensions = dimensions
    }
}

/// `Rank(total Sum(Amount), mode, format)`: the rank of a measure's value among the chart's rows.
public struct Rank: Sendable, Equatable {
    /// `total`: ranked among all the chart's rows, not only within the enclosing dimension's group.
    public var total: Bool
    public var measure: ExpressionNode
    /// Qlik's mode (how ties rank) and format (how a shared rank shows), when given.
    public var options: [ExpressionNode]

    public init(total: Bool = false, measure: ExpressionNode, options: [ExpressionNode] = []) {
        self.total = total
        self.measure = measure
        self.options = options
    }
}
