// Running a pipeline on source files: each file is kept in raw/ (an
// identical file already ingested into the table is a reported no-op),
// read, transformed, checked against the table's schema, and committed in
// one version whose commitInfo carries the lineage (pipeline, file, its
// SHA-256, rows read / accepted / rejected). Every row that fails goes to
// the rejects table of the target (rejects/<table>) with file, line,
// column, reason and raw text; when too many fail (rejects.max_ratio),
// nothing reaches the table. A file whose header lacks a required column
// is rejected whole. Columns the table does not have yet are added as
// nullable columns (the schema change is in the same commit). Rows stream
// through: each batch is checked and converted column by column, and the
// accepted rows go to the new data file a row group at a time.

import Foundation
import Parquet
import VigieExpressions

/// How far the ingest of a file has gone.
public struct IngestProgress: Sendable {
    public var file: String
    public var rowsRead: Int
    /// Bytes of the file read so far, when the source knows.
    public var bytesRead: Int?
    /// The file's size in bytes.
    public var size: Int64
}

/// What ingesting one file did.
public struct IngestReport: Sendable, Equatable {
    public var file: String
    public var sha256: String
    public var rowsRead: Int
    public var rowsAccepted: Int
    public var rejects: [Reject]
    /// The table version written; nil when nothing was committed.
    public var version: Int64?
    /// Set when the file was not committed: already ingested, or too many rejects.
    public var skipped: String?
    /// Schema changes and other notes for the user.
    public var warnings: [String]
}

public struct Ingest: Sendable {
    public let workspace: Workspace
    public let pipeline: Pipeline

    public init(workspace: Workspace, pipeline: Pipeline) {
        self.workspace = workspace
        self.pipeline = pipeline
    }

    /// The source files of the pipeline: its path as a file, a folder (every regular file) or a glob.
    public func sourceFiles() throws(LakeError) -> [String] {
        let path = pipeline.sourcePath.hasPrefix("/") ? pipeline.sourcePath : workspace.root + "/" + pipeline.sourcePath
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { return [path] }
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            return names.filter { !$0.hasPrefix(".") }.sorted().map { path + "/" + $0 }
        }
        let folder = (path as NSString).deletingLastPathComponent
        let pattern = (path as NSString).lastPathComponent
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        let matches = names.filter { fnmatch(pattern, $0, 0) == 0 }.sorted().map { folder + "/" + $0 }
        guard !matches.isEmpty else { throw LakeError(.invalidArgument, "no source file matches \(pipeline.sourcePath)", context: [pipeline.name]) }
        return matches
    }

    /// Ingests every source file, one commit each.
    public func run() throws(LakeError) -> [IngestReport] {
        var reports: [IngestReport] = []
        for file in try sourceFiles() { reports.append(try run(file: file)) }
        return reports
    }

    /// Ingests one file. `progress` is told after each batch how far the reading is.
    public func run(file: String, progress: ((IngestProgress) -> Void)? = nil) throws(LakeError) -> IngestReport {
        // The file is kept in raw/ (and hashed) while it is read: until its hash is known and checked
        // against the table's lineage, the rows read are only provisional.
        let workspace = workspace
        let keeping = Background { () throws(LakeError) in try workspace.keepRaw(file) }
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int64) ?? 0
        var report = IngestReport(file: file, sha256: "", rowsRead: 0, rowsAccepted: 0, rejects: [], version: nil, skipped: nil, warnings: [])
        let table = try workspace.table(pipeline.table)
        let snapshot = table.exists ? try table.writableSnapshot() : nil
        var checked = snapshot == nil
        /// Whether the file was already ingested into the table, once its hash is known (`wait`: wait for it).
        func alreadyIngested(wait: Bool) throws(LakeError) -> Bool {
            if report.sha256.isEmpty {
                guard wait || keeping.isDone else { return false }
                report.sha256 = try keeping.wait().sha256
            }
            guard !checked else { return report.skipped != nil }
            checked = true
            guard let version = try ingestedVersion(table, sha256: report.sha256) else { return false }
            report = IngestReport(file: file, sha256: report.sha256, rowsRead: 0, rowsAccepted: 0, rejects: [], version: nil, skipped: nil, warnings: [])
            report.skipped = "this file (SHA-256 \(report.sha256.prefix(12))…) was already ingested into \(pipeline.table) in version \(version)"
            return true
        }
        if try alreadyIngested(wait: false) { return report }

        var source = try openSource(file)
        /// The next batch, transformed, with its rejects counted and kept.
        func next() throws(LakeError) -> IngestBatch? {
            guard let (batch, rejects) = try source.next() else { return nil }
            report.rowsRead += batch.rowCount + rejects.count
            report.rejects += rejects
            var transformed = batch
            try IngestTransforms.apply(pipeline.transforms, to: &transformed, workspace: workspace, file: file, rejects: &report.rejects)
            progress?(IngestProgress(file: file, rowsRead: report.rowsRead, bytesRead: source.bytesRead, size: size))
            return transformed
        }
        var batch = try next()
        let names = batch?.names ?? source.header
        // The target schema: the table's, else the declared one, else inferred from the data.
        var schema: [DeltaField]
        if let snapshot {
            schema = snapshot.schema.fields
        } else if let declared = pipeline.schema {
            schema = declared.map { DeltaField(name: $0.name, type: $0.type, nullable: !$0.required) }
        } else {
            schema = zip(names, batch?.columns ?? []).map { DeltaField(name: $0.0, type: $0.1.type.deltaType) }
        }
        let required = Set((pipeline.schema ?? []).filter(\.required).map(\.name)).union(schema.filter { !$0.nullable }.map(\.name))
        if let missing = required.sorted().first(where: { !names.contains($0) }) {
            if try alreadyIngested(wait: true) { return report }
            report.rejects = [Reject(file: file, line: 1, column: missing, reason: "the required column '\(missing)' is missing from the file (columns: \(names.joined(separator: ", ")))", raw: "")]
            report.skipped = "the file lacks the required column '\(missing)'"
            try recordRejects(report)
            return report
        }
        for (i, name) in names.enumerated() where !schema.contains(where: { $0.name == name }) {
            let type = batch.map { $0.columns[i].type.deltaType } ?? .string
            schema.append(DeltaField(name: name, type: type))
            report.warnings.append("new column '\(name)' (\(type)) added to \(pipeline.table), nullable")
        }
        let tableSchema = DeltaSchema(fields: schema)

        // Check and convert each batch, column by column; rows go to one data file, a row group at a time
        // (an upsert rewrites the table and keeps them all for it).
        let fields = try schema.map { (f) throws(LakeError) in try f.parquetField() }
        var builders = fields.enumerated().map { ColumnBuilder(field: $0.element, index: $0.offset) }
        var checker = RowChecker(schema: schema, required: required, key: pipeline.key)
        var options = ParquetWriterOptions()
        options.threads = nil
        var dataFile: DeltaDataFile?
        do {
            if snapshot == nil { try FileManager.default.createDirectory(atPath: table.path, withIntermediateDirectories: true) }
        } catch {
            throw LakeError(.io, "cannot create \(table.path): \(error.localizedDescription)")
        }
        func flush() throws(LakeError) {
            guard let rows = builders.first?.rowCount, rows > 0 else { return }
            if dataFile == nil { dataFile = try DeltaDataFile(table: table, schema: tableSchema, options: options) }
            try dataFile?.append(builders.map { $0.finish() })
            for k in builders.indices { builders[k].reset() }
        }
        do {
            while let current = batch {
                let (converted, keep) = checker.check(current, builders: builders, file: file, rejects: &report.rejects)
                for k in builders.indices { builders[k].append(converted[k], keep: keep) }
                report.rowsAccepted += keep.map { $0.reduce(0) { $0 + ($1 ? 1 : 0) } } ?? current.rowCount
                if pipeline.mode != .upsert, let rows = builders.first?.rowCount, rows >= options.rowGroupRows { try flush() }
                if try alreadyIngested(wait: false) { break }
                batch = try next()
            }
            if try alreadyIngested(wait: true) {
                dataFile?.discard()
                if snapshot == nil { rmdir(table.path) }
                return report
            }
            report.rejects.sort { $0.line < $1.line }
            if let ratio = pipeline.maxRejectRatio, report.rowsRead > 0, Double(report.rejects.count) / Double(report.rowsRead) > ratio {
                report.skipped = "\(report.rejects.count) of \(report.rowsRead) rows rejected, above the pipeline's maximum of \(Int(ratio * 100)) %: nothing committed"
                dataFile?.discard()
                if snapshot == nil { rmdir(table.path) }
                try recordRejects(report)
                return report
            }
            let lineage: [(String, JSONValue)] = [
                ("vigie.pipeline", .string(pipeline.name)), ("vigie.sourceFile", .string((file as NSString).lastPathComponent)),
                ("vigie.sourceHash", .string(report.sha256)), ("vigie.rowsRead", .integer(Int64(report.rowsRead))),
                ("vigie.rowsAccepted", .integer(Int64(report.rowsAccepted))), ("vigie.rowsRejected", .integer(Int64(report.rejects.count))),
            ]
            var base = snapshot
            if base == nil {
                do {
                    try DeltaTable.create(path: table.path, schema: tableSchema, name: pipeline.table, info: [("vigie.pipeline", .string(pipeline.name))])
                } catch where error.code == .conflict {
                    // Another ingest created the table meanwhile: write on top of it (the commit checks the schema).
                }
                base = try table.writableSnapshot()
            }
            guard let base else { return report }
            if pipeline.mode == .upsert {
                if tableSchema != base.schema { try table.evolve(to: tableSchema) }
                report.version = try table.upsert(builders.map { $0.finish() }, key: pipeline.key, info: lineage)
            } else {
                try flush()
                let files = try [dataFile?.finish()].compactMap { $0 }
                report.version = try table.commit(files: files, on: base, mode: pipeline.mode == .replace ? .overwrite : .append,
                                                  schema: tableSchema, info: lineage)
            }
        } catch {
            dataFile?.discard()
            throw error
        }
        try recordRejects(report)
        return report
    }

    private func openSource(_ file: String) throws(LakeError) -> any IngestSource {
        switch pipeline.format {
        case .csv:
            // Declared types by source column name (the name before any rename).
            var renamed: [String: String] = [:]
            for case let .rename(pairs) in pipeline.transforms { for p in pairs { renamed[p.from] = p.to } }
            let declared = Dictionary((pipeline.schema ?? []).map { ($0.name, $0.type.ingestType) }, uniquingKeysWith: { a, _ in a })
            return try CSVSource(file: file, options: pipeline.csvOptions, types: { declared[renamed[$0] ?? $0] })
        case .xlsx:
            return try RowSource.xlsx(file: file, sheet: pipeline.sheet, headerRow: pipeline.headerRow)
        case .ndjson, .json:
            let (source, rejects) = try RowSource.json(file: file, lines: pipeline.format == .ndjson)
            return PrefixedSource(inner: source, rejects: rejects)
        }
    }

    /// The version in which a file with this hash was ingested, from the table's lineage.
    func ingestedVersion(_ table: DeltaTable, sha256: String) throws(LakeError) -> Int64? {
        for version in try table.log.versions().reversed() {
            for case let .commitInfo(info) in try table.log.actions(version: version) where info["vigie.sourceHash"]?.stringValue == sha256 {
                return version
            }
        }
        return nil
    }

    /// Appends the report's rejects to rejects/<table> (a Delta table of its own).
    func recordRejects(_ report: IngestReport) throws(LakeError) {
        guard !report.rejects.isEmpty else { return }
        let path = workspace.rejectsPath + "/" + pipeline.table
        let schema = DeltaSchema(fields: [
            DeltaField(name: "ingested_at", type: .timestamp), DeltaField(name: "pipeline", type: .string), DeltaField(name: "file", type: .string),
            DeltaField(name: "sha256", type: .string), DeltaField(name: "line", type: .long), DeltaField(name: "column", type: .string),
            DeltaField(name: "reason", type: .string), DeltaField(name: "raw", type: .string),
        ])
        var table = DeltaTable(path: path)
        if !table.exists {
            do { table = try DeltaTable.create(path: path, schema: schema, name: "rejects of \(pipeline.table)") } catch where error.code == .conflict {
                // Created meanwhile by another ingest.
            }
        }
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
        let fields = try schema.fields.map { (f) throws(LakeError) in try f.parquetField() }
        var builders = fields.enumerated().map { ColumnBuilder(field: $0.element, index: $0.offset) }
        for r in report.rejects {
            let row: [RowValue] = [.timestamp(now), .string(pipeline.name), .string((r.file as NSString).lastPathComponent), .string(report.sha256),
                                   .int(Int64(r.line)), r.column.map(RowValue.string) ?? .null, .string(r.reason), .string(r.raw)]
            for (k, v) in row.enumerated() { builders[k].append(v) }
        }
        try table.write(builders.map { $0.finish() }, info: [("vigie.pipeline", .string(pipeline.name)), ("vigie.sourceHash", .string(report.sha256))])
    }
}

/// A source whose whole-file rejects (unparseable JSON lines) come with its first batch.
struct PrefixedSource: IngestSource {
    var inner: RowSource
    var rejects: [Reject]
    var header: [String] { inner.header }

    mutating func next() throws(LakeError) -> (IngestBatch, [Reject])? {
        guard let (batch, more) = try inner.next() else { return nil }
        defer { rejects = [] }
        return (batch, rejects + more)
    }
}

#if canImport(Glibc)
import Glibc
#endif
