// The server module's one error type: a matchable code and a message for
// the person at fault. Only Routing/ErrorResponses.swift turns it (and the
// engine's and lake's errors) into HTTP statuses.

/// An error of the server: accounts, sessions, requests.
public struct ServerError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// No valid session, or wrong credentials.
        case unauthenticated
        /// Signed in, but the role or rights do not allow it; or a missing or wrong CSRF token.
        case forbidden
        /// No such app, sheet, object, field or user.
        case notFound
        /// A request that cannot be understood (a bad parameter, a bad selection).
        case badRequest
        /// Too many failed logins: wait.
        case throttled
        /// The state database failed.
        case storage
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
