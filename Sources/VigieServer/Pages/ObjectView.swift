// One object of a sheet as HTML: a filter pane of list boxes, a chart
// drawn by VigieDraw as inline SVG, a table or a pivot table with
// subtotals. Every chart mark and table cell carries `data-field`,
// `data-value` and `data-state`; a list box carries its field and each of
// its values its text and a `state-…` class (the Qlik colours, through the
// stylesheet), for the script's clicks, the stylesheet and browser tests.

import VigieDraw
import VigieEngine
import VigieModel

struct ObjectView {
    let page: SheetPage
    let object: SheetObject

    var labels: Labels { page.labels }

    func render() throws(ServerError) -> String {
        let content = try page.exploration.content(of: object, in: page.opened, selection: page.selection, language: page.context.language)
        let title = object.title?.text(page.context.language)
        var out = "<section class=\"object w-\(object.width) kind-\(object.kind.rawValue)\" data-object=\"\(HTML.escape(object.name))\" data-kind=\"\(object.kind.rawValue)\">"
        out += "<header>" + (title.map { "<h2>\(HTML.escape($0))</h2>" } ?? "<span></span>")
        if object.kind != .filter && page.context.session?.user.role.mayExport == true { out += exportForms() }
        out += "</header>"
        switch content {
        case let .filter(fields): out += fields.map(listBox).joined()
        case let .data(data):
            out += breadcrumbs(data)
            switch object.kind {
            case .table: out += table(data, subtotals: false)
            case .pivot: out += table(data, subtotals: true)
            default: out += chart(data)
            }
        }
        return out + "</section>"
    }

    private func exportForms() -> String {
        let action = "/api/apps/\(FormParameters.encode(page.opened.name))/sheets/\(FormParameters.encode(page.sheet.name))/objects/\(FormParameters.encode(object.name))/export"
        let csrf = HTML.escape(page.context.session?.csrfToken ?? "")
        return Exports.Format.allCases.map { format in
            "<form method=\"post\" action=\"\(action)\" class=\"export\"><input type=\"hidden\" name=\"csrf\" value=\"\(csrf)\">"
                + "<input type=\"hidden\" name=\"s\" value=\"\(page.selectionParameter)\"><input type=\"hidden\" name=\"format\" value=\"\(format.rawValue)\">"
                + "<button type=\"submit\" title=\"\(labels["export"])\" data-export=\"\(format.rawValue)\">\(format.rawValue.uppercased())</button></form>"
        }.joined()
    }

    // MARK: Filter panes

    /// At most this many values are listed; a longer list shows its selected and possible values first, as Qlik's
    /// list boxes sorted by state do, and the search finds the others.
    static let listedValues = 100

    /// The values a list box shows: every one in the field's order, or for a long list the first `listedValues`
    /// by state (selected, then possible, alternative and excluded), each state in the field's order.
    static func listed(_ values: [FieldValueState]) -> ArraySlice<FieldValueState> {
        guard values.count > listedValues else { return values[...] }
        func rank(_ state: ValueState) -> Int {
            switch state {
            case .selected: 0
            case .selectedExcluded: 1
            case .possible: 2
            case .alternative: 3
            case .excluded: 4
            }
        }
        var byState = Array(repeating: [FieldValueState](), count: 5)
        for value in values { byState[rank(value.state)].append(value) }
        return Array(byState.joined().prefix(listedValues))[...]
    }

    /// A field's list box: its values with their states (class `state-…`) and frequencies, each a link selecting it;
    /// the field's name is on the box (`data-field`), each value's text on its link (`data-value`).
    private func listBox(_ states: FieldStates) -> String {
        let name = HTML.escape(states.field.description), label = HTML.escape(page.opened.app.model.label(of: states.field, page.context.language))
        var out = "<div class=\"listbox\" data-field=\"\(name)\"><h3>\(label)"
        if page.selection.values(of: states.field) != nil {
            out += " <a class=\"clear\" data-action=\"clear\" href=\"\(page.selectHref([("op", "clear"), ("field", states.field.description)]))\" title=\"\(labels["clear"])\">×</a>"
        }
        out += "</h3><form method=\"get\" action=\"\(page.path)/select\" class=\"search\"><input type=\"hidden\" name=\"s\" value=\"\(page.selectionParameter)\">"
        out += "<input type=\"hidden\" name=\"field\" value=\"\(name)\"><input type=\"search\" name=\"search\" placeholder=\"\(labels["search"]) (* ?)\" aria-label=\"\(labels["search"]) \(label)\"></form><ul>"
        // Hundreds of values: each link is the field's select address and the value's encoded text, appended in place.
        let valueHref = page.selectHref([("field", states.field.description)]) + "&amp;value="
        let listed = Self.listed(states.values)
        out.reserveCapacity(out.utf8.count + listed.count * (valueHref.utf8.count + 160))
        for value in listed {
            let state = value.state == .selectedExcluded ? "selected-excluded" : value.state.rawValue
            guard let text = value.value else {
                // Null cannot be selected: shown, without a link.
                out += "<li class=\"value state-\(state)\"><span>-</span><span class=\"frequency\">\(value.frequency)</span></li>"
                continue
            }
            let escaped = HTML.escape(text)
            out += "<li><a class=\"value state-"
            out += state
            out += "\" data-value=\""
            out += escaped
            out += "\" href=\""
            out += valueHref
            out += FormParameters.encode(text)
            out += "\"><span>"
            out += escaped
            out += "</span><span class=\"frequency\">"
            out += String(value.frequency)
            out += "</span></a></li>"
        }
        if states.values.count > listed.count {
            out += "<li class=\"more\">\(labels["more-values"]) \(states.values.count - listed.count) · \(labels["search"])…</li>"
        }
        return out + "</ul></div>"
    }

    // MARK: Drill-down

    /// For a hierarchy, the levels above the one shown with their selected values; clicking one clears it and the levels below.
    private func breadcrumbs(_ data: ObjectData) -> String {
        data.dimensions.filter { !$0.levels.isEmpty }.map { dimension in
            var out = "<nav class=\"breadcrumb\" data-hierarchy=\"\(HTML.escape(dimension.name))\"><a href=\"\(HTML.escape(clearURL(dimension.levels)))\">\(HTML.escape(dimension.name))</a>"
            for (index, level) in dimension.levels.enumerated() {
                if level == dimension.field {
                    out += " › <span aria-current=\"step\" data-field=\"\(HTML.escape(level.description))\">\(HTML.escape(page.opened.app.model.label(of: level, page.context.language)))</span>"
                    break
                }
                let values = page.selection.values(of: level)?.joined(separator: ", ") ?? page.opened.app.model.label(of: level, page.context.language)
                out += " › <a data-field=\"\(HTML.escape(level.description))\" href=\"\(HTML.escape(clearURL(Array(dimension.levels[(index + 1)...]))))\">\(HTML.escape(values))</a>"
            }
            return out + "</nav>"
        }.joined()
    }

    /// The sheet's URL with `fields` cleared (locked ones stay).
    private func clearURL(_ fields: [FieldReference]) -> String {
        var selection = page.selection
        for field in fields { selection.clear(field) }
        return page.path + (selection.isEmpty ? "" : "?s=" + selection.urlParameter)
    }

    // MARK: Charts

    /// The object's chart as SVG; its title is in the object's header, not drawn again.
    private func chart(_ data: ObjectData) -> String {
        let kind: ChartSpec.Kind = switch object.kind {
        case .kpi: .kpi
        case .stackedbar: .stackedBar
        case .line: .line
        case .combo: .combo
        case .pie: .pie
        case .scatter: .scatter
        default: .bar
        }
        var options = ChartOptions()
        options.othersLabel = labels["others"]
        let compact = page.context.language == .french ? NumberText.compactFrench : NumberText.compactEnglish
        // Axes in their measures' unit: percentages as such when every measure on the axis is one. A combo's right
        // axis is its last measure's (the line), the left one the others'.
        func axisFormat(_ measures: ArraySlice<ShownMeasure>) -> @Sendable (Double) -> String {
            guard !measures.isEmpty, measures.allSatisfy({ $0.format?.contains("%") == true }) else { return compact }
            return { compact($0 * 100) + " %" }
        }
        if kind == .combo, data.measures.count > 1 {
            options.tickFormat = axisFormat(data.measures.dropLast())
            options.rightTickFormat = axisFormat(data.measures.suffix(1))
        } else {
            options.tickFormat = axisFormat(data.measures[...])
        }
        options.emptyMessage = labels["no-data"]
        if kind == .kpi, data.measures.count > 1, let now = data.result.totals.first?.number, let before = data.result.totals[1].number, before != 0 {
            let change = (now - before) / abs(before) * 100
            let text = (change >= 0 ? "+" : "") + String(format: "%.1f", change).replacingOccurrences(of: ".", with: page.context.language == .french ? "," : ".")
            options.comparison = KPIComparison("\(text) % vs \(data.measures[1].label)", direction: change > 0.05 ? .up : change < -0.05 ? .down : .flat)
        }
        let chartData = ChartData(dimensions: data.dimensions.map(\.field.description), measures: data.measures.map(\.label), rows: rows(data))
        let width = Double(object.width) * 80
        return "<div class=\"chart\">" + Chart.svg(chartData, ChartSpec(kind: kind, width: width, height: kind == .kpi ? 140 : 300, options: options)) + "</div>"
    }

    /// The lines as chart rows: a KPI draws the totals; dimension values take their state from the selection.
    private func rows(_ data: ObjectData) -> [ChartRow] {
        if data.dimensions.isEmpty {
            return [ChartRow(dimensions: [], measures: data.result.totals.map { MeasureValue($0.number, text: $0.text) })]
        }
        return data.result.lines.filter { !$0.isOthers }.map { line in
            ChartRow(dimensions: zip(data.dimensions, line.dimensions).map { dimension, cell in
                let selected = page.selection.values(of: dimension.field)?.contains(cell.text) ?? false
                return DimensionValue(cell.text, state: selected ? .selected : .possible)
            }, measures: line.measures.map { MeasureValue($0.number, text: $0.text) })
        }
    }

    // MARK: Tables

    private func table(_ data: ObjectData, subtotals: Bool) -> String {
        var out = "<table class=\"grid-table\(subtotals ? " pivot" : "")\"><thead><tr>"
        for (index, dimension) in data.dimensions.enumerated() {
            out += "<th scope=\"col\" data-sort-index=\"\(index)\">\(HTML.escape(dimension.label))</th>"
        }
        for (index, measure) in data.measures.enumerated() {
            out += "<th scope=\"col\" class=\"number\" data-sort-index=\"\(data.dimensions.count + index)\" title=\"\(HTML.escape(measure.description ?? ""))\">\(HTML.escape(measure.label))</th>"
        }
        out += "</tr></thead><tbody>"
        let levels = subtotals ? Self.subtotalIndex(data.result) : [:]
        let lines = data.result.lines
        // Each dimension's escaped name and select address, once for the table's rows.
        let columns = data.dimensions.map { dimension in
            (name: HTML.escape(dimension.field.description), href: page.selectHref([("field", dimension.field.description)]) + "&amp;value=")
        }
        for (index, line) in lines.enumerated() {
            out += row(line, data, columns)
            guard subtotals, !line.isOthers else { continue }
            // After the last line of a group, its subtotal (the deepest group first).
            for k in stride(from: data.dimensions.count - 1, through: 1, by: -1) {
                let prefix = Array(line.dimensionTexts.prefix(k))
                let next = index + 1 < lines.count && !lines[index + 1].isOthers ? Array(lines[index + 1].dimensionTexts.prefix(k)) : nil
                if next != prefix, let subtotal = levels[prefix] {
                    out += "<tr class=\"subtotal\" data-level=\"\(k)\">" + prefix.map { "<th scope=\"row\">\(HTML.escape($0 ?? "-"))</th>" }.joined()
                        + "<th scope=\"row\" colspan=\"\(data.dimensions.count - k)\">\(labels["subtotal"])</th>"
                        + subtotal.measures.map { "<td class=\"number\">\(HTML.escape($0.text))</td>" }.joined() + "</tr>"
                }
            }
        }
        out += "</tbody><tfoot><tr class=\"total\">"
        if !data.dimensions.isEmpty { out += "<th scope=\"row\" colspan=\"\(data.dimensions.count)\">\(labels["total"])</th>" }
        out += data.result.totals.map { "<td class=\"number\">\(HTML.escape($0.text))</td>" }.joined()
        return out + "</tr></tfoot></table>"
    }

    private func row(_ line: QueryResult.Line, _ data: ObjectData, _ columns: [(name: String, href: String)]) -> String {
        var out = "<tr\(line.isOthers ? " class=\"others\"" : "")>"
        if line.isOthers {
            out += "<td colspan=\"\(max(1, data.dimensions.count))\">\(labels["others"])</td>"
        } else {
            for ((dimension, column), cell) in zip(zip(data.dimensions, columns), line.dimensions) {
                guard !cell.value.isNull else {
                    out += "<td>-</td>"
                    continue
                }
                let selected = page.selection.values(of: dimension.field)?.contains(cell.text) ?? false
                let text = HTML.escape(cell.text)
                out += "<td data-field=\""
                out += column.name
                out += "\" data-value=\""
                out += text
                out += selected ? "\" data-state=\"selected\"><a href=\"" : "\" data-state=\"possible\"><a href=\""
                out += column.href
                out += FormParameters.encode(cell.text)
                out += "\">"
                out += text
                out += "</a></td>"
            }
        }
        for cell in line.measures {
            out += "<td class=\"number\" data-sort=\""
            if let number = cell.number { out += String(number) }
            out += "\">"
            out += HTML.escape(cell.text)
            out += "</td>"
        }
        return out + "</tr>"
    }

    /// Subtotal lines by the texts of their leading dimensions.
    static func subtotalIndex(_ result: QueryResult) -> [[String?]: QueryResult.Line] {
        var out: [[String?]: QueryResult.Line] = [:]
        for level in result.subtotals {
            for line in level where !line.isOthers { out[line.dimensionTexts] = line }
        }
        return out
    }
}
