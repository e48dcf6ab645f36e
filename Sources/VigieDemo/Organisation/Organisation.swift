// The group's establishments, drawn from the seed: for each activity line,
// `baseCount × scale` sites (at least one), each in a structure (chosen in
// proportion to the population of its départements), in a real commune of
// those départements (chosen by population, so that the map looks like
// France), with a FINESS-like id, a French name, a capacity, an opening
// date and the level and trend its activity follows.
//
// Below scale 0.05 the sites themselves shrink too, their capacities
// multiplied by 20 × scale (a demo of nine small sites, for tests that must
// run in seconds).
//
// History: the sites of the merged structure belong to the structure it
// merged into from the merger date, and one site moves between unions;
// `memberships` keeps each site's structure over time.

import Foundation

/// A site of the group.
struct Establishment: Sendable {
    var index: Int
    /// FINESS-like: the département's two characters, six digits and a Luhn check digit.
    var id: String
    var name: String
    var line: ActivityLine
    /// The structure today (after the merger and the move).
    var structure: Int
    /// An index in `ReferenceData.communes`.
    var commune: Int
    var capacity: Int
    /// Days since 1970-01-01.
    var openedOn: Int
    var latitude: Double
    var longitude: Double
    /// School-holiday zone of its region.
    var zone: Character
    /// Its own level of activity, around 1.
    var level: Double
    /// Its yearly growth of activity.
    var growth: Double
}

/// A site's structure over a period (`to` nil: still so).
struct Membership: Sendable {
    var establishment: Int
    var structure: Int
    var from: Int
    var to: Int?
}

struct Organisation: Sendable {
    let unions = GroupSkeleton.unions
    let structures = GroupSkeleton.structures
    let establishments: [Establishment]
    let memberships: [Membership]
    /// Each site's memberships, in order.
    let history: [[Membership]]

    init(seed: UInt64, scale: Double, reference: ReferenceData) {
        var random = SeededGenerator.stream(seed, 1)
        let shrink = min(1, scale * 20)
        let communesByDepartement = Dictionary(grouping: reference.communes.indices, by: { reference.communes[$0].departement })
        let population = Dictionary(reference.departements.map { ($0.code, Double($0.population)) }, uniquingKeysWith: { a, _ in a })
        let mergerDay = DemoCalendar.days(iso: GroupSkeleton.mergerDate)!
        let structureWeights = cumulative(GroupSkeleton.structures.map { s in s.departements.reduce(0) { $0 + (population[$1] ?? 0) } })
        var usedIds = Set<String>()
        var nameCounts: [String: Int] = [:]
        /// The communes a line's sites may take in a structure, with their weights, by structure and line.
        var choices: [Int: (communes: [Int], weights: [Double])] = [:]
        var sites: [Establishment] = []
        for line in ActivityLine.allCases {
            let count = max(1, Int((Double(line.baseCount) * scale).rounded()))
            for _ in 0..<count {
                let k = sites.count
                let structure = k < GroupSkeleton.structures.count ? GroupSkeleton.firstStructure(k) : random.pick(structureWeights)
                // A commune of the structure's départements, by population raised to the line's weight.
                let key = structure * ActivityLine.allCases.count + line.rawValue
                if choices[key] == nil {
                    let candidates = GroupSkeleton.structures[structure].departements.flatMap { communesByDepartement[$0] ?? [] }
                    choices[key] = (candidates, cumulative(candidates.map { pow(Double(max(reference.communes[$0].population, 1)), line.populationWeight) }))
                }
                let (candidates, weights) = choices[key]!
                let commune = candidates[random.pick(weights)]
                let place = reference.communes[commune]
                var id: String
                repeat { id = Self.finess(departement: place.departement, &random) } while !usedIds.insert(id).inserted
                let base = random.element(line.names) + " – " + place.name
                nameCounts[base, default: 0] += 1
                let name = nameCounts[base]! == 1 ? base : base + " " + Self.quarters[(nameCounts[base]! - 2) % Self.quarters.count]
                // Most sites are older than the demo's three years; about one in twelve opens during them.
                let opensDuring = random.chance(1.0 / 12)
                let openedOn = opensDuring ? DemoCalendar.days(iso: "2023-02-01")! + random.below(1000)
                    : DemoCalendar.days(iso: "1978-01-01")! + random.below(16_400)
                sites.append(Establishment(
                    index: k, id: id, name: name, line: line, structure: structure, commune: commune,
                    capacity: max(1, Int((Double(random.element(line.capacities)) * shrink).rounded())), openedOn: openedOn,
                    latitude: place.latitude + (random.unit() - 0.5) * 0.02, longitude: place.longitude + (random.unit() - 0.5) * 0.03,
                    zone: Regions.zone(ofRegion: place.region), level: random.factor(sigma: 0.18),
                    growth: 0.025 + 0.03 * random.normal()))
            }
        }
        // History: the merger, then the move of one site between unions.
        var memberships: [Membership] = []
        for (i, site) in sites.enumerated() {
            if let target = GroupSkeleton.structures[site.structure].mergedInto {
                sites[i].structure = target
                if site.openedOn >= mergerDay {
                    memberships.append(Membership(establishment: i, structure: target, from: site.openedOn))
                } else {
                    memberships.append(Membership(establishment: i, structure: site.structure, from: site.openedOn, to: mergerDay - 1))
                    memberships.append(Membership(establishment: i, structure: target, from: mergerDay))
                }
            } else {
                memberships.append(Membership(establishment: i, structure: site.structure, from: site.openedOn))
            }
        }
        let moveDay = DemoCalendar.days(iso: GroupSkeleton.moveDate)!
        let target = GroupSkeleton.moveTarget
        let targetUnion = GroupSkeleton.structures[target].union
        // The northernmost site of S10 open before the move (closest to its new union), else the first site of another union.
        let fromSource = sites.filter { $0.structure == GroupSkeleton.moveSource && $0.openedOn < moveDay }.max { $0.latitude < $1.latitude }
        let fallback = sites.first { GroupSkeleton.structures[$0.structure].union != targetUnion && $0.openedOn < moveDay }
        if let mover = fromSource ?? fallback, let last = memberships.lastIndex(where: { $0.establishment == mover.index }) {
            memberships[last].to = moveDay - 1
            memberships.append(Membership(establishment: mover.index, structure: target, from: moveDay))
            sites[mover.index].structure = target
        }
        establishments = sites
        self.memberships = memberships.sorted { ($0.establishment, $0.from) < ($1.establishment, $1.from) }
        let bySite = Dictionary(grouping: self.memberships, by: \.establishment)
        history = sites.indices.map { bySite[$0] ?? [] }
    }

    /// Told apart when a line has two sites of one name in one commune.
    static let quarters = ["Centre", "Gare", "Nord", "Sud", "Les Halles", "République", "Saint-Michel", "Le Port", "Les Prés", "Bellevue"]

    /// A FINESS-like number: département (2 characters), 6 digits, and a Luhn check digit over the 8 before
    /// (Corsica's letters count as 0, as for real FINESS numbers of 2A/2B).
    static func finess(departement: String, _ random: inout SeededGenerator) -> String {
        let body = String(departement.prefix(2)) + String(100_000 + random.below(900_000))
        let digits = body.map { Int(String($0)) ?? 0 }
        return body + String(luhn(digits))
    }

    /// The Luhn check digit of `digits`.
    static func luhn(_ digits: [Int]) -> Int {
        var sum = 0
        for (k, d) in digits.reversed().enumerated() {
            let v = k % 2 == 0 ? d * 2 : d
            sum += v > 9 ? v - 9 : v
        }
        return (10 - sum % 10) % 10
    }

    /// The structure a site belonged to on a day (days since 1970-01-01): its history's, else today's.
    func structure(of site: Int, on day: Int) -> Int {
        history[site].last { $0.from <= day }?.structure ?? establishments[site].structure
    }

    /// The establishments of a line, in order.
    func sites(of line: ActivityLine) -> [Establishment] { establishments.filter { $0.line == line } }
}
