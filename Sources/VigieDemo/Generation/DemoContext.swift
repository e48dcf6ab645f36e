// What every generator reads (the seed, the days, the group, the reference
// data, the prescribers) and what it hands back: the files it wrote, its
// rows, the money each site made each month (the finance books it), and
// the wrong rows it planted.

import Foundation

/// The shared, read-only inputs of the generators.
struct DemoContext: Sendable {
    let seed: UInt64
    let calendar: DemoCalendar
    let reference: ReferenceData
    let organisation: Organisation
    let prescribers: Prescribers
    /// The workspace's folder.
    let root: String

    init(options: DemoOptions, root: String, reference: ReferenceData) {
        seed = options.seed
        calendar = DemoCalendar(holidays: reference.holidays)
        self.reference = reference
        organisation = Organisation(seed: options.seed, scale: options.scale, reference: reference)
        prescribers = Prescribers(seed: options.seed, reference: reference, organisation: organisation)
        self.root = root
    }

    /// Creates `sources/<folder>` and gives the path of `name` in it, and its path relative to the workspace.
    func file(_ folder: String, _ name: String) throws(DemoError) -> (path: String, relative: String) {
        let relative = "sources/" + folder + "/" + name
        do {
            try FileManager.default.createDirectory(atPath: root + "/sources/" + folder, withIntermediateDirectories: true)
        } catch {
            throw DemoError(.io, "cannot create \(root)/sources/\(folder): \(error.localizedDescription)")
        }
        return (root + "/" + relative, relative)
    }

    /// Activity's multiplier for a site on a day: its level, its yearly trend, the August dip (`august` is what
    /// is left of activity then) and the first year's ramp of a site that opened recently.
    func intensity(_ site: Establishment, day: Int, august: Double) -> Double {
        let absolute = calendar.firstDay + day
        let years = Double(day) / 365.25
        var value = site.level * (1 + site.growth * years)
        if calendar.month[day] % 12 == 7 { value *= august }
        let age = absolute - site.openedOn
        if age < 365 { value *= 0.35 + 0.65 * Double(max(age, 0)) / 365 }
        return value
    }

    /// The day index a site opened, or 0 if it opened before the demo's first day.
    func firstOpenDay(_ site: Establishment) -> Int { max(0, site.openedOn - calendar.firstDay) }

    /// The day indices of year 0, 1 or 2 from the day the site opened.
    func days(of site: Establishment, year: Int) -> Range<Int> {
        let days = calendar.days(ofYear: year)
        return min(max(days.lowerBound, firstOpenDay(site)), days.upperBound)..<days.upperBound
    }
}

/// Money per site and month, in cents, for the general ledger: sales (booked on class 70 accounts), grants
/// (class 74) and gross pay (class 64).
struct MonthlyAmounts: Sendable {
    var sales: [Int: [Int]] = [:]
    var grants: [Int: [Int]] = [:]
    var payroll: [Int: [Int]] = [:]

    static let none = [Int](repeating: 0, count: DemoCalendar.years * 12)

    mutating func sell(_ cents: Int, site: Int, month: Int) { sales[site, default: Self.none][month] += cents }
    mutating func grant(_ cents: Int, site: Int, month: Int) { grants[site, default: Self.none][month] += cents }
    mutating func pay(_ cents: Int, site: Int, month: Int) { payroll[site, default: Self.none][month] += cents }

    mutating func merge(_ other: MonthlyAmounts) {
        sales.merge(other.sales) { a, b in zip(a, b).map(+) }
        grants.merge(other.grants) { a, b in zip(a, b).map(+) }
        payroll.merge(other.payroll) { a, b in zip(a, b).map(+) }
    }
}

/// A row the demo writes wrong on purpose: ingest must reject it, with this file, line and reason.
public struct PlantedDefect: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The lake table whose rejects get it.
    public var table: String
    /// The file, relative to the workspace.
    public var file: String
    public var line: Int
    /// What the reject's reason says (a part of it).
    public var reason: String
    /// What is wrong, in words.
    public var what: String

    public init(table: String, file: String, line: Int, reason: String, description: String) {
        self.table = table
        self.file = file
        self.line = line
        self.reason = reason
        what = description
    }

    public var description: String { "\(file):\(line) → rejects/\(table): \(what)" }
}

/// What a generator made.
struct Generated: Sendable {
    var rows = 0
    var files: [String] = []
    var amounts = MonthlyAmounts()
    var defects: [PlantedDefect] = []

    mutating func merge(_ other: Generated) {
        rows += other.rows
        files += other.files
        amounts.merge(other.amounts)
        defects += other.defects
    }
}
