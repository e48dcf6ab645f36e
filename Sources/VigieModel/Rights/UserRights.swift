// A user's rights as an administrator writes them, independent of any app:
// the values they may see in some fields (`structure in [S03, S07]`) and
// fields hidden from them, by field name. Each app compiles them to the
// engine's `Rights` with its own table names. A rule on a field the app
// does not have closes the app to the user: an app that cannot apply a
// restriction must not show everything instead.

import Foundation
import VigieEngine

/// What a user may see, by field name (`structure`, or `Table.structure` for one table's field).
public struct UserRights: Sendable, Hashable, Codable {
    /// Field name → the values the user may see.
    public var allowed: [String: [String]]
    /// Field names the user may not see.
    public var hidden: [String]

    public init(allowed: [String: [String]] = [:], hidden: [String] = []) {
        self.allowed = allowed
        self.hidden = hidden
    }

    public static let unrestricted = UserRights()

    /// Reads rules written `FIELD in [V1, V2]` or `FIELD=V1,V2` (values trimmed).
    public init(rules: [String], hidden: [String]) throws(EngineError) {
        var allowed: [String: [String]] = [:]
        for rule in rules {
            let field: Substring, list: Substring
            if let range = rule.range(of: " in ") {
                field = rule[..<range.lowerBound]
                let bracketed = rule[range.upperBound...].trimmingCharacters(in: .whitespaces)
                list = Substring(bracketed.hasPrefix("[") && bracketed.hasSuffix("]") ? String(bracketed.dropFirst().dropLast()) : bracketed)
            } else if let equals = rule.firstIndex(of: "=") {
                field = rule[..<equals]
                list = rule[rule.index(after: equals)...]
            } else {
                throw EngineError(.invalidSelection, "a right is written 'field in [V1, V2]' or 'field=V1,V2', not '\(rule)'")
            }
            let name = field.trimmingCharacters(in: .whitespaces)
            let values = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !name.isEmpty else { throw EngineError(.invalidSelection, "a right needs a field: '\(rule)'") }
            allowed[name, default: []] += values
        }
        self.init(allowed: allowed, hidden: hidden)
    }

    /// The rules as `field in [V1, V2]`, fields in name order.
    public var rules: [String] {
        allowed.sorted { $0.key < $1.key }.map { "\($0.key) in [\($0.value.joined(separator: ", "))]" }
    }
}

extension LoadedApp {
    /// The engine's rights of a user in this app; nil when a rule names a field the app does not have (the user may
    /// not open the app). A bare field name applies to every table that has it.
    public func rights(_ user: UserRights) -> Rights? {
        var rights = Rights()
        for (name, values) in user.allowed {
            let fields = references(name)
            guard !fields.isEmpty else { return nil }
            for field in fields { rights.allowed[field.description] = values }
        }
        for name in user.hidden {
            for field in references(name) { rights.hidden.insert(field.description) }
        }
        return rights
    }

    /// Every field called `name` (`Table.field`, or that name in any table).
    private func references(_ name: String) -> [FieldReference] {
        if let exact = try? data.resolve(name), name.contains(".") { return [exact] }
        return data.tables.filter { $0.field(name) != nil }.map { FieldReference(table: $0.name, field: name) }
    }
}
