// Drill-down along a hierarchy, as in Qlik's drill-down dimensions: a
// chart grouped by Union → Structure → Establishment shows unions until a
// selection narrows them to one, then that union's structures, then the
// establishments of the one structure left. The level shown is the first
// field of the hierarchy with more than one possible value (the last one
// when every field has one), so drilling is selecting, and a bookmark or a
// link to the selection drills the same way.

extension DataModel {
    /// The field of `hierarchy` a drill-down dimension shows under `selection`: the first with more than one possible
    /// (or selected) non-null value, else the last.
    public func drillDownLevel(_ hierarchy: [FieldReference], selection: Selection, rights: Rights = .unrestricted) throws(EngineError) -> FieldReference {
        guard let last = hierarchy.last else { throw EngineError(.invalidModel, "a hierarchy needs at least one field") }
        let states = try states(of: Array(hierarchy.dropLast()), selection: selection, rights: rights)
        for (field, values) in zip(hierarchy, states) {
            let shown = values.filter { $0.value != nil && ($0.state == .possible || $0.state == .selected) }
            if shown.count > 1 { return field }
        }
        return last
    }
}
