// The demo's three years, day by day (2023-01-01 to 2025-12-31): what each
// generator needs to know about a day (weekday, month, public holiday,
// school holidays per zone) and the bytes the exports write for it, made
// once so that no row formats a date.

import Parquet

struct DemoCalendar: Sendable {
    static let firstYear = 2023
    static let years = 3
    static let monthNames = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]
    static let weekdayNames = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]

    /// 2023-01-01 in days since 1970-01-01.
    let firstDay: Int
    let count: Int
    /// 0 for Monday … 6 for Sunday.
    let weekday: [Int]
    /// 0 for January 2023 … 35 for December 2025.
    let month: [Int]
    /// 0, 1 or 2.
    let year: [Int]
    let dayOfMonth: [Int]
    /// The day's public holiday (jour férié), if any.
    let publicHoliday: [String?]
    /// Whether the day is in school holidays, per zone.
    let schoolHoliday: [Character: [Bool]]
    /// `dd/MM/yyyy` for each day, 10 bytes each.
    let dmy: [UInt8]
    /// `yyyy-MM-dd` for each day, 10 bytes each.
    let iso: [UInt8]

    init(holidays: [Character: Set<Int>]) {
        firstDay = Int(CivilDate.days(year: Int64(Self.firstYear), month: 1, day: 1))
        count = Int(CivilDate.days(year: Int64(Self.firstYear + Self.years), month: 1, day: 1)) - firstDay
        var weekday: [Int] = [], month: [Int] = [], year: [Int] = [], dayOfMonth: [Int] = [], dmy: [UInt8] = [], iso: [UInt8] = []
        var feasts: [String?] = []
        let fixed: [String: String] = ["1-1": "Jour de l'an", "5-1": "Fête du Travail", "5-8": "Victoire 1945", "7-14": "Fête nationale",
                                       "8-15": "Assomption", "11-1": "Toussaint", "11-11": "Armistice 1918", "12-25": "Noël"]
        for i in 0..<count {
            let date = CivilDate.fromDays(Int64(firstDay + i))
            weekday.append((firstDay + i + 3) % 7)  // 1970-01-01 was a Thursday
            year.append(Int(date.year) - Self.firstYear)
            month.append((Int(date.year) - Self.firstYear) * 12 + date.month - 1)
            dayOfMonth.append(date.day)
            func two(_ n: Int) -> [UInt8] { [UInt8(48 + n / 10), UInt8(48 + n % 10)] }
            let y = Array(String(date.year).utf8)
            dmy += two(date.day) + [UInt8(ascii: "/")] + two(date.month) + [UInt8(ascii: "/")] + y
            iso += y + [UInt8(ascii: "-")] + two(date.month) + [UInt8(ascii: "-")] + two(date.day)
            let easter = Self.easter(Int(date.year)) - (firstDay + i)
            feasts.append(fixed["\(date.month)-\(date.day)"] ?? [1: "Lundi de Pâques", 39: "Ascension", 50: "Lundi de Pentecôte"][-easter])
        }
        self.weekday = weekday
        self.month = month
        self.year = year
        self.dayOfMonth = dayOfMonth
        self.dmy = dmy
        self.iso = iso
        publicHoliday = feasts
        let first = firstDay, total = count
        schoolHoliday = holidays.mapValues { days in (0..<total).map { days.contains(first + $0) } }
    }

    var months: Int { Self.years * 12 }

    /// The day indices of year 0, 1 or 2.
    func days(ofYear year: Int) -> Range<Int> {
        let start = Int(CivilDate.days(year: Int64(Self.firstYear + year), month: 1, day: 1)) - firstDay
        let end = Int(CivilDate.days(year: Int64(Self.firstYear + year + 1), month: 1, day: 1)) - firstDay
        return start..<end
    }

    /// The day indices of month index `month`.
    func days(ofMonth month: Int) -> Range<Int> {
        firstDay(ofMonth: month)..<(month + 1 < months ? firstDay(ofMonth: month + 1) : count)
    }

    func isWeekend(_ day: Int) -> Bool { weekday[day] >= 5 }

    /// Whether a business open on weekdays works that day (not a weekend, not a public holiday).
    func isWorkday(_ day: Int) -> Bool { weekday[day] < 5 && publicHoliday[day] == nil }

    /// `2024-03` for a month index.
    static func monthText(_ month: Int) -> String {
        let m = month % 12 + 1
        return "\(firstYear + month / 12)-\(m < 10 ? "0" : "")\(m)"
    }

    /// The first day of a month index, as a day index.
    func firstDay(ofMonth month: Int) -> Int {
        Int(CivilDate.days(year: Int64(Self.firstYear + month / 12), month: month % 12 + 1, day: 1)) - firstDay
    }

    /// Easter Sunday of `year`, in days since 1970-01-01 (the anonymous Gregorian algorithm).
    static func easter(_ year: Int) -> Int {
        let a = year % 19, b = year / 100, c = year % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31, day = (h + l - 7 * m + 114) % 31 + 1
        return Int(CivilDate.days(year: Int64(year), month: month, day: day))
    }

    /// `2024-03-15` in days since 1970-01-01.
    static func days(iso: String) -> Int? {
        let parts = iso.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        return Int(CivilDate.days(year: Int64(parts[0]), month: parts[1], day: parts[2]))
    }
}
