import ArgumentParser
import Foundation
import Parquet
import VigieLake

/// `vigie lake …`: look at and maintain Delta tables.
struct LakeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lake",
        abstract: "Show, print, trace and vacuum the lake's Delta tables.",
        subcommands: [Show.self, Cat.self, History.self, Rejects.self, Vacuum.self, Events.self]
    )

    /// Runs `body`, turning lake errors into a clean message and exit code.
    static func run<T>(_ body: () throws(LakeError) -> T) throws -> T {
        do { return try body() } catch { throw CLIError(error.description) }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A table's schema, rows, files and size.")
        @Argument(help: "The table's folder.") var table: String
        @Option(help: "A version number, or a date and time (ISO 8601) to see the table as it was then.") var asOf: String?

        func run() throws {
            let snapshot = try LakeCommand.run { () throws(LakeError) in try LakeCommand.snapshot(table, asOf: asOf) }
            let rows = try LakeCommand.run { () throws(LakeError) in try snapshot.rowCount() }
            let bytes = snapshot.files.reduce(Int64(0)) { $0 + $1.size }
            print("table: \(snapshot.tablePath)")
            if let name = snapshot.metadata.name { print("name: \(name)") }
            print("version: \(snapshot.version) (\(LakeCommand.dateText(snapshot.timestamp)))")
            print("rows: \(rows)")
            print("files: \(snapshot.files.count), \(bytes) bytes")
            print("protocol: reader \(snapshot.protocol.minReaderVersion), writer \(snapshot.protocol.minWriterVersion)")
            if !snapshot.metadata.partitionColumns.isEmpty { print("partitioned by: \(snapshot.metadata.partitionColumns.joined(separator: ", "))") }
            print("schema:")
            for field in snapshot.schema.fields {
                print("  \(field.name): \(field.type)\(field.nullable ? "" : " not null")")
            }
        }
    }

    struct Cat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a table's rows as CSV or JSON.")
        @Argument(help: "The table's folder.") var table: String
        @Option(help: "A version number, or a date and time (ISO 8601) to see the table as it was then.") var asOf: String?
        @Option(help: "Comma-separated columns to print (default: all).") var columns: String?
        @Option(help: "Print at most this many rows.") var limit: Int?
        @Option(help: "csv or json.") var format: ParquetCommand.Cat.OutputFormat = .csv

        func run() throws {
            let snapshot = try LakeCommand.run { () throws(LakeError) in try LakeCommand.snapshot(table, asOf: asOf) }
            let names = columns.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: " ") } }
            let data = try LakeCommand.run { () throws(LakeError) in try snapshot.read(columns: names) }
            LakeCommand.printRows(data, limit: limit, format: format)
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Each version's operation, time and lineage.")
        @Argument(help: "The table's folder.") var table: String

        func run() throws {
            let log = DeltaTable(path: table).log
            let versions = try LakeCommand.run { () throws(LakeError) in try log.versions() }
            for version in versions.reversed() {
                let actions = try LakeCommand.run { () throws(LakeError) in try log.actions(version: version) }
                var info: JSONValue = .object([])
                var added = 0, removed = 0
                for action in actions {
                    switch action {
                    case let .commitInfo(i): info = i
                    case .add: added += 1
                    case .remove: removed += 1
                    default: break
                    }
                }
                let when = info["timestamp"]?.int64Value.map(LakeCommand.dateText) ?? "-"
                let operation = info["operation"]?.stringValue ?? "-"
                var line = "\(version)  \(when)  \(operation)  +\(added) -\(removed) files"
                let lineage = (info.objectValue ?? []).filter { $0.0.hasPrefix("vigie.") }
                if !lineage.isEmpty { line += "  " + lineage.map { "\($0.0.dropFirst(6))=\($0.1.stringValue ?? $0.1.description)" }.joined(separator: " ") }
                print(line)
            }
        }
    }

    struct Rejects: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The rows ingest rejected for a table: file, line, column, reason and raw text.")
        @Option(name: .shortAndLong, help: "The workspace folder.") var workspace: String = "."
        @Argument(help: "The table's name in the workspace.") var table: String
        @Option(help: "Print at most this many rejects.") var limit: Int?
        @Option(help: "csv or json.") var format: ParquetCommand.Cat.OutputFormat = .csv

        func run() throws {
            let ws = try LakeCommand.run { () throws(LakeError) in try Workspace(at: workspace) }
            let path = ws.rejectsPath + "/" + table
            guard DeltaTable(path: path).exists else {
                print("no rejects for \(table)")
                return
            }
            let data = try LakeCommand.run { () throws(LakeError) in
                try DeltaTable(path: path).snapshot().read(columns: ["ingested_at", "file", "line", "column", "reason", "raw"])
            }
            LakeCommand.printRows(data, limit: limit, format: format)
        }
    }

    struct Vacuum: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete files no version within the retention needs.")
        @Argument(help: "The table's folder.") var table: String
        @Option(help: "Keep what versions of the last N hours need (default 168, a week).") var retentionHours: Double = 168
        @Flag(help: "List the files without deleting them.") var dryRun = false

        func run() throws {
            let removed = try LakeCommand.run { () throws(LakeError) in
                try DeltaTable(path: table).vacuum(retentionHours: retentionHours, dryRun: dryRun)
            }
            for path in removed { print((dryRun ? "would delete " : "deleted ") + path) }
            print("\(removed.count) file(s) \(dryRun ? "to delete" : "deleted")")
        }
    }

    struct Events: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append JSON events (one object per line on standard input) to a table, durably, in micro-batches.",
            discussion: "Each event is acknowledged on standard output (`ack SEQUENCE`) once it is fsynced; events acknowledged before a crash are committed by the next run.")
        @Argument(help: "The table's folder (it must exist).") var table: String
        @Option(help: "Commit when this many events wait.") var flushRows = 10_000
        @Option(help: "Commit at least this often, in milliseconds.") var flushMilliseconds = 1_000

        func run() async throws {
            let appender = try LakeCommand.run { () throws(LakeError) in
                try EventAppender(table: DeltaTable(path: table), flushRows: flushRows, flushInterval: .milliseconds(flushMilliseconds))
            }
            await appender.start()
            var out = TextOutput()
            while let line = readLine() {
                guard !line.allSatisfy(\.isWhitespace) else { continue }
                let result = await Self.append(line, to: appender)
                out.write(result)
                out.flush()
            }
            if let failure = await Self.close(appender) { throw CLIError(failure) }
        }

        /// "ack N" for each durable event, or "refused REASON".
        static func append(_ line: String, to appender: EventAppender) async -> String {
            let event: JSONValue
            do { event = try JSONValue.parse(line) } catch { return "refused \(error.message)\n" }
            let result: Result<[UInt64], LakeError>
            do { result = .success(try await appender.append([event])) } catch { result = .failure(error) }
            switch result {
            case let .success(sequences): return sequences.map { "ack \($0)\n" }.joined()
            case let .failure(error): return "refused \(error.message)\n"
            }
        }

        static func close(_ appender: EventAppender) async -> String? {
            do { try await appender.close() } catch { return "\(error)" }
            return nil
        }
    }

    /// Prints whole columns (a table's rows) as CSV or JSON.
    static func printRows(_ data: [ColumnData], limit: Int?, format: ParquetCommand.Cat.OutputFormat) {
        var out = TextOutput()
        let printer = RowPrinter(columns: data.map(\.descriptor), format: format == .csv ? .csv : .json)
        var first = true
        out.write(printer.header())
        printer.rows(data, count: min(limit ?? Int.max, data.first?.rowCount ?? 0), first: &first, into: &out)
        out.write(printer.footer())
        out.flush()
    }

    /// The table at a version number, a date and time, or the latest.
    static func snapshot(_ table: String, asOf: String?) throws(LakeError) -> DeltaSnapshot {
        let t = DeltaTable(path: table)
        guard let asOf else { return try t.snapshot() }
        if let version = Int64(asOf) { return try t.snapshot(version: version) }
        let formatter = ISO8601DateFormatter()
        var date = formatter.date(from: asOf)
        if date == nil {
            formatter.formatOptions = [.withFullDate]
            date = formatter.date(from: asOf)
        }
        guard let date else { throw LakeError(.invalidArgument, "--as-of takes a version number or an ISO 8601 date and time, not '\(asOf)'") }
        return try t.snapshot(asOf: Int64(date.timeIntervalSince1970 * 1000))
    }

    static func dateText(_ millis: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }
}
