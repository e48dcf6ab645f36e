// The external layers geomarketing needs, as they arrive from outside:
// the prescribers' directory (an open-data extract: UTF-8, `|`-separated,
// as the RPPS directory is published) and the competitors' points of sale
// (other optical and hearing chains, invented names) from a web API as a
// JSON array. Competitors are about as dense as the real chains are, in
// the départements where the group has optical or hearing sites.

import Foundation
import Parquet

struct ExternalExports: Sendable {
    let context: DemoContext

    static let prescriberHeader = ["Identifiant PP", "Nom d'exercice", "Prénom d'exercice", "Libellé savoir-faire",
                                   "Code commune (coord. structure)", "Libellé commune (coord. structure)"]
    static let opticalChains = ["Vision Plus", "Lunetterie Moderne", "Optimod", "Regard Optique", "Les Lunetiers", "Optic Avenue"]
    static let hearingChains = ["Audition Conseil", "Écoute Plus", "Sonora Audition", "Audiocentre"]

    func generate() throws(DemoError) -> Generated {
        var generated = Generated()
        let reference = context.reference
        // The directory.
        let directory = try context.file("annuaire", "prescripteurs.csv")
        var out = try ExportWriter(path: directory.path, separator: UInt8(ascii: "|"), crlf: false)
        try out.header(Self.prescriberHeader, windows1252: false)
        for p in context.prescribers.all {
            let commune = reference.communes[p.commune]
            for (k, field) in [p.rpps, p.lastName.uppercased(), p.firstName, p.specialty.label, commune.code, commune.name].enumerated() {
                if k > 0 { out.separate() }
                out.bytes(ExportText.field(field, separator: UInt8(ascii: "|"), windows1252: false))
            }
            try out.endRow()
            generated.rows += 1
        }
        try out.finish()
        generated.files.append(directory.relative)

        // The competitors, as a JSON array.
        var random = SeededGenerator.stream(context.seed, 4)
        let byDepartement = Dictionary(grouping: reference.communes.indices, by: { reference.communes[$0].departement })
        let population = Dictionary(reference.departements.map { ($0.code, Double($0.population)) }, uniquingKeysWith: { a, _ in a })
        var points: [String] = []
        for (activity, chains, inhabitants, line) in [("optique", Self.opticalChains, 18_000.0, ActivityLine.optical),
                                                      ("audition", Self.hearingChains, 40_000.0, ActivityLine.hearing)] {
            let departements = Set(context.organisation.sites(of: line).map { reference.communes[$0.commune].departement }).sorted()
            for departement in departements {
                let communes = byDepartement[departement] ?? []
                let weights = cumulative(communes.map { pow(Double(max(reference.communes[$0].population, 1)), 1.1) })
                for _ in 0..<max(1, Int((population[departement] ?? 0) / inhabitants)) {
                    let commune = reference.communes[communes[random.pick(weights)]]
                    let opened = DemoCalendar.days(iso: "1990-01-01")! + random.below(12_500)
                    let d = CivilDate.fromDays(Int64(opened))
                    let fields = [
                        "\"id\":\"CO\(String(format: "%05d", points.count + 1))\"", "\"enseigne\":" + String(decoding: ExportText.json(random.element(chains)), as: UTF8.self),
                        "\"activite\":\"\(activity)\"", "\"commune\":\"\(commune.code)\"",
                        "\"lat\":" + String(format: "%.5f", commune.latitude + (random.unit() - 0.5) * 0.02),
                        "\"lon\":" + String(format: "%.5f", commune.longitude + (random.unit() - 0.5) * 0.03),
                        "\"ouverture\":\"" + String(format: "%04d-%02d-%02d", Int(d.year), d.month, d.day) + "\"",
                    ]
                    points.append("  {" + fields.joined(separator: ", ") + "}")
                }
            }
        }
        let competitors = try context.file("concurrence", "points-de-vente.json")
        do {
            try Data(("[\n" + points.joined(separator: ",\n") + "\n]\n").utf8).write(to: URL(fileURLWithPath: competitors.path))
        } catch {
            throw DemoError(.io, "cannot write \(competitors.path): \(error.localizedDescription)")
        }
        generated.rows += points.count
        generated.files.append(competitors.relative)
        return generated
    }
}
