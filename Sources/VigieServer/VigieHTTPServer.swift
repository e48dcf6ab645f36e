// The server: one router for pages, API and assets, behind three
// middlewares — security headers on every response, errors turned into
// responses in one place, and the session found from its cookie — and the
// app catalog's reload loop as a service beside the HTTP server, both
// stopped gracefully on SIGINT or SIGTERM by the service group that
// Hummingbird's `runService` runs.

import Hummingbird
import Logging
import ServiceLifecycle
import VigieLake
import VigieModel

/// Vigie's HTTP server.
public enum VigieHTTPServer {
    /// Every route, with its middlewares.
    public static func router(state: ServerState) -> Router<VigieContext> {
        let router = Router(context: VigieContext.self)
        router.add(middleware: SecurityHeadersMiddleware())
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: SessionMiddleware(state: state))
        AuthRoutes(state: state).add(to: router)
        PageRoutes(state: state).add(to: router)
        APIRoutes(state: state).add(to: router)
        AssetRoutes.add(to: router)
        return router
    }

    /// The application: the router on the configured address, with the catalog's reload loop; `listening` is called
    /// once the address is bound.
    public static func application(state: ServerState, logger: Logger = Logger(label: "vigie"),
                                   listening: @escaping @Sendable () -> Void = {}) -> some ApplicationProtocol {
        Application(router: router(state: state),
                    configuration: ApplicationConfiguration(address: .hostname(state.configuration.host, port: state.configuration.port), serverName: "Vigie"),
                    services: [CatalogReloader(catalog: state.catalog)], onServerRunning: { _ in listening() }, logger: logger)
    }

    /// Loads the workspace's apps and serves them until SIGINT or SIGTERM; `listening` is called once the address is bound.
    public static func serve(workspace: Workspace, configuration: ServerConfiguration, listening: @escaping @Sendable () -> Void = {}) async throws {
        let state = try ServerState(workspace: workspace, configuration: configuration)
        var logger = Logger(label: "vigie")
        logger.logLevel = .info
        for entry in state.catalog.all {
            if let error = entry.error { logger.warning("app \(entry.name): \(error)") } else { logger.info("app \(entry.name) loaded") }
        }
        try await application(state: state, logger: logger, listening: listening).runService()
    }
}

/// Reloads changed app files about once a second until the server shuts down.
struct CatalogReloader: Service {
    let catalog: AppCatalog

    func run() async throws {
        await cancelWhenGracefulShutdown { await catalog.watch() }
    }
}
