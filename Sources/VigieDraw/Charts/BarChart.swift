// Bars per category, side by side per series (grouped) or piled per
// category (stacked: positive values up from zero, negative values down,
// each sign piled on its own), vertical or horizontal. The value axis
// always includes zero, so a bar's length is proportional to its value.

struct BarChart {
    let table: SeriesTable
    let stacked: Bool
    let orientation: ChartOptions.Orientation

    /// The fraction of a category's band the bars fill.
    static let fill = 0.75

    /// What the value axis must cover: every value, or every category's piles when stacked.
    var range: (minimum: Double, maximum: Double) {
        guard stacked else { return (table.numbers.min() ?? 0, table.numbers.max() ?? 0) }
        var lowest = 0.0, highest = 0.0
        for c in table.categories.indices {
            let values = table.series.compactMap { $0.values[c]?.value }
            lowest = min(lowest, values.filter { $0 < 0 }.reduce(0, +))
            highest = max(highest, values.filter { $0 > 0 }.reduce(0, +))
        }
        return (lowest, highest)
    }

    /// Draws the legend, the axes and the bars; `rightScale` and `extraLegend` are the combo chart's line's.
    /// Returns the plot, or nil when there was nothing to draw (the empty message is then shown).
    @discardableResult
    func draw(into canvas: inout ChartCanvas, rightScale: NiceScale? = nil,
              extraLegend: [ChartCanvas.LegendItem] = []) -> CategoryPlot? {
        guard !table.categories.isEmpty, !table.numbers.isEmpty else {
            canvas.empty()
            return nil
        }
        let options = canvas.spec.options
        if options.legend, table.series.count > 1 || table.seriesField != nil || !extraLegend.isEmpty {
            canvas.legend(table.legendItems(options.palette) + extraLegend)
        }
        let scale = NiceScale(minimum: range.minimum, maximum: range.maximum, includeZero: true)
        let plot = CategoryPlot(table, scale: scale, rightScale: rightScale, orientation: orientation, canvas: &canvas)
        let thickness = plot.band * Self.fill / Double(stacked ? 1 : max(table.series.count, 1))
        var nodes: [Node] = []
        for c in table.categories.indices {
            var positive = 0.0, negative = 0.0
            for (s, serie) in table.series.enumerated() {
                guard let value = serie.values[c]?.value else { continue }
                var from = 0.0
                if stacked {
                    from = value >= 0 ? positive : negative
                    if value >= 0 { positive += value } else { negative += value }
                }
                let start = plot.position(from), end = plot.position(from + value)
                let offset = plot.center(c) - plot.band * Self.fill / 2 + (stacked ? 0 : Double(s) * thickness)
                let rect = orientation == .vertical
                    ? Rect(x: offset, y: min(start, end), width: thickness, height: abs(end - start))
                    : Rect(x: min(start, end), y: offset, width: abs(end - start), height: thickness)
                let mark = table.mark(category: c, series: s, classes: ["vd-mark", "vd-bar"])
                nodes.append(Node(.rect(rect), style: .filled(Palette.color(options.palette, s), opacity: Palette.opacity(mark.state ?? .possible)),
                                  mark: mark))
            }
        }
        canvas.scene.add(Node(.group(Group(nodes)), mark: Mark(classes: ["vd-bars"])))
        plot.baseline(into: &canvas)
        return plot
    }
}
