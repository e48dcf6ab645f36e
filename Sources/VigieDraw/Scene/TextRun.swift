// A line of text in the scene, placed the way both SVG and PDF can draw it:
// on its alphabetic baseline, with the vertical alignment resolved here from
// Helvetica's metrics (cap height 0.718 em, descender 0.207 em), because PDF
// knows only baselines and browsers disagree on `dominant-baseline`.

/// One line of text.
public struct TextRun: Sendable, Hashable {
    public enum Anchor: String, Sendable, Hashable {
        case start, middle, end
    }

    /// Which part of the text `position.y` gives.
    public enum Baseline: Sendable, Hashable {
        /// The alphabetic baseline.
        case alphabetic
        /// The middle of capital letters.
        case middle
        /// The top of capital letters.
        case top
    }

    public var text: String
    public var position: Point
    public var anchor: Anchor
    public var baseline: Baseline
    /// Font size in points.
    public var size: Double
    public var bold: Bool
    /// Degrees clockwise about `position` (-45 and -90 for crowded axis labels).
    public var rotation: Double

    public init(_ text: String, at position: Point, anchor: Anchor = .start, baseline: Baseline = .alphabetic,
                size: Double = 11, bold: Bool = false, rotation: Double = 0) {
        self.text = text
        self.position = position
        self.anchor = anchor
        self.baseline = baseline
        self.size = size
        self.bold = bold
        self.rotation = rotation
    }

    /// The y of the alphabetic baseline, where a writer puts the text (before rotation).
    public var baselineY: Double {
        switch baseline {
        case .alphabetic: position.y
        case .middle: position.y + size * FontMetrics.capHeight / 2
        case .top: position.y + size * FontMetrics.capHeight
        }
    }

    /// The width of the text in points, by Helvetica's metrics.
    public var width: Double { FontMetrics.width(text, size: size, bold: bold) }
}
