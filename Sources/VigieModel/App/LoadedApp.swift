// An app file loaded: its model, its data in the engine, and every name its
// measures, hierarchies and sheets use checked against that data, so a
// sheet naming a field or measure that does not exist is refused when the
// app loads — with the file and the line — and never fails in front of a
// user. Sheets resolve their names here (fields, hierarchies, the app's
// measures or inline expressions).

import Foundation
import VigieEngine
import VigieExpressions
import VigieLake

/// An app ready to answer: its model, its loaded data, and its names checked.
public struct LoadedApp: Sendable {
    public let model: AppModel
    public let data: DataModel
    /// The app's file, for messages.
    public let file: String
    /// The calendar order of text fields that do not sort alphabetically (month and day names): value → rank.
    public let valueOrders: [FieldReference: [String: Int]]
    /// Recent answers of this version of the app.
    let cache = ResultCache()

    public var name: String { model.name }

    /// Checks `model`'s names against `data`; errors name `file` and the line.
    public init(model: AppModel, data: DataModel, file: String) throws(LakeError) {
        self.model = model
        self.data = data
        self.file = file
        var orders: [FieldReference: [String: Int]] = [:]
        for calendar in model.calendars {
            for (name, values) in CalendarFields(calendar).valueOrders {
                if let reference = try? data.resolve(name) {
                    orders[reference] = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, $0) })
                }
            }
        }
        valueOrders = orders
        try check()
    }

    /// Reads `path` and loads its tables from `workspace`.
    public static func load(path: String, workspace: Workspace) throws(LakeError) -> LoadedApp {
        let model = try AppModel.load(path: path)
        do { return try LoadedApp(model: model, data: try model.load(from: workspace), file: path) } catch {
            // Load errors name the app; name its file instead, as the other errors do.
            throw error.context.first == model.name ? LakeError(error.code, error.message, context: [path] + error.context.dropFirst()) : error
        }
    }

    // MARK: Names

    /// What a dimension name stands for.
    public enum Dimension: Sendable, Equatable {
        case field(FieldReference)
        /// A hierarchy and its levels' fields.
        case hierarchy(Hierarchy, [FieldReference])
    }

    /// A field (`Table.field` or a name only one table has) or a hierarchy.
    public func dimension(_ name: String) throws(EngineError) -> Dimension {
        if let hierarchy = model.hierarchy(name) {
            return .hierarchy(hierarchy, try hierarchy.levels.map { (level) throws(EngineError) in try data.resolve(level.name) })
        }
        return .field(try data.resolve(name))
    }

    /// The fields of a filter pane: each named field, each level of a named hierarchy.
    public func fields(of object: SheetObject) throws(EngineError) -> [FieldReference] {
        var out: [FieldReference] = []
        for name in object.fields {
            switch try dimension(name.name) {
            case let .field(field): out.append(field)
            case let .hierarchy(_, levels): out += levels
            }
        }
        return out
    }

    /// A measure as a sheet names it: one of the app's measures, or an expression written inline.
    public func measure(_ name: String) throws(EngineError) -> AppMeasure {
        if let measure = model.measure(name) { return measure }
        do { return AppMeasure(name: name, expression: try MeasureExpression(name)) } catch {
            throw EngineError(.unknownName, "'\(name)' is neither a measure of the app nor a measure expression: \(error.description)")
        }
    }

    // MARK: Checks

    private func fail(_ line: Int, _ message: String) -> LakeError {
        LakeError(.invalidArgument, message, context: [file] + (line > 0 ? ["line \(line)"] : []))
    }

    private func check() throws(LakeError) {
        for (name, label) in model.labels.sorted(by: { $0.key < $1.key }) where !data.tables.contains(where: { $0.field(name) != nil }) {
            do { _ = try data.resolve(name) } catch { throw fail(label.line, "labels: \(error.message)") }
        }
        for hierarchy in model.hierarchies {
            for level in hierarchy.levels {
                do { _ = try data.resolve(level.name) } catch { throw fail(level.line, "hierarchy \(hierarchy.name): \(error.message)") }
            }
        }
        for measure in model.measures { try checkFields(of: measure.expression, line: measure.line, "measure \(measure.name)") }
        for sheet in model.sheets {
            for object in sheet.objects { try check(object, in: sheet) }
        }
    }

    private func checkFields(of expression: MeasureExpression, line: Int, _ what: String) throws(LakeError) {
        for field in expression.fields.sorted() {
            do { _ = try data.resolve(field) } catch { throw fail(line, "\(what): \(error.message)") }
        }
    }

    private func check(_ object: SheetObject, in sheet: Sheet) throws(LakeError) {
        let place = "sheet \(sheet.name), object \(object.name)"
        for name in object.dimensions + object.fields {
            do { _ = try dimension(name.name) } catch {
                throw fail(name.line, "\(place): '\(name.name)' is neither a hierarchy nor a field of the app (\(error.message))")
            }
        }
        for name in object.measures {
            let measure: AppMeasure
            do { measure = try self.measure(name.name) } catch { throw fail(name.line, "\(place): \(error.message)") }
            try checkFields(of: measure.expression, line: name.line, place)
        }
        if let sort = object.sort, !(object.dimensions + object.measures).contains(where: { $0.name == sort.by }) {
            throw fail(sort.line, "\(place): sort by '\(sort.by)', which is none of the object's dimensions or measures")
        }
    }
}
