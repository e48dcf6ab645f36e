// Clinics: patients are admitted every day (fewer at weekends, and the
// day-surgery unit works on weekdays only) into medicine, surgery,
// maternity (in clinics that have one) or rehabilitation, and stay a number
// of nights that depends on the department; about one patient in seven
// comes back. Each stay is billed a tariff by department and nights.
//
// File: sejours-YYYY.csv, a row per stay, by year of admission.

struct ClinicGenerator: LineGenerator {
    static let line = ActivityLine.clinic
    let context: DemoContext

    static let header = ["FINESS", "N° séjour", "Patient", "Date d'entrée", "Date de sortie", "Service", "Mode", "Nuitées", "Montant"]
    static let departments = ["Médecine", "Chirurgie", "Obstétrique", "Soins de suite et de réadaptation", "Chirurgie ambulatoire"]
    /// Mean nights by department, and the tariff of a stay (cents) before its nights.
    static let nights = [5.5, 3.5, 4.0, 22.0, 0]
    static let tariffs = [150_000, 230_000, 190_000, 40_000, 65_000]

    struct Site {
        let site: Establishment
        let id: [UInt8]
        var random: SeededGenerator
        var patients: Pseudonyms
        let departments: [Double]
        var stays = 0
    }

    func generate() throws(DemoError) -> Generated {
        let calendar = context.calendar
        var sites = context.organisation.sites(of: Self.line).map { site in
            var random = stream(site)
            let maternity = random.chance(0.5)
            return Site(site: site, id: ExportText.windows1252(site.id), random: random,
                        patients: people("P", site),
                        departments: cumulative([45, 35, maternity ? 14 : 0, 8]))
        }
        let departments = Self.departments.map { ExportText.field($0) }
        let modes = ["Hospitalisation complète", "Ambulatoire"].map(ExportText.windows1252)
        var generated = Generated()
        generated.files = try eachYear("sejours", header: { _ in Self.header }, totals: [8]) { year, out, _, sums throws(DemoError) in
            for s in sites.indices {
                var state = sites[s]
                let site = state.site
                for day in context.days(of: site, year: year) {
                    let month = calendar.month[day]
                    let workday = calendar.isWorkday(day)
                    let intensity = context.intensity(site, day: day, august: 0.8)
                    let full = state.random.poisson(Double(site.capacity) * 0.8 / 5.0 * intensity * (workday ? 1.15 : 0.5))
                    let ambulatory = workday ? state.random.poisson(Double(site.capacity) * 0.12 * intensity) : 0
                    for k in 0..<(full + ambulatory) {
                        let department = k < full ? state.random.pick(state.departments) : 4
                        let mean = Self.nights[department]
                        let nights = mean == 0 ? 0 : max(1, Int(state.random.exponential(mean: mean).rounded()))
                        let amount = Self.tariffs[department] + nights * (department == 3 ? 18_000 : 25_000) + 100 * state.random.below(400)
                        let patient = state.patients.count > 0 && state.random.chance(0.15) ? state.random.below(state.patients.count) : state.patients.add()
                        state.stays += 1
                        out.bytes(state.id); out.separate()
                        out.bytes(state.id); out.byte(UInt8(ascii: "-")); out.int(state.stays, width: 6); out.separate()
                        state.patients.write(patient, to: &out); out.separate()
                        out.slice(calendar.dmy, day, width: 10); out.separate()
                        out.date(days: calendar.firstDay + day + nights); out.separate()
                        out.bytes(departments[department]); out.separate()
                        out.bytes(modes[department == 4 ? 1 : 0]); out.separate()
                        out.int(nights); out.separate()
                        out.decimal(amount, grouped: true)
                        try out.endRow()
                        generated.rows += 1
                        sums[8] += amount
                        generated.amounts.sell(amount, site: site.index, month: month)
                    }
                }
                sites[s] = state
            }
        }
        return generated
    }
}
