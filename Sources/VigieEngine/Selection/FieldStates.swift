// The state of every value of a field under a selection (ASSOCIATIVE.md,
// "Value states"): selected, possible, alternative or excluded, with its
// frequency among the possible rows. Values outside the user's rights are
// not listed at all, so a list box never reveals that they exist.

/// The state of one value in a field.
public enum ValueState: String, Sendable, Equatable, Codable {
    /// Selected, and possible given the other selections.
    case selected
    /// Selected, but made impossible by the other selections: shown selected and dimmed.
    case selectedExcluded
    /// On at least one possible row.
    case possible
    /// Not selected, but possible if this field's own selection were removed.
    case alternative
    case excluded
}

/// One value of a field, with its state and frequency.
public struct FieldValueState: Sendable, Equatable, Codable {
    /// The value as users read it; nil is the null value (shown "-").
    public var value: String?
    public var state: ValueState
    /// The number of possible rows holding the value.
    public var frequency: Int

    public init(value: String?, state: ValueState, frequency: Int) {
        self.value = value
        self.state = state
        self.frequency = frequency
    }
}

extension DataModel {
    /// Every value of `field` the rights let the user see, in the field's order, with its state and frequency.
    /// Null is listed last when some rows lack a value; it cannot be selected, so it is possible or excluded only.
    public func states(of field: FieldReference, selection: Selection, rights: Rights = .unrestricted) throws(EngineError) -> [FieldValueState] {
        try states(of: [field], selection: selection, rights: rights)[0]
    }

    /// The states of several fields (the list boxes of a sheet): the propagations they share are computed once.
    public func states(of fields: [FieldReference], selection: Selection, rights: Rights = .unrestricted) throws(EngineError) -> [[FieldValueState]] {
        let cache = PropagationCache()
        var out: [[FieldValueState]] = []
        for field in fields {
            guard !rights.hidden.contains(field.description) else { throw EngineError(.unknownName, "no field \(field)") }
            let (t, f) = try Self.locate(field, in: tables)
            let column = tables[t].fields[f]
            let possible = try cache.rows(selection, rights: rights, in: self)[t]
            let frequencies = Bitset.frequencies(of: column.codes, on: possible)
            // Values on no row the rights allow stay unlisted (null only when some row is null).
            let listed = try listedCodes.answer(ListedCodesQuestion(field: field, rights: rights)) { () throws(EngineError) in
                Bitset.codes(of: column.codes, on: try cache.rows(Selection(), rights: rights, in: self)[t])
            }
            var chosen = Bitset(count: column.codes.codeCount)
            var alternatives: Bitset?
            if let values = selection.values(of: field) {
                for value in values { if let code = column.symbols.code(of: value) { chosen.insert(code) } }
                let without = try cache.rows(selection.removing(field), rights: rights, in: self)[t]
                alternatives = Bitset.codes(of: column.codes, on: without)
            }
            var states: [FieldValueState] = []
            states.reserveCapacity(column.codes.codeCount)
            for code in 0..<column.codes.codeCount {
                guard listed.contains(code) else { continue }
                let frequency = frequencies[code]
                let state: ValueState
                if chosen.contains(code) {
                    state = frequency > 0 ? .selected : .selectedExcluded
                } else if let alternatives {
                    // Null cannot be selected, so it is never an alternative (and no row with it is possible).
                    state = alternatives.contains(code) && code != column.nullCode ? .alternative : .excluded
                } else {
                    state = frequency > 0 ? .possible : .excluded
                }
                states.append(FieldValueState(value: code == column.nullCode ? nil : column.symbols.text(code), state: state, frequency: frequency))
            }
            out.append(states)
        }
        return out
    }
}

/// Which codes of a field a list box lists under some rights (DataModel.listedCodes).
struct ListedCodesQuestion: Hashable, Sendable {
    var field: FieldReference
    var rights: Rights
}
