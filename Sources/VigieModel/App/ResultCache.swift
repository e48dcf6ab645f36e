// The recent answers of a loaded app, as Qlik's engine keeps them: an
// object's data or a filter pane's states under one selection, for one
// user's rights and language, computed once and then read back. Clicking
// back, opening a link someone sent, or many users of one structure on the
// same sheet cost a lookup. The cache belongs to one loaded version of the
// app (a reload starts an empty one), holds a bounded number of answers,
// forgets the least recently used, and keys each answer by the day too, so
// that a measure reading today() is computed again the next day.

import Foundation
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

    private let answers: RecentAnswers<Key, Answer>

    init(capacity: Int = 2048) { answers = RecentAnswers(capacity: capacity) }

    static func key(_ question: String, _ selection: Selection, _ rights: Rights, language: ValueFormat.Language? = nil) -> Key {
        Key(question: question, selection: selection, rights: rights, language: language?.rawValue ?? "",
            day: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down)))
    }

    /// The answer kept for `key`, or `compute`'s (kept unless it throws).
    func answer(_ key: Key, _ compute: () throws(EngineError) -> Answer) throws(EngineError) -> Answer { try answers.answer(key, compute) }

    /// How many answers are kept.
    var count: Int { answers.count }
}
