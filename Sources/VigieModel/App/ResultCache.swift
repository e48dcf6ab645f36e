// The recent answers of a loaded app, as Qlik's engine keeps them: an
// object's data or a filter pane's states under one selection, for one
// user's rights and language, computed once and then read back. Clicking
// back, opening a link someone sent, or many users of one structure on the
// same sheet cost a lookup. The cache belongs to one loaded version of the
// app (a reload starts an empty one), holds a bounded number of answers,
// forgets the least recently used, and keys each answer by the day too, so
// that a measure reading today() is computed again the next day.

import Foundation
import Synchronization
import VigieEngine
import VigieExpressions

final class ResultCache: Sendable {
    struct Key: Hashable {
        /// What was asked: an object (its whole definition) or a list of fields.
        var question: String
        var selection: Selection
        var rights: Rights
        var language: String
        var day: Int
    }

    enum Answer {
        case data(ObjectData)
        case states([[FieldValueState]])
    }

    private struct Entries {
        var answers: [Key: (answer: Answer, used: Int)] = [:]
        var clock = 0
    }

    private let entries = Mutex(Entries())
    /// The most answers kept.
    let capacity: Int

    init(capacity: Int = 2048) { self.capacity = capacity }

    static func key(_ question: String, _ selection: Selection, _ rights: Rights, language: ValueFormat.Language? = nil) -> Key {
        Key(question: question, selection: selection, rights: rights, language: language?.rawValue ?? "",
            day: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// The answer kept for `key`, or `compute`'s (kept unless it throws).
    func answer(_ key: Key, _ compute: () throws(EngineError) -> Answer) throws(EngineError) -> Answer {
        let kept: Answer? = entries.withLock { e in
            guard let found = e.answers[key] else { return nil }
            e.clock += 1
            e.answers[key]?.used = e.clock
            return found.answer
        }
        if let kept { return kept }
        let answer = try compute()
        entries.withLock { e in
            e.clock += 1
            e.answers[key] = (answer, e.clock)
            if e.answers.count > capacity {
                // Forget the least recently used half at once, so that eviction costs little per answer.
                let threshold = e.answers.values.map(\.used).sorted()[e.answers.count / 2]
                e.answers = e.answers.filter { $0.value.used > threshold }
            }
        }
        return answer
    }

    /// How many answers are kept.
    var count: Int { entries.withLock { $0.answers.count } }
}
