// Tests of the scene and its SVG writer: well-formed XML (FoundationXML's
// parser), escaping, rounding, interaction attributes and text metrics.

import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import VigieDraw

/// The elements of an XML document with their attributes and text, or the parser's error.
final class XMLElements: NSObject, XMLParserDelegate {
    struct Element {
        var name: String
        var attributes: [String: String]
        var text = ""
    }

    private(set) var elements: [Element] = []
    private var open: [Int] = []

    static func parse(_ xml: String) throws -> [Element] {
        let delegate = XMLElements()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            throw parser.parserError ?? DrawError(.invalidData, "the XML does not parse")
        }
        return delegate.elements
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        open.append(elements.count)
        elements.append(Element(name: name, attributes: attributes))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let last = open.last { elements[last].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        open.removeLast()
    }
}

@Suite("Scene and SVG")
struct SVGWriterTests {
    static let nasty = "<b>&\"x\"</b> 'y'\u{1}"

    static var scene: Scene {
        var scene = Scene(width: 200.004, height: 100, label: "Chiffre d'affaires par <structure>")
        scene.add(Node(.rect(Rect(x: 10.005, y: 90, width: 20, height: -40.123)), style: .filled(Color(0x0072B2)),
                       mark: .value(nasty, of: "Structure", state: .excluded, classes: ["vd-bar"], tooltip: nasty + ": 12 k€")))
        scene.add(Node(.text(TextRun(nasty, at: Point(5, 50), anchor: .middle, baseline: .middle, size: 10, bold: true, rotation: -45))))
        scene.add(Node(.group(Group([Node(.line(Point(0, 0), Point(-0.001, 1.2345)), style: .stroked(.black, dash: [2, 2]))],
                                    translation: Point(3, 4)))))
        scene.add(Node(.sector(Sector(center: Point(50, 50), innerRadius: 10, outerRadius: 40, startAngle: 0, endAngle: 360)),
                       style: .filled(Color(0xE69F00))))
        return scene
    }

    @Test("well-formed, escaped, labelled, with the mark's attributes and tooltip")
    func wellFormed() throws {
        let svg = SVGWriter().svg(Self.scene)
        let elements = try XMLElements.parse(svg)
        let root = try #require(elements.first)
        #expect(root.name == "svg")
        #expect(root.attributes["viewBox"] == "0 0 200 100")
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["aria-label"] == "Chiffre d'affaires par <structure>")
        let rect = try #require(elements.first { $0.name == "rect" })
        #expect(rect.attributes["data-value"] == "<b>&\"x\"</b> 'y'")
        #expect(rect.attributes["data-field"] == "Structure")
        #expect(rect.attributes["data-state"] == "excluded")
        #expect(rect.attributes["class"] == "vd-bar")
        #expect(rect.attributes["y"] == "49.88" && rect.attributes["height"] == "40.12" && rect.attributes["x"] == "10.01")
        #expect(elements.first { $0.name == "title" }?.text == "<b>&\"x\"</b> 'y': 12 k€")
        let text = try #require(elements.first { $0.name == "text" })
        #expect(text.text == "<b>&\"x\"</b> 'y'")
        #expect(text.attributes["transform"] == "rotate(-45 5 50)")
        #expect(text.attributes["y"] == SVGWriter.number(50 + 10 * FontMetrics.capHeight / 2))
        #expect(elements.first { $0.name == "line" }?.attributes["x2"] == "0")
        #expect(elements.first { $0.name == "g" }?.attributes["transform"] == "translate(3 4)")
        #expect(SVGWriter().svg(Self.scene) == svg)
    }

    @Test(arguments: [(1.0, "1"), (1.0051, "1.01"), (-1.0051, "-1.01"), (1.0049, "1"), (-0.004, "0"), (0.1, "0.1"), (2.25, "2.25"),
                      (123_456.789, "123456.79"), (.nan, "0"), (0.05, "0.05")])
    func numbers(value: Double, text: String) {
        #expect(SVGWriter.number(value) == text)
    }

    @Test func textWidths() {
        #expect(FontMetrics.width("Hello", size: 10) == (722 + 556 + 222 + 222 + 556) / 100.0)
        #expect(FontMetrics.width("é", size: 10) == FontMetrics.width("e", size: 10))
        #expect(FontMetrics.width("W", size: 10, bold: true) == 9.44)
        let cut = FontMetrics.truncated("Centre dentaire de Lille-Fives", toWidth: 60, size: 10)
        #expect(cut.hasSuffix("…") && FontMetrics.width(cut, size: 10) <= 60 && cut.count > 3)
        #expect(FontMetrics.truncated("Lille", toWidth: 60, size: 10) == "Lille")
        #expect(FontMetrics.truncated("Lille", toWidth: 5, size: 10) == "")
    }
}
