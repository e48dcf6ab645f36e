// Optical stores: open Tuesday to Saturday (some on Mondays), busiest on
// Saturdays, quieter in August. A sale is a pair of glasses (a frame and
// two lenses, progressive or not), contact lenses, sunglasses or an
// accessory. About a fifth of the glasses are "100 % Santé" (class A:
// fixed prices, fully reimbursed); the others have free prices, a token
// reimbursement by social security and a capped one by the mutual. Glasses
// and contact lenses come with a prescription, most often from a few
// ophthalmologists near the store.
//
// Files: ventes-YYYY.csv, a row per sales line. In 2025 the point-of-sale
// software renamed "Montant TTC" to "Montant TTC (€)" and added "Remise".

struct OpticalGenerator: LineGenerator {
    static let line = ActivityLine.optical
    let context: DemoContext

    static func header(year: Int) -> [String] {
        ["Magasin", "Date", "N° ticket", "Client", "Ligne", "Famille", "Désignation", "Quantité"]
            + (year < 2 ? ["Montant TTC"] : ["Montant TTC (€)", "Remise"])
            + ["Part Sécurité sociale", "Part mutuelle", "100% Santé", "Prescripteur", "Date ordonnance"]
    }

    /// A product of the catalogue: family, designation, and its price: fixed in cents for class A (100 % Santé),
    /// else a range of euros the store prices it in (at 90 cents: 68,90 €).
    struct Product {
        var family: String
        var label: String
        var euros: ClosedRange<Int> = 0...0
        var fixed: Int?

        var classA: Bool { fixed != nil }
    }

    static let products = [
        Product(family: "Monture", label: "Monture 100% Santé", fixed: 3000),
        Product(family: "Monture", label: "Monture acétate", euros: 69...229),
        Product(family: "Monture", label: "Monture métal", euros: 79...259),
        Product(family: "Monture", label: "Monture titane", euros: 149...349),
        Product(family: "Monture", label: "Monture enfant", euros: 49...119),
        Product(family: "Verre", label: "Verre unifocal classe A", fixed: 3250),
        Product(family: "Verre", label: "Verre progressif classe A", fixed: 8500),
        Product(family: "Verre", label: "Verre unifocal aminci antireflet", euros: 55...179),
        Product(family: "Verre", label: "Verre progressif", euros: 179...449),
        Product(family: "Lentilles", label: "Lentilles mensuelles (boîte de 6)", euros: 25...45),
        Product(family: "Lentilles", label: "Lentilles journalières (boîte de 90)", euros: 39...69),
        Product(family: "Solaire", label: "Lunettes de soleil", euros: 49...199),
        Product(family: "Accessoire", label: "Étui à lunettes", euros: 5...15),
        Product(family: "Accessoire", label: "Produit d'entretien pour lentilles", euros: 8...15),
    ]

    struct Site {
        let site: Establishment
        let id: [UInt8]
        var random: SeededGenerator
        var customers: Pseudonyms
        let opensMonday: Bool
        /// The store's ophthalmologists, most often the first.
        let prescribers: (members: [Int], weights: [Double])
        var tickets = 0
    }

    func generate() throws(DemoError) -> Generated {
        let calendar = context.calendar
        let reference = context.reference
        var sites = context.organisation.sites(of: Self.line).map { site in
            var random = stream(site)
            let circle = context.prescribers.circle(of: .ophthalmology, departement: reference.communes[site.commune].departement, count: 12, &random)
            return Site(site: site, id: ExportText.windows1252(site.id), random: random,
                        customers: people("C", site),
                        opensMonday: random.chance(0.6), prescribers: circle)
        }
        let families = Self.products.map { ExportText.field($0.family) }, labels = Self.products.map { ExportText.field($0.label) }
        let yes = Array("O".utf8), no = Array("N".utf8)
        var generated = Generated()
        generated.files = try eachYear("ventes", header: Self.header(year:), totals: [8]) { year, out, file, sums throws(DemoError) in
            for s in sites.indices {
                var state = sites[s]
                let site = state.site
                for day in context.days(of: site, year: year) {
                    let weekday = calendar.weekday[day]
                    guard calendar.publicHoliday[day] == nil, weekday < 6, weekday > 0 || state.opensMonday else { continue }
                    let month = calendar.month[day]
                    let dayFactor = weekday == 5 ? 1.35 : weekday == 0 ? 0.7 : 1
                    let sales = state.random.poisson(1.6 * Double(site.capacity) * context.intensity(site, day: day, august: 0.75) * dayFactor)
                    for _ in 0..<sales {
                        state.tickets += 1
                        let customer = state.customers.count == 0 || state.random.chance(0.3) ? state.customers.add()
                            : state.random.below(state.customers.count)
                        let basket = state.basket()
                        // Glasses and contact lenses come with a prescription (most of the time).
                        let prescribed = basket[0] <= 10
                        let prescriber = prescribed && !state.prescribers.members.isEmpty && state.random.chance(0.92)
                            ? state.prescribers.members[state.random.pick(state.prescribers.weights)] : nil
                        let prescribedOn = calendar.firstDay + day - 3 - state.random.below(300)
                        let discounted = year == 2 && basket.count > 1 && state.random.chance(0.12)
                        for (n, p) in basket.enumerated() {
                            let product = Self.products[p]
                            let quantity = product.family == "Lentilles" ? 1 + state.random.below(4) : 1
                            let unit = product.fixed ?? state.random.within(product.euros) * 100 - 10
                            let discount = discounted && n == 0 ? unit / 2 : 0
                            let amount = unit * quantity - discount
                            let (amo, amc) = Self.reimbursement(product, amount: amount)
                            out.bytes(state.id); out.separate()
                            out.slice(calendar.dmy, day, width: 10); out.separate()
                            out.int(state.tickets); out.separate()
                            state.customers.write(customer, to: &out); out.separate()
                            out.int(n + 1); out.separate()
                            out.bytes(families[p]); out.separate()
                            out.bytes(labels[p]); out.separate()
                            out.int(quantity); out.separate()
                            out.decimal(amount, grouped: true); out.separate()
                            if year == 2 {
                                if discount > 0 { out.decimal(discount) }
                                out.separate()
                            }
                            out.decimal(amo); out.separate()
                            out.decimal(amc); out.separate()
                            out.bytes(product.classA ? yes : no); out.separate()
                            if let prescriber { context.prescribers.write(prescriber, to: &out) }
                            out.separate()
                            if prescriber != nil { out.date(days: prescribedOn) }
                            try out.endRow()
                            generated.rows += 1
                            sums[8] += amount
                            generated.amounts.sell(amount, site: site.index, month: month)
                        }
                    }
                }
                if s == 0 && year == 0 {
                    // A free gift typed as text where the amount goes.
                    var row: [[UInt8]] = [state.id, Array("14/01/2023".utf8), Array(String(state.tickets + 1).utf8), Array("CXXXXXXXXXX".utf8),
                                          Array("1".utf8), families[12], labels[12],
                                          Array("1".utf8), Array("offert".utf8)]
                    row += [Array("0,00".utf8), Array("0,00".utf8), no, [], []]
                    try out.plant(row, table: "optical_sales", file: file, reason: "not a number: 'offert'",
                                  description: "a text (« offert ») in the amount column", into: &generated.defects)
                }
                sites[s] = state
            }
        }
        return generated
    }

    /// What social security (AMO) and the mutual (AMC) pay: all of a class A product (60 % / 40 %), a token
    /// 5 cents and up to a cap for free-priced glasses, up to 50 € a sale line for contact lenses.
    static func reimbursement(_ product: Product, amount: Int) -> (Int, Int) {
        if product.classA { return (amount * 60 / 100, amount - amount * 60 / 100) }
        switch product.family {
        case "Monture": return (5, min(amount - 5, 10_000))
        case "Verre": return (5, min(amount - 5, 15_000))
        case "Lentilles": return (0, min(amount, 5_000))
        default: return (0, 0)
        }
    }
}

extension OpticalGenerator.Site {
    /// The products (indices in `products`) of one sale: glasses (a frame and two lenses, a fifth of them
    /// 100 % Santé), contact lenses, sunglasses or an accessory.
    mutating func basket() -> [Int] {
        let kind = random.unit()
        if kind < 0.70 {
            let progressive = random.chance(0.4) ? 1 : 0
            if random.chance(0.22) { return [0, 5 + progressive, 5 + progressive] }
            return [1 + random.below(4), 7 + progressive, 7 + progressive]
        }
        if kind < 0.84 { return [9 + random.below(2)] }
        if kind < 0.94 { return [11] }
        return [12 + random.below(2)]
    }
}
