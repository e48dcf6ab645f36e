// The tokens of the expression language, read over the text's characters
// (so that positions are the columns people see, accents included).
//
//   numbers     123 (int), 12.50 (decimal, scale 2), .5, 1e3 and 2.5E-2 (double)
//   texts       'single quotes', '' for a quote: 'l''hôpital'
//   names       letters (accented too), digits and _ not starting with a digit;
//               "double quotes" ("" for a quote) or [brackets] (]] for ])
//               for any other name: "Code établissement", [CA HT]
//   symbols     + - * / % & = == <> != < <= > >= ( ) ,
//               and, in measures only, { } $ for set analysis (so that a
//               pipeline's expression reads exactly as it always has)
//
// A character that starts no token ends the token list with an `.invalid`
// token, which the parser reports when it gets there.

/// One token and where it starts.
struct ExpressionToken {
    enum Kind: Equatable {
        case number(RowValue)
        /// A 'quoted' text literal, unescaped.
        case text(String)
        /// A bare word: a keyword, a function or a field name.
        case word(String)
        /// A "quoted" or [bracketed] field name, unescaped.
        case name(String)
        case symbol(String)
        case end
        /// Not a token: what the lexer expected and what it found instead.
        case invalid(expected: String, found: String?)
    }

    var kind: Kind
    /// Index of the token's first character in the text.
    var offset: Int
    /// The token as written.
    var source: String

    /// The word in lower case when the token is a bare word, for keywords and functions.
    var keyword: String? {
        if case let .word(w) = kind { return w.lowercased() }
        return nil
    }

    /// How a message names the token after "found"; nil at the end of the text.
    var found: String? {
        switch kind {
        case .end: nil
        case let .invalid(_, found): found
        case .text: "the text \(source)"
        case .name: "the name \(source)"
        default: "'\(source)'"
        }
    }
}

enum ExpressionLexer {
    private static let pairs: Set<String> = ["<=", ">=", "<>", "!=", "=="]
    private static let singles: Set<Character> = ["+", "-", "*", "/", "%", "&", "=", "<", ">", "(", ")", ","]
    private static let setSymbols: Set<Character> = ["{", "}", "$"]

    /// The tokens of `text`, ending with `.end` (or with an `.invalid` token at the first character that starts none);
    /// with `sets`, the braces and dollar of set analysis are symbols too.
    static func tokens(_ text: String, sets: Bool = false) -> [ExpressionToken] {
        let chars = Array(text)
        var tokens: [ExpressionToken] = []
        var i = 0
        func source(_ start: Int) -> String { String(chars[start..<i]) }
        while true {
            while i < chars.count, chars[i].isWhitespace { i += 1 }
            guard i < chars.count else {
                tokens.append(ExpressionToken(kind: .end, offset: i, source: ""))
                return tokens
            }
            let start = i, c = chars[i]
            let kind: ExpressionToken.Kind
            if isDigit(c) || (c == "." && i + 1 < chars.count && isDigit(chars[i + 1])) {
                kind = number(chars, &i)
            } else if c == "'" || c == "\"" || c == "[" {
                kind = quoted(chars, &i)
            } else if c.isLetter || c == "_" {
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { i += 1 }
                kind = .word(source(start))
            } else if i + 1 < chars.count, pairs.contains(String(chars[i...i + 1])) {
                i += 2
                kind = .symbol(source(start) == "!=" ? "<>" : source(start) == "==" ? "=" : source(start))
            } else if singles.contains(c) || (sets && setSymbols.contains(c)) {
                i += 1
                kind = .symbol(String(c))
            } else {
                kind = .invalid(expected: "a value, a name or an operator", found: "'\(c)'")
            }
            tokens.append(ExpressionToken(kind: kind, offset: start, source: i > start ? source(start) : String(c)))
            if case .invalid = kind { return tokens }
        }
    }

    private static func isDigit(_ c: Character) -> Bool {
        guard let a = c.asciiValue else { return false }
        return a >= 48 && a <= 57
    }

    /// 123, 12.50, .5, 1e3, 2.5E-2.
    private static func number(_ chars: [Character], _ i: inout Int) -> ExpressionToken.Kind {
        let start = i
        while i < chars.count, isDigit(chars[i]) { i += 1 }
        if i + 1 < chars.count, chars[i] == ".", isDigit(chars[i + 1]) {
            i += 1
            while i < chars.count, isDigit(chars[i]) { i += 1 }
        }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            var j = i + 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            if j < chars.count, isDigit(chars[j]) {
                i = j
                while i < chars.count, isDigit(chars[i]) { i += 1 }
            }
        }
        let text = String(chars[start..<i])
        guard let number = DecimalText(Array(text.utf8)) else {
            return .invalid(expected: "a number", found: "'\(text)'")
        }
        if number.hasExponent {
            guard let d = Double(text), d.isFinite else {
                return .invalid(expected: "a number within the range of doubles", found: "'\(text)'")
            }
            return .number(.double(d))
        }
        let scale = number.naturalScale
        guard scale <= DecimalMath.maxScale, let unscaled = number.unscaled(scale: scale) else {
            return .invalid(expected: "a number of at most 38 digits", found: "'\(text)'")
        }
        if !number.hasPoint, let i = Int64(exactly: unscaled) { return .number(.int(i)) }
        return .number(.decimal(unscaled, scale: scale))
    }

    /// 'text', "name" or [name], with the closing character doubled inside.
    private static func quoted(_ chars: [Character], _ i: inout Int) -> ExpressionToken.Kind {
        let open = chars[i]
        let close: Character = open == "[" ? "]" : open
        let what = open == "'" ? "text" : "name"
        var value = ""
        i += 1
        while i < chars.count {
            if chars[i] == close {
                if i + 1 < chars.count, chars[i + 1] == close {
                    value.append(close)
                    i += 2
                    continue
                }
                i += 1
                if open == "'" { return .text(value) }
                guard !value.isEmpty else { return .invalid(expected: "a field name between \(open) and \(close)", found: nil) }
                return .name(value)
            }
            value.append(chars[i])
            i += 1
        }
        return .invalid(expected: "a closing \(close) for the \(what) that starts here", found: "the end of the expression")
    }
}
