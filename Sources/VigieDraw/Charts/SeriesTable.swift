// Categories × series, the shape bar, stacked bar, line and combo charts
// draw. With one dimension, its values are the categories and each measure
// is a series; with two, the first dimension's values are the categories,
// the second's the series, and the first measure the values (a missing
// pair is a null). Both keep the order of the rows.

/// The values of a category chart, by category and series.
struct SeriesTable {
    struct Category {
        var text: String
        var state: SelectionState
    }

    struct Series {
        var name: String
        /// The second dimension's value's state; nil when the series is a measure.
        var state: SelectionState?
        /// One per category; nil where the row is missing.
        var values: [MeasureValue?]
    }

    let categoryField: String
    /// The second dimension's field when it gives the series.
    let seriesField: String?
    var categories: [Category] = []
    var series: [Series] = []

    /// The table of `measures` (indices into the data's measures); a second dimension gives the series unless
    /// `bySecondDimension` is false.
    init(_ data: ChartData, measures: [Int], bySecondDimension: Bool = true) {
        categoryField = data.dimensions.first ?? ""
        let rows = data.rows
        func value(_ row: ChartRow, _ measure: Int) -> MeasureValue? {
            measure < row.measures.count ? row.measures[measure] : nil
        }
        guard bySecondDimension, data.dimensions.count >= 2, let measure = measures.first else {
            seriesField = nil
            categories = rows.map { Category(text: $0.dimensions.first?.text ?? "", state: $0.dimensions.first?.state ?? .possible) }
            series = measures.filter { $0 < data.measures.count }.map { m in
                Series(name: data.measures[m], state: nil, values: rows.map { value($0, m) })
            }
            return
        }
        seriesField = data.dimensions[1]
        var categories: [Category] = [], series: [Series] = []
        var categoryIndex: [String: Int] = [:], seriesIndex: [String: Int] = [:]
        for row in rows where row.dimensions.count >= 2 {
            let category = row.dimensions[0], name = row.dimensions[1]
            if categoryIndex[category.text] == nil {
                categoryIndex[category.text] = categories.count
                categories.append(Category(text: category.text, state: category.state))
                for s in series.indices { series[s].values.append(nil) }
            }
            if seriesIndex[name.text] == nil {
                seriesIndex[name.text] = series.count
                series.append(Series(name: name.text, state: name.state, values: Array(repeating: nil, count: categories.count)))
            }
            series[seriesIndex[name.text]!].values[categoryIndex[category.text]!] = value(row, measure)
        }
        self.categories = categories
        self.series = series
    }

    /// Every non-null value.
    var numbers: [Double] {
        series.flatMap { $0.values.compactMap { $0?.value } }
    }

    /// The mark of the value of `series` at `category`: the category's field and value, the series' too when a
    /// dimension gives them, the combined state and a tooltip with the value's text.
    func mark(category c: Int, series s: Int, classes: [String]) -> Mark {
        let category = categories[c], serie = series[s]
        var mark = Mark.value(category.text, of: categoryField, state: category.state, classes: classes)
        let text = serie.values[c]?.text ?? ""
        if let seriesField, let state = serie.state {
            mark.data += [DataAttribute("series-field", seriesField), DataAttribute("series-value", serie.name)]
            mark.state = SelectionState.combined([category.state, state])
        }
        mark.tooltip = "\(category.text) · \(serie.name) : \(text)"
        return mark
    }

    /// The legend: one item per series, clickable when a dimension gives them.
    func legendItems(_ palette: [Color]) -> [ChartCanvas.LegendItem] {
        series.enumerated().map { s, serie in
            let mark = seriesField.map { Mark.value(serie.name, of: $0, state: serie.state ?? .possible, classes: []) } ?? Mark()
            return ChartCanvas.LegendItem(label: serie.name, color: Palette.color(palette, s), mark: mark)
        }
    }
}
