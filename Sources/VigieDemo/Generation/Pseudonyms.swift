// Pseudonymised people: patients, children, residents, customers and
// subscribers are known only by a stable hashed id (a letter and ten
// base-32 characters, e.g. `P7KQ2ZB4M9X`), the same for the same person of
// the same site in every build with the same seed. Ids are made in blocks
// as sites meet new people, so rows only copy bytes.

/// The ids of the people one site meets, made as they come.
struct Pseudonyms {
    static let width = 11
    private static let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789".utf8)

    let prefix: UInt8
    let key: UInt64
    /// The ids made so far, `width` bytes each.
    private(set) var table: [UInt8] = []
    private(set) var count = 0

    /// `prefix` says who they are (`P` patient, `E` child, `R` resident, `C` customer, `A` subscriber);
    /// `labels` say whose (seed, line, site).
    init(prefix: Character, seed: UInt64, _ labels: UInt64...) {
        self.prefix = UInt8(ascii: prefix.unicodeScalars.first!)
        key = SeededGenerator.hash(seed, labels)
        table.reserveCapacity(1024 * Self.width)
    }

    /// A new person's number.
    mutating func add() -> Int {
        var h = SeededGenerator.mix(key &+ UInt64(count))
        table.append(prefix)
        for _ in 0..<(Self.width - 1) {
            table.append(Self.alphabet[Int(h & 31)])
            h >>= 5
        }
        count += 1
        return count - 1
    }

    /// Writes person `n`'s id.
    func write(_ n: Int, to out: inout ExportWriter) { out.slice(table, n, width: Self.width) }
}
