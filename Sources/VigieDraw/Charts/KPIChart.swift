// A key figure: the first measure's text of the first row, as large as the
// chart allows (48 points at most), its label under it, and a comparison
// under that — coloured good or bad news and pointed by a triangle (a
// shape, so it shows in any font and without colour).

struct KPIChart {
    let data: ChartData

    func draw(into canvas: inout ChartCanvas) {
        guard let value = data.rows.first?.measures.first else {
            canvas.empty()
            return
        }
        let area = canvas.area
        let label = data.measures.first ?? ""
        let comparison = canvas.spec.options.comparison
        var size = min(area.height * 0.4, 48)
        // A tenth of the width is kept free: fonts standing in for Helvetica run a little wider.
        let width = FontMetrics.width(value.text, size: size, bold: true)
        if width > area.width * 0.9, width > 0 { size *= area.width * 0.9 / width }
        let small = 12.0
        let height = size * FontMetrics.capHeight + 8 + small + (comparison == nil ? 0 : 6 + small)
        var y = area.y + (area.height - height) / 2
        let middle = area.x + area.width / 2
        var nodes: [Node] = []
        nodes.append(Node(.text(TextRun(value.text, at: Point(middle, y), anchor: .middle, baseline: .top, size: size, bold: true)),
                          style: .filled(Palette.text), mark: Mark(classes: ["vd-kpi-value"], tooltip: "\(label) : \(value.text)")))
        y += size * FontMetrics.capHeight + 8
        nodes.append(Node(.text(TextRun(FontMetrics.truncated(label, toWidth: area.width, size: small), at: Point(middle, y),
                                        anchor: .middle, baseline: .top, size: small)),
                          style: .filled(Palette.mutedText), mark: Mark(classes: ["vd-kpi-label"])))
        if let comparison {
            y += small + 6
            let text = FontMetrics.truncated(comparison.text, toWidth: area.width - 14, size: small)
            let textWidth = FontMetrics.width(text, size: small)
            let start = middle - (textWidth + 12) / 2
            let good = comparison.direction == .up ? comparison.upIsGood : !comparison.upIsGood
            let color = comparison.direction == .flat ? Palette.mutedText : good ? Palette.good : Palette.bad
            let top = y, bottom = y + small * FontMetrics.capHeight
            switch comparison.direction {
            case .up: nodes.append(Node(.polygon([Point(start, bottom), Point(start + 8, bottom), Point(start + 4, top)]), style: .filled(color)))
            case .down: nodes.append(Node(.polygon([Point(start, top), Point(start + 8, top), Point(start + 4, bottom)]), style: .filled(color)))
            case .flat: nodes.append(Node(.rect(Rect(x: start, y: (top + bottom) / 2 - 1, width: 8, height: 2)), style: .filled(color)))
            }
            let state = comparison.direction == .flat ? "flat" : good ? "good" : "bad"
            nodes.append(Node(.text(TextRun(text, at: Point(start + 12, y), baseline: .top, size: small)), style: .filled(color),
                              mark: Mark(classes: ["vd-kpi-comparison", "vd-\(state)"])))
        }
        canvas.scene.add(Node(.group(Group(nodes)), mark: Mark(classes: ["vd-kpi"])))
    }
}
