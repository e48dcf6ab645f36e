// Sheets: what a user sees of an app, a grid of objects (charts, tables,
// filter panes) that each name the app's dimensions and measures. The grid
// has 12 columns; each object takes `width` of them and objects flow in
// rows, as in Qlik Sense's sheet editor.

/// A sheet of an app.
public struct Sheet: Sendable, Equatable {
    public var name: String
    public var title: LocalizedText
    public var objects: [SheetObject]
    public var line: Int

    public init(name: String, title: LocalizedText? = nil, objects: [SheetObject], line: Int = 0) {
        self.name = name
        self.title = title ?? LocalizedText(name)
        self.objects = objects
        self.line = line
    }

    public func object(_ name: String) -> SheetObject? { objects.first { $0.name == name } }
}

/// One object of a sheet.
public struct SheetObject: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        case kpi, bar, stackedbar, line, combo, pie, scatter, table, pivot, filter

        /// Whether the object is drawn as a chart (the others are HTML tables or list boxes).
        public var isChart: Bool { ![.table, .pivot, .filter].contains(self) }
    }

    /// The order of an object's lines: by one of its dimensions or measures (by name).
    public struct Sort: Sendable, Hashable {
        public var by: String
        public var descending: Bool
        public var line: Int

        public init(by: String, descending: Bool, line: Int = 0) {
            self.by = by
            self.descending = descending
            self.line = line
        }
    }

    /// Unique in its sheet; the API and exports name the object by it.
    public var name: String
    public var kind: Kind
    public var title: LocalizedText?
    /// Fields or hierarchies (a hierarchy drills down).
    public var dimensions: [NameReference]
    /// Names of the app's measures, or measure expressions written inline.
    public var measures: [NameReference]
    /// A filter pane's fields (a hierarchy stands for its levels).
    public var fields: [NameReference]
    public var sort: Sort?
    /// Keep this many lines, the rest gathered in an "Others" line.
    public var limit: Int?
    /// Columns of the sheet's 12-column grid.
    public var width: Int
    public var line: Int

    public init(name: String, kind: Kind, title: LocalizedText? = nil, dimensions: [NameReference] = [], measures: [NameReference] = [],
                fields: [NameReference] = [], sort: Sort? = nil, limit: Int? = nil, width: Int = 6, line: Int = 0) {
        self.name = name
        self.kind = kind
        self.title = title
        self.dimensions = dimensions
        self.measures = measures
        self.fields = fields
        self.sort = sort
        self.limit = limit
        self.width = width
        self.line = line
    }
}
