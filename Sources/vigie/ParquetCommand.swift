import ArgumentParser
import Parquet

#if canImport(Glibc)
import Glibc
#endif

/// `vigie parquet …`: look inside Parquet files.
struct ParquetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parquet",
        abstract: "Inspect and print Parquet files.",
        subcommands: [Inspect.self, Cat.self]
    )

    /// Opens a file, turning format errors into a clean message and exit code.
    static func open(_ path: String) throws -> ParquetFileReader {
        do {
            return try ParquetFileReader(path: path)
        } catch {
            throw CLIError(error.description)
        }
    }

    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a file's schema, row groups, column chunks, encodings, codecs, statistics and sizes.")

        @Argument(help: "The Parquet file.") var file: String

        func run() throws {
            let reader = try ParquetCommand.open(file)
            print(ParquetInspection(reader).text)
        }
    }

    struct Cat: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a file's rows as CSV or JSON.")

        @Argument(help: "The Parquet file.") var file: String
        @Option(help: "Comma-separated columns to print (default: all).") var columns: String?
        @Option(help: "Print at most this many rows.") var limit: Int?
        @Option(help: "csv or json.") var format: OutputFormat = .csv

        enum OutputFormat: String, ExpressibleByArgument { case csv, json }

        func validate() throws {
            if let limit, limit < 0 { throw ValidationError("--limit must be zero or more") }
        }

        func run() throws {
            let reader = try ParquetCommand.open(file)
            let names = columns.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: " ") } }
            do {
                let selected = try (names ?? reader.schema.columns.map(\.name)).map { try reader.column(named: $0) }
                var out = TextOutput()
                let printer = RowPrinter(columns: selected, format: format == .csv ? .csv : .json)
                out.write(printer.header())
                var remaining = limit ?? Int.max
                var first = true
                for g in 0..<reader.rowGroupCount where remaining > 0 {
                    let data = try selected.map { try reader.readColumnChunk(rowGroup: g, column: $0.index) }
                    let n = min(remaining, data.first?.rowCount ?? 0)
                    printer.rows(data, count: n, first: &first, into: &out)
                    remaining -= n
                }
                out.write(printer.footer())
                out.flush()
            } catch let error as ParquetError {
                throw CLIError(error.description)
            }
        }
    }
}

/// A user-facing failure: printed as is, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}

/// Buffered stdout.
struct TextOutput {
    private var buffer: [UInt8] = []

    mutating func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count > 1 << 16 { flush() }
    }

    mutating func flush() {
        buffer.withUnsafeBytes { raw in
            var done = 0
            while done < raw.count {
                let n = Glibc.write(1, raw.baseAddress! + done, raw.count - done)
                if n <= 0 { break }
                done += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
extension TextOutput: TextSink {}
