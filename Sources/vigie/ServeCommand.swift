import Foundation
import ArgumentParser
import VigieLake
import VigieServer

/// `vigie serve -w WS`: the web portal and JSON API over the workspace's apps.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the workspace's apps: sign-in, portal, sheets, JSON API (/api/openapi.json). Stops cleanly on Ctrl-C or SIGTERM.",
        discussion: "Add users first with `vigie users add`. App files in apps/ are reloaded about a second after they change.")

    @Option(name: .shortAndLong, help: "The workspace folder.") var workspace: String = "."
    @Option(help: "The port to listen on.") var port: Int = 8080
    @Option(help: "The address to listen on (127.0.0.1: this machine only).") var host: String = "127.0.0.1"
    @Flag(help: "Mark cookies Secure: use it when users reach the server over https (through a proxy).") var secureCookies = false

    func run() async throws {
        let ws = try LakeCommand.run { () throws(LakeError) in try Workspace(at: workspace) }
        try await Self.serve(ws, configuration: ServerConfiguration(host: host, port: port, secureCookies: secureCookies))
    }

    /// Loads the workspace's apps, says where it serves, and serves until SIGINT or SIGTERM.
    static func serve(_ workspace: Workspace, configuration: ServerConfiguration) async throws {
        try await VigieHTTPServer.serve(workspace: workspace, configuration: configuration) {
            print("Vigie serving \(workspace.root) on http://\(configuration.host):\(configuration.port)")
            fflush(nil)  // every output stream: the line reaches a pipe or file at once
        }
    }
}
