// File statistics as Delta keeps them in `add.stats`: a JSON object
// {"numRecords": n, "minValues": {...}, "maxValues": {...}, "nullCount": {...}}
// with values in JSON form — numbers for numeric columns, strings for
// text, "yyyy-MM-dd" for dates, ISO-8601 with milliseconds and Z for
// timestamps (Spark truncates them to milliseconds).

import Foundation
import Parquet

public enum DeltaStatistics {
    /// Whether `canonical` (a value in the test-oracle canonical text form: dates yyyy-MM-dd,
    /// timestamps as nanoseconds plus Z, decimals as plain text) equals the statistics value `json`.
    public static func matches(_ canonical: String, _ json: JSONValue, type: DeltaType) -> Bool {
        switch (type, json) {
        case (.timestamp, .string(let text)), (.timestampNtz, .string(let text)):
            guard let micros = ColumnBuilder.parseTimestamp(text), let ours = Int64(canonical.trimmingCharacters(in: ["Z"])) else { return false }
            // Statistics keep milliseconds: compare at that precision.
            return ColumnBuilder.convert(ours / 1000, from: .micros, to: .millis) == ColumnBuilder.convert(micros, from: .micros, to: .millis)
        case (_, .string(let text)):
            return text == canonical
        case (_, .integer(let i)):
            return Int64(canonical) == i || Double(canonical) == Double(i)
        case (_, .number(let d)):
            return Double(canonical) == d
        case (_, .bool(let b)):
            return canonical == (b ? "true" : "false")
        default:
            return false
        }
    }
}
