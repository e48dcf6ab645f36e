import ArgumentParser

/// The `vigie` command: the CLI and the server.
@main
struct Vigie: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigie",
        abstract: "Vigie: an open decision platform (lake, engine, exploration, reports) in one program.",
        version: "0.1.0",
        subcommands: [InitCommand.self, DemoCommand.self, IngestCommand.self, LakeCommand.self, QueryCommand.self, ParquetCommand.self,
                      UsersCommand.self, ServeCommand.self]
    )
}
