// Reading a file ahead of its consumer, in parts: one thread reads the
// parts in order (finding where each ends takes the whole file before it),
// several threads decode them at once (the costly step, which needs only
// its own part), and the consumer takes the decoded parts back in reading
// order. So everything that depends on order — line numbers, rejects, the
// first error, the end of the file — stays exactly as with one thread.
//
// At most `depth` parts are read and not yet taken, which bounds memory.
// A failure (reading or decoding) is delivered in its part's place: the
// parts before it come out first, and it stays for any later call.

import Foundation

/// Parts read in order on a thread of their own, decoded on `workers` threads, taken back in order with `next()`.
/// The threads end at the end of the source, at its first error, or when the ReadAhead is released.
final class ReadAhead<Part: Sendable, Decoded: Sendable> {
    typealias Outcome = Result<Decoded?, LakeError>

    /// What the threads and the consumer share, under `condition`.
    private final class State: @unchecked Sendable {
        let condition = NSCondition()
        /// Parts read and not yet decoded, with their number in reading order.
        var unclaimed: [(Int, Part)] = []
        /// Outcomes by part number, until taken; the end of the source (nil) or a reading failure at `end`.
        var outcomes: [Int: Outcome] = [:]
        /// Parts read so far.
        var read = 0
        /// The number of the part that is the end (or a reading failure), once the reader has met it.
        var end: Int?
        /// Parts taken by the consumer.
        var taken = 0
        var stopped = false
    }

    private let state = State()

    /// `read` gives the next part (nil at the end) and is called on the reading thread only; `decode` is called on
    /// any of the `workers` threads.
    init(workers: Int, depth: Int, read: @escaping () throws(LakeError) -> Part?, decode: @escaping @Sendable (Part) throws(LakeError) -> Decoded) {
        let state = state
        nonisolated(unsafe) let read = read
        let reader = Thread {
            while true {
                state.condition.lock()
                while state.read - state.taken >= depth && !state.stopped { state.condition.wait() }
                let stopped = state.stopped
                state.condition.unlock()
                if stopped { return }
                let outcome: Result<Part?, LakeError>
                do throws(LakeError) { outcome = .success(try read()) } catch { outcome = .failure(error) }
                state.condition.lock()
                switch outcome {
                case let .success(part?):
                    state.unclaimed.append((state.read, part))
                    state.read += 1
                case .success(nil):
                    state.outcomes[state.read] = .success(nil)
                    state.end = state.read
                case let .failure(error):
                    state.outcomes[state.read] = .failure(error)
                    state.end = state.read
                }
                let ended = state.end != nil
                state.condition.broadcast()
                state.condition.unlock()
                if ended { return }
            }
        }
        reader.stackSize = 8 << 20
        reader.start()
        for _ in 0..<max(1, workers) {
            let worker = Thread {
                while true {
                    state.condition.lock()
                    while state.unclaimed.isEmpty && state.end == nil && !state.stopped { state.condition.wait() }
                    guard !state.stopped, !state.unclaimed.isEmpty else {
                        state.condition.unlock()
                        return
                    }
                    let (number, part) = state.unclaimed.removeFirst()
                    state.condition.unlock()
                    let outcome: Outcome
                    do throws(LakeError) { outcome = .success(try decode(part)) } catch { outcome = .failure(error) }
                    state.condition.lock()
                    state.outcomes[number] = outcome
                    state.condition.broadcast()
                    state.condition.unlock()
                }
            }
            worker.stackSize = 8 << 20
            worker.start()
        }
    }

    /// The next decoded part in reading order, nil at the end.
    func next() throws(LakeError) -> Decoded? {
        state.condition.lock()
        defer { state.condition.unlock() }
        while state.outcomes[state.taken] == nil { state.condition.wait() }
        let outcome = state.outcomes[state.taken]!
        // The end and failures stay for any later call.
        if case .success(.some) = outcome {
            state.outcomes[state.taken] = nil
            state.taken += 1
            state.condition.broadcast()
        }
        return try outcome.get()
    }

    deinit {
        state.condition.lock()
        state.stopped = true
        state.condition.broadcast()
        state.condition.unlock()
    }
}
