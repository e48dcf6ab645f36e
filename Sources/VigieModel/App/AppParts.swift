// The parts of an app file besides its tables and links: derived calendar
// fields, hierarchies and named measures. Each keeps the line it was
// written on, so that a name the data does not have is reported at that
// line when the app is loaded (LoadedApp.swift), not only when the file is
// parsed.

import VigieExpressions

/// A name written in an app file, with its line (1-based; 0 when built by code).
public struct NameReference: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var line: Int

    public init(_ name: String, line: Int = 0) {
        self.name = name
        self.line = line
    }

    public var description: String { name }
}

/// Calendar fields derived from a date field when the app loads: `Year`, `Quarter` (`T1`…`T4`), `Month` (1…12),
/// `MonthName`, `YearMonth` (`2024-03`), `Week` (ISO 8601) and `WeekDay` (the day's name, Monday first), each
/// name preceded by `prefix`, added to the date field's table.
public struct CalendarSpec: Sendable, Hashable {
    /// The date (or timestamp) field: `Table.field`, or a field name only one table has.
    public var field: String
    public var prefix: String
    /// The language of month and day names (the values users select, so one per app).
    public var language: Language
    public var line: Int

    public init(field: String, prefix: String = "", language: Language = .french, line: Int = 0) {
        self.field = field
        self.prefix = prefix
        self.language = language
        self.line = line
    }
}

/// Fields from the coarsest to the finest (union → structure → establishment; Year → Quarter → Month): a chart
/// dimension named after a hierarchy drills down along it.
public struct Hierarchy: Sendable, Hashable {
    public var name: String
    public var levels: [NameReference]
    public var line: Int

    public init(name: String, levels: [NameReference], line: Int = 0) {
        self.name = name
        self.levels = levels
        self.line = line
    }
}

/// A named measure of an app, as sheets name it.
public struct AppMeasure: Sendable, Equatable {
    public var name: String
    public var label: LocalizedText
    public var expression: MeasureExpression
    /// A number or date pattern (`# ##0,00 €`, `0.0%`); nil for plain numbers.
    public var format: String?
    public var description: LocalizedText?
    /// The line of the expression, where mistakes in it are.
    public var line: Int

    public init(name: String, label: LocalizedText? = nil, expression: MeasureExpression, format: String? = nil,
                description: LocalizedText? = nil, line: Int = 0) {
        self.name = name
        self.label = label ?? LocalizedText(name)
        self.expression = expression
        self.format = format
        self.description = description
        self.line = line
    }
}
