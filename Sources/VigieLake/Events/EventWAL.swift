// The write-ahead file of live events: an event is acknowledged only once
// its record is fsynced here; records are turned into table rows later, in
// micro-batches. Each record is
//
//   [length: UInt32 LE][crc32 of sequence+payload: UInt32 LE][sequence: UInt64 LE][payload: JSON, length bytes]
//
// A crash can leave a torn record at the end: replay stops at the first
// record whose length or checksum does not hold and cuts the file there.
// Sequences grow by one per event; the table's commits record the last
// sequence they hold (a Delta txn action), so replay after a restart skips
// what is already in the table and nothing is written twice or lost.

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// CRC-32 (IEEE, as zlib computes it).
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0) -> UInt32 {
        var c = ~initial
        for b in bytes { c = table[Int((c ^ UInt32(b)) & 0xFF)] ^ (c >> 8) }
        return ~c
    }
}

/// An append-only file of sequenced event records.
final class EventWAL {
    let path: String
    private var fd: Int32
    /// The sequence the next record gets.
    private(set) var nextSequence: UInt64

    struct Record {
        var sequence: UInt64
        var payload: [UInt8]
    }

    /// Opens (or creates) the file, returns it with its intact records; cuts a torn tail.
    /// `committed` is the last sequence already in the table: new sequences continue after it.
    static func open(path: String, committed: UInt64) throws(LakeError) -> (EventWAL, [Record]) {
        let fd = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw LakeError(.io, "cannot open the event log \(path): \(String(cString: strerror(errno)))") }
        // One appender per table: a second one (another process) would interleave records.
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw LakeError(.conflict, "another process is appending events to this table (\(path) is locked)")
        }
        let data = FileManager.default.contents(atPath: path) ?? Data()
        var records: [Record] = []
        var offset = 0
        let bytes = [UInt8](data)
        while bytes.count - offset >= 16 {
            let length = Int(Self.load32(bytes, offset))
            let crc = Self.load32(bytes, offset + 4)
            guard length <= 64 << 20, bytes.count - offset - 16 >= length else { break }
            let body = bytes[(offset + 8)..<(offset + 16 + length)]
            guard body.withUnsafeBytes({ CRC32.checksum($0) }) == crc else { break }
            var sequence: UInt64 = 0
            for i in (0..<8).reversed() { sequence = sequence << 8 | UInt64(bytes[offset + 8 + i]) }
            records.append(Record(sequence: sequence, payload: Array(bytes[(offset + 16)..<(offset + 16 + length)])))
            offset += 16 + length
        }
        if offset < bytes.count {
            // A torn or damaged tail from a crash mid-write: nothing after it was acknowledged.
            guard ftruncate(fd, off_t(offset)) == 0 else {
                close(fd)
                throw LakeError(.io, "cannot cut the torn end of \(path): \(String(cString: strerror(errno)))")
            }
            fsync(fd)
        }
        lseek(fd, off_t(offset), SEEK_SET)
        let wal = EventWAL(path: path, fd: fd, nextSequence: max(records.last?.sequence ?? 0, committed) + 1)
        return (wal, records)
    }

    private init(path: String, fd: Int32, nextSequence: UInt64) {
        self.path = path
        self.fd = fd
        self.nextSequence = nextSequence
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Closes the file (and releases its lock) without anything else: what a crash does.
    func abandon() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    private static func load32(_ b: [UInt8], _ i: Int) -> UInt32 {
        UInt32(b[i]) | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) << 16 | UInt32(b[i + 3]) << 24
    }

    /// Appends records and fsyncs once for all of them; returns their sequences.
    func append(_ payloads: [[UInt8]]) throws(LakeError) -> [UInt64] {
        var buffer: [UInt8] = []
        var sequences: [UInt64] = []
        for payload in payloads {
            let sequence = nextSequence + UInt64(sequences.count)
            var body: [UInt8] = []
            withUnsafeBytes(of: sequence.littleEndian) { body.append(contentsOf: $0) }
            body.append(contentsOf: payload)
            let crc = body.withUnsafeBytes { CRC32.checksum($0) }
            withUnsafeBytes(of: UInt32(payload.count).littleEndian) { buffer.append(contentsOf: $0) }
            withUnsafeBytes(of: crc.littleEndian) { buffer.append(contentsOf: $0) }
            buffer.append(contentsOf: body)
            sequences.append(sequence)
        }
        var done = 0
        while done < buffer.count {
            let n = buffer.withUnsafeBytes { write(fd, $0.baseAddress! + done, buffer.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                throw LakeError(.io, "cannot write the event log \(path): \(String(cString: strerror(errno)))")
            }
            done += n
        }
        guard fsync(fd) == 0 else { throw LakeError(.io, "cannot fsync the event log \(path): \(String(cString: strerror(errno)))") }
        nextSequence += UInt64(sequences.count)
        return sequences
    }

    /// Drops every record (once all are in the table), keeping the sequence counter.
    func reset() throws(LakeError) {
        guard ftruncate(fd, 0) == 0, lseek(fd, 0, SEEK_SET) == 0 else {
            throw LakeError(.io, "cannot empty the event log \(path): \(String(cString: strerror(errno)))")
        }
        fsync(fd)
    }
}
