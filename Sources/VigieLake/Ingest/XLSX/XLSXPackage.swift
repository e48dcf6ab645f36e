// The zip container of a workbook (Open Packaging Conventions, ECMA-376
// part 2): a zip archive whose entries are "parts" (xl/workbook.xml,
// xl/worksheets/sheet1.xml, …), found through [Content_Types].xml and the
// relationship parts (`_rels/*.rels`).
//
// The zip directory is read here, every offset and length checked against
// the file's size before use, because a damaged file must fail with a
// message, never trap: ZIPFoundation's archive reader traps on offsets past
// the end of an in-memory archive. ZIPFoundation is used for what it does
// safely, inflating (Data.decompress) and CRC-32. Its Linux inflate loop
// tells zlib that every input chunk is a full buffer long, so chunks handed
// to it are always padded to the full length, and asking for input past the
// entry's end throws (otherwise a truncated stream would loop forever).
//
// Format used (PKWARE APPNOTE 6.3): the end-of-central-directory record
// (signature 0x06054b50, within the last 65 557 bytes), the central
// directory entries (0x02014b50: method, CRC-32, sizes, local header
// offset, name) and the local headers (0x04034b50: name and extra lengths,
// after which the data starts). Methods 0 (stored) and 8 (deflated).
// Encrypted entries, multi-disk archives and ZIP64 (archives over 4 GiB)
// are refused.
//
// Part names are compared without regard to ASCII case, as OPC requires, and
// with `\` read as `/` (some Windows zip tools write it). A part is inflated
// in chunks handed over as they come (to XLSXPartStream for XML parts), at
// most `XLSXWorkbook.Limits.maximumPartSize` bytes: the size the directory
// announces is checked first, and the bytes actually inflated are counted,
// since a damaged or hostile archive can announce less than it holds. The
// CRC-32 and the final size are checked after the last chunk.

import Foundation
import ZIPFoundation

/// A workbook's zip archive, read from memory.
struct XLSXPackage: Sendable {
    /// One entry of the zip directory.
    struct Entry: Sendable {
        var path: String
        var method: UInt16
        var flags: UInt16
        var crc32: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    let data: Data
    let maximumPartSize: Int
    /// Entries by normalised path, lowercased; the first of duplicates wins.
    let entries: [String: Entry]

    init(data: Data, maximumPartSize: Int) throws {
        self.data = data
        self.maximumPartSize = maximumPartSize
        guard data.count >= 4, data.prefix(2) == Data("PK".utf8) else {
            throw LakeError(.corrupt, Self.notAZipMessage(data))
        }
        var entries: [String: Entry] = [:]
        for entry in try Self.directory(data) where !entry.path.hasSuffix("/") {
            let key = Self.normalised(entry.path).lowercased()
            if entries[key] == nil { entries[key] = entry }
        }
        self.entries = entries
    }

    private static func notAZipMessage(_ data: Data) -> String {
        if data.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return "an old binary Excel file (.xls), a password-protected workbook or another OLE document, not a plain .xlsx workbook: save it as .xlsx without a password"
        }
        if data.isEmpty { return "empty file, not an .xlsx workbook" }
        return "not a zip archive, so not an .xlsx workbook"
    }

    static func normalised(_ path: String) -> String {
        var p = path.replacingOccurrences(of: "\\", with: "/")
        while p.hasPrefix("/") { p.removeFirst() }
        return p
    }

    /// Whether the package has a part with this name.
    func contains(_ part: String) -> Bool {
        entries[Self.normalised(part).lowercased()] != nil
    }

    // MARK: - Directory

    /// Little-endian reads that fail, rather than trap, past the end.
    private struct Reader {
        let bytes: Data
        func u16(_ at: Int) throws -> UInt16 {
            guard at >= 0, at + 2 <= bytes.count else { throw truncated }
            let i = bytes.startIndex + at
            return UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8
        }
        func u32(_ at: Int) throws -> UInt32 {
            guard at >= 0, at + 4 <= bytes.count else { throw truncated }
            return UInt32(try u16(at)) | UInt32(try u16(at + 2)) << 16
        }
        func slice(_ at: Int, _ count: Int) throws -> Data {
            guard at >= 0, count >= 0, at <= bytes.count - count else { throw truncated }
            return bytes.subdata(in: (bytes.startIndex + at)..<(bytes.startIndex + at + count))
        }
        var truncated: LakeError { LakeError(.corrupt, "the zip directory points past the end of the file: truncated or damaged") }
    }

    private static func directory(_ data: Data) throws -> [Entry] {
        let r = Reader(bytes: data)
        // The end record is 22 bytes plus a comment of at most 65 535.
        var end: Int?
        var at = data.count - 22
        while at >= 0, at >= data.count - 22 - 65_535 {
            if try r.u32(at) == 0x0605_4B50 {
                end = at
                break
            }
            at -= 1
        }
        guard let end else {
            throw LakeError(.corrupt, "not a readable zip archive (no end of central directory record): truncated or damaged")
        }
        let count = Int(try r.u16(end + 10))
        let size = Int(try r.u32(end + 12))
        let offset = Int(try r.u32(end + 16))
        if try r.u16(end + 4) != 0 || r.u16(end + 6) != 0 {
            throw LakeError(.unsupported, "a multi-part (spanned) zip archive, which Vigie does not read")
        }
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            throw LakeError(.unsupported, "a ZIP64 archive (over 4 GiB or 65 535 entries), which Vigie does not read")
        }
        guard offset <= end, size <= end - offset else {
            throw LakeError(.corrupt, "the zip central directory (\(size) bytes at \(offset)) lies outside the file: truncated or damaged")
        }
        var entries: [Entry] = []
        var position = offset
        for index in 0..<count {
            guard try r.u32(position) == 0x0201_4B50 else {
                throw LakeError(.corrupt, "zip central directory entry \(index + 1) of \(count) is damaged (bad signature)")
            }
            let nameLength = Int(try r.u16(position + 28))
            let extraLength = Int(try r.u16(position + 30))
            let commentLength = Int(try r.u16(position + 32))
            let name = String(decoding: try r.slice(position + 46, nameLength), as: UTF8.self)
            entries.append(Entry(path: name,
                                 method: try r.u16(position + 10),
                                 flags: try r.u16(position + 8),
                                 crc32: try r.u32(position + 16),
                                 compressedSize: Int(try r.u32(position + 20)),
                                 uncompressedSize: Int(try r.u32(position + 24)),
                                 localHeaderOffset: Int(try r.u32(position + 42))))
            position += 46 + nameLength + extraLength + commentLength
        }
        guard !entries.isEmpty else {
            throw LakeError(.corrupt, "an empty zip archive, not an .xlsx workbook")
        }
        return entries
    }

    // MARK: - Reading a part

    /// The bytes of a part, inflated and checked (for the small parts; sheets are streamed).
    func read(_ part: String) throws -> Data {
        var content = Data()
        try read(part) { content.append($0) }
        return content
    }

    /// A stream of a part's bytes, inflated on another thread as they are read.
    func stream(_ part: String) -> XLSXPartStream {
        XLSXPartStream { [self] deliver in try read(part, into: deliver) }
    }

    /// Hands the bytes of a part to `deliver` in chunks of at most 64 KiB as they are inflated;
    /// throws when it is missing, too large or damaged. The CRC-32 and the size are checked
    /// at the end, after the last chunk.
    func read(_ part: String, into deliver: (Data) throws -> Void) throws {
        guard let entry = entries[Self.normalised(part).lowercased()] else {
            throw LakeError(.corrupt, "the workbook has no part \(part)")
        }
        let limit = maximumPartSize
        guard entry.uncompressedSize <= limit else {
            throw LakeError(.unsupported, "\(part) is \(entry.uncompressedSize) bytes uncompressed, over the limit of \(limit) bytes (XLSXWorkbook.Limits.maximumPartSize)")
        }
        guard entry.flags & 1 == 0 else {
            throw LakeError(.unsupported, "\(part) is encrypted in the zip archive, which Vigie does not read")
        }
        let r = Reader(bytes: data)
        let header = entry.localHeaderOffset
        guard (try? r.u32(header)) == 0x0403_4B50 else {
            throw LakeError(.corrupt, "\(part): its local zip header at \(header) is missing or damaged")
        }
        let start = header + 30 + Int(try r.u16(header + 26)) + Int(try r.u16(header + 28))
        guard start <= data.count, entry.compressedSize <= data.count - start else {
            throw LakeError(.corrupt, "\(part): its \(entry.compressedSize) compressed bytes run past the end of the file: truncated or damaged")
        }
        var size = 0
        let checksum: UInt32
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw LakeError(.corrupt, "\(part) is stored uncompressed but its two sizes differ (\(entry.compressedSize) and \(entry.uncompressedSize))")
            }
            var crc: UInt32 = 0
            while size < entry.compressedSize {
                let chunk = try r.slice(start + size, min(Self.chunkSize, entry.compressedSize - size))
                crc = chunk.crc32(checksum: crc)
                size += chunk.count
                try deliver(chunk)
            }
            checksum = crc
        case 8:
            checksum = try inflate(entry, from: start, part: part) { chunk in
                size += chunk.count
                try deliver(chunk)
            }
        default:
            throw LakeError(.unsupported, "\(part) uses zip compression method \(entry.method); Vigie reads stored (0) and deflated (8) entries")
        }
        guard size == entry.uncompressedSize else {
            throw LakeError(.corrupt, "\(part) inflates to \(size) bytes, not the \(entry.uncompressedSize) the zip directory announces")
        }
        guard checksum == entry.crc32 else {
            throw LakeError(.corrupt, "\(part) fails its CRC-32 check: the zip archive is damaged")
        }
    }

    private struct Overflow: Error {}
    private struct PastTheEnd: Error {}
    private struct Delivery: Error { var error: any Error }
    private static let chunkSize = 1 << 16

    private func inflate(_ entry: Entry, from start: Int, part: String, into deliver: (Data) throws -> Void) throws -> UInt32 {
        let limit = min(maximumPartSize, entry.uncompressedSize)
        let source = data
        let compressedSize = entry.compressedSize
        var size = 0
        do {
            return try Data.decompress(size: Int64(compressedSize), bufferSize: Self.chunkSize, skipCRC32: false,
                                       provider: { position, length in
                guard position >= 0, position < Int64(compressedSize) else { throw PastTheEnd() }
                let from = source.startIndex + start + Int(position)
                let to = source.startIndex + start + min(compressedSize, Int(position) + length)
                var chunk = source.subdata(in: from..<to)
                // See the file's header: zlib is told the chunk is `length` bytes long.
                if chunk.count < length { chunk.append(Data(count: length - chunk.count)) }
                return chunk
            }, consumer: { output in
                size += output.count
                guard size <= limit else { throw Overflow() }
                do { try deliver(output) } catch { throw Delivery(error: error) }
            })
        } catch let delivery as Delivery {
            throw delivery.error
        } catch is Overflow {
            throw LakeError(.corrupt, "\(part) inflates to more than the \(entry.uncompressedSize) bytes the zip directory announces")
        } catch is PastTheEnd {
            throw LakeError(.corrupt, "\(part): its deflate stream ends early: truncated or damaged")
        } catch {
            throw LakeError(.corrupt, "\(part) cannot be inflated: its deflate data is damaged")
        }
    }
}
