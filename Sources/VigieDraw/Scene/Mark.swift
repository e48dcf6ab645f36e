// What a drawn node means to the page that shows it: CSS classes,
// `data-*` attributes that say which field value it stands for (clicking
// it selects that value), the value's selection state, and a tooltip.

/// The state of a field value under the current selection (ASSOCIATIVE.md), as marks carry it.
public enum SelectionState: String, Sendable, Hashable, CaseIterable {
    case selected, possible, alternative, excluded

    /// The state of a mark that stands for several values at once (a stacked segment: a category and a series):
    /// excluded if any is, then alternative if any is, selected only when all are, possible otherwise.
    public static func combined(_ states: [SelectionState]) -> SelectionState {
        if states.contains(.excluded) { return .excluded }
        if states.contains(.alternative) { return .alternative }
        if !states.isEmpty, states.allSatisfy({ $0 == .selected }) { return .selected }
        return .possible
    }
}

/// Interaction metadata of a node.
public struct Mark: Sendable, Hashable {
    /// CSS classes, in order.
    public var classes: [String]
    /// `data-*` attributes in order, names without the `data-` prefix (`field`, `value`).
    public var data: [DataAttribute]
    /// Written as `data-state`.
    public var state: SelectionState?
    /// Shown on hover (SVG `<title>`).
    public var tooltip: String?

    public init(classes: [String] = [], data: [DataAttribute] = [], state: SelectionState? = nil, tooltip: String? = nil) {
        self.classes = classes
        self.data = data
        self.state = state
        self.tooltip = tooltip
    }

    /// A mark for one value of a field: `data-field`, `data-value` and its state.
    public static func value(_ value: String, of field: String, state: SelectionState, classes: [String],
                             tooltip: String? = nil) -> Mark {
        Mark(classes: classes, data: [DataAttribute("field", field), DataAttribute("value", value)], state: state, tooltip: tooltip)
    }

    /// The value of a `data-*` attribute.
    public subscript(data name: String) -> String? {
        data.first { $0.name == name }?.value
    }
}

/// One `data-*` attribute: its name without the prefix, and its value.
public struct DataAttribute: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
