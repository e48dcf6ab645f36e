import ArgumentParser
import Foundation
import Synchronization
import VigieDemo
import VigieLake
import VigieModel
import VigieServer

/// `vigie demo`: builds the demo group's workspace (or reuses it), says what is in it, adds the demo users and serves it.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Build a realistic demo group (a French mutual health group): its sources, ingested into a workspace's lake, with apps and users; then serve it.",
        discussion: """
            The same --seed and --scale always give the same lake. A folder that already holds the demo of this seed and scale
            is reused (--rebuild builds it again); a folder holding anything else is never touched. The demo users are added
            when missing, and their sign-ins printed; then the portal is served until Ctrl-C (--no-serve stops after building).
            """)

    @Option(help: "The workspace folder.") var dir: String = "vigie-demo"
    @Option(help: "Size of the group: 1 is about 275 establishments and 5.7 million fact rows; 10 ten times as many.") var scale: Double = 1
    @Option(help: "The random seed.") var seed: UInt64 = 1
    @Flag(help: "Build again even if the folder holds this demo already.") var rebuild = false
    @Option(help: "How to show progress: auto (a live line on a terminal), lines, none.") var progress: IngestCommand.ProgressStyle = .auto
    @Option(help: "The port to serve on.") var port: Int = 8080
    @Option(help: "The address to serve on (127.0.0.1: this machine only).") var host: String = "127.0.0.1"
    @Flag(help: "Build the demo and its users, then stop instead of serving.") var noServe = false

    func validate() throws {
        if !(scale > 0 && scale <= 100) { throw ValidationError("--scale must be above 0 and at most 100") }
    }

    func run() async throws {
        let display = DemoProgressDisplay(style: progress)
        let summary: DemoSummary
        do {
            summary = try Demo.build(DemoOptions(directory: dir, seed: seed, scale: scale, rebuild: rebuild), progress: display.show)
        } catch {
            display.end()
            throw CLIError(error.description)
        }
        display.end()
        Self.print(summary)
        let workspace = try LakeCommand.run { () throws(LakeError) in try Workspace(at: summary.directory) }
        try Self.addUsers(to: workspace)
        Swift.print("Sign in with password \(Demo.password) as:")
        let width = Demo.users.map(\.name.count).max() ?? 0
        for user in Demo.users {
            Swift.print("  " + user.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                        + user.role.padding(toLength: 8, withPad: " ", startingAt: 0) + "  " + user.description)
        }
        guard !noServe else { return }
        Swift.print("Loading the apps…")
        try await ServeCommand.serve(workspace, configuration: ServerConfiguration(host: host, port: port))
    }

    /// Adds the demo users the workspace does not have yet (a user's changed password or rights are kept).
    static func addUsers(to workspace: Workspace) throws {
        let store = try UsersCommand.run { () throws(ServerError) in try AccountStore(workspace: workspace) }
        for user in Demo.users where try UsersCommand.run({ () throws(ServerError) in try store.user(named: user.name) }) == nil {
            guard let role = Role(rawValue: user.role) else { throw CLIError("demo user \(user.name): no role \(user.role)") }
            let rights: UserRights
            do { rights = try UserRights(rules: user.rules, hidden: []) } catch { throw CLIError("demo user \(user.name): \(error.message)") }
            try UsersCommand.run { () throws(ServerError) in try store.addUser(User(name: user.name, role: role, rights: rights), password: Demo.password) }
        }
    }

    static func print(_ summary: DemoSummary) {
        let scale = summary.scale == summary.scale.rounded() ? String(Int(summary.scale)) : String(summary.scale)
        if summary.reused {
            Swift.print("Reusing the demo in \(summary.directory) (seed \(summary.seed), scale \(scale)); --rebuild builds it again.")
            if !summary.refreshedDefinitions.isEmpty {
                Swift.print("  Updated to this Vigie's version: " + summary.refreshedDefinitions.joined(separator: ", "))
            }
            if !summary.keptDefinitions.isEmpty {
                Swift.print("  Kept as they are (changed since the demo wrote them; remove one to take this Vigie's): "
                            + summary.keptDefinitions.joined(separator: ", "))
            }
        } else {
            Swift.print("Demo built in \(summary.directory) (seed \(summary.seed), scale \(scale)) in "
                        + String(format: "%.1f s (generating %.1f s, ingesting %.1f s)", summary.generateSeconds + summary.ingestSeconds,
                                 summary.generateSeconds, summary.ingestSeconds))
        }
        Swift.print("  \(summary.sourceFiles) source files in sources/, \(grouped(summary.sourceRows)) rows")
        let width = max(5, summary.tables.map(\.name.count).max() ?? 0)
        Swift.print("  " + "table".padding(toLength: width, withPad: " ", startingAt: 0) + "          rows  rejects")
        for table in summary.tables {
            Swift.print("  " + table.name.padding(toLength: width, withPad: " ", startingAt: 0) + leftPadded(grouped(table.rows), 14)
                        + leftPadded(table.rejects > 0 ? String(table.rejects) : "", 9))
        }
        Swift.print("  " + "total".padding(toLength: width, withPad: " ", startingAt: 0)
                    + leftPadded(grouped(summary.tables.reduce(0) { $0 + $1.rows }), 14) + leftPadded(String(summary.tables.reduce(0) { $0 + $1.rejects }), 9))
        Swift.print("Defects planted in the sources, each in the rejects (vigie lake rejects -w DIR TABLE):")
        for defect in summary.defects { Swift.print("  \(defect)") }
        Swift.print("Apps in apps/; for example:")
        Swift.print("  vigie query -w \(summary.directory) optique --dim structure_name --measure 'Sum(amount)' --sort-by-measure 1")
    }

    /// `5 123 456`: digits grouped by thousands with spaces, as French reports write them.
    static func grouped(_ n: Int) -> String {
        var out = ""
        for (k, c) in String(n).reversed().enumerated() {
            if k > 0 && k % 3 == 0 && c != "-" { out.append(" ") }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func leftPadded(_ s: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - s.count)) + s }
}

/// Shows a build's progress on the standard error: a live line on a terminal (at most ten times a second), or a
/// line at each step of generation and each tenth of ingest for logs. Called from the build's threads.
final class DemoProgressDisplay: Sendable {
    let style: IngestCommand.ProgressStyle
    private let live: Bool
    private let start = Date()
    private let state = Mutex<(shown: Date, tenth: Int, stage: DemoProgress.Stage?, dirty: Bool)>((.distantPast, -1, nil, false))

    init(style: IngestCommand.ProgressStyle) {
        self.style = style
        live = style == .auto && isatty(STDERR_FILENO) == 1
    }

    func show(_ p: DemoProgress) {
        guard style != .none else { return }
        let elapsed = Date().timeIntervalSince(start)
        let text: String
        switch p.stage {
        case .generate:
            text = "generating  \(p.done)/\(p.total)  \(DemoCommand.grouped(p.rows)) rows  \(p.detail)  (\(Int(elapsed)) s)"
        case .ingest:
            let percent = p.total > 0 ? p.done * 100 / p.total : 0
            text = "ingesting  \(percent) %  \(DemoCommand.grouped(p.rows)) rows  \(p.detail)  (\(Int(elapsed)) s)"
        }
        let line: String? = state.withLock { s in
            if live {
                guard Date().timeIntervalSince(s.shown) >= 0.1 else { return nil }
                s.shown = Date()
                s.dirty = true
                return "\r\u{1B}[K" + text
            }
            let tenth = p.stage == .ingest && p.total > 0 ? p.done * 10 / p.total : p.done
            guard p.stage != s.stage || tenth > s.tenth else { return nil }
            s.stage = p.stage
            s.tenth = tenth
            return text + "\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    /// Clears the live line.
    func end() {
        if state.withLock({ $0.dirty }) { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
