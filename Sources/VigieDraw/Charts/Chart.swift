// Draws a chart of any kind into a scene, and as SVG.

/// Charts from plain data.
public enum Chart {
    /// The scene of `data` drawn as `spec` says.
    public static func scene(_ data: ChartData, _ spec: ChartSpec) -> Scene {
        var canvas = ChartCanvas(spec: spec, label: label(data, spec))
        let measures = Array(data.measures.indices)
        let orientation = spec.options.orientation
        switch spec.kind {
        case .kpi: KPIChart(data: data).draw(into: &canvas)
        case .bar: BarChart(table: SeriesTable(data, measures: measures), stacked: false, orientation: orientation).draw(into: &canvas)
        case .stackedBar: BarChart(table: SeriesTable(data, measures: measures), stacked: true, orientation: orientation).draw(into: &canvas)
        case .line: LineChart(table: SeriesTable(data, measures: measures)).draw(into: &canvas)
        case .combo: ComboChart(data: data).draw(into: &canvas)
        case .pie: PieChart(data: data).draw(into: &canvas)
        case .scatter: ScatterChart(data: data).draw(into: &canvas)
        }
        return canvas.scene
    }

    /// The chart as an SVG document.
    public static func svg(_ data: ChartData, _ spec: ChartSpec) -> String {
        SVGWriter().svg(scene(data, spec))
    }

    /// What the chart is about, for screen readers: its title, or its measures by its dimensions.
    static func label(_ data: ChartData, _ spec: ChartSpec) -> String {
        if let title = spec.title, !title.isEmpty { return title }
        let measures = data.measures.joined(separator: ", ")
        return data.dimensions.isEmpty ? measures : measures + " par " + data.dimensions.joined(separator: " et ")
    }
}
