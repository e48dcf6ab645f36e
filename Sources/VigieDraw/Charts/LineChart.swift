// Lines across categories, one per series, with a dot on each value. A null
// breaks the line (a gap, never a drop to zero); a value alone between two
// nulls keeps its dot even without markers, or it would not show at all.
// The value axis fits the values without forcing zero in.

struct LineChart {
    let table: SeriesTable

    func draw(into canvas: inout ChartCanvas) {
        let numbers = table.numbers
        guard !table.categories.isEmpty, let lowest = numbers.min(), let highest = numbers.max() else {
            canvas.empty()
            return
        }
        let options = canvas.spec.options
        if options.legend, table.series.count > 1 || table.seriesField != nil {
            canvas.legend(table.legendItems(options.palette))
        }
        let scale = NiceScale(minimum: lowest, maximum: highest, includeZero: false)
        let plot = CategoryPlot(table, scale: scale, orientation: .vertical, canvas: &canvas)
        for s in table.series.indices {
            Self.drawSeries(table, s, color: Palette.color(options.palette, s), plot: plot, markers: options.markers, into: &canvas)
        }
    }

    /// Draws series `s` of `table` on `plot`, against `scale` (the plot's own when nil).
    static func drawSeries(_ table: SeriesTable, _ s: Int, color: Color, plot: CategoryPlot, on scale: NiceScale? = nil,
                           markers: Bool, into canvas: inout ChartCanvas) {
        let serie = table.series[s]
        var runs: [[Int]] = [[]]
        for c in table.categories.indices {
            if serie.values[c]?.value != nil { runs[runs.count - 1].append(c) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        func point(_ c: Int) -> Point {
            Point(plot.center(c), plot.position(serie.values[c]!.value!, on: scale))
        }
        var seriesMark = Mark(classes: ["vd-line"])
        if let field = table.seriesField {
            seriesMark = Mark.value(serie.name, of: field, state: serie.state ?? .possible, classes: ["vd-line"])
        }
        seriesMark.tooltip = serie.name
        var nodes: [Node] = []
        for run in runs where run.count > 1 {
            nodes.append(Node(.polyline(run.map(point)), style: .stroked(color, width: 2), mark: seriesMark))
        }
        for run in runs where markers || run.count == 1 {
            for c in run {
                let mark = table.mark(category: c, series: s, classes: ["vd-mark", "vd-point"])
                nodes.append(Node(.circle(center: point(c), radius: 3.5),
                                  style: Style(fill: color, stroke: .white, opacity: Palette.opacity(mark.state ?? .possible)), mark: mark))
            }
        }
        canvas.scene.add(Node(.group(Group(nodes)), mark: Mark(classes: ["vd-series"])))
    }
}
