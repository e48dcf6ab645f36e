// A growable block of raw memory reused from page to page, so decoding a
// column does not allocate (and page-fault) a fresh buffer for every page
// and every column chunk. A class, so that a decoder can hand out its
// memory while its own arrays are being appended to.

final class ScratchBuffer {
    private var base: UnsafeMutableRawPointer?
    private var capacity = 0

    init() {}

    deinit { base?.deallocate() }

    /// `count` bytes of memory, valid until the next call; its contents are undefined.
    func bytes(_ count: Int) -> UnsafeMutableRawBufferPointer {
        if count > capacity || base == nil {
            base?.deallocate()
            capacity = Swift.max(count, capacity * 2, 4096)
            base = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }
        return UnsafeMutableRawBufferPointer(start: base, count: count)
    }
}
