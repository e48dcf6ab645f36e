// The pages: the portal, an app (its first sheet), a sheet under the
// selection of its URL, and selection changes, which answer with a
// redirect to the sheet's new URL (so the address bar always holds the
// selection, and a link is a bookmark).

import Hummingbird
import VigieEngine
import VigieModel

struct PageRoutes {
    let state: ServerState

    func add(to router: Router<VigieContext>) {
        router.get("/") { _, context in
            Responses.html(PortalPage.render(state.exploration(try context.user()), context: context))
        }
        router.get("/audit") { request, context in
            Responses.html(AuditPage.render(try AuditPage.entries(state, context, request), context: context))
        }
        router.get("/apps/:app") { _, context in
            let exploration = state.exploration(try context.user())
            let opened = try exploration.open(try parameter(context, "app"))
            guard let first = opened.app.model.sheets.first else { throw ServerError(.notFound, "app \(opened.name) has no sheet") }
            return Responses.redirect("/apps/\(FormParameters.encode(opened.name))/sheets/\(FormParameters.encode(first.name))")
        }
        router.get("/apps/:app/sheets/:sheet") { request, context in
            let page = try sheetPage(request, context)
            return Responses.html(page.render())
        }
        router.get("/apps/:app/sheets/:sheet/select") { request, context in
            let page = try sheetPage(request, context)
            let next = try SelectionChange(parameters: request.query).applied(to: page.selection, in: page.opened, by: page.exploration)
            return Responses.redirect(page.path + (next.isEmpty ? "" : "?s=" + next.urlParameter))
        }
    }

    private func parameter(_ context: VigieContext, _ name: String) throws(ServerError) -> String {
        guard let value = context.parameters.get(name)?.removingPercentEncoding else { throw ServerError(.badRequest, "missing \(name)") }
        return value
    }

    private func sheetPage(_ request: Request, _ context: VigieContext) throws -> SheetPage {
        let exploration = state.exploration(try context.user())
        let opened = try exploration.open(try parameter(context, "app"))
        let sheet = try exploration.sheet(try parameter(context, "sheet"), of: opened)
        return SheetPage(opened: opened, sheet: sheet, selection: try exploration.selection(request.query, in: opened), context: context, exploration: exploration)
    }
}
