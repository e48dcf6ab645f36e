// The portal: the apps the user may open, each with its sheets, and for
// administrators and designers the app files that fail to load, with the
// file, the line and the problem.

import VigieModel

enum PortalPage {
    static func render(_ exploration: Exploration, context: VigieContext) -> String {
        let labels = Labels(context.language)
        let language = context.language
        var body = "<main class=\"portal\"><h1>\(labels["apps"])</h1>"
        let apps = exploration.apps()
        if apps.isEmpty { body += "<p>\(labels["no-apps"])</p>" }
        body += "<ul class=\"apps\">"
        for opened in apps {
            let model = opened.app.model
            body += "<li class=\"app\" data-app=\"\(HTML.escape(opened.name))\"><a href=\"/apps/\(FormParameters.encode(opened.name))\">"
            body += "<h2>\(HTML.escape(model.title.text(language)))</h2></a><ul class=\"sheets\">"
            for sheet in model.sheets {
                body += "<li><a href=\"/apps/\(FormParameters.encode(opened.name))/sheets/\(FormParameters.encode(sheet.name))\">\(HTML.escape(sheet.title.text(language)))</a></li>"
            }
            body += "</ul></li>"
        }
        body += "</ul>"
        let errors = exploration.appErrors()
        if !errors.isEmpty {
            body += "<section class=\"app-errors\"><h2>\(labels["app-errors"])</h2><ul>"
            for entry in errors {
                let note = entry.app == nil ? labels["never-loaded"] : labels["serving-previous"]
                body += "<li data-app=\"\(HTML.escape(entry.name))\"><strong>\(HTML.escape(entry.name))</strong> (\(note)): <code>\(HTML.escape(entry.error?.description ?? ""))</code></li>"
            }
            body += "</ul></section>"
        }
        if exploration.user.role == .admin { body += "<p class=\"audit-link\"><a href=\"/audit\">\(labels["audit"])</a></p>" }
        body += "</main>"
        return Layout.page(title: labels["portal"], context: context, body: body)
    }
}
