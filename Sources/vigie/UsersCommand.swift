import ArgumentParser
import Foundation
import VigieEngine
import VigieLake
import VigieModel
import VigieServer

/// `vigie users …`: the accounts that may sign in, their roles and rights.
struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users",
        abstract: "Add, list and remove users, and set passwords (kept as bcrypt hashes in state/vigie.sqlite).",
        subcommands: [Add.self, List.self, Remove.self, Passwd.self])

    struct Options: ParsableArguments {
        @Option(name: .shortAndLong, help: "The workspace folder.") var workspace: String = "."

        func store() throws -> AccountStore {
            let ws = try LakeCommand.run { () throws(LakeError) in try Workspace(at: workspace) }
            return try UsersCommand.run { () throws(ServerError) in try AccountStore(workspace: ws) }
        }
    }

    static func run<T>(_ body: () throws(ServerError) -> T) throws -> T {
        do { return try body() } catch { throw CLIError(error.message) }
    }

    /// The password: typed without echo on a terminal, else the first line of standard input.
    static func readPassword(_ prompt: String) throws -> String {
        if isatty(0) == 1, let typed = getpass(prompt) { return String(cString: typed) }
        guard let line = readLine(strippingNewline: true) else { throw CLIError("no password on standard input") }
        return line
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a user; the password is read from the terminal or standard input.")
        @OptionGroup var options: Options
        @Argument(help: "The user's name.") var name: String
        @Option(help: "admin, designer, analyst or viewer.") var role: String = "viewer"
        @Option(name: .customLong("right"), help: "A row-level right 'field in [V1, V2]' (repeat for more fields).") var rights: [String] = []
        @Option(name: .customLong("hide"), help: "A field hidden from the user (repeat for more).") var hidden: [String] = []

        func run() throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("--role is one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))") }
            let rights: UserRights
            do { rights = try UserRights(rules: self.rights, hidden: hidden) } catch { throw ValidationError(error.message) }
            let store = try options.store()
            let password = try UsersCommand.readPassword("Password for \(name): ")
            try UsersCommand.run { () throws(ServerError) in try store.addUser(User(name: name, role: role, rights: rights), password: password) }
            print("user \(name) added (\(role.rawValue))")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List users with their roles and rights.")
        @OptionGroup var options: Options

        func run() throws {
            let store = try options.store()
            for user in try UsersCommand.run({ () throws(ServerError) in try store.users() }) {
                let rights = user.rights.rules + user.rights.hidden.map { "hide \($0)" }
                print([user.name, user.role.rawValue, rights.isEmpty ? "all" : rights.joined(separator: "; ")].joined(separator: "\t"))
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a user and close their sessions.")
        @OptionGroup var options: Options
        @Argument(help: "The user's name.") var name: String

        func run() throws {
            let store = try options.store()
            try UsersCommand.run { () throws(ServerError) in try store.removeUser(named: name) }
            print("user \(name) removed")
        }
    }

    struct Passwd: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set a user's password (closes their sessions).")
        @OptionGroup var options: Options
        @Argument(help: "The user's name.") var name: String

        func run() throws {
            let store = try options.store()
            let password = try UsersCommand.readPassword("New password for \(name): ")
            try UsersCommand.run { () throws(ServerError) in try store.setPassword(of: name, to: password) }
            print("password of \(name) set")
        }
    }
}
