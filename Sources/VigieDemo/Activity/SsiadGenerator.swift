// Home nursing (SSIAD): the service cares for about as many patients as it
// has places, every day of the week; a patient needs one visit a day, or
// two (morning and evening), stays a few months, and the place is given to
// the next patient a few days later. Care assistants and nurses drive from
// one patient to the next: longer in the countryside than in town. The
// service is funded by the health agency per place (a grant).
//
// File: passages-YYYY.csv, a row per visit.

import Foundation

struct SsiadGenerator: LineGenerator {
    static let line = ActivityLine.ssiad
    let context: DemoContext

    static let header = ["Service", "Date", "Patient", "Intervenant", "Type de soin", "Heure de début", "Durée (min)",
                         "Temps de trajet (min)", "Distance (km)"]
    static let cares = ["Soins d'hygiène et de confort", "Soins techniques infirmiers", "Aide au lever", "Aide au coucher"]
    /// The ARS's grant a place and day, cents.
    static let grant = 4_600

    struct Patient {
        var number: Int
        var visits: Int
        var leaves: Int
        /// Minutes of driving to this patient, on average.
        var travel: Int
    }

    struct Site {
        let site: Establishment
        let id: [UInt8]
        var random: SeededGenerator
        var patients: Pseudonyms
        var caseload: [Patient] = []
        /// Day indices from which a place is free again.
        var freeFrom: [Int] = []
        /// Staff codes (care assistants and nurses).
        let staff: [[UInt8]]
        /// Average driving minutes between patients: rural services drive further.
        let travel: Double
    }

    func generate() throws(DemoError) -> Generated {
        let calendar = context.calendar
        var sites = context.organisation.sites(of: Self.line).map { site in
            let random = stream(site)
            // Two nurses, and a care assistant for about three places.
            let staff = (0..<(max(1, site.capacity / 3) + 2)).map { k in Array(((k < 2 ? "IDE" : "AS") + String(format: "%03d", k + 1)).utf8) }
            let population = Double(max(context.reference.communes[site.commune].population, 100))
            let travel = min(25, max(6, 32 - 2.2 * log(population)))
            var state = Site(site: site, id: ExportText.windows1252(site.id), random: random,
                             patients: people("P", site), staff: staff, travel: travel)
            // The caseload on the first day: places nearly all taken (a new service fills them over months).
            let first = context.firstOpenDay(site)
            state.freeFrom = (0..<site.capacity).map { _ in state.random.chance(0.95) ? first : first + state.random.below(10) }
            return state
        }
        let cares = Self.cares.map { ExportText.field($0) }
        var generated = Generated()
        // The total line sums the travel: minutes, and km with one decimal.
        generated.files = try eachYear("passages", header: { _ in Self.header }, totals: [7, 8], decimals: [7: 0, 8: 1]) { year, out, _, sums throws(DemoError) in
            for s in sites.indices {
                var state = sites[s]
                let site = state.site
                for day in context.days(of: site, year: year) {
                    generated.amounts.grant(site.capacity * Self.grant, site: site.index, month: calendar.month[day])
                    state.admit(day: day, context: context)
                    let weekend = calendar.isWeekend(day) || calendar.publicHoliday[day] != nil
                    for patient in state.caseload {
                        for visit in 0..<patient.visits {
                            // Families take over some weekend evenings.
                            if weekend && visit == 1 && state.random.chance(0.3) { continue }
                            let evening = visit == 1
                            let care = evening ? (state.random.chance(0.7) ? 3 : 1) : (state.random.chance(0.75) ? 0 : state.random.chance(0.5) ? 1 : 2)
                            let start = (evening ? 17 * 60 : 7 * 60) + state.random.below(evening ? 180 : 240)
                            let travel = max(2, Int(Double(patient.travel) * (0.7 + 0.6 * state.random.unit())))
                            let duration = care == 0 ? 35 + state.random.below(30) : 15 + state.random.below(25)
                            let kilometres = travel * (55 + state.random.below(30)) / 10
                            out.bytes(state.id); out.separate()
                            out.slice(calendar.dmy, day, width: 10); out.separate()
                            state.patients.write(patient.number, to: &out); out.separate()
                            out.bytes(state.staff[care == 1 ? state.random.below(2) : 2 + state.random.below(state.staff.count - 2)]); out.separate()
                            out.bytes(cares[care]); out.separate()
                            out.int(start / 60, width: 2); out.byte(UInt8(ascii: ":")); out.int(start % 60, width: 2); out.separate()
                            out.int(duration); out.separate()
                            out.int(travel); out.separate()
                            out.decimal(kilometres, decimals: 1)
                            try out.endRow()
                            generated.rows += 1
                            sums[7] += travel
                            sums[8] += kilometres
                        }
                    }
                }
                sites[s] = state
            }
        }
        return generated
    }
}

extension SsiadGenerator.Site {
    /// Lets patients whose care ended go and gives their places, a few days later, to new ones.
    mutating func admit(day: Int, context: DemoContext) {
        for patient in caseload where patient.leaves < day { freeFrom.append(day + 2 + random.below(8)) }
        caseload.removeAll { $0.leaves < day }
        let opening = context.calendar.firstDay + day - site.openedOn < 180
        var waiting: [Int] = []
        for from in freeFrom {
            guard from <= day, !opening || random.chance(1.0 / 20) else {
                waiting.append(from)
                continue
            }
            caseload.append(SsiadGenerator.Patient(number: patients.add(), visits: random.chance(0.3) ? 2 : 1,
                                                   leaves: day + Int(random.exponential(mean: 150)),
                                                   travel: max(2, Int(travel * (0.5 + random.unit())))))
        }
        freeFrom = waiting
    }
}
