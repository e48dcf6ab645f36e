// Slices of the first measure per value of the first dimension, largest
// first, clockwise from 12 o'clock; angles are shares of the total, so they
// add up to 360°. Beyond `maximumSlices`, the smallest are merged into one
// "Others" slice (grey, standing for no single value). A pie cannot show
// negative or null values: such rows are left out. A donut shows the total
// in its hole.

import Foundation

struct PieChart {
    let data: ChartData

    struct Slice {
        var label: String
        var value: Double
        var text: String
        /// nil for the merged slice.
        var state: SelectionState?
    }

    /// The slices drawn, largest first, the merged one last.
    func slices(maximum: Int, othersLabel: String, format: (Double) -> String) -> [Slice] {
        var slices = data.rows.compactMap { row -> Slice? in
            guard let measure = row.measures.first, let value = measure.value, value > 0 else { return nil }
            let dimension = row.dimensions.first
            return Slice(label: dimension?.text ?? "", value: value, text: measure.text, state: dimension?.state ?? .possible)
        }
        slices = slices.enumerated().sorted { $0.element.value != $1.element.value ? $0.element.value > $1.element.value : $0.offset < $1.offset }
            .map(\.element)
        let keep = max(maximum, 2) - 1
        guard slices.count > keep + 1 else { return slices }
        let rest = slices[keep...].reduce(0) { $0 + $1.value }
        return Array(slices[..<keep]) + [Slice(label: othersLabel, value: rest, text: format(rest), state: nil)]
    }

    func draw(into canvas: inout ChartCanvas) {
        let options = canvas.spec.options
        let slices = slices(maximum: options.maximumSlices, othersLabel: options.othersLabel, format: options.tickFormat)
        guard !slices.isEmpty else {
            canvas.empty()
            return
        }
        let field = data.dimensions.first ?? ""
        func color(_ i: Int) -> Color { slices[i].state == nil ? Palette.others : Palette.color(options.palette, i) }
        func mark(_ i: Int, _ classes: [String]) -> Mark {
            // The merged slice stands for no one value: nothing to select, so no "vd-mark".
            guard let state = slices[i].state else { return Mark(classes: classes.filter { $0 != "vd-mark" } + ["vd-others"]) }
            return Mark.value(slices[i].label, of: field, state: state, classes: classes)
        }
        if options.legend {
            canvas.legend(slices.indices.map { ChartCanvas.LegendItem(label: slices[$0].label, color: color($0), mark: mark($0, [])) })
        }
        let area = canvas.area
        let total = slices.reduce(0) { $0 + $1.value }
        let center = Point(area.x + area.width / 2, area.y + area.height / 2)
        let radius = max(min(area.width, area.height) / 2 - 2, 1)
        let hole = radius * min(max(options.donutHole, 0), 0.9)
        var nodes: [Node] = [], labels: [Node] = []
        var angle = 0.0
        for (i, slice) in slices.enumerated() {
            let share = slice.value / total
            let sector = Sector(center: center, innerRadius: hole, outerRadius: radius, startAngle: angle, endAngle: angle + share * 360)
            let percent = "\(Int((share * 100).rounded())) %"
            var sliceMark = mark(i, ["vd-mark", "vd-slice"])
            sliceMark.tooltip = "\(slice.label) : \(slice.text) (\(percent))"
            nodes.append(Node(.sector(sector),
                              style: Style(fill: color(i), stroke: .white, opacity: Palette.opacity(slice.state ?? .possible)), mark: sliceMark))
            if share * 360 >= 18 {
                let at = sector.point(angle: angle + share * 180, radius: hole > 0 ? (hole + radius) / 2 : radius * 0.62)
                labels.append(Node(.text(TextRun(percent, at: at, anchor: .middle, baseline: .middle, size: ChartCanvas.labelSize, bold: true)),
                                   style: .filled(.white), mark: Mark(classes: ["vd-slice-label"])))
            }
            angle += share * 360
        }
        if hole > 0 {
            let size = min(16, hole / 2.5)
            labels.append(Node(.text(TextRun(options.tickFormat(total), at: center, anchor: .middle, baseline: .middle, size: size, bold: true)),
                               style: .filled(Palette.text), mark: Mark(classes: ["vd-total"], tooltip: data.measures.first)))
        }
        canvas.scene.add(Node(.group(Group(nodes + labels)), mark: Mark(classes: ["vd-pie"])))
    }
}
