// The group's fixed skeleton: 5 regional unions and 18 structures, each
// structure in one union and rooted in real départements (its sites are
// placed in their communes). The history DOMAIN.md asks to keep is part of
// it: one structure merges into another, and one site changes union.

/// A regional union.
struct RegionalUnion: Sendable {
    var code: String
    var name: String
    /// INSEE codes of the regions it covers.
    var regions: [String]
}

/// A structure: a legal entity of the group running establishments.
struct Structure: Sendable {
    var code: String
    var name: String
    var union: Int
    var departements: [String]
    /// The structure it was merged into, if it was.
    var mergedInto: Int?
}

enum GroupSkeleton {
    static let unions: [RegionalUnion] = [
        RegionalUnion(code: "U1", name: "Union Grand Ouest", regions: ["53", "52", "28"]),
        RegionalUnion(code: "U2", name: "Union Sud-Ouest", regions: ["75", "76"]),
        RegionalUnion(code: "U3", name: "Union Sud-Est", regions: ["84", "93", "94"]),
        RegionalUnion(code: "U4", name: "Union Nord-Est", regions: ["32", "44", "27"]),
        RegionalUnion(code: "U5", name: "Union Île-de-France – Centre", regions: ["11", "24"]),
    ]

    static let structures: [Structure] = [
        Structure(code: "S01", name: "Mutualité Bretagne Ouest", union: 0, departements: ["29", "22"]),
        Structure(code: "S02", name: "Mutualité Bretagne Sud-Est", union: 0, departements: ["35", "56"]),
        Structure(code: "S03", name: "Mutualité Loire-Atlantique Vendée", union: 0, departements: ["44", "85"]),
        Structure(code: "S04", name: "Mutualité Anjou-Maine", union: 0, departements: ["49", "53", "72"]),
        Structure(code: "S05", name: "Mutualité Normandie", union: 0, departements: ["14", "50", "61", "76", "27"]),
        Structure(code: "S06", name: "Mutualité Gironde Aquitaine", union: 1, departements: ["33", "40", "24", "47"]),
        Structure(code: "S07", name: "Mutualité Pays de l'Adour", union: 1, departements: ["64", "65"]),
        Structure(code: "S08", name: "Mutualité Occitanie Garonne", union: 1, departements: ["31", "81", "82", "32"]),
        Structure(code: "S09", name: "Mutualité Hérault Gard Roussillon", union: 1, departements: ["34", "30", "11", "66"]),
        Structure(code: "S10", name: "Mutualité Limousin Poitou-Charentes", union: 1, departements: ["87", "86", "79", "17", "16", "19"]),
        Structure(code: "S11", name: "Mutualité Rhône-Loire", union: 2, departements: ["69", "42", "01"]),
        Structure(code: "S12", name: "Mutualité Alpes Dauphiné", union: 2, departements: ["38", "73", "74", "26"]),
        Structure(code: "S13", name: "Mutualité Provence Côte d'Azur", union: 2, departements: ["13", "84", "83", "06", "2A", "2B"]),
        Structure(code: "S14", name: "Mutualité Auvergne", union: 2, departements: ["63", "03", "15", "43"], mergedInto: 10),
        Structure(code: "S15", name: "Mutualité Hauts-de-France", union: 3, departements: ["59", "62", "80", "02", "60"]),
        Structure(code: "S16", name: "Mutualité Grand Est Bourgogne", union: 3, departements: ["67", "68", "57", "54", "51", "21", "25", "71"]),
        Structure(code: "S17", name: "Mutualité Centre-Val de Loire", union: 4, departements: ["45", "37", "41", "18", "28", "36"]),
        Structure(code: "S18", name: "Mutualité Île-de-France", union: 4, departements: ["75", "92", "93", "94", "91", "78", "95", "77"]),
    ]

    /// When S14 (Auvergne) merged into S11 (Rhône-Loire): its sites belong to S11 from that day.
    static let mergerDate = "2024-01-01"
    /// When one site moves from a structure of one union to a structure of another.
    static let moveDate = "2024-07-01"
    /// The structure the moving site joins (S03, Union Grand Ouest); it leaves S10 (Union Sud-Ouest) when S10 has sites.
    static let moveTarget = 2
    static let moveSource = 9

    /// The structure of the k-th site, for the first sites: a round that starts with the structures the history
    /// is about, so that even the smallest demo has sites in them.
    static func firstStructure(_ k: Int) -> Int { (k * 7 + 13) % structures.count }
}
