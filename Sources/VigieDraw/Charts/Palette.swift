// Colours charts use. Series take the Okabe–Ito palette (Okabe & Ito,
// "Color Universal Design", 2008), whose colours stay distinct under the
// common colour-vision deficiencies, in an order that puts the strongest
// first and yellow (weak on white) last.

public enum Palette {
    public static let okabeIto: [Color] = [
        Color(0x0072B2), Color(0xE69F00), Color(0x009E73), Color(0xD55E00),
        Color(0x56B4E9), Color(0xCC79A7), Color(0xF0E442), Color(0x000000),
    ]
    /// The "Others" slice.
    public static let others = Color(0x999999)
    /// Good and bad news (a KPI's comparison): Okabe–Ito's bluish green and vermilion, told apart by an arrow too.
    public static let good = Color(0x009E73)
    public static let bad = Color(0xD55E00)
    static let text = Color(0x333333)
    static let mutedText = Color(0x666666)
    static let grid = Color(0xE3E3E3)
    static let axis = Color(0x888888)

    /// The colour of series `index`, going round the palette.
    static func color(_ palette: [Color], _ index: Int) -> Color {
        palette.isEmpty ? okabeIto[index % okabeIto.count] : palette[index % palette.count]
    }

    /// How opaque a mark is drawn for its state, so paper (which has no CSS) shows the selection too.
    static func opacity(_ state: SelectionState) -> Double {
        switch state {
        case .selected, .possible: 1
        case .alternative: 0.55
        case .excluded: 0.3
        }
    }
}
