// The one place where errors become HTTP responses: the server's, the
// engine's and the lake's codes map to statuses; the API answers
// `{"error": "…"}`, pages an HTML page in the user's language, and a page
// asked for without a session sends the browser to the login page.

import Hummingbird
import Logging
import VigieEngine
import VigieLake

struct ErrorMiddleware: RouterMiddleware {
    typealias Context = VigieContext

    func handle(_ request: Request, context: VigieContext, next: (Request, VigieContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServerError {
            if error.code == .unauthenticated && !request.isAPI && request.method == .get {
                return Responses.redirect("/login?next=" + FormParameters.encode(request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")))
            }
            return respond(request, context, Self.status(error.code), error.message)
        } catch let error as HTTPError {
            return respond(request, context, error.status, error.body ?? error.status.reasonPhrase)
        } catch {
            // Anything else is Vigie's fault: logged without the request's parameters (they may hold selections).
            context.logger.error("\(request.method) \(request.uri.path): \(error)")
            return respond(request, context, .internalServerError, "internal error")
        }
    }

    static func status(_ code: ServerError.Code) -> HTTPResponse.Status {
        switch code {
        case .unauthenticated: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .badRequest: .badRequest
        case .throttled: .tooManyRequests
        case .storage: .internalServerError
        }
    }

    private func respond(_ request: Request, _ context: VigieContext, _ status: HTTPResponse.Status, _ message: String) -> Response {
        if request.isAPI { return Responses.json(.object([("error", .string(message))]), status: status) }
        let labels = Labels(context.language)
        return Responses.html(Layout.page(title: labels["error"], context: context, body: """
            <main class="message"><h1>\(labels["error"]) \(status.code)</h1><p>\(HTML.escape(message))</p><p><a href="/">\(labels["portal"])</a></p></main>
            """), status: status)
    }
}
