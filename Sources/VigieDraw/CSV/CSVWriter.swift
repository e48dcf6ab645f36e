// Writes an exported table as CSV (RFC 4180): a header line, then one line
// per row; fields quoted (quotes doubled) when they hold the separator, a
// quote or a line break, through the one quoting function Parquet's
// RowPrinter uses too. Dialects: `,` or `;` between fields, `.` or `,` in
// numbers, CRLF or LF at line ends, and a UTF-8 byte order mark, without
// which Excel reads UTF-8 as Windows-1252.
//
// Formula injection (OWASP, "CSV Injection"): a spreadsheet runs a field
// that starts with `=`, `+`, `-` or `@` (and, in some, tab or CR) as a
// formula, so such a text gets a leading `'`, which spreadsheets show as
// text and do not print. Numbers are written as numbers and keep their
// minus sign: only texts are defused.

import Foundation
import Parquet

/// Writes one table as CSV.
public struct CSVWriter: Sendable, Equatable {
    public enum LineEnding: String, Sendable, Equatable {
        case crlf = "\r\n", lf = "\n"
    }

    /// Between fields: `,` or `;` (any character but a quote or a line break).
    public var separator: Character
    /// Whether numbers use a decimal comma (`1234,5`), as French spreadsheets read them.
    public var decimalComma: Bool
    /// Whether the file starts with the UTF-8 byte order mark (EF BB BF).
    public var byteOrderMark: Bool
    public var lineEnding: LineEnding

    public init(separator: Character = ",", decimalComma: Bool = false, byteOrderMark: Bool = false, lineEnding: LineEnding = .crlf) {
        self.separator = separator
        self.decimalComma = decimalComma
        self.byteOrderMark = byteOrderMark
        self.lineEnding = lineEnding
    }

    /// RFC 4180 as written: `,`, decimal point, CRLF, no byte order mark.
    public static let standard = CSVWriter()
    /// What a French Excel opens by a double click: `;`, decimal comma, CRLF, byte order mark.
    public static let frenchExcel = CSVWriter(separator: ";", decimalComma: true, byteOrderMark: true)

    /// The table as CSV text (without the byte order mark).
    public func text(_ table: ExportTable) throws -> String {
        try table.checkRows()
        var out = line(table.columns.map { .text($0.name) }, count: table.columns.count)
        for row in table.rows { out += line(row, count: table.columns.count) }
        return out
    }

    /// The file's bytes: UTF-8, with the byte order mark when asked.
    public func data(_ table: ExportTable) throws -> Data {
        var data = Data(byteOrderMark ? [0xEF, 0xBB, 0xBF] : [])
        data.append(contentsOf: try text(table).utf8)
        return data
    }

    /// Writes the file to `url`, replacing any file there.
    public func write(_ table: ExportTable, to url: URL) throws {
        let bytes = try data(table)
        do {
            try bytes.write(to: url, options: .atomic)
        } catch {
            throw DrawError(.cannotWrite, "cannot write the CSV file \(url.path)", cause: error)
        }
    }

    private func line(_ cells: [ExportCell], count: Int) -> String {
        var fields = cells.map { RowPrinter.csvField(field($0), separator: separator) }
        if fields.count < count { fields += Array(repeating: "", count: count - fields.count) }
        return fields.joined(separator: String(separator)) + lineEnding.rawValue
    }

    /// A cell's text before quoting.
    func field(_ cell: ExportCell) -> String {
        switch cell {
        case .empty: return ""
        case let .text(text): return Self.defused(text)
        case let .number(value): return value.isFinite ? number("\(value)") : ""
        case let .integer(value): return "\(value)"
        case let .decimal(value, scale):
            guard value.isFinite else { return "" }
            return number(String(format: "%.\(max(0, min(scale, 30)))f", locale: Locale(identifier: "en_US_POSIX"), value))
        case let .bool(flag): return flag ? "TRUE" : "FALSE"
        case let .date(days): return CivilDate.dateText(days: Int64(days))
        case let .timestamp(microseconds):
            // 2025-01-31 08:30:15, with the fraction of a second only as long as it needs to be.
            var text = CivilDate.timestampText(microseconds, unit: .micros, utc: false).replacingOccurrences(of: "T", with: " ")
            while text.hasSuffix("0") && text.contains(".") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
            return text
        }
    }

    private func number(_ text: String) -> String {
        decimalComma ? text.replacingOccurrences(of: ".", with: ",") : text
    }

    /// `text` with a leading `'` when a spreadsheet would take it for a formula.
    static func defused(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }
}
