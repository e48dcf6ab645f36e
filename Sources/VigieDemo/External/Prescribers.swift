// Prescribers: ophthalmologists, ENT doctors and general practitioners
// with RPPS ids, in real communes of the départements where the group has
// sites, about as many per inhabitant as France has (GPs sampled: the demo
// needs those who prescribe hearing aids, not all of them). Stores and
// centres send most of their customers' prescriptions to a few nearby
// doctors: a site draws its prescribers from its département with weights
// that fall with rank, so "prescribers' share" means something.

import Foundation

struct Prescriber: Sendable {
    /// RPPS: 11 digits, `10` then 8 digits then a Luhn check digit.
    var rpps: String
    var lastName: String
    var firstName: String
    var specialty: Prescribers.Specialty
    var commune: Int
}

struct Prescribers: Sendable {
    enum Specialty: Int, CaseIterable, Sendable {
        case ophthalmology, ent, general

        /// As the RPPS directory writes it (« libellé savoir-faire »).
        var label: String { ["Ophtalmologie", "Oto-rhino-laryngologie", "Médecine générale"][rawValue] }
        /// Inhabitants per prescriber of the specialty in the directory the demo ships.
        var inhabitants: Double { [22_000, 65_000, 9_000][rawValue] }
    }

    let all: [Prescriber]
    /// Indices in `all`, by département and specialty.
    let local: [String: [[Int]]]
    /// The RPPS ids as bytes, 11 each.
    let ids: [UInt8]

    static let lastNames = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
                            "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
                            "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André",
                            "Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
                            "Le Gall", "Kerbrat", "Etcheverry", "Nguyen", "Benali", "Da Silva", "Lucchini", "Hoarau"]
    static let firstNames = ["Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Sophie", "Claire", "Camille", "Julie", "Anne",
                             "Jean", "Philippe", "Michel", "Alain", "Pierre", "Nicolas", "Laurent", "Olivier", "Thomas", "Julien",
                             "Élodie", "Hélène", "Benoît", "Jérôme", "Yann", "Gaëlle", "Loïc", "Maëlle", "Karim", "Sébastien"]

    init(seed: UInt64, reference: ReferenceData, organisation: Organisation) {
        var random = SeededGenerator.stream(seed, 2)
        let departements = Set(organisation.establishments.map { reference.communes[$0.commune].departement }).sorted()
        let communesByDepartement = Dictionary(grouping: reference.communes.indices, by: { reference.communes[$0].departement })
        let population = Dictionary(reference.departements.map { ($0.code, Double($0.population)) }, uniquingKeysWith: { a, _ in a })
        var all: [Prescriber] = []
        var local: [String: [[Int]]] = [:]
        var used = Set<String>()
        for departement in departements {
            let communes = communesByDepartement[departement] ?? []
            // Doctors settle in towns: weight by population to the power 1.2.
            let weights = cumulative(communes.map { pow(Double(max(reference.communes[$0].population, 1)), 1.2) })
            var lists = [[Int]](repeating: [], count: Specialty.allCases.count)
            for specialty in Specialty.allCases {
                let count = max(2, Int(((population[departement] ?? 0) / specialty.inhabitants).rounded()))
                for _ in 0..<count {
                    var rpps: String
                    repeat {
                        let body = "10" + String(10_000_000 + random.below(90_000_000))
                        rpps = body + String(Organisation.luhn(body.map { Int(String($0))! }))
                    } while !used.insert(rpps).inserted
                    lists[specialty.rawValue].append(all.count)
                    all.append(Prescriber(rpps: rpps, lastName: random.element(Self.lastNames), firstName: random.element(Self.firstNames),
                                          specialty: specialty, commune: communes[random.pick(weights)]))
                }
            }
            local[departement] = lists
        }
        self.all = all
        self.local = local
        ids = all.flatMap { Array($0.rpps.utf8) }
    }

    /// The prescribers a site works with, most often the first: `count` of the specialty in its département,
    /// shuffled by the site's stream, with cumulative weights 1/(rank+1).
    func circle(of specialty: Specialty, departement: String, count: Int, _ random: inout SeededGenerator) -> (members: [Int], weights: [Double]) {
        var pool = local[departement]?[specialty.rawValue] ?? []
        pool.shuffle(using: &random)
        let members = Array(pool.prefix(count))
        return (members, cumulative(members.indices.map { 1 / Double($0 + 1) }))
    }

    /// Writes prescriber `index`'s RPPS id.
    func write(_ index: Int, to out: inout ExportWriter) { out.slice(ids, index, width: 11) }
}
