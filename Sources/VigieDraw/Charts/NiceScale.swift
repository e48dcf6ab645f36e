// A value axis with "nice" ticks: steps of 1, 2 or 5 times a power of ten
// (the one nearest a fifth of the range), the first tick at or below the
// smallest value and the last at or above the largest (so the ticks cover
// the data), zero included when asked (bar lengths start at zero) and
// always a tick when the range crosses it.
// Ticks are computed as integers times the step's mantissa and divided by
// the power of ten at the end, so 0.1 steps give 0.3, not 0.30000000000000004.

import Foundation

struct NiceScale: Sendable, Equatable {
    let ticks: [Double]

    var lower: Double { ticks.first! }
    var upper: Double { ticks.last! }

    /// Ticks over `minimum` … `maximum`, about `count` of them.
    init(minimum: Double, maximum: Double, includeZero: Bool, count: Int = 5) {
        var lo = includeZero ? min(minimum, 0) : minimum
        var hi = includeZero ? max(maximum, 0) : maximum
        if !lo.isFinite || !hi.isFinite || lo > hi { (lo, hi) = (0, 1) }
        if lo == hi {
            // One value: 0 … 1 for zero, ±10 % around any other (zero is then already apart from it when included).
            if lo == 0 { hi = 1 } else { (lo, hi) = (lo - lo.magnitude / 10, hi + hi.magnitude / 10) }
        }
        let raw = (hi - lo) / Double(max(count, 1))
        let exponent = Int(floor(log10(raw)))
        let base = raw / pow(10, Double(exponent))
        // The nice step nearest the raw one (Heckbert, "Nice numbers for graph labels", 1990).
        let mantissa = base < 1.5 ? 1 : base < 3 ? 2 : base < 7 ? 5 : 10
        let step = Double(mantissa) * pow(10, Double(exponent))
        let first = Int((lo / step + 1e-9).rounded(.down))
        let last = Int((hi / step - 1e-9).rounded(.up))
        func tick(_ k: Int) -> Double {
            exponent >= 0 ? Double(k * mantissa) * pow(10, Double(exponent)) : Double(k * mantissa) / pow(10, Double(-exponent))
        }
        ticks = (first...max(last, first + 1)).map(tick)
    }

    /// Where `value` falls between `start` (for `lower`) and `end` (for `upper`).
    func position(_ value: Double, from start: Double, to end: Double) -> Double {
        start + (value - lower) / (upper - lower) * (end - start)
    }
}
