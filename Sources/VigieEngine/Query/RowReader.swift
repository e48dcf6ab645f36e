// An aggregated expression is computed on each row of one table, then
// aggregated (ASSOCIATIVE.md, "Aggregations"). When it reads fields of
// several tables — `Sum(Quantity * Price)` with the price on the product
// table — it runs on the rows of the table from which every other one is
// reached from many rows to one, as a chart's dimensions are: each row
// then sees exactly one value of each field, through the same composed
// code maps (DimensionPath.swift).

import VigieExpressions

/// A row-level expression read on the rows of one table.
struct RowReader {
    /// The table whose rows the expression is computed on.
    let table: Int
    let expression: ExpressionNode
    /// Each field the expression names, and how a row of `table` reaches its code.
    let sources: [String: (field: EngineField, source: CodeColumn, map: [Int32]?)]

    fileprivate init(table: Int, expression: ExpressionNode, sources: [String: (field: EngineField, source: CodeColumn, map: [Int32]?)]) {
        self.table = table
        self.expression = expression
        self.sources = sources
    }

    /// The value of `name` on `row`.
    func value(of name: String, row: Int) -> RowValue {
        guard let (field, source, map) = sources[name] else { return .null }
        let near = source[row]
        let code = map.map { Int($0[near]) } ?? near
        return code == field.nullCode ? .null : field.symbols.rowValue(code)
    }

    /// The expression's value on `row`.
    func evaluate(row: Int) throws(ExpressionError) -> RowValue {
        try expression.evaluate({ value(of: $0, row: row) }, today: RowValue.localToday)
    }
}

extension DataModel {
    /// A reader of `expression` (a row-level expression of fields) on the rows of the table from which every field it
    /// names is reached from many rows to one; among several such tables, the one with the most rows.
    func rowReader(of expression: ExpressionNode, rights: Rights) throws(EngineError) -> RowReader {
        var names: [String] = []
        func collect(_ node: ExpressionNode) {
            if case let .field(name) = node, !names.contains(name) { names.append(name) }
            node.children.forEach(collect)
        }
        collect(expression)
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
                return RowReader(table: t, expression: expression, sources: sources)
            } catch {
                refusal = refusal ?? error
            }
        }
        let tableNames = candidates.map { tables[$0].name }.sorted().joined(separator: ", ")
        throw EngineError(.invalidSelection, "\(expression) reads fields of \(tableNames), and none of these tables reaches the others "
            + "from many rows to one, so no row has one value of each: \(refusal?.message ?? "")")
    }
}
