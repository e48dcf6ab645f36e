// The general ledger: every month, each establishment's books get balanced
// entries on real accounts of the Plan Comptable Général — its sales
// (what the activity files billed that month, on 706 or on 707 for goods)
// and grants (CAF, ARS: 741), its purchases (goods sold by optical and
// hearing centres, consumables, energy, rent, upkeep, insurance, fees,
// telecoms, travel), its payroll (the staff file's gross pay, employer's
// charges and payroll tax: 641, 645, 631), depreciation (681), interest
// (661) and, now and then, exceptional items (678, 778) — each line with
// its counterpart (411, 441, 401, 421, 431, 447, 281, 512).
//
// File: finance/grand-livre-YYYY.csv, a row per entry line, with one line
// booked on an account that does not exist (a typing error the ingest
// must reject).

struct LedgerGenerator: Sendable {
    let context: DemoContext
    /// The activity files' sales and grants and the staff file's pay, per site and month.
    let amounts: MonthlyAmounts

    static let folder = "finance"
    static let header = ["Journal", "N° pièce", "Date", "Compte", "Libellé", "Code analytique", "Débit", "Crédit"]

    /// One entry line.
    struct Line {
        var journal: String
        var piece: String
        /// Day index of the entry.
        var day: Int
        var account: String
        var label: String
        var site: Int
        var debit: Int
        var credit: Int
    }

    /// Purchases as a share of sales (goods, consumables) by line.
    static func purchases(_ line: ActivityLine) -> (goods: Double, consumables: Double) {
        switch line {
        case .optical: (0.42, 0.01)
        case .hearing: (0.38, 0.01)
        case .dental: (0, 0.08)
        case .clinic: (0, 0.14)
        case .ehpad: (0, 0.05)
        case .creche: (0, 0.04)
        default: (0, 0.02)
        }
    }

    /// The entry lines of one year, in order of month, site and entry.
    func lines(year: Int) -> [Line] {
        let calendar = context.calendar
        var out: [Line] = []
        for site in context.organisation.establishments {
            var random = SeededGenerator.stream(context.seed, 1_100, UInt64(site.index), UInt64(year))
            let capacity = Double(site.capacity)
            for month in (year * 12)..<(year * 12 + 12) {
                let sales = amounts.sales[site.index]?[month] ?? 0, grants = amounts.grants[site.index]?[month] ?? 0
                let pay = amounts.payroll[site.index]?[month] ?? 0
                guard sales + grants + pay > 0 else { continue }
                let last = calendar.days(ofMonth: month).upperBound - 1
                let stamp = "\(DemoCalendar.firstYear + month / 12)\(month % 12 < 9 ? "0" : "")\(month % 12 + 1)-\(site.id)"
                func entry(_ journal: String, _ day: Int, _ lines: [(String, String, Int, Int)]) {
                    for (account, label, debit, credit) in lines where debit + credit != 0 {
                        out.append(Line(journal: journal, piece: journal + stamp, day: day, account: account, label: label, site: site.index,
                                        debit: debit, credit: credit))
                    }
                }
                if sales > 0 {
                    let goods = site.line == .optical || site.line == .hearing
                    entry("VE", last, [(goods ? "707100" : "706100", goods ? "Ventes du mois" : "Prestations du mois", 0, sales),
                                       ("411100", "Clients", sales, 0)])
                }
                if grants > 0 {
                    entry("OD", last, [("741000", site.line == .creche ? "Prestation de service unique CAF" : "Dotation soins ARS", 0, grants),
                                       ("441000", "Subventions à recevoir", grants, 0)])
                }
                // Purchases: shares of sales, costs sized on capacity, a little noise on each.
                let share = Self.purchases(site.line)
                func noisy(_ cents: Double) -> Int { max(0, Int(cents * (1 + 0.08 * random.normal()))) }
                let bought = [("607000", "Achats de marchandises", noisy(Double(sales) * share.goods)),
                              ("602110", "Fournitures consommables", noisy(Double(sales + grants) * share.consumables)),
                              ("606100", "Énergie et eau", noisy(capacity * 4_500 * (month % 12 < 3 || month % 12 > 9 ? 1.4 : 0.8))),
                              ("613200", "Loyer", noisy(capacity * 9_000)),
                              ("615600", "Maintenance", noisy(capacity * 2_000)),
                              ("616100", "Assurance multirisque", noisy(capacity * 800)),
                              ("622600", "Honoraires", noisy(60_000)),
                              ("626000", "Téléphone et internet", noisy(25_000)),
                              ("625100", "Déplacements", noisy(site.line == .ssiad || site.line == .ambulance ? capacity * 6_000 : 15_000))]
                let purchases = bought.reduce(0) { $0 + $1.2 }
                entry("AC", calendar.firstDay(ofMonth: month) + 9, bought.map { ($0.0, $0.1, $0.2, 0) } + [("401100", "Fournisseurs", 0, purchases)])
                if pay > 0 {
                    let charges = pay * 42 / 100, tax = pay * 425 / 10_000
                    entry("PA", last, [("641100", "Salaires bruts", pay, 0), ("645100", "Charges sociales patronales", charges, 0),
                                       ("631100", "Taxe sur les salaires", tax, 0), ("421000", "Salaires nets à payer", 0, pay * 78 / 100),
                                       ("431000", "Cotisations sociales", 0, charges + pay * 22 / 100), ("447000", "Taxe sur les salaires", 0, tax)])
                }
                let depreciation = noisy(capacity * 5_000)
                entry("OD", last, [("681120", "Dotation aux amortissements", depreciation, 0), ("281800", "Amortissements", 0, depreciation)])
                let interest = noisy(capacity * 900)
                entry("BQ", last, [("661160", "Intérêts d'emprunt", interest, 0), ("512100", "Banque", 0, interest)])
                if random.chance(0.04) {
                    let amount = 50_000 + random.below(500_000)
                    entry("OD", last, random.chance(0.5) ? [("678000", "Charge exceptionnelle", amount, 0), ("512100", "Banque", 0, amount)]
                                                         : [("778000", "Produit exceptionnel", 0, amount), ("512100", "Banque", amount, 0)])
                }
            }
        }
        return out
    }

    func generate() throws(DemoError) -> Generated {
        var generated = Generated()
        let calendar = context.calendar
        let ids = context.organisation.establishments.map { ExportText.windows1252($0.id) }
        var labels: [String: [UInt8]] = [:]
        for year in 0..<DemoCalendar.years {
            let file = try context.file(Self.folder, "grand-livre-\(DemoCalendar.firstYear + year).csv")
            var out = try ExportWriter(path: file.path)
            try out.header(Self.header)
            var debit = 0, credit = 0
            for (n, line) in lines(year: year).enumerated() {
                if n == 40 && year == 1 {
                    // An entry line on an account that does not exist (a typing error).
                    try out.plant([Array("OD".utf8), Array("OD-CORRECTION-1".utf8), Array(calendar.dmy[(line.day * 10)..<(line.day * 10 + 10)]),
                                   Array("641999".utf8), ExportText.field("Régularisation salaires"), ids[line.site], Array("150,00".utf8), []],
                                  table: "gl_lines", file: file.relative, reason: "missing lookup: account '641999'",
                                  description: "an entry line on an account that does not exist (641999)", into: &generated.defects)
                }
                out.bytes(Array(line.journal.utf8)); out.separate()
                out.bytes(Array(line.piece.utf8)); out.separate()
                out.slice(calendar.dmy, line.day, width: 10); out.separate()
                out.bytes(Array(line.account.utf8)); out.separate()
                if labels[line.label] == nil { labels[line.label] = ExportText.field(line.label) }
                out.bytes(labels[line.label]!); out.separate()
                out.bytes(ids[line.site]); out.separate()
                if line.debit != 0 { out.decimal(line.debit, grouped: true) }
                out.separate()
                if line.credit != 0 { out.decimal(line.credit, grouped: true) }
                try out.endRow()
                generated.rows += 1
                debit += line.debit
                credit += line.credit
            }
            try out.totalLine(columns: Self.header.count, sums: [6: debit, 7: credit])
            try out.finish()
            generated.files.append(file.relative)
        }
        return generated
    }
}
