// A generator of one activity line's exports. Each one simulates its sites
// day by day over the three years, a year (or a month) of files at a time,
// every site on a random stream of its own, so that the lines can run in
// parallel and still give the same bytes.

protocol LineGenerator: Sendable {
    static var line: ActivityLine { get }
    var context: DemoContext { get }
    init(context: DemoContext)
    /// Writes the line's files into `sources/<line>/`.
    func generate() throws(DemoError) -> Generated
}

extension LineGenerator {
    /// The labels of a site's streams: the line, then the site.
    private func labels(_ site: Establishment) -> (UInt64, UInt64) { (UInt64(100 * (Self.line.rawValue + 1)), UInt64(site.index)) }

    /// The site's own random stream.
    func stream(_ site: Establishment) -> SeededGenerator {
        let (line, index) = labels(site)
        return SeededGenerator.stream(context.seed, line, index)
    }

    /// The people the site meets (`prefix`: `P` patients, `E` children, `R` residents, `C` customers, `A` subscribers).
    func people(_ prefix: Character, _ site: Establishment) -> Pseudonyms {
        let (line, index) = labels(site)
        return Pseudonyms(prefix: prefix, seed: context.seed, line, index)
    }

    /// Writes one file a year, `name-YYYY.csv` in the line's folder: its header (`header(year)`), the rows `body` writes
    /// (adding the amounts of the columns in `totals` to their sums), and the total line with those sums (in cents, or
    /// with the `decimals` given by column). Returns the files, relative to the workspace.
    func eachYear(_ name: String, header: (Int) -> [String], totals: [Int], decimals: [Int: Int] = [:],
                  _ body: (_ year: Int, _ out: inout ExportWriter, _ file: String, _ sums: inout [Int]) throws(DemoError) -> Void) throws(DemoError) -> [String] {
        var files: [String] = []
        for year in 0..<DemoCalendar.years {
            let file = try context.file(Self.line.code, "\(name)-\(DemoCalendar.firstYear + year).csv")
            var out = try ExportWriter(path: file.path)
            let columns = header(year)
            try out.header(columns)
            var sums = [Int](repeating: 0, count: columns.count)
            try body(year, &out, file.relative, &sums)
            try out.totalLine(columns: columns.count, sums: Dictionary(uniqueKeysWithValues: totals.map { ($0, sums[$0]) }), decimals: decimals)
            try out.finish()
            files.append(file.relative)
        }
        return files
    }
}
