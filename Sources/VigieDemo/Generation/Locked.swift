// State shared by the worker threads of a build (progress, results), behind
// a lock: a class, so that the closures that report progress can hold it.

import Synchronization

final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    init(_ value: Value) { mutex = Mutex(value) }

    func withLock<Result: Sendable>(_ body: (inout sending Value) -> sending Result) -> sending Result {
        mutex.withLock(body)
    }
}
