// Hearing centres: a patient sent by an ENT doctor (or a GP) tries hearing
// aids, class I ("100 % Santé", a fixed price) or class II (free prices),
// most often for both ears; about three in five buy them three to six weeks
// later (a fitting row per ear), then come back for a check a month later
// and about twice a year. The centre's older customers come for their
// checks too.
//
// File: actes-YYYY.csv, a row per act (trial, fitting per ear, follow-up).

struct HearingGenerator: LineGenerator {
    static let line = ActivityLine.hearing
    let context: DemoContext

    static let header = ["Centre", "Date", "Patient", "Acte", "Classe", "Oreille", "Marque", "Prix", "Prescripteur"]
    static let brands = ["Phonak", "Oticon", "Signia", "Widex", "Starkey", "ReSound"]

    enum Kind: Int { case trial, fitting, followUp }

    struct Event {
        var patient: Int
        var kind: Kind
        var classII: Bool
        var bothEars: Bool
        var brand: Int
        var prescriber: Int?
        /// Price of one aid, cents.
        var price: Int
    }

    struct Site {
        let site: Establishment
        let id: [UInt8]
        var random: SeededGenerator
        var patients: Pseudonyms
        let ent: (members: [Int], weights: [Double])
        let gps: (members: [Int], weights: [Double])
        /// Acts planned, by day index.
        var planned: [Int: [Event]] = [:]
    }

    func generate() throws(DemoError) -> Generated {
        let calendar = context.calendar
        var sites = context.organisation.sites(of: Self.line).map { site in
            var random = stream(site)
            let departement = context.reference.communes[site.commune].departement
            var state = Site(site: site, id: ExportText.windows1252(site.id), random: random,
                             patients: people("P", site),
                             ent: context.prescribers.circle(of: .ent, departement: departement, count: 6, &random),
                             gps: context.prescribers.circle(of: .general, departement: departement, count: 20, &random))
            state.random = random
            // Customers fitted before the demo come for their checks.
            for _ in 0..<(site.capacity * 50) where site.openedOn < calendar.firstDay {
                let patient = state.patients.add()
                state.plan(day: state.random.below(180), Event(patient: patient, kind: .followUp, classII: state.random.chance(0.6), bothEars: true,
                                                               brand: state.random.below(Self.brands.count), price: 0))
            }
            return state
        }
        let acts = ["Essai", "Appareillage", "Suivi"].map(ExportText.windows1252)
        let classes = [Array("I".utf8), Array("II".utf8)], ears = [Array("D".utf8), Array("G".utf8)]
        let brands = Self.brands.map(ExportText.windows1252)
        var generated = Generated()
        generated.files = try eachYear("actes", header: { _ in Self.header }, totals: [7]) { year, out, _, sums throws(DemoError) in
            for s in sites.indices {
                var state = sites[s]
                let site = state.site
                for day in context.days(of: site, year: year) {
                    var today = state.planned.removeValue(forKey: day) ?? []
                    guard calendar.isWorkday(day) else {
                        // Closed: what was planned moves to the next day.
                        if !today.isEmpty { state.planned[day + 1, default: []] += today }
                        continue
                    }
                    let month = calendar.month[day]
                    for _ in 0..<state.random.poisson(0.8 * Double(site.capacity) * context.intensity(site, day: day, august: 0.55)) {
                        today.append(state.newTrial())
                    }
                    for event in today {
                        let rows = event.kind == .fitting ? (event.bothEars ? 2 : 1) : 1
                        for ear in 0..<rows {
                            let price = event.kind == .fitting ? event.price : 0
                            out.bytes(state.id); out.separate()
                            out.slice(calendar.dmy, day, width: 10); out.separate()
                            state.patients.write(event.patient, to: &out); out.separate()
                            out.bytes(acts[event.kind.rawValue]); out.separate()
                            out.bytes(classes[event.classII ? 1 : 0]); out.separate()
                            if event.kind == .fitting { out.bytes(ears[event.bothEars ? ear : state.random.below(2)]) }
                            out.separate()
                            out.bytes(brands[event.brand]); out.separate()
                            out.decimal(price, grouped: true); out.separate()
                            if let prescriber = event.prescriber, event.kind != .followUp { context.prescribers.write(prescriber, to: &out) }
                            try out.endRow()
                            generated.rows += 1
                            sums[7] += price
                            generated.amounts.sell(price, site: site.index, month: month)
                        }
                        state.follow(event, day: day)
                    }
                }
                sites[s] = state
            }
        }
        return generated
    }
}

extension HearingGenerator.Site {
    mutating func plan(day: Int, _ event: HearingGenerator.Event) {
        planned[day, default: []].append(event)
    }

    /// A new patient's trial: sent by an ENT doctor (four times in five) or a GP; class II for three in five.
    mutating func newTrial() -> HearingGenerator.Event {
        let circle = random.chance(0.8) ? ent : gps
        let prescriber = circle.members.isEmpty ? nil : circle.members[random.pick(circle.weights)]
        let classII = random.chance(0.6)
        let price = classII ? 120_000 + 5_000 * random.below(21) : 95_000
        return HearingGenerator.Event(patient: patients.add(), kind: .trial, classII: classII, bothEars: random.chance(0.8),
                                      brand: random.below(HearingGenerator.brands.count), prescriber: prescriber, price: price)
    }

    /// What comes after an act: a fitting 3 to 6 weeks after three trials in five, a check a month after the
    /// fitting, then one about every six months.
    mutating func follow(_ event: HearingGenerator.Event, day: Int) {
        var next = event
        switch event.kind {
        case .trial:
            guard random.chance(0.62) else { return }
            next.kind = .fitting
            plan(day: day + 21 + random.below(25), next)
        case .fitting:
            next.kind = .followUp
            plan(day: day + 30, next)
        case .followUp:
            plan(day: day + 150 + random.below(60), next)
        }
    }
}
