// Writes a scene as an SVG document for the web page. The output is a
// function of the scene alone: coordinates rounded to at most two decimals
// the same way every time (half away from zero, trailing zeros dropped,
// no "-0"), attributes in a fixed order, so the same scene gives the same
// bytes (pages can be cached and compared).
//
// Every node's Mark becomes `class`, `data-*` and `data-state` attributes
// (the page's CSS colours states, its script selects the value clicked) and
// a `<title>` child (the browser's tooltip). The root has `role="img"` and
// an `aria-label` for screen readers. Texts and attributes are escaped and
// cleared of characters XML forbids.

import Foundation

/// Writes scenes as SVG.
public struct SVGWriter: Sendable {
    /// The font the page asks for; the scene's layout assumed Helvetica's metrics, which Arial shares.
    public var fontFamily: String

    public init(fontFamily: String = "Helvetica, Arial, sans-serif") {
        self.fontFamily = fontFamily
    }

    /// The SVG document of `scene`.
    public func svg(_ scene: Scene) -> String {
        let w = Self.number(scene.width), h = Self.number(scene.height)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\""
        out += " role=\"img\" aria-label=\"\(XMLText.escaped(scene.label, attribute: true))\""
        out += " font-family=\"\(XMLText.escaped(fontFamily, attribute: true))\">\n"
        for node in scene.nodes { write(node, into: &out) }
        return out + "</svg>\n"
    }

    /// The SVG document as UTF-8 bytes.
    public func data(_ scene: Scene) -> Data {
        Data(svg(scene).utf8)
    }

    private func write(_ node: Node, into out: inout String) {
        let (element, geometry) = Self.element(node.shape)
        let title = Self.title(node.mark)
        out += "<" + element + Self.markAttributes(node.mark) + geometry
        switch node.shape {
        case let .text(run):
            // Text is filled, black unless said otherwise, and never stroked.
            out += Self.styleAttributes(Style(fill: node.style.fill ?? .black, opacity: node.style.opacity))
            out += ">" + title + XMLText.escaped(run.text) + "</text>\n"
        case let .group(group):
            out += ">\n" + title
            for child in group.children { write(child, into: &out) }
            out += "</g>\n"
        default:
            out += Self.styleAttributes(node.style)
            out += title.isEmpty ? "/>\n" : ">" + title + "</" + element + ">\n"
        }
    }

    private static func title(_ mark: Mark) -> String {
        mark.tooltip.map { "<title>" + XMLText.escaped($0) + "</title>" } ?? ""
    }

    private static func markAttributes(_ mark: Mark) -> String {
        var out = ""
        if !mark.classes.isEmpty { out += " class=\"\(XMLText.escaped(mark.classes.joined(separator: " "), attribute: true))\"" }
        for attribute in mark.data {
            let name = attribute.name.unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" }
            out += " data-\(String(String.UnicodeScalarView(name)).lowercased())=\"\(XMLText.escaped(attribute.value, attribute: true))\""
        }
        if let state = mark.state { out += " data-state=\"\(state.rawValue)\"" }
        return out
    }

    private static func styleAttributes(_ style: Style) -> String {
        var out = " fill=\"\(style.fill?.hex ?? "none")\""
        if let stroke = style.stroke {
            out += " stroke=\"\(stroke.hex)\" stroke-width=\"\(number(style.strokeWidth))\""
            if !style.dash.isEmpty { out += " stroke-dasharray=\"\(style.dash.map(number).joined(separator: " "))\"" }
        }
        if style.opacity < 1 { out += " opacity=\"\(number(max(0, style.opacity)))\"" }
        return out
    }

    /// The element's name and its geometry attributes.
    private static func element(_ shape: Node.Shape) -> (String, String) {
        switch shape {
        case let .rect(r):
            let x = min(r.x, r.maxX), y = min(r.y, r.maxY)
            return ("rect", " x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(abs(r.width)))\" height=\"\(number(abs(r.height)))\"")
        case let .line(a, b):
            return ("line", " x1=\"\(number(a.x))\" y1=\"\(number(a.y))\" x2=\"\(number(b.x))\" y2=\"\(number(b.y))\"")
        case let .polyline(points):
            return ("polyline", " points=\"\(pointList(points))\"")
        case let .polygon(points):
            return ("polygon", " points=\"\(pointList(points))\"")
        case let .path(commands):
            return ("path", " d=\"\(pathData(commands))\"")
        case let .circle(center, radius):
            return ("circle", " cx=\"\(number(center.x))\" cy=\"\(number(center.y))\" r=\"\(number(radius))\"")
        case let .sector(sector):
            return ("path", " d=\"\(sectorData(sector))\"" + (sector.endAngle - sector.startAngle >= 360 ? " fill-rule=\"evenodd\"" : ""))
        case let .text(run):
            var out = " x=\"\(number(run.position.x))\" y=\"\(number(run.baselineY))\""
            if run.anchor != .start { out += " text-anchor=\"\(run.anchor.rawValue)\"" }
            out += " font-size=\"\(number(run.size))\""
            if run.bold { out += " font-weight=\"bold\"" }
            if run.rotation != 0 {
                out += " transform=\"rotate(\(number(run.rotation)) \(number(run.position.x)) \(number(run.position.y)))\""
            }
            return ("text", out)
        case let .group(group):
            var transform: [String] = []
            if group.translation != Point(0, 0) { transform.append("translate(\(number(group.translation.x)) \(number(group.translation.y)))") }
            if group.rotation != 0 { transform.append("rotate(\(number(group.rotation)))") }
            return ("g", transform.isEmpty ? "" : " transform=\"\(transform.joined(separator: " "))\"")
        }
    }

    private static func pointList(_ points: [Point]) -> String {
        points.map { number($0.x) + "," + number($0.y) }.joined(separator: " ")
    }

    private static func pathData(_ commands: [PathCommand]) -> String {
        commands.map { command in
            switch command {
            case let .move(p): "M" + number(p.x) + " " + number(p.y)
            case let .line(p): "L" + number(p.x) + " " + number(p.y)
            case let .curve(c1, c2, p): "C" + [c1, c2, p].map { number($0.x) + " " + number($0.y) }.joined(separator: " ")
            case .close: "Z"
            }
        }.joined(separator: " ")
    }

    /// A sector as arcs: outer arc clockwise, inner arc back (or the center for a pie slice). A full turn is two
    /// half-turn arcs (an arc from a point to itself draws nothing), the inner circle cut out by the even-odd rule.
    private static func sectorData(_ s: Sector) -> String {
        func p(_ angle: Double, _ radius: Double) -> String {
            let point = s.point(angle: angle, radius: radius)
            return number(point.x) + " " + number(point.y)
        }
        let R = number(s.outerRadius), r = number(s.innerRadius)
        if s.endAngle - s.startAngle >= 360 {
            var d = "M\(p(0, s.outerRadius)) A\(R) \(R) 0 1 1 \(p(180, s.outerRadius)) A\(R) \(R) 0 1 1 \(p(0, s.outerRadius)) Z"
            if s.innerRadius > 0 {
                d += " M\(p(0, s.innerRadius)) A\(r) \(r) 0 1 0 \(p(180, s.innerRadius)) A\(r) \(r) 0 1 0 \(p(0, s.innerRadius)) Z"
            }
            return d
        }
        let large = s.endAngle - s.startAngle > 180 ? 1 : 0
        var d = "M\(p(s.startAngle, s.outerRadius)) A\(R) \(R) 0 \(large) 1 \(p(s.endAngle, s.outerRadius))"
        if s.innerRadius > 0 {
            d += " L\(p(s.endAngle, s.innerRadius)) A\(r) \(r) 0 \(large) 0 \(p(s.startAngle, s.innerRadius)) Z"
        } else {
            d += " L\(number(s.center.x)) \(number(s.center.y)) Z"
        }
        return d
    }

    /// `value` with at most two decimals: rounded half away from zero, trailing zeros dropped, never `-0`.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let hundredths = (value * 100).rounded()
        guard hundredths.magnitude < 9e15 else { return String(Int64(value.rounded())) }
        let n = Int64(hundredths)
        if n == 0 { return "0" }
        let whole = n.magnitude / 100, fraction = n.magnitude % 100
        let sign = n < 0 ? "-" : ""
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
