// The human report of `vigie parquet inspect`: everything in the footer
// that helps someone understand how a file was written.

/// A readable description of a file's metadata.
public struct ParquetInspection: Sendable {
    public let text: String

    public init(_ reader: ParquetFileReader) {
        let m = reader.metadata
        var lines: [String] = []
        lines.append("file: \(reader.source.name)")
        lines.append("size: \(Self.bytes(reader.fileSize)) (footer \(Self.bytes(reader.footerLength)))")
        lines.append("created by: \(m.createdBy ?? "-")")
        lines.append("format version: \(m.version)")
        lines.append("rows: \(reader.rowCount)")
        lines.append("row groups: \(m.rowGroups.count)")
        if let kv = m.keyValueMetadata, !kv.isEmpty {
            lines.append("key/value metadata:")
            for pair in kv {
                let value = pair.value ?? "-"
                lines.append("  \(pair.key) = \(value.count > 200 ? String(value.prefix(200)) + "… (\(value.utf8.count) bytes)" : value)")
            }
        }
        lines.append("schema:")
        for c in reader.schema.columns {
            var type = c.physicalType.description
            if c.physicalType == .fixedLenByteArray { type += "(\(c.typeLength))" }
            let logical = c.logicalType.map { " \($0)" } ?? ""
            let unsupported = c.unsupportedReason.map { "  [unsupported: \($0)]" } ?? ""
            lines.append("  \(c.name): \(type)\(logical) \(c.repetition)\(unsupported)")
        }
        for (g, group) in m.rowGroups.enumerated() {
            lines.append("row group \(g): \(group.numRows) rows, \(Self.bytes(Int(group.totalByteSize))) uncompressed")
            for (i, chunk) in group.columns.enumerated() {
                let c = reader.schema.columns[i]
                guard let meta = chunk.metaData else {
                    lines.append("  \(c.name): no metadata")
                    continue
                }
                lines.append("  \(c.name): \(meta.codec), encodings \(meta.encodings.map(\.description).joined(separator: " ")), \(meta.numValues) values, \(Self.bytes(Int(meta.totalCompressedSize))) compressed / \(Self.bytes(Int(meta.totalUncompressedSize))) uncompressed, data at \(meta.dataPageOffset)\(meta.dictionaryPageOffset.map { ", dictionary at \($0)" } ?? "")")
                if let s = meta.statistics {
                    var parts: [String] = []
                    if let (lo, hi) = c.bounds(s) {
                        parts.append("min \(Self.statText(c, lo)), max \(Self.statText(c, hi))")
                    }
                    if let n = s.nullCount { parts.append("nulls \(n)") }
                    if let n = s.distinctCount { parts.append("distinct \(n)") }
                    if let n = s.nanCount { parts.append("NaN \(n)") }
                    if !parts.isEmpty { lines.append("    statistics: \(parts.joined(separator: ", "))") }
                }
            }
        }
        text = lines.joined(separator: "\n")
    }

    static func statText(_ c: ColumnDescriptor, _ v: ParquetValue) -> String {
        switch v {
        case let .int(i):
            let values: ColumnValues = c.physicalType == .int32 ? .int32([Int32(truncatingIfNeeded: i)]) : .int64([i])
            return c.text(of: values, at: 0)
        case let .bytes(b):
            let values: ColumnValues = c.physicalType == .fixedLenByteArray && b.count == c.typeLength
                ? .fixed(width: c.typeLength, bytes: b) : .byteArray(ByteArrays(offsets: [0, b.count], bytes: b))
            let t = c.text(of: values, at: 0)
            return t.count > 60 ? String(t.prefix(60)) + "…" : t
        case let .decimal(d):
            if case let .decimal(scale, _)? = c.logicalType { return decimalText(d, scale: Int(scale)) }
            return "\(d)"
        default: return v.description
        }
    }

    static func bytes(_ n: Int) -> String {
        if n < 1024 { return "\(n) B" }
        if n < 1 << 20 { return "\(n / 1024) KiB" }
        let mib = Double(n) / Double(1 << 20)
        return "\((mib * 10).rounded() / 10) MiB"
    }
}
