// The measures of applications: expressions over many rows, with
// aggregations and set analysis (docs/expressions.md). They are parsed by
// the same parser as pipelines' row expressions, in its measure scope; the
// engine (VigieEngine) evaluates them. Nothing here evaluates an
// aggregation yet.

/// A parsed measure such as `Sum(Amount) / Count(distinct PatientId)` or
/// `Sum({<Year={$(=Max(Year)-1)}>} Amount)`, ready for the engine to evaluate.
///
/// ```swift
/// let lastYear = try MeasureExpression("Sum({<Year={$(=Max(Year)-1)}>} Amount)")
/// lastYear.root.aggregations.first?.set   // the set to aggregate over
/// ```
public struct MeasureExpression: Sendable, Equatable, CustomStringConvertible {
    /// The measure as written.
    public let text: String
    /// The parsed tree: row-level operations over aggregations, Aggr and Rank nodes.
    public let root: ExpressionNode
    /// The names of the fields the measure reads or names (in arguments, `total <…>`, Aggr's dimensions and set
    /// modifiers), as written.
    public let fields: Set<String>

    /// Parses `text`. Throws an `ExpressionError` (`.syntax`) giving the position, what was expected and what
    /// was found: "expression 'Sum({<Year={2016}> Amount)': at column 20, expected '}' to close the set at column 5, found 'Amount'".
    public init(_ text: String) throws(ExpressionError) {
        (root, fields) = try ExpressionParser.parse(text, scope: .measure)
        self.text = text
    }

    /// The outermost aggregations in reading order (see `ExpressionNode.aggregations`).
    public var aggregations: [Aggregation] { root.aggregations }

    /// The canonical text of the parsed tree, which parses back to the same tree.
    public var canonical: String { root.description }

    public var description: String { text }
}
