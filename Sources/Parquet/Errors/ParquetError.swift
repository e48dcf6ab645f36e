/// The one error type of the Parquet module.
///
/// Every failure names what it was reading (file, column, page) and why,
/// so that a user who sees it can find the bad part of the file.
public struct ParquetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is, to match on.
    public enum Code: String, Sendable, Equatable {
        /// The bytes do not follow the format (truncated, bad magic, lying lengths).
        case corrupt
        /// The file is valid but uses a feature this reader does not implement.
        case unsupported
        /// The operating system refused a read or write.
        case io
        /// The caller asked for something that cannot be (unknown column, wrong type).
        case invalidArgument
    }

    public var code: Code
    public var message: String
    /// Where it happened, outermost first (e.g. `["data.parquet", "column amount", "row group 3"]`).
    public var context: [String]

    public init(_ code: Code, _ message: String, context: [String] = []) {
        self.code = code
        self.message = message
        self.context = context
    }

    public static func corrupt(_ message: String) -> ParquetError { ParquetError(.corrupt, message) }
    public static func unsupported(_ message: String) -> ParquetError { ParquetError(.unsupported, message) }

    /// The same error with `place` added as the outermost context.
    public func within(_ place: String) -> ParquetError {
        var copy = self
        copy.context.insert(place, at: 0)
        return copy
    }

    public var description: String {
        let kind: String
        switch code {
        case .corrupt: kind = "corrupt Parquet data"
        case .unsupported: kind = "unsupported Parquet feature"
        case .io: kind = "I/O error"
        case .invalidArgument: kind = "invalid argument"
        }
        let place = context.isEmpty ? "" : context.joined(separator: ", ") + ": "
        return "\(place)\(kind): \(message)"
    }
}

/// Runs `body`, adding `place` to the error it throws.
@inline(__always)
func within<T>(_ place: @autoclosure () -> String, _ body: () throws(ParquetError) -> T) throws(ParquetError) -> T {
    do {
        return try body()
    } catch {
        throw error.within(place())
    }
}

/// Runs `body`, adding `place` to any `ParquetError` it throws; other errors pass unchanged.
@inline(__always)
func withinAny<T>(_ place: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ParquetError {
        throw error.within(place())
    }
}
