// The draws the demo's generators make, on top of SplitMix64's raw bits.
//
// Every stream is derived from the root seed and labels (a line, an
// establishment, a year…) so that each file can be generated on any thread
// and in any order and still come out byte for byte the same.

import Foundation

extension SeededGenerator {
    /// A generator for one independent stream: the root seed scrambled with each label in turn.
    static func stream(_ seed: UInt64, _ labels: UInt64...) -> SeededGenerator {
        SeededGenerator(seed: hash(seed, labels))
    }

    /// The root seed scrambled with each label in turn: stable ids and stream seeds.
    static func hash(_ seed: UInt64, _ labels: [UInt64]) -> UInt64 {
        var state = mix(seed ^ 0x5649_4749_4544_454D)  // "VIGIEDEM"
        for label in labels { state = mix(state ^ mix(label &+ 0x9E37_79B9_7F4A_7C15)) }
        return state
    }

    /// A double in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// An integer in `0..<n` (n > 0), by multiply-high: the bias is below 2⁻⁴⁰ for the sizes the demo draws.
    mutating func below(_ n: Int) -> Int { Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(n)).high) }

    /// An integer in `range`.
    mutating func within(_ range: ClosedRange<Int>) -> Int { range.lowerBound + below(range.count) }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// A standard normal draw (Box–Muller; one of the pair is used, which keeps the stream simple to replay).
    mutating func normal() -> Double {
        let u = max(unit(), 0x1p-60)
        return (-2 * Foundation.log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }

    /// A log-normal factor around 1: `exp(sigma · N(0, 1))`.
    mutating func factor(sigma: Double) -> Double { exp(sigma * normal()) }

    /// An exponential draw of the given mean.
    mutating func exponential(mean: Double) -> Double { -mean * Foundation.log(1 - unit()) }

    /// A Poisson draw: Knuth's product of uniforms for small means, a rounded normal above 30.
    mutating func poisson(_ mean: Double) -> Int {
        guard mean > 0 else { return 0 }
        if mean > 30 { return max(0, Int((mean + mean.squareRoot() * normal()).rounded())) }
        let limit = exp(-mean)
        var product = unit()
        var count = 0
        while product > limit {
            product *= unit()
            count += 1
        }
        return count
    }

    /// An index drawn with the weights whose running totals are `cumulative` (the last is the total).
    mutating func pick(_ cumulative: [Double]) -> Int {
        let target = unit() * cumulative[cumulative.count - 1]
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// An element of `items`, uniformly.
    mutating func element<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Running totals of weights, for `SeededGenerator.pick`.
func cumulative(_ weights: [Double]) -> [Double] {
    var total = 0.0
    return weights.map { total += $0; return total }
}
