// Test support shared by the test targets: independent readers (pyarrow,
// DuckDB, delta-rs, openpyxl) run through the scripts of Tests/Oracles in
// the virtual environment that scripts/test prepares, and Vigie's values in
// the same canonical text forms (documented in Tests/Oracles/canonical.py).

import Foundation
import Parquet

public enum Oracle {
    public static let environment = ProcessInfo.processInfo.environment

    /// The venv's python, set by scripts/test.
    public static var python: String? { environment["VIGIE_ORACLE_PYTHON"] }
    public static var scripts: String {
        environment["VIGIE_ORACLE_SCRIPTS"] ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Tests/Oracles").path
    }
    /// ../shared/data/parquet-testing, set by scripts/test.
    public static var parquetTesting: String? { environment["VIGIE_PARQUET_TESTING"] }
    /// ../shared/data/delta-golden, set by scripts/test.
    public static var deltaGolden: String? { environment["VIGIE_DELTA_GOLDEN"] }

    /// True when the oracles are installed; tests that need them are disabled (loudly) otherwise.
    public static var isAvailable: Bool {
        guard let python, FileManager.default.isExecutableFile(atPath: python) else {
            FileHandle.standardError.write(Data("WARNING: oracle tests skipped: run them through scripts/test (VIGIE_ORACLE_PYTHON is not set)\n".utf8))
            return false
        }
        return true
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Runs a script of Tests/Oracles with the venv's python; returns stdout.
    public static func run(_ script: String, _ arguments: [String]) throws -> Data {
        try python([scripts + "/" + script] + arguments, name: script)
    }

    /// Runs Python source with the venv's python (`python -c code args…`); returns stdout.
    public static func run(code: String, _ arguments: [String]) throws -> Data {
        try python(["-c", code] + arguments, name: "an inline oracle script")
    }

    private static func python(_ arguments: [String], name script: String) throws -> Data {
        guard let python else { throw Failure(description: "VIGIE_ORACLE_PYTHON is not set") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(script) failed (\(process.terminationStatus)): \(String(decoding: errors, as: UTF8.self))")
        }
        return data
    }

    /// Runs a fixture script (make_fixtures.py, make_nested_fixtures.py) into `dir`; returns each file's path and writer.
    public static func makeFixtures(_ script: String, into dir: String) throws -> [(path: String, writer: String)] {
        let data = try run(script, [dir])
        guard let manifest = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw Failure(description: "\(script) printed no manifest")
        }
        return manifest.compactMap { entry in
            guard let file = entry["file"] as? String else { return nil }
            return (file.hasPrefix("/") ? file : dir + "/" + file, entry["writer"] as? String ?? "")
        }
    }

    /// A file as an oracle reads it.
    public enum Result {
        case error(String)
        case table(rows: Int, columns: [Column])
    }

    /// One top-level column as an oracle reads it.
    public struct Column {
        public var name: String
        /// Scalar columns: one canonical value (or null) per row; nil for nested or unsupported columns.
        public var values: [String?]?
        /// Every supported column, nested or not: one canonical value per row; nil when unsupported.
        public var nested: [CanonicalValue]?
    }

    /// Reads `files` with `engine` ("pyarrow" or "duckdb").
    public static func canonical(_ files: [String], engine: String = "pyarrow") throws -> [String: Result] {
        try parseResults(try run("canonical.py", ["--engine", engine] + files))
    }

    /// Decodes the {FILE: RESULT} object the oracle scripts print.
    public static func parseResults(_ data: Data) throws -> [String: Result] {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw Failure(description: "canonical.py printed no JSON object")
        }
        var results: [String: Result] = [:]
        for (file, value) in object {
            guard let entry = value as? [String: Any] else { continue }
            if let message = entry["error"] as? String {
                results[file] = .error(message)
                continue
            }
            let rows = entry["num_rows"] as? Int ?? 0
            let columns = (entry["columns"] as? [[String: Any]] ?? []).map { column -> Column in
                let name = column["name"] as? String ?? ""
                if column["unsupported"] != nil { return Column(name: name, values: nil, nested: nil) }
                let raw = column["values"] as? [Any] ?? []
                let nested = raw.map(CanonicalValue.init(json:))
                let isScalar = nested.allSatisfy { if case .array = $0 { false } else if case .object = $0 { false } else { true } }
                return Column(name: name, values: isScalar ? raw.map { $0 as? String } : nil, nested: nested)
            }
            results[file] = .table(rows: rows, columns: columns)
        }
        return results
    }
}

/// A canonical value of any column as canonical.py prints it: a scalar's text, null, a list or map
/// (an array; a map's entries are [key, value] arrays) or a struct (an object).
public indirect enum CanonicalValue: CustomStringConvertible {
    case null
    case scalar(String)
    case array([CanonicalValue])
    case object([String: CanonicalValue])

    public init(json: Any) {
        switch json {
        case let s as String: self = .scalar(s)
        case let a as [Any]: self = .array(a.map(CanonicalValue.init(json:)))
        case let o as [String: Any]: self = .object(o.mapValues(CanonicalValue.init(json:)))
        default: self = .null
        }
    }

    /// Equal as Canonical.equal compares scalars (floats bit-exactly, any NaN equal to any NaN), at every depth.
    public static func equal(_ a: CanonicalValue, _ b: CanonicalValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.scalar(x), .scalar(y)): return Canonical.equal(x, y)
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy(equal)
        case let (.object(x), .object(y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { equal(value, $0) } ?? false }
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .null: "null"
        case let .scalar(s): "\"\(s)\""
        case let .array(a): "[" + a.map(\.description).joined(separator: ", ") + "]"
        case let .object(o): "{" + o.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        }
    }
}

/// Vigie's values in canonical.py's text forms.
public enum Canonical {
    public static func values(_ column: ColumnData) -> [String?] {
        let d = column.descriptor
        return column.valueIndices().map { index in index.map { text(d, column.values, $0) } }
    }

    public static func text(_ d: ColumnDescriptor, _ values: ColumnValues, _ i: Int) -> String {
        switch values {
        case let .boolean(v): return v[i] ? "true" : "false"
        case let .float(v): return v[i].isNaN ? "nan" : "\(Double(v[i]))"
        case let .double(v): return v[i].isNaN ? "nan" : "\(v[i])"
        case let .int32(v): return integer(d, Int64(v[i]), bits: 32)
        case let .int64(v): return integer(d, v[i], bits: 64)
        case let .byteArray(v): return bytes(d, v[i])
        case let .fixed(w, b): return bytes(d, b[(i * w)..<(i * w + w)])
        }
    }

    public static func integer(_ d: ColumnDescriptor, _ v: Int64, bits: Int) -> String {
        switch d.logicalType {
        case let .integer(_, signed)? where !signed:
            return bits == 32 ? String(UInt32(truncatingIfNeeded: v)) : String(UInt64(bitPattern: v))
        case .date?: return CivilDate.dateText(days: v)
        case let .time(_, unit)?: return String(v * unit.nanosPerUnit)
        case let .timestamp(utc, unit)?:
            let (ns, overflow) = v.multipliedReportingOverflow(by: unit.nanosPerUnit)
            let text = overflow ? String(Int128(v) * Int128(unit.nanosPerUnit)) : String(ns)
            return text + (utc ? "Z" : "")
        case let .decimal(scale, _)?: return decimalText(Int128(v), scale: Int(scale))
        default: return String(v)
        }
    }

    public static func bytes(_ d: ColumnDescriptor, _ b: ArraySlice<UInt8>) -> String {
        if d.physicalType == .int96 {
            return String(ColumnDescriptor.int96Nanoseconds(b))
        }
        switch d.logicalType {
        case let .decimal(scale, _)?:
            return ColumnDescriptor.bigEndianInteger(b).map { decimalText($0, scale: Int(scale)) } ?? "?"
        case .string?, .enum?, .json?:
            return String(decoding: b, as: UTF8.self)
        default:
            return "0x" + b.map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
        }
    }

    /// The first row where two columns of nested canonical values differ, for messages.
    public static func firstDifference(_ ours: [CanonicalValue], _ theirs: [CanonicalValue]) -> String? {
        guard ours.count == theirs.count else { return "Vigie has \(ours.count) values, the oracle \(theirs.count)" }
        for i in ours.indices where !CanonicalValue.equal(ours[i], theirs[i]) {
            return "row \(i): Vigie \(ours[i]), oracle \(theirs[i])"
        }
        return nil
    }

    /// Whether two canonical values are equal (floats bit-exactly, any NaN equal to any NaN).
    public static func equal(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        if a == b { return true }
        if let x = Double(a), let y = Double(b) {
            return (x.isNaN && y.isNaN) || x.bitPattern == y.bitPattern
        }
        return false
    }

    /// The first difference between two columns of canonical values, for messages.
    public static func firstDifference(_ ours: [String?], _ theirs: [String?]) -> String? {
        guard ours.count == theirs.count else { return "Vigie has \(ours.count) values, the oracle \(theirs.count)" }
        for i in ours.indices where !equal(ours[i], theirs[i]) {
            return "row \(i): Vigie \(ours[i] ?? "null"), oracle \(theirs[i] ?? "null")"
        }
        return nil
    }
}
