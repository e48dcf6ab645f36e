// A part of the zip archive read as an InputStream while it is being
// inflated, so that XMLParser parses a sheet of any size with a few chunks
// in memory rather than the whole inflated XML.
//
// ZIPFoundation's inflater pushes chunks to a closure, and XMLParser pulls
// them from a stream: the two meet through a small queue. Inflation runs on
// a thread of its own and waits when the queue holds `depth` chunks (64 KiB
// each); `read` waits when it is empty. Closing the stream (XMLParser does,
// and so does the caller, early when a reader has seen enough) tells the
// inflater to stop and waits for its thread to end, so no thread outlives a
// read. The inflater's failure (a damaged deflate stream, a CRC-32
// mismatch, a part over the size limit) is kept in `failure`: it arrives at
// the end of the part, after XMLParser has already seen the bytes before
// it, so callers check it first once the parse is over.

import Foundation

/// The chunks between the producing thread and the reading one; every field under `condition`.
final class XLSXChunkQueue: @unchecked Sendable {
    /// How many chunks may wait between the inflater and the parser.
    static let depth = 4

    private let condition = NSCondition()
    private var chunks: [Data] = []
    private var finished = false
    private var cancelled = false
    private var failure: (any Error)?
    private let ended = DispatchSemaphore(value: 0)

    struct Cancelled: Error {}

    /// Runs `produce` on a new thread, queueing what it delivers.
    func start(_ produce: @escaping @Sendable (_ deliver: (Data) throws -> Void) throws -> Void) {
        let thread = Thread { [self] in
            var error: (any Error)?
            do {
                try produce { chunk in try self.push(chunk) }
            } catch is Cancelled {
            } catch let thrown {
                error = thrown
            }
            condition.lock()
            finished = true
            failure = error
            condition.broadcast()
            condition.unlock()
            ended.signal()
        }
        thread.name = "vigie-xlsx-inflate"
        thread.start()
    }

    private func push(_ chunk: Data) throws {
        guard !chunk.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        while chunks.count >= Self.depth, !cancelled { condition.wait() }
        if cancelled { throw Cancelled() }
        chunks.append(chunk)
        condition.broadcast()
    }

    /// The next chunk; nil at the end, or after a failure.
    func pop() -> Data? {
        condition.lock()
        defer { condition.unlock() }
        while chunks.isEmpty, !finished { condition.wait() }
        guard !chunks.isEmpty else { return nil }
        condition.broadcast()
        return chunks.removeFirst()
    }

    /// The producer's error; nil while it runs, when it finished, or when it was stopped.
    var producerFailure: (any Error)? {
        condition.lock()
        defer { condition.unlock() }
        return failure
    }

    /// Stops the producer at its next chunk and waits for its thread to end.
    func stopAndWait() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
        ended.wait()
    }
}

/// The bytes a producer delivers on its own thread, read as an InputStream.
final class XLSXPartStream: InputStream {
    private let produce: @Sendable (_ deliver: (Data) throws -> Void) throws -> Void
    private let queue = XLSXChunkQueue()
    private var current = Data()
    private var position = 0
    private var status: Stream.Status = .notOpen
    private var started = false
    private var joined = false

    /// A stream of what `produce` delivers; it starts producing when the stream is opened.
    init(produce: @escaping @Sendable (_ deliver: (Data) throws -> Void) throws -> Void) {
        self.produce = produce
        super.init(data: Data())
    }

    /// The producer's error, once the stream is closed; nil when it finished or was stopped early.
    var failure: (any Error)? { queue.producerFailure }

    override func open() {
        guard !started else { return }
        started = true
        status = .open
        queue.start(produce)
    }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength length: Int) -> Int {
        guard status == .open || status == .reading else { return status == .atEnd ? 0 : -1 }
        while position >= current.count {
            guard let next = queue.pop() else {
                status = queue.producerFailure == nil ? .atEnd : .error
                return status == .atEnd ? 0 : -1
            }
            current = next
            position = 0
        }
        let count = min(length, current.count - position)
        current.withUnsafeBytes { raw in
            if let base = raw.baseAddress {
                buffer.update(from: base.advanced(by: position).assumingMemoryBound(to: UInt8.self), count: count)
            }
        }
        position += count
        status = .reading
        return count
    }

    override func getBuffer(_ buffer: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, length len: UnsafeMutablePointer<Int>) -> Bool {
        false
    }

    override var hasBytesAvailable: Bool { status == .open || status == .reading }
    override var streamStatus: Stream.Status { status }
    override var streamError: (any Error)? { failure }

    /// Stops the producer if it is still running and waits for its thread to end.
    override func close() {
        guard started, !joined else { return }
        queue.stopAndWait()
        joined = true
        if status != .error { status = .closed }
    }

    deinit {
        close()
    }
}
