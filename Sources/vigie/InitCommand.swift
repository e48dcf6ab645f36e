import ArgumentParser
import VigieLake

/// `vigie init DIR`: a new workspace.
struct InitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a workspace: lake/ (tables), raw/ (source files by hash), rejects/, pipelines/.")

    @Argument(help: "The workspace folder (created if missing).") var directory: String

    func run() throws {
        let workspace = try LakeCommand.run { () throws(LakeError) in try Workspace.create(at: directory) }
        print("workspace ready in \(workspace.root)")
        print("  lake/        Delta tables")
        print("  raw/         every source file as it came, named by its SHA-256")
        print("  rejects/     rows that failed, with file, line, column and reason")
        print("  pipelines/   ingest pipelines (YAML)")
    }
}
