// Tests of the charts, on the scene they draw (exact geometry) and on the
// SVG written from it (well-formed XML, escaping, same bytes every time).

import Foundation
import Testing
@testable import VigieDraw

private func rect(_ node: Node) -> Rect? {
    if case let .rect(r) = node.shape { return r }
    return nil
}

private func isClose(_ a: Double, _ b: Double, relative: Double = 1e-6) -> Bool {
    abs(a - b) <= relative * max(abs(a), abs(b), 1e-12)
}

/// One measure over categories, negatives and a null included.
private func amounts(_ values: [Double?]) -> ChartData {
    ChartData(dimensions: ["Structure"], measures: ["Montant"], rows: values.enumerated().map { i, v in
        ChartRow(dimensions: [DimensionValue("S\(i)")], measures: [ChartSamples.value(v)])
    })
}

/// The y (vertical) or x (horizontal) of the zero line.
private func zero(_ scene: Scene) throws -> Double {
    let node = try #require(scene.nodes(withClass: "vd-zero").first)
    guard case let .line(a, b) = node.shape else { throw DrawError(.invalidData, "the zero line is not a line") }
    return a.y == b.y ? a.y : a.x
}

@Suite("Charts")
struct ChartTests {
    @Test("every kind writes well-formed SVG, the same bytes twice, every value mark with its field, value and state")
    func everyKind() throws {
        for sample in ChartSamples.all {
            let svg = Chart.svg(sample.data, sample.spec)
            #expect(Chart.svg(sample.data, sample.spec) == svg, "\(sample.name)")
            let elements = try XMLElements.parse(svg)
            #expect(elements.first?.attributes["role"] == "img", "\(sample.name)")
            #expect(elements.first?.attributes["aria-label"] == sample.spec.title, "\(sample.name)")
            let marks = elements.filter { ($0.attributes["class"] ?? "").split(separator: " ").contains("vd-mark") }
            #expect(sample.name == "kpi" || sample.name == "empty" || !marks.isEmpty, "\(sample.name)")
            for mark in marks {
                #expect(mark.attributes["data-field"] != nil && mark.attributes["data-value"] != nil, "\(sample.name): \(mark)")
                #expect(SelectionState(rawValue: mark.attributes["data-state"] ?? "") != nil, "\(sample.name): \(mark)")
            }
        }
    }

    @Test("vertical bars: heights proportional to values, negatives below the zero line, nulls drawn as nothing")
    func verticalBars() throws {
        let values: [Double?] = [120, -45.5, nil, 0.001, 980, -300]
        let scene = Chart.scene(amounts(values), ChartSpec(kind: .bar))
        let bars = scene.nodes(withClass: "vd-bar")
        let drawn = values.compactMap { $0 }
        #expect(bars.count == drawn.count)
        let zeroY = try zero(scene)
        let perUnit = try #require(rect(bars[0])).height / 120
        for (bar, value) in zip(bars, drawn) {
            let r = try #require(rect(bar))
            #expect(isClose(r.height, abs(value) * perUnit), "\(value): \(r)")
            if value < 0 { #expect(isClose(r.y, zeroY)) } else { #expect(isClose(r.maxY, zeroY)) }
        }
        #expect(bars.map { $0.mark[data: "value"] } == ["S0", "S1", "S3", "S4", "S5"])
    }

    @Test("horizontal bars: widths proportional, negatives left of zero")
    func horizontalBars() throws {
        var options = ChartOptions()
        options.orientation = .horizontal
        let values: [Double] = [3, -1.5, 12]
        let scene = Chart.scene(amounts(values), ChartSpec(kind: .bar, options: options))
        let bars = scene.nodes(withClass: "vd-bar").compactMap(rect)
        let zeroX = try zero(scene)
        for (r, value) in zip(bars, values) {
            #expect(isClose(r.width / abs(value), bars[0].width / 3))
            #expect(value < 0 ? isClose(r.maxX, zeroX) : isClose(r.x, zeroX))
        }
        #expect(bars[0].y < bars[1].y && bars[1].y < bars[2].y, "first category on top")
    }

    @Test("stacked bars: each category's pile as long as its sum, segments end to end, legend per series")
    func stackedBars() throws {
        let data = ChartSamples.byMonthAndLine
        let scene = Chart.scene(data, ChartSpec(kind: .stackedBar))
        let table = SeriesTable(data, measures: [0])
        let zeroY = try zero(scene)
        let bars = scene.nodes(withClass: "vd-bar")
        var perUnit: Double?
        for (c, category) in table.categories.enumerated() {
            let segments = bars.filter { $0.mark[data: "value"] == category.text }.compactMap(rect).sorted { $0.y > $1.y }
            let sum = table.series.compactMap { $0.values[c]?.value }.reduce(0, +)
            #expect(isClose(segments[0].maxY, zeroY))
            for (lower, upper) in zip(segments, segments.dropFirst()) { #expect(isClose(upper.maxY, lower.y)) }
            let length = zeroY - segments.last!.y
            perUnit = perUnit ?? length / sum
            #expect(isClose(length, sum * perUnit!), "\(category.text)")
        }
        let legend = scene.nodes(withClass: "vd-legend-item")
        #expect(legend.map { $0.mark[data: "value"] } == ChartSamples.lines)
        #expect(legend.allSatisfy { $0.mark[data: "field"] == "Ligne" })
        let selected = bars.first { $0.mark[data: "series-value"] == "EHPAD" && $0.mark[data: "value"] == "Jan" }
        #expect(selected?.mark.state == .possible, "selected series × possible category")
    }

    @Test("lines: a null breaks the line, a lone value keeps its dot without markers")
    func lineGaps() throws {
        var options = ChartOptions()
        options.markers = false
        let scene = Chart.scene(ChartSamples.byMonthAndLine, ChartSpec(kind: .line, options: options))
        let dental = scene.nodes(withClass: "vd-line").filter { $0.mark[data: "value"] == "Dentaire" }
        let lengths = dental.map { node -> Int in
            if case let .polyline(points) = node.shape { return points.count }
            return 0
        }
        #expect(lengths == [4, 2, 2])
        let dots = scene.nodes(withClass: "vd-point")
        #expect(dots.count == 1)
        #expect(dots.first?.mark[data: "value"] == "Août" || dots.first?.mark[data: "value"] == "Sep")
    }

    @Test("combo: a line on a right axis over the bars")
    func combo() throws {
        let data = ChartData(dimensions: ["Structure"], measures: ["Montant", "Taux"], rows: (0..<4).map { i in
            ChartRow(dimensions: [DimensionValue("S\(i)")], measures: [ChartSamples.value(Double(i + 1) * 1000), MeasureValue(Double(i) / 10, text: "")])
        })
        let scene = Chart.scene(data, ChartSpec(kind: .combo))
        #expect(scene.nodes(withClass: "vd-bar").count == 4)
        #expect(scene.nodes(withClass: "vd-line").count == 1)
        let points = scene.nodes(withClass: "vd-point").compactMap { node -> Point? in
            if case let .circle(center, _) = node.shape { return center }
            return nil
        }
        #expect(points.count == 4)
        let rises = zip(points, points.dropFirst()).map { $0.y - $1.y }
        #expect(rises.allSatisfy { isClose($0, rises[0]) && $0 > 0 })

        // A rate beside amounts: the right axis in its own unit, the left one as the bars'.
        var options = ChartOptions()
        options.rightTickFormat = { NumberText.compactFrench($0 * 100) + " %" }
        let ticks = Chart.scene(data, ChartSpec(kind: .combo, options: options)).nodes(withClass: "vd-tick").compactMap { node -> TextRun? in
            if case let .text(run) = node.shape { return run }
            return nil
        }
        let right = ticks.filter { $0.anchor == .start }, left = ticks.filter { $0.anchor == .end }
        #expect(!right.isEmpty && right.allSatisfy { $0.text.hasSuffix(" %") }, "\(right.map(\.text))")
        #expect(right.contains { $0.text == "30 %" }, "\(right.map(\.text))")
        #expect(!left.isEmpty && left.allSatisfy { !$0.text.contains("%") }, "\(left.map(\.text))")
    }

    @Test("pie: angles add up to 360°, largest first, the smallest merged into Others")
    func pie() throws {
        var options = ChartOptions()
        options.maximumSlices = 4
        options.donutHole = 0.5
        let values: [Double?] = [10, 40, nil, 5, -3, 20, 15, 10]
        let scene = Chart.scene(amounts(values), ChartSpec(kind: .pie, options: options))
        let sectors = scene.nodes(withClass: "vd-slice").compactMap { node -> Sector? in
            if case let .sector(s) = node.shape { return s }
            return nil
        }
        #expect(sectors.count == 4)
        #expect(sectors.first?.startAngle == 0)
        #expect(isClose(sectors.reduce(0) { $0 + $1.endAngle - $1.startAngle }, 360))
        #expect(isClose(sectors.last!.endAngle, 360))
        for (a, b) in zip(sectors, sectors.dropFirst()) { #expect(isClose(a.endAngle, b.startAngle)) }
        let total = 100.0
        #expect(isClose(sectors[0].endAngle - sectors[0].startAngle, 40 / total * 360))
        #expect(isClose(sectors[3].endAngle - sectors[3].startAngle, 25 / total * 360), "Others: 10 + 10 + 5")
        let slices = scene.nodes(withClass: "vd-slice")
        #expect(slices.map { $0.mark[data: "value"] } == ["S1", "S5", "S6", nil])
        #expect(slices.last?.mark.classes.contains("vd-others") == true)
        #expect(sectors.allSatisfy { isClose($0.innerRadius, $0.outerRadius / 2) })
    }

    @Test("scatter: one point per row with both coordinates, bubbles growing with the third measure")
    func scatter() throws {
        let data = ChartSamples.scatter
        var rows = data.rows
        rows[3].measures[1] = MeasureValue(nil, text: "")
        let scene = Chart.scene(ChartData(dimensions: data.dimensions, measures: data.measures, rows: rows), ChartSpec(kind: .scatter))
        let points = scene.nodes(withClass: "vd-point")
        #expect(points.count == rows.count - 1)
        #expect(!points.contains { $0.mark[data: "value"] == "S03" })
        let bySize = points.compactMap { node -> (Double, Double)? in
            guard case let .circle(_, radius) = node.shape, let row = rows.first(where: { $0.dimensions[0].text == node.mark[data: "value"] }),
                  let size = row.measures[2].value else { return nil }
            return (size, radius)
        }.sorted { $0.0 < $1.0 }
        for (a, b) in zip(bySize, bySize.dropFirst()) { #expect(a.1 <= b.1) }
    }

    @Test("KPI: the value's text, its label and a comparison in the colour of its news")
    func kpi() throws {
        var options = ChartOptions()
        options.comparison = KPIComparison("+3 %", direction: .up, upIsGood: false)
        let scene = Chart.scene(ChartSamples.kpi, ChartSpec(kind: .kpi, width: 200, height: 120, options: options))
        let texts = scene.nodes(withClass: "vd-kpi-value") + scene.nodes(withClass: "vd-kpi-comparison")
        guard case let .text(value) = texts[0].shape, case let .text(comparison) = texts[1].shape else {
            Issue.record("no texts")
            return
        }
        #expect(value.text == "48 512 345,50 €")
        #expect(value.width <= 184)
        #expect(comparison.text == "+3 %")
        #expect(texts[1].style.fill == Palette.bad)
    }

    @Test("no rows: the empty message, and nothing else but the title")
    func empty() {
        for kind in ChartSpec.Kind.allCases {
            let scene = Chart.scene(ChartSamples.empty, ChartSpec(kind: kind, title: "T"))
            #expect(scene.nodes(withClass: "vd-empty").count == 1, "\(kind)")
            #expect(scene.nodes.count == 2, "\(kind)")
        }
    }

    @Test("a category named <b>&\"x\"</b> comes back whole from the SVG's attributes and text")
    func escaping() throws {
        let name = "<b>&\"x\"</b>"
        let data = ChartData(dimensions: ["Structure & co"], measures: ["Montant"],
                             rows: [ChartRow(dimensions: [DimensionValue(name)], measures: [ChartSamples.value(5)])])
        let elements = try XMLElements.parse(Chart.svg(data, ChartSpec(kind: .bar, title: "<Titre> & \"x\"")))
        let bar = try #require(elements.first { $0.attributes["class"] == "vd-mark vd-bar" })
        #expect(bar.attributes["data-value"] == name)
        #expect(bar.attributes["data-field"] == "Structure & co")
        #expect(elements.first { $0.attributes["class"] == "vd-category" }?.text == name)
        #expect(elements.first?.attributes["aria-label"] == "<Titre> & \"x\"")
    }

    @Test("crowded category labels are turned and cut with an ellipsis, and stay inside the chart")
    func crowdedLabels() throws {
        let sample = try #require(ChartSamples.all.first { $0.name == "bar-many" })
        let scene = Chart.scene(sample.data, sample.spec)
        let labels = scene.nodes(withClass: "vd-category").compactMap { node -> TextRun? in
            if case let .text(run) = node.shape { return run }
            return nil
        }
        #expect(!labels.isEmpty && labels.allSatisfy { $0.rotation == -45 && $0.text.hasSuffix("…") })
        let first = try #require(labels.first)
        #expect(first.position.x - first.width * sin(.pi / 4) >= 0)
    }
}

@Suite("Nice ticks and compact numbers")
struct NiceScaleTests {
    @Test("ticks in steps of 1, 2 or 5 × 10^k cover the data, zero included when asked or crossed")
    func coverage() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let magnitude = pow(10, Double.random(in: -4...9, using: &generator))
            let a = Double.random(in: -1...1, using: &generator) * magnitude
            let b = Double.random(in: -1...1, using: &generator) * magnitude
            let includeZero = Bool.random(using: &generator)
            let scale = NiceScale(minimum: min(a, b), maximum: max(a, b), includeZero: includeZero)
            let ticks = scale.ticks
            #expect(ticks.count >= 2 && ticks.count <= 12, "\(a) \(b): \(ticks)")
            #expect(scale.lower <= min(a, b) && scale.upper >= max(a, b), "\(a) \(b): \(ticks)")
            if includeZero || (min(a, b) < 0 && max(a, b) > 0) { #expect(ticks.contains(0), "\(a) \(b): \(ticks)") }
            let step = ticks[1] - ticks[0]
            let mantissa = step / pow(10, floor(log10(step)))
            #expect([1, 2, 5, 10].contains { isClose(mantissa, $0, relative: 1e-9) }, "\(step)")
            for (x, y) in zip(ticks, ticks.dropFirst()) { #expect(isClose(y - x, step, relative: 1e-9)) }
        }
    }

    @Test func examples() {
        #expect(NiceScale(minimum: 0, maximum: 9.3, includeZero: true).ticks == [0, 2, 4, 6, 8, 10])
        #expect(NiceScale(minimum: -45.5, maximum: 980, includeZero: true).ticks == [-200, 0, 200, 400, 600, 800, 1000])
        #expect(NiceScale(minimum: 0.12, maximum: 0.37, includeZero: false).ticks == [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4])
        #expect(NiceScale(minimum: 7, maximum: 7, includeZero: false).ticks.contains(7))
        #expect(NiceScale(minimum: 0, maximum: 0, includeZero: true).ticks == [0, 0.2, 0.4, 0.6, 0.8, 1])
    }

    @Test(arguments: [(1_234_567.0, "1,23 M"), (350_000, "350 k"), (12_500, "12,5 k"), (999_999, "1 M"), (0.25, "0,25"), (0, "0"),
                      (-1_500_000, "-1,5 M"), (2.5e9, "2,5 Md"), (999, "999"), (1000, "1 k"), (0.000123, "0")])
    func compactFrench(value: Double, text: String) {
        #expect(NumberText.compact(value) == text)
    }

    @Test func compactEnglish() {
        #expect(NumberText.compactEnglish(2.5e9) == "2.5 B")
        #expect(NumberText.compactEnglish(12_500) == "12.5 k")
    }
}
