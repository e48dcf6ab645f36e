// What every request handler shares: the configuration, the app catalog,
// the accounts store and the login throttle. All of it is Sendable; the
// only mutable parts are the catalog (swapped versions) and the throttle
// and store, which lock inside.

import Foundation
import VigieLake
import VigieModel

/// How a server runs.
public struct ServerConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Marks cookies Secure: set it when users reach the server over https (behind a proxy that terminates TLS).
    public var secureCookies: Bool
    /// bcrypt's cost for passwords set through the server's store.
    public var passwordCost: UInt8

    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, passwordCost: UInt8 = 12) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.passwordCost = passwordCost
    }
}

/// The shared state of a running server.
public struct ServerState: Sendable {
    public let configuration: ServerConfiguration
    public let catalog: AppCatalog
    public let accounts: AccountStore
    public let throttle: LoginThrottle

    public init(configuration: ServerConfiguration, catalog: AppCatalog, accounts: AccountStore, throttle: LoginThrottle = LoginThrottle()) {
        self.configuration = configuration
        self.catalog = catalog
        self.accounts = accounts
        self.throttle = throttle
    }

    /// The state of `workspace`'s server: its apps (loaded now) and its state database.
    public init(workspace: Workspace, configuration: ServerConfiguration) throws(ServerError) {
        let catalog = AppCatalog(workspace: workspace)
        catalog.refresh()
        self.init(configuration: configuration, catalog: catalog,
                  accounts: try AccountStore(workspace: workspace, passwordCost: configuration.passwordCost))
    }

    func exploration(_ user: User) -> Exploration { Exploration(catalog: catalog, user: user) }
}
