import ArgumentParser
import Foundation
import VigieEngine
import VigieLake
import VigieModel

/// `vigie query APP`: a hypercube, or the states of a field's values, over an app's tables.
struct QueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run a query (dimensions and measures under selections) over an app of the workspace, or show a field's value states.",
        discussion: """
            APP is an app's name in apps/ (without .yaml) or a YAML file naming lake tables and the links between them.
            Fields are written Table.field, or field alone when one table has it.
            --select FIELD=V1,V2 selects values (a comma inside a value is written \\,); FIELD=>=2016, FIELD=10..20 select by
            condition; FIELD=Bre* or FIELD=*loire by wildcard search (case and accents ignored). Repeat --select for more fields.
            --measure takes a measure expression (docs/expressions.md): Sum(F), Count(F), Count(distinct F), Avg(F), Min(F), Max(F),
            Count(*) (the rows of the app's first table), arithmetic and functions around them, set analysis:
            'Sum({<year={2024}>} amount) / Sum({<year={2023}>} amount)', 'Sum({1} amount)', 'Sum(total amount)'.
            """)

    @Option(name: .shortAndLong, help: "The workspace folder.") var workspace: String = "."
    @Argument(help: "The app: a name in apps/ or a YAML file.") var app: String
    @Option(name: .customLong("dim"), help: "A dimension field (repeat for more).") var dimensions: [String] = []
    @Option(name: .customLong("measure"), help: "A measure (repeat for more).") var measures: [String] = []
    @Option(name: .customLong("select"), help: "A selection FIELD=VALUES|CONDITION|SEARCH (repeat for more fields).") var selections: [String] = []
    @Option(help: "Instead of a query: every value of this field with its state and frequency.") var states: String?
    @Option(help: "Sort by a measure's number (1 is the first), descending; by default by the dimensions.") var sortByMeasure: Int?
    @Option(help: "Keep the first N lines and gather the others in one line.") var limit: Int?
    @Flag(help: "Leave out lines whose dimension value is null.") var suppressNulls = false
    @Flag(help: "Leave out lines whose measures are all zero or empty.") var suppressZeros = false
    @Option(help: "table, csv or json.") var format: Format = .table

    enum Format: String, ExpressibleByArgument, CaseIterable { case table, csv, json }

    func validate() throws {
        if states == nil && measures.isEmpty { throw ValidationError("give at least one --measure, or --states FIELD") }
    }

    func run() throws {
        let ws = try LakeCommand.run { () throws(LakeError) in try Workspace(at: workspace) }
        let path = app.hasSuffix(".yaml") || app.hasSuffix(".yml") ? app : ws.appsPath + "/" + app + ".yaml"
        // The app as the server loads it, so month and day names come in calendar order here too.
        let app = try LakeCommand.run { () throws(LakeError) in try LoadedApp.load(path: path, workspace: ws) }
        let model = app.data
        let selection = try Self.engine { () throws(EngineError) in try Self.selection(selections, model: model) }
        if let states {
            let field = try Self.engine { () throws(EngineError) in try model.resolve(states) }
            let values = try Self.engine { () throws(EngineError) in try app.states(of: [field], selection: selection, rights: .unrestricted)[0] }
            let header = [field.field, "state", "frequency"]
            Self.print(header: header, rows: values.map { [$0.value ?? "-", $0.state.rawValue, String($0.frequency)] }, format: format)
            return
        }
        let cube = try Self.engine { () throws(EngineError) in
            Hypercube(dimensions: try dimensions.map { (d) throws(EngineError) in try model.resolve(d) },
                      measures: try measures.map { (m) throws(EngineError) in try Measure(m) },
                      sort: sortByMeasure.map { [.measure($0 - 1, descending: true)] } ?? [],
                      limit: limit, suppressNulls: suppressNulls, suppressZeros: suppressZeros)
        }
        let result = try Self.engine { () throws(EngineError) in try app.query(cube, selection: selection) }
        let blank = Array(repeating: "", count: max(0, result.dimensionLabels.count - 1))
        var rows: [[String]] = result.lines.map { line in
            let dimensions = line.isOthers ? ["Others"] + blank : line.dimensions.map(\.text)
            return dimensions + line.measures.map(\.text)
        }
        rows.append((result.dimensionLabels.isEmpty ? [] : ["Total"] + blank) + result.totals.map(\.text))
        Self.print(header: result.dimensionLabels + result.measureLabels, rows: rows, format: format)
    }

    static func engine<T>(_ body: () throws(EngineError) -> T) throws -> T {
        do { return try body() } catch { throw CLIError(error.message) }
    }

    /// The selection of the --select options.
    static func selection(_ options: [String], model: DataModel) throws(EngineError) -> Selection {
        var selection = Selection()
        for option in options {
            guard let equals = option.firstIndex(of: "=") else {
                throw EngineError(.invalidSelection, "--select takes FIELD=VALUES, not '\(option)'")
            }
            let field = try model.resolve(String(option[..<equals]).trimmingCharacters(in: .whitespaces))
            let request = String(option[option.index(after: equals)...])
            let values: [String]
            if request.hasPrefix("<") || request.hasPrefix(">") || request.hasPrefix("=") || request.contains("..") || request.contains("*") || request.contains("?") {
                values = try model.values(matching: request, in: field)
            } else {
                values = request.replacingOccurrences(of: "\\,", with: "\u{0}").split(separator: ",")
                    .map { $0.replacingOccurrences(of: "\u{0}", with: ",").trimmingCharacters(in: .whitespaces) }
            }
            selection.select(values, in: field)
        }
        return selection
    }

    static func print(header: [String], rows: [[String]], format: Format) {
        switch format {
        case .csv:
            func quoted(_ s: String) -> String { s.contains(where: { ",\"\n".contains($0) }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s }
            Swift.print(header.map(quoted).joined(separator: ","))
            for row in rows { Swift.print(row.map(quoted).joined(separator: ",")) }
        case .json:
            func string(_ s: String) -> String {
                let data = try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
                return data.map { String(decoding: $0.dropFirst().dropLast(), as: UTF8.self) } ?? "\"\""
            }
            let objects = rows.map { row in "{" + zip(header, row).map { "\(string($0)):\(string($1))" }.joined(separator: ",") + "}" }
            Swift.print("[" + objects.joined(separator: ",\n ") + "]")
        case .table:
            let widths = header.indices.map { i in ([header[i]] + rows.map { i < $0.count ? $0[i] : "" }).map(\.count).max() ?? 0 }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { i, c in c.padding(toLength: widths[i], withPad: " ", startingAt: 0) }.joined(separator: "  ")
            }
            Swift.print(line(header))
            Swift.print(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            for row in rows { Swift.print(line(row)) }
        }
    }
}
