// Ambulance companies: each crew drives an ambulance or a light medical
// vehicle (VSL) and makes a few trips a day (half as many at weekends):
// consultations, dialysis, admissions and discharges, radiotherapy,
// emergencies. A trip goes between a commune of the département (by
// population) and one of its main towns (where the hospitals are); its
// kilometres are the distance between their centres, by road, and it is
// billed the national tariff: a fixed charge plus a rate per km.
//
// File: transports-YYYY.csv, a row per trip.

import Foundation

struct AmbulanceGenerator: LineGenerator {
    static let line = ActivityLine.ambulance
    let context: DemoContext

    static let header = ["Société", "Date", "N° transport", "Équipage", "Véhicule", "Patient", "Motif", "Commune de départ",
                         "Commune d'arrivée", "Km", "Durée (min)", "Montant"]
    static let reasons = ["Consultation", "Dialyse", "Hospitalisation", "Sortie d'hospitalisation", "Radiothérapie", "Urgence"]
    static let reasonWeights = cumulative([30, 20, 15, 15, 10, 10])

    struct Site {
        let site: Establishment
        let id: [UInt8]
        var random: SeededGenerator
        var patients: Pseudonyms
        /// Communes trips start from (INSEE codes, 5 bytes each), with their weights and their distance (km) to each town.
        let communes: [UInt8]
        let weights: [Double]
        let kilometres: [[Double]]
        /// The département's main towns (INSEE codes, 5 bytes each).
        let towns: [UInt8]
        var trips = 0
    }

    func generate() throws(DemoError) -> Generated {
        let calendar = context.calendar
        let reference = context.reference
        let byDepartement = Dictionary(grouping: reference.communes.indices, by: { reference.communes[$0].departement })
        var sites = context.organisation.sites(of: Self.line).map { site in
            let random = stream(site)
            let candidates = byDepartement[reference.communes[site.commune].departement] ?? [site.commune]
            let towns = Array(candidates.sorted { reference.communes[$0].population > reference.communes[$1].population }.prefix(3))
            let kilometres = candidates.map { c in towns.map { t in 2 + 1.25 * Self.distance(reference.communes[c], reference.communes[t]) } }
            return Site(site: site, id: ExportText.windows1252(site.id), random: random,
                        patients: people("P", site),
                        communes: candidates.flatMap { Array(reference.communes[$0].code.utf8) },
                        weights: cumulative(candidates.map { pow(Double(max(reference.communes[$0].population, 1)), 0.7) }),
                        kilometres: kilometres, towns: towns.flatMap { Array(reference.communes[$0].code.utf8) })
        }
        let reasons = Self.reasons.map(ExportText.windows1252)
        let vehicles = [ExportText.windows1252("Ambulance"), ExportText.windows1252("VSL")]
        var generated = Generated()
        generated.files = try eachYear("transports", header: { _ in Self.header }, totals: [11]) { year, out, file, sums throws(DemoError) in
            for s in sites.indices {
                var state = sites[s]
                let site = state.site
                for day in context.days(of: site, year: year) {
                    let month = calendar.month[day]
                    let quiet = calendar.isWeekend(day) || calendar.publicHoliday[day] != nil
                    let trips = state.random.poisson(Double(site.capacity) * 4.5 * context.intensity(site, day: day, august: 0.9) * (quiet ? 0.45 : 1))
                    for _ in 0..<trips {
                        state.trips += 1
                        let crew = state.random.below(site.capacity)
                        let vsl = crew % 2 == 1
                        var reason = state.random.pick(Self.reasonWeights)
                        if vsl && reason == 5 { reason = 0 }
                        let patient = state.patients.count > 0 && state.random.chance(0.55) ? state.random.below(state.patients.count) : state.patients.add()
                        let commune = state.random.pick(state.weights)
                        let town = state.random.below(state.towns.count / 5)
                        let km = Int(state.kilometres[commune][town] * 10 * (0.9 + 0.2 * state.random.unit()))
                        let minutes = 10 + km * 11 / 100 + state.random.below(15)
                        let amount = vsl ? 1_420 + km * 104 / 10 : 6_639 + max(0, km - 30) * 235 / 10
                        let outward = reason != 3
                        out.bytes(state.id); out.separate()
                        out.slice(calendar.dmy, day, width: 10); out.separate()
                        out.int(state.trips); out.separate()
                        out.bytes(Array("EQ".utf8)); out.int(crew + 1, width: 2); out.separate()
                        out.bytes(vehicles[vsl ? 1 : 0]); out.separate()
                        state.patients.write(patient, to: &out); out.separate()
                        out.bytes(reasons[reason]); out.separate()
                        if outward { out.slice(state.communes, commune, width: 5) } else { out.slice(state.towns, town, width: 5) }
                        out.separate()
                        if outward { out.slice(state.towns, town, width: 5) } else { out.slice(state.communes, commune, width: 5) }
                        out.separate()
                        out.decimal(km, decimals: 1); out.separate()
                        out.int(minutes); out.separate()
                        out.decimal(amount, grouped: true)
                        try out.endRow()
                        generated.rows += 1
                        sums[11] += amount
                        generated.amounts.sell(amount, site: site.index, month: month)
                    }
                }
                if s == 0 && year == 1 {
                    // A line the export cut short: the last field (the amount) is missing.
                    let fields: [[UInt8]] = [state.id, Array("15/06/2024".utf8), Array(String(state.trips + 1).utf8), Array("EQ01".utf8),
                                             vehicles[0], Array("PXXXXXXXXXX".utf8), reasons[0], Array(state.communes[0..<5]),
                                             Array(state.towns[0..<5]), Array("12,5".utf8), Array("25".utf8)]
                    try out.plant(fields, table: "ambulance_trips", file: file, reason: "has 11 fields, the header has 12",
                                  description: "a line with a missing field (the amount)", into: &generated.defects)
                }
                sites[s] = state
            }
        }
        return generated
    }

    /// Great-circle distance in km between two communes' centres.
    static func distance(_ a: Commune, _ b: Commune) -> Double {
        let rad = Double.pi / 180
        let dLat = (b.latitude - a.latitude) * rad, dLon = (b.longitude - a.longitude) * rad
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(a.latitude * rad) * cos(b.latitude * rad) * sin(dLon / 2) * sin(dLon / 2)
        return 6371 * 2 * asin(min(1, h.squareRoot()))
    }
}
