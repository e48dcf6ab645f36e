// The real public reference data shipped in the module's resources
// (Resources/reference, sources and licences in its NOTICE.md): French
// communes, départements, the chart of accounts and school holidays. The
// demo places its sites in real communes, books on real accounts and
// shapes crèche attendance on the real holiday calendar.

import Foundation
import VigieLake

/// A French commune (INSEE code kept as text: leading zeros, 2A/2B).
struct Commune: Sendable {
    var code: String
    var name: String
    var departement: String
    var region: String
    var population: Int
    var latitude: Double
    var longitude: Double
}

/// A département with its region and population.
struct Departement: Sendable {
    var code: String
    var name: String
    var region: String
    var population: Int
}

/// An account or a group of accounts of the Plan Comptable Général.
struct Account: Sendable {
    var code: String
    var name: String
    var isGroup: Bool
}

/// The reference files, read once per build.
struct ReferenceData: Sendable {
    let communes: [Commune]
    let departements: [Departement]
    let accounts: [Account]
    /// Days of school holidays per zone (A, B, C), as days since 1970-01-01.
    let holidays: [Character: Set<Int>]

    /// The folder of the reference files in the module's resources.
    static var folder: String { Bundle.module.resourceURL!.appendingPathComponent("reference").path }

    /// The reference file names, as shipped (copied into each demo workspace's sources).
    static let files = ["fr-communes.csv", "fr-departements.geojson", "fr-pcg-accounts.csv", "fr-school-holidays.csv", "NOTICE.md"]

    static func load() throws(DemoError) -> ReferenceData {
        let communes = try records("fr-communes.csv").map { f in
            Commune(code: f[0], name: f[1], departement: f[2], region: f[3], population: Int(f[4]) ?? 0,
                    latitude: Double(f[5]) ?? 0, longitude: Double(f[6]) ?? 0)
        }
        let accounts = try records("fr-pcg-accounts.csv").map { Account(code: $0[0], name: $0[1], isGroup: $0[2] == "group") }
        var holidays: [Character: Set<Int>] = ["A": [], "B": [], "C": []]
        for f in try records("fr-school-holidays.csv") {
            guard let day = DemoCalendar.days(iso: f[0]) else { continue }
            for (zone, column) in [("A", 1), ("B", 2), ("C", 3)] as [(Character, Int)] where f[column] == "True" { holidays[zone]!.insert(day) }
        }
        return ReferenceData(communes: communes, departements: try departementsFromGeoJSON(), accounts: accounts, holidays: holidays)
    }

    /// The fields of each record of a reference CSV (comma-separated UTF-8 with a header), read with the lake's CSV reader.
    static func records(_ name: String) throws(DemoError) -> [[String]] {
        let dialect = CSVDialect(separator: UInt8(ascii: ","), encoding: .utf8, decimalSeparator: UInt8(ascii: "."), dateOrder: .yearMonthDay)
        do throws(LakeError) {
            let reader = try CSVReader(path: folder + "/" + name, dialect: dialect)
            var out: [[String]] = []
            while let batch = try reader.nextBatch() {
                guard batch.rejects.isEmpty else { throw batch.rejects[0].error }
                for record in batch { out.append(record.fields) }
            }
            return out
        } catch {
            throw DemoError(.reference, "cannot read the reference file \(name)", cause: error)
        }
    }

    /// The départements: the properties of the GeoJSON features (outlines are left to the maps).
    static func departementsFromGeoJSON() throws(DemoError) -> [Departement] {
        let path = folder + "/fr-departements.geojson"
        guard let data = FileManager.default.contents(atPath: path),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let features = root["features"] as? [[String: Any]] else {
            throw DemoError(.reference, "cannot read the reference file fr-departements.geojson")
        }
        return features.compactMap { feature in
            guard let p = feature["properties"] as? [String: Any], let code = p["dep"] as? String else { return nil }
            return Departement(code: code, name: p["name"] as? String ?? code, region: p["region"] as? String ?? "",
                               population: (p["population"] as? NSNumber)?.intValue ?? 0)
        }.sorted { $0.code < $1.code }
    }
}
