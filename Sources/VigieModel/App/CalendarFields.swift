// Calendar fields derived from a date field when an app loads, so that
// sheets can group and select by year, quarter, month or week without the
// lake storing them. Each derived value is computed once per distinct day
// (a timestamp's instants share their day's), through the expression
// language's date functions and ValueFormat's month and day names, and the
// rows take it through the date field's codes: a fact table of millions of
// rows over a few years of days costs a few thousand evaluations.
//
// Month and day names do not sort alphabetically; `valueOrders` gives the
// calendar order of those fields, which the pages and charts follow.

import VigieEngine
import VigieExpressions

struct CalendarFields {
    let spec: CalendarSpec

    init(_ spec: CalendarSpec) { self.spec = spec }

    /// A derived field: its name (without the prefix) and how a day gives its value.
    private enum Derived: CaseIterable {
        case year, quarter, month, monthName, yearMonth, week, weekDay

        var name: String {
            switch self {
            case .year: "Year"
            case .quarter: "Quarter"
            case .month: "Month"
            case .monthName: "MonthName"
            case .yearMonth: "YearMonth"
            case .week: "Week"
            case .weekDay: "WeekDay"
            }
        }

        var type: FieldType { [.year, .month, .week].contains(self) ? .integer : .text }
    }

    /// The derived fields' names, in the order they are added.
    var fieldNames: [String] { Derived.allCases.map { spec.prefix + $0.name } }

    /// Adds the derived fields to the table holding the date field.
    func add(to tables: inout [EngineTable]) throws(EngineError) {
        let (t, date) = try locate(in: tables)
        let days: [Int64]
        switch date.symbols.values {
        case let .date(v): days = v.map(Int64.init)
        case let .timestamp(v): days = v.map { Int64(($0 >= 0 ? $0 : $0 - 86_399_999_999) / 86_400_000_000) }
        default: throw EngineError(.invalidData, "\(spec.field) holds \(date.type) values, not dates")
        }
        // A timestamp field has a symbol per instant but few days: each day's values are computed once.
        let distinctDays = Array(Set(days)).sorted()
        let position = Dictionary(uniqueKeysWithValues: distinctDays.enumerated().map { ($1, $0) })
        let slots = days.map { position[$0]! }
        var rows = RowIndices(nullCode: date.nullCode)
        date.codes.read(&rows)
        var fields = tables[t].fields
        for derived in Derived.allCases {
            let name = spec.prefix + derived.name
            guard tables[t].field(name) == nil else { throw EngineError(.invalidData, "table \(tables[t].name) already has a field \(name)") }
            let dictionary: SymbolTable.Values
            if derived.type == .integer {
                let perDay = try distinctDays.map { (day) throws(EngineError) in try number(derived, day) }
                dictionary = .integer(slots.map { perDay[$0] })
            } else {
                let perDay = try distinctDays.map { (day) throws(EngineError) in try text(derived, day) }
                dictionary = .text(slots.map { perDay[$0] })
            }
            var builder = FieldBuilder(name: name, type: derived.type)
            builder.append(dictionary: dictionary, indices: rows.indices, validity: rows.hasNulls ? rows.validity : nil, rowCount: date.rowCount)
            fields.append(builder.finish())
        }
        tables[t] = try EngineTable(name: tables[t].name, fields: fields)
    }

    /// The calendar order of the month and day names (they are texts, which the engine sorts alphabetically).
    var valueOrders: [String: [String]] {
        // 2001-01-01 (day 11 323) was a Monday; the 15th of each month of 2001 names the months.
        let mondays = (0..<7).map { 11_323 + Int32($0) }
        let months = (0..<12).map { 11_323 + 14 + Int32((Double($0) * 30.44).rounded(.down)) }
        return [spec.prefix + Derived.monthName.name: months.map { format("MMMM", $0) },
                spec.prefix + Derived.weekDay.name: mondays.map { format("WWWW", $0) }]
    }

    private func format(_ pattern: String, _ day: Int32) -> String { ValueFormat(date: pattern, language: spec.language).text(.date(day)) }

    private func number(_ derived: Derived, _ day: Int64) throws(EngineError) -> Int64 {
        let function = switch derived {
        case .year: "year"
        case .month: "month"
        default: "week"
        }
        let value: RowValue
        do { value = try RowExpression("\(function)(d)").evaluate { _ in .date(Int32(truncatingIfNeeded: day)) } } catch {
            throw EngineError(.invalidData, error.description)
        }
        guard case let .int(number) = value else { throw EngineError(.invalidData, "\(function)() of day \(day) gave \(value), not an integer") }
        return number
    }

    private func text(_ derived: Derived, _ day: Int64) throws(EngineError) -> String {
        let date = Int32(truncatingIfNeeded: day)
        switch derived {
        case .quarter: return "T\((try number(.month, day) + 2) / 3)"
        case .monthName: return format("MMMM", date)
        case .yearMonth: return format("YYYY-MM", date)
        default: return format("WWWW", date)
        }
    }

    private func locate(in tables: [EngineTable]) throws(EngineError) -> (Int, EngineField) {
        if let dot = spec.field.firstIndex(of: "."), let t = tables.firstIndex(where: { $0.name == spec.field[..<dot] }),
           let field = tables[t].field(String(spec.field[spec.field.index(after: dot)...])) {
            return (t, field)
        }
        let owners = tables.indices.filter { tables[$0].field(spec.field) != nil }
        guard owners.count == 1, let field = tables[owners[0]].field(spec.field) else {
            throw EngineError(.unknownName, owners.isEmpty ? "no field \(spec.field) in any table" : "field \(spec.field) is in several tables: say which (Table.field)")
        }
        return (owners[0], field)
    }
}

/// A date field's codes as dictionary indices: each non-null row's code, and which rows are null.
private struct RowIndices: CodeReader {
    let nullCode: Int
    var indices: [UInt32] = []
    var validity: [Bool] = []
    var hasNulls = false

    init(nullCode: Int) { self.nullCode = nullCode }

    mutating func read<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
        indices.reserveCapacity(codes.count)
        validity.reserveCapacity(codes.count)
        for code in codes {
            let present = Int(code) != nullCode
            validity.append(present)
            if present { indices.append(UInt32(code)) } else { hasNulls = true }
        }
    }
}
