// Finds the session of each request from its cookie, and the language of
// the pages: the `vigie_lang` cookie the user chose, else the first of
// French or English in Accept-Language, else French.

import Hummingbird
import VigieModel

struct SessionMiddleware: RouterMiddleware {
    typealias Context = VigieContext
    let state: ServerState

    func handle(_ request: Request, context: VigieContext, next: (Request, VigieContext) async throws -> Response) async throws -> Response {
        var context = context
        if let token = request.cookies[SessionCookies.session]?.value, !token.isEmpty, let session = try state.accounts.session(token: token) {
            context.session = session
            context.sessionToken = token
        }
        context.language = Self.language(request)
        return try await next(request, context)
    }

    static func language(_ request: Request) -> Language {
        if let chosen = request.cookies[SessionCookies.language]?.value, let language = Language(rawValue: chosen) { return language }
        let accepted = (request.headers[.acceptLanguage] ?? "").lowercased().split(separator: ",").map {
            $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces)
        }
        for tag in accepted {
            if tag.hasPrefix("fr") { return .french }
            if tag.hasPrefix("en") { return .english }
        }
        return .french
    }
}
