// The general ledger: every month, each establishment's books get balanced
// entries on real accounts of the Plan Comptable Général — its sales
// (what the activity files billed that month, on 706 or on 707 for goods)
// and grants (CAF and commune, ARS: 741), its payroll (the staff file's
// gross pay, employer's charges and payroll tax: 641, 645, 631), its
// external costs as its line spends them (goods sold by optical and hearing
// centres, consumables, prosthesis labs, catering, energy and fuel, rent,
// vehicle leasing, upkeep, insurance, fees, telecoms, travel, advertising),
// depreciation (681), interest (661) and, now and then, exceptional items
// (678, 778) — each line with its counterpart (411, 441, 401, 421, 431,
// 447, 281, 512).
//
// Files: finance/grand-livre-SNN-YYYY.xlsx, each structure's books for a
// year, a row per entry line, with one line booked on an account that does
// not exist (a typing error the ingest must reject).

import Foundation
import VigieDraw

struct LedgerGenerator: Sendable {
    let context: DemoContext
    /// The activity files' sales and grants and the staff file's pay, per site and month.
    let amounts: MonthlyAmounts

    static let folder = "finance"
    /// The pipeline that ingests the ledger (Resources/workspace/pipelines).
    static let pipeline = "finance-grand-livre"
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

    /// What a line spends outside payroll, by account (weights of the external costs) and whether the cost follows
    /// the activity month by month (variable) or is the same every month (fixed).
    static func externalCosts(_ line: ActivityLine) -> [(account: String, label: String, weight: Double, variable: Bool)] {
        let energy = ("606100", "Énergie et eau", true), rent = ("613200", "Loyer", false), upkeep = ("615600", "Maintenance", false)
        let insurance = ("616100", "Assurance multirisque", false), fees = ("622600", "Honoraires", false)
        let telecom = ("626000", "Téléphone et internet", false), travel = ("625100", "Déplacements", true)
        let consumables = ("602110", "Fournitures consommables", true), goods = ("607000", "Achats de marchandises", true)
        let subcontracting = ("611000", "Sous-traitance (restauration, blanchisserie)", true), leasing = ("612200", "Crédit-bail véhicules", false)
        let advertising = ("623100", "Publicité", false), laboratory = ("604000", "Prothèses (laboratoire)", true)
        let parts: [((String, String, Bool), Double)]
        switch line {
        case .creche: parts = [(consumables, 25), (energy, 15), (rent, 30), (upkeep, 10), (insurance, 5), (fees, 5), (telecom, 5), (travel, 5)]
        case .ehpad: parts = [(consumables, 30), (subcontracting, 20), (energy, 15), (rent, 15), (upkeep, 8), (insurance, 4), (fees, 4), (telecom, 2), (travel, 2)]
        case .dental: parts = [(consumables, 40), (laboratory, 30), (rent, 12), (upkeep, 8), (insurance, 3), (fees, 3), (telecom, 2), (energy, 2)]
        case .optical: parts = [(goods, 75), (rent, 12), (advertising, 3), (energy, 3), (upkeep, 3), (insurance, 2), (fees, 1), (telecom, 1)]
        case .hearing: parts = [(goods, 65), (rent, 15), (advertising, 8), (energy, 3), (upkeep, 3), (insurance, 2), (fees, 2), (telecom, 2)]
        case .ssiad: parts = [(travel, 35), (leasing, 20), (rent, 15), (energy, 10), (upkeep, 5), (insurance, 5), (fees, 5), (telecom, 5)]
        case .clinic: parts = [(consumables, 45), (subcontracting, 15), (energy, 10), (upkeep, 10), (rent, 8), (insurance, 4), (fees, 5), (telecom, 3)]
        case .ambulance: parts = [(energy, 30), (leasing, 30), (upkeep, 20), (insurance, 10), (rent, 5), (telecom, 3), (fees, 2)]
        case .teleassistance: parts = [(goods, 25), (telecom, 30), (rent, 15), (leasing, 10), (upkeep, 10), (insurance, 5), (fees, 5)]
        }
        return parts.map { (account: $0.0.0, label: $0.0.1, weight: $0.1, variable: $0.0.2) }
    }

    /// The entry lines of one year, in order of site, month and entry. A site's external costs are what is left of
    /// its revenue once payroll, depreciation, interest and its result are taken: its result is a margin of its
    /// own (about 1 %, a non-profit's), unless payroll leaves less than 8 % of the revenue for the rest, and then
    /// the site runs at a loss.
    func lines(year: Int) -> [Line] {
        let calendar = context.calendar
        var out: [Line] = []
        for site in context.organisation.establishments {
            var random = SeededGenerator.stream(context.seed, 1_100, UInt64(site.index), UInt64(year))
            let months = (year * 12)..<(year * 12 + 12)
            let sales = amounts.sales[site.index] ?? MonthlyAmounts.none, grants = amounts.grants[site.index] ?? MonthlyAmounts.none
            let pay = amounts.payroll[site.index] ?? MonthlyAmounts.none
            let revenue = months.reduce(0) { $0 + sales[$1] + grants[$1] }
            guard revenue > 0 else { continue }
            let staff = months.reduce(0) { $0 + pay[$1] } * 14_625 / 10_000
            let margin = min(0.08, max(-0.08, 0.01 + 0.03 * random.normal()))
            let depreciation = Double(revenue) * 0.03, interest = Double(revenue) * 0.005
            let external = max(Double(revenue) * 0.08, Double(revenue - staff) - depreciation - interest - margin * Double(revenue))
            let costs = Self.externalCosts(site.line)
            let total = costs.reduce(0) { $0 + $1.weight }
            for month in months {
                let share = Double(sales[month] + grants[month]) / Double(revenue)
                let last = calendar.days(ofMonth: month).upperBound - 1
                let stamp = "\(DemoCalendar.firstYear + month / 12)\(month % 12 < 9 ? "0" : "")\(month % 12 + 1)-\(site.id)"
                func entry(_ journal: String, _ day: Int, _ lines: [(String, String, Int, Int)]) {
                    for (account, label, debit, credit) in lines where debit + credit != 0 {
                        out.append(Line(journal: journal, piece: journal + stamp, day: day, account: account, label: label, site: site.index,
                                        debit: debit, credit: credit))
                    }
                }
                func noisy(_ cents: Double) -> Int { max(0, Int(cents * (1 + 0.05 * random.normal()))) }
                if sales[month] > 0 {
                    let goods = site.line == .optical || site.line == .hearing
                    entry("VE", last, [(goods ? "707100" : "706100", goods ? "Ventes du mois" : "Prestations du mois", 0, sales[month]),
                                       ("411100", "Clients", sales[month], 0)])
                }
                if grants[month] > 0 {
                    entry("OD", last, [("741000", site.line == .creche ? "Prestation de service unique CAF et commune" : "Dotation soins ARS", 0, grants[month]),
                                       ("441000", "Subventions à recevoir", grants[month], 0)])
                }
                let bought = costs.map { cost in
                    (cost.account, cost.label, noisy(external * cost.weight / total * (cost.variable ? share : 1.0 / 12)))
                }
                let purchases = bought.reduce(0) { $0 + $1.2 }
                entry("AC", calendar.firstDay(ofMonth: month) + 9, bought.map { ($0.0, $0.1, $0.2, 0) } + [("401100", "Fournisseurs", 0, purchases)])
                if pay[month] > 0 {
                    let gross = pay[month], charges = gross * 42 / 100, tax = gross * 425 / 10_000
                    entry("PA", last, [("641100", "Salaires bruts", gross, 0), ("645100", "Charges sociales patronales", charges, 0),
                                       ("631100", "Taxe sur les salaires", tax, 0), ("421000", "Salaires nets à payer", 0, gross * 78 / 100),
                                       ("431000", "Cotisations sociales", 0, charges + gross * 22 / 100), ("447000", "Taxe sur les salaires", 0, tax)])
                }
                let monthly = noisy(depreciation / 12)
                entry("OD", last, [("681120", "Dotation aux amortissements", monthly, 0), ("281800", "Amortissements", 0, monthly)])
                let charge = noisy(interest / 12)
                entry("BQ", last, [("661160", "Intérêts d'emprunt", charge, 0), ("512100", "Banque", 0, charge)])
                if random.chance(0.04) {
                    let amount = Int(Double(revenue) * 0.002 * (0.5 + random.unit()))
                    entry("OD", last, random.chance(0.5) ? [("678000", "Charge exceptionnelle", amount, 0), ("512100", "Banque", 0, amount)]
                                                         : [("778000", "Produit exceptionnel", 0, amount), ("512100", "Banque", amount, 0)])
                }
            }
        }
        return out
    }

    /// Each structure keeps its own books: a workbook per structure and year, as the accounting software exports
    /// them (one sheet, the header in its first row, amounts as numbers, dates as dates). A site's lines go to the
    /// books of the structure it belonged to on the entry's date (S14's until the merger, S11's after).
    func generate() throws(DemoError) -> Generated {
        var generated = Generated()
        let calendar = context.calendar, organisation = context.organisation
        let ids = organisation.establishments.map(\.id)
        let columns = Self.header.enumerated().map { k, name in ExportColumn(name, format: k == 2 ? "DD/MM/YYYY" : k >= 6 ? "# ##0,00" : nil) }
        let writer = XLSXWriter(creator: "Vigie demo", created: Date(timeIntervalSince1970: Double(calendar.firstDay + calendar.count) * 86_400))
        for year in 0..<DemoCalendar.years {
            var books = [[[ExportCell]]](repeating: [], count: organisation.structures.count)
            for line in lines(year: year) {
                let structure = organisation.structure(of: line.site, on: calendar.firstDay + line.day)
                books[structure].append([.text(line.journal), .text(line.piece), .date(Int32(calendar.firstDay + line.day)), .text(line.account),
                                         .text(line.label), .text(ids[line.site]), Self.amount(line.debit), Self.amount(line.credit)])
            }
            var files: [(path: String, relative: String, rows: [[ExportCell]])] = []
            for (k, rows) in books.enumerated() where !rows.isEmpty {
                let file = try context.file(Self.folder, "grand-livre-\(organisation.structures[k].code)-\(DemoCalendar.firstYear + year).xlsx")
                var rows = rows
                if year == 1 && files.isEmpty {
                    // An entry line on an account that does not exist (a typing error); the header is row 1.
                    let at = min(40, rows.count)
                    rows.insert([.text("OD"), .text("OD-CORRECTION-1"), rows[at - 1][2], .text("641999"), .text("Régularisation salaires"),
                                 rows[at - 1][5], .decimal(150, scale: 2), .empty], at: at)
                    generated.defects.append(PlantedDefect(table: "gl_lines", file: file.relative, line: at + 2, reason: "missing lookup: account '641999'",
                                                           description: "an entry line on an account that does not exist (641999)"))
                }
                files.append((file.path, file.relative, rows))
            }
            // The workbooks are written on every core: building their XML is most of the ledger's time.
            let failures = Locked<[String]>([])
            let work = files
            DispatchQueue.concurrentPerform(iterations: work.count) { k in
                do {
                    try writer.write([ExportTable(name: "Grand livre", columns: columns, rows: work[k].rows)], to: URL(fileURLWithPath: work[k].path))
                } catch {
                    failures.withLock { $0.append("cannot write \(work[k].path): \(error)") }
                }
            }
            if let failure = failures.withLock({ $0.first }) { throw DemoError(.io, failure) }
            generated.rows += files.reduce(0) { $0 + $1.rows.count }
            generated.files += files.map(\.relative)
        }
        return generated
    }

    static func amount(_ cents: Int) -> ExportCell { cents == 0 ? .empty : .decimal(Double(cents) / 100, scale: 2) }
}
