// An app table's `where`: a row condition, in the pipelines' expression
// language, that keeps only some of a lake table's rows when the app loads
// (Qlik's WHERE in a load script). The crèches app loads the establishments
// of its own line, so its lists show crèches and `Sum(capacity)` counts
// their places only. Values no kept row uses disappear from the fields.
//
// A condition on one field is evaluated once per distinct value, and the
// rows are picked through the engine's selection filter; one on several
// fields is evaluated row by row.

import VigieEngine
import VigieExpressions

extension EngineTable {
    /// The table with only the rows `condition` keeps (true; false and null drop the row).
    func filtered(by condition: RowExpression) throws(EngineError) -> EngineTable {
        var read: [String: EngineField] = [:]
        for name in condition.fields {
            guard let field = field(name) else { throw EngineError(.unknownName, "where \(condition.text): no field \(name) in table \(self.name)") }
            read[name] = field
        }
        func keeps(_ what: String, _ value: (String) -> RowValue) throws(EngineError) -> Bool {
            do { return try condition.matches(value) } catch { throw EngineError(.invalidData, "table \(self.name), \(what): \(error.description)") }
        }
        var kept: [Int] = []
        if read.count == 1, let (name, field) = read.first {
            var passing = Bitset(count: field.codes.codeCount)
            for code in 0..<field.codes.codeCount where try keeps("value \(field.value(code))", { $0 == name ? field.value(code) : .null }) {
                passing.insert(code)
            }
            kept = Bitset.rows(of: field.codes, in: passing).elements
        } else {
            for row in 0..<rowCount where try keeps("row \(row + 1)", { name in read[name].map { $0.value($0.codes[row]) } ?? .null }) {
                kept.append(row)
            }
        }
        guard kept.count < rowCount else { return self }
        return try EngineTable(name: name, fields: fields.map { field in
            var indices: [UInt32] = []
            var validity: [Bool] = []
            indices.reserveCapacity(kept.count)
            validity.reserveCapacity(kept.count)
            for row in kept {
                let code = field.codes[row]
                validity.append(code != field.nullCode)
                if code != field.nullCode { indices.append(UInt32(code)) }
            }
            var builder = FieldBuilder(name: field.name, type: field.type)
            builder.append(dictionary: field.symbols.values, indices: indices, validity: validity.contains(false) ? validity : nil,
                           rowCount: kept.count)
            return builder.finish()
        })
    }
}
