// Writes one SVG of each chart kind into $VIGIE_DRAW_SAMPLES, for looking at
// (not run otherwise): VIGIE_DRAW_SAMPLES=/tmp/charts swift test --filter ChartSampleWriter

import Foundation
import Testing
@testable import VigieDraw

@Suite("Chart samples")
struct ChartSampleWriter {
    static let folder = ProcessInfo.processInfo.environment["VIGIE_DRAW_SAMPLES"]

    @Test("writes a sample SVG of each kind", .enabled(if: folder != nil))
    func writeSamples() throws {
        let folder = try #require(Self.folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for sample in ChartSamples.all {
            try Chart.svg(sample.data, sample.spec).write(toFile: folder + "/" + sample.name + ".svg", atomically: true, encoding: .utf8)
        }
    }
}
