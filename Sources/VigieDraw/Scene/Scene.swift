// The vector scene every drawing goes through: charts draw into it once,
// and each writer (SVG for the web page, PDF for reports) writes it out.
// Coordinates are points (1/72 inch, one CSS pixel on screen), y downward,
// origin at the top left, as in SVG; a PDF writer flips y itself.
//
// Nothing in a scene depends on a writer: no CSS, no SVG-only feature.
// Texts are placed on their alphabetic baseline computed from Helvetica's
// metrics (TextRun.baselineY), sectors are shapes of their own (SVG writes
// arcs, PDF Bézier curves), and selection states are drawn (faded fills)
// as well as carried, so paper shows what the screen shows.

import Foundation

/// A drawing: its size, what it is about (for screen readers), and its nodes in painting order.
public struct Scene: Sendable {
    public var width: Double
    public var height: Double
    /// A short description of the whole drawing (SVG `aria-label`, PDF alternative text).
    public var label: String
    public var nodes: [Node]

    public init(width: Double, height: Double, label: String, nodes: [Node] = []) {
        self.width = width
        self.height = height
        self.label = label
        self.nodes = nodes
    }

    public mutating func add(_ node: Node) {
        nodes.append(node)
    }

    /// Every node with `cssClass` among its classes, groups searched depth first, in painting order.
    public func nodes(withClass cssClass: String) -> [Node] {
        var found: [Node] = []
        func visit(_ nodes: [Node]) {
            for node in nodes {
                if node.mark.classes.contains(cssClass) { found.append(node) }
                if case let .group(group) = node.shape { visit(group.children) }
            }
        }
        visit(nodes)
        return found
    }
}

/// A point in scene coordinates.
public struct Point: Sendable, Hashable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// An axis-aligned rectangle.
public struct Rect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var maxX: Double { x + width }
    public var maxY: Double { y + height }
}

/// One thing drawn: a shape, how it is painted, and what it means to the page.
public struct Node: Sendable {
    public var shape: Shape
    public var style: Style
    public var mark: Mark

    public init(_ shape: Shape, style: Style = Style(), mark: Mark = Mark()) {
        self.shape = shape
        self.style = style
        self.mark = mark
    }

    public indirect enum Shape: Sendable {
        case rect(Rect)
        case line(Point, Point)
        case polyline([Point])
        case polygon([Point])
        case path([PathCommand])
        case circle(center: Point, radius: Double)
        case sector(Sector)
        case text(TextRun)
        case group(Group)
    }
}

/// A step of a path.
public enum PathCommand: Sendable, Hashable {
    case move(Point)
    case line(Point)
    /// A cubic Bézier curve through two control points.
    case curve(Point, Point, Point)
    case close
}

/// A pie or donut slice. Angles are degrees clockwise from 12 o'clock, as a pie is read.
public struct Sector: Sendable, Hashable {
    public var center: Point
    /// 0 for a pie slice, more for a donut's.
    public var innerRadius: Double
    public var outerRadius: Double
    public var startAngle: Double
    public var endAngle: Double

    public init(center: Point, innerRadius: Double, outerRadius: Double, startAngle: Double, endAngle: Double) {
        self.center = center
        self.innerRadius = innerRadius
        self.outerRadius = outerRadius
        self.startAngle = startAngle
        self.endAngle = endAngle
    }

    /// The point at `angle` (degrees clockwise from 12 o'clock) and `radius` from the center.
    public func point(angle: Double, radius: Double) -> Point {
        let radians = angle * .pi / 180
        return Point(center.x + radius * sin(radians), center.y - radius * cos(radians))
    }
}

/// Nodes drawn together, moved and turned as one.
public struct Group: Sendable {
    public var children: [Node]
    /// Applied to the children: first the rotation (degrees clockwise, about the origin), then the translation.
    public var translation: Point
    public var rotation: Double

    public init(_ children: [Node], translation: Point = Point(0, 0), rotation: Double = 0) {
        self.children = children
        self.translation = translation
        self.rotation = rotation
    }
}

/// How a shape is painted.
public struct Style: Sendable, Hashable {
    public var fill: Color?
    public var stroke: Color?
    public var strokeWidth: Double
    /// Dash and gap lengths; empty for a solid line.
    public var dash: [Double]
    /// 0 (invisible) to 1 (opaque), for fill and stroke alike.
    public var opacity: Double

    public init(fill: Color? = nil, stroke: Color? = nil, strokeWidth: Double = 1, dash: [Double] = [], opacity: Double = 1) {
        self.fill = fill
        self.stroke = stroke
        self.strokeWidth = strokeWidth
        self.dash = dash
        self.opacity = opacity
    }

    public static func filled(_ color: Color, opacity: Double = 1) -> Style { Style(fill: color, opacity: opacity) }
    public static func stroked(_ color: Color, width: Double = 1, dash: [Double] = []) -> Style {
        Style(stroke: color, strokeWidth: width, dash: dash)
    }
}

/// An opaque sRGB colour.
public struct Color: Sendable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from 0xRRGGBB.
    public init(_ rgb: UInt32) {
        self.init(red: UInt8(rgb >> 16 & 0xFF), green: UInt8(rgb >> 8 & 0xFF), blue: UInt8(rgb & 0xFF))
    }

    /// `#rrggbb`.
    public var hex: String {
        "#" + [red, green, blue].map { $0 < 16 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    public static let black = Color(0x000000)
    public static let white = Color(0xFFFFFF)
}
