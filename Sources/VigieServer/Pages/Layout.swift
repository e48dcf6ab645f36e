// The frame of every page: the head (our stylesheet and script modules
// from /assets, the CSRF token in a meta tag for scripts), the top bar with
// the user, the language switch and the sign-out form.

import VigieModel

enum Layout {
    static func page(title: String, context: VigieContext, app: String? = nil, body: String) -> String {
        let labels = Labels(context.language)
        let other: Language = context.language == .french ? .english : .french
        var bar = "<a class=\"brand\" href=\"/\">Vigie</a>"
        if let app { bar += "<span class=\"app-title\">\(HTML.escape(app))</span>" }
        bar += "<span class=\"spacer\"></span>"
        bar += "<a class=\"language\" href=\"/language/\(other.rawValue)\" lang=\"\(other.rawValue)\">\(labels["language"])</a>"
        if let session = context.session {
            bar += "<span class=\"user\" data-user=\"\(HTML.escape(session.user.name))\">\(HTML.escape(session.user.name))</span>"
            bar += "<form method=\"post\" action=\"/logout\" class=\"logout\"><input type=\"hidden\" name=\"csrf\" value=\"\(HTML.escape(session.csrfToken))\">"
            bar += "<button type=\"submit\">\(labels["sign-out"])</button></form>"
        }
        let csrf = context.session.map { "<meta name=\"csrf-token\" content=\"\(HTML.escape($0.csrfToken))\">" } ?? ""
        return """
            <!doctype html>
            <html lang="\(context.language.rawValue)">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(HTML.escape(title)) · Vigie</title>\(csrf)
            <link rel="stylesheet" href="/assets/vigie.css"><script type="module" src="/assets/vigie.js"></script></head>
            <body><header class="top">\(bar)</header>
            \(body)
            </body></html>
            """
    }
}
