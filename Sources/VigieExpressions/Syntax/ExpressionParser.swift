// A recursive-descent parser for the expression language, one function per
// precedence level, loosest first:
//
//   or  <  and  <  not  <  comparison (= <> != < <= > >=, is [not] null,
//   [not] in (…), [not] between … and …)  <  &  <  + -  <  * / %  <  unary - +
//
// then values: numbers, 'texts', true, false, null, names, (…), if(c, a, b),
// case [x] when … then … [else …] end, and function calls. Keywords are
// case-insensitive; a bare word followed by '(' is a function, otherwise a
// field name (so `month(day)` reads the field `day`).
//
// Measures (ExpressionParser+Measures.swift) add aggregations with set
// analysis; a row expression refuses them where they start.
//
// Limits, so that no text can exhaust the stack here or in the evaluator:
// at most `maxNesting` levels of parentheses, calls, case, not and unary
// signs, and trees at most `maxDepth` nodes deep (a chain a + b + … of 300
// terms is refused).

struct ExpressionParser {
    /// What an expression computes: one row's value (pipelines) or a measure over many rows (the engine).
    enum Scope {
        case row, measure
    }

    static let maxNesting = 64
    static let maxDepth = 256
    /// Words that cannot be bare field names (quote them: "end", [case]).
    static let reserved: Set<String> = ["and", "or", "not", "is", "null", "in", "between", "true", "false",
                                        "case", "when", "then", "else", "end"]

    /// A parsed subtree and its depth.
    struct Parsed {
        var node: ExpressionNode
        var depth: Int
    }

    let text: String
    let scope: Scope
    let tokens: [ExpressionToken]
    var index = 0
    var nesting = 0
    /// The field names read, as written.
    var fields: Set<String> = []
    /// The aggregation whose arguments are being read, if any: there, values are row-level again.
    var enclosingAggregation: AggregationFunction?

    /// Parses `text` into a tree and the names of the fields it reads.
    static func parse(_ text: String, scope: Scope = .row) throws(ExpressionError) -> (root: ExpressionNode, fields: Set<String>) {
        var parser = ExpressionParser(text: text, scope: scope, tokens: ExpressionLexer.tokens(text, sets: scope == .measure))
        let parsed = try parser.expression()
        guard case .end = parser.current.kind else {
            throw parser.failure("an operator or the end of the expression")
        }
        return (parsed.node, parser.fields)
    }

    init(text: String, scope: Scope, tokens: [ExpressionToken]) {
        self.text = text
        self.scope = scope
        self.tokens = tokens
    }

    // MARK: Tokens and errors

    var current: ExpressionToken { tokens[index] }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    func isKeyword(_ word: String) -> Bool { current.keyword == word }

    func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }

    func next(isSymbol symbol: String) -> Bool {
        index + 1 < tokens.count && tokens[index + 1].kind == .symbol(symbol)
    }

    /// "at column 8, expected a value after '*'" (with ", found …" unless at the end), in the expression's context.
    func failure(_ expected: String, at token: ExpressionToken? = nil) -> ExpressionError {
        let token = token ?? current
        if case let .invalid(lexerExpected, _) = token.kind {
            return failure(expected: lexerExpected, found: token.found, offset: token.offset)
        }
        return failure(expected: expected, found: token.found, offset: token.offset)
    }

    func failure(expected: String, found: String?, offset: Int) -> ExpressionError {
        var message = "at \(position(offset)), expected \(expected)"
        if let found { message += ", found \(found)" }
        return ExpressionError(.syntax, message, expression: text, position: ExpressionError.Position(offset: offset, in: text))
    }

    /// "column 8", or "line 2, column 3" in a text of several lines.
    func position(_ offset: Int) -> String {
        ExpressionError.Position(offset: offset, in: text).named(multiline: text.contains(where: \.isNewline))
    }

    /// Enters one more level of nesting; call `nesting -= 1` on the way out.
    mutating func enter() throws(ExpressionError) {
        nesting += 1
        guard nesting <= Self.maxNesting else {
            throw failure("fewer nested parentheses, calls or operators (at most \(Self.maxNesting) levels)")
        }
    }

    /// A node over `parts`, folded into a constant when all its operands are constants.
    func make(_ node: ExpressionNode, _ parts: [Parsed]) throws(ExpressionError) -> Parsed {
        let depth = 1 + (parts.map(\.depth).max() ?? 0)
        guard depth <= Self.maxDepth else {
            throw failure("a shorter expression (at most \(Self.maxDepth) operations deep)")
        }
        if node.isFoldable, let value = try? node.evaluate({ _ in .null }, { 0 }) {
            return Parsed(node: .constant(value), depth: 1)
        }
        return Parsed(node: node, depth: depth)
    }

    // MARK: Operators, loosest first

    mutating func expression() throws(ExpressionError) -> Parsed { try or() }

    /// Makes the node of a binary operator from its operands.
    typealias Combine = (ExpressionNode, ExpressionNode) -> ExpressionNode

    /// `operand (operator operand)*`, grouped from the left; `combine` gives the node maker of the
    /// current token when it is one of the level's operators, nil otherwise.
    mutating func leftAssociative(_ operand: (inout ExpressionParser) throws(ExpressionError) -> Parsed,
                                          _ combine: (ExpressionToken) -> Combine?) throws(ExpressionError) -> Parsed {
        var left = try operand(&self)
        while let node = combine(current) {
            advance()
            let right = try operand(&self)
            left = try make(node(left.node, right.node), [left, right])
        }
        return left
    }

    mutating func or() throws(ExpressionError) -> Parsed {
        try leftAssociative({ (parser) throws(ExpressionError) in try parser.and() }) { token -> Combine? in
            token.keyword == "or" ? { .or($0, $1) } : nil
        }
    }

    mutating func and() throws(ExpressionError) -> Parsed {
        try leftAssociative({ (parser) throws(ExpressionError) in try parser.not() }) { token -> Combine? in
            token.keyword == "and" ? { .and($0, $1) } : nil
        }
    }

    mutating func not() throws(ExpressionError) -> Parsed {
        guard isKeyword("not") else { return try comparison() }
        advance()
        try enter()
        defer { nesting -= 1 }
        let operand = try not()
        return try make(.not(operand.node), [operand])
    }

    mutating func comparison() throws(ExpressionError) -> Parsed {
        let left = try concatenation()
        if case let .symbol(s) = current.kind, let op = ComparisonOperator(rawValue: s) {
            advance()
            let right = try concatenation()
            return try make(.comparison(op, left.node, right.node), [left, right])
        }
        if isKeyword("is") {
            advance()
            let negated = isKeyword("not")
            if negated { advance() }
            guard isKeyword("null") else { throw failure(negated ? "'null' after 'is not'" : "'null' or 'not null' after 'is'") }
            advance()
            return try make(.isNull(left.node, negated: negated), [left])
        }
        var negated = false
        if isKeyword("not"), index + 1 < tokens.count, ["in", "between"].contains(tokens[index + 1].keyword) {
            negated = true
            advance()
        }
        if isKeyword("in") {
            advance()
            guard isSymbol("(") else { throw failure("'(' after 'in'") }
            let (items, _) = try parenthesizedList(of: "the list of 'in'")
            guard !items.isEmpty else { throw failure("a value in the list of 'in'", at: tokens[index - 1]) }
            return try make(.inList(left.node, items.map(\.node), negated: negated), [left] + items)
        }
        if isKeyword("between") {
            advance()
            let low = try concatenation()
            guard isKeyword("and") else { throw failure("'and' between the bounds of 'between'") }
            advance()
            let high = try concatenation()
            return try make(.between(left.node, low: low.node, high: high.node, negated: negated), [left, low, high])
        }
        return left
    }

    mutating func concatenation() throws(ExpressionError) -> Parsed {
        try leftAssociative({ (parser) throws(ExpressionError) in try parser.additive() }) { token -> Combine? in
            token.kind == .symbol("&") ? { .concatenate($0, $1) } : nil
        }
    }

    mutating func additive() throws(ExpressionError) -> Parsed {
        try leftAssociative({ (parser) throws(ExpressionError) in try parser.multiplicative() }) { token -> Combine? in
            guard case let .symbol(s) = token.kind, s == "+" || s == "-" else { return nil }
            return { .arithmetic(s == "+" ? .add : .subtract, $0, $1) }
        }
    }

    mutating func multiplicative() throws(ExpressionError) -> Parsed {
        try leftAssociative({ (parser) throws(ExpressionError) in try parser.unary() }) { token -> Combine? in
            guard case let .symbol(s) = token.kind, ["*", "/", "%"].contains(s), let op = ArithmeticOperator(rawValue: s) else { return nil }
            return { .arithmetic(op, $0, $1) }
        }
    }

    mutating func unary() throws(ExpressionError) -> Parsed {
        guard isSymbol("-") || isSymbol("+") else { return try primary() }
        let minus = isSymbol("-")
        advance()
        try enter()
        defer { nesting -= 1 }
        let operand = try unary()
        return minus ? try make(.negate(operand.node), [operand]) : operand
    }

    // MARK: Values

    mutating func primary() throws(ExpressionError) -> Parsed {
        let token = current
        switch token.kind {
        case let .number(value):
            advance()
            return Parsed(node: .constant(value), depth: 1)
        case let .text(value):
            advance()
            return Parsed(node: .constant(.string(value)), depth: 1)
        case let .name(name):
            advance()
            fields.insert(name)
            return Parsed(node: .field(name), depth: 1)
        case .symbol("("):
            advance()
            try enter()
            defer { nesting -= 1 }
            let inner = try expression()
            guard isSymbol(")") else { throw failure("')' to close the '(' at \(position(token.offset))") }
            advance()
            return inner
        case let .word(word):
            let keyword = word.lowercased()
            switch keyword {
            case "true", "false":
                advance()
                return Parsed(node: .constant(.bool(keyword == "true")), depth: 1)
            case "null":
                advance()
                return Parsed(node: .constant(.null), depth: 1)
            case "case":
                return try caseExpression()
            default:
                if next(isSymbol: "(") { return try call(token) }
                guard !Self.reserved.contains(keyword) else { break }
                advance()
                fields.insert(word)
                return Parsed(node: .field(word), depth: 1)
            }
        default:
            break
        }
        if index > 0 { throw failure("a value after '\(tokens[index - 1].source)'") }
        throw failure("a value")
    }

    /// `( item, item, … )` from the '(' on; the items and where each starts.
    mutating func parenthesizedList(of what: String) throws(ExpressionError) -> ([Parsed], [ExpressionToken]) {
        advance()
        try enter()
        defer { nesting -= 1 }
        var items: [Parsed] = [], starts: [ExpressionToken] = []
        if !isSymbol(")") {
            while true {
                starts.append(current)
                items.append(try expression())
                if isSymbol(",") {
                    advance()
                    continue
                }
                guard isSymbol(")") else { throw failure("',' or ')' after item \(items.count) of \(what)") }
                break
            }
        }
        advance()
        return (items, starts)
    }

    /// `name(arguments)`, including `if(c, a, b)`.
    mutating func call(_ name: ExpressionToken) throws(ExpressionError) -> Parsed {
        let word = name.keyword ?? ""
        if word == "if" {
            advance()
            let (arguments, _) = try parenthesizedList(of: "if(condition, then, else)")
            guard arguments.count == 3 else {
                throw failure(expected: "3 arguments for if(condition, then, else)", found: "\(arguments.count)", offset: name.offset)
            }
            let branch = ExpressionBranch(condition: arguments[0].node, value: arguments[1].node)
            return try make(.conditional([branch], otherwise: arguments[2].node), arguments)
        }
        if let aggregate = try measureCall(name) { return aggregate }
        guard let function = ExpressionFunction(rawValue: word) else {
            throw failure("a function (\(ExpressionFunction.allCases.map(\.rawValue).joined(separator: ", ")), or if)", at: name)
        }
        advance()
        let (arguments, starts) = try parenthesizedList(of: function.signature)
        guard function.arity.contains(arguments.count) else {
            let range = function.arity
            let wanted = range.count == 1 ? "\(range.lowerBound)" : range.upperBound == Int.max ? "at least \(range.lowerBound)" : "\(range.lowerBound) or \(range.upperBound)"
            throw failure(expected: "\(wanted) argument\(wanted.hasSuffix(" 1") || wanted == "1" ? "" : "s") for \(function.signature)",
                          found: "\(arguments.count)", offset: name.offset)
        }
        try checkConstantArguments(function, arguments, starts)
        return try make(.call(function, arguments.map(\.node)), arguments)
    }

    /// Refuses at parse time what would fail on every row: an unknown date format, a scale outside 0...38.
    func checkConstantArguments(_ function: ExpressionFunction, _ arguments: [Parsed], _ starts: [ExpressionToken]) throws(ExpressionError) {
        guard arguments.count == 2, case let .constant(value) = arguments[1].node, !value.isNull else { return }
        switch function {
        case .todate:
            if case let .string(format) = value, ExpressionCalendar.DateFormat(format) != nil { return }
            throw failure("a date format (\(ExpressionCalendar.DateFormat.accepted))", at: starts[1])
        case .todecimal:
            if let scale = try? ExpressionFunction.integer(value), (0...Int64(DecimalMath.maxScale)).contains(scale) { return }
            throw failure("a scale from 0 to 38", at: starts[1])
        default:
            return
        }
    }

    /// `case [operand] when … then … [when … then …] [else …] end`.
    mutating func caseExpression() throws(ExpressionError) -> Parsed {
        let start = current
        advance()
        try enter()
        defer { nesting -= 1 }
        var operand: Parsed?
        if !isKeyword("when") { operand = try expression() }
        guard isKeyword("when") else { throw failure("'when' after 'case'") }
        var branches: [ExpressionBranch] = [], parts: [Parsed] = []
        while isKeyword("when") {
            advance()
            var condition = try expression()
            if let operand {
                condition = try make(.comparison(.equal, operand.node, condition.node), [operand, condition])
            }
            guard isKeyword("then") else { throw failure("'then' after the condition of 'when'") }
            advance()
            let value = try expression()
            branches.append(ExpressionBranch(condition: condition.node, value: value.node))
            parts += [condition, value]
        }
        var otherwise = Parsed(node: .constant(.null), depth: 1)
        if isKeyword("else") {
            advance()
            otherwise = try expression()
            parts.append(otherwise)
        }
        guard isKeyword("end") else {
            throw failure("'when', 'else' or 'end' to finish the 'case' at \(position(start.offset))")
        }
        advance()
        return try make(.conditional(branches, otherwise: otherwise.node), parts)
    }
}
