// One point per row: the first measure across, the second up, and a third,
// when there is one, as the bubble's area (radius from 3 to 18 points by
// the square root of the value over the largest). Rows missing either
// coordinate are left out; larger bubbles are drawn first so the smaller
// stay visible. Both axes fit their values without forcing zero in.

import Foundation

struct ScatterChart {
    let data: ChartData

    struct Dot {
        var row: Int
        var x: Double
        var y: Double
        var size: Double?
    }

    var dots: [Dot] {
        data.rows.enumerated().compactMap { i, row in
            guard row.measures.count >= 2, let x = row.measures[0].value, let y = row.measures[1].value else { return nil }
            return Dot(row: i, x: x, y: y, size: row.measures.count >= 3 ? row.measures[2].value.map { max($0, 0) } : nil)
        }
    }

    func draw(into canvas: inout ChartCanvas) {
        let dots = dots
        guard !dots.isEmpty else {
            canvas.empty()
            return
        }
        let options = canvas.spec.options
        let size = ChartCanvas.labelSize
        let xScale = NiceScale(minimum: dots.map(\.x).min()!, maximum: dots.map(\.x).max()!, includeZero: false)
        let yScale = NiceScale(minimum: dots.map(\.y).min()!, maximum: dots.map(\.y).max()!, includeZero: false)
        let xTexts = xScale.ticks.map(options.tickFormat), yTexts = yScale.ticks.map(options.tickFormat)
        let left = (yTexts.map { FontMetrics.width($0, size: size) }.max() ?? 0) + 6 + size + 6
        let right = FontMetrics.width(xTexts.last ?? "", size: size) / 2 + 2
        let area = canvas.area
        let plot = Rect(x: area.x + left, y: area.y + size / 2, width: max(area.width - left - right, 1),
                        height: max(area.height - size / 2 - 2 * (size + 6), 1))
        func x(_ v: Double) -> Double { xScale.position(v, from: plot.x, to: plot.maxX) }
        func y(_ v: Double) -> Double { yScale.position(v, from: plot.maxY, to: plot.y) }

        var axis: [Node] = []
        for (tick, text) in zip(xScale.ticks, xTexts) {
            if options.gridlines { axis.append(Node(.line(Point(x(tick), plot.y), Point(x(tick), plot.maxY)), style: .stroked(Palette.grid))) }
            axis.append(Node(.text(TextRun(text, at: Point(x(tick), plot.maxY + 4), anchor: .middle, baseline: .top, size: size)),
                             style: .filled(Palette.mutedText), mark: Mark(classes: ["vd-tick"])))
        }
        for (tick, text) in zip(yScale.ticks, yTexts) {
            if options.gridlines { axis.append(Node(.line(Point(plot.x, y(tick)), Point(plot.maxX, y(tick))), style: .stroked(Palette.grid))) }
            axis.append(Node(.text(TextRun(text, at: Point(plot.x - 4, y(tick)), anchor: .end, baseline: .middle, size: size)),
                             style: .filled(Palette.mutedText), mark: Mark(classes: ["vd-tick"])))
        }
        let xTitle = FontMetrics.truncated(data.measures.first ?? "", toWidth: plot.width, size: size, bold: true)
        let yTitle = FontMetrics.truncated(data.measures.dropFirst().first ?? "", toWidth: plot.height, size: size, bold: true)
        axis.append(Node(.text(TextRun(xTitle, at: Point(plot.x + plot.width / 2, area.maxY), anchor: .middle, size: size, bold: true)),
                         style: .filled(Palette.text), mark: Mark(classes: ["vd-axis-title"])))
        axis.append(Node(.text(TextRun(yTitle, at: Point(area.x + size, plot.y + plot.height / 2), anchor: .middle, size: size,
                                       bold: true, rotation: -90)),
                         style: .filled(Palette.text), mark: Mark(classes: ["vd-axis-title"])))
        canvas.scene.add(Node(.group(Group(axis)), mark: Mark(classes: ["vd-axis"])))

        let largest = dots.compactMap(\.size).max() ?? 0
        let field = data.dimensions.first ?? ""
        var nodes: [Node] = []
        for dot in dots.sorted(by: { ($0.size ?? 0) > ($1.size ?? 0) }) {
            let row = data.rows[dot.row]
            let radius = dot.size.map { largest > 0 ? 3 + 15 * ($0 / largest).squareRoot() : 3 } ?? 4
            let dimension = row.dimensions.first ?? DimensionValue("")
            var mark = Mark.value(dimension.text, of: field, state: dimension.state, classes: ["vd-mark", "vd-point"])
            let values = zip(data.measures, row.measures).map { "\($0) : \($1.text)" }
            mark.tooltip = ([dimension.text] + values).joined(separator: " · ")
            nodes.append(Node(.circle(center: Point(x(dot.x), y(dot.y)), radius: radius),
                              style: Style(fill: Palette.color(options.palette, 0), stroke: .white, strokeWidth: 0.5,
                                           opacity: 0.75 * Palette.opacity(dimension.state)), mark: mark))
        }
        canvas.scene.add(Node(.group(Group(nodes)), mark: Mark(classes: ["vd-points"])))
    }
}
