// Text widths by the metrics of Helvetica and Helvetica-Bold (Adobe's AFM
// files of the 14 standard PDF fonts, in 1/1000 em), so labels can be laid
// out and cut before any writer runs: a PDF writer uses these fonts as they
// are, and browsers' Helvetica and Arial have the same widths.
//
// Letters with accents take their base letter's width (é as e); other
// characters outside ASCII take an average letter's width (556), and wide
// ones (CJK, emoji) a full em.

import Foundation

public enum FontMetrics {
    /// Height of capital letters, in em.
    public static let capHeight = 0.718
    /// Depth of descenders below the baseline, in em.
    public static let descender = 0.207

    /// Widths of ASCII 32 (space) to 126 (~).
    private static let regular: [Int] = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space … /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 … ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ … O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P … _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` … o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p … ~
    ]
    private static let bold: [Int] = [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
        975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
        333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
        611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    ]

    /// The width of one character in 1/1000 em.
    static func units(_ character: Character, bold isBold: Bool) -> Int {
        let table = isBold ? bold : regular
        guard let scalar = character.unicodeScalars.first else { return 0 }
        switch scalar.value {
        case 32...126: return table[Int(scalar.value) - 32]
        case 0xA0: return 278
        case 0x2009, 0x202F: return 200  // thin and narrow no-break spaces (French thousands)
        case 0x2026: return 1000  // …
        case 0x20AC: return 556  // €
        case 0x2013: return 556  // –
        case 0x2014: return 1000  // —
        case 0x1100... where scalar.properties.isEmojiPresentation || (0x2E80...0xFFEF).contains(scalar.value):
            return 1000
        default:
            let base = String(character).decomposedStringWithCanonicalMapping.unicodeScalars.first!
            return (32...126).contains(base.value) ? table[Int(base.value) - 32] : 556
        }
    }

    /// The width of `text` in points at `size`.
    public static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        Double(text.reduce(0) { $0 + units($1, bold: bold) }) * size / 1000
    }

    /// `text` as it fits in `maximum` points: whole, or cut and ended with `…`; empty when not even `…` fits.
    public static func truncated(_ text: String, toWidth maximum: Double, size: Double, bold: Bool = false) -> String {
        if width(text, size: size, bold: bold) <= maximum { return text }
        let ellipsis = Double(units("…", bold: bold)) * size / 1000
        var used = ellipsis
        var kept = ""
        for character in text {
            let w = Double(units(character, bold: bold)) * size / 1000
            if used + w > maximum { break }
            used += w
            kept.append(character)
        }
        guard used <= maximum else { return "" }
        return kept.trimmingCharacters(in: .whitespaces) + "…"
    }
}
