// Dental centres: each chair has its dentist and sees a few patients an
// hour on weekdays (some centres open on Saturday mornings); a patient is
// new about one time in eight. An appointment has one to three acts drawn
// from a CCAM-like catalogue (codes shaped like CCAM's, four letters and
// three digits; labels and fees in the range of the real ones): check-ups,
// scaling, X-rays, fillings, root canals, extractions, crowns and dentures.
// Prosthetic acts carry their "100 % Santé" basket (zero out-of-pocket,
// moderate or free fees).
//
// Files: actes-YYYY.csv. From 2024 the software calls the tooth column
// "N° dent" (it was "Dent"): the pipeline renames both.

struct DentalGenerator: LineGenerator {
    static let line = ActivityLine.dental
    let context: DemoContext

    static func header(year: Int) -> [String] {
        ["Centre", "Date", "N° RDV", "Patient", "Nouveau patient", "Praticien", "Fauteuil", "Code CCAM", "Libellé acte",
         year == 0 ? "Dent" : "N° dent", "Honoraires", "Base de remboursement", "Prothèse", "Panier"]
    }

    struct Act {
        var code: String
        var label: String
        /// Fee and social-security base, cents.
        var fee: Int
        var base: Int
        var prosthetic: Bool
        var onTooth: Bool
        /// "100% Santé", "Modéré" or "Libre" for prosthetics; fixed fees for the first.
        var basket: String
        var weight: Double
    }

    static let catalogue: [Act] = [
        Act(code: "HBQD001", label: "Examen bucco-dentaire", fee: 3000, base: 3000, prosthetic: false, onTooth: false, basket: "", weight: 22),
        Act(code: "HBJD001", label: "Détartrage et polissage des dents", fee: 4350, base: 2892, prosthetic: false, onTooth: false, basket: "", weight: 16),
        Act(code: "HBQK389", label: "Radiographie intrabuccale rétroalvéolaire", fee: 1995, base: 1995, prosthetic: false, onTooth: true, basket: "", weight: 12),
        Act(code: "HBQK061", label: "Radiographie panoramique dentaire", fee: 2128, base: 2128, prosthetic: false, onTooth: false, basket: "", weight: 4),
        Act(code: "HBMD049", label: "Restauration d'une dent sur une face", fee: 3400, base: 2650, prosthetic: false, onTooth: true, basket: "", weight: 12),
        Act(code: "HBMD050", label: "Restauration d'une dent sur deux faces", fee: 5800, base: 4820, prosthetic: false, onTooth: true, basket: "", weight: 7),
        Act(code: "HBFD006", label: "Pulpectomie d'une molaire", fee: 11_500, base: 8196, prosthetic: false, onTooth: true, basket: "", weight: 4),
        Act(code: "HBGD035", label: "Avulsion d'une dent permanente", fee: 4500, base: 3344, prosthetic: false, onTooth: true, basket: "", weight: 5),
        Act(code: "HBBD005", label: "Scellement des sillons d'une molaire", fee: 3000, base: 2169, prosthetic: false, onTooth: true, basket: "", weight: 3),
        Act(code: "HBLD490", label: "Couronne céramique monolithique", fee: 50_000, base: 12_000, prosthetic: true, onTooth: true, basket: "100% Santé", weight: 3.5),
        Act(code: "HBLD634", label: "Couronne céramo-métallique", fee: 55_000, base: 12_000, prosthetic: true, onTooth: true, basket: "Modéré", weight: 3),
        Act(code: "HBLD350", label: "Couronne en zircone", fee: 72_000, base: 12_000, prosthetic: true, onTooth: true, basket: "Libre", weight: 1.5),
        Act(code: "HBLD745", label: "Inlay-core", fee: 22_000, base: 9_000, prosthetic: true, onTooth: true, basket: "Modéré", weight: 1.5),
        Act(code: "HBLD031", label: "Prothèse amovible complète d'une arcade", fee: 110_000, base: 18_275, prosthetic: true, onTooth: false, basket: "100% Santé", weight: 0.8),
    ]
    static let weights = cumulative(catalogue.map(\.weight))

    struct Site {
        let site: Establishment
        let id: [UInt8]
        var random: SeededGenerator
        var patients: Pseudonyms
        /// RPPS-like ids of the centre's dentists, one per chair.
        let dentists: [[UInt8]]
        let opensSaturday: Bool
        /// The centre's fees against the catalogue's (free fees only).
        let feeLevel: Double
        var appointments = 0
    }

    func generate() throws(DemoError) -> Generated {
        let calendar = context.calendar
        let encoded = Self.catalogue.map { (code: Array($0.code.utf8), label: ExportText.field($0.label), basket: ExportText.windows1252($0.basket)) }
        var sites = context.organisation.sites(of: Self.line).map { site in
            var random = stream(site)
            let dentists = (0..<site.capacity).map { _ in
                let body = "10" + String(10_000_000 + random.below(90_000_000))
                return Array((body + String(Organisation.luhn(body.map { Int(String($0))! }))).utf8)
            }
            return Site(site: site, id: ExportText.windows1252(site.id), random: random,
                        patients: people("P", site),
                        dentists: dentists, opensSaturday: random.chance(0.4), feeLevel: 0.95 + 0.15 * random.unit())
        }
        let yes = Array("O".utf8), no = Array("N".utf8)
        var generated = Generated()
        generated.files = try eachYear("actes", header: Self.header(year:), totals: [10]) { year, out, file, sums throws(DemoError) in
            for s in sites.indices {
                var state = sites[s]
                let site = state.site
                for day in context.days(of: site, year: year) {
                    let saturday = calendar.weekday[day] == 5 && calendar.publicHoliday[day] == nil && state.opensSaturday
                    guard calendar.isWorkday(day) || saturday else { continue }
                    let month = calendar.month[day]
                    let load = 5.0 * context.intensity(site, day: day, august: 0.6) * (saturday ? 0.4 : 1)
                    for chair in 0..<site.capacity {
                        for _ in 0..<state.random.poisson(load) {
                            state.appointments += 1
                            let isNew = state.patients.count == 0 || state.random.chance(0.12)
                            let patient = isNew ? state.patients.add() : state.random.below(state.patients.count)
                            let acts = 1 + (state.random.chance(0.35) ? 1 + (state.random.chance(0.3) ? 1 : 0) : 0)
                            for _ in 0..<acts {
                                let a = state.random.pick(Self.weights)
                                let act = Self.catalogue[a]
                                let fee = act.basket == "100% Santé" || act.fee == act.base ? act.fee
                                    : Int(Double(act.fee) * state.feeLevel / 100) * 100
                                out.bytes(state.id); out.separate()
                                out.slice(calendar.dmy, day, width: 10); out.separate()
                                out.int(state.appointments); out.separate()
                                state.patients.write(patient, to: &out); out.separate()
                                out.bytes(isNew ? yes : no); out.separate()
                                out.bytes(state.dentists[chair]); out.separate()
                                out.int(chair + 1); out.separate()
                                out.bytes(encoded[a].code); out.separate()
                                out.bytes(encoded[a].label); out.separate()
                                if act.onTooth { out.int(10 * (1 + state.random.below(4)) + 1 + state.random.below(8)) }
                                out.separate()
                                out.decimal(fee, grouped: true); out.separate()
                                out.decimal(act.base); out.separate()
                                out.bytes(act.prosthetic ? yes : no); out.separate()
                                out.bytes(encoded[a].basket)
                                try out.endRow()
                                generated.rows += 1
                                sums[10] += fee
                                generated.amounts.sell(fee, site: site.index, month: month)
                            }
                        }
                    }
                }
                if s == 0 && year == 2 {
                    // An act booked under a centre code the group does not have (a typing error in the software's settings).
                    let departement = String(site.id.prefix(2))
                    let body = departement + "099999"
                    let unknown = body + String(Organisation.luhn(body.map { Int(String($0)) ?? 0 }))
                    let row: [[UInt8]] = [Array(unknown.utf8), Array("02/01/2025".utf8), Array("1".utf8), Array("PXXXXXXXXXX".utf8), no,
                                          state.dentists[0], Array("1".utf8), encoded[0].code, encoded[0].label, [], Array("30,00".utf8),
                                          Array("30,00".utf8), no, []]
                    try out.plant(row, table: "dental_acts", file: file, reason: "missing lookup: establishment '\(unknown)'",
                                  description: "an act of a centre code the group does not have (\(unknown))", into: &generated.defects)
                }
                sites[s] = state
            }
        }
        return generated
    }
}
