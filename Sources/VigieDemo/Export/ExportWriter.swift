// Writing an export file a row at a time, the way the business software
// writes it: fields go straight into a byte buffer as bytes (texts are
// encoded once, before the rows, by `ExportText`; numbers and amounts are
// written digit by digit here), and the buffer goes to the file by blocks
// of 1 MiB. Nothing formats a String per row.
//
// Amounts are whole numbers of their smallest unit (cents), written with a
// decimal comma and, when asked, spaces between thousands (`1 234,56`).

import Foundation
import Parquet

/// An export file being written.
struct ExportWriter: ~Copyable {
    let path: String
    /// The field separator (`;` for the French exports, `,` or `|` elsewhere).
    let separator: UInt8
    /// Lines end with CR LF (Windows software), or LF alone (web APIs).
    let crlf: Bool
    /// Lines ended so far: the line being written is `lines + 1`.
    private(set) var lines = 0
    private let descriptor: Int32
    private let buffer: UnsafeMutablePointer<UInt8>
    private var count = 0

    private static let block = 1 << 20
    /// Room past the block for the row being written; a row is far shorter.
    private static let slack = 64 << 10

    init(path: String, separator: UInt8 = UInt8(ascii: ";"), crlf: Bool = true) throws(DemoError) {
        self.path = path
        self.separator = separator
        self.crlf = crlf
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw DemoError(.io, "cannot create \(path): \(String(cString: strerror(errno)))") }
        buffer = .allocate(capacity: Self.block + Self.slack)
    }

    deinit {
        buffer.deallocate()
        if descriptor >= 0 { Foundation.close(descriptor) }
    }

    // MARK: Fields

    mutating func byte(_ b: UInt8) {
        buffer[count] = b
        count += 1
    }

    mutating func bytes(_ b: [UInt8]) {
        b.withUnsafeBufferPointer { append($0) }
    }

    mutating func append(_ b: UnsafeBufferPointer<UInt8>) {
        (buffer + count).update(from: b.baseAddress!, count: b.count)
        count += b.count
    }

    /// `width` bytes of `table` from `index × width`: a precomputed text (a date, an id).
    mutating func slice(_ table: [UInt8], _ index: Int, width: Int) {
        table.withUnsafeBufferPointer { (buffer + count).update(from: $0.baseAddress! + index * width, count: width) }
        count += width
    }

    mutating func separate() { byte(separator) }

    /// Ends the row and writes the block out when it is full.
    mutating func endRow() throws(DemoError) {
        if crlf { byte(13) }
        byte(10)
        lines += 1
        if count >= Self.block { try flush() }
    }

    /// A whole number.
    mutating func int(_ value: Int) {
        var v = value
        if v < 0 {
            byte(UInt8(ascii: "-"))
            v = -v
        }
        var digits = 1, power = 10
        while power <= v && digits < 19 {
            digits += 1
            power &*= 10
        }
        var end = count + digits
        count = end
        repeat {
            end -= 1
            buffer[end] = UInt8(48 + v % 10)
            v /= 10
        } while v > 0
    }

    /// A whole number on `width` digits, with leading zeros.
    mutating func int(_ value: Int, width: Int) {
        var v = value
        for k in stride(from: width - 1, through: 0, by: -1) {
            buffer[count + k] = UInt8(48 + v % 10)
            v /= 10
        }
        count += width
    }

    /// A fixed-point number: `value` in units of 10^-decimals, with a decimal comma (or `point`),
    /// and spaces between thousands when `grouped`.
    mutating func decimal(_ value: Int, decimals: Int = 2, grouped: Bool = false, point: UInt8 = UInt8(ascii: ",")) {
        var v = value
        if v < 0 {
            byte(UInt8(ascii: "-"))
            v = -v
        }
        var scale = 1
        for _ in 0..<decimals { scale *= 10 }
        let whole = v / scale
        if grouped && whole >= 1000 {
            var groups: [Int] = []
            var w = whole
            while w >= 1000 {
                groups.append(w % 1000)
                w /= 1000
            }
            int(w)
            for g in groups.reversed() {
                byte(UInt8(ascii: " "))
                int(g, width: 3)
            }
        } else {
            int(whole)
        }
        if decimals > 0 {
            byte(point)
            int(v % scale, width: decimals)
        }
    }

    /// A date given in days since 1970-01-01, as `dd/MM/yyyy`, for the rows whose dates fall outside the calendar's tables.
    mutating func date(days: Int) {
        let date = CivilDate.fromDays(Int64(days))
        int(date.day, width: 2); byte(UInt8(ascii: "/")); int(date.month, width: 2); byte(UInt8(ascii: "/")); int(Int(date.year), width: 4)
    }

    // MARK: File

    private mutating func flush() throws(DemoError) {
        var start = 0
        while start < count {
            let n = write(descriptor, buffer + start, count - start)
            guard n > 0 else { throw DemoError(.io, "cannot write \(path): \(String(cString: strerror(errno)))") }
            start += n
        }
        count = 0
    }

    /// Writes what is left and closes the file.
    consuming func finish() throws(DemoError) {
        try flush()
    }
}
