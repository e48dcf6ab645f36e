// A selection state: for some fields, the set of values selected in them
// (ASSOCIATIVE.md). It is a plain value, independent of any loaded data:
// values are kept as the texts users read (`Bretagne`, `2016`,
// `2024-03-05`), so a state serialises to JSON and to a short URL
// parameter, travels with every request, and works as a bookmark after the
// data is reloaded. Searches and conditions become value sets when applied
// (`Selection.Request`), as in Qlik.

import Foundation

/// The values selected in each field.
public struct Selection: Sendable, Hashable, Codable {
    /// The selected values of one field, and whether the field is locked.
    public struct FieldSelection: Sendable, Hashable, Codable {
        public var values: [String]
        public var locked: Bool

        public init(values: [String], locked: Bool = false) {
            self.values = values
            self.locked = locked
        }
    }

    /// By field, as `Table.Field`.
    public private(set) var fields: [String: FieldSelection] = [:]

    public init() {}

    public var isEmpty: Bool { fields.isEmpty }

    /// What to do with the values a request matches.
    public enum Mode: Sendable {
        /// They become the field's selection.
        case replace
        /// Each one is added if absent, removed if present.
        case toggle
        /// They are added.
        case add
    }

    /// Applies `values` to `field` (no change when the field is locked). An empty result clears the field.
    public mutating func select(_ values: [String], in field: FieldReference, mode: Mode = .replace) {
        let key = field.description
        guard fields[key]?.locked != true else { return }
        var current = Set(fields[key]?.values ?? [])
        switch mode {
        case .replace: current = Set(values)
        case .add: current.formUnion(values)
        case .toggle: current.formSymmetricDifference(values)
        }
        fields[key] = current.isEmpty ? nil : FieldSelection(values: current.sorted(), locked: false)
    }

    /// Clears `field`, unless it is locked (or `evenIfLocked`, as set analysis does).
    public mutating func clear(_ field: FieldReference, evenIfLocked: Bool = false) {
        guard evenIfLocked || fields[field.description]?.locked != true else { return }
        fields[field.description] = nil
    }

    /// Restricts `field` to exactly `values`, locks ignored; no value means no row (set analysis, rights).
    mutating func restrict(_ field: FieldReference, to values: [String]) {
        fields[field.description] = FieldSelection(values: Array(Set(values)).sorted(), locked: false)
    }

    /// Clears every field that is not locked.
    public mutating func clearAll() {
        fields = fields.filter { $0.value.locked }
    }

    /// Locks (or unlocks) the selection of `field`; a field without selection cannot be locked.
    public mutating func lock(_ field: FieldReference, _ locked: Bool = true) {
        fields[field.description]?.locked = locked
    }

    /// The selected values of `field`, nil when it is free.
    public func values(of field: FieldReference) -> [String]? { fields[field.description]?.values }

    /// The selection without `field`'s values (locked or not): for alternative values.
    public func removing(_ field: FieldReference) -> Selection {
        var copy = self
        copy.fields[field.description] = nil
        return copy
    }

    // MARK: Serialisation

    /// The state as JSON, fields in name order: `{"fields":{"Activity.Line":{"locked":false,"values":["EHPAD"]}}}`.
    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    public init(json: String) throws(EngineError) {
        do { self = try JSONDecoder().decode(Selection.self, from: Data(json.utf8)) } catch {
            throw EngineError(.invalidSelection, "not a selection state: \(error)")
        }
    }

    /// The state as a URL query parameter value: its JSON in base64url, without padding (empty when nothing is selected).
    public var urlParameter: String {
        guard !isEmpty else { return "" }
        // base64url without padding, byte by byte (pages write it in many links).
        var out: [UInt8] = []
        for byte in Data(json.utf8).base64EncodedString().utf8 {
            switch byte {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    public init(urlParameter: String) throws(EngineError) {
        guard !urlParameter.isEmpty else {
            self.init()
            return
        }
        var base64 = urlParameter.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64) else { throw EngineError(.invalidSelection, "the selection parameter is not base64url") }
        try self.init(json: String(decoding: data, as: UTF8.self))
    }
}
