// Tables and the links between their key fields. A link joins a field of
// one table to a field of another on equal values; the links must form a
// forest (no loop), as in Qlik, so that between two tables there is at
// most one path and a selection has exactly one meaning (ASSOCIATIVE.md).
// A loop is refused with the tables it goes through and the usual way out:
// a copy of one of the tables under another name for one of its roles.

/// Names a field of a table: `Table.Field`.
public struct FieldReference: Sendable, Hashable, CustomStringConvertible {
    public var table: String
    public var field: String

    public init(table: String, field: String) {
        self.table = table
        self.field = field
    }

    public var description: String { "\(table).\(field)" }
}

/// A link between two key fields.
public struct Link: Sendable, Equatable, CustomStringConvertible {
    public var from: FieldReference
    public var to: FieldReference

    public init(_ from: FieldReference, _ to: FieldReference) {
        self.from = from
        self.to = to
    }

    public var description: String { "\(from) = \(to)" }
}

/// How the rows of two linked tables match, measured from the data.
public struct LinkStatistics: Sendable, Equatable {
    public var link: Link
    /// Distinct key values of each side that have no partner on the other side.
    public var unmatchedFrom: Int
    public var unmatchedTo: Int
    /// Whether a key value occurs on at most one row of each side: `from` n:1 `to` when only `toIsUnique`.
    public var fromIsUnique: Bool
    public var toIsUnique: Bool

    /// `1:1`, `n:1`, `1:n` or `n:m`, from `from` to `to`.
    public var cardinality: String { (fromIsUnique ? "1" : "n") + ":" + (toIsUnique ? "1" : fromIsUnique ? "n" : "m") }
}

/// The tables of an app and the links between them.
public struct DataModel: Sendable {
    public let tables: [EngineTable]
    public let links: [Link]
    /// For each link, the code of the `to` field for each code of the `from` field (-1: no partner), and back.
    let forward: [[Int32]]
    let backward: [[Int32]]
    /// For each table, its links: (link index, whether the table is the link's `from` side).
    let adjacency: [[(link: Int, isFrom: Bool)]]
    /// For each link, the table and field indices of its `from` and `to` sides.
    let ends: [(from: (table: Int, field: Int), to: (table: Int, field: Int))]
    /// Recent propagations, shared by every query and list of the model.
    let propagations = RecentAnswers<PropagationQuestion, [Bitset?]>(capacity: 32)
    /// The rows of a table whose value in one field is among some codes: a selection's fields, each filtering its
    /// table (Propagation.swift). The same few (this year, the user's structure, a set's `family={'Monture'}`) come
    /// back in every propagation of a sheet, while the click brings one new.
    let restrictedRows = RecentAnswers<RestrictedRowsQuestion, Bitset>(capacity: 64)
    /// The codes a list box lists, by field and rights: those on some row the rights allow (FieldStates.swift). They
    /// do not change with the selection, so each click's list boxes read them instead of scanning the rows again.
    let listedCodes = RecentAnswers<ListedCodesQuestion, Bitset>(capacity: 256)
    /// The recent paths from a table's rows to a dimension (DimensionPath.swift): the same few serve every query.
    let dimensionPaths = RecentAnswers<DimensionPathQuestion, DimensionPath>(capacity: 256)

    public init(tables: [EngineTable], links: [Link]) throws(EngineError) {
        var names = Set<String>()
        for table in tables where !names.insert(table.name).inserted {
            throw EngineError(.invalidData, "two tables are named \(table.name)")
        }
        self.tables = tables
        self.links = links
        var adjacency = [[(link: Int, isFrom: Bool)]](repeating: [], count: tables.count)
        var forward: [[Int32]] = []
        var backward: [[Int32]] = []
        var ends: [(from: (table: Int, field: Int), to: (table: Int, field: Int))] = []
        // Union-find over tables: a link between two tables already connected closes a loop.
        var parent = Array(tables.indices)
        func root(_ t: Int) -> Int {
            var t = t
            while parent[t] != t { t = parent[t] }
            return t
        }
        for (i, link) in links.enumerated() {
            let (a, fa) = try Self.locate(link.from, in: tables)
            let (b, fb) = try Self.locate(link.to, in: tables)
            guard a != b else { throw EngineError(.invalidModel, "link \(link) joins table \(link.from.table) to itself") }
            if root(a) == root(b) {
                let path = Self.path(from: b, to: a, adjacency: adjacency, links: links, tables: tables)
                throw EngineError(.invalidModel, "link \(link) closes a loop: \((path + [tables[a].name]).joined(separator: " → ")); "
                    + "the tables must form a tree. Remove one link of the loop, or load one of its tables a second time under "
                    + "another name for its other role (a role-playing copy, e.g. Calendar and ShipCalendar)")
            }
            parent[root(a)] = root(b)
            ends.append(((a, fa), (b, fb)))
            adjacency[a].append((i, true))
            adjacency[b].append((i, false))
            let (ab, ba) = Self.codeMaps(tables[a].fields[fa], tables[b].fields[fb])
            forward.append(ab)
            backward.append(ba)
        }
        self.adjacency = adjacency
        self.ends = ends
        self.forward = forward
        self.backward = backward
    }

    /// The table index and field index of `reference`.
    static func locate(_ reference: FieldReference, in tables: [EngineTable]) throws(EngineError) -> (Int, Int) {
        guard let t = tables.firstIndex(where: { $0.name == reference.table }) else {
            throw EngineError(.unknownName, "no table \(reference.table) (tables: \(tables.map(\.name).joined(separator: ", ")))")
        }
        guard let f = tables[t].fields.firstIndex(where: { $0.name == reference.field }) else {
            throw EngineError(.unknownName, "table \(reference.table) has no field \(reference.field) (fields: \(tables[t].fields.map(\.name).joined(separator: ", ")))")
        }
        return (t, f)
    }

    /// The tables on the path from `start` to `goal` through the links added so far.
    static func path(from start: Int, to goal: Int, adjacency: [[(link: Int, isFrom: Bool)]], links: [Link], tables: [EngineTable]) -> [String] {
        var previous = [Int?](repeating: nil, count: tables.count)
        var queue = [start]
        var seen: Set<Int> = [start]
        while !queue.isEmpty {
            let t = queue.removeFirst()
            if t == goal { break }
            for (link, isFrom) in adjacency[t] {
                let other = Self.locateIndex(isFrom ? links[link].to.table : links[link].from.table, tables)
                if seen.insert(other).inserted {
                    previous[other] = t
                    queue.append(other)
                }
            }
        }
        var path: [String] = []
        var t: Int? = goal
        while let current = t {
            path.append(tables[current].name)
            t = previous[current]
        }
        return path
    }

    static func locateIndex(_ name: String, _ tables: [EngineTable]) -> Int { tables.firstIndex { $0.name == name } ?? 0 }

    /// Code maps between two fields on equal values (null matches nothing).
    static func codeMaps(_ a: EngineField, _ b: EngineField) -> ([Int32], [Int32]) {
        var ab = [Int32](repeating: -1, count: a.codes.codeCount)
        var ba = [Int32](repeating: -1, count: b.codes.codeCount)
        if a.type == b.type {
            // Both symbol tables are sorted the same way: one merge.
            var i = 0, j = 0
            while i < a.symbols.count && j < b.symbols.count {
                switch Self.compare(a.symbols, i, b.symbols, j) {
                case .less: i += 1
                case .greater: j += 1
                case .equal:
                    ab[i] = Int32(j)
                    ba[j] = Int32(i)
                    i += 1
                    j += 1
                }
            }
        } else {
            // Different types (an integer code and a text code): equal when they read the same.
            var byText: [String: Int] = [:]
            for j in 0..<b.symbols.count { byText[b.symbols.text(j)] = j }
            for i in 0..<a.symbols.count {
                if let j = byText[a.symbols.text(i)] {
                    ab[i] = Int32(j)
                    ba[j] = Int32(i)
                }
            }
        }
        return (ab, ba)
    }

    enum Order { case less, equal, greater }

    static func compare(_ a: SymbolTable, _ i: Int, _ b: SymbolTable, _ j: Int) -> Order {
        func order<T: Comparable>(_ x: T, _ y: T) -> Order { x < y ? .less : x == y ? .equal : .greater }
        switch (a.values, b.values) {
        case let (.text(x), .text(y)):
            return x[i] == y[j] ? .equal : x[i].utf8.lexicographicallyPrecedes(y[j].utf8) ? .less : .greater
        case let (.integer(x), .integer(y)): return order(x[i], y[j])
        case let (.number(x), .number(y)): return order(x[i], y[j])
        case let (.date(x), .date(y)): return order(x[i], y[j])
        case let (.timestamp(x), .timestamp(y)): return order(x[i], y[j])
        case let (.bool(x), .bool(y)): return x[i] == y[j] ? .equal : !x[i] ? .less : .greater
        default: return .less
        }
    }

    // MARK: Lookup

    /// The table index of `name`.
    public func tableIndex(_ name: String) throws(EngineError) -> Int {
        guard let t = tables.firstIndex(where: { $0.name == name }) else {
            throw EngineError(.unknownName, "no table \(name) (tables: \(tables.map(\.name).joined(separator: ", ")))")
        }
        return t
    }

    /// Resolves `Table.Field`, or a bare field name found in exactly one table.
    public func resolve(_ name: String) throws(EngineError) -> FieldReference {
        if let dot = name.firstIndex(of: "."), let t = tables.first(where: { $0.name == name[..<dot] }),
           t.field(String(name[name.index(after: dot)...])) != nil {
            return FieldReference(table: t.name, field: String(name[name.index(after: dot)...]))
        }
        let owners = tables.filter { $0.field(name) != nil }
        guard let owner = owners.first else { throw EngineError(.unknownName, "no field \(name) in any table") }
        guard owners.count == 1 else {
            throw EngineError(.unknownName, "field \(name) is in several tables (\(owners.map { "\($0.name).\(name)" }.joined(separator: ", "))): say which")
        }
        return FieldReference(table: owner.name, field: name)
    }

    /// The field at `reference`.
    public func field(_ reference: FieldReference) throws(EngineError) -> EngineField {
        let (t, f) = try Self.locate(reference, in: tables)
        return tables[t].fields[f]
    }

    /// Unmatched keys and uniqueness of each link.
    public func statistics() -> [LinkStatistics] {
        links.indices.map { i in
            let link = links[i]
            let a = tables[ends[i].from.table].fields[ends[i].from.field], b = tables[ends[i].to.table].fields[ends[i].to.field]
            let fa = Bitset.frequencies(of: a.codes, on: nil), fb = Bitset.frequencies(of: b.codes, on: nil)
            var unmatchedFrom = 0, unmatchedTo = 0
            for code in 0..<a.symbols.count where forward[i][code] < 0 && fa[code] > 0 { unmatchedFrom += 1 }
            for code in 0..<b.symbols.count where backward[i][code] < 0 && fb[code] > 0 { unmatchedTo += 1 }
            return LinkStatistics(link: link, unmatchedFrom: unmatchedFrom, unmatchedTo: unmatchedTo,
                                  fromIsUnique: fa.dropLast().allSatisfy { $0 <= 1 }, toIsUnique: fb.dropLast().allSatisfy { $0 <= 1 })
        }
    }

    /// Bytes held by every table.
    public var memory: Int { tables.reduce(0) { $0 + $1.memory } }
}
