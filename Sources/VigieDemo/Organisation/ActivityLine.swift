// The group's activity lines (DOMAIN.md): how each one is named in the lake
// and in the exports, what its capacity counts, and how many sites it has
// at scale 1.

enum ActivityLine: Int, CaseIterable, Sendable {
    case creche, ehpad, dental, optical, hearing, ssiad, clinic, ambulance, teleassistance

    /// The code in the lake (`establishments.line`) and the name of its app and source folder.
    var code: String {
        ["creches", "ehpad", "dentaire", "optique", "audition", "ssiad", "cliniques", "ambulances", "teleassistance"][rawValue]
    }

    var label: String {
        ["Petite enfance (crèches)", "EHPAD", "Centres dentaires", "Optique", "Audition", "Soins infirmiers à domicile (SSIAD)",
         "Cliniques", "Ambulances", "Téléassistance"][rawValue]
    }

    /// What `capacity` counts.
    var capacityUnit: String {
        ["places", "lits", "fauteuils", "postes de vente", "cabines", "places", "lits", "équipages", "abonnés"][rawValue]
    }

    /// Sites at scale 1 (275 in all, about 5.7 million fact rows).
    var baseCount: Int { [70, 14, 40, 60, 45, 12, 8, 18, 8][rawValue] }

    /// The capacities a site of the line is built with, drawn uniformly.
    var capacities: [Int] {
        switch self {
        case .creche: [10, 10, 12, 12, 16, 20, 24, 30, 36, 40]
        case .ehpad: [40, 48, 54, 60, 62, 68, 75, 80, 90]
        case .dental: [2, 3, 3, 4, 4, 5, 6, 8]
        case .optical: [2, 2, 3, 3, 3, 4, 5]
        case .hearing: [1, 1, 2, 2, 3]
        case .ssiad: [22, 28, 30, 35, 40, 45, 52]
        case .clinic: [60, 90, 120, 150, 180, 220]
        case .ambulance: [3, 4, 5, 6, 7, 8, 10]
        case .teleassistance: [30, 40, 45, 50, 60]
        }
    }

    /// How the sites of the line are named before their commune.
    var names: [String] {
        switch self {
        case .creche:
            ["Crèche Les Petits Loups", "Crèche Les Lucioles", "Crèche Pomme d'Api", "Crèche Les Marmousets", "Crèche Les Pitchouns",
             "Crèche Les Coccinelles", "Crèche Les Farfadets", "Crèche Les Bout'Choux", "Crèche Arc-en-Ciel", "Crèche La Ribambelle",
             "Micro-crèche Les Câlins", "Multi-accueil L'Île aux Enfants"]
        case .ehpad:
            ["EHPAD Les Tilleuls", "EHPAD Les Glycines", "EHPAD Le Clos Fleuri", "EHPAD Les Jardins d'Automne", "EHPAD La Roseraie",
             "EHPAD Les Hortensias", "EHPAD Résidence du Parc", "EHPAD Les Charmilles", "EHPAD Le Grand Chêne", "EHPAD Les Magnolias"]
        case .dental: ["Centre dentaire mutualiste", "Centre de santé dentaire"]
        case .optical: ["Optique mutualiste", "Les Opticiens mutualistes"]
        case .hearing: ["Audition mutualiste", "Centre auditif mutualiste"]
        case .ssiad: ["SSIAD mutualiste", "Service de soins infirmiers à domicile"]
        case .clinic: ["Clinique mutualiste du Parc", "Clinique mutualiste des Cèdres", "Clinique mutualiste de l'Estuaire", "Clinique mutualiste Jules Verne"]
        case .ambulance: ["Ambulances mutualistes", "Transports sanitaires mutualistes"]
        case .teleassistance: ["Téléassistance mutualiste", "Plateforme d'écoute et d'assistance"]
        }
    }

    /// How much the site's town's size weighs in where the line settles (1: in proportion to the population).
    var populationWeight: Double {
        switch self {
        case .ehpad, .ssiad, .ambulance: 0.6
        case .clinic: 1.1
        default: 0.9
        }
    }
}
