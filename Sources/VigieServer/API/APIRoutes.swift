// The JSON API: everything the pages do, for scripts and other programs.
// Every route needs a session (the cookie of POST /login); the selection
// travels as the `s` query parameter, the engine's compact form, exactly as
// in the pages' URLs. /api/openapi.json describes these routes.

import Foundation
import Hummingbird
import VigieEngine
import VigieLake
import VigieModel

struct APIRoutes {
    let state: ServerState

    func add(to router: Router<VigieContext>) {
        router.get("/api/openapi.json") { _, _ in Responses.json(OpenAPIDocument.document) }
        router.get("/api/apps") { _, context in try apps(context) }
        router.get("/api/apps/:app") { _, context in try app(context) }
        router.get("/api/apps/:app/sheets/:sheet") { _, context in try sheet(context) }
        router.get("/api/apps/:app/sheets/:sheet/objects/:object") { request, context in try object(request, context) }
        router.post("/api/apps/:app/sheets/:sheet/objects/:object/export") { request, context in try await export(request, context) }
        router.get("/api/apps/:app/fields/:field/states") { request, context in try states(request, context) }
        router.get("/api/apps/:app/fields/:field/search") { request, context in try search(request, context) }
        router.get("/api/apps/:app/selection") { request, context in try selection(request, context) }
        router.get("/api/audit") { request, context in try audit(request, context) }
    }

    /// The audit trail, newest first (administrators only).
    private func audit(_ request: Request, _ context: VigieContext) throws -> Response {
        let entries = try AuditPage.entries(state, context, request)
        return Responses.json(.object([("entries", .array(entries.map { entry in
            .object([("at", .string(AuditPage.time(entry.at))), ("event", .string(entry.event)), ("user", entry.user.map { .string($0) } ?? .null),
                     ("address", entry.address.map { .string($0) } ?? .null), ("detail", .string(entry.detail))])
        }))]))
    }

    private func exploration(_ context: VigieContext) throws(ServerError) -> Exploration { state.exploration(try context.user()) }

    private func parameter(_ context: VigieContext, _ name: String) throws(ServerError) -> String {
        guard let value = context.parameters.get(name)?.removingPercentEncoding else { throw ServerError(.badRequest, "missing \(name)") }
        return value
    }

    private func apps(_ context: VigieContext) throws -> Response {
        let exploration = try exploration(context)
        let language = context.language
        let apps = exploration.apps().map { opened in
            JSONValue.object([("name", .string(opened.name)), ("title", .string(opened.app.model.title.text(language))), ("version", .integer(Int64(opened.entry.version))),
                              ("error", exploration.user.role.seesAppErrors ? opened.entry.error.map { .string($0.description) } ?? .null : .null),
                              ("sheets", .array(opened.app.model.sheets.map { .object([("name", .string($0.name)), ("title", .string($0.title.text(language)))]) }))])
        }
        let errors = exploration.appErrors().map { JSONValue.object([("name", .string($0.name)), ("error", .string($0.error?.description ?? ""))]) }
        return Responses.json(.object([("apps", .array(apps)), ("errors", .array(errors))]))
    }

    private func app(_ context: VigieContext) throws -> Response {
        let exploration = try exploration(context)
        let opened = try exploration.open(try parameter(context, "app"))
        let language = context.language, model = opened.app.model
        let fields = opened.app.data.tables.flatMap { table in
            table.fields.map { FieldReference(table: table.name, field: $0.name) }.filter { !opened.rights.hidden.contains($0.description) }
                .map { JSONValue.object([("field", .string($0.description)), ("type", .string(table.field($0.field)?.type.description ?? ""))]) }
        }
        return Responses.json(.object([
            ("name", .string(opened.name)), ("title", .string(model.title.text(language))),
            ("sheets", .array(model.sheets.map { .object([("name", .string($0.name)), ("title", .string($0.title.text(language)))]) })),
            ("measures", .array(model.measures.map { m in
                .object([("name", .string(m.name)), ("label", .string(m.label.text(language))), ("expression", .string(m.expression.text)),
                         ("format", m.format.map { .string($0) } ?? .null), ("description", m.description.map { .string($0.text(language)) } ?? .null)])
            })),
            ("hierarchies", .array(model.hierarchies.map { h in .object([("name", .string(h.name)), ("levels", .array(h.levels.map { .string($0.name) }))]) })),
            ("fields", .array(fields)),
        ]))
    }

    private func sheet(_ context: VigieContext) throws -> Response {
        let exploration = try exploration(context)
        let opened = try exploration.open(try parameter(context, "app"))
        let sheet = try exploration.sheet(try parameter(context, "sheet"), of: opened)
        return Responses.json(.object([("name", .string(sheet.name)), ("title", .string(sheet.title.text(context.language))),
                                       ("objects", .array(sheet.objects.map { ObjectJSON.object($0, language: context.language) }))]))
    }

    /// The app, sheet and object of the path, and the selection of the query.
    private func target(_ request: Request, _ context: VigieContext) throws -> (Exploration, OpenedApp, Sheet, SheetObject, Selection) {
        let exploration = try exploration(context)
        let opened = try exploration.open(try parameter(context, "app"))
        let sheet = try exploration.sheet(try parameter(context, "sheet"), of: opened)
        let object = try exploration.object(try parameter(context, "object"), of: sheet)
        return (exploration, opened, sheet, object, try exploration.selection(request.query, in: opened))
    }

    private func object(_ request: Request, _ context: VigieContext) throws -> Response {
        let (exploration, opened, _, object, selection) = try target(request, context)
        let content = try exploration.content(of: object, in: opened, selection: selection, language: context.language)
        return Responses.json(ObjectJSON.content(content, object: object, language: context.language))
    }

    private func export(_ request: Request, _ context: VigieContext) async throws -> Response {
        let form = try await request.form()
        let user = try context.user()
        try CSRF.check(request, form: form, expected: context.session?.csrfToken)
        guard user.role.mayExport else { throw ServerError(.forbidden, "your role does not export") }
        let parameters = FormParameters(pairs: request.query.pairs + (form?.pairs ?? []))
        let (exploration, opened, sheet, object, _) = try target(request, context)
        let selection = try exploration.selection(parameters, in: opened)
        guard let format = Exports.Format(rawValue: parameters["format"] ?? "csv") else { throw ServerError(.badRequest, "format is csv or xlsx") }
        guard case let .data(data) = try exploration.content(of: object, in: opened, selection: selection, language: context.language) else {
            throw ServerError(.badRequest, "a filter pane has no data to export")
        }
        let title = object.title?.text(context.language) ?? object.name
        let file = try Exports.file(Exports.table(data, title: title, labels: Labels(context.language)), format: format)
        try state.accounts.audit("export", user: user.name, address: context.address,
                                 detail: "\(opened.name)/\(sheet.name)/\(object.name) \(format.rawValue), \(data.result.lines.count) lines")
        return Responses.download(file, type: format.contentType, filename: "\(opened.name)-\(object.name).\(format.rawValue)")
    }

    private func states(_ request: Request, _ context: VigieContext) throws -> Response {
        let exploration = try exploration(context)
        let opened = try exploration.open(try parameter(context, "app"))
        let field = try exploration.field(try parameter(context, "field"), of: opened)
        let values = try exploration.states(of: field, in: opened, selection: try exploration.selection(request.query, in: opened))
        return Responses.json(ObjectJSON.states(field, values))
    }

    private func search(_ request: Request, _ context: VigieContext) throws -> Response {
        let exploration = try exploration(context)
        let opened = try exploration.open(try parameter(context, "app"))
        let field = try exploration.field(try parameter(context, "field"), of: opened)
        let values = try exploration.search(request.query["q"] ?? "", in: field, of: opened)
        return Responses.json(.object([("field", .string(field.description)), ("values", .array(values.map { .string($0) }))]))
    }

    private func selection(_ request: Request, _ context: VigieContext) throws -> Response {
        let exploration = try exploration(context)
        let opened = try exploration.open(try parameter(context, "app"))
        let query = request.query
        var selection = try exploration.selection(query, in: opened)
        if query["op"] != nil || query["search"] != nil || !query.all("value").isEmpty {
            selection = try SelectionChange(parameters: query).applied(to: selection, in: opened, by: exploration)
        }
        return Responses.json(ObjectJSON.selection(selection))
    }
}
