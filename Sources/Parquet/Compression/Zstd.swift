// ZSTD pages through the system's libzstd, loaded at run time so that
// Vigie builds and runs without it: where the library is absent, only
// ZSTD files are refused, with a message saying what to install.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum Zstd {
    private typealias Decompress = @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeRawPointer?, Int) -> Int
    private typealias Compress = @convention(c) (UnsafeMutableRawPointer?, Int, UnsafeRawPointer?, Int, Int32) -> Int
    private typealias Bound = @convention(c) (Int) -> Int
    private typealias IsError = @convention(c) (Int) -> UInt32
    private typealias ErrorName = @convention(c) (Int) -> UnsafePointer<CChar>?

    private struct Library: @unchecked Sendable {
        let decompress: Decompress
        let compress: Compress
        let bound: Bound
        let isError: IsError
        let errorName: ErrorName
    }

    private static let library: Library? = {
        let names = ["libzstd.so.1", "libzstd.so", "libzstd.1.dylib", "libzstd.dylib"]
        for name in names {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            guard let d = dlsym(handle, "ZSTD_decompress"), let c = dlsym(handle, "ZSTD_compress"),
                  let b = dlsym(handle, "ZSTD_compressBound"), let e = dlsym(handle, "ZSTD_isError"),
                  let n = dlsym(handle, "ZSTD_getErrorName") else { continue }
            return Library(decompress: unsafeBitCast(d, to: Decompress.self), compress: unsafeBitCast(c, to: Compress.self),
                           bound: unsafeBitCast(b, to: Bound.self), isError: unsafeBitCast(e, to: IsError.self),
                           errorName: unsafeBitCast(n, to: ErrorName.self))
        }
        return nil
    }()

    /// Whether the system library was found.
    static var isAvailable: Bool { library != nil }

    private static func loaded() throws(ParquetError) -> Library {
        guard let library else {
            throw .unsupported("ZSTD compression needs the system library libzstd (Debian package libzstd1), which was not found")
        }
        return library
    }

    /// Decompresses one or more zstd frames into exactly `output.count` bytes.
    static func decompress(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(ParquetError) {
        let lib = try loaded()
        let expected = output.count
        let n = lib.decompress(output.baseAddress, expected, input.baseAddress, input.count)
        if lib.isError(n) != 0 {
            let name = lib.errorName(n).map { String(cString: $0) } ?? "unknown error"
            throw .corrupt("zstd: \(name) (page announces \(expected) bytes)")
        }
        guard n == expected else { throw .corrupt("zstd: page decompresses to \(n) bytes but its header announces \(expected)") }
    }

    static func compress(_ input: UnsafeRawBufferPointer, level: Int32 = 3) throws(ParquetError) -> [UInt8] {
        let lib = try loaded()
        let bound = lib.bound(input.count)
        var output = [UInt8](repeating: 0, count: bound)
        let n = output.withUnsafeMutableBytes { lib.compress($0.baseAddress, bound, input.baseAddress, input.count, level) }
        guard lib.isError(n) == 0 else { throw ParquetError(.io, "zstd: compression failed") }
        output.removeSubrange(n...)
        return output
    }
}
