// The measure grammar on top of the row grammar (ExpressionParser.swift):
//
//   aggregation  Name ( [{set}] [distinct] [total [<field, …>] | all] argument, … )   Count(*) too
//   Aggr         Aggr( [{set}] [distinct | nodistinct] measure, dimension, … )
//   Rank         Rank( [total] measure [, mode [, format]] )
//   set          { union }          union := intersection (( + | - ) intersection)*
//                intersection := unary (( * | / ) unary)*     unary := - unary | ( union ) | entity
//                entity := (1 | $ | name) [modifiers] | modifiers
//   modifiers    < field ( = | += | -= | *= | /= ) [{ element, … }] , … >
//   element      number | 'text' | "search" | $(= measure)
//
// In a row scope (pipelines) an aggregation is refused where its name is.
// A qualifier word (distinct, nodistinct, total, all) is one only when a
// value follows it; `Sum(total)` sums the field `total`. In a measure,
// Min, Max and Concat aggregate; inside an aggregation's arguments they are
// the row functions (an aggregation of aggregations needs Aggr()).

extension ExpressionParser {
    /// A call of an aggregation, Aggr or Rank from its name on; nil when `name` calls a row function.
    mutating func measureCall(_ name: ExpressionToken) throws(ExpressionError) -> Parsed? {
        let word = name.keyword ?? ""
        let function = AggregationFunction(named: word)
        let canonical = function?.rawValue ?? (word == "aggr" ? "Aggr" : word == "rank" ? "Rank" : nil)
        guard let canonical else { return nil }
        if function?.rowFunction != nil, scope == .row || enclosingAggregation != nil { return nil }
        guard scope == .measure else {
            let message = "at \(position(name.offset)), \(canonical)() is an aggregation; pipelines compute one row at a time"
            throw ExpressionError(.aggregation, message, expression: text, position: ExpressionError.Position(offset: name.offset, in: text))
        }
        if let enclosing = enclosingAggregation, word != "aggr" {
            throw failure("a row-level value in \(enclosing.rawValue)() (an aggregation of aggregations goes through Aggr())", at: name)
        }
        advance()
        guard isSymbol("(") else { throw failure("'(' after \(canonical)") }
        advance()
        try enter()
        defer { nesting -= 1 }
        let parsed: Parsed
        if let function {
            parsed = try aggregation(function, name)
        } else if word == "aggr" {
            parsed = try aggr(name)
        } else {
            parsed = try rank(name)
        }
        guard isSymbol(")") else { throw failure("',' or ')' to close \(canonical)( at \(position(name.offset))") }
        advance()
        return parsed
    }

    /// Whether the current word is the qualifier `word`: a value follows it.
    private func isQualifier(_ word: String) -> Bool {
        guard isKeyword(word), index + 1 < tokens.count else { return false }
        switch tokens[index + 1].kind {
        case .word, .name, .number, .text: return true
        case let .symbol(s): return ["(", "-", "+", "{", "$"].contains(s) || (word == "total" && s == "<")
        default: return false
        }
    }

    private mutating func aggregation(_ function: AggregationFunction, _ name: ExpressionToken) throws(ExpressionError) -> Parsed {
        var aggregation = Aggregation(function, arguments: [])
        if isSymbol("{") { aggregation.set = try setExpression() }
        if isQualifier("distinct") {
            guard function.allowsDistinct else { throw failure("a value (\(function.rawValue) takes no 'distinct')") }
            aggregation.distinct = true
            advance()
        }
        if isQualifier("total") {
            advance()
            aggregation.total = isSymbol("<") ? try fieldList("'total <…>'") : []
        } else if isQualifier("all") {
            advance()
            aggregation.all = true
        }
        if function == .count, isSymbol("*"), next(isSymbol: ")") {
            advance()
            return Parsed(node: .aggregation(aggregation), depth: 1)
        }
        let enclosing = enclosingAggregation
        enclosingAggregation = function
        defer { enclosingAggregation = enclosing }
        let arguments = try arguments(of: function.signature)
        guard function.arity.contains(arguments.count) else {
            let range = function.arity
            let wanted = range.count == 1 ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
            throw failure(expected: "\(wanted) argument\(wanted == "1" ? "" : "s") for \(function.signature)",
                          found: "\(arguments.count)", offset: name.offset)
        }
        aggregation.arguments = arguments.map(\.node)
        return try make(.aggregation(aggregation), arguments)
    }

    private mutating func aggr(_ name: ExpressionToken) throws(ExpressionError) -> Parsed {
        let set = isSymbol("{") ? try setExpression() : nil
        var nodistinct = false
        if isQualifier("distinct") {
            advance()
        } else if isQualifier("nodistinct") {
            nodistinct = true
            advance()
        }
        let enclosing = enclosingAggregation
        enclosingAggregation = nil
        let measure = try expression()
        enclosingAggregation = enclosing
        guard isSymbol(",") else { throw failure("',' and a dimension after the measure of Aggr(measure, dimension, …)") }
        var dimensions: [String] = []
        while isSymbol(",") {
            advance()
            let dimension = try fieldName("the dimensions of Aggr(measure, dimension, …)")
            fields.insert(dimension)
            dimensions.append(dimension)
        }
        return try make(.aggr(Aggr(set: set, nodistinct: nodistinct, measure: measure.node, dimensions: dimensions)), [measure])
    }

    private mutating func rank(_ name: ExpressionToken) throws(ExpressionError) -> Parsed {
        let total = isQualifier("total")
        if total { advance() }
        let arguments = try arguments(of: "Rank([total] measure[, mode[, format]])")
        guard (1...3).contains(arguments.count) else {
            throw failure(expected: "1 to 3 arguments for Rank([total] measure[, mode[, format]])", found: "\(arguments.count)", offset: name.offset)
        }
        let rank = Rank(total: total, measure: arguments[0].node, options: arguments.dropFirst().map(\.node))
        return try make(.rank(rank), arguments)
    }

    /// `item, item, …` up to (not over) the closing ')'.
    private mutating func arguments(of what: String) throws(ExpressionError) -> [Parsed] {
        var items: [Parsed] = []
        guard !isSymbol(")") else { return items }
        while true {
            items.append(try expression())
            guard isSymbol(",") else { return items }
            advance()
        }
    }

    /// A field name: a bare word that is no keyword, or a "quoted" or [bracketed] name.
    private mutating func fieldName(_ what: String) throws(ExpressionError) -> String {
        switch current.kind {
        case let .name(name):
            advance()
            return name
        case let .word(word) where !Self.reserved.contains(word.lowercased()):
            advance()
            return word
        default:
            throw failure("a field name in \(what)")
        }
    }

    /// `<a, b>` from the '<' on: field names up to the '>', consumed.
    private mutating func fieldList(_ what: String) throws(ExpressionError) -> [String] {
        advance()
        var names: [String] = []
        while true {
            let name = try fieldName(what)
            fields.insert(name)
            names.append(name)
            if isSymbol(",") {
                advance()
                continue
            }
            guard isSymbol(">") else { throw failure("',' or '>' after field \(names.count) of \(what)") }
            advance()
            return names
        }
    }

    // MARK: Set analysis

    /// `{ … }` from the '{' on.
    mutating func setExpression() throws(ExpressionError) -> SetExpression {
        let open = current
        advance()
        try enter()
        defer { nesting -= 1 }
        let set = try setUnion()
        guard isSymbol("}") else { throw failure("'}' to close the set at \(position(open.offset))") }
        advance()
        return set
    }

    /// `+` and `-` between intersections, or (`tight`) `*` and `/` between unary sets, grouped from the left.
    private mutating func setUnion(tight: Bool = false) throws(ExpressionError) -> SetExpression {
        let operators: [SetOperator] = tight ? [.intersection, .symmetricDifference] : [.union, .exclusion]
        var left = tight ? try setUnary() : try setUnion(tight: true)
        while case let .symbol(s) = current.kind, let op = SetOperator(rawValue: s), operators.contains(op) {
            advance()
            left = .operation(op, left, tight ? try setUnary() : try setUnion(tight: true))
        }
        return left
    }

    private mutating func setUnary() throws(ExpressionError) -> SetExpression {
        if isSymbol("-") {
            advance()
            try enter()
            defer { nesting -= 1 }
            return .complement(try setUnary())
        }
        if isSymbol("(") {
            let open = current
            advance()
            try enter()
            defer { nesting -= 1 }
            let inner = try setUnion()
            guard isSymbol(")") else { throw failure("')' to close the '(' at \(position(open.offset))") }
            advance()
            return inner
        }
        var identifier: SetIdentifier?
        switch current.kind {
        case .number(.int(1)): identifier = .all
        case .symbol("$"): identifier = .current
        case let .word(word) where !Self.reserved.contains(word.lowercased()): identifier = .named(word)
        case let .name(name): identifier = .named(name)
        case .symbol("<"): break
        default:
            if index > 0, case .symbol = tokens[index - 1].kind, tokens[index - 1].source != "{" {
                throw failure("a set (1, $, a bookmark name or <modifiers>) after '\(tokens[index - 1].source)'")
            }
            throw failure("a set: 1, $, a bookmark name or <modifiers>")
        }
        if identifier != nil { advance() }
        var modifiers: [SetModifier] = []
        if isSymbol("<") {
            let open = current
            advance()
            while true {
                modifiers.append(try setModifier())
                if isSymbol(",") {
                    advance()
                    continue
                }
                guard isSymbol(">") else {
                    throw failure("',' or '>' to close the modifiers at \(position(open.offset))")
                }
                advance()
                break
            }
        }
        return .selection(identifier, modifiers)
    }

    /// `Field = {…}`, `Field += {…}` (and -=, *=, /=) or `Field =`.
    private mutating func setModifier() throws(ExpressionError) -> SetModifier {
        let field = try fieldName("a set modifier (Field = {values})")
        fields.insert(field)
        var combining: SetOperator?
        if case let .symbol(s) = current.kind, let op = SetOperator(rawValue: s), next(isSymbol: "="),
           tokens[index + 1].offset == current.offset + 1 {
            combining = op
            advance()
        }
        guard isSymbol("=") else { throw failure("'=', '+=', '-=', '*=' or '/=' after the field \(field)") }
        advance()
        guard isSymbol("{") else {
            if combining == nil, isSymbol(",") || isSymbol(">") { return SetModifier(field: field, values: nil) }
            throw failure("'{' and the values of \(field)\(combining == nil ? ", or ',' or '>' to clear its selection" : "")")
        }
        let open = current
        advance()
        var values: [SetElement] = []
        if !isSymbol("}") {
            while true {
                values.append(try setElement(field))
                if isSymbol(",") {
                    advance()
                    continue
                }
                guard isSymbol("}") else { throw failure("',' or '}' to close the values of \(field) at \(position(open.offset))") }
                break
            }
        }
        advance()
        return SetModifier(field: field, combining: combining, values: values)
    }

    /// `2016`, `-3`, `'Bretagne'`, `"Bre*"` or `$(=Max(Year)-1)`.
    private mutating func setElement(_ field: String) throws(ExpressionError) -> SetElement {
        let negative = isSymbol("-")
        if negative { advance() }
        switch current.kind {
        case let .number(value):
            advance()
            guard negative else { return .number(value) }
            do { return .number(try RowValue.negated(value)) } catch { throw failure("a number that fits", at: tokens[index - 1]) }
        case let .text(text) where !negative:
            advance()
            return .text(text)
        case let .name(search) where !negative:
            advance()
            return .search(search)
        case .symbol("$") where !negative:
            let start = current
            advance()
            guard isSymbol("(") else { throw failure("'(' after '$' (a dollar expansion is $(=expression))") }
            advance()
            guard isSymbol("=") else { throw failure("'=' after '$(' (a dollar expansion is $(=expression); variables are not supported)") }
            advance()
            try enter()
            defer { nesting -= 1 }
            let enclosing = enclosingAggregation
            enclosingAggregation = nil
            let inner = try expression()
            enclosingAggregation = enclosing
            guard isSymbol(")") else { throw failure("')' to close the '$(' at \(position(start.offset))") }
            advance()
            return .expansion(inner.node)
        default:
            throw failure(negative ? "a number after '-'" : "a value of \(field): a number, a 'text', a \"search\" or $(=expression)")
        }
    }
}
