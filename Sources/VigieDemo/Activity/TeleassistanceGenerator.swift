// Teleassistance: each subscriber has a home unit and a pendant. The unit
// sends a heartbeat every night with its battery level, except when it is
// silent for a few days (unplugged, out of order: the platform watches
// "devices silent > 24 h"); the battery runs down over months, warns below
// 15 % and is changed. Subscribers press their pendant now and then (most
// calls are false alarms or a wish to talk; some need a relative or the
// emergency services), and falls are detected; each call is answered in
// some seconds. Subscribers join and leave; each pays a monthly fee.
//
// Files: evenements-YYYY-MM.ndjson (the devices' events as the platform's
// API delivers them, one JSON object a line) and abonnes.csv (the
// subscribers, with their unit's id).

struct TeleassistanceGenerator: LineGenerator {
    static let line = ActivityLine.teleassistance
    let context: DemoContext

    static let header = ["Plateforme", "Abonné", "Boîtier", "Modèle", "Commune", "Tranche d'âge", "Date de début", "Date de fin"]
    static let models = ["Transmetteur T4 + médaillon", "Transmetteur T4 + bracelet détecteur de chute", "Box mobile 4G + médaillon"]
    static let ages = ["60-74 ans", "75-84 ans", "85 ans et plus"]
    static let ageWeights = cumulative([20, 40, 40])
    static let outcomes = ["fausse alerte", "appel de convivialité", "intervention d'un proche", "intervention des secours"]
    static let outcomeWeights = cumulative([50, 20, 20, 10])
    /// The monthly fee, cents.
    static let fee = 2_690

    struct Subscriber {
        var number: Int
        var device: Int
        var model: Int
        var commune: Int
        var age: Int
        /// Days since 1970-01-01.
        var joined: Int
        var left: Int?
        /// Battery in tenths of a percent.
        var battery = 1000
        var silentUntil = -1
        /// Minute of the night the heartbeat is sent.
        var minute: Int
    }

    struct Site {
        let site: Establishment
        /// The site's rank among the platforms: its units are numbered from `ordinal × 10 000`.
        let ordinal: Int
        let id: [UInt8]
        var random: SeededGenerator
        var pseudonyms: Pseudonyms
        var subscribers: [Subscriber] = []
        /// Indices in `subscribers` of those who have not left.
        var active: [Int] = []
        /// Communes of the département subscribers live in (by population to the power 0.5).
        let communes: [Int]
        let weights: [Double]
    }

    func generate() throws(DemoError) -> Generated {
        let calendar = context.calendar
        let reference = context.reference
        let byDepartement = Dictionary(grouping: reference.communes.indices, by: { reference.communes[$0].departement })
        var sites = context.organisation.sites(of: Self.line).enumerated().map { ordinal, site in
            let communes = byDepartement[reference.communes[site.commune].departement] ?? [site.commune]
            var state = Site(site: site, ordinal: ordinal, id: ExportText.windows1252(site.id), random: stream(site), pseudonyms: people("A", site),
                             communes: communes,
                             weights: cumulative(communes.map { Double(max(reference.communes[$0].population, 1)).squareRoot() }))
            if site.openedOn < calendar.firstDay {
                for _ in 0..<(site.capacity * 92 / 100) { state.join(on: calendar.firstDay - 1 - state.random.below(5 * 365)) }
            }
            return state
        }
        let events = EventBytes(calendar: calendar)
        var generated = Generated()
        for month in 0..<calendar.months {
            let text = DemoCalendar.monthText(month)
            let file = try context.file(Self.line.code, "evenements-\(text).ndjson")
            var out = try ExportWriter(path: file.path, crlf: false)
            for s in sites.indices {
                var state = sites[s]
                let site = state.site
                for day in calendar.days(ofMonth: month) where day >= context.firstOpenDay(site) {
                    state.churn(day: day, context: context)
                    for i in state.active {
                        var subscriber = state.subscribers[i]
                        // The heartbeat, unless the unit is silent.
                        if subscriber.silentUntil < day && state.random.chance(1.0 / 400) { subscriber.silentUntil = day + state.random.below(8) }
                        if subscriber.silentUntil < day {
                            try events.write(subscriber, 0, day: day, second: subscriber.minute * 60 + state.random.below(60), to: &out)
                        }
                        subscriber.battery -= 3 + state.random.below(3)
                        if subscriber.battery < 150 {
                            try events.write(subscriber, 3, day: day, second: subscriber.minute * 60 + 30, to: &out)
                            subscriber.battery = 1000
                        }
                        // Calls, in the daytime mostly.
                        for _ in 0..<state.random.poisson(1.0 / 25) {
                            let second = (7 * 3600 + state.random.below(15 * 3600) + (state.random.chance(0.15) ? 12 * 3600 : 0)) % 86_400
                            let answer = max(5, Int(state.random.factor(sigma: 0.5) * 30))
                            try events.write(subscriber, 1, day: day, second: second, answer: (answer, state.random.pick(Self.outcomeWeights)), to: &out)
                        }
                        if subscriber.model == 1 && state.random.chance(1.0 / 400) {
                            let answer = max(5, Int(state.random.factor(sigma: 0.4) * 20))
                            try events.write(subscriber, 2, day: day, second: state.random.below(86_400), answer: (answer, 2 + state.random.below(2)), to: &out)
                        }
                        state.subscribers[i] = subscriber
                    }
                    if calendar.dayOfMonth[day] == 1 { generated.amounts.sell(state.active.count * Self.fee, site: site.index, month: month) }
                }
                if s == 0 && month == 22 {
                    // An upload cut off in the middle of an event.
                    let line = Array("{\"device\":\"TLA0000001\",\"type\":\"heartbeat\",\"at\":\"2024-11-".utf8)
                    try out.plant([line], table: "teleassistance_events", file: file.relative, reason: "JSON",
                                  description: "an event cut off in the middle (a truncated upload)", into: &generated.defects)
                }
                sites[s] = state
            }
            generated.rows += out.lines - generated.defects.count(where: { $0.file == file.relative })
            try out.finish()
            generated.files.append(file.relative)
        }
        // The subscribers, with the units they have.
        let file = try context.file(Self.line.code, "abonnes.csv")
        var out = try ExportWriter(path: file.path)
        try out.header(Self.header)
        let models = Self.models.map(ExportText.windows1252), ages = Self.ages.map(ExportText.windows1252)
        for state in sites {
            for subscriber in state.subscribers {
                out.bytes(state.id); out.separate()
                state.pseudonyms.write(subscriber.number, to: &out); out.separate()
                out.bytes(Array("TLA".utf8)); out.int(subscriber.device, width: 7); out.separate()
                out.bytes(models[subscriber.model]); out.separate()
                out.bytes(Array(reference.communes[subscriber.commune].code.utf8)); out.separate()
                out.bytes(ages[subscriber.age]); out.separate()
                out.date(days: subscriber.joined); out.separate()
                if let left = subscriber.left { out.date(days: left) }
                try out.endRow()
                generated.rows += 1
            }
        }
        try out.finish()
        generated.files.append(file.relative)
        return generated
    }
}

/// The bytes of the devices' events, made once: `{"device":"TLA0000123","type":"alarm","at":"2024-03-01T14:02:11Z",
/// "battery":87,"response_s":34,"outcome":"fausse alerte"}` (the last two for calls only).
struct EventBytes {
    let calendar: DemoCalendar
    let kinds = ["heartbeat", "alarm", "fall", "battery_low"].map { Array("\",\"type\":\"\($0)\",\"at\":\"".utf8) }
    let outcomes = TeleassistanceGenerator.outcomes.map { Array(",\"outcome\":".utf8) + ExportText.json($0) }
    let device = Array("{\"device\":\"TLA".utf8), battery = Array("Z\",\"battery\":".utf8), response = Array(",\"response_s\":".utf8)

    /// Writes one event of `subscriber`'s unit: `kind` indexes `kinds`, `second` is the time of day, `answer` the
    /// seconds to answer a call and its outcome.
    func write(_ subscriber: TeleassistanceGenerator.Subscriber, _ kind: Int, day: Int, second: Int, answer: (Int, Int)? = nil,
               to out: inout ExportWriter) throws(DemoError) {
        out.bytes(device); out.int(subscriber.device, width: 7)
        out.bytes(kinds[kind]); out.slice(calendar.iso, day, width: 10); out.byte(UInt8(ascii: "T"))
        out.int(second / 3600, width: 2); out.byte(UInt8(ascii: ":")); out.int(second / 60 % 60, width: 2)
        out.byte(UInt8(ascii: ":")); out.int(second % 60, width: 2)
        out.bytes(battery); out.int(subscriber.battery / 10)
        if let (seconds, outcome) = answer {
            out.bytes(response); out.int(seconds)
            out.bytes(outcomes[outcome])
        }
        out.byte(UInt8(ascii: "}"))
        try out.endRow()
    }
}

extension TeleassistanceGenerator.Site {
    /// A new subscriber, joined on `day` (days since 1970-01-01).
    mutating func join(on day: Int) {
        active.append(subscribers.count)
        subscribers.append(TeleassistanceGenerator.Subscriber(
            number: pseudonyms.add(), device: ordinal * 10_000 + subscribers.count + 1, model: random.below(3),
            commune: communes[random.pick(weights)], age: random.pick(TeleassistanceGenerator.ageWeights), joined: day,
            battery: 200 + random.below(800), minute: 120 + random.below(180)))
    }

    /// Subscribers leave (about one in four a year) and new ones join, as the platform grows.
    mutating func churn(day: Int, context: DemoContext) {
        let today = context.calendar.firstDay + day
        var staying: [Int] = []
        for i in active {
            if random.chance(1.0 / 1_400) { subscribers[i].left = today } else { staying.append(i) }
        }
        active = staying
        let target = Double(site.capacity) * 0.92 * context.intensity(site, day: day, august: 1)
        if Double(active.count) < target && random.chance(0.25) { join(on: today) }
    }
}
