// Work started on another thread now and waited for later: keeping a raw
// file (copying and hashing it) while the same file is parsed.

import Foundation

/// The result of `body`, computed on a thread of its own.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var result: Result<Value, LakeError>?

    init(_ body: @escaping @Sendable () throws(LakeError) -> Value) {
        DispatchQueue.global().async { [self] in
            let outcome: Result<Value, LakeError>
            do throws(LakeError) { outcome = .success(try body()) } catch { outcome = .failure(error) }
            lock.withLock { result = outcome }
            done.signal()
        }
    }

    /// Whether the value (or the error) is there.
    var isDone: Bool { lock.withLock { result != nil } }

    /// The value, waiting for it if need be.
    func wait() throws(LakeError) -> Value {
        if let result = lock.withLock({ result }) { return try result.get() }
        done.wait()
        done.signal()
        return try lock.withLock { result! }.get()
    }
}
