// A change of the selection, as a click, a search or a button asks it. The
// selection itself lives in the URL (the engine's compact parameter `s`),
// so a change is a pure function from one URL to the next: the page
// follows a redirect to the new URL, and back and forward in the browser
// are back and forward in the selections.

import VigieEngine
import VigieModel

/// One change of a selection.
struct SelectionChange: Sendable {
    enum Operation: String, Sendable, CaseIterable {
        /// The values become the field's selection (a click).
        case select
        /// Each value is added or removed (ctrl/cmd-click).
        case toggle
        /// The values a search matches become the selection.
        case search
        case clear
        case clearAll = "clear-all"
        case lock
        case unlock
    }

    var operation: Operation
    var field: String?
    var values: [String]
    var search: String?

    /// Reads the parameters `op` (default: `search` when `search` is given, else `select`), `field`, `value` (repeated)
    /// and `search`.
    init(parameters: FormParameters) throws(ServerError) {
        search = parameters["search"].flatMap { $0.isEmpty ? nil : $0 }
        let name = parameters["op"] ?? (search != nil ? "search" : "select")
        guard let operation = Operation(rawValue: name) else {
            throw ServerError(.badRequest, "op is one of \(Operation.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
        }
        self.operation = operation
        field = parameters["field"]
        values = parameters.all("value")
        if operation != .clearAll && field == nil { throw ServerError(.badRequest, "op \(name) needs a field") }
        if operation == .search && search == nil { throw ServerError(.badRequest, "op search needs a search text") }
    }

    /// `selection` after the change, in `opened` as the user sees it.
    func applied(to selection: Selection, in opened: OpenedApp, by exploration: Exploration) throws(ServerError) -> Selection {
        var next = selection
        guard operation != .clearAll else {
            next.clearAll()
            return next
        }
        let field = try exploration.field(self.field ?? "", of: opened)
        switch operation {
        case .select: next.select(values, in: field)
        case .toggle: next.select(values, in: field, mode: .toggle)
        case .search: next.select(try exploration.search(search ?? "", in: field, of: opened), in: field)
        case .clear: next.clear(field)
        case .lock: next.lock(field)
        case .unlock: next.lock(field, false)
        case .clearAll: break
        }
        return try exploration.visible(next, in: opened)
    }
}
