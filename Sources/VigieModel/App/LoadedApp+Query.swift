// A sheet object's data under a selection and a user's rights: its
// dimensions resolved (a hierarchy shows its drill-down level), its
// measures labelled in the user's language and formatted, the engine's
// query run with the rights — every value, total and frequency comes from
// the engine under them, nothing is filtered afterwards — and the lines of
// month and day names put in calendar order.

import VigieEngine
import VigieExpressions

/// A dimension of an object as shown under a selection.
public struct ShownDimension: Sendable, Equatable {
    /// The name the sheet gives (a field or a hierarchy).
    public var name: String
    /// The field shown: for a hierarchy, its drill-down level.
    public var field: FieldReference
    /// For a hierarchy, its levels (the breadcrumb); empty for a plain field.
    public var levels: [FieldReference]
    /// The shown field's label in the language asked (the app's `labels`, else its name).
    public var label: String
}

/// A measure of an object as shown.
public struct ShownMeasure: Sendable, Equatable {
    public var name: String
    public var label: String
    public var format: String?
    public var description: String?
}

/// An object's data: what it shows and the engine's answer.
public struct ObjectData: Sendable, Equatable {
    public var object: SheetObject
    public var dimensions: [ShownDimension]
    public var measures: [ShownMeasure]
    public var result: QueryResult
}

extension LoadedApp {
    /// The data of `object` (not a filter pane) under `selection`, within `rights`, labelled in `language`.
    /// Recent answers are read back from the app's cache.
    public func data(of object: SheetObject, selection: Selection, rights: Rights, language: Language) throws(EngineError) -> ObjectData {
        let key = ResultCache.key(String(describing: object), selection, rights, language: language)
        guard case let .data(data) = try cache.answer(key, { () throws(EngineError) in
            .data(try computeData(of: object, selection: selection, rights: rights, language: language))
        }) else { preconditionFailure("an object's cached answer is not its data") }
        return data
    }

    private func computeData(of object: SheetObject, selection: Selection, rights: Rights, language: Language) throws(EngineError) -> ObjectData {
        var dimensions: [ShownDimension] = []
        for name in object.kind == .kpi ? [] : object.dimensions {
            switch try dimension(name.name) {
            case let .field(field):
                dimensions.append(ShownDimension(name: name.name, field: field, levels: [], label: model.label(of: field, language)))
            case let .hierarchy(_, levels):
                let shown = try data.drillDownLevel(levels, selection: selection, rights: rights)
                dimensions.append(ShownDimension(name: name.name, field: shown, levels: levels, label: model.label(of: shown, language)))
            }
        }
        var measures: [Measure] = []
        var shown: [ShownMeasure] = []
        for name in object.measures {
            let measure = try self.measure(name.name)
            try checkVisible(measure.expression, rights: rights)
            let label = measure.label.text(language)
            measures.append(Measure(label, measure.expression, format: measure.format.map { ValueFormat($0, language: language) }))
            shown.append(ShownMeasure(name: measure.name, label: label, format: measure.format, description: measure.description?.text(language)))
        }
        var sort: [SortKey] = []
        if let key = object.sort {
            if let d = object.dimensions.firstIndex(where: { $0.name == key.by }) {
                sort = [.dimension(d, descending: key.descending)]
            } else if let m = object.measures.firstIndex(where: { $0.name == key.by }) {
                sort = [.measure(m, descending: key.descending)]
            }
        }
        let cube = Hypercube(dimensions: dimensions.map(\.field), measures: measures, sort: sort, limit: object.limit,
                             subtotals: object.kind == .pivot && dimensions.count > 1)
        return ObjectData(object: object, dimensions: dimensions, measures: shown, result: try query(cube, selection: selection, rights: rights))
    }

    /// The engine's answer to `cube`, with month and day names in calendar order, unless the lines are sorted by a
    /// measure or cut to the first ones (whose order the engine decides).
    public func query(_ cube: Hypercube, selection: Selection, rights: Rights = .unrestricted) throws(EngineError) -> QueryResult {
        let result = try data.query(cube, selection: selection, rights: rights)
        if case .measure = cube.sort.first { return result }
        return cube.limit == nil ? inCalendarOrder(result, dimensions: cube.dimensions, sort: cube.sort) : result
    }

    /// The states of a filter pane's fields (or any fields), each in calendar order where it has one.
    /// Recent answers are read back from the app's cache.
    public func states(of fields: [FieldReference], selection: Selection, rights: Rights) throws(EngineError) -> [[FieldValueState]] {
        let key = ResultCache.key(fields.map(\.description).joined(separator: "\u{1F}"), selection, rights)
        guard case let .states(states) = try cache.answer(key, { () throws(EngineError) in
            .states(try computeStates(of: fields, selection: selection, rights: rights))
        }) else { preconditionFailure("a list's cached answer is not its states") }
        return states
    }

    private func computeStates(of fields: [FieldReference], selection: Selection, rights: Rights) throws(EngineError) -> [[FieldValueState]] {
        let states = try data.states(of: fields, selection: selection, rights: rights)
        return zip(fields, states).map { field, values in
            guard let order = valueOrders[field] else { return values }
            return values.enumerated().sorted { a, b in
                (order[a.element.value ?? ""] ?? Int.max, a.offset) < (order[b.element.value ?? ""] ?? Int.max, b.offset)
            }.map(\.element)
        }
    }

    /// The values of `field` a search matches that the rights let the user see (the engine's search reads the whole
    /// field; its states under the rights list only what the user may see).
    public func values(matching request: String, in field: FieldReference, rights: Rights) throws(EngineError) -> [String] {
        let visible = Set(try data.states(of: field, selection: Selection(), rights: rights).compactMap(\.value))
        return try data.values(matching: request, in: field).filter(visible.contains)
    }

    /// Refuses a measure that reads a field hidden from the user, as the engine refuses a hidden dimension.
    private func checkVisible(_ expression: MeasureExpression, rights: Rights) throws(EngineError) {
        for name in expression.fields where rights.hidden.contains(try data.resolve(name).description) {
            throw EngineError(.unknownName, "no field \(name)")
        }
    }

    /// `result` with its lines sorted by the calendar order of the dimensions that have one (the engine sorts month
    /// names alphabetically); the other dimensions keep the engine's order.
    private func inCalendarOrder(_ result: QueryResult, dimensions: [FieldReference], sort: [SortKey]) -> QueryResult {
        let ordered = dimensions.indices.filter { valueOrders[dimensions[$0]] != nil }
        guard !ordered.isEmpty else { return result }
        var descending = Set<Int>()
        if case let .dimension(d, true)? = sort.first { descending.insert(d) }
        func rank(_ line: QueryResult.Line, _ d: Int) -> Int {
            let value = valueOrders[dimensions[d]].flatMap { order in line.dimensionTexts[d].flatMap { order[$0] } } ?? Int.max
            return descending.contains(d) ? -value : value
        }
        var copy = result
        copy.lines = result.lines.enumerated().sorted { a, b in
            for d in dimensions.indices {
                let (x, y) = ordered.contains(d) ? (rank(a.element, d), rank(b.element, d)) : (0, 0)
                if x != y { return x < y }
                if !ordered.contains(d), a.element.dimensionTexts[d] != b.element.dimensionTexts[d] { return a.offset < b.offset }
            }
            return a.offset < b.offset
        }.map(\.element)
        return copy
    }
}
