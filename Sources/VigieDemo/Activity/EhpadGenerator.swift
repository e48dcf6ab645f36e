// Nursing homes (EHPAD): each bed holds a resident or waits a few days for
// the next admission. Residents come with a dependency level (GIR 1, the
// most dependent, to 6), which worsens with time; they leave (most often
// they die; the most dependent sooner), go to hospital for a few days now
// and then (the day is billed less), and each day present is billed the
// home's accommodation price plus the dependency tariff of their GIR
// group. The care part is a grant of the health agency (ARS) per bed.
//
// Files: journees-YYYY.csv (a row per resident and day) and sejours.csv
// (every stay that overlaps the three years, with its admission, discharge,
// origin and reason).

struct EhpadGenerator: LineGenerator {
    static let line = ActivityLine.ehpad
    let context: DemoContext

    static let header = ["FINESS", "Date", "N° séjour", "Résident", "GIR", "Prix de journée hébergement", "Tarif dépendance", "Montant", "Absence"]
    static let stayHeader = ["FINESS", "N° séjour", "Résident", "Date d'entrée", "Date de sortie", "GIR à l'entrée", "Provenance", "Motif de sortie"]
    /// Dependency tariff a day by GIR (1…6), cents: groups 1-2, 3-4, 5-6.
    static let dependency = [0, 2150, 2150, 1365, 1365, 580, 580]
    /// The ARS's care grant a bed and day, cents.
    static let careGrant = 3300
    static let origins = ["Domicile", "Hôpital", "Autre EHPAD", "Résidence autonomie"]
    static let originWeights = cumulative([55, 30, 10, 5])
    static let reasons = ["Décès", "Hospitalisation longue", "Retour à domicile", "Transfert vers un autre établissement"]
    static let reasonWeights = cumulative([72, 8, 5, 15])
    static let girAtAdmission = cumulative([0, 8, 25, 18, 30, 10, 9])

    struct Resident {
        var number: Int
        var stay: Int
        var gir: Int
        var absentUntil = -1
    }

    struct Stay {
        var resident: Int
        /// Days since 1970-01-01.
        var admitted: Int
        var discharged: Int?
        var gir: Int
        var origin: Int
        var reason: Int?
    }

    struct Site {
        let site: Establishment
        let id: [UInt8]
        var random: SeededGenerator
        var pseudonyms: Pseudonyms
        var beds: [Resident?]
        /// The day index from which an empty bed takes its next resident.
        var vacantUntil: [Int]
        var stays: [Stay] = []
        /// Accommodation price a day in the first year, cents.
        let price: Int
    }

    func generate() throws(DemoError) -> Generated {
        let calendar = context.calendar
        var sites = context.organisation.sites(of: Self.line).map { site in
            var random = stream(site)
            let price = 6_200 + 10 * random.below(300)
            var state = Site(site: site, id: ExportText.windows1252(site.id), random: random, pseudonyms: people("R", site),
                             beds: [Resident?](repeating: nil, count: site.capacity), vacantUntil: [Int](repeating: 0, count: site.capacity), price: price)
            state.fillBeforeStart(calendar: calendar)
            return state
        }
        let yes = Array("O".utf8), no = Array("N".utf8)
        var generated = Generated()
        generated.files = try eachYear("journees", header: { _ in Self.header }, totals: [7]) { year, out, _, sums throws(DemoError) in
            for s in sites.indices {
                var state = sites[s]
                let site = state.site
                let price = state.price * (1000 + 25 * year) / 1000
                for day in context.days(of: site, year: year) {
                    let month = calendar.month[day]
                    generated.amounts.grant(site.capacity * Self.careGrant, site: site.index, month: month)
                    for bed in state.beds.indices {
                        var resident: Resident
                        if let present = state.beds[bed] {
                            resident = present
                        } else if let admitted = state.admit(bed: bed, day: day, calendar: calendar) {
                            resident = admitted
                        } else {
                            continue
                        }
                        if resident.absentUntil < day && state.random.chance(1.0 / 250) { resident.absentUntil = day + 2 + state.random.below(10) }
                        let absent = resident.absentUntil >= day
                        let amount = absent ? price - 2_000 : price + Self.dependency[resident.gir]
                        out.bytes(state.id); out.separate()
                        out.slice(calendar.dmy, day, width: 10); out.separate()
                        out.bytes(state.id); out.byte(UInt8(ascii: "-")); out.int(resident.stay + 1, width: 5); out.separate()
                        state.pseudonyms.write(resident.number, to: &out); out.separate()
                        out.int(resident.gir); out.separate()
                        out.decimal(price); out.separate()
                        out.decimal(absent ? 0 : Self.dependency[resident.gir]); out.separate()
                        out.decimal(amount); out.separate()
                        out.bytes(absent ? yes : no)
                        try out.endRow()
                        generated.rows += 1
                        sums[7] += amount
                        generated.amounts.sell(amount, site: site.index, month: month)
                        // Tomorrow: dependency may worsen; the resident may leave (the most dependent sooner).
                        if state.random.chance(1.0 / 500) { resident.gir = max(1, resident.gir - 1) }
                        state.beds[bed] = resident
                        if state.random.chance(resident.gir <= 2 ? 1.0 / 650 : 1.0 / 1_200) { state.discharge(bed: bed, day: day, calendar: calendar) }
                    }
                }
                sites[s] = state
            }
        }
        let file = try context.file(Self.line.code, "sejours.csv")
        var out = try ExportWriter(path: file.path)
        try out.header(Self.stayHeader)
        let origins = Self.origins.map(ExportText.windows1252), reasons = Self.reasons.map(ExportText.windows1252)
        for state in sites {
            for (n, stay) in state.stays.enumerated() {
                out.bytes(state.id); out.separate()
                out.bytes(state.id); out.byte(UInt8(ascii: "-")); out.int(n + 1, width: 5); out.separate()
                state.pseudonyms.write(stay.resident, to: &out); out.separate()
                out.date(days: stay.admitted); out.separate()
                if let discharged = stay.discharged { out.date(days: discharged) }
                out.separate()
                out.int(stay.gir); out.separate()
                out.bytes(origins[stay.origin]); out.separate()
                if let reason = stay.reason { out.bytes(reasons[reason]) }
                try out.endRow()
                generated.rows += 1
            }
        }
        try out.finish()
        generated.files.append(file.relative)
        return generated
    }
}

extension EhpadGenerator.Site {
    /// Beds at the demo's start: 95 % taken by residents admitted during the six years before (or since the opening).
    mutating func fillBeforeStart(calendar: DemoCalendar) {
        guard site.openedOn < calendar.firstDay else { return }
        for bed in beds.indices where random.chance(0.95) {
            let admitted = max(site.openedOn, calendar.firstDay - 1 - random.below(6 * 365))
            beds[bed] = newResident(admitted: admitted)
        }
    }

    mutating func newResident(admitted: Int) -> EhpadGenerator.Resident {
        let gir = random.pick(EhpadGenerator.girAtAdmission)
        stays.append(EhpadGenerator.Stay(resident: pseudonyms.add(), admitted: admitted, gir: gir, origin: random.pick(EhpadGenerator.originWeights)))
        return EhpadGenerator.Resident(number: stays[stays.count - 1].resident, stay: stays.count - 1, gir: gir)
    }

    /// The next resident of an empty bed, when its vacancy is over (a new home fills more slowly).
    mutating func admit(bed: Int, day: Int, calendar: DemoCalendar) -> EhpadGenerator.Resident? {
        guard day >= vacantUntil[bed] else { return nil }
        let opening = calendar.firstDay + day - site.openedOn < 180
        guard !opening || random.chance(1.0 / 30) else { return nil }
        let resident = newResident(admitted: calendar.firstDay + day)
        beds[bed] = resident
        return resident
    }

    mutating func discharge(bed: Int, day: Int, calendar: DemoCalendar) {
        guard let resident = beds[bed] else { return }
        stays[resident.stay].discharged = calendar.firstDay + day
        stays[resident.stay].reason = random.pick(EhpadGenerator.reasonWeights)
        beds[bed] = nil
        vacantUntil[bed] = day + 3 + random.below(15)
    }
}
