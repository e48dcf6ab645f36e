// Rewriting a tree: the engine computes each aggregation of a measure for
// every line of a chart, then evaluates the rest of the measure — the
// row-level operations around the aggregations — once per line, with each
// aggregation replaced by a field holding its value.

extension ExpressionNode {
    /// The tree with each node for which `replacement` gives a node replaced by it (its subtree is not visited);
    /// the other nodes are rebuilt around their rewritten children.
    public func rewritten(_ replacement: (ExpressionNode) throws(ExpressionError) -> ExpressionNode?) throws(ExpressionError) -> ExpressionNode {
        if let replaced = try replacement(self) { return replaced }
        func r(_ node: ExpressionNode) throws(ExpressionError) -> ExpressionNode { try node.rewritten(replacement) }
        func all(_ nodes: [ExpressionNode]) throws(ExpressionError) -> [ExpressionNode] {
            var out: [ExpressionNode] = []
            for node in nodes { out.append(try r(node)) }
            return out
        }
        switch self {
        case .constant, .field: return self
        case let .negate(a): return .negate(try r(a))
        case let .not(a): return .not(try r(a))
        case let .isNull(a, negated): return .isNull(try r(a), negated: negated)
        case let .arithmetic(op, a, b): return .arithmetic(op, try r(a), try r(b))
        case let .concatenate(a, b): return .concatenate(try r(a), try r(b))
        case let .comparison(op, a, b): return .comparison(op, try r(a), try r(b))
        case let .and(a, b): return .and(try r(a), try r(b))
        case let .or(a, b): return .or(try r(a), try r(b))
        case let .inList(a, list, negated): return .inList(try r(a), try all(list), negated: negated)
        case let .between(a, low, high, negated): return .between(try r(a), low: try r(low), high: try r(high), negated: negated)
        case let .conditional(branches, otherwise):
            var rewritten: [ExpressionBranch] = []
            for branch in branches { rewritten.append(ExpressionBranch(condition: try r(branch.condition), value: try r(branch.value))) }
            return .conditional(rewritten, otherwise: try r(otherwise))
        case let .call(function, arguments): return .call(function, try all(arguments))
        case var .aggregation(aggregation):
            aggregation.arguments = try all(aggregation.arguments)
            return .aggregation(aggregation)
        case var .aggr(aggr):
            aggr.measure = try r(aggr.measure)
            return .aggr(aggr)
        case var .rank(rank):
            rank.measure = try r(rank.measure)
            rank.options = try all(rank.options)
            return .rank(rank)
        }
    }
}
