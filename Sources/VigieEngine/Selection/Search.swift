// Turning what a user types into the values it selects, as in Qlik:
//   Bre*, *Loire, ?reche     wildcards over the whole value (* any text, ? one character)
//   crèche                   values with a word starting with it
//   >=2016, <10, >5<=10      numeric conditions (all must hold), on numeric,
//                            date (bounds as dates) and timestamp fields
//   10..20                   an inclusive range
// Text matching ignores case and accents (é, è, ê → e; œ → oe), which is how
// French users type. The result is a plain set of values: the selection
// keeps values, never searches.

import Foundation

extension DataModel {
    /// The values of `field` matching `request`, in the field's order.
    public func values(matching request: String, in field: FieldReference) throws(EngineError) -> [String] {
        let symbols = try self.field(field).symbols
        let text = request.trimmingCharacters(in: .whitespaces)
        if let first = text.first, "<>=".contains(first) || text.contains("..") {
            let conditions = try Self.conditions(text, field: field, type: symbols.type)
            return (0..<symbols.count).filter { code in
                guard let value = symbols.number(code) else { return false }
                return conditions.allSatisfy { $0(value) }
            }.map(symbols.text)
        }
        let pattern = Self.folded(text)
        if text.contains("*") || text.contains("?") {
            let matcher = Wildcard(pattern)
            return (0..<symbols.count).map(symbols.text).filter { matcher.matches(Self.folded($0)) }
        }
        return (0..<symbols.count).map(symbols.text).filter { value in
            let folded = Self.folded(value)
            // A word starts at the beginning or after a character that is not a letter or digit.
            var searchStart = folded.startIndex
            while let range = folded.range(of: pattern, range: searchStart..<folded.endIndex) {
                if range.lowerBound == folded.startIndex || !folded[folded.index(before: range.lowerBound)].isLetter && !folded[folded.index(before: range.lowerBound)].isNumber {
                    return true
                }
                searchStart = folded.index(after: range.lowerBound)
            }
            return false
        }
    }

    /// Lowercase, without accents, ligatures spelt out.
    static func folded(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "æ", with: "ae").replacingOccurrences(of: "ß", with: "ss")
    }

    /// The tests of a condition request, on the numeric form of values.
    static func conditions(_ text: String, field: FieldReference, type: FieldType) throws(EngineError) -> [(Double) -> Bool] {
        guard type.isNumeric else {
            throw EngineError(.invalidSelection, "'\(text)' is a numeric condition, but \(field) holds \(type) values")
        }
        func bound(_ raw: Substring) throws(EngineError) -> Double {
            let t = raw.trimmingCharacters(in: .whitespaces)
            let value: Double?
            switch type {
            case .date: value = CivilDay.parseDate(t).map(Double.init)
            case .timestamp: value = CivilDay.parseTimestamp(t).map(Double.init)
            default: value = SymbolTable.parseNumber(t)
            }
            guard let value else {
                throw EngineError(.invalidSelection, "'\(t)' in '\(text)' is not a \(type == .date ? "date (yyyy-MM-dd or dd/MM/yyyy)" : type == .timestamp ? "date and time" : "number") for \(field)")
            }
            return value
        }
        if let range = text.range(of: "..") {
            let low = try bound(text[..<range.lowerBound]), high = try bound(text[range.upperBound...])
            return [{ $0 >= low && $0 <= high }]
        }
        var out: [(Double) -> Bool] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            let op = ["<=", ">=", "<>", "<", ">", "="].first { rest.hasPrefix($0) }
            guard let op else { throw EngineError(.invalidSelection, "'\(text)': expected <, <=, >, >=, = or <> at '\(rest)'") }
            rest = rest.dropFirst(op.count)
            let end = rest.firstIndex { "<>=".contains($0) } ?? rest.endIndex
            let value = try bound(rest[..<end])
            rest = rest[end...]
            switch op {
            case "<=": out.append { $0 <= value }
            case ">=": out.append { $0 >= value }
            case "<": out.append { $0 < value }
            case ">": out.append { $0 > value }
            case "=": out.append { $0 == value }
            default: out.append { $0 != value }
            }
        }
        return out
    }
}

/// A whole-value pattern with `*` (any text) and `?` (one character).
struct Wildcard {
    let pattern: [Character]

    init(_ pattern: String) { self.pattern = Array(pattern) }

    func matches(_ text: String) -> Bool {
        let s = Array(text)
        var p = 0, t = 0, star = -1, mark = 0
        while t < s.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == s[t]) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == "*" {
                star = p
                mark = t
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
