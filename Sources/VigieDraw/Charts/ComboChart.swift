// Bars for all measures but one, on the left axis, and that one measure as
// a line on a right axis of its own (amounts and a rate, say). Categories
// are the first dimension's values.

struct ComboChart {
    let data: ChartData

    func draw(into canvas: inout ChartCanvas) {
        let measures = Array(data.measures.indices)
        guard measures.count > 1 else {
            BarChart(table: SeriesTable(data, measures: measures, bySecondDimension: false), stacked: false, orientation: .vertical)
                .draw(into: &canvas)
            return
        }
        let options = canvas.spec.options
        let line = min(max(options.lineMeasure ?? measures.count - 1, 0), measures.count - 1)
        let bars = SeriesTable(data, measures: measures.filter { $0 != line }, bySecondDimension: false)
        let lineTable = SeriesTable(data, measures: [line], bySecondDimension: false)
        let values = lineTable.numbers
        let rightScale = NiceScale(minimum: values.min() ?? 0, maximum: values.max() ?? 0, includeZero: true)
        let color = Palette.color(options.palette, bars.series.count)
        let legend = ChartCanvas.LegendItem(label: data.measures[line], color: color, mark: Mark())
        guard let plot = BarChart(table: bars, stacked: false, orientation: .vertical)
            .draw(into: &canvas, rightScale: rightScale, extraLegend: [legend]) else { return }
        LineChart.drawSeries(lineTable, 0, color: color, plot: plot, on: rightScale, markers: true, into: &canvas)
    }
}
