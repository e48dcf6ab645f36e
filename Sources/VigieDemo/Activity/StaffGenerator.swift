// Staff: the payroll software's monthly export of full-time equivalents
// (FTE), headcount and gross pay by establishment and job, sized on each
// site's capacity (ratios of the kind each line's regulations and practice
// give) with small monthly changes and summer replacements. The ledger
// books the gross pay it gives (accounts 641 and 645).
//
// File: rh/effectifs-YYYY.csv (« Mois » is the month's first day).

struct StaffGenerator: Sendable {
    let context: DemoContext

    static let folder = "rh"
    static let header = ["Établissement", "Mois", "Catégorie", "ETP", "Effectif", "Masse salariale brute"]

    /// A job: FTE per unit of capacity, at least `minimum`, and the monthly gross pay of one FTE (cents).
    struct Job {
        var label: String
        var perUnit: Double
        var minimum: Double
        var pay: Int
    }

    static func jobs(_ line: ActivityLine) -> [Job] {
        switch line {
        case .creche: [Job(label: "Auxiliaire de puériculture", perUnit: 0.2, minimum: 2, pay: 215_000),
                       Job(label: "Éducateur de jeunes enfants", perUnit: 0.05, minimum: 1, pay: 245_000),
                       Job(label: "Agent de service", perUnit: 0.03, minimum: 0.5, pay: 185_000),
                       Job(label: "Direction", perUnit: 0, minimum: 1, pay: 360_000)]
        case .ehpad: [Job(label: "Aide-soignant", perUnit: 0.3, minimum: 4, pay: 225_000),
                      Job(label: "Infirmier", perUnit: 0.08, minimum: 2, pay: 290_000),
                      Job(label: "Agent de service hospitalier", perUnit: 0.2, minimum: 3, pay: 190_000),
                      Job(label: "Médecin coordonnateur", perUnit: 0.005, minimum: 0.3, pay: 850_000),
                      Job(label: "Direction et administration", perUnit: 0.05, minimum: 2, pay: 330_000)]
        case .dental: [Job(label: "Chirurgien-dentiste", perUnit: 1, minimum: 1, pay: 560_000),
                       Job(label: "Assistant dentaire", perUnit: 1, minimum: 1, pay: 205_000),
                       Job(label: "Secrétariat", perUnit: 0.1, minimum: 0.5, pay: 195_000)]
        case .optical: [Job(label: "Opticien", perUnit: 1, minimum: 1, pay: 260_000),
                        Job(label: "Conseiller de vente", perUnit: 0.4, minimum: 0.5, pay: 200_000)]
        case .hearing: [Job(label: "Audioprothésiste", perUnit: 1, minimum: 1, pay: 380_000),
                        Job(label: "Assistant", perUnit: 0.5, minimum: 0.5, pay: 200_000)]
        case .ssiad: [Job(label: "Aide-soignant", perUnit: 0.28, minimum: 3, pay: 220_000),
                      Job(label: "Infirmier coordinateur", perUnit: 0.02, minimum: 1, pay: 310_000)]
        case .clinic: [Job(label: "Infirmier", perUnit: 0.6, minimum: 10, pay: 300_000),
                       Job(label: "Aide-soignant", perUnit: 0.55, minimum: 8, pay: 225_000),
                       Job(label: "Médecin", perUnit: 0.12, minimum: 3, pay: 750_000),
                       Job(label: "Agent de service hospitalier", perUnit: 0.3, minimum: 4, pay: 190_000),
                       Job(label: "Administration", perUnit: 0.25, minimum: 3, pay: 260_000)]
        case .ambulance: [Job(label: "Ambulancier", perUnit: 2.2, minimum: 2, pay: 215_000),
                          Job(label: "Régulation", perUnit: 0.3, minimum: 1, pay: 230_000)]
        case .teleassistance: [Job(label: "Opérateur d'écoute", perUnit: 0.004, minimum: 0.1, pay: 205_000),
                               Job(label: "Technicien d'installation", perUnit: 0.002, minimum: 0.1, pay: 215_000)]
        }
    }

    func generate() throws(DemoError) -> Generated {
        let calendar = context.calendar
        var generated = Generated()
        let sites = context.organisation.establishments
        var randoms = sites.map { SeededGenerator.stream(context.seed, 1_000, UInt64($0.index)) }
        let ids = sites.map { ExportText.windows1252($0.id) }
        let labels = ActivityLine.allCases.map { Self.jobs($0).map { ExportText.field($0.label) } }
        for year in 0..<DemoCalendar.years {
            let file = try context.file(Self.folder, "effectifs-\(DemoCalendar.firstYear + year).csv")
            var out = try ExportWriter(path: file.path)
            try out.header(Self.header)
            var total = 0
            for site in sites {
                for month in (year * 12)..<(year * 12 + 12) {
                    let first = calendar.firstDay(ofMonth: month)
                    guard calendar.firstDay + first + 31 > site.openedOn else { continue }
                    let growth = context.intensity(site, day: first, august: 1) / site.level
                    for (j, job) in Self.jobs(site.line).enumerated() {
                        // Hundredths of an FTE: sized on capacity, a little more with the activity, more in summer (replacements).
                        let base = max(job.minimum, job.perUnit * Double(site.capacity)) * (0.97 + 0.06 * growth)
                        let summer = month % 12 == 6 || month % 12 == 7 ? 1.05 : 1
                        let fte = max(10, Int((base * summer * (1 + 0.03 * randoms[site.index].normal()) * 100).rounded()))
                        let headcount = (fte * 115 + 9_999) / 10_000
                        let pay = fte * job.pay / 100
                        // One line of 2024 is exported twice.
                        let copies = year == 1 && month == 14 && j == 0 && site.index == 0 ? 2 : 1
                        for copy in 0..<copies {
                            if copy == 1 {
                                generated.defects.append(PlantedDefect(table: "staff_fte", file: file.relative, line: out.lines + 1, reason: "duplicate key",
                                                                       description: "the same establishment, month and job exported twice"))
                            }
                            out.bytes(ids[site.index]); out.separate()
                            out.slice(calendar.dmy, first, width: 10); out.separate()
                            out.bytes(labels[site.line.rawValue][j]); out.separate()
                            out.decimal(fte); out.separate()
                            out.int(headcount); out.separate()
                            out.decimal(pay, grouped: true)
                            try out.endRow()
                            if copy == 0 {
                                generated.rows += 1
                                total += pay
                                generated.amounts.pay(pay, site: site.index, month: month)
                            }
                        }
                    }
                }
            }
            try out.totalLine(columns: Self.header.count, sums: [5: total])
            try out.finish()
            generated.files.append(file.relative)
        }
        return generated
    }
}
