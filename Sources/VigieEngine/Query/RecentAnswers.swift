// A bounded memory of recent answers, shared by threads: the model's
// propagations and an app's object data keep what they computed last, by
// what was asked, and forget the least recently used once full.

import Synchronization

/// Answers by question, at most `capacity` of them; the least recently used half is forgotten when it is exceeded, so
/// that forgetting costs little per answer.
public final class RecentAnswers<Question: Hashable & Sendable, Answer: Sendable>: Sendable {
    private struct Entries {
        var answers: [Question: (answer: Answer, used: Int)] = [:]
        var clock = 0
    }

    private let entries = Mutex(Entries())
    public let capacity: Int

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// The answer kept for `question`, or `compute`'s, kept unless it throws. Two threads asking the same new question
    /// at once may both compute it.
    public func answer<E: Error>(_ question: Question, _ compute: () throws(E) -> Answer) throws(E) -> Answer {
        let kept: Answer? = entries.withLock { e in
            guard let found = e.answers[question] else { return nil }
            e.clock += 1
            e.answers[question]?.used = e.clock
            return found.answer
        }
        if let kept { return kept }
        let answer = try compute()
        entries.withLock { e in
            e.clock += 1
            e.answers[question] = (answer, e.clock)
            if e.answers.count > capacity {
                let threshold = e.answers.values.map(\.used).sorted()[e.answers.count / 2]
                e.answers = e.answers.filter { $0.value.used > threshold }
            }
        }
        return answer
    }

    /// How many answers are kept.
    public var count: Int { entries.withLock { $0.answers.count } }
}
