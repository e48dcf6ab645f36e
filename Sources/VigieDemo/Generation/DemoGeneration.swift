// Writing the demo's source files: the activity lines, the staff file, the
// reference and external files are independent, so they run in parallel, a
// worker per core, the biggest first. The ledger needs what they billed and
// paid: it is written after them, while the rest is ingested (Demo.build).

import Foundation

enum DemoGeneration {
    /// The line generators, biggest first (so that the last to start are short).
    static let lines: [any LineGenerator.Type] = [
        EhpadGenerator.self, CrecheGenerator.self, TeleassistanceGenerator.self, DentalGenerator.self, SsiadGenerator.self,
        OpticalGenerator.self, AmbulanceGenerator.self, ClinicGenerator.self, HearingGenerator.self,
    ]

    static func run(context: DemoContext, progress: @escaping @Sendable (DemoProgress) -> Void) throws(DemoError) -> Generated {
        typealias Job = (name: String, make: @Sendable () throws(DemoError) -> Generated)
        var jobs: [Job] = lines.map { type in (type.line.code, { () throws(DemoError) in try type.init(context: context).generate() }) }
        jobs.append(("rh", { () throws(DemoError) in try StaffGenerator(context: context).generate() }))
        jobs.append(("referentiel", { () throws(DemoError) in try ReferenceExports(context: context).generate() }))
        jobs.append(("annuaire et concurrence", { () throws(DemoError) in try ExternalExports(context: context).generate() }))
        let total = jobs.count
        let results = Locked<(done: Int, rows: Int, outcomes: [Result<Generated, DemoError>?])>((0, 0, Array(repeating: nil, count: jobs.count)))
        progress(DemoProgress(stage: .generate, done: 0, total: total, rows: 0, detail: "starting"))
        let work = jobs
        DispatchQueue.concurrentPerform(iterations: work.count) { k in
            let outcome: Result<Generated, DemoError>
            do throws(DemoError) { outcome = .success(try work[k].make()) } catch { outcome = .failure(error) }
            let (done, rows) = results.withLock { state in
                state.outcomes[k] = outcome
                state.done += 1
                state.rows += (try? outcome.get().rows) ?? 0
                return (state.done, state.rows)
            }
            progress(DemoProgress(stage: .generate, done: done, total: total, rows: rows, detail: work[k].name))
        }
        var generated = Generated()
        for outcome in results.withLock({ $0.outcomes }) {
            guard let outcome else { continue }
            generated.merge(try outcome.get())
        }
        return generated
    }
}
