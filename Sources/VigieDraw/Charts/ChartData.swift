// What a chart shows, in plain values: the server turns a query result
// (dimension values with their selection states, measure values with their
// formatted texts) into this, so charts never see the engine's types.

/// The rows of a query as a chart draws them.
public struct ChartData: Sendable, Hashable {
    /// The dimensions' field names: the first gives the categories (or slices, or points), a second one the series.
    public var dimensions: [String]
    /// The measures' labels, in the order of each row's values.
    public var measures: [String]
    public var rows: [ChartRow]

    public init(dimensions: [String], measures: [String], rows: [ChartRow]) {
        self.dimensions = dimensions
        self.measures = measures
        self.rows = rows
    }
}

/// One line of a query: its dimension values, then its measure values.
public struct ChartRow: Sendable, Hashable {
    public var dimensions: [DimensionValue]
    public var measures: [MeasureValue]

    public init(dimensions: [DimensionValue], measures: [MeasureValue]) {
        self.dimensions = dimensions
        self.measures = measures
    }
}

/// A dimension value as shown, with its state under the current selection.
public struct DimensionValue: Sendable, Hashable {
    public var text: String
    public var state: SelectionState

    public init(_ text: String, state: SelectionState = .possible) {
        self.text = text
        self.state = state
    }
}

/// A measure value: the number drawn (nil when null) and its text through the measure's format.
public struct MeasureValue: Sendable, Hashable {
    public var value: Double?
    public var text: String

    public init(_ value: Double?, text: String) {
        self.value = value.flatMap { $0.isFinite ? $0 : nil }
        self.text = text
    }
}
