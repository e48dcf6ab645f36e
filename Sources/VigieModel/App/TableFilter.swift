// An app table's `where`: a row condition, in the pipelines' expression
// language, that keeps only some of a lake table's rows when the app loads
// (Qlik's WHERE in a load script). The crèches app loads the establishments
// of its own line, so its lists show crèches and `Sum(capacity)` counts
// their places only. Values no kept row uses disappear from the fields.

import VigieEngine
import VigieExpressions
import VigieLake

extension EngineTable {
    /// The table with only the rows `condition` keeps (true; false and null drop the row).
    func filtered(by condition: RowExpression) throws(EngineError) -> EngineTable {
        var columns: [Int: [UInt32]] = [:]
        for name in condition.fields {
            guard let i = fields.firstIndex(where: { $0.name == name }) else {
                throw EngineError(.unknownName, "where \(condition.text): no field \(name) in table \(self.name)")
            }
            columns[i] = fields[i].allCodes
        }
        var kept: [Int] = []
        for row in 0..<rowCount {
            let keep: Bool
            do {
                keep = try condition.matches { name in
                    guard let i = fields.firstIndex(where: { $0.name == name }), let codes = columns[i] else { return .null }
                    return Int(codes[row]) == fields[i].nullCode ? .null : fields[i].symbols.rowValue(Int(codes[row]))
                }
            } catch {
                throw EngineError(.invalidData, "table \(self.name), row \(row + 1): \(error.description)")
            }
            if keep { kept.append(row) }
        }
        guard kept.count < rowCount else { return self }
        return try EngineTable(name: name, fields: fields.map { field in
            let codes = columns[fields.firstIndex { $0.name == field.name }!] ?? field.allCodes
            var indices: [UInt32] = []
            var validity: [Bool] = []
            indices.reserveCapacity(kept.count)
            validity.reserveCapacity(kept.count)
            for row in kept {
                let present = Int(codes[row]) != field.nullCode
                validity.append(present)
                if present { indices.append(codes[row]) }
            }
            var builder = FieldBuilder(name: field.name, type: field.type)
            builder.append(dictionary: field.symbols.values, indices: indices, validity: validity.contains(false) ? validity : nil,
                           rowCount: kept.count)
            return builder.finish()
        })
    }
}

extension EngineField {
    /// Every row's code, widened.
    fileprivate var allCodes: [UInt32] {
        var reader = WideCodes()
        codes.read(&reader)
        return reader.codes
    }
}

private struct WideCodes: CodeReader {
    var codes: [UInt32] = []

    mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
        self.codes = codes.map { UInt32($0) }
    }
}
