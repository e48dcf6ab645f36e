// The regions of France by INSEE code, and the school-holiday zone the demo
// gives each one. The real zones follow académies, which do not always
// follow regions; by region is close enough for the shape of crèche
// attendance (Corsica, which has a calendar of its own, is put in zone B).

enum Regions {
    /// INSEE region code → name.
    static let names: [String: String] = [
        "01": "Guadeloupe", "02": "Martinique", "03": "Guyane", "04": "La Réunion", "06": "Mayotte",
        "11": "Île-de-France", "24": "Centre-Val de Loire", "27": "Bourgogne-Franche-Comté", "28": "Normandie",
        "32": "Hauts-de-France", "44": "Grand Est", "52": "Pays de la Loire", "53": "Bretagne", "75": "Nouvelle-Aquitaine",
        "76": "Occitanie", "84": "Auvergne-Rhône-Alpes", "93": "Provence-Alpes-Côte d'Azur", "94": "Corse",
    ]

    /// INSEE region code → school-holiday zone.
    static let zones: [String: Character] = [
        "84": "A", "27": "A", "75": "A",
        "32": "B", "44": "B", "28": "B", "52": "B", "53": "B", "24": "B", "93": "B", "94": "B",
        "11": "C", "76": "C",
    ]

    static func zone(ofRegion region: String) -> Character { zones[region] ?? "B" }
}
