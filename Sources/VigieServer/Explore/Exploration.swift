// What a signed-in user asks of an app, for the pages and the JSON API
// alike: the app opened with the user's rights compiled for it, a sheet
// and its objects, an object's data, field states, searches and changes of
// the selection. Every answer goes through the engine with the user's
// rights (LoadedApp.rights): a user who may not see a structure gets no
// value, total, frequency or export line of it, because the engine never
// computes one.

import VigieEngine
import VigieModel

/// An app as one user may see it.
struct OpenedApp: Sendable {
    let entry: AppCatalog.Entry
    let app: LoadedApp
    let rights: Rights

    var name: String { entry.name }
}

/// The exploration of a workspace's apps by one user.
struct Exploration: Sendable {
    let catalog: AppCatalog
    let user: User

    /// The apps the user may open (each one's rules compile; a broken file that never loaded is left out).
    func apps() -> [OpenedApp] {
        catalog.all.compactMap { entry in
            guard let app = entry.app, let rights = app.rights(user.rights) else { return nil }
            return OpenedApp(entry: entry, app: app, rights: rights)
        }
    }

    /// App files with load errors, for roles that write apps.
    func appErrors() -> [AppCatalog.Entry] {
        user.role.seesAppErrors ? catalog.all.filter { $0.error != nil } : []
    }

    func open(_ name: String) throws(ServerError) -> OpenedApp {
        guard let entry = catalog.entry(name), let app = entry.app, let rights = app.rights(user.rights) else {
            throw ServerError(.notFound, "no app \(name)")
        }
        return OpenedApp(entry: entry, app: app, rights: rights)
    }

    func sheet(_ name: String, of opened: OpenedApp) throws(ServerError) -> Sheet {
        guard let sheet = opened.app.model.sheet(name) else { throw ServerError(.notFound, "app \(opened.name) has no sheet \(name)") }
        return sheet
    }

    func object(_ name: String, of sheet: Sheet) throws(ServerError) -> SheetObject {
        guard let object = sheet.object(name) else { throw ServerError(.notFound, "sheet \(sheet.name) has no object \(name)") }
        return object
    }

    /// A field of the app the user may see, by `Table.field` or a name only one table has.
    func field(_ name: String, of opened: OpenedApp) throws(ServerError) -> FieldReference {
        guard let field = try? opened.app.data.resolve(name), !opened.rights.hidden.contains(field.description) else {
            throw ServerError(.notFound, "app \(opened.name) has no field \(name)")
        }
        return field
    }
}

extension Exploration {
    /// The selection of a request's `s` parameter, keeping only values the user may see: a selection never shows
    /// (in the selection bar, the API, a redirect) a value the rights hide, even one the user typed.
    func selection(_ parameters: FormParameters, in opened: OpenedApp) throws(ServerError) -> Selection {
        let requested: Selection
        do { requested = try Selection(urlParameter: parameters["s"] ?? "") } catch { throw ServerError(.badRequest, error.message) }
        return try visible(requested, in: opened)
    }

    func visible(_ selection: Selection, in opened: OpenedApp) throws(ServerError) -> Selection {
        var out = Selection()
        for (name, chosen) in selection.fields.sorted(by: { $0.key < $1.key }) {
            guard let field = try? opened.app.data.resolve(name), !opened.rights.hidden.contains(field.description) else { continue }
            let allowed = Set(try states(of: field, in: opened, selection: Selection()).compactMap(\.value))
            let values = chosen.values.filter(allowed.contains)
            guard !values.isEmpty else { continue }
            out.select(values, in: field)
            if chosen.locked { out.lock(field) }
        }
        return out
    }
}

/// A filter pane's field with its values' states.
struct FieldStates: Sendable {
    let field: FieldReference
    let values: [FieldValueState]
}

/// What an object shows: a filter pane's fields, or data.
enum ObjectContent: Sendable {
    case filter([FieldStates])
    case data(ObjectData)
}

extension Exploration {
    /// The content of `object` under `selection`.
    func content(of object: SheetObject, in opened: OpenedApp, selection: Selection, language: Language) throws(ServerError) -> ObjectContent {
        try engine {
            () throws(EngineError) -> ObjectContent in
            if object.kind == .filter {
                let fields = try opened.app.fields(of: object).filter { !opened.rights.hidden.contains($0.description) }
                let states = try opened.app.states(of: fields, selection: selection, rights: opened.rights)
                return .filter(zip(fields, states).map { FieldStates(field: $0, values: $1) })
            }
            return .data(try opened.app.data(of: object, selection: selection, rights: opened.rights, language: language))
        }
    }

    /// The states of one field's values.
    func states(of field: FieldReference, in opened: OpenedApp, selection: Selection) throws(ServerError) -> [FieldValueState] {
        try engine { () throws(EngineError) in try opened.app.states(of: [field], selection: selection, rights: opened.rights)[0] }
    }

    /// The values of `field` a search matches, within the rights.
    func search(_ request: String, in field: FieldReference, of opened: OpenedApp) throws(ServerError) -> [String] {
        try engine { () throws(EngineError) in try opened.app.values(matching: request, in: field, rights: opened.rights) }
    }
}

/// Runs engine code, its errors becoming bad requests (a selection or search that cannot apply).
func engine<T>(_ body: () throws(EngineError) -> T) throws(ServerError) -> T {
    do { return try body() } catch {
        throw ServerError(error.code == .unknownName ? .notFound : .badRequest, error.message)
    }
}
