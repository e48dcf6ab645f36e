// The plot of a category chart: a category axis (one band per category)
// and a value axis with nice ticks — a second one on the right for combo
// charts. Laying it out draws the gridlines, the tick labels and the
// category labels. Crowded category labels are turned -45° and cut with an
// ellipsis, and only every n-th is shown when even that does not fit;
// across horizontal bars, labels are cut to a third of the width.

import Foundation

struct CategoryPlot {
    let plot: Rect
    let orientation: ChartOptions.Orientation
    let scale: NiceScale
    let rightScale: NiceScale?
    let count: Int

    /// The width (vertical) or height (horizontal) of one category's band.
    var band: Double { (orientation == .vertical ? plot.width : plot.height) / Double(max(count, 1)) }

    /// The middle of category `index`'s band along the category axis.
    func center(_ index: Int) -> Double {
        (orientation == .vertical ? plot.x : plot.y) + (Double(index) + 0.5) * band
    }

    /// Where `value` falls along the value axis (y when vertical, x when horizontal).
    func position(_ value: Double, on scale: NiceScale? = nil) -> Double {
        let scale = scale ?? self.scale
        return orientation == .vertical ? scale.position(value, from: plot.maxY, to: plot.y) : scale.position(value, from: plot.x, to: plot.maxX)
    }

    /// Lays the plot out in the canvas's area and draws its axes.
    init(_ table: SeriesTable, scale: NiceScale, rightScale: NiceScale? = nil, orientation: ChartOptions.Orientation,
         canvas: inout ChartCanvas) {
        self.scale = scale
        self.rightScale = rightScale
        self.orientation = orientation
        count = table.categories.count
        let size = ChartCanvas.labelSize
        let options = canvas.spec.options
        let area = canvas.area
        let format = options.tickFormat
        let tickTexts = scale.ticks.map(format)
        let tickWidth = tickTexts.map { FontMetrics.width($0, size: size) }.max() ?? 0
        let labels = table.categories.map(\.text)
        let labelWidth = labels.map { FontMetrics.width($0, size: size) }.max() ?? 0
        var nodes: [Node] = []
        var labelRotation = 0.0, labelMaximum = 0.0, every = 1

        if orientation == .vertical {
            let rightTexts = rightScale?.ticks.map(options.rightTickFormat ?? format) ?? []
            let rightWidth = rightTexts.map { FontMetrics.width($0, size: size) }.max().map { $0 + 6 } ?? 4
            var left = tickWidth + 6
            var width = max(area.width - left - rightWidth, 1)
            var band = width / Double(max(count, 1))
            var labelHeight = size + 6
            labelMaximum = band - 4
            if labelWidth > band - 4 {
                labelRotation = -45
                labelMaximum = min(labelWidth, 120, area.height * 0.3 / sin(.pi / 4))
                labelHeight = labelMaximum * sin(.pi / 4) + size + 4
                // The first label slants left from its band's middle: the plot moves right to keep it in.
                let firstReach = min(FontMetrics.width(labels[0], size: size), labelMaximum) * sin(.pi / 4) - band / 2
                if firstReach > left {
                    left = firstReach
                    width = max(area.width - left - rightWidth, 1)
                    band = width / Double(max(count, 1))
                }
                every = max(1, Int((size * 1.5 / band).rounded(.up)))
            }
            plot = Rect(x: area.x + left, y: area.y + size / 2, width: width, height: max(area.height - labelHeight - size / 2, 1))
            for (tick, text) in zip(scale.ticks, tickTexts) {
                let y = scale.position(tick, from: plot.maxY, to: plot.y)
                if options.gridlines {
                    nodes.append(Node(.line(Point(plot.x, y), Point(plot.maxX, y)), style: .stroked(Palette.grid), mark: Mark(classes: ["vd-grid"])))
                }
                nodes.append(Self.tickLabel(text, Point(plot.x - 4, y), anchor: .end))
            }
            if let rightScale {
                for (tick, text) in zip(rightScale.ticks, rightTexts) {
                    nodes.append(Self.tickLabel(text, Point(plot.maxX + 4, rightScale.position(tick, from: plot.maxY, to: plot.y)), anchor: .start))
                }
            }
        } else {
            let left = min(labelWidth, area.width / 3) + 6
            labelMaximum = left - 6
            let lastTick = FontMetrics.width(tickTexts.last ?? "", size: size) / 2
            plot = Rect(x: area.x + left, y: area.y, width: max(area.width - left - lastTick, 1), height: max(area.height - size - 6, 1))
            every = max(1, Int((size * 1.2 / (plot.height / Double(max(count, 1)))).rounded(.up)))
            for (tick, text) in zip(scale.ticks, tickTexts) {
                let x = scale.position(tick, from: plot.x, to: plot.maxX)
                if options.gridlines {
                    nodes.append(Node(.line(Point(x, plot.y), Point(x, plot.maxY)), style: .stroked(Palette.grid), mark: Mark(classes: ["vd-grid"])))
                }
                nodes.append(Node(.text(TextRun(text, at: Point(x, plot.maxY + 4), anchor: .middle, baseline: .top, size: size)),
                                  style: .filled(Palette.mutedText), mark: Mark(classes: ["vd-tick"])))
            }
        }
        canvas.scene.add(Node(.group(Group(nodes)), mark: Mark(classes: ["vd-axis"])))

        var labelNodes: [Node] = []
        for (i, category) in table.categories.enumerated() where i % every == 0 {
            let text = FontMetrics.truncated(category.text, toWidth: labelMaximum, size: size)
            var mark = Mark.value(category.text, of: table.categoryField, state: category.state, classes: ["vd-category"])
            if text != category.text { mark.tooltip = category.text }
            let run: TextRun
            if orientation == .horizontal {
                run = TextRun(text, at: Point(plot.x - 6, center(i)), anchor: .end, baseline: .middle, size: size)
            } else if labelRotation != 0 {
                run = TextRun(text, at: Point(center(i), plot.maxY + 6), anchor: .end, baseline: .middle, size: size, rotation: labelRotation)
            } else {
                run = TextRun(text, at: Point(center(i), plot.maxY + 4), anchor: .middle, baseline: .top, size: size)
            }
            labelNodes.append(Node(.text(run), style: .filled(Palette.text), mark: mark))
        }
        canvas.scene.add(Node(.group(Group(labelNodes)), mark: Mark(classes: ["vd-categories"])))
    }

    private static func tickLabel(_ text: String, _ at: Point, anchor: TextRun.Anchor) -> Node {
        Node(.text(TextRun(text, at: at, anchor: anchor, baseline: .middle, size: ChartCanvas.labelSize)),
             style: .filled(Palette.mutedText), mark: Mark(classes: ["vd-tick"]))
    }

    /// The axis line at zero (or at the scale's start when zero is out of range), drawn over the marks.
    func baseline(into canvas: inout ChartCanvas) {
        let at = position(min(max(0, scale.lower), scale.upper))
        let line: Node.Shape = orientation == .vertical ? .line(Point(plot.x, at), Point(plot.maxX, at)) : .line(Point(at, plot.y), Point(at, plot.maxY))
        canvas.scene.add(Node(line, style: .stroked(Palette.axis), mark: Mark(classes: ["vd-zero"])))
    }
}
