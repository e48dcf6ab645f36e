// Rows of decoded columns as CSV (RFC 4180: header line, fields quoted
// when they hold a comma, quote or line break; null is an empty field)
// or as a JSON array of objects (numbers and booleans as JSON values,
// NaN and infinities as strings, everything else as strings, null as null).

/// Prints rows of column chunks as CSV or JSON.
public struct RowPrinter: Sendable {
    public enum Format: Sendable { case csv, json }

    public let columns: [ColumnDescriptor]
    public let format: Format

    public init(columns: [ColumnDescriptor], format: Format) {
        self.columns = columns
        self.format = format
    }

    public func header() -> String {
        switch format {
        case .csv: columns.map { Self.csvField($0.name) }.joined(separator: ",") + "\n"
        case .json: "["
        }
    }

    public func footer() -> String {
        format == .json ? "\n]\n" : ""
    }

    /// Appends the first `count` rows of `data` (one ColumnData per column, same row group).
    public func rows(_ data: [ColumnData], count: Int, first: inout Bool, into out: inout some TextSink) {
        let indices = data.map { $0.valueIndices() }
        for row in 0..<count {
            var line = ""
            switch format {
            case .csv:
                for (c, column) in data.enumerated() {
                    if c > 0 { line += "," }
                    if let i = indices[c][row] { line += Self.csvField(column.descriptor.text(of: column.values, at: i)) }
                }
                line += "\n"
            case .json:
                line += first ? "\n{" : ",\n{"
                first = false
                for (c, column) in data.enumerated() {
                    if c > 0 { line += "," }
                    line += Self.jsonString(column.descriptor.name) + ":"
                    if let i = indices[c][row] { line += Self.jsonValue(column, i) } else { line += "null" }
                }
                line += "}"
            }
            out.write(line)
        }
    }

    /// `s` as one CSV field (RFC 4180): quoted, with its quotes doubled, when it holds the separator,
    /// a quote or a line break; as it is otherwise. Every CSV writer of Vigie quotes through this.
    public static func csvField(_ s: String, separator: Character = ",") -> String {
        guard s.contains(where: { $0 == separator || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
    }

    static func jsonValue(_ column: ColumnData, _ i: Int) -> String {
        let text = column.descriptor.text(of: column.values, at: i)
        switch column.values {
        case .boolean: return text
        case .float(let v) where !v[i].isFinite: return jsonString(text)
        case .double(let v) where !v[i].isFinite: return jsonString(text)
        case .float, .double: return text
        case .int32, .int64:
            switch column.descriptor.logicalType {
            case .date?, .time?, .timestamp?: return jsonString(text)
            default: return text
            }
        case .fixed, .byteArray:
            if case .decimal? = column.descriptor.logicalType, column.descriptor.physicalType != .int96 { return text }
            return jsonString(text)
        }
    }

    /// `s` as a JSON string literal, quotes included.
    public static func jsonString(_ s: String) -> String {
        // Escapes are all ASCII, so the UTF-8 bytes are read and copied as they are; most texts need none.
        guard s.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else { return "\"" + s + "\"" }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(s.utf8.count + 16)
        let hex = Array("0123456789abcdef".utf8)
        for byte in s.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "\n"): out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case UInt8(ascii: "\r"): out += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case UInt8(ascii: "\t"): out += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case ..<0x20: out += [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}

/// Where printed text goes.
public protocol TextSink {
    mutating func write(_ s: String)
}

extension String: TextSink {
    public mutating func write(_ s: String) { self += s }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}
