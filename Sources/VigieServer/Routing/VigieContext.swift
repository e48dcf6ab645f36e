// The context of each request: Hummingbird's own storage, the client's
// address (for throttling and the audit trail), and what SessionMiddleware
// found: the session, if any, and the language of the pages.

import Hummingbird
import NIOCore
import VigieModel

/// A request's context.
public struct VigieContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The client's IP address; `-` when the connection has none (in-process tests).
    public let address: String
    public var session: AccountStore.Session?
    /// The session cookie's token, kept to close the session at logout.
    var sessionToken: String?
    public var language: Language = .french

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        address = source.channel.remoteAddress?.ipAddress ?? "-"
    }

    /// The signed-in user, or an error that sends them to the login page.
    func user() throws(ServerError) -> User {
        guard let user = session?.user else { throw ServerError(.unauthenticated, "sign in first") }
        return user
    }
}
