// Where a reader's bytes come from: a file read with pread (thread-safe,
// no shared position) or bytes already in memory. Every range is checked
// against the size before it is read.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Random-access bytes of one Parquet file.
final class FileSource: @unchecked Sendable {
    /// Name used in error messages.
    let name: String
    let size: Int
    private let descriptor: Int32
    private let memory: [UInt8]?

    init(path: String) throws(ParquetError) {
        name = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw ParquetError(.io, "cannot open: \(String(cString: strerror(errno)))", context: [path])
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let message = String(cString: strerror(errno))
            close(fd)
            throw ParquetError(.io, "cannot stat: \(message)", context: [path])
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw ParquetError(.io, "not a regular file", context: [path])
        }
        descriptor = fd
        size = Int(st.st_size)
        memory = nil
    }

    init(bytes: [UInt8], name: String) {
        self.name = name
        size = bytes.count
        descriptor = -1
        memory = bytes
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Reads `count` bytes at `offset` into `scratch`; valid until `scratch` is used again.
    func read(offset: Int, count: Int, into scratch: ScratchBuffer) throws(ParquetError) -> UnsafeRawBufferPointer {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw .corrupt("range of \(count) bytes at offset \(offset) lies outside the file of \(size) bytes")
        }
        let out = scratch.bytes(count)
        if let memory {
            memory.withUnsafeBytes { out.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + count)])) }
            return UnsafeRawBufferPointer(out)
        }
        var done = 0
        while done < count {
            let n = pread(descriptor, out.baseAddress! + done, count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw ParquetError(.io, "read failed at offset \(offset + done): \(String(cString: strerror(errno)))")
            }
            if n == 0 { throw ParquetError(.io, "file shrank while reading at offset \(offset + done)") }
            done += n
        }
        return UnsafeRawBufferPointer(out)
    }

    /// Reads `count` bytes at `offset`; the range must lie inside the file.
    func read(offset: Int, count: Int) throws(ParquetError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw .corrupt("range of \(count) bytes at offset \(offset) lies outside the file of \(size) bytes")
        }
        if let memory { return Array(memory[offset..<(offset + count)]) }
        var failure: ParquetError?
        let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = ParquetError(.io, "read failed at offset \(offset + done): \(String(cString: strerror(errno)))")
                    break
                }
                if n == 0 {
                    failure = ParquetError(.io, "file shrank while reading at offset \(offset + done)")
                    break
                }
                done += n
            }
            initialized = failure == nil ? count : 0
        }
        if let failure { throw failure }
        return out
    }
}
