// Set analysis (ASSOCIATIVE.md, "Set analysis"): the rows an aggregation
// ranges over when its set is not the current selection. A set starts
// from the current selection ($), from nothing selected (1), from a
// bookmark (its saved selection, `{BM01}`) — rights
// always apply — and its modifiers replace, add to, remove from or
// intersect the selection of the fields they name; sets combine by
// union, exclusion, intersection and symmetric difference of their
// possible rows, table by table. A dollar expansion `$(=Max(Year)-1)` is
// evaluated once, in the current selection, before the set is built.

import VigieExpressions

extension DataModel {
    /// The possible rows of every table (nil: all) in the set `set` (nil: the current selection).
    func rows(of set: SetExpression?, current: Selection, rights: Rights, cache: PropagationCache) throws(EngineError) -> [Bitset?] {
        guard let set else { return try cache.rows(current, rights: rights, in: self) }
        switch set {
        case let .selection(identifier, modifiers):
            var selection: Selection
            switch identifier {
            case .all: selection = Selection()
            case nil, .current?: selection = current
            case let .named(name)?:
                guard let bookmark = cache.bookmarks[name] else {
                    let known = cache.bookmarks.keys.sorted().joined(separator: ", ")
                    throw EngineError(.unknownName, "the set names '\(name)', which is no bookmark" + (known.isEmpty ? "" : " (bookmarks: \(known))"))
                }
                selection = bookmark
            }
            for modifier in modifiers { try apply(modifier, to: &selection, current: current, rights: rights, cache: cache) }
            return try cache.rows(selection, rights: rights, in: self)
        case let .operation(op, a, b):
            let left = try rows(of: a, current: current, rights: rights, cache: cache)
            let right = try rows(of: b, current: current, rights: rights, cache: cache)
            return tables.indices.map { t in Self.combine(op, left[t], right[t], count: tables[t].rowCount) }
        case let .complement(a):
            let inner = try rows(of: a, current: current, rights: rights, cache: cache)
            let everything = try cache.rows(Selection(), rights: rights, in: self)
            return tables.indices.map { t in Self.combine(.exclusion, everything[t], inner[t], count: tables[t].rowCount) }
        }
    }

    static func combine(_ op: SetOperator, _ a: Bitset?, _ b: Bitset?, count: Int) -> Bitset? {
        let left = a ?? Bitset(count: count, full: true), right = b ?? Bitset(count: count, full: true)
        var out = left
        switch op {
        case .union: out.formUnion(right)
        case .intersection: out.formIntersection(right)
        case .exclusion: out.subtract(right)
        case .symmetricDifference:
            out.formUnion(right)
            out.subtract(left.intersection(right))
        }
        return out.isFull ? nil : out
    }

    /// Applies one modifier (`Year={2016}`, `Region-={'Bretagne'}`, `Month=`) to `selection`.
    func apply(_ modifier: SetModifier, to selection: inout Selection, current: Selection, rights: Rights,
               cache: PropagationCache) throws(EngineError) {
        let field = try resolve(modifier.field)
        guard !rights.hidden.contains(field.description) else { throw EngineError(.unknownName, "no field \(modifier.field)") }
        guard let elements = modifier.values else {
            selection.clear(field, evenIfLocked: true)
            return
        }
        // Adding values to a free field (all its values) changes nothing.
        if modifier.combining == .union && selection.values(of: field) == nil { return }
        let symbols = try self.field(field).symbols
        var given: [String] = []
        for element in elements {
            switch element {
            case let .number(value): given.append(value.text ?? "")
            case let .text(text):
                given += text.contains("*") || text.contains("?") ? try values(matching: text, in: field) : [text]
            case let .search(text): given += try values(matching: text, in: field)
            case let .expansion(node):
                // A number matches the values equal to it (dates and timestamps by their number too); a text as written.
                let value = try evaluate(node, selection: current, rights: rights, cache: cache)
                if let number = value.number, symbols.type.isNumeric {
                    given += (0..<symbols.count).filter { symbols.number($0) == number }.map(symbols.text)
                } else if let text = value.text {
                    given.append(text)
                }
            }
        }
        // A free field stands for all its values.
        let selected = Set(selection.values(of: field) ?? (0..<symbols.count).map(symbols.text))
        let result: Set<String>
        switch modifier.combining {
        case nil: result = Set(given)
        case .union?: result = selected.union(given)
        case .exclusion?: result = selected.subtracting(given)
        case .intersection?: result = selected.intersection(given)
        case .symmetricDifference?: result = selected.symmetricDifference(given)
        }
        // An empty set of values selects no row (unlike clearing the field).
        selection.restrict(field, to: Array(result))
    }
}
