// The group's reference files (« référentiel »), as its master-data tool
// exports them (French CSV, Windows-1252): unions, structures and sites
// with their history, activity lines, regions, départements, the calendar
// and the GIR scale; plus the shipped public reference files, copied as
// they are (UTF-8, commas), with their notice.

import Foundation
import Parquet

struct ReferenceExports: Sendable {
    let context: DemoContext
    static let folder = "referentiel"

    func generate() throws(DemoError) -> Generated {
        var generated = Generated()
        let organisation = context.organisation, reference = context.reference, calendar = context.calendar
        let unions = organisation.unions, structures = organisation.structures
        func table(_ name: String, _ header: [String], _ rows: [[String]]) throws(DemoError) {
            let file = try context.file(Self.folder, name)
            var out = try ExportWriter(path: file.path)
            try out.header(header)
            for row in rows {
                for (k, field) in row.enumerated() {
                    if k > 0 { out.separate() }
                    out.bytes(ExportText.field(field))
                }
                try out.endRow()
            }
            try out.finish()
            generated.rows += rows.count
            generated.files.append(file.relative)
        }
        func date(_ days: Int?) -> String {
            guard let days else { return "" }
            let d = CivilDate.fromDays(Int64(days))
            return String(format: "%02d/%02d/%04d", d.day, d.month, Int(d.year))
        }
        func decimal(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value).replacingOccurrences(of: ".", with: ",") }

        let merger = DemoCalendar.days(iso: GroupSkeleton.mergerDate)!, founded = DemoCalendar.days(iso: "2010-01-01")!
        try table("unions.csv", ["Code union", "Union", "Régions"], unions.map { u in
            [u.code, u.name, u.regions.map { Regions.names[$0] ?? $0 }.joined(separator: ", ")]
        })
        try table("structures.csv", ["Code structure", "Structure", "SIRET", "Code union", "Statut", "Fusionnée dans", "Date de fusion"],
                  structures.enumerated().map { k, s in
            let merged = s.mergedInto.map { structures[$0].code }
            return [s.code, Self.currentName(k), Self.siret(context.seed, k), unions[s.union].code, merged == nil ? "Active" : "Fusionnée",
                    merged ?? "", merged == nil ? "" : date(merger)]
        })
        var history: [[String]] = []
        for (k, s) in structures.enumerated() {
            let absorbs = structures.firstIndex { $0.mergedInto == k }
            if let absorbed = absorbs {
                history.append([s.code, s.name, unions[s.union].code, date(founded), date(merger - 1), "Création"])
                history.append([s.code, Self.currentName(k), unions[s.union].code, date(merger), "", "Absorption de \(structures[absorbed].code)"])
            } else if let target = s.mergedInto {
                history.append([s.code, s.name, unions[s.union].code, date(founded), date(merger - 1), "Fusion dans \(structures[target].code)"])
            } else {
                history.append([s.code, s.name, unions[s.union].code, date(founded), "", "Création"])
            }
        }
        try table("historique-structures.csv", ["Code structure", "Structure", "Code union", "Date de début", "Date de fin", "Événement"], history)
        try table("etablissements.csv", ["FINESS", "Raison sociale", "Code activité", "Code structure", "Code commune", "Capacité", "Unité de capacité",
                                         "Date d'ouverture", "Latitude", "Longitude"], organisation.establishments.map { e in
            [e.id, e.name, e.line.code, structures[e.structure].code, reference.communes[e.commune].code, String(e.capacity), e.line.capacityUnit,
             date(e.openedOn), decimal(e.latitude, 5), decimal(e.longitude, 5)]
        })
        try table("historique-etablissements.csv", ["FINESS", "Code structure", "Code union", "Date de début", "Date de fin"],
                  organisation.memberships.map { m in
            let s = structures[m.structure]
            return [organisation.establishments[m.establishment].id, s.code, unions[s.union].code, date(m.from), date(m.to)]
        })
        try table("activites.csv", ["Code activité", "Activité", "Unité de capacité"], ActivityLine.allCases.map { [$0.code, $0.label, $0.capacityUnit] })
        try table("regions.csv", ["Code région", "Région", "Zone de vacances scolaires"], Regions.names.keys.sorted().map { code in
            [code, Regions.names[code]!, String(Regions.zone(ofRegion: code))]
        })
        try table("departements.csv", ["Code département", "Département", "Code région", "Population"], reference.departements.map { d in
            [d.code, d.name, d.region, String(d.population)]
        })
        try table("niveaux-gir.csv", ["GIR", "Points GIR", "Libellé"], Self.gir.enumerated().map { k, g in [String(k + 1), String(g.points), g.label] })
        try table("calendrier.csv", ["Date", "Année", "Trimestre", "Mois", "Libellé mois", "Jour de la semaine", "Week-end", "Jour férié",
                                     "Vacances zone A", "Vacances zone B", "Vacances zone C"], (0..<calendar.count).map { d in
            let month = calendar.month[d]
            return [String(decoding: calendar.dmy[(d * 10)..<(d * 10 + 10)], as: UTF8.self), String(DemoCalendar.firstYear + month / 12),
                    "\(DemoCalendar.firstYear + month / 12)-T\(month % 12 / 3 + 1)", DemoCalendar.monthText(month),
                    DemoCalendar.monthNames[month % 12] + " \(DemoCalendar.firstYear + month / 12)", DemoCalendar.weekdayNames[calendar.weekday[d]],
                    calendar.isWeekend(d) ? "O" : "N", calendar.publicHoliday[d] ?? "",
                    calendar.schoolHoliday["A"]![d] ? "O" : "N", calendar.schoolHoliday["B"]![d] ? "O" : "N", calendar.schoolHoliday["C"]![d] ? "O" : "N"]
        })
        // The public reference files, as shipped.
        for name in ReferenceData.files {
            let file = try context.file("reference", name)
            do {
                try? FileManager.default.removeItem(atPath: file.path)
                try FileManager.default.copyItem(atPath: ReferenceData.folder + "/" + name, toPath: file.path)
            } catch {
                throw DemoError(.io, "cannot copy \(name) into \(file.path): \(error.localizedDescription)")
            }
            generated.files.append(file.relative)
        }
        return generated
    }

    /// The GIR scale: the points each level weighs in the average dependency (GMP) and what it means.
    static let gir: [(points: Int, label: String)] = [
        (1000, "Confiné au lit ou au fauteuil, fonctions mentales gravement altérées"),
        (840, "Confiné au lit ou au fauteuil, ou fonctions mentales altérées mais capable de se déplacer"),
        (660, "Autonomie mentale, besoin d'aide pour l'autonomie corporelle plusieurs fois par jour"),
        (420, "Besoin d'aide pour se lever, la toilette et l'habillage"),
        (250, "Besoin d'une aide ponctuelle pour la toilette, les repas et le ménage"),
        (70, "Autonome pour les actes essentiels de la vie courante"),
    ]

    /// A structure's name today: the one that absorbed another takes both names.
    static func currentName(_ k: Int) -> String {
        let structures = GroupSkeleton.structures
        guard let absorbed = structures.firstIndex(where: { $0.mergedInto == k }) else { return structures[k].name }
        return structures[k].name + "-" + structures[absorbed].name.replacingOccurrences(of: "Mutualité ", with: "")
    }

    /// A SIRET-like number: a 9-digit SIREN with its Luhn digit, then the head office's 5-digit NIC.
    static func siret(_ seed: UInt64, _ k: Int) -> String {
        var random = SeededGenerator.stream(seed, 3, UInt64(k))
        let body = String(77_000_000 + random.below(22_000_000))
        return body + String(Organisation.luhn(body.map { Int(String($0))! })) + "00011"
    }
}
