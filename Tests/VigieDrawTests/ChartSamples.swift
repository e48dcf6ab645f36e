// Chart data of a health and care group, for the chart tests and the
// sample pictures (ChartSampleWriter).

import Foundation
@testable import VigieDraw

enum ChartSamples {
    static func value(_ v: Double?) -> MeasureValue {
        MeasureValue(v, text: v.map { NumberText.compact($0) + " €" } ?? "")
    }

    static let structures = ["Crèche Les Écureuils", "EHPAD Sainte-Thérèse", "Centre dentaire Lille-Fives", "Optique Arras",
                             "Audition Douai", "SSIAD Valenciennes", "Clinique du Parc", "<b>&\"x\"</b>"]
    static let states: [SelectionState] = [.selected, .possible, .possible, .alternative, .excluded, .possible, .selected, .possible]

    /// Amounts by structure (one negative), with a count of patients and a rate.
    static let byStructure = ChartData(
        dimensions: ["Structure"], measures: ["Montant", "Budget", "Taux"],
        rows: structures.indices.map { i in
            let amount: Double = [1_250_000, 820_500, -150_000, 310_000, 45_000, 0, 2_400_000, 12_345.67][i]
            let budget: Double = [1_100_000, 900_000, 100_000, 280_000, 60_000, 25_000, 2_000_000, 10_000][i]
            return ChartRow(dimensions: [DimensionValue(structures[i], state: states[i])],
                            measures: [value(amount), value(budget), MeasureValue(Double(i) * 2.5 - 3, text: "\(Double(i) * 2.5 - 3) %")])
        })

    static let months = ["Jan", "Fév", "Mar", "Avr", "Mai", "Juin", "Juil", "Août", "Sep", "Oct", "Nov", "Déc"]
    static let lines = ["Crèche", "EHPAD", "Dentaire"]

    /// Amounts by month and activity line (two dimensions), with gaps.
    static let byMonthAndLine = ChartData(
        dimensions: ["Mois", "Ligne"], measures: ["Montant"],
        rows: months.indices.flatMap { m in
            lines.indices.compactMap { l -> ChartRow? in
                if l == 2 && (m == 4 || m == 7 || m == 9) { return nil }
                let v = Double(100 + 40 * l) * (1 + 0.3 * sin(Double(m + l)))
                return ChartRow(dimensions: [DimensionValue(months[m]), DimensionValue(lines[l], state: l == 1 ? .selected : .possible)],
                                measures: [value(v * 1000)])
            }
        })

    /// Activity per structure: patients, amount, staff (scatter, bubbles).
    static let scatter = ChartData(
        dimensions: ["Structure"], measures: ["Patients", "Montant", "Effectif"],
        rows: (0..<30).map { i in
            let patients = Double(50 + (i * 37) % 400), amount = patients * Double(800 + (i * 53) % 700)
            return ChartRow(dimensions: [DimensionValue("S\(i < 10 ? "0" : "")\(i)", state: i % 7 == 0 ? .excluded : .possible)],
                            measures: [MeasureValue(patients, text: "\(Int(patients))"), value(amount),
                                       MeasureValue(Double(5 + (i * 11) % 60), text: "\(5 + (i * 11) % 60)")])
        })

    static let kpi = ChartData(dimensions: [], measures: ["Chiffre d'affaires 2025"],
                               rows: [ChartRow(dimensions: [], measures: [MeasureValue(48_512_345.5, text: "48 512 345,50 €")])])

    static let empty = ChartData(dimensions: ["Structure"], measures: ["Montant"], rows: [])

    /// One spec of each kind (and variant) with its data, named for the sample files.
    static var all: [(name: String, data: ChartData, spec: ChartSpec)] {
        var horizontal = ChartOptions()
        horizontal.orientation = .horizontal
        var donut = ChartOptions()
        donut.donutHole = 0.55
        donut.maximumSlices = 5
        var kpiOptions = ChartOptions()
        kpiOptions.comparison = KPIComparison("+12,5 % vs 2024", direction: .up)
        var noMarkers = ChartOptions()
        noMarkers.markers = false
        let twoMeasures = ChartData(dimensions: ["Structure"], measures: ["Montant", "Taux"],
                                    rows: byStructure.rows.map { ChartRow(dimensions: $0.dimensions, measures: [$0.measures[0], $0.measures[2]]) })
        let amounts = ChartData(dimensions: ["Structure"], measures: ["Montant", "Budget"],
                                rows: byStructure.rows.map { ChartRow(dimensions: $0.dimensions, measures: Array($0.measures.prefix(2))) })
        let manyCategories = ChartData(dimensions: ["Établissement"], measures: ["Montant"], rows: (0..<40).map { i in
            ChartRow(dimensions: [DimensionValue("Établissement numéro \(i) de la région")], measures: [value(Double((i * 7919) % 1000) * 1000)])
        })
        return [
            ("kpi", kpi, ChartSpec(kind: .kpi, width: 260, height: 140, title: "Chiffre d'affaires", options: kpiOptions)),
            ("bar", amounts, ChartSpec(kind: .bar, title: "Montant et budget par structure")),
            ("bar-horizontal", amounts, ChartSpec(kind: .bar, height: 360, title: "Par structure", options: horizontal)),
            ("bar-many", manyCategories, ChartSpec(kind: .bar, width: 640, title: "40 établissements")),
            ("stacked", byMonthAndLine, ChartSpec(kind: .stackedBar, title: "Montant par mois et ligne")),
            ("stacked-horizontal", byMonthAndLine, ChartSpec(kind: .stackedBar, height: 400, title: "Par mois", options: horizontal)),
            ("line", byMonthAndLine, ChartSpec(kind: .line, title: "Évolution mensuelle")),
            ("line-no-markers", byMonthAndLine, ChartSpec(kind: .line, title: "Sans marqueurs", options: noMarkers)),
            ("combo", twoMeasures, ChartSpec(kind: .combo, width: 560, title: "Montant et taux")),
            ("pie", byStructure, ChartSpec(kind: .pie, title: "Répartition")),
            ("donut", byStructure, ChartSpec(kind: .pie, title: "Répartition (5 parts)", options: donut)),
            ("scatter", scatter, ChartSpec(kind: .scatter, height: 340, title: "Patients et montant par structure")),
            ("empty", empty, ChartSpec(kind: .bar, title: "Rien")),
        ]
    }
}
