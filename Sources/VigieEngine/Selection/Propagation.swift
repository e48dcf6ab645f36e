// Which rows of every table are possible under a selection
// (ASSOCIATIVE.md, "Which rows are possible"): each table's own selected
// fields filter its rows; then, across each link, a table keeps the rows
// whose key is among the keys of the possible rows on the other side,
// computed without crossing back over that link — but only when that other
// side holds a selection. Over a forest this is a semi-join pass along
// each directed link (Yannakakis); each directed link's message (the set
// of key codes its side allows) is computed once and reused.

/// What a user may see: the values allowed in some fields (a selection they can neither see nor clear,
/// applied before everything) and fields hidden from every answer.
public struct Rights: Sendable, Hashable, Codable {
    /// By field (`Table.Field`), the values the user may see.
    public var allowed: [String: [String]]
    /// Fields (`Table.Field`) the user may not see.
    public var hidden: Set<String>

    public init(allowed: [String: [String]] = [:], hidden: Set<String> = []) {
        self.allowed = allowed
        self.hidden = hidden
    }

    /// Everything visible.
    public static let unrestricted = Rights()
}

/// The propagations of one request (a query, a set of list boxes), each computed once, and the bookmarks its set
/// expressions may name (`{BM01}`).
final class PropagationCache {
    private var known: [Selection: [Bitset?]] = [:]
    let bookmarks: [String: Selection]

    init(bookmarks: [String: Selection] = [:]) {
        self.bookmarks = bookmarks
    }

    func rows(_ selection: Selection, rights: Rights, in model: DataModel) throws(EngineError) -> [Bitset?] {
        if let rows = known[selection] { return rows }
        let rows = try model.propagations.answer(PropagationQuestion(selection: selection, rights: rights)) { () throws(EngineError) in
            try model.possibleRows(selection, rights: rights)
        }
        known[selection] = rows
        return rows
    }
}

/// The recent propagations of a model, by selection and rights: the objects of a sheet, drawn one after the other
/// under the same selection, and the next click's list boxes (the selection without one field) share them. Holds a
/// few dozen (a propagation is a bitset per table: 32 of a 10-million-row table take 40 MB).
struct PropagationQuestion: Hashable, Sendable {
    var selection: Selection
    var rights: Rights
}

/// The rows of `table` whose code in `field` is in `codes` (DataModel.restrictedRows).
struct RestrictedRowsQuestion: Hashable, Sendable {
    var table: Int
    var field: Int
    var codes: Bitset
}

extension DataModel {
    /// For each table, the rows possible under `selection` within `rights`; nil when every row is.
    public func possibleRows(_ selection: Selection, rights: Rights = .unrestricted) throws(EngineError) -> [Bitset?] {
        propagate(try restrictions(selection, rights: rights))
    }

    /// For each table, its restricted fields and the codes allowed in each: the selection's values within the rights'.
    func restrictions(_ selection: Selection, rights: Rights) throws(EngineError) -> [[(field: Int, codes: Bitset)]] {
        var out = [[(field: Int, codes: Bitset)]](repeating: [], count: tables.count)
        var sets: [String: [String]] = rights.allowed
        for (name, chosen) in selection.fields {
            sets[name] = sets[name].map { allowed in Array(Set(allowed).intersection(chosen.values)) } ?? chosen.values
        }
        for (name, values) in sets.sorted(by: { $0.key < $1.key }) {
            let reference = try resolve(name)
            let (t, f) = try Self.locate(reference, in: tables)
            let symbols = tables[t].fields[f].symbols
            var codes = Bitset(count: tables[t].fields[f].codes.codeCount)
            // A value the data no longer has (an old bookmark) matches no row.
            for value in values { if let code = symbols.code(of: value) { codes.insert(code) } }
            out[t].append((f, codes))
        }
        return out
    }

    /// The possible rows of every table under per-table restrictions.
    func propagate(_ restrictions: [[(field: Int, codes: Bitset)]]) -> [Bitset?] {
        var base = [Bitset?](repeating: nil, count: tables.count)
        for t in tables.indices {
            // Each field's rows are remembered whole, so that the next propagation with the same values in that field
            // (another set of the sheet, the next click) only intersects them.
            for (f, codes) in restrictions[t] {
                let rows = restrictedRows.answer(RestrictedRowsQuestion(table: t, field: f, codes: codes)) {
                    Bitset.rows(of: tables[t].fields[f].codes, in: codes)
                }
                if base[t] == nil { base[t] = rows } else { base[t]!.formIntersection(rows) }
            }
        }
        var walk = SemiJoins(model: self, base: base, selected: restrictions.map { !$0.isEmpty })
        return tables.indices.map { walk.rows(of: $0, except: nil) }
    }
}

/// The semi-join messages of one propagation, each computed once.
struct SemiJoins {
    let model: DataModel
    let base: [Bitset?]
    let selected: [Bool]
    /// By directed link (2 × link + 1 when the message goes from the `to` side to the `from` side).
    private var sideSelected: [Int: Bool] = [:]
    private var messages: [Int: Bitset] = [:]

    init(model: DataModel, base: [Bitset?], selected: [Bool]) {
        self.model = model
        self.base = base
        self.selected = selected
    }

    /// The table on the other side of `link` from `table`, and the directed-link key of a message coming from it.
    private func across(_ link: Int, from table: Int) -> (other: Int, key: Int) {
        let ends = model.ends[link]
        // A message from the `from` side travels forward (key 2l), from the `to` side backward (2l + 1).
        return ends.from.table == table ? (ends.to.table, 2 * link + 1) : (ends.from.table, 2 * link)
    }

    /// Whether the part of the forest on `table`'s side of `link` (`table` included) holds a selection.
    private mutating func hasSelection(_ table: Int, except link: Int) -> Bool {
        let key = across(link, from: table).key ^ 1
        if let known = sideSelected[key] { return known }
        var found = selected[table]
        if !found {
            for (other, _) in model.adjacency[table] where other != link {
                if hasSelection(across(other, from: table).other, except: other) {
                    found = true
                    break
                }
            }
        }
        sideSelected[key] = found
        return found
    }

    /// The rows of `table` possible given everything except what lies across `excluded`; nil when all are.
    mutating func rows(of table: Int, except excluded: Int?) -> Bitset? {
        var rows = base[table]
        for (link, _) in model.adjacency[table] where link != excluded {
            let (other, _) = across(link, from: table)
            guard hasSelection(other, except: link) else { continue }
            let keys = message(from: other, over: link)
            let field = model.ends[link].from.table == table ? model.ends[link].from.field : model.ends[link].to.field
            rows = Bitset.rows(of: model.tables[table].fields[field].codes, in: keys, within: rows)
        }
        return rows
    }

    /// The key codes, in the receiving table's key field, that the possible rows of `source` allow across `link`.
    private mutating func message(from source: Int, over link: Int) -> Bitset {
        let key = across(link, from: source).key ^ 1
        if let known = messages[key] { return known }
        let ends = model.ends[link]
        let forward = ends.from.table == source
        let sourceField = forward ? ends.from.field : ends.to.field
        let targetEnd = forward ? ends.to : ends.from
        let map = forward ? model.forward[link] : model.backward[link]
        let sourceRows = rows(of: source, except: link)
        let present = Bitset.codes(of: model.tables[source].fields[sourceField].codes, on: sourceRows)
        var keys = Bitset(count: model.tables[targetEnd.table].fields[targetEnd.field].codes.codeCount)
        present.forEach { code in
            let partner = map[code]
            if partner >= 0 { keys.insert(Int(partner)) }
        }
        messages[key] = keys
        return keys
    }
}
