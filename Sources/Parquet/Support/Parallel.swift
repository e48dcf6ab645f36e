// Running independent pieces of work (the columns of a file or of a row
// group, the columns of a lake table being loaded) on several threads: each
// worker takes the next piece, and each result lands in its own slot.

import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Independent pieces of work on several threads.
public enum Parallel {
    /// The processors online.
    public static var processors: Int { Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// `body(0..<count)`, on up to `threads` threads (one per processor when nil); the first error thrown, by index, is rethrown.
    public static func map<T, E: Error>(_ count: Int, threads: Int?, _ body: (Int) throws(E) -> T) throws(E) -> [T] {
        let workers = max(1, min(threads ?? processors, count))
        if workers == 1 {
            var out: [T] = []
            out.reserveCapacity(count)
            for i in 0..<count { out.append(try body(i)) }
            return out
        }
        let results = Slots(UnsafeMutableBufferPointer<Result<T, E>?>.allocate(capacity: count))
        results.buffer.initialize(repeating: nil)
        defer {
            results.buffer.deinitialize()
            results.buffer.deallocate()
        }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let k = next.add(1, ordering: .relaxed).oldValue
                    guard k < count else { return }
                    do throws(E) { results.buffer[k] = .success(try body(k)) } catch { results.buffer[k] = .failure(error) }
                }
            }
        }
        var out: [T] = []
        out.reserveCapacity(count)
        for r in results.buffer { out.append(try r!.get()) }
        return out
    }
}

/// Result slots of parallel work: each worker writes only the slots of the pieces it took.
private struct Slots<T>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { self.buffer = buffer }
}
