// Objects, grids and field states as JSON for the API. A grid's cells are
// typed: numbers as JSON numbers, texts as strings, dates and timestamps as
// ISO strings with their type named, null as null; each with the text the
// page shows (through the measure's format).

import VigieEngine
import VigieExpressions
import VigieLake
import VigieModel

enum ObjectJSON {
    static func cell(_ cell: QueryResult.Cell) -> JSONValue {
        let (type, value): (String, JSONValue) = switch cell.value {
        case .null: ("null", .null)
        case let .bool(b): ("bool", .bool(b))
        case let .int(i): ("integer", .integer(i))
        case let .double(d): ("number", .number(d))
        case .decimal: ("number", cell.value.numericValue.map { .number($0) } ?? .null)
        case let .string(s): ("text", .string(s))
        case .date: ("date", .string(cell.value.text ?? ""))
        case .timestamp: ("timestamp", .string(cell.value.text ?? ""))
        }
        return .object([("type", .string(type)), ("value", value), ("text", .string(cell.text))])
    }

    static func line(_ line: QueryResult.Line) -> JSONValue {
        .object([("dimensions", .array(line.dimensions.map(cell))), ("measures", .array(line.measures.map(cell))), ("others", .bool(line.isOthers))])
    }

    static func object(_ object: SheetObject, language: Language) -> JSONValue {
        .object([("name", .string(object.name)), ("kind", .string(object.kind.rawValue)),
                 ("title", object.title.map { .string($0.text(language)) } ?? .null), ("width", .integer(Int64(object.width)))])
    }

    static func data(_ data: ObjectData, language: Language) -> JSONValue {
        .object([
            ("object", object(data.object, language: language)),
            ("dimensions", .array(data.dimensions.map { d in
                .object([("name", .string(d.name)), ("field", .string(d.field.description)), ("label", .string(d.label)),
                         ("levels", .array(d.levels.map { .string($0.description) }))])
            })),
            ("measures", .array(data.measures.map { m in
                .object([("name", .string(m.name)), ("label", .string(m.label)), ("format", m.format.map { .string($0) } ?? .null)])
            })),
            ("lines", .array(data.result.lines.map(line))),
            ("totals", .array(data.result.totals.map(cell))),
            ("subtotals", .array(data.result.subtotals.map { .array($0.map(line)) })),
        ])
    }

    static func states(_ field: FieldReference, _ values: [FieldValueState]) -> JSONValue {
        .object([("field", .string(field.description)), ("values", .array(values.map { v in
            .object([("value", v.value.map { .string($0) } ?? .null), ("state", .string(v.state.rawValue)), ("frequency", .integer(Int64(v.frequency)))])
        }))])
    }

    static func content(_ content: ObjectContent, object: SheetObject, language: Language) -> JSONValue {
        switch content {
        case let .data(data): return self.data(data, language: language)
        case let .filter(fields):
            return .object([("object", self.object(object, language: language)), ("fields", .array(fields.map { states($0.field, $0.values) }))])
        }
    }

    static func selection(_ selection: Selection) -> JSONValue {
        .object([("s", .string(selection.urlParameter)), ("fields", .array(selection.fields.sorted { $0.key < $1.key }.map { name, chosen in
            .object([("field", .string(name)), ("values", .array(chosen.values.map { .string($0) })), ("locked", .bool(chosen.locked))])
        }))])
    }
}
