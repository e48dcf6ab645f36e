// Crèches: each child has a contract (days of the week, hours reserved a
// day, the family's hourly rate set by its income) and comes on those
// days, less often in winter and during the school holidays of the
// crèche's zone (older siblings are off); the crèche is closed at weekends,
// on public holidays, three weeks in August and between Christmas and New
// Year. Children leave at the end of August of the year they are about
// three and places are filled again. Under the PSU rules the hours billed
// are the contract's (absences are billed, except illness) or the hours
// done when more; the CAF and the commune pay a rate per hour billed (grants).
//
// Files: presences-YYYY.csv (a row per child expected on a day) and
// ouverture-YYYY.csv (a row per open day: places × amplitude = hours offered).
// Both carry the software's day sheet (« Feuille »: the crèche's code and
// the date), the key that ties a child's hours to the hours offered.

struct CrecheGenerator: LineGenerator {
    static let line = ActivityLine.creche
    let context: DemoContext

    /// What the CAF (its PSU rate) and the commune pay per hour billed, in cents.
    static let psuRate = 1_000
    static let attendanceHeader = ["Code établissement", "Date", "Feuille", "Enfant", "Type de contrat", "Heures réservées", "Heures réalisées",
                                   "Heures facturées", "Tarif horaire", "Montant facturé"]
    static let openingHeader = ["Code établissement", "Date", "Feuille", "Places ouvertes", "Amplitude (h)", "Heures offertes"]

    struct Child {
        var number: Int
        /// Days of the week (bit 0: Monday).
        var days: UInt8
        /// Hours reserved a day, in hundredths.
        var reserved: Int
        /// Family's rate, cents an hour.
        var rate: Int
        var regular: Bool
        /// Last day index (inclusive).
        var leaves: Int
    }

    struct Site {
        let site: Establishment
        let id: [UInt8]
        var random: SeededGenerator
        var children: [Child] = []
        var pseudonyms: Pseudonyms
        /// First day of the three-week August closure.
        let closure: Int
        /// Amplitude of the day, hundredths of hours.
        let amplitude: Int
    }

    func generate() throws(DemoError) -> Generated {
        let calendar = context.calendar
        var sites = context.organisation.sites(of: Self.line).map { site in
            var random = stream(site)
            return Site(site: site, id: ExportText.windows1252(site.id), random: random, pseudonyms: people("E", site),
                        closure: random.chance(0.5) ? 1 : 8, amplitude: random.chance(0.6) ? 1100 : 1050)
        }
        let regular = ExportText.windows1252("Régulier"), occasional = ExportText.windows1252("Occasionnel")
        var generated = Generated()
        for year in 0..<DemoCalendar.years {
            let presences = try context.file(Self.line.code, "presences-\(DemoCalendar.firstYear + year).csv")
            let opening = try context.file(Self.line.code, "ouverture-\(DemoCalendar.firstYear + year).csv")
            var out = try ExportWriter(path: presences.path)
            var open = try ExportWriter(path: opening.path)
            try out.header(Self.attendanceHeader)
            try open.header(Self.openingHeader)
            var billedTotal = 0, offeredTotal = 0
            for s in sites.indices {
                var state = sites[s]
                let site = state.site
                for day in context.days(of: site, year: year) {
                    state.enrol(day: day, context: context)
                    guard calendar.isWorkday(day), !state.isClosed(day, calendar) else { continue }
                    let month = calendar.month[day]
                    var presence = 0.91
                    if calendar.schoolHoliday[site.zone]![day] { presence -= 0.15 }
                    if month % 12 < 2 { presence -= 0.05 }
                    let weekdayBit = UInt8(1) << UInt8(calendar.weekday[day])
                    for child in state.children {
                        let expected = child.regular ? child.days & weekdayBit != 0 : state.random.chance(0.25)
                        guard expected else { continue }
                        var done = 0, billed = 0
                        if state.random.chance(child.regular ? presence : 1) {
                            done = max(100, child.reserved + Int((state.random.normal() * 1.6).rounded()) * 25)
                            billed = child.regular ? max(child.reserved, (done + 49) / 50 * 50) : done
                        } else if !state.random.chance(0.35) {
                            billed = child.reserved  // absence billed; illness (35 %) is deducted
                        }
                        let amount = billed * child.rate / 100
                        out.bytes(state.id); out.separate()
                        out.slice(calendar.dmy, day, width: 10); out.separate()
                        out.bytes(state.id); out.byte(UInt8(ascii: "-")); out.slice(calendar.iso, day, width: 10); out.separate()
                        state.pseudonyms.write(child.number, to: &out); out.separate()
                        out.bytes(child.regular ? regular : occasional); out.separate()
                        out.decimal(child.regular ? child.reserved : 0); out.separate()
                        out.decimal(done); out.separate()
                        out.decimal(billed); out.separate()
                        out.decimal(child.rate); out.separate()
                        out.decimal(amount, grouped: true)
                        try out.endRow()
                        generated.rows += 1
                        billedTotal += amount
                        generated.amounts.sell(amount, site: site.index, month: month)
                        generated.amounts.grant(billed * Self.psuRate / 100, site: site.index, month: month)
                    }
                    let offered = site.capacity * state.amplitude
                    open.bytes(state.id); open.separate()
                    open.slice(calendar.dmy, day, width: 10); open.separate()
                    open.bytes(state.id); open.byte(UInt8(ascii: "-")); open.slice(calendar.iso, day, width: 10); open.separate()
                    open.int(site.capacity); open.separate()
                    open.decimal(state.amplitude); open.separate()
                    open.decimal(offered, grouped: true)
                    try open.endRow()
                    generated.rows += 1
                    offeredTotal += offered
                }
                if s == 0 && year == 1 {
                    // A day that does not exist, as a badly typed export line has it.
                    try out.plant([state.id, Array("30/02/2024".utf8), state.id + Array("-2024-02-30".utf8), Array("EXXXXXXXXXX".utf8), regular,
                                   Array("9,00".utf8), Array("9,00".utf8), Array("9,00".utf8), Array("1,20".utf8), Array("10,80".utf8)],
                                  table: "creche_attendance", file: presences.relative, reason: "day 30 does not exist in month 02 of 2024",
                                  description: "a date that does not exist (30 February)", into: &generated.defects)
                }
                sites[s] = state
            }
            try out.totalLine(columns: Self.attendanceHeader.count, sums: [9: billedTotal])
            try open.totalLine(columns: Self.openingHeader.count, sums: [5: offeredTotal])
            try out.finish()
            try open.finish()
            generated.files += [presences.relative, opening.relative]
        }
        return generated
    }
}

extension CrecheGenerator.Site {
    /// Whether the crèche is closed on a workday: three weeks in August, and from Christmas Eve to New Year.
    func isClosed(_ day: Int, _ calendar: DemoCalendar) -> Bool {
        let month = calendar.month[day] % 12, date = calendar.dayOfMonth[day]
        return (month == 7 && date >= closure && date < closure + 21) || (month == 11 && date >= 24)
    }

    /// Lets children whose contract ended go, and enrols new ones until the week's reserved days reach the places
    /// (times the site's demand).
    mutating func enrol(day: Int, context: DemoContext) {
        children.removeAll { $0.leaves < day }
        let demand = min(1.06, 0.9 * context.intensity(site, day: day, august: 1))
        let target = Int(Double(site.capacity * 5) * demand)
        var reservedDays = children.reduce(0) { $0 + ($1.regular ? $1.days.nonzeroBitCount : 0) }
        while reservedDays < target {
            let days: UInt8 = [0b11111, 0b11111, 0b11111, 0b11011, 0b01111, 0b10111, 0b01011, 0b10101, 0b00110][random.below(9)]
            // A child stays until the end of August of the year they are about three, or moves away before.
            let september = context.calendar.firstDay(ofMonth: (context.calendar.month[day] / 12) * 12 + 8)
            var leaves = september - 1 + 365 * random.below(3) + (day >= september ? 365 : 0)
            if random.chance(0.12) { leaves = day + 60 + random.below(400) }
            children.append(CrecheGenerator.Child(number: pseudonyms.add(), days: days, reserved: 700 + 50 * random.below(8),
                                                  rate: 40 + 5 * random.below(60), regular: true, leaves: leaves))
            reservedDays += days.nonzeroBitCount
        }
        // A few occasional children, always.
        while children.count(where: { !$0.regular }) < 3 {
            children.append(CrecheGenerator.Child(number: pseudonyms.add(), days: 0, reserved: 400 + 50 * random.below(9), rate: 40 + 5 * random.below(60),
                                                  regular: false, leaves: day + 90 + random.below(300)))
        }
    }
}
