// An aggregated expression is computed on each row of one table, then
// aggregated (ASSOCIATIVE.md, "Aggregations"). When it reads fields of
// several tables — `Sum(Quantity * Price)` with the price on the product
// table — it runs on the rows of the table from which every other one is
// reached from many rows to one, as a chart's dimensions are: each row
// then sees exactly one value of each field, through the same composed
// code maps (DimensionPath.swift).

import VigieExpressions

/// Row-level expressions (an aggregation's arguments) read on the rows of one table.
struct RowReader: Sendable {
    /// The table whose rows the expressions are computed on.
    let table: Int
    /// A field of that table the expressions read, which names it.
    let reference: FieldReference
    let expressions: [ExpressionNode]
    /// Each field the expressions name, and how a row of `table` reaches its code.
    let sources: [String: (field: EngineField, source: CodeColumn, map: [Int32]?)]

    fileprivate init(table: Int, reference: FieldReference, expressions: [ExpressionNode],
                     sources: [String: (field: EngineField, source: CodeColumn, map: [Int32]?)]) {
        self.table = table
        self.reference = reference
        self.expressions = expressions
        self.sources = sources
    }

    /// The value of `name` on `row`.
    func value(of name: String, row: Int) -> RowValue {
        guard let (field, source, map) = sources[name] else { return .null }
        let near = source[row]
        let code = map.map { Int($0[near]) } ?? near
        return field.value(code)
    }

    /// The value of expression `i` on `row`.
    func evaluate(_ i: Int = 0, row: Int) throws(ExpressionError) -> RowValue {
        try expressions[i].evaluate({ value(of: $0, row: row) }, today: RowValue.localToday)
    }

    /// The value of expression `i` on every row of the table, through `transform`; a failure names the row.
    /// An expression of one field (`If(gir = 1, 1000, …)`, a `case`) is computed once per distinct value, the first
    /// time a row holds it, as Qlik computes on a field's symbols rather than on its rows.
    func evaluateAll<T>(_ i: Int = 0, in model: DataModel, _ transform: (RowValue) -> T) throws(EngineError) -> [T] {
        let table = model.tables[table]
        let expression = expressions[i], today = RowValue.localToday
        var out: [T] = []
        out.reserveCapacity(table.rowCount)
        func failure(_ error: ExpressionError, row: Int) -> EngineError {
            EngineError(.invalidSelection, "\(expression) on row \(row + 1) of \(table.name): \(error.message)")
        }
        guard let (field, source, map) = onlySource(of: expression) else {
            for row in 0..<table.rowCount {
                do { out.append(transform(try expression.evaluate({ value(of: $0, row: row) }, today: today))) } catch { throw failure(error, row: row) }
            }
            return out
        }
        var decided = [T?](repeating: nil, count: field.nullCode + 1)
        for row in 0..<table.rowCount {
            let near = source[row]
            let code = map.map { Int($0[near]) } ?? near
            if let known = decided[code] {
                out.append(known)
                continue
            }
            let value = field.value(code)
            do {
                let result = transform(try expression.evaluate({ _ in value }, today: today))
                decided[code] = result
                out.append(result)
            } catch {
                throw failure(error, row: row)
            }
        }
        return out
    }

    /// The source of the one field `expression` reads, or nil when it reads several (or none).
    func onlySource(of expression: ExpressionNode) -> (field: EngineField, source: CodeColumn, map: [Int32]?)? {
        var names: Set<String> = []
        func collect(_ node: ExpressionNode) {
            if case let .field(name) = node { names.insert(name) }
            node.children.forEach(collect)
        }
        collect(expression)
        guard names.count == 1, let name = names.first else { return nil }
        return sources[name]
    }

    /// The field `name` on each row of the table, its codes reached along the links (nil: not a field read here).
    func column(of name: String) -> ArgumentColumn? {
        guard let (field, source, map) = sources[name] else { return nil }
        guard let map else { return ArgumentColumn(field: field, codes: source) }
        let codes = (0..<source.count).map { UInt32(map[source[$0]]) }
        return ArgumentColumn(field: field, codes: CodeColumn(codes: codes, codeCount: field.codes.codeCount, indexingRuns: false))
    }
}

extension DataModel {
    /// A reader of `expressions` (row-level expressions of fields) on the rows of the table from which every field
    /// they name is reached from many rows to one; among several such tables, the one with the most rows.
    func rowReader(of expressions: [ExpressionNode], rights: Rights) throws(EngineError) -> RowReader {
        var names: [String] = []
        func collect(_ node: ExpressionNode) {
            if case let .field(name) = node, !names.contains(name) { names.append(name) }
            node.children.forEach(collect)
        }
        expressions.forEach(collect)
        let expression = expressions.map(\.description).joined(separator: ", ")
        var references: [String: FieldReference] = [:]
        for name in names {
            let reference = try resolve(name)
            guard !rights.hidden.contains(reference.description) else { throw EngineError(.unknownName, "no field \(name)") }
            references[name] = reference
        }
        guard !references.isEmpty else {
            throw EngineError(.invalidSelection, "\(expression) reads no field: aggregate a field or an expression of fields")
        }
        let candidates = Set(try references.values.map { (r) throws(EngineError) in try tableIndex(r.table) })
            .sorted { (tables[$0].rowCount, tables[$1].name) > (tables[$1].rowCount, tables[$0].name) }
        var refusal: EngineError?
        for t in candidates {
            var sources: [String: (field: EngineField, source: CodeColumn, map: [Int32]?)] = [:]
            do {
                for (name, reference) in references {
                    let path = try dimensionPath(from: t, to: reference)
                    sources[name] = (try field(reference), path.source, path.map)
                }
                let reference = names.lazy.compactMap { references[$0] }.first { $0.table == self.tables[t].name }!
                return RowReader(table: t, reference: reference, expressions: expressions, sources: sources)
            } catch {
                refusal = refusal ?? error
            }
        }
        let tableNames = candidates.map { tables[$0].name }.sorted().joined(separator: ", ")
        throw EngineError(.invalidSelection, "\(expression) reads fields of \(tableNames), and none of these tables reaches the others "
            + "from many rows to one, so no row has one value of each: \(refusal?.message ?? "")")
    }
}
