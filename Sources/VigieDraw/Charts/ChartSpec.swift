// How a chart is drawn: its kind, size, title and options. Options that do
// not concern a kind are ignored by it.

/// What to draw and how.
public struct ChartSpec: Sendable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// One big number: the first measure of the first row, with an optional comparison.
        case kpi
        /// Bars per category of the first dimension; one bar per measure, or per value of a second dimension.
        case bar
        /// Bars stacked by the values of a second dimension (or by measures), with a legend.
        case stackedBar
        /// One line per measure, or per value of a second dimension; nulls leave gaps.
        case line
        /// Bars on the left axis and one measure as a line on a right axis.
        case combo
        /// Slices of the first measure per category (a donut with `donutHole`); small ones merged into "Others".
        case pie
        /// One point per row: first measure across, second up, a third as the bubble's size.
        case scatter
    }

    public var kind: Kind
    public var width: Double
    public var height: Double
    public var title: String?
    public var options: ChartOptions

    public init(kind: Kind, width: Double = 480, height: Double = 300, title: String? = nil, options: ChartOptions = ChartOptions()) {
        self.kind = kind
        self.width = width
        self.height = height
        self.title = title
        self.options = options
    }
}

/// Options of a chart.
public struct ChartOptions: Sendable {
    public enum Orientation: Sendable, Hashable {
        case vertical, horizontal
    }

    /// Bars up (categories across) or across (categories down).
    public var orientation: Orientation = .vertical
    /// Pie: the hole's radius as a fraction of the pie's (0 for a full pie, 0.55 for a donut).
    public var donutHole: Double = 0
    /// Pie: at most this many slices, the smallest beyond merged into one.
    public var maximumSlices: Int = 8
    /// The merged slice's label.
    public var othersLabel: String = "Autres"
    /// Lines: a dot on each value.
    public var markers: Bool = true
    /// A legend when there is more than one series (always for pies).
    public var legend: Bool = true
    /// Horizontal (or vertical) lines at the value axis' ticks.
    public var gridlines: Bool = true
    /// Shown instead of the chart when there is nothing to draw.
    public var emptyMessage: String = "Aucune donnée"
    /// KPI: the comparison under the number.
    public var comparison: KPIComparison?
    /// Combo: the measure drawn as a line on the right axis; the last one when nil.
    public var lineMeasure: Int?
    /// The text of axis ticks (and of a donut's total).
    public var tickFormat: @Sendable (Double) -> String = NumberText.compactFrench
    /// Combo: the text of the right axis' ticks, when its measure is in another unit (a rate beside amounts); the
    /// left axis' when nil.
    public var rightTickFormat: (@Sendable (Double) -> String)?
    /// Series colours, in order.
    public var palette: [Color] = Palette.okabeIto

    public init() {}
}

/// A KPI's comparison: its text (with its sign, "+12 % vs 2024") and which way it goes.
public struct KPIComparison: Sendable, Hashable {
    public enum Direction: Sendable, Hashable {
        case up, down, flat
    }

    public var text: String
    public var direction: Direction
    /// Whether up is good news (sales) or bad (costs): good shows green, bad vermilion.
    public var upIsGood: Bool

    public init(_ text: String, direction: Direction, upIsGood: Bool = true) {
        self.text = text
        self.direction = direction
        self.upIsGood = upIsGood
    }
}
