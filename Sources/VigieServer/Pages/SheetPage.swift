// A sheet: the selection bar, the sheet tabs and the grid of objects, each
// rendered under the selection of the URL's `s` parameter. Every value a
// user can click is a link to /select with the current selection, so the
// page works without script; vigie.js adds ctrl/cmd-click toggling, clicks
// on chart marks, sortable tables, and back/forward buttons.

import VigieEngine
import VigieModel

struct SheetPage {
    let opened: OpenedApp
    let sheet: Sheet
    let selection: Selection
    let context: VigieContext
    let exploration: Exploration
    /// The path of this sheet.
    let path: String
    /// The current selection as the `s` parameter, and the start of every selection change's URL (the path and the
    /// selection), both encoded once for the page's hundreds of links and forms.
    let selectionParameter: String
    private let selectBase: String

    init(opened: OpenedApp, sheet: Sheet, selection: Selection, context: VigieContext, exploration: Exploration) {
        self.opened = opened
        self.sheet = sheet
        self.selection = selection
        self.context = context
        self.exploration = exploration
        path = "/apps/\(FormParameters.encode(opened.name))/sheets/\(FormParameters.encode(sheet.name))"
        selectionParameter = selection.urlParameter
        selectBase = path + "/select?" + FormParameters.encode([("s", selectionParameter)])
    }

    var labels: Labels { Labels(context.language) }

    /// The address of a selection change from the current selection, ready for an HTML attribute: its parts are
    /// percent-encoded, so only the separators need escaping.
    func selectHref(_ pairs: [(String, String)]) -> String {
        var out = selectBase
        for (name, value) in pairs { out += "&amp;" + FormParameters.encode(name) + "=" + FormParameters.encode(value) }
        return out
    }

    func render() -> String {
        let language = context.language
        var body = "<nav class=\"sheets\" aria-label=\"\(labels["sheets"])\">"
        for other in opened.app.model.sheets {
            let current = other.name == sheet.name ? " aria-current=\"page\"" : ""
            let href = "/apps/\(FormParameters.encode(opened.name))/sheets/\(FormParameters.encode(other.name))"
                + (selection.isEmpty ? "" : "?s=" + selectionParameter)
            body += "<a href=\"\(href)\"\(current)>\(HTML.escape(other.title.text(language)))</a>"
        }
        body += "</nav>" + selectionBar()
        body += "<main class=\"grid\" data-app=\"\(HTML.escape(opened.name))\" data-sheet=\"\(HTML.escape(sheet.name))\""
            + " data-select=\"\(selectHref([]))\">"
        for object in sheet.objects {
            // One object that cannot answer (a field hidden from this user) leaves the others standing.
            do { body += try ObjectView(page: self, object: object).render() } catch {
                body += "<section class=\"object w-\(object.width)\" data-object=\"\(HTML.escape(object.name))\"><p class=\"error\">\(HTML.escape(error.message))</p></section>"
            }
        }
        body += "</main>"
        return Layout.page(title: sheet.title.text(language), context: context, app: opened.app.model.title.text(language), body: body)
    }

    /// The current selections, each with lock and clear; back, forward and clear all.
    private func selectionBar() -> String {
        var bar = "<section class=\"selection-bar\" aria-label=\"\(labels["selections"])\">"
        bar += "<button type=\"button\" data-action=\"back\">\(labels["back"])</button><button type=\"button\" data-action=\"forward\">\(labels["forward"])</button>"
        if selection.isEmpty { bar += "<span class=\"none\">\(labels["no-selection"])</span>" }
        for (name, chosen) in selection.fields.sorted(by: { $0.key < $1.key }) {
            let field = name.split(separator: ".").last.map(String.init) ?? name
            bar += "<span class=\"chip\(chosen.locked ? " locked" : "")\" data-field=\"\(HTML.escape(name))\"><b>\(HTML.escape(field))</b> "
            bar += HTML.escape(chosen.values.count > 6 ? "\(chosen.values.count) / …" : chosen.values.joined(separator: ", "))
            let lock = chosen.locked ? "unlock" : "lock"
            bar += " <a class=\"lock\" data-action=\"\(lock)\" href=\"\(selectHref([("op", lock), ("field", name)]))\" title=\"\(labels[lock])\">\(chosen.locked ? "🔒" : "🔓")</a>"
            if !chosen.locked {
                bar += " <a class=\"clear\" data-action=\"clear\" href=\"\(selectHref([("op", "clear"), ("field", name)]))\" title=\"\(labels["clear"])\">×</a>"
            }
            bar += "</span>"
        }
        if !selection.isEmpty {
            bar += "<a class=\"clear-all\" data-action=\"clear-all\" href=\"\(selectHref([("op", "clear-all")]))\">\(labels["clear-all"])</a>"
        }
        return bar + "</section>"
    }
}
