// The tree an expression is parsed into, once; rows are then evaluated by
// walking it (ExpressionNode+Evaluation.swift). The parser folds every
// operation whose operands are all constants into a constant, so
// `amount * (1 + 5.5 / 100)` computes `1.055000` once, not per row.
// Its depth is bounded by the parser (ExpressionParser.maxDepth), which
// bounds the evaluator's recursion.

/// One node of a parsed expression.
indirect enum ExpressionNode: Sendable {
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

    /// The nodes this one reads.
    var children: [ExpressionNode] {
        switch self {
        case .constant, .field: []
        case let .negate(a), let .not(a), let .isNull(a, _): [a]
        case let .arithmetic(_, a, b), let .concatenate(a, b), let .comparison(_, a, b), let .and(a, b), let .or(a, b): [a, b]
        case let .inList(a, list, _): [a] + list
        case let .between(a, low, high, _): [a, low, high]
        case let .conditional(branches, otherwise): branches.flatMap { [$0.condition, $0.value] } + [otherwise]
        case let .call(_, arguments): arguments
        }
    }

    /// Whether this is an operation on constants only, which gives the same value for every row.
    var isFoldable: Bool {
        if case let .call(function, _) = self, !function.isDeterministic { return false }
        let children = children
        return !children.isEmpty && children.allSatisfy {
            if case .constant = $0 { return true }
            return false
        }
    }
}

/// A condition and the value it selects.
struct ExpressionBranch: Sendable {
    var condition: ExpressionNode
    var value: ExpressionNode
}
