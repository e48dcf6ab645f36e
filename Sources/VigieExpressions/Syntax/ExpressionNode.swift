// The tree an expression is parsed into, once; rows are then evaluated by
// walking it (ExpressionNode+Evaluation.swift). The parser folds every
// row-level operation whose operands are all constants into a constant, so
// `amount * (1 + 5.5 / 100)` computes `1.055000` once, not per row.
// Its depth is bounded by the parser (ExpressionParser.maxDepth), which
// bounds the evaluator's recursion.
//
// Row-level nodes are the ones a single row computes; `.aggregation`,
// `.aggr` and `.rank` are measure-level (Aggregation.swift) and only the
// engine evaluates them. `isRowLevel` tells which a tree is.

/// One node of a parsed expression.
public indirect enum ExpressionNode: Sendable, Equatable {
    case constant(RowValue)
    case field(String)
    case negate(ExpressionNode)
    case arithmetic(ArithmeticOperator, ExpressionNode, ExpressionNode)
    /// `a & b`: the texts of both, null when either is null.
    case concatenate(ExpressionNode, ExpressionNode)
    case comparison(ComparisonOperator, ExpressionNode, ExpressionNode)
    case not(ExpressionNode)
    case and(ExpressionNode, ExpressionNode)
    case or(ExpressionNode, ExpressionNode)
    case isNull(ExpressionNode, negated: Bool)
    case inList(ExpressionNode, [ExpressionNode], negated: Bool)
    case between(ExpressionNode, low: ExpressionNode, high: ExpressionNode, negated: Bool)
    /// `if(c, a, b)` and `case when … end`: the value of the first branch whose condition is true.
    case conditional([ExpressionBranch], otherwise: ExpressionNode)
    case call(ExpressionFunction, [ExpressionNode])
    /// `Sum(Amount)`, `Count({1} distinct PatientId)`: measure-level.
    case aggregation(Aggregation)
    /// `Aggr(Sum(Amount), Establishment)`: measure-level.
    case aggr(Aggr)
    /// `Rank(Sum(Amount))`: measure-level.
    case rank(Rank)

    /// The nodes this one reads: for an aggregation its row-level arguments, for Aggr and Rank their measure
    /// and options (not the values of set modifiers).
    public var children: [ExpressionNode] {
        switch self {
        case .constant, .field: []
        case let .negate(a), let .not(a), let .isNull(a, _): [a]
        case let .arithmetic(_, a, b), let .concatenate(a, b), let .comparison(_, a, b), let .and(a, b), let .or(a, b): [a, b]
        case let .inList(a, list, _): [a] + list
        case let .between(a, low, high, _): [a, low, high]
        case let .conditional(branches, otherwise): branches.flatMap { [$0.condition, $0.value] } + [otherwise]
        case let .call(_, arguments): arguments
        case let .aggregation(aggregation): aggregation.arguments
        case let .aggr(aggr): [aggr.measure]
        case let .rank(rank): [rank.measure] + rank.options
        }
    }

    /// Whether one row computes this node: it holds no aggregation, Aggr or Rank.
    public var isRowLevel: Bool {
        switch self {
        case .aggregation, .aggr, .rank: false
        default: children.allSatisfy(\.isRowLevel)
        }
    }

    /// The first measure-level node in reading order, if any: what a row cannot compute.
    var firstMeasureNode: ExpressionNode? {
        switch self {
        case .aggregation, .aggr, .rank: self
        default: children.lazy.compactMap(\.firstMeasureNode).first
        }
    }

    /// The outermost aggregations, in reading order (those inside an Aggr's measure or a Rank's are the
    /// Aggr's and the Rank's to compute, and are not listed).
    public var aggregations: [Aggregation] {
        switch self {
        case let .aggregation(aggregation): [aggregation]
        case .aggr, .rank: []
        default: children.flatMap(\.aggregations)
        }
    }

    /// Whether this is an operation on constants only, which gives the same value for every row.
    var isFoldable: Bool {
        switch self {
        case .aggregation, .aggr, .rank: return false
        case let .call(function, _) where !function.isDeterministic: return false
        default: break
        }
        let children = children
        return !children.isEmpty && children.allSatisfy {
            if case .constant = $0 { return true }
            return false
        }
    }
}

/// A condition and the value it selects.
public struct ExpressionBranch: Sendable, Equatable {
    public var condition: ExpressionNode
    public var value: ExpressionNode

    public init(condition: ExpressionNode, value: ExpressionNode) {
        self.condition = condition
        self.value = value
    }
}
