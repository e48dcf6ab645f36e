// The parts every chart shares: the scene being drawn, the title at the
// top, a legend under it, the message shown when there is nothing to draw,
// and the area left for the plot. Sizes are in points.

/// A chart being drawn: the scene so far and the room left.
struct ChartCanvas {
    static let padding = 8.0
    static let titleSize = 13.0
    static let labelSize = 10.0
    static let legendSwatch = 10.0

    let spec: ChartSpec
    var scene: Scene
    /// The room not yet taken by the title and legend.
    var area: Rect

    init(spec: ChartSpec, label: String) {
        self.spec = spec
        scene = Scene(width: spec.width, height: spec.height, label: label)
        let p = Self.padding
        area = Rect(x: p, y: p, width: max(spec.width - 2 * p, 0), height: max(spec.height - 2 * p, 0))
        if let title = spec.title, !title.isEmpty {
            let text = FontMetrics.truncated(title, toWidth: area.width, size: Self.titleSize, bold: true)
            scene.add(Node(.text(TextRun(text, at: Point(area.x, area.y), baseline: .top, size: Self.titleSize, bold: true)),
                           style: .filled(Palette.text), mark: Mark(classes: ["vd-title"], tooltip: text == title ? nil : title)))
            take(top: Self.titleSize + 8)
        }
    }

    /// Takes `height` off the top of the area.
    mutating func take(top height: Double) {
        area.y += height
        area.height = max(area.height - height, 0)
    }

    /// The message instead of a chart, centered.
    mutating func empty() {
        let text = FontMetrics.truncated(spec.options.emptyMessage, toWidth: area.width, size: 12)
        scene.add(Node(.text(TextRun(text, at: Point(area.x + area.width / 2, area.y + area.height / 2), anchor: .middle,
                                     baseline: .middle, size: 12)),
                       style: .filled(Palette.mutedText), mark: Mark(classes: ["vd-empty"])))
    }

    /// One entry of a legend: its colour, its text, and what it stands for.
    struct LegendItem {
        var label: String
        var color: Color
        var mark: Mark
    }

    /// A legend at the top of the area, its items flowing left to right over as many lines as they need.
    mutating func legend(_ items: [LegendItem]) {
        guard !items.isEmpty else { return }
        let size = Self.labelSize, swatch = Self.legendSwatch, lineHeight = size + 6
        let maximumLabel = min(160, area.width - swatch - 4)
        var x = area.x, y = area.y
        var nodes: [Node] = []
        for item in items {
            let label = FontMetrics.truncated(item.label, toWidth: maximumLabel, size: size)
            let width = swatch + 4 + FontMetrics.width(label, size: size)
            if x > area.x, x + width > area.maxX { x = area.x; y += lineHeight }
            var mark = item.mark
            mark.classes.insert("vd-legend-item", at: 0)
            if mark.tooltip == nil, label != item.label { mark.tooltip = item.label }
            nodes.append(Node(.group(Group([
                Node(.rect(Rect(x: x, y: y + (lineHeight - swatch) / 2 - 3, width: swatch, height: swatch)),
                     style: .filled(item.color, opacity: mark.state.map(Palette.opacity) ?? 1)),
                Node(.text(TextRun(label, at: Point(x + swatch + 4, y + lineHeight / 2 - 3), baseline: .middle, size: size)),
                     style: .filled(Palette.text)),
            ])), mark: mark))
            x += width + 12
        }
        scene.add(Node(.group(Group(nodes)), mark: Mark(classes: ["vd-legend"])))
        take(top: y - area.y + lineHeight + 4)
    }
}
