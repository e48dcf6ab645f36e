// An expression tree written back as text that parses to the same tree:
// the parser's canonical form. Operators get parentheses only where their
// precedence needs them; constants are written so that they read back as
// the same kind (a double with an exponent, `1e-05` or `0.5e0`; a date as
// `date(2024, 1, 31)`); names that are not plain words go between
// brackets; `case` becomes `if(…)` when it has one branch. Constant parts
// were folded when parsed, so `1 + 2` is written `3`.

extension ExpressionNode: CustomStringConvertible {
    /// The canonical text of the tree: `Sum({<Year={2016}>} Amount) / Count(distinct PatientId)`.
    public var description: String { written(in: 0) }

    /// How tightly the node's operator binds (higher binds tighter): or 1, and 2, not 3, comparisons 4, & 5,
    /// + - 6, * / % 7, signs 8, values 9.
    private var precedence: Int {
        switch self {
        case .or: 1
        case .and: 2
        case .not: 3
        case .comparison, .isNull, .inList, .between: 4
        case .concatenate: 5
        case let .arithmetic(op, _, _): op == .add || op == .subtract ? 6 : 7
        case .negate: 8
        case let .constant(value): value.isNegativeNumber ? 8 : 9
        default: 9
        }
    }

    /// The text, in parentheses when the context binds tighter than `minimum` allows.
    private func written(in minimum: Int) -> String {
        let text = plain
        return precedence < minimum ? "(" + text + ")" : text
    }

    private var plain: String {
        switch self {
        case let .constant(value): return value.literal
        case let .field(name): return Self.name(name)
        case let .negate(a): return "-" + a.written(in: 8)
        case let .arithmetic(op, a, b):
            let level = precedence
            return a.written(in: level) + " \(op.rawValue) " + b.written(in: level + 1)
        case let .concatenate(a, b): return a.written(in: 5) + " & " + b.written(in: 6)
        case let .comparison(op, a, b): return a.written(in: 5) + " \(op.rawValue) " + b.written(in: 5)
        case let .not(a): return "not " + a.written(in: 3)
        case let .and(a, b): return a.written(in: 2) + " and " + b.written(in: 3)
        case let .or(a, b): return a.written(in: 1) + " or " + b.written(in: 2)
        case let .isNull(a, negated): return a.written(in: 5) + (negated ? " is not null" : " is null")
        case let .inList(a, list, negated):
            return a.written(in: 5) + (negated ? " not in (" : " in (") + list.map(\.description).joined(separator: ", ") + ")"
        case let .between(a, low, high, negated):
            return a.written(in: 5) + (negated ? " not between " : " between ") + low.written(in: 5) + " and " + high.written(in: 5)
        case let .conditional(branches, otherwise):
            if branches.count == 1 {
                return "if(\(branches[0].condition), \(branches[0].value), \(otherwise))"
            }
            let whens = branches.map { "when \($0.condition) then \($0.value)" }.joined(separator: " ")
            return "case \(whens) else \(otherwise) end"
        case let .call(function, arguments):
            return function.rawValue + "(" + arguments.map(\.description).joined(separator: ", ") + ")"
        case let .aggregation(aggregation): return aggregation.description
        case let .aggr(aggr): return aggr.description
        case let .rank(rank): return rank.description
        }
    }

    /// Words that a bare name cannot be: keywords, and the qualifiers of aggregations.
    private static let unsafeWords = ExpressionParser.reserved.union(["distinct", "nodistinct", "total", "all"])

    /// A field name as written: bare when it is a plain word, otherwise `[name]`.
    static func name(_ name: String) -> String {
        if let first = name.first, first.isLetter || first == "_",
           name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !unsafeWords.contains(name.lowercased()) {
            return name
        }
        return "[" + name.replacing("]", with: "]]") + "]"
    }
}

extension RowValue {
    /// Whether this is a number below zero (written with a sign).
    var isNegativeNumber: Bool {
        switch self {
        case let .int(i): i < 0
        case let .decimal(u, _): u < 0
        case let .double(d): d.sign == .minus
        default: false
        }
    }

    /// The value as an expression writes it, reading back as the same kind of value.
    var literal: String {
        switch self {
        case let .double(d):
            let text = "\(d)"
            return text.contains("e") ? text : text + "e0"
        case let .date(days):
            let (y, m, d) = ExpressionCalendar.civil(Int64(days))
            return "date(\(y), \(m), \(d))"
        case .timestamp:
            return "todate('\(text ?? "")', 'yyyy-MM-dd HH:mm:ss')"
        default:
            return description
        }
    }
}

extension Aggregation: CustomStringConvertible {
    /// `Sum({<Year={2016}>} distinct total <Region> Amount)`.
    public var description: String {
        var parts: [String] = []
        if let set { parts.append(set.braced) }
        if distinct { parts.append("distinct") }
        if let total { parts.append(total.isEmpty ? "total" : "total <" + total.map(ExpressionNode.name).joined(separator: ", ") + ">") }
        if all { parts.append("all") }
        parts.append(arguments.isEmpty ? "*" : arguments.map(\.description).joined(separator: ", "))
        return function.rawValue + "(" + parts.joined(separator: " ") + ")"
    }
}

extension Aggr: CustomStringConvertible {
    /// `Aggr({1} nodistinct Sum(Amount), Region, Year)`.
    public var description: String {
        var parts: [String] = []
        if let set { parts.append(set.braced) }
        if nodistinct { parts.append("nodistinct") }
        parts.append(([measure.description] + dimensions.map(ExpressionNode.name)).joined(separator: ", "))
        return "Aggr(" + parts.joined(separator: " ") + ")"
    }
}

extension Rank: CustomStringConvertible {
    /// `Rank(total Sum(Amount))`.
    public var description: String {
        "Rank(" + (total ? "total " : "") + ([measure] + options).map(\.description).joined(separator: ", ") + ")"
    }
}

extension SetExpression: CustomStringConvertible {
    /// The set between braces: `{$<Year={2016}>}`.
    public var braced: String { "{" + description + "}" }

    /// The set without its braces: `1-$`, `<Region=>`.
    public var description: String { written(in: 0) }

    /// + and - 1, * and / 2, complement 3, a selection 4.
    private var precedence: Int {
        switch self {
        case let .operation(op, _, _): op == .union || op == .exclusion ? 1 : 2
        case .complement: 3
        case .selection: 4
        }
    }

    private func written(in minimum: Int) -> String {
        let text: String
        switch self {
        case let .operation(op, a, b): text = a.written(in: precedence) + op.rawValue + b.written(in: precedence + 1)
        case let .complement(a): text = "-" + a.written(in: 3)
        case let .selection(identifier, modifiers):
            var written = ""
            switch identifier {
            case .all?: written = "1"
            case .current?: written = "$"
            case let .named(name)?: written = ExpressionNode.name(name)
            case nil: break
            }
            if !modifiers.isEmpty { written += "<" + modifiers.map(\.description).joined(separator: ", ") + ">" }
            text = written
        }
        return precedence < minimum ? "(" + text + ")" : text
    }
}

extension SetModifier: CustomStringConvertible {
    /// `Year={2016}`, `Region+={'Bretagne', 'Pays de la Loire'}`, `Region=`.
    public var description: String {
        let values = values.map { "{" + $0.map(\.description).joined(separator: ", ") + "}" } ?? ""
        return ExpressionNode.name(field) + (combining?.rawValue ?? "") + "=" + values
    }
}

extension SetElement: CustomStringConvertible {
    /// `2016`, `'Bretagne'`, `"Bre*"`, `$(=Max(Year) - 1)`.
    public var description: String {
        switch self {
        case let .number(value): value.literal
        case let .text(text): RowValue.string(text).description
        case let .search(search): "\"" + search.replacing("\"", with: "\"\"") + "\""
        case let .expansion(node): "$(=" + node.description + ")"
        }
    }
}
