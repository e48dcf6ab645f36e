import ArgumentParser
import Foundation
import VigieLake

/// `vigie ingest`: files into lake tables, through a pipeline or with an inferred schema.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest files into the lake: through a pipeline of pipelines/, or into --table with a schema inferred from the data.")

    @Option(name: .shortAndLong, help: "The workspace folder.") var workspace: String = "."
    @Option(help: "A pipeline: its name in pipelines/ (without .yaml) or a YAML file.") var pipeline: String?
    @Option(help: "Without a pipeline: the table to ingest into (schema inferred from the data).") var table: String?
    @Option(help: "Without a pipeline: save the inferred pipeline as pipelines/NAME.yaml.") var savePipeline: String?
    @Option(help: "How to show the progress of each file: auto (a live line when the output is a terminal), lines (a line at every tenth of the file), none.")
    var progress: ProgressStyle = .auto
    @Argument(help: "Files to ingest (default: the pipeline's source).") var files: [String] = []

    enum ProgressStyle: String, ExpressibleByArgument, CaseIterable { case auto, lines, none }

    func validate() throws {
        if (pipeline == nil) == (table == nil) { throw ValidationError("give either --pipeline or --table") }
        if table != nil && files.isEmpty { throw ValidationError("--table needs the files to ingest") }
    }

    func run() throws {
        let ws = try LakeCommand.run { () throws(LakeError) in try Workspace(at: workspace) }
        let definition: Pipeline
        if let pipeline {
            let path = pipeline.hasSuffix(".yaml") || pipeline.hasSuffix(".yml") ? pipeline : ws.pipelinesPath + "/" + pipeline + ".yaml"
            definition = try LakeCommand.run { () throws(LakeError) in try Pipeline.load(path: path) }
        } else {
            let first = files[0]
            let ext = (first as NSString).pathExtension.lowercased()
            let format: Pipeline.Format = ext == "xlsx" ? .xlsx : ext == "ndjson" || ext == "jsonl" ? .ndjson : ext == "json" ? .json : .csv
            definition = Pipeline(name: savePipeline ?? "ingest-\(table!)", format: format, sourcePath: first, table: table!)
        }
        let ingest = Ingest(workspace: ws, pipeline: definition)
        let paths = files.isEmpty ? try LakeCommand.run { () throws(LakeError) in try ingest.sourceFiles() } : files
        var failed = false
        for file in paths {
            let display = ProgressDisplay(style: progress)
            let report = try LakeCommand.run { () throws(LakeError) in try ingest.run(file: file, progress: display.show) }
            display.end()
            print("\(file): \(report.rowsRead) rows read, \(report.rowsAccepted) accepted, \(report.rejects.count) rejected"
                  + (report.version.map { " → \(definition.table) version \($0)" } ?? ""))
            for warning in report.warnings { print("  warning: \(warning)") }
            for reject in report.rejects.prefix(5) {
                print("  reject: line \(reject.line)\(reject.column.map { ", \($0)" } ?? ""): \(reject.reason)")
            }
            if report.rejects.count > 5 { print("  … \(report.rejects.count - 5) more in rejects/\(definition.table)") }
            if let skipped = report.skipped {
                print("  not committed: \(skipped)")
                if !skipped.contains("already ingested") { failed = true }
            }
        }
        if pipeline == nil {
            let snapshot = try LakeCommand.run { () throws(LakeError) in try ws.table(definition.table).snapshot() }
            var saved = definition
            saved.schema = snapshot.schema.fields.map { PipelineField(name: $0.name, type: $0.type, required: !$0.nullable) }
            print("schema of \(definition.table):")
            for field in snapshot.schema.fields { print("  \(field.name): \(field.type)") }
            if let name = savePipeline {
                let path = ws.pipelinesPath + "/" + name + ".yaml"
                try saved.yaml().write(toFile: path, atomically: true, encoding: .utf8)
                print("pipeline saved as \(path)")
            }
        }
        if failed { throw ExitCode(2) }
    }
}

/// Shows how far an ingest is, on the standard error: a line rewritten in place on a terminal (at most ten
/// times a second), or a line at each tenth of the file for logs.
final class ProgressDisplay {
    let style: IngestCommand.ProgressStyle
    private let live: Bool
    private let start = Date()
    private var lastShown = Date.distantPast
    private var lastTenth = 0
    private var shownLive = false

    init(style: IngestCommand.ProgressStyle) {
        self.style = style
        live = style == .auto && isatty(STDERR_FILENO) == 1
    }

    func show(_ p: IngestProgress) {
        switch style {
        case .none: return
        case .auto:
            guard live, Date().timeIntervalSince(lastShown) >= 0.1 else { return }
            lastShown = Date()
            shownLive = true
            write("\r\u{1B}[K" + Self.text(p, elapsed: Date().timeIntervalSince(start)))
        case .lines:
            guard let read = p.bytesRead, p.size > 0 else { return }
            let tenth = Int(Int64(read) * 10 / p.size)
            guard tenth > lastTenth else { return }
            lastTenth = tenth
            write(Self.text(p, elapsed: Date().timeIntervalSince(start)) + "\n")
        }
    }

    /// Clears the live line.
    func end() {
        if shownLive { write("\r\u{1B}[K") }
    }

    static func text(_ p: IngestProgress, elapsed: Double) -> String {
        let name = (p.file as NSString).lastPathComponent
        let rows = "\(p.rowsRead) rows"
        guard let read = p.bytesRead, p.size > 0 else { return "\(name): \(rows)" }
        let percent = Int(Int64(read) * 100 / p.size)
        let rate = elapsed > 0 ? String(format: ", %.0f MB/s", Double(read) / 1e6 / elapsed) : ""
        return "\(name): \(percent) % (\(rows), \(String(format: "%.1f", Double(read) / 1e6)) of \(String(format: "%.1f", Double(p.size) / 1e6)) MB\(rate))"
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
